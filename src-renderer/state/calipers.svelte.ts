/**
 * Calipers: the first click sets point A, the second point B and shows the reading; a third starts over.
 * Points are in seconds and millivolts (see lib/paper/caliper.ts), so speed, gain and zoom leave them valid.
 */
import { caliperReading, type CaliperPoint, type CaliperReading } from '../lib/paper/caliper.js';

export class Calipers {
  a = $state<CaliperPoint | undefined>(undefined);
  b = $state<CaliperPoint | undefined>(undefined);

  place(p: CaliperPoint): void {
    if (!this.a || this.b) {
      this.a = p;
      this.b = undefined;
    } else this.b = p;
  }

  clear(): void {
    this.a = undefined;
    this.b = undefined;
  }

  get reading(): CaliperReading | undefined {
    return this.a && this.b ? caliperReading(this.a, this.b) : undefined;
  }
}
