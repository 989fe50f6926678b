/**
 * The whole API: every method with its argument and result schemas, and every event with its payload schema.
 * A new area (analyze, explain, exportPdf, fitClusters, cohortStats, setOverread) is one new file whose
 * methods and events are spread in here; handlers, dispatch and all three transports pick it up from this list.
 */
import type { z } from 'zod';
import { analysisEvents, analysisMethods } from './analysis.js';
import { appMethods } from './app.js';
import { cohortMethods } from './cohort.js';
import { compareMethods } from './compare.js';
import { fileMethods } from './files.js';
import { importEvents, importMethods } from './import.js';
import { overreadMethods } from './overread.js';
import { reportMethods } from './report.js';
import { settingsMethods } from './settings.js';
import { studyMethods } from './studies.js';

export const CONTRACT = {
  ...appMethods,
  ...fileMethods,
  ...studyMethods,
  ...importMethods,
  ...settingsMethods,
  ...analysisMethods,
  ...overreadMethods,
  ...cohortMethods,
  ...compareMethods,
  ...reportMethods,
};

export const EVENTS = {
  ...importEvents,
  ...analysisEvents,
};

export type Contract = typeof CONTRACT;
export type MethodName = keyof Contract;
/** Arguments as a caller may write them (defaults not yet applied). */
export type ArgsIn<M extends MethodName> = z.input<Contract[M]['args']>;
/** Arguments as a handler receives them (validated, defaults applied). */
export type ArgsOf<M extends MethodName> = z.output<Contract[M]['args']>;
export type ResultOf<M extends MethodName> = z.output<Contract[M]['result']>;

export type EventName = keyof typeof EVENTS;
export type EventData<E extends EventName> = z.output<(typeof EVENTS)[E]>;

export const METHOD_NAMES = Object.keys(CONTRACT) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(CONTRACT, name);
}
