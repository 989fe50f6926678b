/**
 * The overread of the open study: its audit trail, and the reader's confirm / edit / reject. Who and when are
 * decided by the main process; after a decision the trail is read again and `onSaved` lets the study and the
 * worklist show the new state.
 */
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import type { AuditTrail } from '../../src-main/api/contract/overread.js';
import type { OverreadStatus } from '../../src-main/api/contract/overread-state.js';
import { errorText } from '../api/error-text.js';

export class OverreadPanelState {
  trail = $state.raw<AuditTrail | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  saving = $state(false);
  #studyId = 0;
  readonly #bridge: Pick<EcgBridge, 'invoke'>;
  readonly #onSaved: () => void | Promise<void>;

  constructor(bridge: Pick<EcgBridge, 'invoke'>, onSaved: () => void | Promise<void> = () => {}) {
    this.#bridge = bridge;
    this.#onSaved = onSaved;
  }

  async load(studyId: number): Promise<void> {
    this.#studyId = studyId;
    try {
      const trail = await this.#bridge.invoke('getAuditTrail', { studyId });
      if (studyId === this.#studyId) {
        this.trail = trail;
        this.error = undefined;
      }
    } catch (e) {
      if (studyId === this.#studyId) this.error = errorText(e).message;
    }
  }

  /** Blank text counts as none; an edit without a statement is refused here as the API would. */
  async decide(status: OverreadStatus, statement: string, comment: string): Promise<boolean> {
    const s = statement.trim();
    const c = comment.trim();
    if (status === 'edited' && !s) {
      this.error = 'An edited interpretation needs its statement.';
      return false;
    }
    this.saving = true;
    try {
      await this.#bridge.invoke('setOverread', { studyId: this.#studyId, status, ...(s ? { statement: s } : {}), ...(c ? { comment: c } : {}) });
      this.error = undefined;
      await this.load(this.#studyId);
      await this.#onSaved();
      return true;
    } catch (e) {
      this.error = errorText(e).message;
      return false;
    } finally {
      this.saving = false;
    }
  }
}
