import type { Datum } from '@plafond/core';
import { sqlRijen, type Db } from '../db';
import type { DomeinCode } from '../types';

/** One StartProduct (305) or StopProduct (307) as received, with the retourcodes it was answered with. */
export interface NieuweLevering {
  berichtId: string;
  soort: 'start' | 'stop';
  aanbiederId: number;
  gemeente: string;
  domein: DomeinCode;
  clientId: string;
  /** The toewijzing it belongs to (TR019); null when it could not be linked. */
  toewijzingId: string | null;
  toewijzingNummer: string | null;
  productcategorie: string | null;
  productcode: string | null;
  begindatum: Datum;
  /** Stop only. */
  einddatum: Datum | null;
  redenBeeindiging: string | null;
  statusAanlevering: string;
  /** Empty when accepted. */
  retourcodes: string[];
}

export interface LeveringRij extends NieuweLevering {
  id: string;
}

/** Stores one received start or stop. */
export async function slaLeveringOp(db: Db, l: NieuweLevering): Promise<string> {
  const [r] = await sqlRijen<{ id: string }>(
    db,
    `INSERT INTO levering (bericht_id, soort, aanbieder_id, gemeente_code, domein, client_id, toewijzing_id, toewijzing_nummer, productcategorie,
       productcode, begindatum, einddatum, reden_beeindiging, status_aanlevering, retourcodes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::text[]) RETURNING id::text`,
    [l.berichtId, l.soort, l.aanbiederId, l.gemeente, l.domein, l.clientId, l.toewijzingId, l.toewijzingNummer, l.productcategorie,
      l.productcode, l.begindatum, l.einddatum, l.redenBeeindiging, l.statusAanlevering, l.retourcodes],
  );
  return r.id;
}

/**
 * The accepted starts and stops on these toewijzingen in the order they were received — the history the
 * cross-message rules of 305/307 derive the current deliveries from.
 */
export async function leveringenOpToewijzingen(db: Db, toewijzingIds: string[]): Promise<LeveringRij[]> {
  if (!toewijzingIds.length) return [];
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT id::text AS id, bericht_id::text AS bericht_id, soort, aanbieder_id, gemeente_code, domein, client_id::text AS client_id,
            toewijzing_id::text AS toewijzing_id, toewijzing_nummer, productcategorie, productcode, begindatum, einddatum, reden_beeindiging,
            status_aanlevering, retourcodes
       FROM levering WHERE toewijzing_id = ANY($1::bigint[]) AND retourcodes = '{}' ORDER BY id`,
    [toewijzingIds],
  );
  return rijen.map((r) => ({
    id: r.id as string, berichtId: r.bericht_id as string, soort: r.soort as 'start' | 'stop', aanbiederId: r.aanbieder_id as number,
    gemeente: r.gemeente_code as string, domein: r.domein as DomeinCode, clientId: r.client_id as string, toewijzingId: r.toewijzing_id as string | null,
    toewijzingNummer: r.toewijzing_nummer as string | null, productcategorie: r.productcategorie as string | null, productcode: r.productcode as string | null,
    begindatum: r.begindatum as Datum, einddatum: r.einddatum as Datum | null, redenBeeindiging: r.reden_beeindiging as string | null,
    statusAanlevering: r.status_aanlevering as string, retourcodes: r.retourcodes as string[],
  }));
}

/**
 * TR318: the months (of those asked, `YYYY-MM`) in which the aanbieder delivered care to this gemeente in
 * this domein: an accepted start on or before the month's end whose delivery was not stopped before the
 * month began.
 */
export async function maandenMetLevering(db: Db, aanbiederId: number, gemeente: string, domein: DomeinCode, maanden: string[]): Promise<Set<string>> {
  if (!maanden.length) return new Set();
  const rijen = await sqlRijen<{ maand: string }>(
    db,
    `SELECT m.maand
       FROM unnest($4::text[]) AS m(maand)
      WHERE EXISTS (
        SELECT 1 FROM levering s
         WHERE s.aanbieder_id = $1 AND s.gemeente_code = $2 AND s.domein = $3 AND s.soort = 'start' AND s.retourcodes = '{}'
           AND s.status_aanlevering <> '3'
           AND s.begindatum <= (to_date(m.maand, 'YYYY-MM') + interval '1 month' - interval '1 day')::date
           AND NOT EXISTS (
             SELECT 1 FROM levering e
              WHERE e.soort = 'stop' AND e.retourcodes = '{}' AND e.status_aanlevering <> '3'
                AND e.aanbieder_id = s.aanbieder_id AND e.toewijzing_id IS NOT DISTINCT FROM s.toewijzing_id AND e.client_id = s.client_id
                AND e.einddatum < to_date(m.maand, 'YYYY-MM')))`,
    [aanbiederId, gemeente, domein, maanden],
  );
  return new Set(rijen.map((r) => r.maand));
}
