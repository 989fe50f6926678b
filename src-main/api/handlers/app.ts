/** getAppInfo: facts fixed at launch, handed in by the entry point that built the API. */
import type { AppInfo } from '../contract/app.js';
import type { Handlers } from '../dispatch.js';

export function appHandlers(info: AppInfo): Pick<Handlers, 'getAppInfo'> {
  return {
    getAppInfo: async () => structuredClone(info),
  };
}
