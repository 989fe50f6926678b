/** lookupStatic: only files under the root come back; every way of climbing out is refused. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentType, lookupStatic } from '../../../../src-main/api/transport/static-path.js';

let base: string;
let root: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'ecg-tlc-static-'));
  root = join(base, 'root');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'assets', 'app.js'), 'export {}');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  writeFileSync(join(base, 'secret.txt'), 'outside');
  symlinkSync(join(base, 'secret.txt'), join(root, 'link.txt'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('lookupStatic', () => {
  it('finds files under the root, index.html for /', () => {
    expect(lookupStatic(root, '/')).toEqual({ kind: 'file', path: join(root, 'index.html') });
    expect(lookupStatic(root, '/assets/app.js')).toEqual({ kind: 'file', path: join(root, 'assets', 'app.js') });
    expect(lookupStatic(root, '/assets/%61pp.js')).toEqual({ kind: 'file', path: join(root, 'assets', 'app.js') });
    expect(lookupStatic(root, '/missing.js')).toEqual({ kind: 'missing' });
    expect(lookupStatic(root, '/assets')).toEqual({ kind: 'missing' });
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/./index.html',
    '/.env',
    '/index.html%00.png',
    '/%E0%A4%A',
    '/C:/Windows/win.ini',
    'index.html',
    '/link.txt',
  ])('refuses %s', (p) => {
    expect(lookupStatic(root, p)).toEqual({ kind: 'refused' });
  });

  it('looks an absolute file-system path up under the root, never at its real place', () => {
    expect(lookupStatic(root, join(base, 'secret.txt'))).toEqual({ kind: 'missing' });
    expect(lookupStatic(root, `/${encodeURIComponent(join(base, 'secret.txt'))}`)).toEqual({ kind: 'missing' });
  });

  it('knows the types a renderer build holds', () => {
    expect(contentType('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentType('x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentType('x.bin')).toBe('application/octet-stream');
  });
});
