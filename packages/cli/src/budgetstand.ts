import { type Datum, daysInMonth, fromParts } from '@plafond/core';
import { aanbieders, type DataSource } from '@plafond/db';
import { bewaking } from '@plafond/bewaking';
import { type DomeinUitnutting, type Signaal, type SignaalInstellingen, type Uitnutting, perDomein, sorteerSignalen } from '@plafond/budget';

export interface BudgetStand {
  jaar: number;
  totMaand: number;
  peildatum: Datum;
  /** Per aanbieder × domein (gemeente null). */
  aanbieders: Uitnutting[];
  /** Per aanbieder × domein × gemeente. */
  gemeenten: Uitnutting[];
  domeinen: DomeinUitnutting[];
  /** The signals of the aanbieder totals, most severe first. */
  signalen: Signaal[];
  namen: Map<string, string>;
}

/**
 * The budget picture of a year at the end of month `totMaand`, from the aggregate figures (realisatie, OHW,
 * verplichtingen, instroom) through every prognose method and the signals; every message processed so far counts.
 */
export async function budgetStand(ds: DataSource, jaar: number, totMaand: number, inst?: SignaalInstellingen): Promise<BudgetStand> {
  const peildatum = fromParts(jaar, totMaand, daysInMonth(jaar, totMaand));
  const rows = await bewaking(ds, { jaar, peildatum }, inst);
  const totaal = rows.filter((r) => r.gemeente === null).sort((a, b) => (a.domein + a.agb).localeCompare(b.domein + b.agb));
  return {
    jaar, totMaand, peildatum, aanbieders: totaal, gemeenten: rows.filter((r) => r.gemeente !== null), domeinen: perDomein(totaal),
    signalen: sorteerSignalen(totaal.flatMap((r) => r.signalen)),
    namen: new Map((await aanbieders(ds)).map((a) => [a.agbCode, a.naam])),
  };
}
