import { formatEuro, type Cents, type Datum } from '@plafond/core';
import type { Db } from '@plafond/db';
import { bewaakReeks, type SignaalInstellingen, type SignaalSoort, type Uitnutting } from '@plafond/budget';
import { budgetReeksen, gemeenteReeksen, type CijferVraag } from './reeksen';

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
  signalen: { soort: SignaalSoort; toelichting: string }[];
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
  };
}

/**
 * The budget pictures of a year at a peildatum (prognose by every method, the chosen one, the signals), per
 * aanbieder × domein and gemeente, from the aggregate.
 */
export async function bewaking(db: Db, v: CijferVraag, inst?: SignaalInstellingen): Promise<Uitnutting[]> {
  return (await budgetReeksen(db, v)).map((r) => bewaakReeks(r, inst));
}

/**
 * `uitnutting.json` for a year at a peildatum: one row per aanbieder × domein with its total over all gemeenten
 * (`gemeente: null`) and one per gemeente it has figures or a plafond in; with `gemeente`, only that gemeente's rows;
 * with `agb`, only that aanbieder's. This is what `GET /api/uitnutting` serves.
 */
export async function uitnutting(db: Db, v: CijferVraag, inst?: SignaalInstellingen): Promise<UitnuttingAntwoord> {
  return { peildatum: v.peildatum, regels: (await bewaking(db, v, inst)).map(naarRegel) };
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
