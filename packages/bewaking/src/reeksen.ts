import { endOfMonth, fromParts, type Cents, type Datum } from '@plafond/core';
import { sqlRijen, type Db } from '@plafond/db';
import { legeMaand, type BudgetDomein, type BudgetReeks, type MaandCijfers } from '@plafond/budget';

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

// Everything in one statement (one round trip): the aggregate rows of the year and the year before, the plafonds of
// the year with their mutations, and the months each aanbieder in scope sent an OHW report for. The aggregate is read
// by its primary key (aanbieder) or its gemeente index; nothing here grows with the number of prestaties. For one
// budgetlijn ($5, its code) the same from the per-budgetlijn aggregates, the instroom of its categories and the
// plafonds split on it.
const cijfersSql = (lijn: boolean) => `
WITH aanb AS (SELECT id FROM aanbieder WHERE agb_code = $2),
${lijn ? `lijn AS (SELECT id, domein, jaar FROM budgetlijn WHERE jaar IN ($1, $1 - 1) AND code = $5),` : ''}
b AS MATERIALIZED (
  SELECT b.* FROM ${lijn ? 'budget_lijn_maand' : 'budget_maand'} b
   WHERE b.jaar IN ($1, $1 - 1)${lijn ? ' AND b.budgetlijn_id IN (SELECT id FROM lijn)' : ''}
     AND ($2::text IS NULL OR b.aanbieder_id = (SELECT id FROM aanb))
     AND ($3::text IS NULL OR b.gemeente_code = $3)),
p AS (
  SELECT p.id, p.aanbieder_id, p.domein, p.gemeente_code, p.bedrag_cents FROM budgetplafond p
   WHERE p.jaar = $1 AND ($2::text IS NULL OR p.aanbieder_id = (SELECT id FROM aanb))
     AND ($3::text IS NULL OR p.gemeente_code = $3 OR p.gemeente_code IS NULL)${lijn ? ' AND p.budgetlijn_id IN (SELECT id FROM lijn)' : ''})
SELECT
  (SELECT coalesce(json_agg(json_build_array(b.aanbieder_id, b.domein, b.jaar, b.gemeente_code, b.maand, b.realisatie_cents::text,
     b.realisatie_kas_cents::text, b.gedeclareerd_cents::text, '0', b.toegewezen_cents::text, b.instroom_aantal,
     b.instroom_cents::text, b.laat_cents::text, b.instroom_maand_cents::text)), '[]') FROM b) AS cijfers,
  -- Counted OHW at the peilmaand: per aanbieder its most recent report month on or before it (one probe each).
  (SELECT coalesce(json_agg(json_build_array(o.aanbieder_id, o.domein, o.jaar, o.gemeente_code, o.maand, o.ohw_cents::text)), '[]')
     FROM ${lijn ? 'ohw_lijn_maand' : 'ohw_maand'} o
    WHERE o.jaar = $1 AND ($2::text IS NULL OR o.aanbieder_id = (SELECT id FROM aanb)) AND ($3::text IS NULL OR o.gemeente_code = $3)
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
            WHERE m.instroom_aantal > 0 AND m.jaar = $1 AND ($2::text IS NULL OR m.aanbieder_id = (SELECT id FROM aanb)) AND ($3::text IS NULL OR m.gemeente_code = $3)
              ${lijn ? `AND (m.domein, m.productcategorie) IN (SELECT c.domein, c.productcategorie FROM budgetlijn_categorie c
                                                            WHERE c.budgetlijn_id IN (SELECT id FROM lijn WHERE jaar = $1))` : ''}
            GROUP BY 1, 2, 3, 4, 5) i) AS instroom,
  (SELECT coalesce(json_agg(json_build_array(a.id, a.agb_code)), '[]')
     FROM aanbieder a WHERE a.id = ANY (ARRAY(SELECT aanbieder_id FROM b UNION SELECT aanbieder_id FROM p
                                     UNION SELECT aanbieder_id FROM ${lijn ? 'ohw_lijn_maand' : 'ohw_maand'} WHERE jaar = $1 AND ($2::text IS NULL OR aanbieder_id = (SELECT id FROM aanb))
                                       AND ($3::text IS NULL OR gemeente_code = $3)))) AS aanbieders,
  (SELECT coalesce(json_agg(DISTINCT json_build_array(u.aanbieder_id, u.maand)::text), '[]')
     FROM (SELECT DISTINCT aanbieder_id FROM b WHERE jaar = $1) x
     CROSS JOIN LATERAL (SELECT DISTINCT u.aanbieder_id, u.maand FROM ohw_upload u
                          WHERE u.aanbieder_id = x.aanbieder_id AND u.maand >= $1 || '-01' AND u.maand <= $1 || '-12') u) AS ohw_maanden`;
