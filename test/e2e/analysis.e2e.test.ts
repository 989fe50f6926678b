/**
 * Batch analysis, overread and the cohort screen end to end: the real browser host over a fresh archive of the
 * CinC fixtures, analysed in the browser with the shipped model (clusters.json and surrogate.json give real
 * explanations); PDF exports (de-identified, Letter, at the paper's scale) and stale marks in the worklist.
 * Screenshots: test-results/e2e-study-analysed.png, e2e-cohort.png, e2e-settings-report-paper.png,
 * e2e-export-pdf-deidentified.png, e2e-export-pdfs-panel.png and e2e-worklist-stale.png.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CohortStats, TriageList } from '../../src-main/api/contract/cohort.js';
import type { Comparison } from '../../src-main/api/contract/compare.js';
import { PAPER } from '../../src-renderer/canvas/paper-colours.js';
import type { ImportSummary } from '../../src-main/api/contract/import.js';
import type { SettingsView } from '../../src-main/api/contract/settings.js';
import type { StudyDetail, StudyPage } from '../../src-main/api/contract/studies.js';
import { fixture, hasShared } from '../helpers/shared.js';
import { hasChromium, launchChromium, screenshotPath } from './browser.js';
import { pdfinfo, pdftotext } from '../unit/report/pdf-content.js';
import { startHostBed, type HostBed } from './host-fixture.js';
import { probeGrid, spacings } from './paper-pixels.js';

const LETTER = '792 x 612 pts (letter)';
const PX_PER_MM = 96 / 25.4;
/** the paper's major grid colour as the canvas draws it */
const MAJOR_RGB = ((n: number): [number, number, number] => [(n >> 16) & 255, (n >> 8) & 255, n & 255])(Number.parseInt(PAPER.major.slice(1), 16));

