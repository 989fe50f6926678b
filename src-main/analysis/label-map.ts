/**
 * Stored labels → the model's superclasses, for the label-quality audit (studies whose stored label disagrees
 * with the prediction). The tables are the training pipeline's own (models/training/labels), so the audit judges
 * a prediction by the same mapping the model was trained on:
 *
 * | table                  | key                                   | statements it maps                        |
 * |------------------------|---------------------------------------|-------------------------------------------|
 * | snomed_superclass.csv  | SNOMED CT code                        | 'SNOMED:<code>' (CinC `# Dx`, see wfdb-comments.ts) |
 * | ludb_superclass.csv    | LUDB diagnosis, without its full stop | 'Rhythm: Sinus rhythm.' and the like      |
 *
 * A row's superclass is a class, several joined by ';', or a marker (models/training/ecgdata.py `superclasses`):
 * NORM = a sinus rhythm (normal when nothing else gives a class), none = no class and compatible with normal,
 * not-NORM = no class but not normal. The rule, as in training: the non-NORM classes found, else NORM when a
 * NORM row is present and no not-NORM row, else no label. A statement in neither table leaves the study without
 * a label (undetermined), so an unmapped code never counts as a disagreement.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultModelDir } from '../model/default-model.js';

export const LABEL_FILES = { snomed: 'snomed_superclass.csv', ludb: 'ludb_superclass.csv' } as const;
const MARKERS = new Set(['NORM', 'none', 'not-NORM']);

export type StudyLabel = { classes: string[] } | { classes?: undefined; reason: string };

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
    out.set(row[key]!, targets);
  }
  return out;
}

export class LabelMap {
  constructor(
    private readonly snomed: Map<string, string[]>,
    private readonly ludb: Map<string, string[]>,
    readonly classes: readonly string[],
  ) {}

  static parse(texts: { snomed: string; ludb: string }, classes: readonly string[]): LabelMap {
    return new LabelMap(table(texts.snomed, LABEL_FILES.snomed, 'code', classes), table(texts.ludb, LABEL_FILES.ludb, 'diagnosis', classes), classes);
  }

  /** Targets of one statement, or undefined when no table knows it. */
  targets(statement: string): string[] | undefined {
    const s = statement.trim();
    const code = /^SNOMED:(\d+)$/i.exec(s);
    if (code) return this.snomed.get(code[1]!);
    return this.ludb.get(s.replace(/\.$/, '').trim());
  }

  labelOf(statements: readonly string[]): StudyLabel {
    if (!statements.length) return { reason: 'no stored label' };
    const targets: string[] = [];
    for (const st of statements) {
      const t = this.targets(st);
      if (!t) return { reason: `no superclass for "${st}"` };
      targets.push(...t);
    }
    const found = this.classes.filter((c) => c !== 'NORM' && targets.includes(c));
    if (found.length) return { classes: found };
    if (targets.includes('NORM') && !targets.includes('not-NORM')) return { classes: ['NORM'] };
    return { reason: `no superclass: ${statements.join(', ')}` };
  }
}

/** models/training/labels beside the installed model packages. */
export function labelDir(modelsDir: string = dirname(defaultModelDir())): string {
  return join(modelsDir, 'training', 'labels');
}

export function loadLabelMap(classes: readonly string[], dir: string = labelDir()): LabelMap {
  const paths = { snomed: join(dir, LABEL_FILES.snomed), ludb: join(dir, LABEL_FILES.ludb) };
  for (const p of Object.values(paths)) {
    if (!existsSync(p)) throw new Error(`${p} is missing: the label audit maps stored labels with the training label tables`);
  }
  return LabelMap.parse({ snomed: readFileSync(paths.snomed, 'utf8'), ludb: readFileSync(paths.ludb, 'utf8') }, classes);
}
