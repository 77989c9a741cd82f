import type { Datum } from '@plafond/core';
import type { UitnuttingAntwoord, UitnuttingRegel } from '@plafond/bewaking';

export type { UitnuttingRegel };
export type UitnuttingSignaal = UitnuttingRegel['signalen'][number];

/** The question of `GET /api/uitnutting` and of every figure on the screens. */
export interface UitnuttingVraag {
  jaar: number;
  /** Default: the end of the latest month with figures. */
  peildatum?: Datum;
  gemeente?: string;
  agb?: string;
  /** Only the figures on this budgetlijn (its code), against the plafonds split on it. */
  budgetlijn?: string;
}

/** `{ peildatum, regels }` exactly as `uitnutting.json`. */
export type Uitnutting = UitnuttingAntwoord;

/** Where the figures come from: `uitnutting` of `@plafond/bewaking` (tests may give their own). */
export type UitnuttingBron = (vraag: UitnuttingVraag) => Promise<Uitnutting>;
