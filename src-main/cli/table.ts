/**
 * The plain-text tables the commands print (list, triage, jobs): fixed-width columns two spaces apart, a text
 * longer than its column cut with an ellipsis, trailing blanks trimmed.
 */

/** Header, width (0: as wide as its text, for the last column), and the cell of one row. */
export type Column<T> = readonly [header: string, width: number, value: (row: T) => string];

function cell(text: string, width: number): string {
  if (!width) return text;
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** The header line, then one line per row. */
export function tableLines<T>(columns: readonly Column<T>[], rows: readonly T[]): string[] {
  const line = (text: (c: Column<T>) => string) => columns.map((c) => cell(text(c), c[1])).join('  ').trimEnd();
  return [line(([header]) => header), ...rows.map((r) => line(([, , value]) => value(r)))];
}
