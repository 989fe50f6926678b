/**
 * The workstation UI in Debian's Chromium (headless, 1600×1000 CSS px, device scale factor 1) over the real
 * browser host, with the renderer built from src-renderer at the start of the run:
 *
 * | metric                         | how                                                                        | goal     |
 * |--------------------------------|----------------------------------------------------------------------------|----------|
 * | study open → first paint       | dblclick a worklist row of an analysed CinC HR record (12 leads × 10 s × 500 Hz, explanation with cluster bands) until the paper canvas holds traces and bands; median of the opens | ≤ 100 ms |
 * | pan frame time                 | one pan step (12 px across, 3 px down) per frame on the paper at 195 % zoom; main-thread time per frame (rAF timestamp → a message posted in the frame, which runs after its rendering), p50/p95 | ≤ 16 ms  |
 * | worklist jump → rows filled    | scrollTop set to a random row of a 100k-study archive (20k with --quick) until every visible row shows its study | —        |
 * | worklist frame time            | main-thread time per frame over the whole jump run, p95                   | ≤ 16 ms  |
 *
 * Same-run baselines: the open with cluster bands switched off (the viewer's "Cluster bands" box; same study,
 * same request, the paint without the explanation's bands), the idle frame time of the same page at the same
 * zoom (what a frame costs with nothing to redraw), and a jump back to rows already fetched (render only, no
 * query).
 * Frame time is an upper bound: the message that ends it may also wait behind other tasks (and, on this shared
 * 2-core machine, other processes); the rAF interval, paced at 60 Hz, is reported beside it: 16.7 ms there
 * means no frame was dropped.
 * The renderer sets no paint mark, so paint is read from the canvas pixels in the page (bench/lib/ui-probes.ts);
 * a check runs after each frame's rAF callbacks (rAF → setTimeout 0), so a time is at most one check late.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisJob } from '../src-main/api/contract/analysis.js';
import type { ImportSummary } from '../src-main/api/contract/import.js';
import type { StudyDetail } from '../src-main/api/contract/studies.js';
import { mulberry32 } from '../src-main/explain/rng.js';
import { openArchive } from '../src-main/store/archive.js';
import { Report, isQuick } from './lib/result.js';
import { fixturesDir } from './lib/shared.js';
import { buildSyntheticArchive } from './lib/synthetic-archive.js';
import { buildRenderer, launchBenchChromium, openPage, percentile, startUiHost } from './lib/ui-host.js';
import { frameTimes, openStudyTimed, worklistJumps } from './lib/ui-probes.js';

const report = new Report('ui', 'workstation UI in Chromium: study open, pan, worklist scroll');
const quick = isQuick();
const OPENS = quick ? 6 : 12;
const RECORDS = 4;
const PAN_FRAMES = quick ? 120 : 300;
const WORKLIST_N = quick ? 20_000 : 100_000;
const JUMPS = quick ? 12 : 30;
const median = (xs: number[]) => percentile(xs, 50);
const goal = (m: { value: number; goal?: string; ok?: boolean }, limit: number) => {
  m.goal = `≤ ${limit} ms`;
  m.ok = m.value <= limit;
};

async function waitForJob(dispatch: (m: string, a: unknown) => Promise<unknown>, id: number): Promise<AnalysisJob> {
  for (;;) {
    const job = (await dispatch('getJob', { id })) as AnalysisJob;
    if (!['queued', 'running'].includes(job.state)) return job;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function studyViewer(browser: Awaited<ReturnType<typeof launchBenchChromium>>, work: string): Promise<void> {
  const archive = openArchive(join(work, 'studies.db'));
  const ui = await startUiHost(archive, work);
  try {
    const dir = fixturesDir('cinc');
    const paths = readdirSync(dir).filter((f) => /^HR\d+\.hea$/.test(f)).sort().slice(0, RECORDS).map((f) => join(dir, f));
    const imported = (await ui.api.dispatch('importPaths', { paths })) as ImportSummary;
    const t = performance.now();
    const { job } = (await ui.api.dispatch('analyzeStudies', { ids: imported.studyIds })) as { job: AnalysisJob };
    const done = await waitForJob(ui.api.dispatch, job.id);
    if (done.state !== 'done' || done.failed) throw new Error(`analysis job ended ${done.state} with ${done.failed} failed: ${done.error ?? ''}`);
    const details = await Promise.all(imported.studyIds.map(async (id) => (await ui.api.dispatch('getStudy', { id })) as StudyDetail));
    for (const d of details) {
      if (!d.explanation) throw new Error(`study ${d.summary.id} has no explanation after analysis`);
      if (d.fs !== 500 || d.signals.length !== 12 || d.signals[0]!.length !== 5000) throw new Error(`study ${d.summary.id} is not 12 leads × 10 s × 500 Hz`);
    }
    report.note(`${imported.imported} CinC HR records imported and analysed with the shipped model in ${((performance.now() - t) / 1000).toFixed(1)} s; each 12 × 5000 samples at 500 Hz with an explanation`);

    const page = await openPage(browser, ui.host.url);
    await page.getByLabel('Studies found').filter({ hasText: `${imported.imported} studies` }).waitFor();
    const opens = async (bands: boolean) => {
      const times: number[] = [];
      for (let i = 0; i < OPENS + 2; i++) {
        const { paintedMs } = await openStudyTimed(page, i % imported.imported, bands);
        if (i >= 2) times.push(paintedMs); // two warm-up opens: code paths compiled, fonts loaded
        if (i === 0) {
          const box = page.getByLabel('Cluster bands');
          if ((await box.isChecked()) !== bands) await box.setChecked(bands);
        }
        await page.evaluate(() => (location.hash = '#/worklist'));
        await page.locator('#study-row-0 [role=gridcell]').first().waitFor();
      }
      return times;
    };
    const plain = await opens(false);
    const banded = await opens(true);
    report.add('study open → paint, bands off', median(plain), 'ms');
    goal(report.compare('study open → first paint', median(banded), 'ms', 'study open → paint, bands off'), 100);
    report.note(`study open with bands: median ${median(banded).toFixed(1)} ms, max ${Math.max(...banded).toFixed(1)} ms over ${banded.length} opens; bands off: median ${median(plain).toFixed(1)} ms`);

    // Panning: the paper at 200 % (3 × Zoom in = 195 %) so it is wider and taller than its view.
    await openStudyTimed(page, 0, true);
    await page.getByRole('button', { name: 'Pan', exact: true }).click();
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.waitForTimeout(100);
    const idle = await frameTimes(page, PAN_FRAMES, 'idle');
    const pan = await frameTimes(page, PAN_FRAMES, 'pan-paper');
    report.add('idle frame time p50', percentile(idle.work, 50), 'ms');
    goal(report.compare('pan frame time p50', percentile(pan.work, 50), 'ms', 'idle frame time p50'), 16);
    goal(report.compare('pan frame time p95', percentile(pan.work, 95), 'ms', 'idle frame time p50'), 16);
    report.add('pan frame interval p95 (60 Hz tick)', percentile(pan.intervals, 95), 'ms');
    report.note(`pan: ${pan.work.length} frames, main-thread time p50 ${percentile(pan.work, 50).toFixed(2)} ms, p95 ${percentile(pan.work, 95).toFixed(2)} ms, max ${Math.max(...pan.work).toFixed(1)} ms; rAF intervals p50 ${percentile(pan.intervals, 50).toFixed(1)} ms, p95 ${percentile(pan.intervals, 95).toFixed(1)} ms (idle p50 ${percentile(idle.intervals, 50).toFixed(1)} ms: the 60 Hz tick)`);
    await page.context().close();
  } finally {
    await ui.close();
    archive.close();
  }
}

async function worklist(browser: Awaited<ReturnType<typeof launchBenchChromium>>, work: string): Promise<void> {
  const archive = openArchive(join(work, 'worklist.db'));
  const seconds = buildSyntheticArchive(archive, WORKLIST_N);
  report.note(`worklist archive: ${WORKLIST_N} synthetic studies built in ${seconds.toFixed(1)} s`);
  const ui = await startUiHost(archive, work);
  try {
    const page = await openPage(browser, ui.host.url);
    await page.getByLabel('Studies found').filter({ hasText: `${WORKLIST_N.toLocaleString('en-US')} studies` }).or(page.getByLabel('Studies found').filter({ hasText: `${WORKLIST_N} studies` })).waitFor();
    await page.locator('#study-row-0 [role=gridcell]').first().waitFor();
    const r = mulberry32(7);
    const targets = Array.from({ length: JUMPS }, () => Math.floor(r() * (WORKLIST_N - 40)));
    const fresh = await worklistJumps(page, targets);
    const again = await worklistJumps(page, targets);
    report.add('worklist jump → rows, cached', median(again.rowsMs), 'ms');
    report.compare('worklist jump → rows filled', median(fresh.rowsMs), 'ms', 'worklist jump → rows, cached');
    const frames = [...fresh.frames, ...again.frames];
    goal(report.add('worklist scroll frame time p95', percentile(frames, 95), 'ms'), 16);
    report.note(`worklist: ${JUMPS} jumps over ${WORKLIST_N} rows; rows filled median ${median(fresh.rowsMs).toFixed(1)} ms, p95 ${percentile(fresh.rowsMs, 95).toFixed(1)} ms; frame main-thread time p50 ${percentile(frames, 50).toFixed(2)} ms, p95 ${percentile(frames, 95).toFixed(2)} ms over ${frames.length} frames`);
    await page.context().close();
  } finally {
    await ui.close();
    archive.close();
  }
}

const work = mkdtempSync(join(tmpdir(), 'ecg-bench-ui-'));
try {
  try {
    report.note(`renderer built in ${(await buildRenderer()).toFixed(1)} s`);
  } catch (e) {
    // src-renderer half-edited: measure the last good build rather than nothing, and say so
    if (!existsSync(join('dist', 'renderer', 'index.html'))) throw e;
    report.note(`renderer build failed (${e instanceof Error ? e.message.split('\n')[0] : String(e)}): measured the existing dist/renderer`);
  }
  const browser = await launchBenchChromium();
  try {
    await studyViewer(browser, work);
    await worklist(browser, work);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
report.finish();
