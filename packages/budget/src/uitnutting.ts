import type { Cents, Datum } from '@plafond/core';
import { type BudgetDomein, type BudgetReeks, telReeksenOp } from './model';
import { type Prognose, type PrognoseMethode, type PrognoseOpties, berekenPrognose } from './prognose';
import { deelVan, vast } from './aandeel';
import { type Signaal, type SignaalInstellingen, STANDAARD_SIGNALEN, bepaalSignalen } from './signalen';

/** The budget picture of one series at its peildatum: figures, every prognose, the chosen one and the signals. */
export interface Uitnutting {
  jaar: number;
  domein: BudgetDomein;
  agb: string;
  gemeente: string | null;
  budgetlijn: string | null;
  peildatum: Datum;
  plafond: Cents;
  realisatie: Cents;
  onderhandenWerk: Cents;
  /** What the running toewijzingen still allow after the peildatum. */
  verplichtingen: Cents;
  /** Realisatie + OHW per month (12 entries). */
  perMaand: Cents[];
  /** (realisatie + OHW) / plafond × 100, two decimals; null without a plafond. */
  uitnuttingPct: string | null;
  prognose: Cents;
  prognoses: Partial<Record<PrognoseMethode, Cents>>;
  prognoseMethode: PrognoseMethode;
  prognoseReden: string;
  verwachteUitputting: Datum | null;
  /** Every method's figures, for whoever wants to show the grondslag. */
  detail: Prognose;
  signalen: Signaal[];
}

/** `deel / geheel × 100` with two decimals, or null when `geheel` is 0. */
export function percentage(deel: Cents, geheel: Cents): string | null {
  return geheel === 0n ? null : vast(deelVan(deel, geheel), 2);
}

/** The whole budget picture of one series: prognose by every method, the chosen one, the signals. */
export function bewaakReeks(r: BudgetReeks, inst: SignaalInstellingen = STANDAARD_SIGNALEN, opties: PrognoseOpties = {}): Uitnutting {
  const detail = berekenPrognose(r, opties);
  const realisatie = r.maanden.reduce((a, m) => a + m.realisatie, 0n);
  const onderhandenWerk = r.maanden.reduce((a, m) => a + m.onderhandenWerk, 0n);
  const prognoses: Uitnutting['prognoses'] = {};
  for (const [k, v] of Object.entries(detail.methoden)) prognoses[k as PrognoseMethode] = v.prognose;
  return {
    jaar: r.jaar, domein: r.domein, agb: r.agb, gemeente: r.gemeente, budgetlijn: r.budgetlijn, peildatum: r.peildatum,
    plafond: r.plafond, realisatie, onderhandenWerk,
    verplichtingen: r.verplichtingenPerMaand.slice(detail.peilMaand).reduce((a, b) => a + b, 0n),
    perMaand: r.maanden.map((m) => m.realisatie + m.onderhandenWerk),
    uitnuttingPct: percentage(realisatie + onderhandenWerk, r.plafond),
    prognose: detail.prognose, prognoses, prognoseMethode: detail.gekozen, prognoseReden: detail.reden,
    verwachteUitputting: detail.verwachteUitputting, detail, signalen: bepaalSignalen(r, detail, inst),
  };
}

const referentieSleutel = (r: { jaar: number; domein: BudgetDomein; peildatum: Datum }) => `${r.jaar}|${r.domein}|${r.peildatum}`;

/**
 * For each series of the list, the series over all aanbieders of its jaar, domein and peildatum that its instroom
 * is read against (`PrognoseOpties.referentie`): the roll-up of the aanbieder totals (gemeente and budgetlijn null)
 * where the list has them, else of every series in it (a gemeente's answer: its aanbieders in that gemeente).
 */
export function instroomReferenties(reeksen: BudgetReeks[]): (r: BudgetReeks) => BudgetReeks | undefined {
  const groepen = new Map<string, { totalen: BudgetReeks[]; alle: BudgetReeks[] }>();
  for (const r of reeksen) {
    const k = referentieSleutel(r);
    const g = groepen.get(k) ?? { totalen: [], alle: [] };
    g.alle.push(r);
    if (r.gemeente === null && r.budgetlijn === null) g.totalen.push(r);
    groepen.set(k, g);
  }
  const uit = new Map<string, BudgetReeks>();
  for (const [k, g] of groepen) uit.set(k, telReeksenOp(g.totalen.length ? g.totalen : g.alle, { agb: '', gemeente: null, budgetlijn: null }));
  return (r) => uit.get(referentieSleutel(r));
}

/**
 * The budget pictures of series read together (normally every series of a year at one peildatum): each with
 * `bewaakReeks`, its instroom read against the others of its domein (`instroomReferenties`). An answer of one
 * aanbieder alone is read against that aanbieder's own total.
 */
export function bewaakReeksen(reeksen: BudgetReeks[], inst: SignaalInstellingen = STANDAARD_SIGNALEN): Uitnutting[] {
  const referentie = instroomReferenties(reeksen);
  return reeksen.map((r) => bewaakReeks(r, inst, { referentie: referentie(r) }));
}

/** Totals per domein of rows (normally the aanbieder totals, gemeente null). */
export interface DomeinUitnutting {
  domein: BudgetDomein;
  plafond: Cents;
  realisatie: Cents;
  onderhandenWerk: Cents;
  prognose: Cents;
  uitnuttingPct: string | null;
}

export function perDomein(rows: Uitnutting[]): DomeinUitnutting[] {
  const out = new Map<BudgetDomein, DomeinUitnutting>();
  for (const r of rows) {
    const d = out.get(r.domein) ?? { domein: r.domein, plafond: 0n, realisatie: 0n, onderhandenWerk: 0n, prognose: 0n, uitnuttingPct: null };
    d.plafond += r.plafond;
    d.realisatie += r.realisatie;
    d.onderhandenWerk += r.onderhandenWerk;
    d.prognose += r.prognose;
    out.set(r.domein, d);
  }
  for (const d of out.values()) d.uitnuttingPct = percentage(d.realisatie + d.onderhandenWerk, d.plafond);
  return [...out.values()].sort((a, b) => a.domein.localeCompare(b.domein));
}
