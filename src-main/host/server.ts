/**
 * The browser host: the renderer's files and the API over one loopback port, for use without Electron.
 * It listens on 127.0.0.1 only (never a public interface) and answers only requests whose Host header names
 * that address, so a web page that rebinds its DNS name to 127.0.0.1 gets nothing. The printed address carries
 * a per-launch token the WebSocket must present.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Api } from '../api/create-api.js';
import { HARDENING_HEADERS, contentSecurityPolicy } from '../api/transport/csp.js';
import { MAX_REQUEST_BYTES } from '../api/transport/route.js';
import { contentType, lookupStatic } from '../api/transport/static-path.js';
import { createApiSocket } from './api-socket.js';
import { newToken } from './token.js';

export const LOOPBACK = '127.0.0.1';
export const DEFAULT_MAX_MESSAGE_BYTES = MAX_REQUEST_BYTES;

export interface HostOptions {
  api: Api;
  /** folder of renderer files (index.html at its top) */
  root: string;
  /** 0 (the default) lets the system pick a free port */
  port?: number;
  token?: string;
  /** largest WebSocket message accepted; a larger one closes the socket (code 1009) */
  maxMessageBytes?: number;
}

export interface Host {
  /** the address to open: http://127.0.0.1:PORT/?token=… */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...HARDENING_HEADERS, ...extra });
  res.end(text);
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, origin: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
  const pathname = (req.url ?? '/').split('?')[0]!;
  if (pathname === '/api') return plain(res, 426, 'Upgrade Required: /api is a WebSocket', { Upgrade: 'websocket' });
  const found = lookupStatic(root, pathname);
  if (found.kind === 'refused') return plain(res, 400, 'Bad Request: path not allowed');
  if (found.kind === 'missing') return plain(res, 404, 'Not Found');
  const body = await readFile(found.path);
  res.writeHead(200, {
    'Content-Type': contentType(found.path),
    'Content-Length': body.length,
    'Content-Security-Policy': contentSecurityPolicy(`${origin.replace(/^http/, 'ws')}/api`),
    ...HARDENING_HEADERS,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export async function startHost(options: HostOptions): Promise<Host> {
  const token = options.token ?? newToken();
  let origin = '';
  let hostHeader = '';
  const server = createServer((req, res) => {
    if (req.headers.host !== hostHeader) return plain(res, 403, `Forbidden: open ${origin}/ instead`);
    serveStatic(req, res, options.root, origin).catch((e: unknown) => {
      if (!res.headersSent) plain(res, 500, `Internal Server Error: ${e instanceof Error ? e.message : String(e)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      fail(e.code === 'EADDRINUSE' ? new Error(`port ${options.port} on ${LOOPBACK} is in use; choose another with --port`) : e),
    );
    server.listen(options.port ?? 0, LOOPBACK, () => ready());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${LOOPBACK}:${port}`;
  hostHeader = `${LOOPBACK}:${port}`;
  const sockets = createApiSocket({ api: options.api, origin, token, maxMessageBytes: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    if (req.headers.host !== hostHeader) return void socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
    sockets.handleUpgrade(req, socket, head);
  });
  return {
    url: `${origin}/?token=${encodeURIComponent(token)}`,
    origin,
    port,
    token,
    async close() {
      await sockets.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}
