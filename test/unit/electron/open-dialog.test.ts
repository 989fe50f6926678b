/**
 * The desktop app's picker over Electron's open dialog (a recorder stands in for `dialog.showOpenDialog`):
 * several files with ECG filters, or several folders; a cancelled dialog gives no paths.
 */
import type { OpenDialogOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { dialogPicker, ecgFileFilters, openDialogOptions } from '../../../src-main/electron/open-dialog.js';

describe('openDialogOptions', () => {
  it('asks for several files, ECG files first and All files as the way out', () => {
    const o = openDialogOptions({ kind: 'files' });
    expect(o.properties).toEqual(['openFile', 'multiSelections']);
    expect(o.filters?.map((f) => f.name)).toEqual(['ECG files', 'All files']);
    expect(o.filters?.[1]?.extensions).toEqual(['*']);
    expect(o.title).toBe('Choose ECG files to import');
  });

  it('asks for several folders, with no filters and the caller\'s title', () => {
    expect(openDialogOptions({ kind: 'folder', title: 'LUDB' })).toEqual({ title: 'LUDB', buttonLabel: 'Import', properties: ['openDirectory', 'multiSelections'] });
  });

  it('offers every reader\'s record extension once, without companions or dots', () => {
    const ecg = ecgFileFilters()[0]!.extensions;
    expect([...ecg].sort()).toEqual(['bdf', 'csv', 'dcm', 'dicom', 'edf', 'hea', 'scp', 'tsv', 'xml']);
  });
});

describe('dialogPicker', () => {
  it('returns the dialog\'s paths, or none when it was cancelled even if it reports some', async () => {
    const seen: OpenDialogOptions[] = [];
    let answer = { canceled: false, filePaths: ['/a/1.hea', '/a/2.hea'] };
    const pick = dialogPicker(async (options) => {
      seen.push(options);
      return answer;
    });
    await expect(pick({ kind: 'files' })).resolves.toEqual(['/a/1.hea', '/a/2.hea']);
    answer = { canceled: true, filePaths: ['/a/1.hea'] };
    await expect(pick({ kind: 'folder' })).resolves.toEqual([]);
    expect(seen.map((o) => o.properties?.[0])).toEqual(['openFile', 'openDirectory']);
  });
});
