import Decimal from 'decimal.js';
import type { Cents } from './geld';

// Everything a person reads shows amounts and shares the Dutch way: `€ 18.429.514,00`, `12,5%`.
// One function each, so the CLI, reports and screens cannot drift apart.

function groepeer(geheel: string): string {
  return geheel.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** Cents as euros for people: `€ 18.429.514,00`, `-€ 12,50` (a dot groups thousands, a comma separates cents). */
export function formatEuroNl(c: Cents): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}€ ${groepeer(String(a / 100n))},${String(a % 100n).padStart(2, '0')}`;
}

/**
 * A percentage for people with a decimal comma: `formatPercentNl('12.34')` is `12,3%`. The value is
 * already in percent (0–100+); it is rounded half away from zero to `decimalen` places.
 */
export function formatPercentNl(pct: Decimal.Value, decimalen = 1): string {
  const d = new Decimal(pct).toDecimalPlaces(decimalen, Decimal.ROUND_HALF_UP);
  const [geheel, fractie] = d.abs().toFixed(decimalen).split('.');
  const teken = d.isNegative() && !d.isZero() ? '-' : '';
  return `${teken}${groepeer(geheel)}${fractie ? `,${fractie}` : ''}%`;
}
