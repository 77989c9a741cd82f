import { endOfMonth, fromParts, type Cents, type Datum } from '@plafond/core';
import { sqlRijen, type Db } from '@plafond/db';
import { legeMaand, telBoekingOp, type BoekingCijfers, type BudgetDomein, type BudgetReeks, type MaandCijfers } from '@plafond/budget';

/**
 * Which figures: a year read at a peildatum, optionally one aanbieder (AGB) and/or one gemeente (CBS code), and
 * optionally one budgetlijn by its code (the figures of the productcategorieën on it, against the plafonds split
 * on it).
 */
export interface CijferVraag {
  jaar: number;
  peildatum: Datum;
  gemeente?: string;
  agb?: string;
  budgetlijn?: string;
}

type JsonRij = (string | number | null)[];

/** The database's WAL position now (the replay position on a standby), as text. */
export const WAL_POSITIE_SQL = `(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text`;

/**
 * The region's instroom figures of year $jaar, summed from the gemeente roll-up along its primary key, as one JSON
 * value: what the instroom reference of every series is read against. Only the SELECT list; `jaar` and `lsn` are the
 * parameters holding the year and the WAL position last seen, and a CTE `w` must give `lsn`, the position now. When
 * the position is the same nothing was written, so the sum (a scan of every gemeente × month row) is not evaluated.
 */
export const regioStempelKolommen = (jaar: string, lsn: string) => `(SELECT w.lsn FROM w) AS lsn,
  (SELECT CASE WHEN w.lsn IS NOT NULL AND w.lsn = ${lsn}::text THEN NULL ELSE (
    SELECT coalesce(json_agg(json_build_array(domein, t, n, i, m, r) ORDER BY domein), '[]') FROM (
    SELECT domein, sum(toegewezen_cents)::text AS t, sum(instroom_aantal)::text AS n, sum(instroom_cents)::text AS i, sum(instroom_maand_cents)::text AS m, sum(realisatie_cents)::text AS r
      FROM budget_gemeente_maand WHERE domein IN ('JW', 'WMO') AND jaar IN (${jaar}, ${jaar} - 1) GROUP BY domein) s) END FROM w) AS stempel`;

/** The region stamp as read with a statement: the WAL position and, when it moved since `lsn` was seen, the sums. */
export interface RegioStempel {
  lsn: string | null;
  stempel: unknown;
}

