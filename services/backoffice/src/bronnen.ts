import { endOfMonth, fromParts, vandaag, type Datum } from '@plafond/core';
import { standaardPeildatum, uitnutting } from '@plafond/bewaking';
import type { DataSource } from '@plafond/db';
import { uitnuttingMetTermijnen } from '@plafond/werkvoorraad';
import type { UitnuttingBron } from './cijfers';

/**
 * The figures of the back office: `uitnutting` of `@plafond/bewaking` with the werkvoorraad's term signals (the same
 * rows as `uitnutting.json`),
 * at the asked peildatum or else at the end of the latest month with figures — or, without any, today
 * within the asked year.
 */
export function standaardUitnutting(ds: DataSource): UitnuttingBron {
  return async (vraag) => {
    const peildatum = await peildatumVoor(ds, vraag.jaar, vraag.peildatum);
    // The werkvoorraad's term signals are the aanbieder's, not a budgetlijn's: an answer for one budgetlijn has the budget signals only.
    if (vraag.budgetlijn) return uitnutting(ds, { jaar: vraag.jaar, peildatum, gemeente: vraag.gemeente, agb: vraag.agb, budgetlijn: vraag.budgetlijn });
    return uitnuttingMetTermijnen(ds, { jaar: vraag.jaar, peildatum, gemeente: vraag.gemeente, agb: vraag.agb });
  };
}

/** The asked peildatum, or else the end of the latest month with figures — or, without any, today within the year. */
export async function peildatumVoor(ds: DataSource, jaar: number, gevraagd?: Datum): Promise<Datum> {
  return gevraagd ?? (await standaardPeildatum(ds)) ?? binnenJaar(jaar);
}

function binnenJaar(jaar: number): Datum {
  const nu = vandaag();
  const j = Number(nu.slice(0, 4));
  return j === jaar ? nu : j > jaar ? endOfMonth(fromParts(jaar, 12, 1)) : fromParts(jaar, 1, 1);
}
