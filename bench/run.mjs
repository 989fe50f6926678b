#!/usr/bin/env node
/**
 * `npm run bench [-- --quick] [-- SCENARIO…]`: runs the benchmark scenarios, prints one table and writes
 * bench/results.json.
 *
 * A scenario is a top-level bench/<name>.ts that reports through bench/lib/result.ts (a `Report` whose
 * `finish()` writes the file named by $BENCH_RESULT). Adding a scenario is adding such a file; other .ts files
 * here (libraries, stand-alone tools) are left alone. Each scenario runs in its own process (`node --import
 * tsx`), one after another, so none disturbs another's timings; `--quick` is passed on.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));

/** Scenario files: top-level .ts files that import the result protocol. */
function scenarios() {
  return readdirSync(here)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .filter((f) => /from\s+['"]\.\/lib\/result\.js['"]/.test(readFileSync(join(here, f), 'utf8')))
    .map((f) => f.slice(0, -3))
    .sort();
}

const available = scenarios();
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`bench: no scenario ${unknown.join(', ')} (scenarios: ${available.join(', ')})`);
  process.exit(2);
}
const selected = wanted.length ? wanted : available;

const tmp = mkdtempSync(join(tmpdir(), 'ecg-bench-results-'));
const results = [];
const failed = [];
for (const name of selected) {
  const out = join(tmp, `${name}.json`);
  console.error(`\n▶ ${name}${quick ? ' (quick)' : ''}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.ts`), ...(quick ? ['--quick'] : [])], {
    cwd: root,
    env: { ...process.env, BENCH_RESULT: out },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  try {
    if (run.status !== 0) throw new Error(`exited with ${run.status ?? run.signal}`);
    results.push(JSON.parse(readFileSync(out, 'utf8')));
    console.error(`  done in ${seconds} s`);
  } catch (e) {
    failed.push({ scenario: name, error: e instanceof Error ? e.message : String(e) });
    console.error(`  FAILED after ${seconds} s: ${e instanceof Error ? e.message : String(e)}`);
  }
}
rmSync(tmp, { recursive: true, force: true });

function number(v) {
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 100 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}

const rows = [['scenario', 'metric', 'value', 'unit', 'vs baseline', 'goal']];
for (const r of results) {
  for (const m of r.metrics) {
    rows.push([
      r.scenario,
      m.name,
      number(m.value),
      m.unit,
      m.baseline ? `${number(m.baseline.ratio)}× ${m.baseline.name.startsWith(`${m.name}: `) ? m.baseline.name.slice(m.name.length + 2) : m.baseline.name}` : '',
      m.goal ? `${m.goal} ${m.ok ? '✓' : '✗ not met'}` : '',
    ]);
  }
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
const line = (r) => r.map((cell, c) => (c === 2 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
console.log(`\n${line(rows[0])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
for (const r of rows.slice(1)) console.log(line(r));
const missed = results.flatMap((r) => r.metrics.filter((m) => m.goal && !m.ok).map((m) => `${r.scenario}: ${m.name}`));
if (missed.length) console.log(`\nGoals not met: ${missed.join('; ')}`);

const report = {
  generatedAt: new Date().toISOString(),
  quick,
  machine: {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
    node: process.version,
  },
  scenarios: results,
  failed,
};
writeFileSync(join(here, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nResults written to ${join('bench', 'results.json')}`);
if (failed.length) {
  console.error(`bench: ${failed.length} scenario(s) failed: ${failed.map((f) => f.scenario).join(', ')}`);
  process.exitCode = 1;
}
