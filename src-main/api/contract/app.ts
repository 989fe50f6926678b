/** Facts about the running application: what the About box and the settings view show. */
import { z } from 'zod';
import { method } from './method.js';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** folder holding the settings file and, by default, the database */
  dataDir: z.string(),
  /** the database this process has open */
  dbPath: z.string(),
  platform: z.string(),
  versions: z.object({ node: z.string(), electron: z.string().optional() }),
  /** pickPaths opens a native dialog (the desktop app); absent or false where it answers 'unavailable' */
  nativeDialogs: z.boolean().optional(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appMethods = {
  getAppInfo: method(z.strictObject({}), AppInfo, 'name, version, data folder and database path of the running app'),
};
