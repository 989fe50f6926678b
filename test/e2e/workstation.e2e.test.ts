/**
 * The workstation end to end: the real browser host over an archive filled by the real importer from the CinC
 * fixtures, the built renderer in Debian's Chromium. Worklist (search, sort, keyboard), study viewer (true-scale
 * grid read back from the canvas, layouts, speed/gain, calipers, filters), an explanation drawn from the API
 * result, import with a corrupt file and a cancelled import, settings. Screenshots land in test-results/.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudyExplanation } from '../../src-main/api/contract/explanation.js';
import type { SettingsView } from '../../src-main/api/contract/settings.js';
import { fixture, hasShared, sharedPath } from '../helpers/shared.js';
import { hasChromium, launchChromium, screenshotPath } from './browser.js';
import { constructedExplanation } from './constructed-explanation.js';
import { startHostBed, type HostBed } from './host-fixture.js';
import { injectExplanations } from './inject-explanation.js';
import { probeGrid, spacings } from './paper-pixels.js';

const PX_PER_MM = 96 / 25.4;
const MAJOR_RGB: [number, number, number] = [0xe5, 0x8f, 0x8f];

describe.skipIf(!hasChromium() || !hasShared('fixtures', 'cinc'))('workstation in the browser host', () => {
  let bed: HostBed;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    bed = await startHostBed([fixture('cinc')]);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1500, height: 950 }, deviceScaleFactor: 2 });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await bed?.close();
  });

  const count = () => page.getByLabel('Studies found');
  const leadLabels = () => page.getByRole('img', { name: /^Lead / });

  it('lists the archive, searches, sorts and opens a study from the keyboard', async () => {
    await page.goto(bed.host.url);
    await expect.poll(() => count().textContent()).toBe(`${bed.imported.imported} studies`);
    // virtualised: far fewer rows in the DOM than studies... once there are more studies than fit
    const rendered = await page.getByRole('row').count();
    expect(rendered).toBeLessThan(bed.imported.imported + 1);
    await page.screenshot({ path: screenshotPath('e2e-worklist.png') });

    // No study is analysed yet, so a class filter finds none; the query is one the API accepts.
    await page.getByRole('button', { name: 'Top prediction MI' }).click();
    await expect.poll(() => count().textContent()).toBe('0 studies');
    await page.getByRole('button', { name: 'Top prediction MI' }).click();
    await expect.poll(() => count().textContent()).toBe(`${bed.imported.imported} studies`);

    await page.getByLabel('Search patient, ID or file').fill('HR06');
    await expect.poll(() => count().textContent()).toBe('10 studies');
    const ids = await page.getByRole('row').locator('[role=gridcell]:nth-child(2)').allTextContents();
    expect(ids).toHaveLength(10);
    expect(ids.every((t) => t.startsWith('HR06'))).toBe(true);

    await page.getByRole('button', { name: /^Age \/ sex/ }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: /Age \/ sex/ }).getAttribute('aria-sort')).toBe('descending');
    const ages = (await page.getByRole('row').locator('[role=gridcell]:nth-child(4)').allTextContents()).map((t) => Number(t.split('/')[0]));
    expect(ages).toEqual([...ages].sort((a, b) => b - a));

    const grid = page.getByRole('grid', { name: /Studies/ });
    await grid.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('[role=row][aria-selected=true]').getAttribute('aria-rowindex')).toBe('4');
    const chosen = await page.locator('[role=row][aria-selected=true] [role=gridcell]:nth-child(2)').textContent();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('location.hash')).toMatch(/^#\/study\/\d+$/);
    await page.getByRole('region', { name: 'Study viewer' }).getByText(chosen!, { exact: true }).waitFor({ state: 'visible' });
  });

  it('draws the paper at true scale: 5 mm squares of 3.78 CSS px per mm, square, at device-pixel ratio 2', async () => {
    await page.goto(`${bed.host.url}#/study/${bed.imported.studyIds[0]}`);
    await expect.poll(() => leadLabels().count()).toBe(13);
    await page.getByText('Not analysed').waitFor({ state: 'visible' });
    await expect.poll(() => page.getByTestId('paper-settings').textContent()).toMatch(/^25 mm\/s · 10 mm\/mV · unfiltered · grid 1 mm \/ 5 mm · 3\.780 px\/mm$/);
    const canvas = page.getByRole('region', { name: /^ECG paper/ }).locator('canvas').first();
    await page.waitForTimeout(100); // one animation frame for the first draw
    const dpr = 2;
    const probe = await probeGrid(canvas, Math.round(1.5 * PX_PER_MM * dpr), Math.round(0.5 * PX_PER_MM * dpr), MAJOR_RGB);
    expect(probe.canvasWidth).toBe(Math.round(probe.cssWidth * dpr)); // backing store at device resolution
    const across = spacings(probe.columns);
    const down = spacings(probe.rows);
    expect(across.length).toBeGreaterThan(40);
    expect(down.length).toBeGreaterThan(20);
    const major = 5 * PX_PER_MM * dpr; // 37.795 device px
    for (const d of [...across, ...down]) expect(Math.abs(d - major)).toBeLessThanOrEqual(1);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(across)).toBeCloseTo(major, 1);
    expect(mean(down)).toBeCloseTo(major, 1);
    // A close-up of lead I's first 55 mm and the calibration pulse, to look at.
    const label = (await page.getByRole('img', { name: /^Lead I,/ }).boundingBox())!;
    await page.screenshot({ path: screenshotPath('e2e-paper-detail.png'), clip: { x: label.x - 16 * PX_PER_MM, y: label.y - 6 * PX_PER_MM, width: 70 * PX_PER_MM, height: 35 * PX_PER_MM } });

    // Zoom magnifies paper and grid alike: 125 % gives 1.25 × the spacing, still square.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => page.getByTestId('paper-settings').textContent()).toMatch(/zoom 125%$/);
    await page.waitForTimeout(100);
    const zoomed = await probeGrid(canvas, Math.round(1.5 * PX_PER_MM * 1.25 * dpr), Math.round(0.5 * PX_PER_MM * 1.25 * dpr), MAJOR_RGB);
    expect(mean(spacings(zoomed.columns))).toBeCloseTo(major * 1.25, 1);
    expect(mean(spacings(zoomed.rows))).toBeCloseTo(major * 1.25, 1);
    await page.getByRole('button', { name: 'Zoom to true scale' }).click();
  });

  it('switches layouts, speed, gain and filters, and says so on the paper', async () => {
    await page.getByRole('button', { name: '6×2' }).click();
    await expect.poll(() => leadLabels().count()).toBe(12);
    await expect.poll(() => page.getByRole('img', { name: /rhythm strip/ }).count()).toBe(0);
    await page.getByRole('img', { name: 'Lead V1, 5.0 to 10.0 s' }).waitFor({ state: 'visible' });
    await page.getByRole('button', { name: '12×1' }).click();
    await page.getByRole('img', { name: 'Lead V6, 0.0 to 10.0 s' }).waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Single lead' }).click();
    await page.getByLabel('Lead shown').selectOption('V3');
    await expect.poll(() => leadLabels().count()).toBe(1);
    await expect.poll(() => leadLabels().first().getAttribute('aria-label')).toBe('Lead V3, 0.0 to 10.0 s');

    await page.getByRole('button', { name: 'Paper speed 50 mm/s' }).click();
    await page.getByRole('button', { name: 'Gain 20 mm/mV' }).click();
    await page.getByRole('button', { name: 'Baseline wander filter 0.5 Hz' }).click();
    await page.getByLabel('Mains notch filter').selectOption('50');
    await expect.poll(() => page.getByTestId('paper-settings').textContent()).toMatch(/^50 mm\/s · 20 mm\/mV · high-pass 0\.5 Hz, notch 50 Hz · /);

    await page.getByRole('button', { name: 'Paper speed 25 mm/s' }).click();
    await page.getByRole('button', { name: 'Gain 10 mm/mV' }).click();
    await page.getByRole('button', { name: 'Baseline wander filter 0.5 Hz' }).click();
    await page.getByLabel('Mains notch filter').selectOption('0');
    await page.getByRole('button', { name: '3×4 + II' }).click();
    await expect.poll(() => leadLabels().count()).toBe(13);
  });

  it('measures ms and mV with calipers on the rhythm strip', async () => {
    await page.getByRole('button', { name: 'Calipers', exact: true }).click();
    const label = await page.getByRole('img', { name: /^Lead II rhythm strip/ }).boundingBox();
    // The label sits 1 mm right of the panel's left edge and 1 mm below its top; the 10 mm/mV baseline is 20 mm down.
    const ax = label!.x + 9 * PX_PER_MM;
    const ay = label!.y + 19 * PX_PER_MM;
    const overlay = page.getByTestId('paper-overlay');
    const box = (await overlay.boundingBox())!;
    await overlay.click({ position: { x: ax - box.x, y: ay - box.y } });
    await expect.poll(() => page.getByTestId('caliper-reading').textContent()).toMatch(/click the second point/);
    const dx = 189; // 50 mm: 2.0 s at 25 mm/s
    const dy = 37.8; // 10 mm down: −1 mV at 10 mm/mV
    await overlay.click({ position: { x: ax + dx - box.x, y: ay + dy - box.y } });
    const text = (await page.getByTestId('caliper-reading').textContent())!;
    const ms = Number(/Δt (\d+) ms/.exec(text)![1]);
    const mv = Number(/ΔV (-?[\d.]+) mV/.exec(text)![1]);
    expect(Math.abs(ms - (dx / (25 * PX_PER_MM)) * 1000)).toBeLessThanOrEqual(1);
    expect(mv).toBeCloseTo(-dy / (10 * PX_PER_MM), 2);
    expect(text).toMatch(/\(30\.0 bpm\)/);
    await page.screenshot({ path: screenshotPath('e2e-study-viewer.png') });
    expect(pageErrors).toEqual([]);
  });

  describe('with an explanation on getStudy', () => {
    let explained: StudyExplanation;
    let explainedPage: Page;

    beforeAll(async () => {
      const records = bed.imported.studyIds
        .map((id) => bed.archive.studies.get(id)!.record)
        .filter((r) => r.fs === 500 && r.samples[0]!.length === 5000)
        .slice(0, 24);
      explained = await constructedExplanation(records, bed.archive.studies.get(bed.imported.studyIds[0]!)!.record);
      explainedPage = await context.newPage();
      explainedPage.on('pageerror', (e) => pageErrors.push(e.message));
      await injectExplanations(explainedPage, new Map([[bed.imported.studyIds[0]!, explained]]));
    });

    it('shows predictions, the surrogate, the legend per block, bands with hover, uncertainty and Grad-CAM', async () => {
      const p = explainedPage;
      const x = explained.explanation;
      await p.goto(`${bed.host.url}#/study/${bed.imported.studyIds[0]}`);
      const predictions = p.getByRole('region', { name: 'Predictions' }).getByRole('listitem');
      await expect.poll(() => predictions.count()).toBe(x.classes.length);
      await expect.poll(() => predictions.first().getAttribute('aria-label')).toBe(`${x.classes[0]}: probability ${Math.round(x.cnn.probabilities[0]! * 100)}%${x.cnn.predicted[0] ? ', predicted' : ''}`);
      await expect.poll(() => p.getByLabel(/^Surrogate agreement/).getAttribute('aria-label')).toBe(`Surrogate agreement ${Math.round(x.surrogate!.labelAgreement * 100)}%`);

      const legend = p.getByRole('region', { name: 'Cluster legend' }).getByRole('listitem');
      const combined = explained.legend.find((l) => l.view === x.defaultView)!;
      await expect.poll(() => legend.count()).toBe(combined.clusters.length);
      await expect.poll(() => legend.first().getAttribute('aria-label')).toMatch(new RegExp(`^Cluster ${combined.clusters[0]!.name}: \\d+% of this ECG; wave alignment `));
      await p.getByRole('radio', { name: 'block2' }).click();
      await expect.poll(() => p.getByRole('region', { name: 'Cluster legend' }).getByRole('heading').textContent()).toContain('block2');
      await p.getByRole('radio', { name: x.defaultView }).click();

      await p.getByText(`Clusters and uncertainty (${x.defaultView}), 0–1`).waitFor({ state: 'visible' });
      await p.getByLabel('Grad-CAM', { exact: true }).check();
      await p.getByText(/^Grad-CAM \w+, 0–1$/).waitFor({ state: 'visible' });

      // Hover inside lead I's panel: the tooltip names the band under the pointer, whose span holds the time there.
      const label = (await p.getByRole('img', { name: /^Lead I,/ }).boundingBox())!;
      const hx = label.x + 40;
      await p.mouse.move(hx, label.y + 30);
      const tip = p.getByRole('tooltip');
      await tip.waitFor({ state: 'visible' });
      const [, a, b] = /(\d+\.\d+)–(\d+\.\d+) s/.exec((await tip.textContent())!)!.map(Number);
      const t = (hx - label.x + PX_PER_MM) / (25 * PX_PER_MM); // lead I starts at t = 0, its label 1 mm in
      expect(a!).toBeLessThanOrEqual(t + 1e-3);
      expect(b!).toBeGreaterThanOrEqual(t - 1e-3);
      await expect.poll(() => tip.textContent()).toContain('uncertainty');
      await p.screenshot({ path: screenshotPath('e2e-study-explained.png') });
      expect(pageErrors).toEqual([]);
    });
  });

  describe.skipIf(!hasShared('data', 'cinc') || !hasShared('data', 'ludb'))('import screen', () => {
    let folder: string;
    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), 'ecg-tlc-e2e-import-'));
      for (const f of ['A0001.hea', 'A0001.mat', 'A0002.hea', 'A0002.mat']) copyFileSync(sharedPath('data', 'cinc', 'tuijalei', f), join(folder, f));
      // A header whose signal file is cut short: the importer must name it and say why.
      copyFileSync(sharedPath('data', 'cinc', 'tuijalei', 'A0003.hea'), join(folder, 'A0003.hea'));
      writeFileSync(join(folder, 'A0003.mat'), readFileSync(sharedPath('data', 'cinc', 'tuijalei', 'A0003.mat')).subarray(0, 64));
    });
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('imports a folder, counts progress and lists the corrupt file with its reason', async () => {
      await page.goto(`${bed.host.url}#/import`);
      await page.getByLabel('Files or folders to import, one per line').fill(folder);
      await page.getByRole('button', { name: /^Import 1 path$/ }).click();
      await expect.poll(() => page.getByTestId('import-summary').textContent()).toContain('2 imported, 0 already in the archive, 1 failed, of 3 files');
      await expect.poll(() => page.getByTestId('import-progress').textContent()).toContain('3 of 3 files · 2 imported');
      const failure = page.getByRole('table', { name: 'Files that could not be imported' }).getByRole('row').nth(1);
      await expect.poll(() => failure.getByRole('cell').first().textContent()).toMatch(join(folder, 'A0003.hea'));
      expect(((await failure.getByRole('cell').nth(1).textContent()) ?? '').length).toBeGreaterThan(10);
      await page.screenshot({ path: screenshotPath('e2e-import.png') });

      await page.getByRole('link', { name: 'Worklist' }).click();
      await page.getByLabel('Search patient, ID or file').fill('A000');
      await expect.poll(() => count().textContent()).toBe('2 studies');
    });

    it('cancels a running import after the file in hand', async () => {
      await page.goto(`${bed.host.url}#/import`);
      // 344 records (CinC + LUDB) take seconds to import even on a fast machine, so the cancel lands mid-batch
      await page.getByLabel('Files or folders to import, one per line').fill(`${sharedPath('data', 'cinc')}\n${sharedPath('data', 'ludb', 'data')}`);
      await page.getByRole('button', { name: /^Import 2 paths$/ }).click();
      // if the import stops or ends before Cancel can be pressed, say how, rather than time out on a disabled button
      const cancel = page.getByRole('button', { name: 'Cancel' });
      const stopped = page.getByRole('alert');
      const finished = page.getByRole('heading', { name: 'Finished' });
      await expect
        .poll(async () => ((await cancel.isEnabled()) ? 'running' : (await stopped.count()) ? `stopped: ${await stopped.first().textContent()}` : (await finished.count()) ? 'finished before Cancel' : 'starting'), { timeout: 30_000 })
        .toMatch(/^(running|stopped|finished)/);
      expect(await stopped.count(), (await stopped.allTextContents()).join('; ')).toBe(0);
      expect(await finished.count(), 'the import finished before Cancel could be pressed').toBe(0);
      await cancel.click();
      await page.getByRole('heading', { name: 'Cancelled' }).waitFor({ state: 'visible', timeout: 60_000 });
      const summary = (await page.getByTestId('import-summary').textContent())!;
      const [, imported, , , total] = /(\d+) imported, (\d+) already in the archive, (\d+) failed, of (\d+) files/.exec(summary)!.map(Number);
      expect(imported!).toBeLessThan(total!);
    });
  });

  it('shows the database location and calibrates the screen', async () => {
    await page.goto(`${bed.host.url}#/settings`);
    const saved = (await bed.api.dispatch('getSettings', {})) as { settings: { dbPath: string } };
    await expect.poll(() => page.getByLabel('Database file').inputValue()).toBe(saved.settings.dbPath);
    await page.getByRole('cell', { name: join(bed.dir, 'archive.sqlite') }).waitFor();
    const card = page.getByRole('img', { name: /85\.6 mm wide/ });
    expect((await card.boundingBox())!.width).toBeCloseTo(85.6 * PX_PER_MM, 0);
    await page.getByLabel('CSS pixels per millimetre').fill('5');
    await page.getByLabel('CSS pixels per millimetre').press('Enter');
    await expect.poll(async () => (await card.boundingBox())!.width).toBeCloseTo(85.6 * 5, 0);
    await page.getByRole('button', { name: /^Reset to 96 dpi/ }).click();
    expect((await card.boundingBox())!.width).toBeCloseTo(85.6 * PX_PER_MM, 0);
  });

  it('Settings: lists the shipped model and its cluster model with K; the provider chosen persists', async () => {
    const { models } = (await bed.api.dispatch('getSettings', {})) as SettingsView;
    const shipped = models.packages.find((p) => p.source === 'shipped')!;
    if (!shipped.ok || !shipped.clusters?.ok) throw new Error(`the shipped package or its cluster model does not load: ${JSON.stringify(shipped)}`);
    await page.goto(`${bed.host.url}#/settings`);
    await expect.poll(() => page.getByRole('radio', { name: `Model package ${shipped.id} ${shipped.version}` }).isChecked()).toBe(true);
    const k = shipped.clusters.views.map((v) => `${v.view} K ${v.k}`).join(' · ');
    await page.getByRole('group', { name: 'Cluster model (K)' }).getByText(k, { exact: false }).waitFor();
    expect(await page.getByRole('radio', { name: 'Cluster model: the model package\'s own' }).isChecked()).toBe(true);
    const provider = page.getByLabel('Execution provider');
    for (const choice of ['auto', 'cpu']) {
      await provider.selectOption(choice);
      await page.getByRole('button', { name: 'Save model settings' }).click();
      await page.getByRole('status').filter({ hasText: 'applies to the next analysis job' }).waitFor();
      await page.reload();
      await expect.poll(() => provider.inputValue()).toBe(choice);
      expect(JSON.parse(readFileSync(join(bed.dir, 'settings.json'), 'utf8'))).toEqual({ provider: choice });
    }
    await page.screenshot({ path: screenshotPath('e2e-settings-model.png'), fullPage: true });
  });
});
