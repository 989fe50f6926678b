/**
 * The worklist's stale mark: a study whose latest analysis was made with other model weights (another sha256)
 * or another cluster model than analyses use now. The short label fits the prediction cell; the tooltip says why
 * and with what, as the study viewer's banner does.
 */
import type { StaleAnalysis as Stale } from '../../../src-main/api/contract/studies.js';

export function staleLabel(s: Stale): string {
  return s.reason === 'model' ? 'stale' : 'stale clusters';
}

export function staleTooltip(s: Stale): string {
  const made = `${s.modelId} ${s.modelVersion}`;
  return s.reason === 'model'
    ? `Stale analysis: made with another model (${made}, other weights) than analyses use now. Analyse again to update.`
    : `Stale analysis: made with another cluster model (${s.clusterModel ? `fitted ${s.clusterModel}` : 'none'}) than analyses use now, same model ${made}. Analyse again to update.`;
}
