import { formatEuro, type Cents, type Datum } from '@plafond/core';
import type { Db } from '@plafond/db';
import { bewaakReeks, legeMaand, telReeksenOp, type BudgetDomein, type BudgetReeks, type SignaalInstellingen, type SignaalSoort, type Uitnutting } from '@plafond/budget';
import { sqlRijen } from '@plafond/db';
import { budgetReeksen, budgetReeksenMetStempel, gemeenteReeksen, regioStempelKolommen, WAL_POSITIE_SQL, type CijferVraag, type RegioStempel } from './reeksen';

/** One row of `uitnutting.json` (issue 11 item 8), amounts in euros with two decimals. */
export interface UitnuttingRegel {
  jaar: number;
  domein: 'jeugd' | 'wmo';
  agb: string;
  gemeente: string | null;
  plafond: string;
  realisatie: string;
  onderhandenWerk: string;
  verplichtingen: string;
  prognose: string;
  prognoses: Record<string, string>;
  prognoseMethode: string;
  verwachteUitputting: Datum | null;
  /** (realisatie + onderhanden werk) / plafond × 100, two decimals; null without a plafond. */
  uitnutting: string | null;
  signalen: { soort: SignaalSoort | WerkSignaalSoort; toelichting: string }[];
  /** Only in an answer for one budgetlijn (`?budgetlijn=`): its code; the row holds the figures on that budgetlijn. */
  budgetlijn?: string;
}

/**
 * Signals about the work rather than the money, shown in the budget signal list beside the six budget signals:
 * a step of the bestedingsruimte procedure overdue, a held declaratie or a verzoek near or past its term, a
 * toewijzing of ours without its retour, a received message that could not be processed.
 */
export type WerkSignaalSoort = 'bestedingsruimte-termijn' | 'declaratie-termijn' | 'verzoek-termijn' | 'retour-ontbreekt' | 'onverwerkt-bericht';

/** A signal from outside the budget figures, for the rows of one aanbieder (`domein` null: whichever it has). */
export interface ExtraSignaal {
  agb: string;
  domein: BudgetDomein | null;
  gemeente: string | null;
  soort: WerkSignaalSoort;
  toelichting: string;
}

/**
 * Adds signals to the rows of their aanbieder, each once: on its total row (`gemeente` null) of the signal's domein,
 * or — in an answer without total rows, such as a gemeente's — on the row of the signal's gemeente. A signal without
 * a domein goes to the aanbieder's first row. A signal whose aanbieder has no row in the answer is not in it (the
 * werkvoorraad still lists it).
 */
export function voegSignalenToe(regels: UitnuttingRegel[], extra: readonly ExtraSignaal[]): UitnuttingRegel[] {
  if (!extra.length) return regels;
  const domeinVan = (d: BudgetDomein) => (d === 'JW' ? 'jeugd' : 'wmo');
  const uit = regels.map((r) => ({ ...r, signalen: [...r.signalen] }));
  for (const e of extra) {
    const kandidaten = uit.filter((r) => r.agb === e.agb && (e.domein === null || r.domein === domeinVan(e.domein)));
    const doel = kandidaten.find((r) => r.gemeente === null) ?? kandidaten.find((r) => e.gemeente !== null && r.gemeente === e.gemeente);
    doel?.signalen.push({ soort: e.soort, toelichting: e.toelichting });
  }
  return uit;
}

export interface UitnuttingAntwoord {
  peildatum: Datum;
  regels: UitnuttingRegel[];
}

const euro = (c: Cents) => formatEuro(c);

/** A picture of one series as the JSON row. */
export function naarRegel(u: Uitnutting): UitnuttingRegel {
  const prognoses: Record<string, string> = {};
  for (const [k, v] of Object.entries(u.prognoses)) if (v !== undefined) prognoses[k] = euro(v);
  return {
    jaar: u.jaar, domein: u.domein === 'JW' ? 'jeugd' : 'wmo', agb: u.agb, gemeente: u.gemeente,
    plafond: euro(u.plafond), realisatie: euro(u.realisatie), onderhandenWerk: euro(u.onderhandenWerk), verplichtingen: euro(u.verplichtingen),
    prognose: euro(u.prognose), prognoses, prognoseMethode: u.prognoseMethode, verwachteUitputting: u.verwachteUitputting,
    uitnutting: u.uitnuttingPct, signalen: u.signalen.map((s) => ({ soort: s.soort, toelichting: s.toelichting })),
    ...(u.budgetlijn ? { budgetlijn: u.budgetlijn } : {}),
  };
}

