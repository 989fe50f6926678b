/**
 * Mapping a request path onto a file under the renderer's root folder, for the browser host (http) and the
 * Electron app:// protocol alike. Anything that could leave the root is refused rather than normalised:
 * `..` or `.` segments (also when percent-encoded), backslashes, NUL, hidden files, and symbolic links that
 * resolve outside the root.
 */
import { realpathSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';

/** Content types of what a built renderer holds. */
export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup = { kind: 'file'; path: string } | { kind: 'refused' } | { kind: 'missing' };

/** `pathname` is the raw path of the request (before `?`), still percent-encoded. `/` means index.html. */
export function lookupStatic(root: string, pathname: string): StaticLookup {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'refused' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.') || /^[A-Za-z]:$/.test(s))) return { kind: 'refused' };
  const rootAbs = resolve(root);
  const target = resolve(rootAbs, ...(segments.length ? segments : ['index.html']));
  if (!target.startsWith(rootAbs + sep)) return { kind: 'refused' };
  let real: string;
  try {
    real = realpathSync(target);
    if (!statSync(real).isFile()) return { kind: 'missing' };
  } catch {
    return { kind: 'missing' };
  }
  if (!real.startsWith(realpathSync(rootAbs) + sep)) return { kind: 'refused' };
  return { kind: 'file', path: real };
}
