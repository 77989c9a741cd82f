import type { Cents, Datum } from '@plafond/core';
import { sqlRijen, type Db } from '../db';
import type { DomeinCode, Gemeente, PlafondBeleid, Tarief } from '../types';

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

/** What the declaratie rules ask of the database for one declaratie. */
export interface DeclaratieVraag {
  aanbiederId: number;
  /** The aanbieder's AGB code: volume and budget rules look at its own toewijzingen only. */
  agbCode: string;
  domein: DomeinCode;
  gemeente: string;
  /** The ToewijzingNummers the prestaties name. */
  toewijzingNummers: string[];
  /** The ReferentieNummers and VorigReferentieNummers of the prestaties. */
  referentieNummers: string[];
  declaratieNummer: string;
  bsns: string[];
  /** Year of the DeclaratiePeriode (the contract's plafond policy). */
  jaar: number;
}

/** Everything the rules need from earlier messages and the master data, read in one statement. */
export interface DeclaratieContextData {
  /** The named toewijzingen of the gemeente and domein (TR338 looks them up by ToewijzingNummer). */
  toewijzingen: ToewijzingStand[];
  /**
   * Earlier prestaties by ReferentieNummer (TR314, TR323, TR390), one per number: the prestatie that holds
   * it. A later duplicate rejected with 8021 is stored too but never holds the number, so a credit still
   * finds the granted debet behind it.
   */
  perReferentie: GeboektePrestatie[];
  /** Every booked prestatie on the aanbieder's own toewijzingen among them (volume and budget rules, TR389). */
  opToewijzing: GeboektePrestatie[];
  /** TR333: the DeclaratieNummer is already used by the aanbieder in the domein. */
  declaratieNummerBekend: boolean;
  /** TR318: the DeclaratiePeriodes of the aanbieder's earlier declaraties to this gemeente in this domein. */
  periodes: { begindatum: Datum; einddatum: Datum }[];
  /** The domein's tariffs that can apply: regional ones and the aanbieder's own. */
  tarieven: Tarief[];
  /** Every product (`categorie|code`) with a tariff in the domein, of any aanbieder. */
  producten: string[];
  gemeenten: Gemeente[];
  /** The plafond policy of the aanbieder's contract for the domein and year (null: no contract). */
  beleid: PlafondBeleid | null;
  /** Client ids by BSN (clients are registered by the 301). */
  clientIds: Map<string, string>;
}

// The columns of an earlier prestatie as a JSON array, in the order naarGeboekte reads them.
const PRESTATIE_JSON = `json_build_array(p.referentie_nummer, p.vorig_referentie_nummer, p.toewijzing_nummer, p.productcategorie, p.productcode,
  p.periode_begin, p.periode_eind, p.volume::text, p.eenheid, p.ingediend_cents::text, p.debet_credit, p.beslissing, p.gecrediteerd)`;

// The context in two statements, every part a JSON array of positional rows. The first reads tables that
// change slowly (toewijzingen, master data, clients) and is prepared once per connection; the second reads
// the booked prestaties and declaraties, which grow under the running workload, and is planned each time.
const CONTEXT_VAST_SQL = `
SELECT
  (SELECT coalesce(json_agg(json_build_array(t.id::text, t.toewijzing_nummer, a.agb_code, t.client_id::text, c.bsn, t.referentie_aanbieder,
     t.productcategorie, t.productcode, t.toewijzingsdatum, t.ingangsdatum, t.einddatum, t.reden_wijziging, t.omvang_volume::text,
     t.omvang_eenheid, t.omvang_frequentie, t.budget_cents::text, t.variant, t.bekostiging)), '[]')
     FROM toewijzing t JOIN aanbieder a ON a.id = t.aanbieder_id JOIN client c ON c.id = t.client_id
    WHERE t.gemeente_code = $3 AND t.domein = $2 AND t.toewijzing_nummer = ANY($4::text[])) AS toewijzingen,
  (SELECT coalesce(json_agg(json_build_array(t.id, t.productcategorie, t.productcode, t.eenheid, t.bedrag_cents::text, t.ingangsdatum,
     t.einddatum, a.agb_code)), '[]') FROM tarief t LEFT JOIN aanbieder a ON a.id = t.aanbieder_id
    WHERE t.domein = $2 AND (t.aanbieder_id IS NULL OR t.aanbieder_id = $1)) AS tarieven,
  (SELECT coalesce(json_agg(DISTINCT t.productcategorie || '|' || coalesce(t.productcode, '')), '[]') FROM tarief t WHERE t.domein = $2) AS producten,
  (SELECT coalesce(json_agg(json_build_array(cbs_code, naam, geldig_van, geldig_tot)), '[]') FROM gemeente) AS gemeenten,
  (SELECT plafond_beleid FROM contract WHERE aanbieder_id = $1 AND domein = $2 AND jaar = $6) AS beleid,
  (SELECT coalesce(json_agg(json_build_array(bsn, id::text)), '[]') FROM client WHERE bsn = ANY($5::bpchar[])) AS clienten`;

