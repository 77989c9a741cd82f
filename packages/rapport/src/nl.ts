import { formatEuro, type Cents } from '@plafond/core';

/** Euros as a Dutch reader writes them: `€ 18.429.514,00`, `-€ 12,50`. */
export function formatEuroNl(c: Cents): string {
  const neg = c < 0n;
  const [geheel, cent] = formatEuro(neg ? -c : c).split('.');
  return `${neg ? '-' : ''}€ ${geheel.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cent}`;
}
