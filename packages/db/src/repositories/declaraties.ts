import type { Cents, Datum } from '@plafond/core';
import { sqlRijen, type Db } from '../db';
import type { DomeinCode, PlafondBeleid } from '../types';

/** The current state of a toewijzing as the declaratie rules need it (BSN for TR304 only). */
export interface ToewijzingStand {
  id: string;
  gemeente: string;
  domein: DomeinCode;
  toewijzingNummer: string;
  aanbiederAgb: string;
  clientId: string;
  bsn: string;
  referentieAanbieder: string | null;
  /** null for a generiek toewijzing (no Product). */
  productcategorie: string | null;
  productcode: string | null;
  toewijzingsdatum: Datum;
  ingangsdatum: Datum;
  einddatum: Datum | null;
  redenWijziging: string | null;
  omvang: { volume: number; eenheid: string; frequentie: string } | null;
  budget: Cents | null;
  variant: 'specifiek' | 'aspecifiek' | 'generiek';
  bekostiging: 'inspanning' | 'output' | 'taakgericht' | null;
}

/** Toewijzingen of one gemeente and domein by number (TR338 looks them up by ToewijzingNummer). */
export async function toewijzingenOpNummers(db: Db, gemeente: string, domein: DomeinCode, nummers: string[]): Promise<ToewijzingStand[]> {
  if (!nummers.length) return [];
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT t.id::text AS id, t.gemeente_code, t.domein, t.toewijzing_nummer, a.agb_code, t.client_id::text AS client_id, c.bsn,
            t.referentie_aanbieder, t.productcategorie, t.productcode, t.toewijzingsdatum, t.ingangsdatum, t.einddatum,
            t.reden_wijziging, t.omvang_volume, t.omvang_eenheid, t.omvang_frequentie, t.budget_cents::text AS budget_cents,
            t.variant, t.bekostiging
       FROM toewijzing t JOIN aanbieder a ON a.id = t.aanbieder_id JOIN client c ON c.id = t.client_id
      WHERE t.gemeente_code = $1 AND t.domein = $2 AND t.toewijzing_nummer = ANY($3::text[])`,
    [gemeente, domein, nummers],
  );
  return rijen.map((r) => ({
    id: r.id as string, gemeente: r.gemeente_code as string, domein: r.domein as DomeinCode, toewijzingNummer: r.toewijzing_nummer as string,
    aanbiederAgb: r.agb_code as string, clientId: r.client_id as string, bsn: r.bsn as string,
    referentieAanbieder: r.referentie_aanbieder as string | null, productcategorie: r.productcategorie as string | null, productcode: r.productcode as string | null,
    toewijzingsdatum: r.toewijzingsdatum as Datum, ingangsdatum: r.ingangsdatum as Datum, einddatum: r.einddatum as Datum | null,
    redenWijziging: r.reden_wijziging as string | null,
    omvang: r.omvang_volume === null ? null : { volume: Number(r.omvang_volume), eenheid: r.omvang_eenheid as string, frequentie: r.omvang_frequentie as string },
    budget: r.budget_cents === null ? null : BigInt(r.budget_cents as string),
    variant: r.variant as ToewijzingStand['variant'], bekostiging: r.bekostiging as ToewijzingStand['bekostiging'],
  }));
}

/** An earlier booked prestatie of the same aanbieder and domein. */
export interface GeboektePrestatie {
  referentieNummer: string;
  vorigReferentieNummer: string | null;
  toewijzingNummer: string | null;
  productcategorie: string;
  productcode: string | null;
  periodeBegin: Datum;
  periodeEind: Datum;
  volume: number;
  eenheid: string;
  ingediend: Cents;
  debetCredit: 'D' | 'C';
  beslissing: 'toegekend' | 'afgewezen' | 'aangehouden';
  gecrediteerd: boolean;
}

const PRESTATIE_KOLOMMEN = `referentie_nummer, vorig_referentie_nummer, toewijzing_nummer, productcategorie, productcode, periode_begin,
  periode_eind, volume::text AS volume, eenheid, ingediend_cents::text AS ingediend_cents, debet_credit, beslissing, gecrediteerd`;

function naarPrestatie(r: Record<string, unknown>): GeboektePrestatie {
  return {
    referentieNummer: r.referentie_nummer as string, vorigReferentieNummer: r.vorig_referentie_nummer as string | null,
    toewijzingNummer: r.toewijzing_nummer as string | null, productcategorie: r.productcategorie as string, productcode: r.productcode as string | null,
    periodeBegin: r.periode_begin as Datum, periodeEind: r.periode_eind as Datum, volume: Number(r.volume), eenheid: r.eenheid as string,
    ingediend: BigInt(r.ingediend_cents as string), debetCredit: r.debet_credit as 'D' | 'C',
    beslissing: r.beslissing as GeboektePrestatie['beslissing'], gecrediteerd: r.gecrediteerd as boolean,
  };
}

/**
 * Earlier prestaties of an aanbieder and domein by ReferentieNummer (TR314, TR323, TR390), one per number:
 * the prestatie that holds it. A later duplicate rejected with 8021 is stored too but never holds the number,
 * so a credit still finds the granted debet behind it.
 */
export async function prestatiesOpReferenties(db: Db, aanbiederId: number, domein: DomeinCode, refs: string[]): Promise<GeboektePrestatie[]> {
  if (!refs.length) return [];
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT DISTINCT ON (referentie_nummer) ${PRESTATIE_KOLOMMEN} FROM prestatie
      WHERE aanbieder_id = $1 AND domein = $2 AND referentie_nummer = ANY($3::text[])
      ORDER BY referentie_nummer, '8021' = ANY (retourcodes), id`,
    [aanbiederId, domein, refs],
  );
  return rijen.map(naarPrestatie);
}

