/**
 * The desktop app's pickPaths: Electron's native open dialog, asked for several files or several folders.
 * Electron's `dialog` is handed in, so this file imports only its types and runs under a test without the
 * Electron binary.
 *
 * | kind     | properties                         | filters                     |
 * |----------|------------------------------------|-----------------------------|
 * | files    | openFile, multiSelections          | ECG files (every reader's   |
 * |          |                                    | extension), All files       |
 * | folder   | openDirectory, multiSelections     | none (folders have no type) |
 */
import type { FileFilter, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import { isCompanionFile, READERS } from '../formats/registry.js';
import type { PickPathsArgs } from '../api/contract/files.js';
import type { PickPaths } from '../api/handlers/files.js';

export type ShowOpenDialog = (options: OpenDialogOptions) => Promise<OpenDialogReturnValue>;

/**
 * Extensions the readers claim, without the companions a header names (WFDB .dat): choosing one of those alone
 * imports nothing. DICOM files often have no extension at all, hence "All files".
 */
export function ecgFileFilters(): FileFilter[] {
  const ecg = [...new Set(READERS.flatMap((r) => r.extensions))].filter((ext) => !isCompanionFile(`x${ext}`)).map((ext) => ext.slice(1));
  return [
    { name: 'ECG files', extensions: ecg },
    { name: 'All files', extensions: ['*'] },
  ];
}

export function openDialogOptions(request: PickPathsArgs): OpenDialogOptions {
  const files = request.kind === 'files';
  return {
    title: request.title ?? (files ? 'Choose ECG files to import' : 'Choose folders to import'),
    buttonLabel: 'Import',
    properties: files ? ['openFile', 'multiSelections'] : ['openDirectory', 'multiSelections'],
    ...(files ? { filters: ecgFileFilters() } : {}),
  };
}

export function dialogPicker(show: ShowOpenDialog): PickPaths {
  return async (request) => {
    const { canceled, filePaths } = await show(openDialogOptions(request));
    return canceled ? [] : filePaths;
  };
}
