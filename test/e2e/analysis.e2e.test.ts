/**
 * Batch analysis, overread and the cohort screen end to end: the real browser host over a fresh archive of the
 * CinC fixtures, analysed in the browser with the shipped model (clusters.json and surrogate.json give real
 * explanations). Screenshots: test-results/e2e-study-analysed.png and e2e-cohort.png.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CohortStats } from '../../src-main/api/contract/cohort.js';
import type { StudyDetail, StudyPage } from '../../src-main/api/contract/studies.js';
import { fixture, hasShared } from '../helpers/shared.js';
import { hasChromium, launchChromium, screenshotPath } from './browser.js';
import { startHostBed, type HostBed } from './host-fixture.js';

describe.skipIf(!hasChromium() || !hasShared('fixtures', 'cinc'))('batch analysis, overread and cohort in the browser host', () => {
  let bed: HostBed;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    bed = await startHostBed([fixture('cinc')]);
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

  it('compares two studies side by side at the same scale with the changes B − A', async () => {
    const [a, b] = bed.imported.studyIds as [number, number];
    await page.goto(`${bed.host.url}#/study/${b}`);
    await page.getByLabel('Study number to compare with').fill(String(a));
    await page.getByRole('button', { name: 'Compare with study' }).click();
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#/compare/${a}/${b}`);
    await expect.poll(() => page.getByRole('region', { name: /^ECG paper, 25 mm\/s · 10 mm\/mV/ }).count()).toBe(2);
    const cmp = (await bed.api.dispatch('compareStudies', { a, b })) as { probabilities: Array<{ name: string; delta?: number }> };
    const p0 = cmp.probabilities[0]!;
    const change = p0.delta === undefined ? '—' : `${p0.delta * 100 > 0.5 ? '+' : p0.delta * 100 < -0.5 ? '−' : '±'}${Math.abs(Number((p0.delta * 100).toFixed(0))).toFixed(0)} %`;
    await expect.poll(() => page.getByRole('table', { name: 'Probabilities (%)' }).getByRole('row', { name: `${p0.name}: change ${change}` }).count()).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: /^Cluster sequence of study [AB]/ }).count()).toBe(2);
    await page.waitForTimeout(150);
    await page.screenshot({ path: screenshotPath('e2e-compare.png') });
    expect(pageErrors).toEqual([]);
  });
  it('exports the PDFs of the filtered studies into a folder, one per study, with progress', async () => {
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
      await page.getByRole('button', { name: 'Start exporting PDFs' }).click();
      await expect.poll(() => page.getByTestId('pdf-export-progress').textContent(), { timeout: 60_000, interval: 500 }).toMatch(/Exported:\s+3 of 3\s*$/);
      expect(readdirSync(folder).sort()).toEqual(selected.items.map((s) => `study-${s.id}.pdf`).sort());
      for (const s of selected.items) expect(statSync(join(folder, `study-${s.id}.pdf`)).size).toBeGreaterThan(1024);
      expect(await page.getByRole('list', { name: 'PDF export failures' }).count()).toBe(0);
      await page.getByLabel('Confirmation status').selectOption('any');
      expect(pageErrors).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 90_000);
});