// Everything in one statement (one round trip): the aggregate rows of the year and the year before, the plafonds of
// the year with their mutations, and the months each aanbieder in scope sent an OHW report for. The aggregate is read
// by its primary key (aanbieder) or its gemeente index; nothing here grows with the number of prestaties. For one
// budgetlijn ($5, its code) the same from the per-budgetlijn aggregates, the instroom of its categories and the
// plafonds split on it.
const cijfersSql = (lijn: boolean, agb: boolean, gemeente: boolean, stempel: boolean) => {
  // Each scope has its own statement text, without "$2 IS NULL OR …" filters: a prepared statement's generic plan
  // cannot use an index behind such an OR, and PostgreSQL switches to the generic plan after five executions.
  const A = (voorwaarde: string) => (agb ? voorwaarde : '$2::text IS NULL');
  const G = (voorwaarde: string) => (gemeente ? voorwaarde : '$3::text IS NULL');
  return `
WITH aanb AS (SELECT id FROM aanbieder WHERE agb_code = $2),${stempel ? `\nw AS (SELECT ${WAL_POSITIE_SQL} AS lsn),` : ''}
${lijn ? `lijn AS (SELECT id, domein, jaar FROM budgetlijn WHERE jaar IN ($1, $1 - 1) AND code = $5),` : ''}
b AS MATERIALIZED (
  SELECT b.* FROM ${lijn ? 'budget_lijn_maand' : 'budget_maand'} b
   WHERE b.jaar IN ($1, $1 - 1)${lijn ? ' AND b.budgetlijn_id IN (SELECT id FROM lijn)' : ''}
     AND ${A('b.aanbieder_id = (SELECT id FROM aanb)')}
     AND ${G('b.gemeente_code = $3')}),
p AS (
  SELECT p.id, p.aanbieder_id, p.domein, p.gemeente_code, p.bedrag_cents FROM budgetplafond p
   WHERE p.jaar = $1 AND ${A('p.aanbieder_id = (SELECT id FROM aanb)')}
     AND ${G('(p.gemeente_code = $3 OR p.gemeente_code IS NULL)')}${lijn ? ' AND p.budgetlijn_id IN (SELECT id FROM lijn)' : ''})
SELECT
  -- The aggregate rows as one text of comma-separated fields (every column is NOT NULL and none holds a comma or
  -- semicolon): a third of what json_agg(json_build_array(…)) costs PostgreSQL for the same rows. See leesCijfers.
  (SELECT coalesce(string_agg(concat_ws(',', b.aanbieder_id, b.domein, b.jaar, b.gemeente_code, b.maand, b.realisatie_cents,
     b.realisatie_kas_cents, b.gedeclareerd_cents, b.toegewezen_cents, b.instroom_aantal, b.instroom_cents, b.laat_cents,
     b.instroom_maand_cents), ';'), '') FROM b) AS cijfers,
  -- Counted OHW at the peilmaand: per aanbieder its most recent report month on or before it (one probe each).
  (SELECT coalesce(json_agg(json_build_array(o.aanbieder_id, o.domein, o.jaar, o.gemeente_code, o.maand, o.ohw_cents::text)), '[]')
     FROM ${lijn ? 'ohw_lijn_maand' : 'ohw_maand'} o
    WHERE o.jaar = $1 AND ${A('o.aanbieder_id = (SELECT id FROM aanb)')} AND ${G('o.gemeente_code = $3')}
      ${lijn ? 'AND o.budgetlijn_id IN (SELECT id FROM lijn)' : ''}
      AND o.rapportmaand = (SELECT max(u.maand) FROM ohw_upload u WHERE u.aanbieder_id = o.aanbieder_id AND u.maand <= $4::bpchar)) AS ohw,
  (SELECT coalesce(json_agg(json_build_array(p.id, p.aanbieder_id, p.domein, p.gemeente_code, p.bedrag_cents::text,
     (SELECT coalesce(json_agg(json_build_array(m.datum, m.mutatie_cents::text, m.reden, m.bedrag_oud_cents IS NULL) ORDER BY m.datum, m.id), '[]')
        FROM budgetplafond_mutatie m WHERE m.budgetplafond_id = p.id))), '[]') FROM p) AS plafonds,
  -- The new toewijzingen of the year per month, grouped by their looptijd in calendar months (null: open end).
  (SELECT coalesce(json_agg(json_build_array(i.aanbieder_id, i.domein, i.gemeente_code, i.maand, i.looptijd, i.bedrag::text)), '[]')
     FROM (SELECT m.aanbieder_id, m.domein, m.gemeente_code, m.maand,
                  (extract(year FROM t.einddatum) * 12 + extract(month FROM t.einddatum) - extract(year FROM t.ingangsdatum) * 12 - extract(month FROM t.ingangsdatum) + 1)::int AS looptijd,
                  sum(m.instroom_maand_cents) AS bedrag
             FROM toewijzing_maand m JOIN toewijzing t ON t.id = m.toewijzing_id
            WHERE m.instroom_aantal > 0 AND m.jaar = $1 AND ${A('m.aanbieder_id = (SELECT id FROM aanb)')} AND ${G('m.gemeente_code = $3')}
              ${lijn ? `AND (m.domein, m.productcategorie) IN (SELECT c.domein, c.productcategorie FROM budgetlijn_categorie c
                                                            WHERE c.budgetlijn_id IN (SELECT id FROM lijn WHERE jaar = $1))` : ''}
            GROUP BY 1, 2, 3, 4, 5) i) AS instroom,
  -- The AGB codes of the aanbieders in the answer (with one asked: that one, whatever it has).
  (SELECT coalesce(json_agg(json_build_array(a.id, a.agb_code)), '[]')
     FROM aanbieder a WHERE ${agb ? 'a.id = (SELECT id FROM aanb)' : `a.id = ANY (ARRAY(SELECT aanbieder_id FROM b UNION SELECT aanbieder_id FROM p
                                     UNION SELECT aanbieder_id FROM ${lijn ? 'ohw_lijn_maand' : 'ohw_maand'} WHERE jaar = $1 AND $2::text IS NULL
                                       AND ${G('gemeente_code = $3')}))`}) AS aanbieders,
  (SELECT coalesce(json_agg(DISTINCT json_build_array(u.aanbieder_id, u.maand)::text), '[]')
     FROM (${agb ? 'SELECT id AS aanbieder_id FROM aanb' : 'SELECT DISTINCT aanbieder_id FROM b WHERE jaar = $1'}) x
     CROSS JOIN LATERAL (SELECT DISTINCT u.aanbieder_id, u.maand FROM ohw_upload u
                          WHERE u.aanbieder_id = x.aanbieder_id AND u.maand >= $1 || '-01' AND u.maand <= $1 || '-12') u) AS ohw_maanden${
  stempel ? `,\n  ${regioStempelKolommen('$1', lijn ? '$6' : '$5')}` : ''}`;
};
/**
 * The statement per scope: budgetlijn or not × AGB asked or not × gemeente asked or not × with the region stamp
 * (the WAL position last seen as the last parameter) or without.
 */
