/**
 * LUDB (../shared/data/ludb) scored with our delineator, for bench/delineation-eval.ts and the floor test in
 * test/unit/ecg/delineate-ludb.test.ts. Records are read with the project's WFDB reader, whose per-lead
 * annotations (.i … .v6) become the references.
 */
import { join } from 'node:path';
import { wfdbReader } from '../src-main/formats/wfdb.js';
import { nodeFileSource } from '../src-main/formats/file-source.js';
import type { EcgRecord } from '../src-main/ecg/record.js';
import type { Delineation } from '../src-main/ecg/delineate-types.js';
import { delineate } from '../src-main/ecg/delineate.js';
import {
  addTallies, emptyTallies, referencesFromAnnotations, scoreRecord, summarise, WAVE_KINDS,
  type Tallies, type WaveKind, type WaveSummary,
} from '../src-main/ecg/delineate-eval.js';

export const LUDB_IDS = Array.from({ length: 200 }, (_, i) => i + 1);

/** LUDB records with a pacemaker (ludb.csv "Cardiac pacing"): their paced QRS peaks are marked near the stimulus. */
export const LUDB_PACED = [8, 34, 45, 74, 90, 93, 95, 104, 111];

export function readLudb(dataDir: string, id: number): EcgRecord {
  return wfdbReader.parse(nodeFileSource(join(dataDir, `${id}.hea`)));
}

/** LUDB's axis classes (header "Electric axis of the heart: …") and the frontal angles they stand for. */
export const AXIS_CLASSES: Array<{ name: string; test: (deg: number) => boolean }> = [
  { name: 'left axis deviation', test: (d) => d < 0 && d >= -90 },
  { name: 'horizontal', test: (d) => d >= 0 && d < 30 },
  { name: 'normal', test: (d) => d >= 30 && d < 70 },
  { name: 'vertical', test: (d) => d >= 70 && d <= 90 },
  { name: 'right axis deviation', test: (d) => d > 90 && d <= 180 },
];

export function axisClassOf(record: EcgRecord): string | undefined {
  const s = record.statements?.find((t) => /^Electric axis of the heart:/i.test(t));
  const name = s?.replace(/^Electric axis of the heart:\s*/i, '').replace(/\.\s*$/, '').trim().toLowerCase();
  return AXIS_CLASSES.find((c) => c.name === name)?.name;
}

export interface LudbEvaluation {
  records: number;
  global: Tallies;
  perLead: Tallies;
  /** global vs lead II without the paced records */
  globalUnpaced: Tallies;
  axis: { agree: number; total: number; byClass: Record<string, number[]> };
}

export function evaluateLudb(dataDir: string, ids = LUDB_IDS, onRecord?: (id: number, d: Delineation) => void): LudbEvaluation {
  const ev: LudbEvaluation = { records: 0, global: emptyTallies(), perLead: emptyTallies(), globalUnpaced: emptyTallies(), axis: { agree: 0, total: 0, byClass: {} } };
  for (const id of ids) {
    const record = readLudb(dataDir, id);
    const d = delineate(record);
    const score = scoreRecord(d, record.leads, referencesFromAnnotations(record.annotations ?? []), 'II');
    addTallies(ev.global, score.global);
    addTallies(ev.perLead, score.perLead);
    if (!LUDB_PACED.includes(id)) addTallies(ev.globalUnpaced, score.global);
    const cls = axisClassOf(record);
    if (cls && d.intervals.axis !== undefined) {
      ev.axis.total++;
      if (AXIS_CLASSES.find((c) => c.name === cls)!.test(d.intervals.axis)) ev.axis.agree++;
      (ev.axis.byClass[cls] ??= []).push(d.intervals.axis);
    }
    ev.records++;
    onRecord?.(id, d);
  }
  return ev;
}

export function summaries(t: Tallies): Record<WaveKind, WaveSummary> {
  return Object.fromEntries(WAVE_KINDS.map((k) => [k, summarise(t[k])])) as Record<WaveKind, WaveSummary>;
}
