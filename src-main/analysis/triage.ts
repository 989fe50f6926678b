/**
 * Triage lists: the studies a reader should look at first.
 *
 * | kind         | studies                                                         | first                     |
 * |--------------|-----------------------------------------------------------------|---------------------------|
 * | disagreement | the surrogate (cluster proportions → forest) calls some class otherwise than the CNN | least agreement, then the most confident CNN |
 * | uncertainty  | every analysed study                                            | highest mean uncertainty  |
 * | label        | the stored label (CinC `# Dx`, LUDB diagnoses, MUSE/Philips/aECG/DICOM/SCP statements; label-map.ts) maps to other classes than the model calls: the label-quality audit of the seed paper | most classes differing, then the most confident CNN |
 *
 * A class the stored statements only raise as possible ("consider inferior ischemia") counts neither way: the
 * model may call it or not.
 */
import type { Archive } from '../store/archive.js';
import { cohortRows, triageSummaries } from '../store/cohort-rows.js';
import type { StudyQuery } from '../store/study-query.js';
import type { StudySummary } from '../store/study-summary.js';
import type { LabelMap } from './label-map.js';

export const TRIAGE_KINDS = ['disagreement', 'uncertainty', 'label'] as const;
export type TriageKind = (typeof TRIAGE_KINDS)[number];

export interface TriageItem {
  summary: StudySummary;
  /** what orders the list (higher first): 1 − agreement, the uncertainty, or the count of differing classes */
  score: number;
  reason: string;
  /** label triage: the stored label's classes and the model's called classes */
  labelClasses?: string[];
  predicted?: string[];
}

export interface TriageList {
  kind: TriageKind;
  items: TriageItem[];
  /** label triage: how many studies disagree in all (the list holds the first `limit`) */
  total?: number;
}

const pct = (v: number) => `${Math.round(v * 100)} %`;

export function triage(archive: Archive, kind: TriageKind, limit: number, filters: StudyQuery = {}, labels?: LabelMap): TriageList {
  if (kind === 'disagreement') {
    const items = triageSummaries(archive.db, 'disagreement', limit, filters).map((summary) => {
      const a = summary.analysis!.surrogateAgreement!;
      return { summary, score: 1 - a, reason: `surrogate agrees with the CNN on ${pct(a)} of the classes` };
    });
    return { kind, items };
  }
  if (kind === 'uncertainty') {
    const items = triageSummaries(archive.db, 'uncertainty', limit, filters).map((summary) => {
      const u = summary.analysis!.uncertainty!;
      return { summary, score: u, reason: `mean cluster uncertainty ${u.toFixed(3)}` };
    });
    return { kind, items };
  }
  if (!labels) throw new Error('the label audit needs the label tables');
  const found: Array<{ studyId: number; score: number; p: number; label: string[]; possible: string[]; called: string[] }> = [];
  for (const r of cohortRows(archive.db, filters)) {
    const stored = labels.labelOf(r.statements);
    if (!stored.classes) continue;
    const { classes: label, uncertain: possible = [] } = stored;
    const called = r.called ?? (r.topClass ? [r.topClass] : []);
    const differing = new Set([...label.filter((c) => !called.includes(c)), ...called.filter((c) => !label.includes(c) && !possible.includes(c))]).size;
    if (differing) found.push({ studyId: r.studyId, score: differing, p: r.maxProbability ?? 0, label, possible, called });
  }
  found.sort((a, b) => b.score - a.score || b.p - a.p || a.studyId - b.studyId);
  const items = found.slice(0, limit).map((f) => ({
    summary: archive.studies.summary(f.studyId)!,
    score: f.score,
    reason: `stored label ${f.label.join(', ')}${f.possible.length ? ` (possible ${f.possible.join(', ')}, not counted)` : ''}; the model calls ${f.called.join(', ') || 'no class'}`,
    labelClasses: f.label,
    predicted: f.called,
  }));
  return { kind, items, total: found.length };
}