const CIJFERS_SQL = new Map<string, string>();
for (const lijn of [false, true]) for (const agb of [false, true]) for (const gemeente of [false, true]) for (const stempel of [false, true]) {
  CIJFERS_SQL.set(`${lijn}|${agb}|${gemeente}|${stempel}`, cijfersSql(lijn, agb, gemeente, stempel));
}

/** One row of the aggregate as the statement sends it. */
interface CijferRij extends BoekingCijfers {
  aanbiederId: number;
  domein: BudgetDomein;
  jaar: number;
  gemeente: string;
  maand: number;
}

/** Cents from the statement's text: through a double where that is exact (cheaper than parsing a BigInt). */
function centen(s: string): Cents {
  if (s === '0') return 0n;
  const n = Number(s);
  return Number.isSafeInteger(n) ? BigInt(n) : BigInt(s);
}

/** The aggregate rows from their text: rows separated by `;`, the columns of each by `,` in the statement's order. */
function leesCijfers(tekst: string): CijferRij[] {
  if (!tekst) return [];
  return tekst.split(';').map((rij) => {
    const c = rij.split(',');
    if (c.length !== 13) throw new Error(`budget_maand: onverwachte rij '${rij}'`);
    return {
      aanbiederId: Number(c[0]), domein: c[1] as BudgetDomein, jaar: Number(c[2]), gemeente: c[3], maand: Number(c[4]),
      realisatie: centen(c[5]), realisatieKas: centen(c[6]), gedeclareerd: centen(c[7]), toegewezen: centen(c[8]), instroomAantal: Number(c[9]),
      instroomBedrag: centen(c[10]), laatGedeclareerd: centen(c[11]), instroomMaandbedrag: centen(c[12]),
    };
  });
}

/** Adds one aggregate row to a series: to its month, or for the year before to last year's realisatie. */
function telRijOp(o: { maanden: MaandCijfers[]; vorigJaar?: Cents[] }, c: CijferRij, jaar: number): void {
  if (c.jaar === jaar) telBoekingOp(o.maanden[c.maand - 1], c);
  else (o.vorigJaar ??= Array.from({ length: 12 }, () => 0n))[c.maand - 1] += c.realisatie;
}

