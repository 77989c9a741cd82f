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
  domein: DomeinCode;
  gemeente: string;
  /** The ToewijzingNummers the prestaties name. */
  toewijzingNummers: string[];
  /** The ReferentieNummers and VorigReferentieNummers of the prestaties. */
  referentieNummers: string[];
  declaratieNummer: string;
  /** Begin of the DeclaratiePeriode (TR318 looks for the latest period before it). */
  periodeBegin: Datum;
  bsns: string[];
  /** Year of the DeclaratiePeriode (the contract's plafond policy). */
  jaar: number;
  /** Version of the master data the caller holds (`Stamdata.versie`); null: none yet. */
  stamdataVersie: string | null;
}

/**
 * The master data the rules read, all of it (both domeinen, every aanbieder's tariffs), with the version
 * it had: it changes only on an import, so a process keeps it; the context statement reads the version,
 * and the data is read again only when it moved (every change of tarief or gemeente bumps it, migration 0006).
 */
export interface Stamdata {
  versie: string;
  tarieven: Tarief[];
  gemeenten: Gemeente[];
}

/** Everything the rules need from earlier messages and the master data. */
export interface DeclaratieContextData {
  /** The named toewijzingen of the gemeente and domein (TR338 looks them up by ToewijzingNummer). */
  toewijzingen: ToewijzingStand[];
  /**
   * Earlier prestaties by ReferentieNummer (TR314, TR323, TR390), one per number: the prestatie that holds
   * it. A later duplicate rejected with 8021 is stored too but never holds the number, so a credit still
   * finds the granted debet behind it.
   */
  perReferentie: GeboektePrestatie[];
  /**
   * The booked debets on the aanbieder's own toewijzingen among them that still use volume and budget
   * (volume and budget rules, TR389): granted or held, not credited. Only from the toewijzing's
   * ingangsdatum, which a wijziging cannot move (TR332): a prestatie before it was rejected (TR307).
   */
  opToewijzing: GeboektePrestatie[];
  /** TR333: the DeclaratieNummer is already used by the aanbieder in the domein. */
  declaratieNummerBekend: boolean;
  /**
   * TR318: the latest DeclaratiePeriode of the aanbieder's declaraties to this gemeente in this domein that
   * ended before this one begins (null: none) — the period this declaratie must follow on.
   */
  vorigePeriode: { begindatum: Datum; einddatum: Datum } | null;
  /** The master data, when its version differs from the one asked with (null: the caller's is current). */
  stamdata: Stamdata | null;
  /** The plafond policy of the aanbieder's contract for the domein and year (null: no contract). */
  beleid: PlafondBeleid | null;
  /** Client ids by BSN (clients are registered by the 301), for every BSN of the declaratie that is known. */
  clientIds: Map<string, string>;
}

// The columns of an earlier prestatie as a JSON array, in the order naarGeboekte reads them.
const PRESTATIE_JSON = `json_build_array(p.referentie_nummer, p.vorig_referentie_nummer, p.toewijzing_nummer, p.productcategorie, p.productcode,
  p.periode_begin, p.periode_eind, p.volume::text, p.eenheid, p.ingediend_cents::text, p.debet_credit, p.beslissing, p.gecrediteerd)`;

