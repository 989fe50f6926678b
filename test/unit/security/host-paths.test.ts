/**
 * No path traversal through any file argument, proven through the real browser host (HTTP + WebSocket on
 * 127.0.0.1 over a temporary archive): every API method that takes a path refuses `../`, relative and
 * dot-segment paths before touching the disk; absolute paths reach the readers, which open regular files only
 * (a FIFO or /dev/zero is refused at once instead of blocking); the static files never leave the page folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type Host } from '../../../src-main/host/server.js';
import { REPO_ROOT } from '../../helpers/shared.js';
import { tempApi, type TempApi } from '../api/temp-api.js';

interface ErrorReply {
  code: string;
  message: string;
}
type Reply = { result: unknown } | { error: ErrorReply };

let t: TempApi;
let host: Host;
let ws: WebSocket;
let scratch: string;
const waiting = new Map<number, (r: Reply) => void>();
let nextId = 1;

/** One API call over the host's socket, answered by id. */
function call(method: string, args: unknown): Promise<Reply> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    ws.send(JSON.stringify({ id, method, args }));
  });
}

async function refusal(method: string, args: unknown): Promise<ErrorReply> {
  const reply = await call(method, args);
  if (!('error' in reply)) throw new Error(`${method} answered ${JSON.stringify(reply.result).slice(0, 200)}`);
  return reply.error;
}

function httpStatus(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers: { host: `127.0.0.1:${host.port}` } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  t = tempApi();
  host = await startHost({ api: t.api, root: join(REPO_ROOT, 'resources', 'host-page') });
  ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: host.origin });
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as { id?: number } & Reply;
    if (typeof msg.id === 'number') waiting.get(msg.id)?.(msg);
  });
  await new Promise((ready, fail) => ws.once('open', ready).once('error', fail));
  scratch = mkdtempSync(join(tmpdir(), 'ecg-tlc-paths-'));
});
afterAll(async () => {
  ws.close();
  await host.close();
  t.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

describe('API path arguments through the host', () => {
  it.each([
    ['inspectFile', { path: '../main/package.json' }],
    ['inspectFile', { path: 'package.json' }],
    ['inspectFile', { path: `${REPO_ROOT}/../main/package.json` }],
    ['inspectFile', { path: `${REPO_ROOT}/./package.json` }],
    ['inspectFile', { path: `${REPO_ROOT}/package.json\0.hea` }],
    ['importPaths', { paths: ['../../etc'] }],
    ['importPaths', { paths: [REPO_ROOT, `${REPO_ROOT}/..`] }],
    ['setSettings', { dbPath: `${REPO_ROOT}/../elsewhere.db` }],
  ])('%s refuses %j', async (method, args) => {
    const error = await refusal(method, args);
    expect(error.code).toBe('invalid-arguments');
    expect(error.message).toMatch(/must be absolute|must not contain|NUL/);
  });

  it('lets absolute paths reach the reader, which names the file it could not read', async () => {
    const error = await refusal('inspectFile', { path: join(REPO_ROOT, 'package.json') });
    expect(error).toMatchObject({ code: 'format', message: expect.stringContaining('not a supported ECG format') });
  });

  it.skipIf(process.platform === 'win32')('refuses devices and FIFOs without opening them (no hang)', async () => {
    const fifo = join(scratch, 'pipe.hea');
    execFileSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', fifo]) {
      await expect(refusal('inspectFile', { path })).resolves.toMatchObject({ code: 'format', message: `${path}: not a regular file` });
    }
  });

  it.skipIf(process.platform === 'win32')('walks a folder holding a FIFO and a symlink loop without hanging, reading each file once', async () => {
    const folder = join(scratch, 'import');
    mkdirSync(folder);
    execFileSync('mkfifo', [join(folder, 'pipe.hea')]);
    symlinkSync(folder, join(folder, 'loop'));
    writeFileSync(join(folder, 'notes.csv'), 'not an ecg\n');
    const reply = await call('importPaths', { paths: [folder] });
    expect(reply).toMatchObject({ result: { total: 1, imported: 0, failures: [{ path: join(folder, 'notes.csv') }] } });
  });

  it('keeps settings paths absolute and plain', async () => {
    const dbPath = join(scratch, 'other.db');
    await expect(call('setSettings', { dbPath })).resolves.toMatchObject({ result: { settings: { dbPath }, restartRequired: true } });
  });
});

describe('static files through the host', () => {
  // Climbing out is refused (400); an absolute file-system path is looked up under the page folder (404).
  const cases: Array<[string, number]> = [
    ['/../package.json', 400],
    ['/%2e%2e/package.json', 400],
    ['/..%2fpackage.json', 400],
    ['/%2e%2e%5cpackage.json', 400],
    ['/.%2e/.%2e/package.json', 400],
    [join(REPO_ROOT, 'package.json'), 404],
    [`/${encodeURIComponent(join(REPO_ROOT, 'package.json'))}`, 404],
    ['/etc/passwd', 404],
  ];

  it('never serves a file outside the page folder', async () => {
    const got = await Promise.all(cases.map(async ([path]) => [path, (await httpStatus(path)).status] as const));
    expect(got).toEqual(cases);
    for (const [path] of cases) expect((await httpStatus(path)).body, path).not.toMatch(/ecg-tlc-workstation|root:/);
  });
});
