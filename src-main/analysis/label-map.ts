/**
 * Stored labels → the model's superclasses, for the label-quality audit (studies whose stored label disagrees
 * with the prediction). The tables live in models/training/labels, shipped beside the model. The SNOMED and LUDB
 * tables are the training pipeline's own (models/training/ecgdata.py reads them), so CinC and LUDB labels are judged
 * by the mapping the model was trained on. No training code reads statement_superclass.csv: it is the app's audit
 * table only.
 *
 * | table                     | key                                   | statements it maps                        |
 * |---------------------------|---------------------------------------|-------------------------------------------|
 * | snomed_superclass.csv     | SNOMED CT code                        | 'SNOMED:<code>' (CinC `# Dx`, see wfdb-comments.ts) |
 * | ludb_superclass.csv       | LUDB diagnosis, without its full stop | 'Rhythm: Sinus rhythm.' and the like      |
 * | statement_superclass.csv  | a phrase of free text (statement-text.ts) | interpretive statements of MUSE, Philips, aECG, DICOM, SCP-ECG, PTB Diagnostic: 'PROBABLE LEFT VENTRICULAR HYPERTROPHY', 'Inferior infarct, age undetermined' |
 *
 * A row's superclass is a class, several joined by ';', or a marker (models/training/ecgdata.py `superclasses`):
 * NORM = a sinus rhythm or a normal ECG (normal when nothing else gives a class), none = no class and compatible
 * with normal, not-NORM = no class but not normal. The rule, as in training: the non-NORM classes found, else NORM
 * when a NORM row is present and no not-NORM row, else no label. A statement no table reads leaves the study
 * without a label (undetermined), so an unmapped statement never counts as a disagreement.
 *
 * Qualifiers of free text (statement-text.ts): a negated phrase says nothing of its class (a negated NORM rules
 * normal out); a hedged class ("possible", "consider", "borderline", "cannot rule out") is undecided: not in the
 * label, not held against a model that calls it (StudyLabel.uncertain), and the study is not normal; an affirmed
 * one ("probable", "consistent with") counts as a plain statement.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultModelDir } from '../model/default-model.js';
import { PhraseIndex } from './statement-text.js';

export const LABEL_FILES = { snomed: 'snomed_superclass.csv', ludb: 'ludb_superclass.csv', statements: 'statement_superclass.csv' } as const;
const MARKERS = new Set(['NORM', 'none', 'not-NORM']);

/** classes: the label; uncertain: classes only hedged statements raise, which no triage holds for or against the model */
export type StudyLabel = { classes: string[]; uncertain?: string[] } | { classes?: undefined; reason: string };

/** What one statement says: its targets (classes and markers) and the classes it only raises as possible. */
export interface StatementReading {
  targets: string[];
  uncertain: string[];
}

export type LabelTexts = Record<keyof typeof LABEL_FILES, string>;

/**
 * RFC 4180 rows: fields separated by commas, a field in double quotes may hold commas and doubled quotes.
 * Returns the rows as objects keyed by the header row.
 */
export function parseCsv(text: string, file: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field), (field = '');
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (quoted) throw new Error(`${file}: a quoted field is not closed`);
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  const [header, ...body] = rows;
  if (!header) throw new Error(`${file}: empty`);
  return body.map((r, n) => {
    if (r.length !== header.length) throw new Error(`${file}: row ${n + 2} has ${r.length} fields, the header ${header.length}`);
    return Object.fromEntries(header.map((h, i) => [h, r[i]!]));
  });
}

function table(text: string, file: string, key: string, classes: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const row of parseCsv(text, file)) {
    const targets = (row.superclass ?? '').split(';');
    const bad = targets.filter((t) => !classes.includes(t) && !MARKERS.has(t));
    if (!row[key] || bad.length) throw new Error(`${file}: row "${row[key] ?? ''}" needs a superclass among ${[...classes, ...MARKERS].join(', ')}`);
    if (!row.reason?.trim()) throw new Error(`${file}: row "${row[key]}" needs a reason`);
    out.set(row[key]!, targets);
  }
  return out;
}