/**
 * The budget pictures of a year at a peildatum (prognose by every method, the chosen one, the signals), per
 * aanbieder × domein and gemeente, from the aggregate; the instroom of each series read against its domein over the
 * whole region — the roll-up of every gemeente, whatever the question is filtered on, so an aanbieder's forecast is
 * the same in its own pack, in a gemeente's view and on the regional dashboard.
 */
export async function bewaking(db: Db, v: CijferVraag, inst?: SignaalInstellingen): Promise<Uitnutting[]> {
  // The series and the region stamp in one statement; the region itself is read only when the stamp changed.
  const { reeksen, stempel } = await budgetReeksenMetStempel(db, v, regioBekend(db, v)?.lsn ?? null);
  const regio = await regioReferentie(db, v, stempel);
  return reeksen.map((r) => bewaakReeks(r, inst, { referentie: regio.get(r.domein) }));
}

/**
 * The region's instroom figures of a year, summed from the gemeente roll-up along its primary key: when they are
 * unchanged, the region's series is too as far as the instroom reference reads it (toegewezen, new toewijzingen and,
 * for the season, the realisatie). The sum is a scan of every gemeente × month row, so it runs only when the database
 * has written anything since the reference was read: the WAL position ($2, as last seen) decides first, and a database
 * that wrote nothing cannot have other figures. Both in one round trip; the sum is not evaluated when the position is
 * the same.
 */
const REGIO_STEMPEL_SQL = `WITH w AS (SELECT ${WAL_POSITIE_SQL} AS lsn) SELECT ${regioStempelKolommen('$1', '$2')}`;

interface RegioGeheugen {
  lsn: string | null;
  stempel: string;
  referentie: Map<BudgetDomein, BudgetReeks>;
}

/** Per database, the region reference last read per jaar × peildatum with the WAL position and stamp it was read at. */
const regioGeheugen = new WeakMap<object, Map<string, RegioGeheugen>>();

const regioSleutel = (v: CijferVraag) => `${v.jaar}|${v.peildatum}`;

/** The region reference of a year × peildatum last read for a database, if any. */
function regioBekend(db: Db, v: CijferVraag): RegioGeheugen | undefined {
  return regioGeheugen.get(db as object)?.get(regioSleutel(v));
}

/**
 * Per domein the region's series (all gemeenten and aanbieders) at the peildatum: what instroom is read against. Reading
 * it means every gemeente's roll-up and every new toewijzing of the year, so it is kept per database and read again only
 * when the region's instroom figures changed (the WAL position, then one sum decides): the answer for one aanbieder
 * stays a few index reads, and is still exactly the one the whole region's answer gives.
 */
async function regioReferentie(db: Db, v: CijferVraag, gelezen?: RegioStempel): Promise<Map<BudgetDomein, BudgetReeks>> {
  const sleutel = regioSleutel(v);
  const perDb = regioGeheugen.get(db as object) ?? new Map<string, RegioGeheugen>();
  regioGeheugen.set(db as object, perDb);
  const bekend = perDb.get(sleutel);
  // A stamp read with the series was read against the position `regioBekend` gave just before; a null stempel there
  // means "unchanged since that position", which is only the entry's position if nothing replaced the entry since.
  const { lsn, stempel } = gelezen && (gelezen.stempel !== null || bekend)
    ? gelezen
    : (await sqlRijen<RegioStempel>(db, REGIO_STEMPEL_SQL, [v.jaar, bekend?.lsn ?? null]))[0];
  if (bekend && stempel === null) return bekend.referentie;
  const s = JSON.stringify(stempel);
  if (bekend?.stempel === s) {
    bekend.lsn = lsn;
    return bekend.referentie;
  }
  const alle = await gemeenteReeksen(db, { jaar: v.jaar, peildatum: v.peildatum });
  const referentie = new Map<BudgetDomein, BudgetReeks>();
  for (const domein of ['JW', 'WMO'] as const) {
    const deel = alle.filter((r) => r.domein === domein);
    if (deel.length) referentie.set(domein, telReeksenOp(deel, { agb: '', gemeente: null, budgetlijn: null }));
  }
  if (perDb.size > 50) perDb.clear();
  perDb.set(sleutel, { lsn, stempel: s, referentie });
  return referentie;
}

