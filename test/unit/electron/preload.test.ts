/**
 * The preload, compiled as tsc compiles it (preload.cts → CommonJS) and run the way Electron's sandbox runs a
 * preload: a function of (require, exports, module) whose require knows only 'electron'. Checks the bridge it
 * exposes: invoke goes out on ecg:invoke and unwraps the reply, on filters ecg:event and unsubscribes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../../src-main/api/contract/bridge.js';
import { REPO_ROOT } from '../../helpers/shared.js';

const SOURCE = join(REPO_ROOT, 'src-main', 'electron', 'preload.cts');

type Listener = (event: unknown, msg: unknown) => void;

function loadPreload(reply: (channel: string, ...args: unknown[]) => unknown) {
  const { outputText } = ts.transpileModule(readFileSync(SOURCE, 'utf8'), {
    fileName: SOURCE,
    compilerOptions: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const exposed: Record<string, unknown> = {};
  const listeners = new Map<string, Set<Listener>>();
  const invoked: unknown[][] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push([channel, ...args]);
        return reply(channel, ...args);
      },
      on: (channel: string, l: Listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
      removeListener: (channel: string, l: Listener) => listeners.get(channel)?.delete(l),
    },
  };
  const required: string[] = [];
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`module not found: ${name}`);
    return electron;
  };
  const exports = {};
  runInNewContext(`(function (require, exports, module) {${outputText}\n})`, {})(sandboxRequire, exports, { exports });
  const emit = (msg: unknown) => listeners.get(IPC_EVENT)?.forEach((l) => l({}, msg));
  return { outputText, exposed, invoked, required, emit, listeners };
}

describe('preload', () => {
  it('compiles to CommonJS that requires only electron', () => {
    const p = loadPreload(() => ({ result: null }));
    expect(p.outputText).toContain('require("electron")');
    expect(p.outputText).not.toMatch(/^\s*(import|export)\s/m);
    expect(p.required).toEqual(['electron']);
    expect(Object.keys(p.exposed)).toEqual(['ecg']);
  });

  it('uses the channel names of the contract', () => {
    const text = readFileSync(SOURCE, 'utf8');
    expect(text).toContain(`const INVOKE = '${IPC_INVOKE}'`);
    expect(text).toContain(`const EVENT = '${IPC_EVENT}'`);
  });

  it('invoke sends method and args on ecg:invoke and resolves with the result or rejects with the coded error', async () => {
    const p = loadPreload((_c, method) =>
      method === 'getStudy' ? { error: { code: 'not-found', message: 'study 9 is not in the archive' } } : { result: { version: '1.2.3' } },
    );
    const ecg = p.exposed.ecg as { invoke(m: string, a: unknown): Promise<unknown> };
    await expect(ecg.invoke('getAppInfo', {})).resolves.toEqual({ version: '1.2.3' });
    await expect(ecg.invoke('getStudy', { id: 9 })).rejects.toThrow('[not-found] study 9 is not in the archive');
    expect(p.invoked).toEqual([
      [IPC_INVOKE, 'getAppInfo', {}],
      [IPC_INVOKE, 'getStudy', { id: 9 }],
    ]);
  });

  it('on delivers only the named event and unsubscribes', () => {
    const p = loadPreload(() => ({ result: null }));
    const ecg = p.exposed.ecg as { on(e: string, l: (d: unknown) => void): () => void };
    const got: unknown[] = [];
    const off = ecg.on('import:progress', (d) => got.push(d));
    p.emit({ event: 'import:progress', data: { done: 1 } });
    p.emit({ event: 'analysis:progress', data: { done: 2 } });
    p.emit(null);
    off();
    p.emit({ event: 'import:progress', data: { done: 3 } });
    expect(got).toEqual([{ done: 1 }]);
    expect(p.listeners.get(IPC_EVENT)?.size).toBe(0);
  });
});
