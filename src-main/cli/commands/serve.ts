/**
 * `ecg-tlc serve [--port N] [--db FILE] [--open]`: the workstation in a browser, for machines without the
 * desktop app. Listens on 127.0.0.1 only and prints the address with its per-launch token; runs until Ctrl+C.
 */
import { spawn } from 'node:child_process';
import { InvalidArgumentError, type Command } from 'commander';
import { launchApi } from '../../api/launch.js';
import { findAppRoot, rendererRoot } from '../../api/services/app-root.js';
import { startHost, type Host } from '../../host/server.js';

export interface ServeOptions {
  port?: number;
  db?: string;
  open?: boolean;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('the port must be a whole number from 0 to 65535 (0: any free port)');
  return n;
}

/** The platform's "open this URL" command; a failure only costs the convenience. */
function openInBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(cmd as string, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => console.error(`Could not open a browser (${cmd as string} failed); open the address above yourself.`));
  child.unref();
}

/** Starts the host and returns it with the function that stops it and closes the archive. */
export async function startServing(options: ServeOptions): Promise<{ host: Host; stop(): Promise<void> }> {
  const launched = launchApi(options.db !== undefined ? { dbPath: options.db } : {});
  try {
    const renderer = rendererRoot(findAppRoot());
    const host = await startHost({ api: launched.api, root: renderer.dir, port: options.port ?? 0 });
    const studies = launched.archive.studies.count();
    console.log(`ECG TLC Workstation is served at:\n\n  ${host.url}\n`);
    console.log(`Archive:  ${launched.info.dbPath} (${studies} ${studies === 1 ? 'study' : 'studies'})`);
    if (!renderer.built) console.log('Interface: the minimal page (the full interface is not built yet: npm run build)');
    console.log('Only this computer can connect (127.0.0.1), and only with the token in the address. Ctrl+C stops.');
    if (options.open) openInBrowser(host.url);
    return {
      host,
      async stop() {
        await host.close();
        launched.close();
      },
    };
  } catch (e) {
    launched.close();
    throw e;
  }
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the workstation to your browser on 127.0.0.1 (when the desktop app is not installed)')
    .option('--port <n>', 'port to listen on (default: any free port)', parsePort)
    .option('--db <file>', 'archive database to open (default: the one in the settings)')
    .option('--open', 'open the address in the default browser')
    .action(async (options: ServeOptions) => {
      const serving = await startServing(options);
      await new Promise<void>((stopped) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          stopped();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      console.log('Stopping.');
      await serving.stop();
    });
}
