import Decimal from 'decimal.js';

/**
 * Money convention of Plafond: amounts are integer eurocents as `bigint` from the edge to the
 * database (PostgreSQL `bigint`), exactly like the iStandaarden carry them. Arithmetic that can
 * produce fractions (tariff x minutes / 60, shares, prognoses) runs on `Decimal` and is rounded to
 * whole cents once, half away from zero.
 */
export type Cents = bigint;

export const Money = /* @__PURE__ */ Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

/** Rounds a decimal amount of cents to whole cents (half away from zero). */
export function toCents(v: Decimal.Value): Cents {
  const d = new Money(v).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return BigInt(d.toFixed(0));
}

/** Parses a euro amount as written by people ("1234.5", "1.234,50", "1234,5") into cents. */
export function parseEuro(input: string): Cents {
  const s = input.trim().replace(/^€\s*/, '');
  let norm: string;
  // A single separator is the decimal separator; grouping is recognised only when it is unambiguous.
  if (/^-?\d{1,3}(\.\d{3}){2,}(,\d+)?$/.test(s) || /^-?\d{1,3}(\.\d{3})+,\d+$/.test(s)) norm = s.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d{1,3}(,\d{3}){2,}(\.\d+)?$/.test(s) || /^-?\d{1,3}(,\d{3})+\.\d+$/.test(s)) norm = s.replace(/,/g, '');
  else if (/^-?\d+([.,]\d+)?$/.test(s)) norm = s.replace(',', '.');
  else throw new RangeError(`geen geldig bedrag: ${JSON.stringify(input)}`);
  const cents = new Money(norm).mul(100);
  if (!cents.isInteger()) throw new RangeError(`bedrag heeft meer dan twee decimalen: ${JSON.stringify(input)}`);
  return BigInt(cents.toFixed(0));
}

/** Formats cents as euros with two decimals and a decimal point, e.g. `1234.50`. */
export function formatEuro(c: Cents): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  const s = `${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
  return neg ? `-${s}` : s;
}

/** Cents as a Decimal of euros, for reports. */
export function centsToEuro(c: Cents): Decimal {
  return new Money(c.toString()).div(100);
}

export function sumCents(values: Iterable<Cents>): Cents {
  let t = 0n;
  for (const v of values) t += v;
  return t;
}
