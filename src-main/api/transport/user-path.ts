/**
 * File-system paths that arrive from a renderer (Electron IPC or the browser host's WebSocket). The app opens
 * files the user chose anywhere they can read, so there is no root folder to confine them to; what is refused
 * is every form a file dialog or a dropped file never produces, which only a crafted request would send.
 *
 * | rule                                                   | why                                                         |
 * |--------------------------------------------------------|-------------------------------------------------------------|
 * | absolute: `/…`; on Windows `C:\…` or `\\server\share\…` | a renderer has no working folder: `../x` would be resolved  |
 * |                                                        | against the main process's, which the user never sees       |
 * | no `.` or `..` segment (Windows: no dots-and-spaces)   | they only serve to climb; Windows strips trailing dots and  |
 * |                                                        | spaces, so `.. ` is `..` there                              |
 * | no NUL                                                 | C APIs end the string there: what is checked ≠ what opens   |
 * | not `\\?\` or `\\.\` (Windows)                         | device namespace: raw devices, no normalisation             |
 * | at most 32 767 characters                              | the longest path any platform accepts                       |
 *
 * What the path points at is checked where it is opened, so the check and the use see the same file:
 * formats/file-source.ts reads regular files only (a FIFO or /dev/zero is refused before it is opened) and
 * keeps companion files named inside a record in the record's folder; store/expand-paths.ts walks folders
 * following files and folders only, once per real folder (no symlink loops).
 *
 * The CLI is not a renderer: a path typed in a shell is resolved against the shell's working folder, as users
 * expect; only the transports apply this policy (route.ts).
 */

export const MAX_PATH_CHARS = 32_767;

/**
 * Every argument of the API that names a file or folder on the main process's machine: method → argument
 * names (a string, or an array of strings). test/unit/security/path-arguments.test.ts walks the contract and
 * fails when an argument with a path-like name is missing here.
 */
export const PATH_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  inspectFile: ['path'],
  importPaths: ['paths'],
  setSettings: ['dbPath', 'modelDir', 'clusterDir'],
  exportPdf: ['path', 'folder'],
};

/** Why `p` is not acceptable as a path from a renderer, or undefined when it is. */
export function userPathProblem(p: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (p.length === 0) return 'is empty';
  if (p.length > MAX_PATH_CHARS) return `is longer than ${MAX_PATH_CHARS} characters`;
  if (p.includes('\0')) return 'contains a NUL character';
  const windows = platform === 'win32';
  if (windows) {
    if (/^[\\/]{2}[?.][\\/]/.test(p)) return 'is a Windows device path (\\\\?\\ or \\\\.\\)';
    if (!/^[A-Za-z]:[\\/]/.test(p) && !/^[\\/]{2}[^\\/]+[\\/][^\\/]+/.test(p)) return 'must be absolute (C:\\… or \\\\server\\share\\…)';
    if (p.split(/[\\/]/).some((s) => /^[. ]*\.[. ]*$/.test(s))) return 'must not contain "." or ".." segments';
  } else {
    if (!p.startsWith('/')) return 'must be absolute (start with /)';
    if (p.split('/').some((s) => s === '.' || s === '..')) return 'must not contain "." or ".." segments';
  }
  return undefined;
}

/** The first path argument of `method` that breaks the policy, as a message for the caller; undefined if none. */
export function refusedPathArgument(method: string, args: unknown, platform: NodeJS.Platform = process.platform): string | undefined {
  const names = Object.hasOwn(PATH_ARGUMENTS, method) ? PATH_ARGUMENTS[method] : undefined;
  if (!names || typeof args !== 'object' || args === null) return undefined;
  for (const name of names) {
    const value = (args as Record<string, unknown>)[name];
    const list = Array.isArray(value) ? value : [value];
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      // Wrong types are left to the contract's schema, which names them.
      if (typeof p !== 'string') continue;
      const problem = userPathProblem(p, platform);
      if (problem) {
        const shown = p.length > 200 ? `${p.slice(0, 200)}…` : p;
        return `invalid arguments for ${method}: ${name}${Array.isArray(value) ? `[${i}]` : ''} ${problem}: ${JSON.stringify(shown)}`;
      }
    }
  }
  return undefined;
}
