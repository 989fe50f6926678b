/**
 * The Import screen's "Choose files…" / "Choose folder…" buttons: offered only where the API opens a native
 * dialog (the desktop app); the chosen paths join the import list as typed or dropped ones do.
 */
import type { AppInfo } from '../../../src-main/api/contract/app.js';
import type { EcgBridge } from '../../../src-main/api/contract/bridge.js';
import type { PickPathsArgs } from '../../../src-main/api/contract/files.js';
import { errorText } from '../../api/error-text.js';

export type PickResult = { kind: 'picked'; paths: string[] } | { kind: 'cancelled' } | { kind: 'failed'; message: string };

/** Unknown (info not loaded yet) counts as no: the browser host must never show a button that cannot work. */
export function offersNativeDialogs(info: Pick<AppInfo, 'nativeDialogs'> | undefined): boolean {
  return info?.nativeDialogs === true;
}

/** Ask for files or folders and add them to the list; the caller starts the import on 'picked'. */
export async function pickInto(
  bridge: Pick<EcgBridge, 'invoke'>,
  kind: PickPathsArgs['kind'],
  list: { addPaths(paths: string[]): void },
): Promise<PickResult> {
  try {
    const { paths } = await bridge.invoke('pickPaths', { kind });
    if (!paths.length) return { kind: 'cancelled' };
    list.addPaths(paths);
    return { kind: 'picked', paths };
  } catch (e) {
    return { kind: 'failed', message: errorText(e).message };
  }
}
