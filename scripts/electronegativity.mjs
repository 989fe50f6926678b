#!/usr/bin/env node
/**
 * Runs @doyensec/electronegativity (Electron security anti-patterns) over the app's sources and fails on any
 * HIGH finding. npm test runs it through test/unit/security/electronegativity.test.ts; docs/SECURITY.md lists
 * every finding it reports and why each is accepted.
 *
 *   node scripts/electronegativity.mjs [--online] [--out DIR] [PATH ...]
 *
 * | option   | meaning                                                                                      |
 * |----------|----------------------------------------------------------------------------------------------|
 * | PATH     | files or folders to scan (default: src-main, src-renderer, resources/host-page, package.json) |
 * | --out    | where the tool's SARIF report and our findings.json go (default: a new temporary folder)      |
 * | --online | let the tool fetch its translations and Electron's release list (the security-fix check)      |
 *
 * Exit status: 0 no HIGH finding; 1 a HIGH finding or a file the tool could not parse (a file it never
 * checked); 2 bad usage or the package is not installed.
 *
 * Why the sources are staged in a temporary folder first: the tool parses .js/.ts/.html only, so preload.cts
 * becomes preload.cts.ts, and a .svelte component becomes a .ts file holding its <script> blocks at their own
 * line numbers (markup blanked), so every finding maps back to the original file and line.
 *
 * Why offline by default: the tool's only network uses are a translation file and GitHub's list of Electron
 * releases; machines without internet spend seconds in retries on each, and the release check's answer
 * changes with the day, not with our code. Offline, `got` is replaced by a stub before the tool loads.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PATHS = ['src-main', 'src-renderer', 'resources/host-page', 'package.json'];
const PACKAGE = '@doyensec/electronegativity';
/** Extensions the tool parses as they are, and those we rename or extract for it. */
const AS_IS = new Set(['.js', '.jsx', '.ts', '.tsx', '.html', '.htm']);
const RENAMED = new Map([['.cts', '.ts'], ['.mts', '.ts'], ['.cjs', '.js'], ['.mjs', '.js']]);
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git']);

