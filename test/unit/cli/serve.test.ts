/**
 * `ecg-tlc serve` end to end: it opens the archive named by --db, prints a tokened loopback address, serves the
 * page, answers the API over a real WebSocket client, and stops on SIGINT.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { runCli, startCli } from './capture-cli.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ecg-tlc-serve-'));
  process.env.ECG_TLC_DATA_DIR = join(tmp, 'data');
});
afterAll(() => {
  delete process.env.ECG_TLC_DATA_DIR;
  rmSync(tmp, { recursive: true, force: true });
});

function roundTrip(url: string, origin: string, method: string, args: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ id: 1, method, args })));
    ws.once('message', (d) => {
      ws.close();
      resolve(JSON.parse(d.toString()));
    });
  });
}

describe('ecg-tlc serve', () => {
  it('serves the archive named by --db on 127.0.0.1 with a token, until SIGINT', async () => {
    const db = join(tmp, 'served.db');
    const run = startCli('serve', '--port', '0', '--db', db);
    const address = await vi.waitFor(() => {
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)/.exec(run.output.out.join('\n'));
      if (!m) throw new Error('no address printed yet');
      return { port: Number(m[1]), token: m[2]! };
    });
    const origin = `http://127.0.0.1:${address.port}`;
    expect(run.output.out.join('\n')).toContain(`Archive:  ${db} (0 studies)`);
    expect(existsSync(db)).toBe(true);

    const page = await fetch(`${origin}/?token=${address.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>ECG TLC Workstation</title>');

    const api = `ws://127.0.0.1:${address.port}/api?token=${address.token}`;
    await expect(roundTrip(api, origin, 'getAppInfo', {})).resolves.toMatchObject({ id: 1, result: { dbPath: db, dataDir: join(tmp, 'data') } });
    await expect(roundTrip(api, origin, 'listStudies', { limit: 1 })).resolves.toEqual({ id: 1, result: { items: [], total: 0, offset: 0 } });

    process.emit('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.out).toContain('Stopping.');
    await expect(fetch(`${origin}/`)).rejects.toThrow();
  });

  it.each([['99999'], ['http'], ['-1']])('exits 2 on --port %s', async (port) => {
    const r = await runCli('serve', '--port', port);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the port must be a whole number from 0 to 65535');
  });
});
