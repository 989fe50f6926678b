/** "/data/ecg" from " /data/ecg/ " (a root folder stays as it is): the folder as the main process is given it. */
export const trimFolder = (f: string): string => f.trim().replace(/(.)[\\/]+$/, '$1');
