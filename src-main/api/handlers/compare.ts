/** compareStudies: two studies side by side with the changes B − A (src-main/analysis/compare.ts). */
import { compareStudies } from '../../analysis/compare.js';
import type { Archive } from '../../store/archive.js';
import type { Handlers } from '../dispatch.js';
import { ApiError } from '../errors.js';

export function compareHandlers(archive: Archive): Pick<Handlers, 'compareStudies'> {
  return {
    compareStudies: async ({ a, b }) => {
      for (const id of [a, b]) if (!archive.studies.summary(id)) throw new ApiError('not-found', `study ${id} is not in the archive`);
      return compareStudies(archive, a, b);
    },
  };
}