/** The month (0–12) of the peildatum within `jaar`: 0 before the year, 12 after it. */
export function peilMaandIn(jaar: number, peildatum: Datum): number {
  const j = Number(peildatum.slice(0, 4));
  return j < jaar ? 0 : j > jaar ? 12 : Number(peildatum.slice(5, 7));
}

interface Plafond {
  aanbiederId: number;
  domein: BudgetDomein;
  gemeente: string | null;
  bedrag: Cents;
  mutaties: BudgetReeks['plafondMutaties'];
}

/**
 * The plafond in force at the peildatum: its creation, plus every later mutation dated on or before the peildatum
 * (a plafond created after the peildatum by an import still counts from the start of its year).
 */
function plafondVan(r: JsonRij, peildatum: Datum): Plafond {
  const mutaties = (r[5] as unknown as [Datum, string, string, boolean][]);
  let bedrag = 0n;
  let na = 0n;
  const historie: BudgetReeks['plafondMutaties'] = [];
  for (const [d, delta, reden, oprichting] of mutaties) {
    na += BigInt(delta);
    historie.push({ datum: d, bedrag: na, reden });
    if (oprichting || d <= peildatum) bedrag += BigInt(delta);
  }
  if (!mutaties.length) bedrag = BigInt(r[4] as string);
  return { aanbiederId: r[1] as number, domein: r[2] as BudgetDomein, gemeente: r[3] as string | null, bedrag, mutaties: historie };
}

/**
 * Adds new toewijzingen with one looptijd to a month's instroom detail: the projection is linear in what they allow
 * per month, so toewijzingen of equal looptijd are one entry with their amounts summed.
 */
function voegInstroomToe(m: MaandCijfers, looptijdMaanden: number | null, maandbedrag: Cents): void {
  const lijst = (m.instroomToewijzingen ??= []);
  const zelfde = lijst.find((x) => x.looptijdMaanden === looptijdMaanden);
  if (zelfde) zelfde.maandbedrag += maandbedrag;
  else lijst.push({ maandbedrag, looptijdMaanden });
}

const sleutel = (aanbiederId: number, domein: string, gemeente: string | null) => `${aanbiederId}|${domein}|${gemeente ?? '*'}`;

/**
 * The budget series of a year at a peildatum, straight from the aggregate: per aanbieder × domein one series per
 * gemeente with figures or a plafond of its own, and (gemeente null) the aanbieder's total over all gemeenten — only
 * when no gemeente is asked for, since a gemeente sees its own figures. Every month holds what is known now, also
 * months after the peildatum; `verplichtingenPerMaand` holds what the toewijzingen allow after the peildatum month.
 * The plafond of a total series is the aanbieder's plafond over all gemeenten, or the sum of its gemeente plafonds
 * when it has only those. Sorted by domein, AGB, gemeente (total first).
 */
export async function budgetReeksen(db: Db, v: CijferVraag): Promise<BudgetReeks[]> {
  return (await budgetReeksenMetStempel(db, v)).reeksen;
}

/**
 * `budgetReeksen`, and with `stempelLsn` given (the WAL position last seen, or null) the region stamp read in the same
 * statement: one round trip for an aanbieder's whole answer.
 */
