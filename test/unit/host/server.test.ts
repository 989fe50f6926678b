/**
 * The browser host over real sockets: loopback only, the page with its CSP, no path traversal, and the
 * WebSocket API refusing a wrong token, a foreign Origin and an oversized message while answering real calls
 * over a temporary archive.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type Host } from '../../../src-main/host/server.js';
import { REPO_ROOT, fixture, hasShared } from '../../helpers/shared.js';
import { tempApi, type TempApi } from '../api/temp-api.js';

const ROOT = join(REPO_ROOT, 'resources', 'host-page');

let t: TempApi;
let host: Host;
beforeAll(async () => {
  t = tempApi();
  host = await startHost({ api: t.api, root: ROOT, maxMessageBytes: 64 * 1024 });
});
afterAll(async () => {
  await host.close();
  t.dispose();
});

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request: the path goes out exactly as written (no client-side normalisation of `..`). */
function get(path: string, options: { method?: string; hostHeader?: string } = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: { host: options.hostHeader ?? `127.0.0.1:${host.port}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function canConnect(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: address, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Opens the API socket; resolves with the socket, or with the HTTP status that refused it. */
function openSocket(query: string, origin?: string): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api${query}`, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', reject);
  });
}

async function apiSocket(): Promise<WebSocket> {
  const ws = await openSocket(`?token=${host.token}`, host.origin);
  if (typeof ws === 'number') throw new Error(`refused with ${ws}`);
  return ws;
}

/** Sends one request and resolves with the reply carrying its id. */
function call(ws: WebSocket, id: number, method: string, args?: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as Record<string, unknown>;
      if (msg.id !== id) return;
      ws.off('message', onMessage);
      resolve(msg);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, args }));
  });
}

describe('browser host: network', () => {
  it('listens on 127.0.0.1 only and prints a tokened address', async () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
    expect(await canConnect('127.0.0.1', host.port)).toBe(true);
    expect(await canConnect('::1', host.port)).toBe(false);
    const external = Object.values(networkInterfaces()).flat().filter((i) => i && !i.internal && i.family === 'IPv4');
    for (const i of external) expect(await canConnect(i!.address, host.port), i!.address).toBe(false);
  });

  it('gives a new token to each launch', async () => {
    const other = await startHost({ api: t.api, root: ROOT });
    try {
      expect(other.token).not.toBe(host.token);
      expect(other.port).not.toBe(host.port);
    } finally {
      await other.close();
    }
  });
});

describe('browser host: pages', () => {
  it('serves the page with a CSP that allows only our scripts and our API socket', async () => {
    const page = await get('/?token=x');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>ECG TLC Workstation</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`connect-src ws://127.0.0.1:${host.port}/api`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const script = await get('/host-page.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it.each(['/../../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/%2E%2E%5C%2E%2E%5Cpackage.json'])(
    'refuses the traversal %s',
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.body).not.toContain('ecg-tlc-workstation');
    },
  );

  it('answers an absolute path from inside the root only', async () => {
    const res = await get(join(REPO_ROOT, 'package.json'));
    expect(res.status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding), other methods, and plain HTTP on /api', async () => {
    expect((await get('/', { hostHeader: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get('/', { hostHeader: `localhost:${host.port}` })).status).toBe(403);
    expect((await get('/', { method: 'POST' })).status).toBe(405);
    expect((await get('/api')).status).toBe(426);
    expect((await get('/nothing.js')).status).toBe(404);
  });
});

describe('browser host: API socket', () => {
  it('refuses a wrong or missing token and a foreign or missing Origin', async () => {
    expect(await openSocket(`?token=${host.token}x`, host.origin)).toBe(403);
    expect(await openSocket('', host.origin)).toBe(403);
    expect(await openSocket(`?token=${host.token}`, 'http://evil.example')).toBe(403);
    expect(await openSocket(`?token=${host.token}`, `http://localhost:${host.port}`)).toBe(403);
    expect(await openSocket(`?token=${host.token}`)).toBe(403);
    const elsewhere = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/other?token=${host.token}`, { origin: host.origin });
      ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
    });
    expect(elsewhere).toBe(404);
  });

  it('answers calls with their ids: app info, the study count, argument errors', async () => {
    const ws = await apiSocket();
    try {
      const [info, page, bad, junk] = await Promise.all([
        call(ws, 1, 'getAppInfo', {}),
        call(ws, 2, 'listStudies', { limit: 1 }),
        call(ws, 3, 'getStudy', { id: 'one' }),
        call(ws, 4, 'no-such-method'),
      ]);
      expect(info).toEqual({ id: 1, result: expect.objectContaining({ name: 'ECG TLC Workstation', dbPath: t.info.dbPath }) });
      expect(page).toEqual({ id: 2, result: { items: [], total: 0, offset: 0 } });
      expect(bad).toMatchObject({ id: 3, error: { code: 'invalid-arguments', message: expect.stringContaining('expected number') } });
      expect(junk).toMatchObject({ id: 4, error: { code: 'unknown-method' } });
    } finally {
      ws.close();
    }
  });

  it('closes the socket on a message over the size limit', async () => {
    const ws = await apiSocket();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ id: 1, method: 'inspectFile', args: { path: 'x'.repeat(70 * 1024) } }));
    expect(await closed).toBe(1009);
  });

  it.skipIf(!hasShared('fixtures', 'scp'))('pushes import progress events and the count follows', async () => {
    const ws = await apiSocket();
    try {
      const events: Array<{ event: string; data: { jobId: string; done: number } }> = [];
      ws.on('message', (d) => {
        const msg = JSON.parse(d.toString());
        if ('event' in msg) events.push(msg);
      });
      const reply = await call(ws, 10, 'importPaths', { paths: [fixture('scp', 'Example.scp')], jobId: 'ws-job' });
      expect(reply).toMatchObject({ id: 10, result: { imported: 1, jobId: 'ws-job' } });
      expect(events.map((e) => e.event)).toEqual(['import:progress', 'import:progress']);
      expect(events.at(-1)!.data).toMatchObject({ jobId: 'ws-job', done: 1, total: 1 });
      expect(await call(ws, 11, 'listStudies', {})).toMatchObject({ result: { total: 1 } });
    } finally {
      ws.close();
    }
  });
});