function phraseIndex(text: string, classes: readonly string[]): PhraseIndex<string[]> {
  const rows = table(text, LABEL_FILES.statements, 'phrase', classes);
  try {
    return new PhraseIndex([...rows].map(([phrase, targets]) => ({ text: phrase, value: targets })));
  } catch (e) {
    throw new Error(`${LABEL_FILES.statements}: ${(e as Error).message}`);
  }
}

/** A qualified phrase's targets: negation keeps only "not normal", a hedge makes its classes uncertain. */
function qualified(targets: readonly string[], qualifier: string | undefined, into: StatementReading): void {
  for (const t of targets) {
    const isClass = !MARKERS.has(t);
    if (qualifier === 'negation') {
      if (t === 'NORM') into.targets.push('not-NORM');
    } else if (qualifier === 'hedge') {
      if (isClass) into.uncertain.push(t);
      if (t !== 'none') into.targets.push('not-NORM');
    } else into.targets.push(t);
  }
}

export class LabelMap {
  constructor(
    private readonly snomed: Map<string, string[]>,
    private readonly ludb: Map<string, string[]>,
    private readonly statements: PhraseIndex<string[]>,
    readonly classes: readonly string[],
  ) {}

  static parse(texts: LabelTexts, classes: readonly string[]): LabelMap {
    return new LabelMap(
      table(texts.snomed, LABEL_FILES.snomed, 'code', classes),
      table(texts.ludb, LABEL_FILES.ludb, 'diagnosis', classes),
      phraseIndex(texts.statements, classes),
      classes,
    );
  }

  /** What one statement says, or undefined when no table reads it. */
  read(statement: string): StatementReading | undefined {
    const s = statement.trim();
    const code = /^SNOMED:(\d+)$/i.exec(s);
    if (code) {
      const t = this.snomed.get(code[1]!);
      return t && { targets: t, uncertain: [] };
    }
    const ludb = this.ludb.get(s.replace(/\.$/, '').trim());
    if (ludb) return { targets: ludb, uncertain: [] };
    const matches = this.statements.read(s);
    if (!matches) return undefined;
    const out: StatementReading = { targets: [], uncertain: [] };
    for (const m of matches) qualified(m.value, m.qualifier, out);
    return out;
  }

  labelOf(statements: readonly string[]): StudyLabel {
    if (!statements.length) return { reason: 'no stored label' };
    const targets: string[] = [];
    const uncertain: string[] = [];
    for (const st of statements) {
      const r = this.read(st);
      if (!r) return { reason: `no superclass for "${st}"` };
      targets.push(...r.targets);
      uncertain.push(...r.uncertain);
    }
    const found = this.classes.filter((c) => c !== 'NORM' && targets.includes(c));
    const doubt = this.classes.filter((c) => uncertain.includes(c) && !found.includes(c));
    if (found.length) return doubt.length ? { classes: found, uncertain: doubt } : { classes: found };
    if (targets.includes('NORM') && !targets.includes('not-NORM')) return { classes: ['NORM'] };
    if (doubt.length) return { reason: `only possible ${doubt.join(', ')}: ${statements.join(', ')}` };
    return { reason: `no superclass: ${statements.join(', ')}` };
  }
}

/** models/training/labels beside the installed model packages. */
export function labelDir(modelsDir: string = dirname(defaultModelDir())): string {
  return join(modelsDir, 'training', 'labels');
}

export function loadLabelMap(classes: readonly string[], dir: string = labelDir()): LabelMap {
  const texts = {} as LabelTexts;
  for (const [key, file] of Object.entries(LABEL_FILES) as Array<[keyof LabelTexts, string]>) {
    const p = join(dir, file);
    if (!existsSync(p)) throw new Error(`${p} is missing: the label audit maps stored labels with the training label tables`);
    texts[key] = readFileSync(p, 'utf8');
  }
  return LabelMap.parse(texts, classes);
}
