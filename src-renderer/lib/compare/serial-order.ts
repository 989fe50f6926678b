/**
 * Serial comparison reads older → newer: A is the earlier ECG, so B − A is the change over time. The route names
 * the two studies in the order the reader picked them; when both acquisition times are known and B is the
 * earlier, the two are swapped. An unknown time (many research files carry none) leaves the reader's order.
 */
export function olderFirst(aAcquiredAt: string | undefined, bAcquiredAt: string | undefined): 'keep' | 'swap' {
  const a = aAcquiredAt === undefined ? NaN : Date.parse(aAcquiredAt);
  const b = bAcquiredAt === undefined ? NaN : Date.parse(bAcquiredAt);
  return Number.isFinite(a) && Number.isFinite(b) && b < a ? 'swap' : 'keep';
}