/**
 * `uitnutting.json` for a year at a peildatum: one row per aanbieder × domein with its total over all gemeenten
 * (`gemeente: null`) and one per gemeente it has figures or a plafond in; with `gemeente`, only that gemeente's rows;
 * with `agb`, only that aanbieder's. This is what `GET /api/uitnutting` serves.
 */
export async function uitnutting(db: Db, v: CijferVraag, inst?: SignaalInstellingen, extra: readonly ExtraSignaal[] = []): Promise<UitnuttingAntwoord> {
  return { peildatum: v.peildatum, regels: voegSignalenToe((await bewaking(db, v, inst)).map(naarRegel), extra) };
}

/** A gemeente's row over all its aanbieders: the row of `uitnutting.json` without an AGB. */
export type GemeenteRegel = Omit<UitnuttingRegel, 'agb'>;

/**
 * The uitnutting of gemeenten over all their aanbieders (one row per gemeente × domein; with `gemeente` only that
 * gemeente's), from the roll-up: a gemeente's own budget at a glance, answered without reading any aanbieder's rows.
 */
export async function uitnuttingGemeente(db: Db, v: { jaar: number; peildatum: Datum; gemeente?: string }, inst?: SignaalInstellingen): Promise<{ peildatum: Datum; regels: GemeenteRegel[] }> {
  const regels = (await gemeenteReeksen(db, v)).map((r) => {
    const { agb: _agb, ...regel } = naarRegel(bewaakReeks(r, inst));
    return regel;
  });
  return { peildatum: v.peildatum, regels };
}

/**
 * The region per domein (all gemeenten and aanbieders; `gemeente` null): the gemeente roll-ups added up, against the
 * aanbieders' plafonds at the peildatum — per aanbieder its plafond over all gemeenten, or where it has only gemeente
 * plafonds their sum (a split divides the plafond, it does not add to it).
 */
export async function uitnuttingRegio(db: Db, v: { jaar: number; peildatum: Datum }, inst?: SignaalInstellingen): Promise<{ peildatum: Datum; regels: GemeenteRegel[] }> {
  const reeksen = await gemeenteReeksen(db, v);
  const plafonds = await sqlRijen<{ domein: BudgetDomein; bedrag: string }>(
    db,
    `WITH p AS (SELECT p.aanbieder_id, p.domein, p.gemeente_code IS NULL AS totaal,
                       (SELECT coalesce(sum(m.mutatie_cents), 0) FROM budgetplafond_mutatie m
                         WHERE m.budgetplafond_id = p.id AND (m.bedrag_oud_cents IS NULL OR m.datum <= $2)) AS bedrag
                  FROM budgetplafond p WHERE p.jaar = $1),
     a AS (SELECT aanbieder_id, domein, CASE WHEN bool_or(totaal) THEN sum(bedrag) FILTER (WHERE totaal) ELSE sum(bedrag) END AS bedrag FROM p GROUP BY 1, 2)
     SELECT domein, sum(bedrag)::text AS bedrag FROM a GROUP BY domein`,
    [v.jaar, v.peildatum]);
  const regels: GemeenteRegel[] = [];
  for (const domein of ['JW', 'WMO'] as const) {
    const deel = reeksen.filter((r) => r.domein === domein);
    const plafond = BigInt(plafonds.find((p) => p.domein === domein)?.bedrag ?? '0');
    if (!deel.length && plafond === 0n) continue;
    const regio = deel.length ? telReeksenOp(deel, { agb: '', gemeente: null, budgetlijn: null }) : {
      jaar: v.jaar, domein, agb: '', gemeente: null, budgetlijn: null, peildatum: v.peildatum, plafond: 0n, plafondMutaties: [],
      maanden: Array.from({ length: 12 }, (_, i) => legeMaand(i + 1)), verplichtingenPerMaand: Array.from({ length: 12 }, () => 0n),
    };
    const { agb: _agb, ...regel } = naarRegel(bewaakReeks({ ...regio, plafond }, inst));
    regels.push(regel);
  }
  return { peildatum: v.peildatum, regels };
}

