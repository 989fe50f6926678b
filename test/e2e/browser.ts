/**
 * Debian's Chromium driven by playwright-core (no browser download). Screenshots go to test-results/ (git-ignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from '../helpers/shared.js';

export const CHROMIUM = process.env.ECG_TLC_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(REPO_ROOT, 'test-results');

export function hasChromium(): boolean {
  const ok = existsSync(CHROMIUM);
  if (!ok) console.warn(`[skip] no Chromium at ${CHROMIUM}: e2e tests are skipped (set ECG_TLC_CHROMIUM)`);
  return ok;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, name);
}
