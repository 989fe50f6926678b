/** Hash routes, the worklist's virtual window, and the browser host's WebSocket bridge (over a stand-in socket). */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiSocketUrl, createWebSocketBridge, type SocketLike } from '../../../src-renderer/api/websocket-bridge.js';
import { errorText } from '../../../src-renderer/api/error-text.js';
import { pagesFor, scrollToShow, virtualWindow } from '../../../src-renderer/lib/worklist/virtual-window.js';

type RouterModule = typeof import('../../../src-renderer/state/router.svelte.js');

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Array<{ id: number; method: string; args: unknown }> = [];
  private readonly listeners = new Map<string, Array<(e: { data: unknown }) => void>>();
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  addEventListener(type: string, l: (e: { data: unknown }) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  emit(type: string, data?: unknown) {
    if (type === 'open') this.readyState = 1;
    for (const l of this.listeners.get(type) ?? []) l({ data: typeof data === 'string' ? data : JSON.stringify(data) });
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('routes', () => {
  let r: RouterModule;
  beforeAll(async () => {
    r = (await import('../../../src-renderer/state/router.svelte.js')) as unknown as RouterModule;
  });

  it('reads and writes hashes, defaulting to the worklist', () => {
    expect(r.parseRoute('#/study/42')).toEqual({ name: 'study', id: 42 });
    expect(r.parseRoute('#/import')).toEqual({ name: 'import' });
    expect(r.parseRoute('')).toEqual({ name: 'worklist' });
    expect(r.parseRoute('#/study/abc')).toEqual({ name: 'worklist' });
    expect(r.routeHash({ name: 'study', id: 7 })).toBe('#/study/7');
    expect(r.parseRoute('#/cohort')).toEqual({ name: 'cohort' });
    expect(r.parseRoute('#/compare/3/9')).toEqual({ name: 'compare', a: 3, b: 9 });
    expect(r.parseRoute('#/compare/3')).toEqual({ name: 'worklist' });
    expect(r.routeHash({ name: 'compare', a: 3, b: 9 })).toBe('#/compare/3/9');
    const router = new r.Router('#/settings');
    router.sync('#/study/3');
    expect(router.route).toEqual({ name: 'study', id: 3 });
  });
});

describe('virtual window', () => {
  it('renders the rows in view plus an overscan, whatever the list length', () => {
    expect(virtualWindow(0, 300, 30, 100_000)).toEqual({ first: 0, end: 18, offset: 0 });
    const w = virtualWindow(30 * 50_000, 300, 30, 100_000);
    expect(w).toEqual({ first: 49_992, end: 50_018, offset: 49_992 * 30 });
    expect(virtualWindow(30 * 99_999, 300, 30, 100_000).end).toBe(100_000);
    expect(virtualWindow(0, 300, 30, 0)).toEqual({ first: 0, end: 0, offset: 0 });
  });

  it('scrolls just enough to show a row, and names the pages rows fall on', () => {
    expect(scrollToShow(5, 0, 300, 30)).toBeUndefined();
    expect(scrollToShow(10, 0, 300, 30)).toBe(30);
    expect(scrollToShow(2, 300, 300, 30)).toBe(60);
    expect(pagesFor(95, 205, 100)).toEqual([0, 1, 2]);
    expect(pagesFor(5, 5, 100)).toEqual([]);
  });
});

describe('WebSocket bridge', () => {
  it('puts the launch token in the socket address', () => {
    expect(apiSocketUrl({ protocol: 'http:', host: '127.0.0.1:5000', search: '?token=a%2Bb%2Fc' })).toBe('ws://127.0.0.1:5000/api?token=a%2Bb%2Fc');
  });

  it('sends after the socket opens, pairs replies by id, and rejects errors with their code', async () => {
    const s = new FakeSocket();
    const bridge = createWebSocketBridge(s);
    const info = bridge.invoke('getAppInfo', {});
    const study = bridge.invoke('getStudy', { id: 9 });
    await flush();
    expect(s.sent).toEqual([]);
    s.emit('open');
    await flush();
    expect(s.sent.map((m) => m.method)).toEqual(['getAppInfo', 'getStudy']);
    s.emit('message', { id: s.sent[1]!.id, error: { code: 'not-found', message: 'study 9 is not in the archive' } });
    s.emit('message', { id: s.sent[0]!.id, result: { version: '1' } });
    await expect(info).resolves.toEqual({ version: '1' });
    const err = await study.catch((e: unknown) => e);
    expect(errorText(err)).toEqual({ code: 'not-found', message: 'study 9 is not in the archive' });
  });

  it('delivers pushed events to subscribers until they unsubscribe', () => {
    const s = new FakeSocket();
    const bridge = createWebSocketBridge(s);
    const seen: unknown[] = [];
    const off = bridge.on('import:progress', (p) => seen.push(p.done));
    s.emit('message', { event: 'import:progress', data: { done: 1 } });
    off();
    s.emit('message', { event: 'import:progress', data: { done: 2 } });
    expect(seen).toEqual([1]);
  });

  it('fails pending and later calls when the host goes away, and says so once', async () => {
    const s = new FakeSocket();
    const reasons: string[] = [];
    const bridge = createWebSocketBridge(s, (r) => reasons.push(r));
    s.emit('open');
    const pending = bridge.invoke('listStudies', {});
    await flush();
    s.emit('close');
    await expect(pending).rejects.toThrow(/^\[unavailable\]/);
    await expect(bridge.invoke('getAppInfo', {})).rejects.toThrow(/^\[unavailable\]/);
    expect(reasons).toHaveLength(1);
  });
});
