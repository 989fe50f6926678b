/**
 * DICOM channel source (Channel Source Sequence (003A,0208), CID 3001 "ECG Leads") → lead name.
 *
 * | coding scheme | code value          | meaning                           |
 * |---------------|---------------------|-----------------------------------|
 * | SCPECG        | 5.6.3-9-<n>         | SCP-ECG lead code n (scp-leads)   |
 * | MDC           | 2:<n>               | MDC_ECG_LEAD_* term n, same codes |
 * | MDC           | MDC_ECG_LEAD_<name> | reference id spelled out          |
 * Anything else falls back to the code meaning, then the channel label, through canonicalLead.
 */
import { canonicalLead, isStandardLead, type LeadName } from '../ecg/leads.js';
import type { Code } from './dicom-dataset.js';
import { scpLeadName } from './scp-leads.js';

const SCPECG_LEAD = /^5\.6\.3-9-(\d+)$/;
const MDC_LEAD = /^2:(\d+)$/;

export function channelLead(source: Code | undefined, label: string | undefined): LeadName | undefined {
  const value = source?.value ?? '';
  const scheme = (source?.scheme ?? '').toUpperCase();
  const numbered = (scheme === 'SCPECG' ? SCPECG_LEAD : scheme === 'MDC' ? MDC_LEAD : undefined)?.exec(value);
  if (numbered) {
    const lead = scpLeadName(Number(numbered[1]));
    if (lead) return lead;
  }
  for (const name of [value, source?.meaning, label]) {
    if (!name) continue;
    const lead = canonicalLead(name);
    if (isStandardLead(lead)) return lead;
  }
  return source?.meaning ?? label;
}
