/** The BSN elfproef: nine digits, sum of digit x (9..2) minus last digit, divisible by 11. */
export function isGeldigBsn(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (bsn.charCodeAt(i) - 48) * (9 - i);
  sum -= bsn.charCodeAt(8) - 48;
  return sum % 11 === 0 && bsn !== '000000000';
}
