import type { Cents, Datum } from '@plafond/core';
import { sqlRijen, type Db, type DomeinCode } from '@plafond/db';
import { percentage } from '@plafond/budget';
import { peilMaandIn } from './reeksen';

/** Which figure's source rows: one aanbieder × domein × year, optionally one gemeente and one month. */
export interface BronVraag {
  jaar: number;
  agbCode: string;
  domein: DomeinCode;
  gemeente?: string;
  /** 1–12: the month of the figure (ProductPeriode month; for OHW the month of the report). */
  maand?: number;
  /** At most this many rows (default 1000), newest first. */
  limiet?: number;
}

/** A booked prestatie behind realisatie: clients by pseudonym only. */
export interface PrestatieBron {
  prestatieId: string;
  declaratieId: string;
  declaratieNummer: string;
  gemeente: string;
  clientPseudoniem: string | null;
  toewijzingNummer: string | null;
  referentieNummer: string;
  productcategorie: string;
  productcode: string | null;
  periodeBegin: Datum;
  periodeEind: Datum;
  debetCredit: 'D' | 'C';
  beslissing: string;
  /** Signed: a credit counts negative. */
  toegekend: Cents;
  ingediend: Cents;
}

export interface OhwBron {
  ohwRegelId: string;
  gemeente: string;
  /** The report month the row comes from. */
  peilmaand: string;
  periode: string;
  toewijzingId: string;
  bedrag: Cents;
}

export interface ToewijzingBron {
  toewijzingId: string;
  toewijzingNummer: string;
  gemeente: string;
  clientPseudoniem: string;
  productcategorie: string | null;
  productcode: string | null;
  ingangsdatum: Datum;
  einddatum: Datum | null;
  status: string;
  maand: number;
  toegewezen: Cents;
}

const aanbiederId = `(SELECT id FROM aanbieder WHERE agb_code = $1)`;

/** The prestaties behind the realisatie (and declared and held amounts) of a figure, by the aanbieder's period index. */
export async function prestatieBronnen(db: Db, v: BronVraag): Promise<PrestatieBron[]> {
  const rijen = await sqlRijen<Record<string, string | null>>(
    db,
    `SELECT p.id::text AS id, p.declaratie_id::text AS declaratie_id, d.declaratie_nummer, p.gemeente_code, c.pseudoniem, p.toewijzing_nummer,
            p.referentie_nummer, p.productcategorie, p.productcode, p.periode_begin, p.periode_eind, p.debet_credit, p.beslissing::text AS beslissing,
            coalesce(p.toegekend_cents, 0)::text AS toegekend, p.ingediend_cents::text AS ingediend
       FROM prestatie p JOIN declaratie d ON d.id = p.declaratie_id LEFT JOIN client c ON c.id = p.client_id
      WHERE p.aanbieder_id = ${aanbiederId} AND p.domein = $2
        AND p.periode_begin >= make_date($3, coalesce($5::int, 1), 1)
        AND p.periode_begin < CASE WHEN $5::int IS NULL THEN make_date($3 + 1, 1, 1) ELSE make_date($3, $5::int, 1) + interval '1 month' END
        AND ($4::text IS NULL OR p.gemeente_code = $4)
      ORDER BY p.periode_begin DESC, p.id DESC LIMIT $6`,
    [v.agbCode, v.domein, v.jaar, v.gemeente ?? null, v.maand ?? null, v.limiet ?? 1000],
  );
  return rijen.map((r) => {
    const teken = r.debet_credit === 'C' ? -1n : 1n;
    return {
      prestatieId: r.id!, declaratieId: r.declaratie_id!, declaratieNummer: r.declaratie_nummer!, gemeente: r.gemeente_code!, clientPseudoniem: r.pseudoniem,
      toewijzingNummer: r.toewijzing_nummer, referentieNummer: r.referentie_nummer!, productcategorie: r.productcategorie!, productcode: r.productcode,
      periodeBegin: r.periode_begin as Datum, periodeEind: r.periode_eind as Datum, debetCredit: r.debet_credit as 'D' | 'C', beslissing: r.beslissing!,
      toegekend: r.beslissing === 'toegekend' ? teken * BigInt(r.toegekend!) : 0n, ingediend: teken * BigInt(r.ingediend!),
    };
  });
}

/**
 * The OHW rows that count in a figure at a peildatum: of the aanbieder's most recent report month on or before it (its
 * latest version), not yet replaced by a granted debet; with `maand`, only the rows of that periode month.
 */
export async function ohwBronnen(db: Db, v: BronVraag & { peildatum: Datum }): Promise<OhwBron[]> {
  const rijen = await sqlRijen<{ ohw_regel_id: string; gemeente_code: string; rapportmaand: string; periode: string; toewijzing_id: string; bedrag_cents: string }>(
    db,
    `SELECT o.ohw_regel_id::text AS ohw_regel_id, o.gemeente_code, o.rapportmaand, o.periode, o.toewijzing_id::text AS toewijzing_id, o.bedrag_cents::text AS bedrag_cents
       FROM ohw_geteld o
      WHERE o.aanbieder_id = ${aanbiederId} AND o.domein = $2 AND o.periode LIKE $3 AND ($4::text IS NULL OR o.gemeente_code = $4)
        AND o.rapportmaand = (SELECT max(u.maand) FROM ohw_upload u WHERE u.aanbieder_id = o.aanbieder_id AND u.maand <= $6::bpchar)
      ORDER BY o.periode DESC, o.ohw_regel_id LIMIT $5`,
    [v.agbCode, v.domein, v.maand ? `${v.jaar}-${String(v.maand).padStart(2, '0')}` : `${v.jaar}-%`, v.gemeente ?? null, v.limiet ?? 1000, v.peildatum.slice(0, 7)],
  );
  return rijen.map((r) => ({
    ohwRegelId: r.ohw_regel_id, gemeente: r.gemeente_code, peilmaand: r.rapportmaand, periode: r.periode, toewijzingId: r.toewijzing_id, bedrag: BigInt(r.bedrag_cents),
  }));
}

