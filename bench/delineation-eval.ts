/**
 * Validation of the delineator on all 200 LUDB records: `npx tsx bench/delineation-eval.ts [ludb data dir]`.
 * Prints, per wave, sensitivity, positive predictive value (peaks within 50 ms, one-to-one, inside each lead's
 * annotated span) and the onset/offset errors (ms, detected − annotated, mean ± sd over matched waves), for
 * (a) the global multi-lead delineation against lead II's annotations, (b) the same without the 9 paced
 * records and (c) every lead's own marks against that lead's annotations, pooled over the 12 leads;
 * then the agreement of the frontal axis with LUDB's axis classes.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateLudb, LUDB_PACED, summaries } from './ludb.js';
import { WAVE_KINDS, type Tallies } from '../src-main/ecg/delineate-eval.js';
import { median } from '../src-main/ecg/rpeaks.js';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.argv[2] ?? resolve(process.env.ECG_TLC_SHARED ?? resolve(here, '..', '..', 'shared'), 'data', 'ludb', 'data');

const started = performance.now();
const ev = evaluateLudb(dataDir);
const seconds = (performance.now() - started) / 1000;

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
function table(title: string, t: Tallies): void {
  const s = summaries(t);
  console.log(`\n${title}`);
  console.log('| wave | annotated | Se % | PPV % | onset error ms | offset error ms |');
  console.log('|------|----------:|-----:|------:|---------------:|----------------:|');
  for (const k of WAVE_KINDS) {
    const w = s[k];
    console.log(`| ${k.toUpperCase().padEnd(4)} | ${String(w.n).padStart(9)} | ${f1(w.se).padStart(4)} | ${f1(w.ppv).padStart(5)} | ${`${f1(w.on.mean)} ± ${f1(w.on.sd)}`.padStart(14)} | ${`${f1(w.off.mean)} ± ${f1(w.off.sd)}`.padStart(15)} |`);
  }
}

console.log(`LUDB delineation: ${ev.records} records from ${dataDir} in ${seconds.toFixed(1)} s`);
console.log('Match: detected peak within 50 ms of the annotated peak (one-to-one, closest first), only inside each lead\'s annotated span.');
table('(a) global delineation vs lead II annotations, all records', ev.global);
table(`(b) global delineation vs lead II annotations, without paced records ${LUDB_PACED.join(', ')}`, ev.globalUnpaced);
table('(c) per-lead delineation vs that lead\'s annotations, 12 leads pooled', ev.perLead);
console.log('\nfrontal QRS axis by LUDB axis class: median (range) in degrees');
for (const [cls, v] of Object.entries(ev.axis.byClass).sort((a, b) => median(a[1]) - median(b[1]))) {
  console.log(`  ${cls.padEnd(21)} n ${String(v.length).padStart(3)}  median ${f1(median(v)).padStart(6)}  (${f1(Math.min(...v))} … ${f1(Math.max(...v))})`);
}
console.log(`frontal QRS axis in LUDB's class (normal 30–69°, horizontal 0–29°, vertical 70–90°, left < 0°, right > 90°): ${ev.axis.agree}/${ev.axis.total} (${f1((100 * ev.axis.agree) / Math.max(1, ev.axis.total))} %)`);
