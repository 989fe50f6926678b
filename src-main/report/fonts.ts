/**
 * The fonts embedded in every report: DejaVu Sans Condensed (full Latin, Greek and symbols, so "Müller", "µV" and
 * "QTc ≥" print as written; the PDF standard fonts cannot). Found under resources/fonts by walking up from this
 * file (src-main/ under tsx, dist/src-main/ when built) or in the packaged app's resources folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FONT_FILES = { body: 'DejaVuSansCondensed.ttf', bold: 'DejaVuSansCondensed-Bold.ttf' } as const;
export type FontName = keyof typeof FONT_FILES;

export function findFontDir(start = dirname(fileURLToPath(import.meta.url))): string {
  // electron-builder copies resources/fonts to <resources>/fonts (electron-builder.yml extraResources)
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'fonts', FONT_FILES.body))) return join(packaged, 'fonts');
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', 'fonts');
    if (existsSync(join(candidate, FONT_FILES.body))) return candidate;
    if (dirname(dir) === dir) throw new Error(`the report fonts (resources/fonts/${FONT_FILES.body}) were not found above ${start}`);
  }
}