// The whole context in one statement, every part a JSON array of positional rows. Every lookup on a table
// that grows under the running workload (prestatie and its claims, declaratie, client) is one index probe
// per key: an array unnested with a lateral subquery per element, kept from being flattened into a join
// by its LIMIT (OFFSET 0 where a key has several rows), or a LIMIT 1 in index order. So the plan cached
// for the connection stays right whatever the statistics said when it was made: a plan made while the
// prestatie partitions were empty must not scan them once they hold millions of rows. The clients of the
// named toewijzingen come with them; only the other BSNs are looked up.
const CONTEXT_SQL = `
WITH tw AS MATERIALIZED (
  SELECT t.*, c.bsn FROM unnest($4::text[]) AS n(nr)
   CROSS JOIN LATERAL (SELECT * FROM toewijzing t WHERE t.gemeente_code = $3 AND t.domein = $2 AND t.toewijzing_nummer = n.nr LIMIT 1) t
   JOIN client c ON c.id = t.client_id)
SELECT
  (SELECT coalesce(json_agg(json_build_array(t.id::text, t.toewijzing_nummer, a.agb_code, t.client_id::text, t.bsn, t.referentie_aanbieder,
     t.productcategorie, t.productcode, t.toewijzingsdatum, t.ingangsdatum, t.einddatum, t.reden_wijziging, t.omvang_volume::text,
     t.omvang_eenheid, t.omvang_frequentie, t.budget_cents::text, t.variant, t.bekostiging)), '[]')
     FROM tw t JOIN aanbieder a ON a.id = t.aanbieder_id) AS toewijzingen,
  (SELECT coalesce(json_agg(${PRESTATIE_JSON}), '[]')
     FROM unnest($5::text[]) AS n(nr)
     CROSS JOIN LATERAL (SELECT r.prestatie_id, r.periode_begin FROM prestatie_referentie r
                          WHERE r.aanbieder_id = $1 AND r.domein = $2 AND r.referentie_nummer = n.nr LIMIT 1) r
     CROSS JOIN LATERAL (SELECT * FROM prestatie p WHERE p.id = r.prestatie_id AND p.periode_begin = r.periode_begin LIMIT 1) p) AS per_referentie,
  (SELECT coalesce(json_agg(${PRESTATIE_JSON}), '[]')
     FROM tw t CROSS JOIN LATERAL (
       SELECT * FROM prestatie p WHERE p.toewijzing_id = t.id AND p.beslissing IN ('toegekend', 'aangehouden')
          AND p.debet_credit = 'D' AND NOT p.gecrediteerd AND p.periode_begin >= t.ingangsdatum OFFSET 0) p
    WHERE t.aanbieder_id = $1) AS op_toewijzing,
  EXISTS (SELECT 1 FROM declaratie WHERE aanbieder_id = $1 AND domein = $2 AND declaratie_nummer = $6) AS nummer_bekend,
  (SELECT json_build_array(periode_begin, periode_eind) FROM declaratie
    WHERE aanbieder_id = $1 AND domein = $2 AND gemeente_code = $3 AND periode_eind < $8
    ORDER BY periode_eind DESC LIMIT 1) AS vorige_periode,
  (SELECT plafond_beleid FROM contract WHERE aanbieder_id = $1 AND domein = $2 AND jaar = $7) AS beleid,
  (SELECT coalesce(json_agg(json_build_array(c.bsn, c.id::text)), '[]')
     FROM unnest($9::bpchar[]) AS n(bsn) CROSS JOIN LATERAL (SELECT c.bsn, c.id FROM client c WHERE c.bsn = n.bsn LIMIT 1) c
    WHERE NOT EXISTS (SELECT 1 FROM tw WHERE tw.bsn = n.bsn)) AS clienten,
  (SELECT versie::text FROM stamdata_stand) AS stamdata_versie`;

// All master data with its version, read when the caller's is not current (after an import).
const STAMDATA_SQL = `
SELECT (SELECT versie::text FROM stamdata_stand) AS versie,
  (SELECT coalesce(json_agg(json_build_array(t.id, t.domein, t.productcategorie, t.productcode, t.eenheid, t.bedrag_cents::text,
     t.ingangsdatum, t.einddatum, a.agb_code)), '[]') FROM tarief t LEFT JOIN aanbieder a ON a.id = t.aanbieder_id) AS tarieven,
  (SELECT coalesce(json_agg(json_build_array(cbs_code, naam, geldig_van, geldig_tot)), '[]') FROM gemeente) AS gemeenten`;

type JsonRij = (string | number | boolean | null)[];

