/**
 * Patient facts and diagnostic statements from WFDB header comments ("info strings"). Each database has its
 * own convention; those recognised:
 *
 * | database            | comment lines                                              | gives                       |
 * |---------------------|------------------------------------------------------------|-----------------------------|
 * | PhysioNet/CinC 2020–21 | `# Age: 56`, `# Sex: Female`, `# Dx: 251146004,426783006`, `# Rx/Hx/Sx: …` | age, sex, 'SNOMED:<code>' statements, Rx/Hx/Sx details |
 * | LUDB, MACECG        | `#<age>: 51`, `#<sex>: F`, `#<diagnoses>:` then one diagnosis per line | age, sex, free-text statements |
 * | PTB Diagnostic      | `# age: 81`, `# sex: female`, `# Reason for admission: …`   | age, sex, statement         |
 * | MIT-BIH             | `# 69 M 1085 1629 x1` (age, sex, …)                         | age, sex                    |
 *
 * Values a file gives as unknown ("Unknown", "NaN", "?") stay undefined, except sex "Unknown" → 'U'.
 */
import type { Patient, Sex } from '../ecg/record.js';
import type { WfdbHeader } from './wfdb-header.js';

export interface CommentFacts {
  patient: Patient;
  statements: string[];
  /** CinC Rx/Hx/Sx and similar facts that have no EcgRecord field */
  details: Record<string, string>;
}

function sexOf(v: string): Sex | undefined {
  const s = v.trim().toLowerCase();
  if (s === 'm' || s === 'male') return 'M';
  if (s === 'f' || s === 'female') return 'F';
  if (s === 'unknown' || s === 'u') return 'U';
  return undefined;
}

function ageOf(v: string): number | undefined {
  const t = v.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  const a = Number(t);
  return a >= 0 && a < 130 ? a : undefined;
}

const UNKNOWN = /^(unknown|nan|none|\(none\)|n\/a|\?|)$/i;

export function interpretComments(comments: readonly string[]): CommentFacts {
  const patient: Patient = {};
  const statements: string[] = [];
  const details: Record<string, string> = {};
  const addStatement = (s: string) => {
    if (!statements.includes(s)) statements.push(s);
  };
  let inDiagnoses = false;

  for (const line of comments) {
    // LUDB / MACECG: one or more "<key>: value" pairs on a line
    const tagged = [...line.matchAll(/<([^>]+)>:\s*([^<]*)/g)];
    if (tagged.length) {
      inDiagnoses = false;
      for (const [, key, value] of tagged) {
        const k = key!.trim().toLowerCase();
        const v = value!.trim();
        if (k === 'age') patient.age ??= ageOf(v);
        else if (k === 'sex') patient.sex ??= sexOf(v);
        else if (k === 'diagnoses') {
          if (!UNKNOWN.test(v)) addStatement(v);
          inDiagnoses = tagged.length === 1 && v === '';
        } else if (!UNKNOWN.test(v)) details[k] = v;
      }
      continue;
    }
    if (inDiagnoses) {
      if (line.trim() !== '') addStatement(line.trim());
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z ()/]*?)\s*:\s*(.*)$/.exec(line);
    if (kv) {
      const key = kv[1]!.toLowerCase();
      const value = kv[2]!.trim();
      if (key === 'age') patient.age ??= ageOf(value);
      else if (key === 'sex') patient.sex ??= sexOf(value);
      else if (key === 'dx') {
        for (const code of value.split(/[,\s]+/)) if (/^\d+$/.test(code)) addStatement(`SNOMED:${code}`);
      } else if ((key === 'rx' || key === 'hx' || key === 'sx') && !UNKNOWN.test(value)) details[key] = value;
      else if (key === 'reason for admission' && !UNKNOWN.test(value)) addStatement(value);
      continue;
    }
    // MIT-BIH: "69 M 1085 1629 x1"
    const mit = /^(\d{1,3})\s+([MF])\b/.exec(line);
    if (mit && patient.age === undefined && patient.sex === undefined) {
      patient.age = ageOf(mit[1]!);
      patient.sex = sexOf(mit[2]!);
    }
  }
  if (patient.age === undefined) delete patient.age;
  if (patient.sex === undefined) delete patient.sex;
  return { patient, statements, details };
}

/**
 * True for headers in the PhysioNet/CinC 2020–2021 layout: a `Dx:` comment of SNOMED codes, or .mat signal files
 * with `Age:`/`Sex:` comments.
 */
export function isCincHeader(h: WfdbHeader): boolean {
  if (h.comments.some((c) => /^dx\s*:\s*\d+/i.test(c))) return true;
  const matSignals = h.kind === 'single' && h.signals.length > 0 && h.signals.every((s) => /\.mat$/i.test(s.file));
  return matSignals && h.comments.some((c) => /^(age|sex)\s*:/i.test(c));
}