const CIJFERS_SQL = cijfersSql(false);
const CIJFERS_LIJN_SQL = cijfersSql(true);

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
  const [r] = await sqlRijen<{ cijfers: JsonRij[]; ohw: JsonRij[]; instroom: JsonRij[]; plafonds: JsonRij[]; aanbieders: [number, string][]; ohw_maanden: string[] }>(
    db, v.budgetlijn ? CIJFERS_LIJN_SQL : CIJFERS_SQL,
    [v.jaar, v.agb ?? null, v.gemeente ?? null, v.peildatum.slice(0, 7), ...(v.budgetlijn ? [v.budgetlijn] : [])]);
  const agbVan = new Map(r.aanbieders.map(([id, agb]) => [id, agb]));
  const ohwMaanden = new Set(r.ohw_maanden.map((s) => { const [id, m] = JSON.parse(s) as [number, string]; return `${id}|${m}`; }));
  const peilMaand = peilMaandIn(v.jaar, v.peildatum);

  interface Opbouw { aanbiederId: number; domein: BudgetDomein; gemeente: string | null; maanden: MaandCijfers[]; vorig: Cents[] | null; plafond: Cents; mutaties: BudgetReeks['plafondMutaties']; eigenPlafond: boolean }
  const reeksen = new Map<string, Opbouw>();
  const reeks = (aanbiederId: number, domein: BudgetDomein, gemeente: string | null): Opbouw => {
    const k = sleutel(aanbiederId, domein, gemeente);
    let o = reeksen.get(k);
    if (!o) {
      o = { aanbiederId, domein, gemeente, maanden: Array.from({ length: 12 }, (_, i) => legeMaand(i + 1)), vorig: null, plafond: 0n, mutaties: [], eigenPlafond: false };
      reeksen.set(k, o);
    }
    return o;
  };
  const gemeenten = v.gemeente ? [v.gemeente] : null;
  for (const c of r.cijfers) {
    const [aanbiederId, domein, jaar, gemeente, maand] = [c[0] as number, c[1] as BudgetDomein, c[2] as number, c[3] as string, c[4] as number];
    const doelen = gemeenten ? [reeks(aanbiederId, domein, gemeente)] : [reeks(aanbiederId, domein, gemeente), reeks(aanbiederId, domein, null)];
    for (const o of doelen) {
      if (jaar !== v.jaar) {
        o.vorig ??= Array.from({ length: 12 }, () => 0n);
        o.vorig[maand - 1] += BigInt(c[5] as string);
        continue;
      }
      const m = o.maanden[maand - 1];
      m.realisatie += BigInt(c[5] as string);
      m.realisatieKas += BigInt(c[6] as string);
      m.gedeclareerd += BigInt(c[7] as string);
      m.toegewezen += BigInt(c[9] as string);
      m.instroomAantal += c[10] as number;
      m.instroomBedrag += BigInt(c[11] as string);
      m.laatGedeclareerd += BigInt(c[12] as string);
      m.instroomMaandbedrag += BigInt(c[13] as string);
    }
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
      ...(o.vorig ? { vorigJaar: o.vorig } : {}),
    });
  }
  return uit.sort((a, b) => a.domein.localeCompare(b.domein) || a.agb.localeCompare(b.agb) || (a.gemeente ?? '').localeCompare(b.gemeente ?? ''));
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