/**
 * The toewijzingen behind toegewezen and verplichtingen: per toewijzing and month what it allows. With a peildatum,
 * only the months after the peildatum's month (what is still to come: the verplichtingen).
 */
export async function toewijzingBronnen(db: Db, v: BronVraag & { peildatum?: Datum }): Promise<ToewijzingBron[]> {
  const vanafMaand = v.maand ?? (v.peildatum ? peilMaandIn(v.jaar, v.peildatum) + 1 : 1);
  const totMaand = v.maand ?? 12;
  const rijen = await sqlRijen<Record<string, string | number | null>>(
    db,
    `SELECT t.id::text AS id, t.toewijzing_nummer, t.gemeente_code, c.pseudoniem, t.productcategorie, t.productcode, t.ingangsdatum, t.einddatum, t.status,
            m.maand, m.toegewezen_cents::text AS toegewezen
       FROM toewijzing_maand m JOIN toewijzing t ON t.id = m.toewijzing_id JOIN client c ON c.id = t.client_id
      WHERE m.aanbieder_id = ${aanbiederId} AND m.domein = $2 AND m.jaar = $3 AND m.maand BETWEEN $4 AND $5
        AND ($6::text IS NULL OR m.gemeente_code = $6) AND m.toegewezen_cents <> 0
      ORDER BY t.toewijzing_nummer, m.maand LIMIT $7`,
    [v.agbCode, v.domein, v.jaar, vanafMaand, totMaand, v.gemeente ?? null, v.limiet ?? 1000],
  );
  return rijen.map((r) => ({
    toewijzingId: r.id as string, toewijzingNummer: r.toewijzing_nummer as string, gemeente: r.gemeente_code as string, clientPseudoniem: r.pseudoniem as string,
    productcategorie: r.productcategorie as string | null, productcode: r.productcode as string | null, ingangsdatum: r.ingangsdatum as Datum,
    einddatum: r.einddatum as Datum | null, status: r.status as string, maand: Number(r.maand), toegewezen: BigInt(r.toegewezen as string),
  }));
}

/** Verzilvering of one product category of an aanbieder: declared / toegewezen over the months ended at the peildatum. */
export interface Verzilvering {
  domein: DomeinCode;
  productcategorie: string;
  gedeclareerd: Cents;
  toegewezen: Cents;
  /** Percent with two decimals; null when nothing was toegewezen. */
  percentage: string | null;
}

/**
 * Verzilveringspercentage per product category of an aanbieder: what it declared (granted or held, debets minus
 * credits) against what its toewijzingen allowed, over the months of the year that ended on or before the peildatum.
 */
export async function verzilvering(db: Db, v: { jaar: number; agbCode: string; peildatum: Datum }): Promise<Verzilvering[]> {
  const [y, m, d] = v.peildatum.split('-').map(Number);
  const laatsteDag = new Date(Date.UTC(y, m, 0)).getUTCDate();
  // The months that have ended: up to the peildatum's month when it is that month's last day, else the month before.
  const totMaand = Math.min(12, Math.max(0, peilMaandIn(v.jaar, v.peildatum) - (y === v.jaar && d < laatsteDag ? 1 : 0)));
  if (totMaand === 0) return [];
  const rijen = await sqlRijen<{ domein: DomeinCode; productcategorie: string; gedeclareerd: string; toegewezen: string }>(
    db,
    `WITH a AS (SELECT id FROM aanbieder WHERE agb_code = $1),
     g AS (SELECT p.domein, p.productcategorie, sum(CASE p.debet_credit WHEN 'D' THEN p.ingediend_cents ELSE -p.ingediend_cents END) AS bedrag
             FROM prestatie p WHERE p.aanbieder_id = (SELECT id FROM a) AND p.beslissing IN ('toegekend', 'aangehouden')
              AND p.periode_begin >= make_date($2, 1, 1) AND p.periode_begin < make_date($2, $3, 1) + interval '1 month'
            GROUP BY 1, 2),
     t AS (SELECT m.domein, m.productcategorie, sum(m.toegewezen_cents) AS bedrag FROM toewijzing_maand m
            WHERE m.aanbieder_id = (SELECT id FROM a) AND m.jaar = $2 AND m.maand <= $3 AND m.productcategorie IS NOT NULL GROUP BY 1, 2)
     SELECT coalesce(g.domein, t.domein) AS domein, coalesce(g.productcategorie, t.productcategorie) AS productcategorie,
            coalesce(g.bedrag, 0)::text AS gedeclareerd, coalesce(t.bedrag, 0)::text AS toegewezen
       FROM g FULL JOIN t ON t.domein = g.domein AND t.productcategorie = g.productcategorie
      ORDER BY 1, 2`,
    [v.agbCode, v.jaar, totMaand],
  );
  return rijen.map((r) => {
    const gedeclareerd = BigInt(r.gedeclareerd);
    const toegewezen = BigInt(r.toegewezen);
    return {
      domein: r.domein, productcategorie: r.productcategorie.trim(), gedeclareerd, toegewezen,
      percentage: percentage(gedeclareerd, toegewezen),
    };
  });
}