/** The uitnutting of one budgetlijn (perceel) over all aanbieders on it, against the budget of the budgetlijn. */
export interface BudgetlijnRegel extends Omit<UitnuttingRegel, 'agb' | 'gemeente' | 'budgetlijn'> {
  budgetlijn: string;
  naam: string;
  productcategorieen: string[];
  /** The aanbieders' plafonds split on this budgetlijn, summed at the peildatum: how much of its budget is contracted. */
  plafondsAanbieders: string;
  aanbieders: number;
}

/**
 * Per budgetlijn of the year (or the one asked by code) and its domein: the figures of the productcategorieën on it
 * over all aanbieders (`budget_lijn_maand`, kept by the booking), their prognose and signals against the budgetlijn's
 * own budget (`budgetlijnen.csv`), beside what of that budget the aanbieders' plafonds on it hold. Each aanbieder's
 * forecast is its own (read against the region as everywhere), the budgetlijn's is that of their sum.
 */
export async function uitnuttingBudgetlijnen(db: Db, v: { jaar: number; peildatum: Datum; budgetlijn?: string }, inst?: SignaalInstellingen): Promise<{ peildatum: Datum; regels: BudgetlijnRegel[] }> {
  const lijnen = await sqlRijen<{ domein: BudgetDomein; code: string; naam: string; bedrag: string; categorieen: string[] }>(
    db,
    `SELECT b.domein, b.code, b.naam, b.bedrag_cents::text AS bedrag,
            coalesce((SELECT array_agg(c.productcategorie::text ORDER BY c.productcategorie) FROM budgetlijn_categorie c WHERE c.budgetlijn_id = b.id), '{}') AS categorieen
       FROM budgetlijn b WHERE b.jaar = $1 AND ($2::text IS NULL OR b.code = $2) ORDER BY b.domein, b.code`,
    [v.jaar, v.budgetlijn ?? null]);
  const regio = await regioReferentie(db, v);
  const regels: BudgetlijnRegel[] = [];
  const perCode = new Map<string, BudgetReeks[]>();
  for (const code of new Set(lijnen.map((l) => l.code))) {
    perCode.set(code, (await budgetReeksen(db, { jaar: v.jaar, peildatum: v.peildatum, budgetlijn: code })).filter((r) => r.gemeente === null));
  }
  for (const l of lijnen) {
    const deel = (perCode.get(l.code) ?? []).filter((r) => r.domein === l.domein);
    const som = deel.length ? telReeksenOp(deel, { agb: '', gemeente: null, budgetlijn: l.code }) : {
      jaar: v.jaar, domein: l.domein, agb: '', gemeente: null, budgetlijn: l.code, peildatum: v.peildatum, plafond: 0n, plafondMutaties: [],
      maanden: Array.from({ length: 12 }, (_, i) => legeMaand(i + 1)), verplichtingenPerMaand: Array.from({ length: 12 }, () => 0n),
    };
    const { agb: _agb, gemeente: _gemeente, budgetlijn: _b, ...regel } = naarRegel(bewaakReeks({ ...som, plafond: BigInt(l.bedrag) }, inst, { referentie: regio.get(l.domein) }));
    regels.push({
      ...regel, budgetlijn: l.code, naam: l.naam, productcategorieen: l.categorieen, plafondsAanbieders: euro(som.plafond), aanbieders: deel.length,
    });
  }
  return { peildatum: v.peildatum, regels };
}