// A gemeente's figures over all aanbieders from the roll-up (12 rows per domein and year), its counted OHW (each
// aanbieder's most recent report on or before the peilmaand) and the plafonds set for that gemeente, in one statement.
const GEMEENTE_SQL = `
SELECT
  (SELECT coalesce(json_agg(json_build_array(b.domein, b.jaar, b.gemeente_code, b.maand, b.realisatie_cents::text, b.realisatie_kas_cents::text,
     b.gedeclareerd_cents::text, '0', b.toegewezen_cents::text, b.instroom_aantal, b.instroom_cents::text, b.laat_cents::text,
     b.instroom_maand_cents::text)), '[]')
     FROM budget_gemeente_maand b WHERE b.jaar IN ($1, $1 - 1) AND ($2::text IS NULL OR b.gemeente_code = $2)) AS cijfers,
  (SELECT coalesce(json_agg(json_build_array(o.domein, o.jaar, o.gemeente_code, o.maand, o.ohw_cents::text)), '[]')
     FROM ohw_maand o
    WHERE o.jaar = $1 AND ($2::text IS NULL OR o.gemeente_code = $2)
      AND o.rapportmaand = (SELECT max(u.maand) FROM ohw_upload u WHERE u.aanbieder_id = o.aanbieder_id AND u.maand <= $3::bpchar)) AS ohw,
  (SELECT coalesce(json_agg(json_build_array(i.domein, i.gemeente_code, i.maand, i.looptijd, i.bedrag::text)), '[]')
     FROM (SELECT m.domein, m.gemeente_code, m.maand,
                  (extract(year FROM t.einddatum) * 12 + extract(month FROM t.einddatum) - extract(year FROM t.ingangsdatum) * 12 - extract(month FROM t.ingangsdatum) + 1)::int AS looptijd,
                  sum(m.instroom_maand_cents) AS bedrag
             FROM toewijzing_maand m JOIN toewijzing t ON t.id = m.toewijzing_id
            WHERE m.instroom_aantal > 0 AND m.jaar = $1 AND ($2::text IS NULL OR m.gemeente_code = $2)
            GROUP BY 1, 2, 3, 4) i) AS instroom,
  (SELECT coalesce(json_agg(json_build_array(p.domein, p.gemeente_code, p.bedrag_cents::text)), '[]')
     FROM budgetplafond p WHERE p.jaar = $1 AND p.gemeente_code IS NOT NULL AND ($2::text IS NULL OR p.gemeente_code = $2)) AS plafonds`;

/**
 * The series of gemeenten over all their aanbieders (`agb` is empty): per gemeente × domein, from the roll-up kept with
 * the aggregate. The plafond is the sum of the aanbieders' plafonds set for that gemeente (at their current amount;
 * a plafond over all gemeenten cannot be split over them). What a gemeente reads for its own budget, and what the
 * region's and a domein's totals are summed from.
 */
export async function gemeenteReeksen(db: Db, v: { jaar: number; peildatum: Datum; gemeente?: string }): Promise<BudgetReeks[]> {
  const [r] = await sqlRijen<{ cijfers: JsonRij[]; ohw: JsonRij[]; instroom: JsonRij[]; plafonds: [BudgetDomein, string, string][] }>(
    db, GEMEENTE_SQL, [v.jaar, v.gemeente ?? null, v.peildatum.slice(0, 7)]);
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
  for (const c of r.cijfers) {
    const o = reeks(c[0] as BudgetDomein, c[2] as string);
    const maand = c[3] as number;
    if (c[1] !== v.jaar) {
      o.vorigJaar ??= Array.from({ length: 12 }, () => 0n);
      o.vorigJaar[maand - 1] += BigInt(c[4] as string);
      continue;
    }
    const m = o.maanden[maand - 1];
    m.realisatie += BigInt(c[4] as string);
    m.realisatieKas += BigInt(c[5] as string);
    m.gedeclareerd += BigInt(c[6] as string);
    m.toegewezen += BigInt(c[8] as string);
    m.instroomAantal += c[9] as number;
    m.instroomBedrag += BigInt(c[10] as string);
    m.laatGedeclareerd += BigInt(c[11] as string);
    m.instroomMaandbedrag += BigInt(c[12] as string);
  }
  for (const c of r.ohw) reeks(c[0] as BudgetDomein, c[2] as string).maanden[(c[3] as number) - 1].onderhandenWerk += BigInt(c[4] as string);
  for (const c of r.instroom) voegInstroomToe(reeks(c[0] as BudgetDomein, c[1] as string).maanden[(c[2] as number) - 1], c[3] as number | null, BigInt(c[4] as string));
  for (const [domein, gemeente, bedrag] of r.plafonds) reeks(domein, gemeente).plafond += BigInt(bedrag);
  const uit = [...reeksen.values()];
  for (const o of uit) o.verplichtingenPerMaand = o.maanden.map((m) => (m.maand > peilMaand ? m.toegewezen : 0n));
  return uit.sort((a, b) => a.domein.localeCompare(b.domein) || (a.gemeente ?? '').localeCompare(b.gemeente ?? ''));
}