function usage(message) {
  console.error(`${message}\nusage: node scripts/electronegativity.mjs [--online] [--out DIR] [PATH ...]`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { online: false, out: undefined, paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--online') options.online = true;
    else if (a === '--out') options.out = argv[++i] ?? usage('--out needs a folder');
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else options.paths.push(a);
  }
  if (options.paths.length === 0) options.paths = DEFAULT_PATHS.map((p) => join(ROOT, p));
  return options;
}

/** What a user would write for the file: relative to the repository when inside it. */
function display(file) {
  const rel = relative(ROOT, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

/** A .svelte file with everything outside <script> blanked, keeping every line where it was. */
function svelteScripts(text) {
  return text.replace(/(<script\b[^>]*>)([\s\S]*?)(<\/script>)|[^\n]/g, (m, open, body, close) =>
    body === undefined ? ' ' : open.replace(/[^\n]/g, ' ') + body + close.replace(/[^\n]/g, ' '),
  );
}

/** Copies what the tool can read into `stage`; returns staged path → original path. */
function stageSources(paths, stage) {
  const origin = new Map();
  const put = (file, stagedName, content) => {
    const rel = relative(ROOT, file);
    const inside = !rel.startsWith('..') && !isAbsolute(rel);
    const target = join(stage, inside ? dirname(rel) : join('external', dirname(file).replace(/^[A-Za-z]:/, '')), stagedName);
    mkdirSync(dirname(target), { recursive: true });
    if (content === undefined) copyFileSync(file, target);
    else writeFileSync(target, content);
    origin.set(target, file);
  };
  const visit = (file) => {
    const st = statSync(file);
    if (st.isDirectory()) {
      for (const name of readdirSync(file).sort()) if (!SKIPPED_DIRS.has(name)) visit(join(file, name));
      return;
    }
    const name = file.slice(dirname(file).length + 1);
    const ext = extname(name).toLowerCase();
    if (name === 'package.json' || AS_IS.has(ext)) put(file, name);
    else if (RENAMED.has(ext)) put(file, `${name}${RENAMED.get(ext)}`);
    else if (ext === '.svelte') put(file, `${name}.ts`, svelteScripts(readFileSync(file, 'utf8')));
  };
  for (const p of paths) {
    const abs = resolve(p);
    if (!existsSync(abs)) usage(`${p}: no such file or folder`);
    visit(abs);
  }
  return origin;
}

/** Offline: the tool's HTTP client answers "not found" at once instead of retrying against an unreachable host. */
function stubNetwork(requireFromTool) {
  const gotPath = requireFromTool.resolve('got');
  const offline = async () => ({ statusCode: 404, body: '', headers: {} });
  offline.head = offline;
  requireFromTool.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] };
}

function electronVersion() {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    return String(pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '').replace(/^[^\d]*/, '') || undefined;
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const requireHere = createRequire(join(ROOT, 'package.json'));
  let entry;
  try {
    entry = requireHere.resolve(PACKAGE);
  } catch {
    console.error(`${PACKAGE} is not installed (it is a devDependency: run npm install).`);
    process.exit(2);
  }
  const toolVersion = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')).version;
  const requireFromTool = createRequire(entry);
  // The tool reads translations for $LANG; a locale it does not know prints message keys instead of text.
  process.env.LANG = 'en-US';
  if (!options.online) stubNetwork(requireFromTool);
  const run = requireFromTool(entry);

  const out = resolve(options.out ?? mkdtempSync(join(tmpdir(), 'electronegativity-')));
  const stage = join(out, 'stage');
  // A reused --out folder must not scan copies left from an earlier run.
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const origin = stageSources(options.paths, stage);
  const version = electronVersion();

  const result = await (run.default ?? run)({
    input: stage,
    output: join(out, 'electronegativity.sarif'),
    isSarif: true,
    // The option is electronVersionOverride (the README's `electronVersion` is ignored by the runner).
    ...(version ? { electronVersionOverride: version } : {}),
    // The release check needs GitHub; offline it could only report that it failed.
    excludeFromScan: options.online ? [] : ['availablesecurityfixesglobalcheck'],
  });

  const original = (file) => (origin.has(file) ? display(origin.get(file)) : file);
  const findings = result.issues.map((i) => ({
    id: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: original(i.file),
    line: i.location.line,
    column: i.location.column,
    manualReview: Boolean(i.manualReview),
    sample: (i.sample ?? '').trim(),
    description: i.description,
    url: `https://github.com/doyensec/electronegativity/wiki/${i.id}`,
  }));
  const errors = result.errors.map((e) => ({ file: original(e.file), message: e.message, tolerable: e.tolerable }));
  writeFileSync(join(out, 'findings.json'), `${JSON.stringify({ toolVersion, electronVersion: version, online: options.online, scanned: [...origin.values()].map(display), findings, errors }, null, 2)}\n`);

  console.log(
    `electronegativity ${toolVersion}: ${result.globalChecks + result.atomicChecks} checks over ${origin.size} files, Electron ${version ?? 'unknown'}` +
      (options.online ? '' : ' (offline: Electron release check skipped; --online runs it)'),
  );
  for (const f of findings) {
    const where = f.file === 'N/A' ? '(whole app)' : `${f.file}:${f.line}:${f.column}`;
    console.log(`${f.severity.padEnd(13)} ${f.confidence.padEnd(9)} ${f.id.padEnd(34)} ${where}${f.manualReview ? '  [review]' : ''}`);
    if (f.sample) console.log(`${' '.repeat(24)}${f.sample.split('\n')[0].slice(0, 120)}`);
  }
  for (const e of errors) console.log(`${e.tolerable ? 'warning' : 'NOT PARSED'}: ${e.file}: ${e.message}`);
  console.log(`reports: ${join(out, 'findings.json')}, ${join(out, 'electronegativity.sarif')}`);

  const high = findings.filter((f) => f.severity === 'HIGH');
  const unparsed = errors.filter((e) => !e.tolerable);
  if (high.length || unparsed.length) {
    console.error(`FAILED: ${high.length} HIGH finding(s), ${unparsed.length} file(s) not parsed`);
    process.exitCode = 1;
  } else {
    console.log(`passed: no HIGH finding (${findings.length} finding(s) of lower severity, each explained in docs/SECURITY.md)`);
  }
}

await main();