const CONTEXT_GEBOEKT_SQL = `
SELECT
  (SELECT coalesce(json_agg(${PRESTATIE_JSON}), '[]') FROM (
     SELECT DISTINCT ON (referentie_nummer) * FROM prestatie
      WHERE aanbieder_id = $1 AND domein = $2 AND referentie_nummer = ANY($4::text[])
      ORDER BY referentie_nummer, '8021' = ANY (retourcodes), id) p) AS per_referentie,
  (SELECT coalesce(json_agg(${PRESTATIE_JSON}), '[]') FROM prestatie p WHERE p.toewijzing_id = ANY($6::bigint[])) AS op_toewijzing,
  EXISTS (SELECT 1 FROM declaratie WHERE aanbieder_id = $1 AND domein = $2 AND declaratie_nummer = $5) AS nummer_bekend,
  (SELECT coalesce(json_agg(json_build_array(periode_begin, periode_eind) ORDER BY periode_begin), '[]') FROM declaratie
    WHERE aanbieder_id = $1 AND domein = $2 AND gemeente_code = $3) AS periodes`;

type JsonRij = (string | number | boolean | null)[];

function naarGeboekte(r: JsonRij): GeboektePrestatie {
  return {
    referentieNummer: r[0] as string, vorigReferentieNummer: r[1] as string | null, toewijzingNummer: r[2] as string | null,
    productcategorie: r[3] as string, productcode: r[4] as string | null, periodeBegin: r[5] as Datum, periodeEind: r[6] as Datum,
    volume: Number(r[7]), eenheid: r[8] as string, ingediend: BigInt(r[9] as string), debetCredit: r[10] as 'D' | 'C',
    beslissing: r[11] as GeboektePrestatie['beslissing'], gecrediteerd: r[12] as boolean,
  };
}

/** Reads the context of one declaratie's decision (two statements). */
export async function declaratieContext(db: Db, v: DeclaratieVraag): Promise<DeclaratieContextData> {
  const [r] = await sqlRijen<Record<string, JsonRij[] | string | null>>(
    db, CONTEXT_VAST_SQL, [v.aanbiederId, v.domein, v.gemeente, v.toewijzingNummers, v.bsns, v.jaar]);
  const rijen = (k: string) => r[k] as JsonRij[];
  const toewijzingen: ToewijzingStand[] = rijen('toewijzingen').map((t) => ({
    id: t[0] as string, gemeente: v.gemeente, domein: v.domein, toewijzingNummer: t[1] as string, aanbiederAgb: t[2] as string,
    clientId: t[3] as string, bsn: t[4] as string, referentieAanbieder: t[5] as string | null, productcategorie: t[6] as string | null,
    productcode: t[7] as string | null, toewijzingsdatum: t[8] as Datum, ingangsdatum: t[9] as Datum, einddatum: t[10] as Datum | null,
    redenWijziging: t[11] as string | null,
    omvang: t[12] === null ? null : { volume: Number(t[12]), eenheid: t[13] as string, frequentie: t[14] as string },
    budget: t[15] === null ? null : BigInt(t[15] as string),
    variant: t[16] as ToewijzingStand['variant'], bekostiging: t[17] as ToewijzingStand['bekostiging'],
  }));
  const [g] = await sqlRijen<Record<string, JsonRij[] | boolean>>(
    db, CONTEXT_GEBOEKT_SQL,
    [v.aanbiederId, v.domein, v.gemeente, v.referentieNummers, v.declaratieNummer, toewijzingen.filter((t) => t.aanbiederAgb === v.agbCode).map((t) => t.id)],
    { steedsPlannen: true },
  );
  const geboekt = (k: string) => g[k] as JsonRij[];
  return {
    toewijzingen,
    perReferentie: geboekt('per_referentie').map(naarGeboekte),
    opToewijzing: geboekt('op_toewijzing').map(naarGeboekte),
    declaratieNummerBekend: g.nummer_bekend as boolean,
    periodes: geboekt('periodes').map((p) => ({ begindatum: p[0] as Datum, einddatum: p[1] as Datum })),
    tarieven: rijen('tarieven').map((t) => ({
      id: t[0] as number, domein: v.domein, productcategorie: t[1] as string, productcode: t[2] as string | null, eenheid: t[3] as string,
      bedragCents: BigInt(t[4] as string), ingangsdatum: t[5] as Datum, einddatum: t[6] as Datum | null, agbCode: t[7] as string | null,
    })),
    producten: r.producten as unknown as string[],
    gemeenten: rijen('gemeenten').map((x) => ({ cbsCode: x[0] as string, naam: x[1] as string, geldigVan: x[2] as Datum | null, geldigTot: x[3] as Datum | null })),
    beleid: r.beleid as PlafondBeleid | null,
    clientIds: new Map(rijen('clienten').map((c) => [c[0] as string, c[1] as string])),
  };
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
    { steedsPlannen: true },
  );
  return { plafond: BigInt(r.plafond), realisatie: BigInt(r.realisatie) };
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
