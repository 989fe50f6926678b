/**
 * The WebSocket side of the browser host: /api only, from our own origin only, with the launch token only.
 * Everything else is refused during the HTTP upgrade, before a socket exists. Each text frame is one request
 * {id, method, args}; replies carry the id; events are pushed to every open socket as {event, data}.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Api } from '../api/create-api.js';
import { routeMessage } from '../api/transport/route.js';
import { tokenMatches } from './token.js';

export interface ApiSocketOptions {
  api: Api;
  /** e.g. http://127.0.0.1:41234: the only Origin allowed to open the socket */
  origin: string;
  token: string;
  maxMessageBytes: number;
}

export interface ApiSocket {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`);
}

export function createApiSocket(options: ApiSocketOptions): ApiSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
  const clients = new Set<WebSocket>();

  const unsubscribe = options.api.events.onAny((event, data) => {
    const frame = JSON.stringify({ event, data });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.send(JSON.stringify({ id: null, error: { code: 'invalid-request', message: 'send JSON text frames, not binary' } }));
        return;
      }
      void routeMessage(options.api.dispatch, data.toString()).then((reply) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
      });
    });
  });

  return {
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', options.origin);
      if (url.pathname !== '/api') return refuse(socket, 404, 'Not Found');
      if (req.headers.origin !== options.origin) return refuse(socket, 403, 'Forbidden: foreign origin');
      if (!tokenMatches(url.searchParams.get('token'), options.token)) return refuse(socket, 403, 'Forbidden: wrong token');
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      return new Promise((done) => wss.close(() => done()));
    },
  };
}
