/**
 * HL7 aECG vocabulary used by the reader: MDC lead codes (ISO/IEEE 11073-10101) that canonicalLead does not know,
 * physical units, measurement codes and wave/beat codes with the short labels the rest of the app uses.
 */
import { canonicalLead, type LeadName } from '../ecg/leads.js';

const LEAD_PREFIX = 'MDC_ECG_LEAD_';

/** MDC lead code suffixes beyond the standard 12 → the name we keep (right-sided, posterior, Frank, EASI …). */
const EXTRA_LEADS: Record<string, string> = {
  V1R: 'V1R', V2R: 'V2R', V3R: 'V3R', V4R: 'V4R', V5R: 'V5R', V6R: 'V6R', V7R: 'V7R', V8R: 'V8R', V9R: 'V9R',
  V7: 'V7', V8: 'V8', V9: 'V9',
  X: 'X', Y: 'Y', Z: 'Z', // Frank orthogonal leads
  ES: 'ES', AS: 'AS', AI: 'AI', // EASI
  CC5: 'CC5', CM5: 'CM5', CH5: 'CH5', CS5: 'CS5', CB5: 'CB5',
  ML: 'ML', MLI: 'MLI', MLII: 'MLII', MLIII: 'MLIII',
  A: 'A', D: 'D', J: 'J', I: 'I', E: 'E',
};

/** Lead name of an MDC_ECG_LEAD_* code, or undefined for codes that are not leads. */
export function aecgLeadName(code: string): LeadName | undefined {
  if (!code.toUpperCase().startsWith(LEAD_PREFIX)) return undefined;
  const canonical = canonicalLead(code);
  if (canonical !== code.trim()) return canonical;
  const suffix = code.trim().slice(LEAD_PREFIX.length);
  return EXTRA_LEADS[suffix.toUpperCase()] ?? suffix;
}

/** Amplitude units → millivolts per unit. */
export const AMPLITUDE_MV: Record<string, number> = { nV: 1e-6, uV: 1e-3, µV: 1e-3, mV: 1, V: 1e3 };

/** Time units → seconds per unit. */
export const TIME_S: Record<string, number> = { us: 1e-6, ms: 1e-3, s: 1, min: 60 };

export type MeasureKind = 'time' | 'rate' | 'angle';

/** MDC measurement code (without a trailing _GL "global") → our measurement key and its kind. */
export const MEASUREMENT_CODES: Record<string, [string, MeasureKind]> = {
  MDC_ECG_HEART_RATE: ['hr', 'rate'],
  MDC_ECG_TIME_PD_RR: ['rr', 'time'],
  MDC_ECG_TIME_PD_PP: ['pp', 'time'],
  MDC_ECG_TIME_PD_P: ['pDuration', 'time'],
  MDC_ECG_TIME_PD_PR: ['pr', 'time'],
  MDC_ECG_TIME_PD_QRS: ['qrs', 'time'],
  MDC_ECG_TIME_PD_QT: ['qt', 'time'],
  MDC_ECG_TIME_PD_QTc: ['qtc', 'time'],
  MDC_ECG_TIME_PD_QTcB: ['qtcBazett', 'time'],
  MDC_ECG_TIME_PD_QTcF: ['qtcFridericia', 'time'],
  MDC_ECG_ANGLE_P_FRONT: ['pAxis', 'angle'],
  MDC_ECG_ANGLE_QRS_FRONT: ['qrsAxis', 'angle'],
  MDC_ECG_ANGLE_T_FRONT: ['tAxis', 'angle'],
};

/** Converts a PQ to the unit our key uses (ms, bpm, degrees); undefined for units we do not recognise. */
export function measurementValue(kind: MeasureKind, value: number, unit: string | undefined): number | undefined {
  if (kind === 'time') {
    const s = TIME_S[unit ?? 'ms'];
    // ms → ms must stay exact (102 ms, not 102.00000000000001)
    return s === undefined ? undefined : unit === 'ms' || unit === undefined ? value : value * s * 1000;
  }
  if (kind === 'rate') return unit === undefined || unit === 'bpm' || unit === '/min' || unit === '{beats}/min' ? value : undefined;
  return unit === undefined || unit === 'deg' ? value : undefined;
}

/** MDC_ECG_WAVC_* wave codes → short labels. */
export const WAVE_LABELS: Record<string, string> = {
  MDC_ECG_WAVC_PWAVE: 'P',
  MDC_ECG_WAVC_QRSWAVE: 'QRS',
  MDC_ECG_WAVC_TWAVE: 'T',
  MDC_ECG_WAVC_UWAVE: 'U',
  MDC_ECG_WAVC_QWAVE: 'Q',
  MDC_ECG_WAVC_RWAVE: 'R',
  MDC_ECG_WAVC_SWAVE: 'S',
  MDC_ECG_WAVC_QRSTWAVE: 'QT',
  MDC_ECG_WAVC_PRWAVE: 'PR',
  MDC_ECG_WAVC_STWAVE: 'ST',
  MDC_ECG_WAVC_TUWAVE: 'TU',
  MDC_ECG_WAVC_PACESPIKE: 'pace',
  MDC_ECG_WAVC_PEAK: 'peak',
};

/** MDC_ECG_BEAT_* → beat labels in the MIT-BIH letters the rest of the app uses. */
export const BEAT_LABELS: Record<string, string> = {
  MDC_ECG_BEAT_NORMAL: 'N',
  MDC_ECG_BEAT_ABNORMAL: 'Q',
  MDC_ECG_BEAT_SV_P_C: 'S',
  MDC_ECG_BEAT_V_P_C: 'V',
  MDC_ECG_BEAT_ATR_PREMATURE: 'A',
  MDC_ECG_BEAT_VENT_ESCAPE: 'E',
  MDC_ECG_BEAT_PACED: '/',
  MDC_ECG_BEAT_FUSION: 'F',
};