function naarGeboekte(r: JsonRij): GeboektePrestatie {
  return {
    referentieNummer: r[0] as string, vorigReferentieNummer: r[1] as string | null, toewijzingNummer: r[2] as string | null,
    productcategorie: r[3] as string, productcode: r[4] as string | null, periodeBegin: r[5] as Datum, periodeEind: r[6] as Datum,
    volume: Number(r[7]), eenheid: r[8] as string, ingediend: BigInt(r[9] as string), debetCredit: r[10] as 'D' | 'C',
    beslissing: r[11] as GeboektePrestatie['beslissing'], gecrediteerd: r[12] as boolean,
  };
}

/**
 * Reads the context of one declaratie's decision: one statement, and a second one for the master data
 * when the caller's version is not the database's.
 */
export async function declaratieContext(db: Db, v: DeclaratieVraag): Promise<DeclaratieContextData> {
  const [r] = await sqlRijen<Record<string, unknown>>(
    db, CONTEXT_SQL, [v.aanbiederId, v.domein, v.gemeente, v.toewijzingNummers, v.referentieNummers, v.declaratieNummer, v.jaar, v.periodeBegin, v.bsns],
  );
  const stamdata = r.stamdata_versie === v.stamdataVersie ? null : await leesStamdata(db);
  const rijen = (k: string) => r[k] as JsonRij[];
  const vorige = r.vorige_periode as JsonRij | null;
  const toewijzingen: ToewijzingStand[] = rijen('toewijzingen').map((t) => ({
    id: t[0] as string, gemeente: v.gemeente, domein: v.domein, toewijzingNummer: t[1] as string, aanbiederAgb: t[2] as string,
    clientId: t[3] as string, bsn: t[4] as string, referentieAanbieder: t[5] as string | null, productcategorie: t[6] as string | null,
    productcode: t[7] as string | null, toewijzingsdatum: t[8] as Datum, ingangsdatum: t[9] as Datum, einddatum: t[10] as Datum | null,
    redenWijziging: t[11] as string | null,
    omvang: t[12] === null ? null : { volume: Number(t[12]), eenheid: t[13] as string, frequentie: t[14] as string },
    budget: t[15] === null ? null : BigInt(t[15] as string),
    variant: t[16] as ToewijzingStand['variant'], bekostiging: t[17] as ToewijzingStand['bekostiging'],
  }));
  const clientIds = new Map(toewijzingen.map((t) => [t.bsn, t.clientId]));
  for (const c of rijen('clienten')) clientIds.set(c[0] as string, c[1] as string);
  return {
    toewijzingen,
    perReferentie: rijen('per_referentie').map(naarGeboekte),
    opToewijzing: rijen('op_toewijzing').map(naarGeboekte),
    declaratieNummerBekend: r.nummer_bekend as boolean,
    vorigePeriode: vorige && { begindatum: vorige[0] as Datum, einddatum: vorige[1] as Datum },
    stamdata,
    beleid: r.beleid as PlafondBeleid | null,
    clientIds,
  };
}

/** All master data the rules read, with its version. */
export async function leesStamdata(db: Db): Promise<Stamdata> {
  const [r] = await sqlRijen<{ versie: string; tarieven: JsonRij[]; gemeenten: JsonRij[] }>(db, STAMDATA_SQL);
  return {
    versie: r.versie,
    tarieven: r.tarieven.map((t) => ({
      id: t[0] as number, domein: t[1] as DomeinCode, productcategorie: t[2] as string, productcode: t[3] as string | null, eenheid: t[4] as string,
      bedragCents: BigInt(t[5] as string), ingangsdatum: t[6] as Datum, einddatum: t[7] as Datum | null, agbCode: t[8] as string | null,
    })),
    gemeenten: r.gemeenten.map((x) => ({ cbsCode: x[0] as string, naam: x[1] as string, geldigVan: x[2] as Datum | null, geldigTot: x[3] as Datum | null })),
  };
}