export async function budgetReeksenMetStempel(db: Db, v: CijferVraag, stempelLsn?: string | null): Promise<{ reeksen: BudgetReeks[]; stempel?: RegioStempel }> {
  const metStempel = stempelLsn !== undefined;
  const [r] = await sqlRijen<{ cijfers: string; ohw: JsonRij[]; instroom: JsonRij[]; plafonds: JsonRij[]; aanbieders: [number, string][]; ohw_maanden: string[]; lsn?: string | null; stempel?: unknown }>(
    db, CIJFERS_SQL.get(`${!!v.budgetlijn}|${!!v.agb}|${!!v.gemeente}|${metStempel}`)!,
    [v.jaar, v.agb ?? null, v.gemeente ?? null, v.peildatum.slice(0, 7), ...(v.budgetlijn ? [v.budgetlijn] : []), ...(metStempel ? [stempelLsn] : [])]);
  const stempel = metStempel ? { lsn: r.lsn ?? null, stempel: r.stempel ?? null } : undefined;
  const agbVan = new Map(r.aanbieders.map(([id, agb]) => [id, agb]));
  const ohwMaanden = new Set(r.ohw_maanden.map((s) => { const [id, m] = JSON.parse(s) as [number, string]; return `${id}|${m}`; }));
  const peilMaand = peilMaandIn(v.jaar, v.peildatum);

  interface Opbouw { aanbiederId: number; domein: BudgetDomein; gemeente: string | null; maanden: MaandCijfers[]; vorigJaar?: Cents[]; plafond: Cents; mutaties: BudgetReeks['plafondMutaties']; eigenPlafond: boolean }
  const reeksen = new Map<string, Opbouw>();
  const reeks = (aanbiederId: number, domein: BudgetDomein, gemeente: string | null): Opbouw => {
    const k = sleutel(aanbiederId, domein, gemeente);
    let o = reeksen.get(k);
    if (!o) {
      o = { aanbiederId, domein, gemeente, maanden: Array.from({ length: 12 }, (_, i) => legeMaand(i + 1)), plafond: 0n, mutaties: [], eigenPlafond: false };
      reeksen.set(k, o);
    }
    return o;
  };
  const gemeenten = v.gemeente ? [v.gemeente] : null;
  for (const c of leesCijfers(r.cijfers)) {
    const doelen = gemeenten ? [reeks(c.aanbiederId, c.domein, c.gemeente)] : [reeks(c.aanbiederId, c.domein, c.gemeente), reeks(c.aanbiederId, c.domein, null)];
    for (const o of doelen) telRijOp(o, c, v.jaar);
  }
  for (const c of r.ohw) {
    const [aanbiederId, domein, , gemeente, maand] = [c[0] as number, c[1] as BudgetDomein, c[2] as number, c[3] as string, c[4] as number];
    const doelen = gemeenten ? [reeks(aanbiederId, domein, gemeente)] : [reeks(aanbiederId, domein, gemeente), reeks(aanbiederId, domein, null)];
    for (const o of doelen) o.maanden[maand - 1].onderhandenWerk += BigInt(c[5] as string);
  }
  for (const c of r.instroom) {
    const [aanbiederId, domein, gemeente, maand, looptijd] = [c[0] as number, c[1] as BudgetDomein, c[2] as string, c[3] as number, c[4] as number | null];
    const doelen = gemeenten ? [reeks(aanbiederId, domein, gemeente)] : [reeks(aanbiederId, domein, gemeente), reeks(aanbiederId, domein, null)];
    for (const o of doelen) voegInstroomToe(o.maanden[maand - 1], looptijd, BigInt(c[5] as string));
  }
  const plafonds = r.plafonds.map((p) => plafondVan(p, v.peildatum));
  for (const p of plafonds) {
    if (gemeenten && p.gemeente === null) continue;
    const o = reeks(p.aanbiederId, p.domein, p.gemeente);
    o.plafond += p.bedrag;
    o.mutaties.push(...p.mutaties);
    o.eigenPlafond = true;
  }
  if (!gemeenten) {
    // A total without a plafond of its own: the sum of its gemeente plafonds.
    for (const p of plafonds.filter((x) => x.gemeente !== null)) {
      const totaal = reeks(p.aanbiederId, p.domein, null);
      if (totaal.eigenPlafond) continue;
      totaal.plafond += p.bedrag;
      totaal.mutaties.push(...p.mutaties);
    }
  }

  const uit: BudgetReeks[] = [];
  for (const o of reeksen.values()) {
    const agb = agbVan.get(o.aanbiederId);
    if (!agb) continue;
    const heeftCijfers = o.maanden.some((m) => m.realisatie !== 0n || m.onderhandenWerk !== 0n);
    if (!heeftCijfers && o.plafond === 0n && !o.eigenPlafond) continue;
    for (const m of o.maanden) {
      // A missing report only matters where the aanbieder had care running (the `geen-ohw` signal).
      m.ohwOntbreekt = m.maand <= peilMaand && m.toegewezen > 0n && !ohwMaanden.has(`${o.aanbiederId}|${v.jaar}-${String(m.maand).padStart(2, '0')}`);
    }
    o.mutaties.sort((a, b) => (a.datum < b.datum ? -1 : a.datum > b.datum ? 1 : 0));
    uit.push({
      jaar: v.jaar, domein: o.domein, agb, gemeente: o.gemeente, budgetlijn: v.budgetlijn ?? null, peildatum: v.peildatum, plafond: o.plafond,
      plafondMutaties: o.mutaties, maanden: o.maanden,
      verplichtingenPerMaand: o.maanden.map((m) => (m.maand > peilMaand ? m.toegewezen : 0n)),
      ...(o.vorigJaar ? { vorigJaar: o.vorigJaar } : {}),
    });
  }
  const gesorteerd = uit.sort((a, b) => a.domein.localeCompare(b.domein) || a.agb.localeCompare(b.agb) || (a.gemeente ?? '').localeCompare(b.gemeente ?? ''));
  return stempel ? { reeksen: gesorteerd, stempel } : { reeksen: gesorteerd };
}