/** Every booked prestatie on these toewijzingen (volume and budget rules, TR389). */
export async function prestatiesOpToewijzingen(db: Db, toewijzingIds: string[]): Promise<(GeboektePrestatie & { toewijzingId: string })[]> {
  if (!toewijzingIds.length) return [];
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT toewijzing_id::text AS toewijzing_id, ${PRESTATIE_KOLOMMEN} FROM prestatie WHERE toewijzing_id = ANY($1::bigint[])`,
    [toewijzingIds],
  );
  return rijen.map((r) => ({ ...naarPrestatie(r), toewijzingId: r.toewijzing_id as string }));
}

/** TR333: is this DeclaratieNummer already used by the aanbieder in the domein? */
export async function declaratieNummerBekend(db: Db, aanbiederId: number, domein: DomeinCode, nummer: string): Promise<boolean> {
  const r = await sqlRijen(db, `SELECT 1 FROM declaratie WHERE aanbieder_id = $1 AND domein = $2 AND declaratie_nummer = $3`, [aanbiederId, domein, nummer]);
  return r.length > 0;
}

/** TR318: the DeclaratiePeriodes of the aanbieder's earlier declaraties to this gemeente in this domein. */
export async function declaratiePeriodes(db: Db, aanbiederId: number, domein: DomeinCode, gemeente: string): Promise<{ begindatum: Datum; einddatum: Datum }[]> {
  return sqlRijen(db, `SELECT periode_begin AS begindatum, periode_eind AS einddatum FROM declaratie
    WHERE aanbieder_id = $1 AND domein = $2 AND gemeente_code = $3 ORDER BY periode_begin`, [aanbiederId, domein, gemeente]);
}

/** The plafond policy of the aanbieder's contract for the domein and year (null: no contract → signaleren). */
export async function contractBeleid(db: Db, aanbiederId: number, domein: DomeinCode, jaar: number): Promise<PlafondBeleid | null> {
  const [r] = await sqlRijen<{ plafond_beleid: PlafondBeleid }>(db, `SELECT plafond_beleid FROM contract WHERE aanbieder_id = $1 AND domein = $2 AND jaar = $3`, [aanbiederId, domein, jaar]);
  return r?.plafond_beleid ?? null;
}

/** Plafond and granted realisatie (prestatiebasis) of an aanbieder in a domein and year, all gemeenten. */
export async function plafondStand(db: Db, aanbiederId: number, domein: DomeinCode, jaar: number): Promise<{ plafond: Cents; realisatie: Cents }> {
  const [r] = await sqlRijen<{ plafond: string; realisatie: string }>(
    db,
    `SELECT (SELECT coalesce(sum(bedrag_cents), 0) FROM budgetplafond WHERE aanbieder_id = $1 AND domein = $2 AND jaar = $3)::text AS plafond,
            (SELECT coalesce(sum(CASE WHEN debet_credit = 'D' THEN toegekend_cents ELSE -toegekend_cents END), 0) FROM prestatie
              WHERE aanbieder_id = $1 AND domein = $2 AND beslissing = 'toegekend'
                AND periode_begin >= make_date($3, 1, 1) AND periode_begin < make_date($3 + 1, 1, 1))::text AS realisatie`,
    [aanbiederId, domein, jaar],
  );
  return { plafond: BigInt(r.plafond), realisatie: BigInt(r.realisatie) };
}

/** Client ids by BSN (clients are registered by the 301). */
export async function clientIdsOpBsn(db: Db, bsns: string[]): Promise<Map<string, string>> {
  if (!bsns.length) return new Map();
  const rijen = await sqlRijen<{ id: string; bsn: string }>(db, `SELECT id::text, bsn FROM client WHERE bsn = ANY($1::bpchar[])`, [bsns]);
  return new Map(rijen.map((r) => [r.bsn, r.id]));
}

export interface NieuweDeclaratie {
  berichtId: string;
  aanbiederId: number;
  gemeente: string;
  domein: DomeinCode;
  declaratieNummer: string;
  periodeBegin: Datum;
  periodeEind: Datum;
  dagtekening: Datum;
  totaalIngediend: Cents;
  ingediendDebetCredit: 'D' | 'C';
  totaalToegekend: Cents | null;
  toegekendDebetCredit: 'D' | 'C' | null;
  status: 'ontvangen' | 'in_behandeling' | 'beantwoord' | 'afgewezen';
}

export interface NieuwePrestatie {
  clientId: string | null;
  toewijzingId: string | null;
  toewijzingNummer: string;
  referentieNummer: string;
  vorigReferentieNummer: string | null;
  productcategorie: string;
  productcode: string | null;
  periodeBegin: Datum;
  periodeEind: Datum;
  volume: number;
  eenheid: string;
  tarief: Cents | null;
  ingediend: Cents;
  debetCredit: 'D' | 'C';
  /** Granted amount (unsigned, as the standard carries it); null while held or when rejected. */
  toegekend: Cents | null;
  beslissing: 'toegekend' | 'afgewezen' | 'aangehouden';
  retourcodes: string[];
}

/**
 * Books a declaratie with all its prestaties in bulk (one INSERT per table), claims their
 * ReferentieNummers (TR314; a prestatie rejected with 8021 is the duplicate and claims nothing) and marks
 * the debets that granted credits cancel. Run inside the message's transaction.
 */
export async function boekDeclaratie(db: Db, d: NieuweDeclaratie, prestaties: NieuwePrestatie[], gecrediteerdeRefs: string[]): Promise<string> {
  const [{ id }] = await sqlRijen<{ id: string }>(
    db,
    `INSERT INTO declaratie (bericht_id, aanbieder_id, gemeente_code, domein, declaratie_nummer, periode_begin, periode_eind, dagtekening,
       totaal_ingediend_cents, ingediend_debet_credit, totaal_toegekend_cents, toegekend_debet_credit, status, beantwoord_op)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::declaratie_status, CASE WHEN $13::text = 'beantwoord' THEN now() END) RETURNING id::text`,
    [d.berichtId, d.aanbiederId, d.gemeente, d.domein, d.declaratieNummer, d.periodeBegin, d.periodeEind, d.dagtekening,
      d.totaalIngediend.toString(), d.ingediendDebetCredit, d.totaalToegekend?.toString() ?? null, d.toegekendDebetCredit, d.status],
  );
  if (prestaties.length) {
    const kol = <T>(f: (p: NieuwePrestatie) => T) => prestaties.map(f);
    await sqlRijen(
      db,
      `WITH ins AS (
         INSERT INTO prestatie (declaratie_id, aanbieder_id, domein, gemeente_code, client_id, toewijzing_id, toewijzing_nummer, referentie_nummer,
           vorig_referentie_nummer, productcategorie, productcode, periode_begin, periode_eind, volume, eenheid, tarief_cents, ingediend_cents,
           debet_credit, toegekend_cents, beslissing, retourcodes, beslist_op)
         SELECT $1, $2, $3, $4, u.client_id, u.toewijzing_id, u.toewijzing_nummer, u.ref, u.vorig, u.cat, u.code, u.begin, u.eind, u.volume, u.eenheid,
                u.tarief, u.ingediend, u.dc, u.toegekend, u.beslissing::beslissing, string_to_array(u.codes, ','),
                CASE WHEN u.beslissing <> 'aangehouden' THEN now() END
           FROM unnest($5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::date[], $13::date[],
                       $14::bigint[], $15::text[], $16::bigint[], $17::bigint[], $18::text[], $19::bigint[], $20::text[], $21::text[])
             AS u(client_id, toewijzing_id, toewijzing_nummer, ref, vorig, cat, code, begin, eind, volume, eenheid, tarief, ingediend, dc, toegekend, beslissing, codes)
         RETURNING id, aanbieder_id, domein, referentie_nummer, periode_begin, retourcodes)
       INSERT INTO prestatie_referentie (aanbieder_id, domein, referentie_nummer, prestatie_id, periode_begin)
       SELECT aanbieder_id, domein, referentie_nummer, id, periode_begin FROM ins WHERE NOT ('8021' = ANY (retourcodes))`,
      [id, d.aanbiederId, d.domein, d.gemeente,
        kol((p) => p.clientId), kol((p) => p.toewijzingId), kol((p) => p.toewijzingNummer), kol((p) => p.referentieNummer),
        kol((p) => p.vorigReferentieNummer), kol((p) => p.productcategorie), kol((p) => p.productcode), kol((p) => p.periodeBegin),
        kol((p) => p.periodeEind), kol((p) => String(p.volume)), kol((p) => p.eenheid), kol((p) => p.tarief?.toString() ?? null),
        kol((p) => p.ingediend.toString()), kol((p) => p.debetCredit), kol((p) => p.toegekend?.toString() ?? null),
        kol((p) => p.beslissing), kol((p) => p.retourcodes.join(','))],
    );
  }
  if (gecrediteerdeRefs.length) {
    await sqlRijen(
      db,
      `UPDATE prestatie SET gecrediteerd = true WHERE aanbieder_id = $1 AND domein = $2 AND referentie_nummer = ANY($3::text[])
         AND debet_credit = 'D' AND beslissing = 'toegekend'`,
      [d.aanbiederId, d.domein, gecrediteerdeRefs],
    );
  }
  return id;
}

/** Sets the answer of a declaratie once it is sent. */
export async function declaratieBeantwoord(db: Db, declaratieId: string, antwoordBerichtId: string): Promise<void> {
  await sqlRijen(db, `UPDATE declaratie SET antwoord_bericht_id = $2, status = 'beantwoord', beantwoord_op = now() WHERE id = $1`, [declaratieId, antwoordBerichtId]);
}
