import type { Datum } from '@plafond/core';

/** The question of `GET /api/uitnutting` and of every figure on the screens. */
export interface UitnuttingVraag {
  jaar: number;
  /** Default: what the figures source takes (the end of the latest ProductPeriode month processed). */
  peildatum?: Datum;
  gemeente?: string;
  agb?: string;
}

export interface UitnuttingSignaal {
  soort: string;
  toelichting: string;
}

/** One row of `uitnutting.json`: amounts in euros as strings with two decimals. */
export interface UitnuttingRegel {
  jaar: number;
  domein: 'jeugd' | 'wmo';
  agb: string;
  /** null: the aanbieder's total over all gemeenten. */
  gemeente: string | null;
  plafond: string;
  realisatie: string;
  onderhandenWerk: string;
  verplichtingen: string;
  prognose: string;
  prognoses: Record<string, string>;
  prognoseMethode: string;
  verwachteUitputting: Datum | null;
  uitnutting: string;
  signalen: UitnuttingSignaal[];
}

export interface Uitnutting {
  peildatum: Datum;
  regels: UitnuttingRegel[];
}

/** Where the figures come from: the budget figures of `@plafond/bewaking`. */
export type UitnuttingBron = (vraag: UitnuttingVraag) => Promise<Uitnutting>;
