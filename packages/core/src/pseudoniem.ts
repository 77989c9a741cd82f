import { createHmac } from 'node:crypto';

/**
 * Keyed pseudonym of a BSN for every view that must not show it (contractmanager, gemeente,
 * reports): HMAC-SHA256 with the region's secret key, shortened to 16 hex characters.
 */
export function pseudoniem(bsn: string, sleutel: string): string {
  return 'P' + createHmac('sha256', sleutel).update(bsn).digest('hex').slice(0, 15).toUpperCase();
}
