import { type Cents, Money } from '@plafond/core';

/**
 * A share in percent as the exact fraction n / d (d > 0) of two amounts in cents: what the signals compare with their
 * thresholds and show, and what `percentage` gives, without a Decimal division per series (an answer for one aanbieder
 * has dozens of series).
 * `negatieveNul` keeps the sign Decimal gives 0 / a negative amount, so texts read as before.
 */
export interface Deel {
  n: bigint;
  d: bigint;
  negatieveNul?: boolean;
}
export const deelVan = (teller: Cents, noemer: Cents): Deel =>
  noemer === 0n ? { n: 0n, d: 1n } : noemer < 0n ? { n: -teller * 100n, d: -noemer, negatieveNul: teller === 0n } : { n: teller * 100n, d: noemer };
const breuken = new Map<number, readonly [bigint, bigint]>();
/** A threshold (a plain number, as Decimal reads it) as an exact fraction. */
export function breuk(x: number): readonly [bigint, bigint] {
  let b = breuken.get(x);
  if (!b) {
    const [n, d] = new Money(x).toFraction();
    b = [BigInt(n.toFixed(0)), BigInt(d.toFixed(0))] as const;
    if (breuken.size > 1000) breuken.clear();
    breuken.set(x, b);
  }
  return b;
}
/** -1, 0 or 1 as the share is below, at or above the threshold `x` (percent). */
export function vergelijk(a: Deel, x: number): number {
  const [n, d] = breuk(x);
  const l = a.n * d;
  const r = n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}
/** The share with `k` decimals, rounded half away from zero like Decimal's toFixed. */
export function vast(a: Deel, k: number): string {
  const schaal = 10n ** BigInt(k);
  const neg = a.n < 0n || (a.n === 0n && a.negatieveNul === true);
  const abs = a.n < 0n ? -a.n : a.n;
  const s = ((abs * schaal * 2n + a.d) / (2n * a.d)).toString().padStart(k + 1, '0');
  const t = k ? `${s.slice(0, -k)}.${s.slice(-k)}` : s;
  return neg ? `-${t}` : t;
}