/** One plafond that applies to a prestatie, with the realisatie in its own scope. */
export interface PlafondScope {
  gemeente: string | null;
  /** The budgetlijn's code when the plafond is one of its split per budgetlijn; null for one over all budgetlijnen. */
  budgetlijn: string | null;
  /** The productcategorieën the plafond covers: its budgetlijn's; null for all. */
  productcategorieen: string[] | null;
  plafond: Cents;
  /** Granted prestaties minus credits of the year (ProductPeriode), in the plafond's scope: its gemeente or all, its budgetlijn or all. */
  realisatie: Cents;
}

/**
 * The plafonds that apply to prestaties of an aanbieder for a gemeente in a domein and ProductPeriode year: the
 * plafond for that gemeente and the one over all gemeenten (either may be absent), each over all budgetlijnen or
 * split per budgetlijn, each with the realisatie of its own scope read from the aggregates `budget_maand` and
 * `budget_lijn_maand` (at most a few dozen rows, kept current by the booking itself). A plafond of a budgetlijn
 * applies to the prestaties whose productcategorie lies on that budgetlijn (`productcategorieen`).
 */
export async function plafondStand(db: Db, v: { aanbiederId: number; domein: DomeinCode; gemeente: string; jaar: number }): Promise<PlafondScope[]> {
  const rijen = await sqlRijen<{ gemeente_code: string | null; budgetlijn: string | null; categorieen: string[] | null; plafond: string; realisatie: string }>(
    db,
    `SELECT p.gemeente_code, l.code AS budgetlijn, sum(p.bedrag_cents)::text AS plafond,
            CASE WHEN p.budgetlijn_id IS NULL THEN NULL
                 ELSE (SELECT coalesce(array_agg(c.productcategorie::text), '{}') FROM budgetlijn_categorie c WHERE c.budgetlijn_id = p.budgetlijn_id) END AS categorieen,
            CASE WHEN p.budgetlijn_id IS NULL THEN
              (SELECT coalesce(sum(b.realisatie_cents), 0) FROM budget_maand b
                WHERE b.aanbieder_id = $1 AND b.domein = $2 AND b.jaar = $4 AND (p.gemeente_code IS NULL OR b.gemeente_code = p.gemeente_code))
            ELSE
              (SELECT coalesce(sum(b.realisatie_cents), 0) FROM budget_lijn_maand b
                WHERE b.aanbieder_id = $1 AND b.domein = $2 AND b.jaar = $4 AND b.budgetlijn_id = p.budgetlijn_id
                  AND (p.gemeente_code IS NULL OR b.gemeente_code = p.gemeente_code)) END::text AS realisatie
       FROM budgetplafond p LEFT JOIN budgetlijn l ON l.id = p.budgetlijn_id
      WHERE p.aanbieder_id = $1 AND p.domein = $2 AND p.jaar = $4 AND (p.gemeente_code IS NULL OR p.gemeente_code = $3)
      GROUP BY p.gemeente_code, p.budgetlijn_id, l.code`,
    [v.aanbiederId, v.domein, v.gemeente, v.jaar],
  );
  return rijen.map((r) => ({
    gemeente: r.gemeente_code, budgetlijn: r.budgetlijn, productcategorieen: r.categorieen, plafond: BigInt(r.plafond), realisatie: BigInt(r.realisatie),
  }));
}

export interface NieuweDeclaratie {
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
 * Marks the debets that granted credits of a declaratie cancel (TR323/TR390), in the message's
 * transaction. Planned for each call: credits are rare, and a plan for the actual numbers prunes the
 * partitions and reads the ReferentieNummer index whatever the statistics say.
 */
export async function crediteerDebets(db: Db, aanbiederId: number, domein: DomeinCode, referentieNummers: string[]): Promise<void> {
  if (!referentieNummers.length) return;
  await sqlRijen(
    db,
    `UPDATE prestatie SET gecrediteerd = true WHERE aanbieder_id = $1 AND domein = $2 AND referentie_nummer = ANY($3::text[])
       AND debet_credit = 'D' AND beslissing = 'toegekend'`,
    [aanbiederId, domein, referentieNummers],
    { steedsPlannen: true },
  );
}