describe.skipIf(!hasChromium() || !hasShared('fixtures', 'cinc') || !hasShared('fixtures', 'philips'))('batch analysis, overread and cohort in the browser host', () => {
  let bed: HostBed;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    bed = await startHostBed([fixture('cinc'), fixture('philips')]);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1500, height: 950 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await bed?.close();
  });

  const rowOf = (recordId: string) => page.getByRole('row').filter({ has: page.getByRole('gridcell', { name: recordId, exact: true }) });

  it('analyses every study from the worklist, with progress, and the rows fill in', async () => {
    const n = bed.imported.imported;
    await page.goto(bed.host.url);
    await expect.poll(() => page.getByLabel('Studies found').textContent()).toBe(`${n} studies`);
    expect(await page.getByRole('gridcell', { name: 'not analysed' }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Analyze all studies' }).click();
    const progress = page.getByTestId('analysis-progress');
    await expect.poll(() => progress.textContent(), { timeout: 110_000, interval: 500 }).toMatch(new RegExp(`Analysed:\\s+${n} of ${n}`));
    await expect.poll(() => page.getByLabel('Analysis progress').getAttribute('value')).toBe('1');
    await expect.poll(() => page.getByRole('gridcell', { name: 'not analysed' }).count()).toBe(0);
    // the top prediction column now holds a class and its probability, as the store has it
    const first = (await page.getByRole('row').nth(1).locator('[role=gridcell]').allTextContents()).map((t) => t.trim());
    expect(first[4]).toMatch(/^(NORM|MI|STTC|CD|HYP) \d+%$/);
  }, 120_000);

  it('opens an analysed study: real predictions, cluster legend, intervals, and confirms it', async () => {
    const id = bed.imported.studyIds[0]!;
    const detail = (await bed.api.dispatch('getStudy', { id })) as StudyDetail;
    expect(detail.analysis).toBeDefined();
    expect(detail.explanation).toBeDefined();
    await page.goto(`${bed.host.url}#/study/${id}`);
    const predictions = page.getByRole('region', { name: 'Predictions' }).getByRole('listitem');
    await expect.poll(() => predictions.count()).toBe(detail.analysis!.classes.length);
    const c0 = detail.analysis!.classes[0]!;
    await expect.poll(() => predictions.first().getAttribute('aria-label')).toBe(`${c0}: probability ${Math.round(detail.analysis!.probabilities[0]! * 100)}%${detail.analysis!.predicted[0] ? ', predicted' : ''}`);
    const x = detail.explanation!;
    const legendOfDefault = x.legend.find((l) => l.view === x.explanation.defaultView)!;
    const legend = page.getByRole('region', { name: 'Cluster legend' }).getByRole('listitem');
    await expect.poll(() => legend.count()).toBe(legendOfDefault.clusters.length);
    await expect.poll(() => legend.first().getAttribute('aria-label')).toMatch(new RegExp(`^Cluster ${legendOfDefault.clusters[0]!.name}: \\d+% of this ECG`));
    const hr = detail.measured?.intervals.hr;
    if (hr !== undefined) await expect.poll(() => page.getByRole('region', { name: 'Measured intervals' }).getByRole('row', { name: `HR ${Math.round(hr)} bpm` }).count()).toBe(1);
    await expect.poll(() => page.getByTestId('study-overread').textContent()).toBe('unconfirmed');
    await page.getByText(`Clusters and uncertainty (${x.explanation.defaultView}), 0–1`).waitFor({ state: 'visible' });
    await page.waitForTimeout(150);
    await page.screenshot({ path: screenshotPath('e2e-study-analysed.png') });

    await page.getByLabel('Overread comment').fill('Agree with the model.');
    await page.getByRole('button', { name: 'Confirm interpretation' }).click();
    await expect.poll(() => page.getByTestId('study-overread').textContent()).toBe('confirmed');
    await expect.poll(() => page.getByRole('list', { name: 'Audit trail' }).getByRole('listitem').count()).toBeGreaterThanOrEqual(1);
    const trail = (await bed.api.dispatch('getAuditTrail', { studyId: id })) as { overread: { status: string; comment?: string } };
    expect(trail.overread).toMatchObject({ status: 'confirmed', comment: 'Agree with the model.' });
    const side = page.getByRole('complementary', { name: 'Study details' });
    await page.getByRole('region', { name: 'Overread' }).scrollIntoViewIfNeeded();
    await side.screenshot({ path: screenshotPath('e2e-overread.png') });

    // the report, written where the path field says (prefilled in the data dir)
    const path = await page.getByLabel('PDF file path').inputValue();
    expect(path.startsWith(bed.dir)).toBe(true);
    await page.getByRole('button', { name: 'Export PDF' }).click();
    await expect.poll(() => page.getByTestId('pdf-result').textContent(), { timeout: 30_000 }).toMatch(/page/);
    expect(existsSync(path) && statSync(path).size).toBeGreaterThan(1000);

    await page.getByRole('link', { name: 'Worklist' }).click();
    const recordId = detail.summary.recordId ?? detail.summary.fileName;
    await page.getByLabel('Search patient, ID or file').fill(recordId);
    await expect.poll(() => rowOf(recordId).locator('[role=gridcell]').nth(7).textContent()).toBe('confirmed');
    await page.getByLabel('Search patient, ID or file').fill('');
    await expect.poll(() => page.getByLabel('Studies found').textContent()).toBe(`${bed.imported.imported} studies`);
    expect(pageErrors).toEqual([]);
  });

  it('shows the cohort: counts per class, box plots per cluster, and opens the studies behind a class', async () => {
    const stats = (await bed.api.dispatch('cohortStats', {})) as CohortStats;
    const cls = stats.classes.find((c) => c.count > 0)!;
    await page.getByRole('link', { name: 'Cohort' }).click();
    const bar = page.getByRole('button', { name: new RegExp(`^Class ${cls.class}: ${cls.count} stud`) });
    await bar.waitFor({ state: 'visible' });
    await expect.poll(() => page.getByRole('img', { name: /^Cluster proportions of / }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('img', { name: /^Uncertainty histogram/ }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('e2e-cohort.png') });
    await bar.click();
    const list = page.getByRole('list', { name: `Studies of ${cls.class}` }).getByRole('link');
    await expect.poll(() => list.count()).toBe(Math.min(cls.studyIds.length, 200));
    await list.first().click();
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#/study/${cls.studyIds[0]}`);
    await page.getByRole('region', { name: 'Predictions' }).waitFor({ state: 'visible' });

    await page.getByRole('link', { name: 'Cohort' }).click();
    await page.getByRole('tab', { name: 'Highest uncertainty' }).click();
    const triage = page.getByRole('tabpanel').getByRole('link');
    await expect.poll(() => triage.count()).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  it('lists the studies the surrogate disagrees on, and those whose stored label disagrees, as the API gives them', async () => {
    await page.getByRole('link', { name: 'Cohort' }).click();
    const panel = page.getByRole('tabpanel');
    const lists: Partial<Record<TriageList['kind'], TriageList>> = {};
    for (const [kind, name] of [['disagreement', 'Surrogate disagrees'], ['label', 'Stored label disagrees']] as const) {
      const list = (lists[kind] = (await bed.api.dispatch('triage', { kind, limit: 50 })) as TriageList);
      expect(list.items.length, kind).toBeGreaterThan(0);
      const tab = page.getByRole('tab', { name });
      await tab.click();
      await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
      await expect.poll(() => panel.getByRole('link').count()).toBe(list.items.length);
      expect(await panel.getByRole('link').allTextContents()).toEqual(list.items.map((i) => i.summary.recordId ?? i.summary.fileName));
      const rows = await panel.getByRole('listitem').allTextContents();
      list.items.forEach((item, n) => expect(rows[n]).toContain(item.reason));
    }
    // the surrogate list: least agreement first
    expect(lists.disagreement!.items[0]!.reason).toMatch(/^surrogate agrees with the CNN on \d+ % of the classes$/);
    // the label audit reads the Philips report's free text: PROBABLE LEFT VENTRICULAR HYPERTROPHY → HYP
    const id = bed.archive.queries.list({ text: '3191723' }).items[0]!.id;
    const a = ((await bed.api.dispatch('getStudy', { id })) as StudyDetail).analysis!;
    const called = a.classes.filter((_, i) => a.predicted[i]);
    const philips = lists.label!.items.find((i) => i.summary.id === id);
    if (called.join() === 'HYP') expect(philips).toBeUndefined();
    else expect(philips?.reason).toBe(`stored label HYP; the model calls ${called.join(', ') || 'no class'}`);
    await page.screenshot({ path: screenshotPath('e2e-triage-label.png') });
    const first = lists.label!.items[0]!;
    await panel.getByRole('link', { name: first.summary.recordId ?? first.summary.fileName, exact: true }).first().click();
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#/study/${first.summary.id}`);
    expect(pageErrors).toEqual([]);
  });

  it('compares two studies side by side at the same scale with the changes B − A', async () => {
    const [a, b] = bed.imported.studyIds as [number, number];
    await page.goto(`${bed.host.url}#/study/${b}`);
    await page.getByLabel('Study number to compare with').fill(String(a));
    await page.getByRole('button', { name: 'Compare with study' }).click();
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#/compare/${a}/${b}`);
    await expect.poll(() => page.getByRole('region', { name: /^ECG paper, 25 mm\/s · 10 mm\/mV/ }).count()).toBe(2);
    const cmp = (await bed.api.dispatch('compareStudies', { a, b })) as Comparison;
    const p0 = cmp.probabilities[0]!;
    const change = p0.delta === undefined ? '—' : `${p0.delta * 100 > 0.5 ? '+' : p0.delta * 100 < -0.5 ? '−' : '±'}${Math.abs(Number((p0.delta * 100).toFixed(0))).toFixed(0)} %`;
    await expect.poll(() => page.getByRole('table', { name: 'Probabilities (%)' }).getByRole('row', { name: `${p0.name}: change ${change}` }).count()).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: /^Cluster sequence of study [AB]/ }).count()).toBe(2);

    // One above the other, full width: every column of the 3×4 page (I … V4) is in view on both papers.
    const side = (label: 'A' | 'B') => page.getByRole('article', { name: new RegExp(`^Study ${label}, acquired `) });
    const paperOf = (label: 'A' | 'B') => side(label).getByRole('region', { name: /^ECG paper/ });
    const scrollOf = (label: 'A' | 'B') => paperOf(label).evaluate((el) => ({ left: el.scrollLeft, top: el.scrollTop, width: el.clientWidth, x: el.getBoundingClientRect().left }));
    const labelX = async (label: 'A' | 'B', lead: RegExp) => (await side(label).getByRole('img', { name: lead }).boundingBox())!;
    for (const s of ['A', 'B'] as const) {
      const v = await scrollOf(s);
      const v4 = await labelX(s, /^Lead V4,/);
      expect(v4.x + v4.width - v.x).toBeLessThan(v.width);
      await expect.poll(() => side(s).getByTestId(`view-window-${s}`).textContent()).toBe('0.0–10.0 s in view');
    }
    await page.waitForTimeout(150);
    await page.screenshot({ path: screenshotPath('e2e-compare.png') });

    // Each paper's own pixels: 5 mm major squares of 3.78 CSS px per mm, the same on both.
    const major = 5 * PX_PER_MM;
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    for (const s of ['A', 'B'] as const) {
      const probe = await probeGrid(paperOf(s).locator('canvas').first(), Math.round(1.5 * PX_PER_MM), Math.round(0.5 * PX_PER_MM), MAJOR_RGB);
      const across = spacings(probe.columns);
      const down = spacings(probe.rows);
      expect(across.length, s).toBeGreaterThan(40);
      expect(down.length, s).toBeGreaterThan(20);
      for (const d of [...across, ...down]) expect(Math.abs(d - major), s).toBeLessThanOrEqual(1);
      expect(mean(across), s).toBeCloseTo(major, 1);
      expect(mean(down), s).toBeCloseTo(major, 1);
    }

    // One speed and gain for both, chosen once: 50 mm/s puts aVR 2.5 s × 50 mm/s after I, 20 mm/mV puts II 70 mm under I.
    await page.getByRole('button', { name: 'Paper speed 50 mm/s' }).click();
    await page.getByRole('button', { name: 'Gain 20 mm/mV' }).click();
    await expect.poll(() => page.getByRole('region', { name: /^ECG paper, 50 mm\/s · 20 mm\/mV/ }).count()).toBe(2);
    for (const s of ['A', 'B'] as const) {
      const i = await labelX(s, /^Lead I,/);
      expect((await labelX(s, /^Lead aVR,/)).x - i.x).toBeCloseTo(2.5 * 50 * PX_PER_MM, 0);
      expect((await labelX(s, /^Lead II,/)).y - i.y).toBeCloseTo(70 * PX_PER_MM, 0);
    }

    // Dragging paper A moves paper B to the same seconds; a wheel on B brings A to the same leads.
    const box = (await paperOf('A').boundingBox())!;
    await page.mouse.move(box.x + 600, box.y + 100);
    await page.mouse.down();
    await page.mouse.move(box.x + 150, box.y + 100, { steps: 10 });
    await page.mouse.up();
    await expect.poll(async () => (await scrollOf('A')).left).toBeGreaterThan(400);
    await expect.poll(async () => (await scrollOf('B')).left).toBe((await scrollOf('A')).left);
    const windowA = await side('A').getByTestId('view-window-A').textContent();
    expect(windowA).toMatch(/^[1-9]\.\d–\d+\.\d s in view$/);
    await expect.poll(() => side('B').getByTestId('view-window-B').textContent()).toBe(windowA!.replace('A', 'B'));
    expect((await labelX('B', /^Lead V1,/)).x).toBeCloseTo((await labelX('A', /^Lead V1,/)).x, 0);
    const boxB = (await paperOf('B').boundingBox())!;
    await page.mouse.move(boxB.x + 300, boxB.y + 100);
    await page.mouse.wheel(0, 180);
    await expect.poll(async () => (await scrollOf('B')).top).toBeGreaterThan(100);
    await expect.poll(async () => (await scrollOf('A')).top).toBe((await scrollOf('B')).top);
    await expect.poll(async () => (await scrollOf('A')).left).toBe((await scrollOf('B')).left);

    // Each cluster strip lies under its own traces: a segment's start at the x its second has on the paper.
    for (const s of ['A', 'B'] as const) {
      const v = await scrollOf(s);
      const segs = cmp[s === 'A' ? 'a' : 'b'].analysis!.segments!;
      const tLeft = (v.left / PX_PER_MM - 20) / 50; // the left margin at 50 mm/s is 20 mm
      const seg = segs.find((g) => g.start > tLeft + 0.5)!;
      const expected = v.x + (20 + seg.start * 50) * PX_PER_MM - v.left;
      const xs = await side(s).getByRole('img', { name: /^Cluster sequence of / }).locator('rect').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
      expect(Math.min(...xs.map((x) => Math.abs(x - expected))), s).toBeLessThanOrEqual(1);
    }
    await page.waitForTimeout(150);
    await page.screenshot({ path: screenshotPath('e2e-compare-panned.png') });

    // The layout chooser applies to both papers.
    await page.getByRole('button', { name: '6×2' }).click();
    await expect.poll(() => page.getByRole('img', { name: 'Lead V1, 5.0 to 10.0 s' }).count()).toBe(2);
    await page.getByRole('button', { name: '3×4 + II' }).click();
    await page.getByRole('button', { name: 'Paper speed 25 mm/s' }).click();
    await page.getByRole('button', { name: 'Gain 10 mm/mV' }).click();
    await expect.poll(() => page.getByRole('region', { name: /^ECG paper, 25 mm\/s · 10 mm\/mV/ }).count()).toBe(2);

    // Older first: the Philips ECGs of 2011-12-01 and 2010-01-19, asked newer first, are shown 2010 as A.
    const newer = bed.archive.queries.list({ text: '129DYPRG' }).items[0]!.id;
    const older = bed.archive.queries.list({ text: '3191723' }).items[0]!.id;
    await page.goto(`${bed.host.url}#/compare/${newer}/${older}`);
    // ordered as it loads, not by a second navigation: the route stays as asked
    await expect.poll(() => side('A').getByRole('link').getAttribute('href')).toBe(`#/study/${older}`);
    expect(await page.evaluate('location.hash')).toBe(`#/compare/${newer}/${older}`);
    await expect.poll(() => page.getByTestId('acquired-A').textContent()).toBe('2010-01-19 15:19');
    await expect.poll(() => page.getByTestId('acquired-B').textContent()).toBe('2011-12-01 07:27');
    await expect.poll(() => page.getByTestId('tag-A').textContent()).toBe('A · older');
    // side by side: the same paper, the two in one row
    await page.getByRole('button', { name: 'Side by side' }).click();
    await expect.poll(async () => (await paperOf('B').boundingBox())!.x).toBeGreaterThan((await paperOf('A').boundingBox())!.x + 300);
    expect((await paperOf('B').boundingBox())!.y).toBeCloseTo((await paperOf('A').boundingBox())!.y, 0);
    await page.waitForTimeout(150);
    await page.screenshot({ path: screenshotPath('e2e-compare-dated-side-by-side.png') });
    await page.getByRole('button', { name: 'One above the other' }).click();
    expect(pageErrors).toEqual([]);
  });
  it('Settings: the report paper chosen as Letter is kept after a reload', async () => {
    await page.goto(`${bed.host.url}#/settings`);
    const select = page.getByLabel('Report paper');
    await expect.poll(() => select.inputValue()).toBe('A4');
    await select.selectOption('Letter');
    await expect.poll(async () => ((await bed.api.dispatch('getSettings', {})) as SettingsView).settings.reportPaper).toBe('Letter');
    await page.reload();
    await expect.poll(() => page.getByLabel('Report paper').inputValue()).toBe('Letter');
    await page.getByLabel('Report paper').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('e2e-settings-report-paper.png') });
    expect(pageErrors).toEqual([]);
  });

  it('exports the PDFs of the filtered studies into a folder, de-identified: named by pseudonym, on Letter, with progress', async () => {
    // the overread test confirmed the first study; two more make a selection of three by confirmation status
    for (const studyId of bed.imported.studyIds.slice(1, 3)) await bed.api.dispatch('setOverread', { studyId, status: 'confirmed' });
    const selected = (await bed.api.dispatch('listStudies', { confirmed: true, limit: 10 })) as StudyPage;
    expect(selected.total).toBe(3);
    const folder = mkdtempSync(join(tmpdir(), 'ecg-tlc-e2e-pdfs-'));
    try {
      await page.goto(bed.host.url);
      await page.getByLabel('Confirmation status').selectOption('confirmed');
      await expect.poll(() => page.getByLabel('Studies found').textContent()).toBe('3 studies');
      await page.getByRole('button', { name: 'Export PDFs of the studies the filters select' }).click();
      const field = page.getByLabel('PDF folder');
      await expect.poll(() => field.inputValue()).toBe(`${bed.dir}/reports`);
      await field.fill(folder);
      await page.getByLabel('De-identify the PDFs').check();
      await page.getByLabel('Add page 2 to each PDF').check();
      await expect.poll(() => page.getByTestId('pdfs-choice').textContent()).toBe('Letter · 25 mm/s · 10 mm/mV · unfiltered · de-identified · with page 2 · files PSN-…-n.pdf');
      await page.getByRole('button', { name: 'Start exporting PDFs' }).click();
      await expect.poll(() => page.getByTestId('pdf-export-progress').textContent(), { timeout: 60_000, interval: 500 }).toMatch(/Exported:\s+3 of 3\s*$/);
      await page.getByRole('group', { name: 'Export PDFs' }).screenshot({ path: screenshotPath('e2e-export-pdfs-panel.png') });
      // named as ecg-tlc export --pdf-dir names them: by pseudonym and place in the run, never by study id
      const names = readdirSync(folder).sort();
      expect(names).toHaveLength(3);
      for (const n of names) {
        expect(n).toMatch(/^(PSN-[0-9A-F]{6}-[0-9A-F]{6}|study)-[123]\.pdf$/);
        const file = join(folder, n);
        expect(pdfinfo(file)['Page size']).toBe(LETTER);
        // the analysed studies get their second page: per-block segmentations and Grad-CAM
        expect(pdfinfo(file)['Pages']).toBe('2');
        const text = pdftotext(file);
        expect(text).toContain('De-identified export');
        for (const s of selected.items) expect(text).not.toContain(s.recordId ?? s.fileName);
      }
      expect(await page.getByRole('list', { name: 'PDF export failures' }).count()).toBe(0);
      await page.getByLabel('Confirmation status').selectOption('any');
      expect(pageErrors).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 90_000);

  it('the study viewer exports de-identified on Letter at the speed, gain and filters on screen', async () => {
    // SCP-ECG Example.scp names its patient: ID SBJ-123, name Clark, born 1953-05-08
    const { studyIds } = (await bed.api.dispatch('importPaths', { paths: [fixture('scp', 'Example.scp')] })) as ImportSummary;
    const id = studyIds[0]!;
    const folder = mkdtempSync(join(tmpdir(), 'ecg-tlc-e2e-deid-'));
    try {
      await page.goto(`${bed.host.url}#/study/${id}`);
      await page.getByRole('region', { name: 'Export PDF' }).waitFor({ state: 'visible' });
      await page.getByRole('button', { name: 'Paper speed 50 mm/s' }).click();
      await page.getByRole('button', { name: 'Gain 20 mm/mV' }).click();
      await page.getByRole('button', { name: 'Baseline wander filter 0.5 Hz' }).click();
      await page.getByRole('button', { name: 'Low-pass filter 40 Hz' }).click();
      await page.getByLabel('Mains notch filter').selectOption('60');
      await expect.poll(() => page.getByTestId('pdf-choice').textContent()).toBe('Letter · 50 mm/s · 20 mm/mV · 0.5–40 Hz, notch 60 Hz · identified');
      // identified, the default file is named after the record (this file has no record ID: its file name)
      expect(await page.getByLabel('PDF file path').inputValue()).toBe(`${bed.dir}/Example.scp.pdf`);
      await page.getByLabel('De-identify the report').check();
      const field = page.getByLabel('Folder for the de-identified PDF');
      await expect.poll(() => field.inputValue()).toBe(bed.dir);
      await field.fill(folder);
      await expect.poll(() => page.getByTestId('pdf-choice').textContent()).toBe('Letter · 50 mm/s · 20 mm/mV · 0.5–40 Hz, notch 60 Hz · de-identified');
      await page.getByRole('button', { name: 'Export PDF' }).click();
      await expect.poll(() => page.getByTestId('pdf-result').textContent(), { timeout: 30_000 }).toMatch(/pseudonym PSN-/);
      const region = page.getByRole('region', { name: 'Export PDF' });
      await region.scrollIntoViewIfNeeded();
      await region.screenshot({ path: screenshotPath('e2e-export-pdf-deidentified.png') });
      await page.screenshot({ path: screenshotPath('e2e-study-export-pdf.png') });

      const [name, ...more] = readdirSync(folder);
      expect(more).toEqual([]);
      expect(name).toMatch(/^PSN-[0-9A-F]{6}-[0-9A-F]{6}-1\.pdf$/);
      expect(await page.getByTestId('pdf-result').textContent()).toContain(join(folder, name!));
      const file = join(folder, name!);
      expect(pdfinfo(file)['Page size']).toBe(LETTER);
      const text = pdftotext(file);
      for (const s of ['De-identified export', name!.slice(0, -6), '50 mm/s', '20 mm/mV', 'Filters: 0.5–40 Hz, notch 60 Hz']) expect(text).toContain(s);
      for (const s of ['SBJ-123', 'Clark', '1953']) expect(text).not.toContain(s);
      expect(pageErrors).toEqual([]);
    } finally {
      // the paper settings live in local storage: back to the standard for the tests after this one
      await page.getByRole('button', { name: 'Paper speed 25 mm/s' }).click();
      await page.getByRole('button', { name: 'Gain 10 mm/mV' }).click();
      await page.getByRole('button', { name: 'Baseline wander filter 0.5 Hz' }).click();
      await page.getByRole('button', { name: 'Low-pass filter 40 Hz' }).click();
      await page.getByLabel('Mains notch filter').selectOption('0');
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('marks stale analyses in the worklist, with why in the tooltip', async () => {
    // the first two analysed rows' latest analyses, as if made before: one with older weights, one with another
    // cluster model (the SCP study above, unanalysed, is the worklist's first row)
    const [a, b] = ((await bed.api.dispatch('listStudies', { hasAnalysis: true, limit: 2 })) as StudyPage).items;
    const copy = bed.archive.db.prepare(
      `INSERT INTO analyses (study_id, model_id, model_version, model_sha256, cluster_model_version, probabilities, top_class, max_probability, uncertainty, surrogate_agreement, settings, explanation, proportions, measurements, created_at)
       SELECT study_id, model_id, ?, ?, ?, probabilities, top_class, max_probability, uncertainty, surrogate_agreement, settings, explanation, proportions, measurements, created_at
       FROM analyses WHERE id = ?`,
    );
    const latest = (studyId: number) => bed.archive.analyses.latest(studyId)!;
    copy.run('0.9.0', 'f'.repeat(64), latest(a!.id).clusterModelVersion ?? null, a!.analysis!.id);
    copy.run(latest(b!.id).modelVersion, latest(b!.id).modelSha256 ?? null, 'an older cluster model', b!.analysis!.id);
    await page.goto(bed.host.url);
    const marks = page.getByTestId('stale-mark');
    await expect.poll(() => marks.count()).toBe(2);
    const row = (i: number) => rowOf([a!, b!][i]!.recordId ?? [a!, b!][i]!.fileName);
    expect(await row(0).getByTestId('stale-mark').textContent()).toBe('stale');
    expect(await row(0).getByTestId('stale-mark').getAttribute('title')).toBe(`Stale analysis: made with another model (${latest(a!.id).modelId} 0.9.0, other weights) than analyses use now. Analyse again to update.`);
    expect(await row(1).getByTestId('stale-mark').textContent()).toBe('stale clusters');
    expect(await row(1).getByTestId('stale-mark').getAttribute('title')).toContain('another cluster model (fitted an older cluster model)');
    const status = (await bed.api.dispatch('analysisStatus', { staleIds: 10 })) as { stale: number; staleIds: number[] };
    expect(status).toMatchObject({ stale: 2, staleIds: [a!.id, b!.id].sort((x, y) => x - y) });
    await row(0).getByTestId('stale-mark').hover();
    await page.screenshot({ path: screenshotPath('e2e-worklist-stale.png'), clip: { x: 0, y: 0, width: 1500, height: 360 } });
    expect(pageErrors).toEqual([]);
  });
});
