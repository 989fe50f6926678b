/**
 * PDF export (`npm run bench -- report`): time and size of the annotated report for the fixed 32 ECGs with their
 * real explanations (one page, and with the optional second page), against reading the same ECG files in the same
 * run (the baseline: what a user already waits for when a study opens). Explanations are computed before timing.
 */
import { Analyzer } from '../src-main/analysis/analyzer.js';
import { defaultModelDir } from '../src-main/model/default-model.js';
import { renderReport } from '../src-main/report/render.js';
import type { ReportInput } from '../src-main/report/input.js';
import { readEcgFile } from '../src-main/formats/registry.js';
import { fixedEcgs, medianMsPer } from './lib/fixed-ecgs.js';
import { isQuick, Report } from './lib/result.js';

const report = new Report('report', 'annotated PDF export per study vs reading the ECG file');
const repeats = isQuick() ? 2 : 5;
const records = fixedEcgs();
const analyzer = await Analyzer.open({ modelDir: defaultModelDir() });
const outcomes = await analyzer.analyze(records);
await analyzer.close();
const inputs: ReportInput[] = records.map((record, i) => {
  const o = outcomes[i]!;
  const a = o.ok ? o.analysis : undefined;
  return {
    record,
    ...(a ? { explanation: a.explanation, measurements: a.intervals, model: { id: a.modelId, version: a.modelVersion, sha256: a.modelSha256 } } : {}),
    overread: { status: 'unconfirmed' },
    softwareVersion: 'bench',
  };
});

const read = await medianMsPer(records.length, repeats, async () => records.forEach((r) => readEcgFile(r.source.path)));
report.add('read the ECG file', read, 'ms/study');
let bytes = 0;
const one = await medianMsPer(records.length, repeats, async () => {
  bytes = 0;
  for (const input of inputs) bytes += (await renderReport(input, { creationDate: new Date(0) })).pdf.length;
});
report.compare('PDF, one page (3×4 + rhythm, bands, legend, uncertainty)', one, 'ms/study', 'read the ECG file');
report.add('PDF size, one page', bytes / records.length / 1024, 'KiB/study');
let bytes2 = 0;
const two = await medianMsPer(records.length, repeats, async () => {
  bytes2 = 0;
  for (const input of inputs) bytes2 += (await renderReport(input, { creationDate: new Date(0), details: true })).pdf.length;
});
report.compare('PDF with page 2 (per-block segmentations, Grad-CAM)', two, 'ms/study', 'read the ECG file');
report.add('PDF size, two pages', bytes2 / records.length / 1024, 'KiB/study');
report.note(`${inputs.filter((i) => i.explanation).length} of ${inputs.length} studies with an explanation; vector traces (no images)`);
report.finish();
