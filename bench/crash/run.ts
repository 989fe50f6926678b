/**
 * Crash safety, proven by killing: `npx tsx bench/crash/run.ts [--kills 20] [--seed N] [--quick]`.
 * Imports the CinC (144) and LUDB (200) records with SIGKILLs at random points, then analyses them the same way,
 * printing one row per kill; exits 1 on any violation. --quick imports the CinC records only.
 */
import { defaultModelDir } from '../../src-main/model/default-model.js';
import { sharedDir } from '../lib/shared.js';
import { crashLoop, type KillRow } from './loop.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a whole number`);
  return v;
}

const kills = arg('--kills', 20);
const seed = arg('--seed', 1);
const quick = process.argv.includes('--quick');
const importFolders = quick ? [sharedDir('data', 'cinc')] : [sharedDir('data', 'cinc'), sharedDir('data', 'ludb', 'data')];

console.log(`crash loop: ${kills} kills per phase, seed ${seed}, ${importFolders.join(' + ')}`);
console.log('| phase   | kill | ms after ready | outcome  | stored after | checks |');
console.log('|---------|-----:|---------------:|----------|-------------:|--------|');
const row = (r: KillRow) =>
  console.log(`| ${r.phase.padEnd(7)} | ${String(r.kill).padStart(4)} | ${String(r.delayMs).padStart(14)} | ${(r.finished ? 'finished' : 'SIGKILL').padEnd(8)} | ${String(r.stored).padStart(12)} | ${r.violations.length ? r.violations.join('; ') : 'ok'} |`);

const t0 = performance.now();
const r = await crashLoop({ kills, seed, importFolders, modelDir: defaultModelDir(), onRow: row });
const killed = (p: string) => r.rows.filter((x) => x.phase === p && !x.finished).length;
const bad = r.rows.filter((x) => x.violations.length).length + r.final.length;
console.log(`\nuninterrupted import ${(r.importMs / 1000).toFixed(1)} s (${r.goodFiles} studies), analysis ${(r.analyzeMs / 1000).toFixed(1)} s`);
console.log(`SIGKILLs landed: import ${killed('import')}/${kills}, analyze ${killed('analyze')}/${kills}`);
console.log(`final checks: ${r.final.length ? r.final.join('; ') : 'ok (each file stored once, each study one analysis)'}`);
console.log(`${bad ? 'FAIL' : 'PASS'}: ${bad} violation(s) in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
process.exit(bad ? 1 : 0);
