/**
 * The house's import direction (STYLE.md §1, DESIGN.md §1): data flows files → records → store → analysis → views.
 * Each src-main folder may import only the folders listed for it; the renderer only the API contract.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

const ALLOWED: Record<string, string[]> = {
  ecg: [],
  formats: ['ecg'],
  model: ['ecg'],
  explain: ['ecg', 'model'],
  report: ['ecg', 'model', 'explain'],
  store: ['ecg', 'formats', 'model', 'explain'],
  analysis: ['ecg', 'formats', 'model', 'explain', 'store'],
  api: ['ecg', 'formats', 'model', 'explain', 'report', 'store', 'analysis'],
  electron: ['ecg', 'formats', 'model', 'explain', 'report', 'store', 'analysis', 'api'],
  host: ['ecg', 'formats', 'model', 'explain', 'report', 'store', 'analysis', 'api'],
  cli: ['ecg', 'formats', 'model', 'explain', 'report', 'store', 'analysis', 'api', 'host'],
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.(ts|cts|mts|svelte)$/.test(name) ? [p] : [];
  });
}

// `import x from '…'`, `export … from '…'`, bare `import '…'` and dynamic `import('…')`
const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g;

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2];
    if (spec?.startsWith('.')) out.push(resolve(dirname(file), spec));
  }
  return out;
}

describe('layering', () => {
  const srcMain = join(REPO_ROOT, 'src-main');

  it('src-main folders import only in the allowed direction', () => {
    const violations: string[] = [];
    for (const file of walk(srcMain)) {
      const layer = relative(srcMain, file).split(sep)[0]!;
      const allowed = new Set([layer, ...(ALLOWED[layer] ?? [])]);
      if (!(layer in ALLOWED)) violations.push(`${relative(REPO_ROOT, file)}: folder "${layer}" has no layering rule`);
      for (const target of relativeImports(file)) {
        const rel = relative(srcMain, target);
        if (rel.startsWith('..')) continue; // package.json and the like
        const to = rel.split(sep)[0]!;
        if (!allowed.has(to)) violations.push(`${relative(REPO_ROOT, file)} imports ${to}/ (allowed: ${[...allowed].join(', ')})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the renderer imports nothing from src-main but the API contract', () => {
    const renderer = join(REPO_ROOT, 'src-renderer');
    let files: string[] = [];
    try { files = walk(renderer); } catch { return; }
    const violations = files.flatMap((file) =>
      relativeImports(file)
        .filter((t) => t.startsWith(srcMain + sep) && !relative(srcMain, t).startsWith(join('api', 'contract')))
        .map((t) => `${relative(REPO_ROOT, file)} imports ${relative(REPO_ROOT, t)}`),
    );
    expect(violations).toEqual([]);
  });
});
