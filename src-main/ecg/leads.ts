/**
 * Lead names and the mapping of vendor spellings onto canonical ones.
 *
 * Canonical 12-lead order is the one clinicians read and the model is trained on:
 * I, II, III, aVR, aVL, aVF, V1–V6. Other leads (Frank X/Y/Z, MLII, V3R, …) keep their own name.
 */

export const STANDARD_LEADS = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] as const;
export type StandardLead = (typeof STANDARD_LEADS)[number];
/** Any lead name: a canonical one or a source's own name for a non-standard lead. */
export type LeadName = StandardLead | (string & {});

/** Leads computable from I and II by Einthoven's and Goldberger's relations. */
export const DERIVABLE_LEADS = ['III', 'aVR', 'aVL', 'aVF'] as const;

const ALIASES: Record<string, StandardLead> = {};
for (const lead of STANDARD_LEADS) ALIASES[lead.toLowerCase()] = lead;
const EXTRA: Array<[string, StandardLead]> = [
  ['di', 'I'], ['dii', 'II'], ['diii', 'III'],
  ['lead i', 'I'], ['lead ii', 'II'], ['lead iii', 'III'],
  ['lead i (einthoven)', 'I'], ['lead ii (einthoven)', 'II'], ['lead iii (einthoven)', 'III'],
  ['avr', 'aVR'], ['avl', 'aVL'], ['avf', 'aVF'], // '-aVR' (inverted, Cabrera) keeps its own name: mapping it would flip polarity
  ['lead avr', 'aVR'], ['lead avl', 'aVL'], ['lead avf', 'aVF'],
  ['lead avr (goldberger)', 'aVR'], ['lead avl (goldberger)', 'aVL'], ['lead avf (goldberger)', 'aVF'],
  ['mdc_ecg_lead_i', 'I'], ['mdc_ecg_lead_ii', 'II'], ['mdc_ecg_lead_iii', 'III'],
  ['mdc_ecg_lead_avr', 'aVR'], ['mdc_ecg_lead_avl', 'aVL'], ['mdc_ecg_lead_avf', 'aVF'],
];
for (const [alias, lead] of EXTRA) ALIASES[alias] = lead;
for (let v = 1; v <= 6; v++) {
  const lead = `V${v}` as StandardLead;
  for (const alias of [`v${v}`, `lead v${v}`, `c${v}`, `mdc_ecg_lead_v${v}`, `lead v${v} (wilson)`]) ALIASES[alias] = lead;
}

/**
 * Canonical name of a lead as spelled by a source file. Unknown names are returned trimmed but otherwise
 * unchanged (missing is missing: we do not guess that "ECG1" is lead I).
 */
export function canonicalLead(name: string): LeadName {
  const trimmed = name.trim();
  const key = trimmed.toLowerCase().replace(/\s+/g, ' ');
  return ALIASES[key] ?? trimmed;
}

export function isStandardLead(name: string): name is StandardLead {
  return (STANDARD_LEADS as readonly string[]).includes(name);
}

/** Sort key: standard leads first in clinical order, then others in their given order. */
export function leadOrder(name: string): number {
  const i = (STANDARD_LEADS as readonly string[]).indexOf(name);
  return i >= 0 ? i : STANDARD_LEADS.length;
}