/** The default peildatum: the end of the latest ProductPeriode month processed (null when nothing was booked). */
export async function standaardPeildatum(db: Db): Promise<Datum | null> {
  // From the aggregate (a few rows per aanbieder and month), not from the prestaties themselves.
  const [r] = await sqlRijen<{ laatste: Datum | null }>(
    db, 'SELECT max(make_date(jaar, maand, 1)) AS laatste FROM budget_maand WHERE realisatie_cents <> 0 OR gedeclareerd_cents <> 0');
  return r.laatste ? endOfMonth(r.laatste) : null;
}

/** The last day of a month of a year. */
export const maandEinde = (jaar: number, maand: number): Datum => endOfMonth(fromParts(jaar, maand, 1));

// A gemeente's figures over all aanbieders from the roll-up (12 rows per domein and year; the domeinen are named so
// that one gemeente is read along the primary key, domein × jaar × gemeente × maand), its counted OHW (each
// aanbieder's most recent report on or before the peilmaand) and the plafonds set for that gemeente, in one statement.
const gemeenteSql = (gemeente: boolean) => {
  const G = (voorwaarde: string) => (gemeente ? voorwaarde : '$2::text IS NULL');
  return `
SELECT
  -- The rows in leesCijfers' text, with 0 for the aanbieder the roll-up does not have.
  (SELECT coalesce(string_agg(concat_ws(',', 0, b.domein, b.jaar, b.gemeente_code, b.maand, b.realisatie_cents, b.realisatie_kas_cents,
     b.gedeclareerd_cents, b.toegewezen_cents, b.instroom_aantal, b.instroom_cents, b.laat_cents, b.instroom_maand_cents), ';'), '')
     FROM budget_gemeente_maand b WHERE b.domein IN ('JW', 'WMO') AND b.jaar IN ($1, $1 - 1) AND ${G('b.gemeente_code = $2')}) AS cijfers,
  (SELECT coalesce(json_agg(json_build_array(o.domein, o.jaar, o.gemeente_code, o.maand, o.ohw_cents::text)), '[]')
     FROM ohw_maand o
    WHERE o.jaar = $1 AND ${G('o.gemeente_code = $2')}
      AND o.rapportmaand = (SELECT max(u.maand) FROM ohw_upload u WHERE u.aanbieder_id = o.aanbieder_id AND u.maand <= $3::bpchar)) AS ohw,
  (SELECT coalesce(json_agg(json_build_array(i.domein, i.gemeente_code, i.maand, i.looptijd, i.bedrag::text)), '[]')
     FROM (SELECT m.domein, m.gemeente_code, m.maand,
                  (extract(year FROM t.einddatum) * 12 + extract(month FROM t.einddatum) - extract(year FROM t.ingangsdatum) * 12 - extract(month FROM t.ingangsdatum) + 1)::int AS looptijd,
                  sum(m.instroom_maand_cents) AS bedrag
             FROM toewijzing_maand m JOIN toewijzing t ON t.id = m.toewijzing_id
            WHERE m.instroom_aantal > 0 AND m.jaar = $1 AND ${G('m.gemeente_code = $2')}
            GROUP BY 1, 2, 3, 4) i) AS instroom,
  (SELECT coalesce(json_agg(json_build_array(p.domein, p.gemeente_code, p.bedrag_cents::text)), '[]')
     FROM budgetplafond p WHERE p.jaar = $1 AND p.gemeente_code IS NOT NULL AND ${G('p.gemeente_code = $2')}) AS plafonds`;
};
const GEMEENTE_SQL = { een: gemeenteSql(true), alle: gemeenteSql(false) };

