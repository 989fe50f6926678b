/**
 * Finding a study's explanation in what the API returned. getStudy carries it as `explanation` once the
 * analysis store provides it (a future getAnalysis may return the same object): either the contract's
 * StudyExplanation ({explanation, legend}) or a bare Explanation, whose views carry their own clusters. Until
 * then the viewer says "not analysed". Whatever arrives is checked against the contract's schemas before
 * anything is drawn.
 */
import { Explanation, StudyExplanation } from '../../../src-main/api/contract/explanation.js';

export type ExplanationLookup =
  | { state: 'absent' }
  | { state: 'invalid'; reason: string }
  | { state: 'present'; value: StudyExplanation };

function firstIssue(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0]!;
  return `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`;
}

export function explanationIn(result: unknown): ExplanationLookup {
  const raw = typeof result === 'object' && result !== null ? (result as { explanation?: unknown }).explanation : undefined;
  if (raw === undefined || raw === null) return { state: 'absent' };
  const wrapped = typeof raw === 'object' && 'explanation' in raw;
  if (wrapped) {
    const parsed = StudyExplanation.safeParse(raw);
    return parsed.success ? { state: 'present', value: parsed.data } : { state: 'invalid', reason: firstIssue(parsed.error) };
  }
  const bare = Explanation.safeParse(raw);
  if (!bare.success) return { state: 'invalid', reason: firstIssue(bare.error) };
  return { state: 'present', value: { explanation: bare.data, legend: bare.data.views.map((v) => ({ view: v.view, clusters: v.clusters })) } };
}