/**
 * The series of gemeenten over all their aanbieders (`agb` is empty): per gemeente × domein, from the roll-up kept with
 * the aggregate. The plafond is the sum of the aanbieders' plafonds set for that gemeente (at their current amount;
 * a plafond over all gemeenten cannot be split over them). What a gemeente reads for its own budget, and what the
 * region's and a domein's totals are summed from.
 */
export async function gemeenteReeksen(db: Db, v: { jaar: number; peildatum: Datum; gemeente?: string }): Promise<BudgetReeks[]> {
  const [r] = await sqlRijen<{ cijfers: string; ohw: JsonRij[]; instroom: JsonRij[]; plafonds: [BudgetDomein, string, string][] }>(
    db, v.gemeente ? GEMEENTE_SQL.een : GEMEENTE_SQL.alle, [v.jaar, v.gemeente ?? null, v.peildatum.slice(0, 7)]);
  const peilMaand = peilMaandIn(v.jaar, v.peildatum);
  const reeksen = new Map<string, BudgetReeks>();
  const reeks = (domein: BudgetDomein, gemeente: string): BudgetReeks => {
    const k = `${domein}|${gemeente}`;
    let o = reeksen.get(k);
    if (!o) {
      o = {
        jaar: v.jaar, domein, agb: '', gemeente, budgetlijn: null, peildatum: v.peildatum, plafond: 0n, plafondMutaties: [],
        maanden: Array.from({ length: 12 }, (_, i) => legeMaand(i + 1)), verplichtingenPerMaand: [],
      };
      reeksen.set(k, o);
    }
    return o;
  };
  for (const c of leesCijfers(r.cijfers)) telRijOp(reeks(c.domein, c.gemeente), c, v.jaar);
  for (const c of r.ohw) reeks(c[0] as BudgetDomein, c[2] as string).maanden[(c[3] as number) - 1].onderhandenWerk += BigInt(c[4] as string);
  for (const c of r.instroom) voegInstroomToe(reeks(c[0] as BudgetDomein, c[1] as string).maanden[(c[2] as number) - 1], c[3] as number | null, BigInt(c[4] as string));
  for (const [domein, gemeente, bedrag] of r.plafonds) reeks(domein, gemeente).plafond += BigInt(bedrag);
  const uit = [...reeksen.values()];
  for (const o of uit) o.verplichtingenPerMaand = o.maanden.map((m) => (m.maand > peilMaand ? m.toegewezen : 0n));
  return uit.sort((a, b) => a.domein.localeCompare(b.domein) || (a.gemeente ?? '').localeCompare(b.gemeente ?? ''));
}
