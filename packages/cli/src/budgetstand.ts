import { type Cents, type Datum, fromParts, daysInMonth } from '@plafond/core';
import { aanbieders, budgetplafonds, voerSqlUit, type DataSource } from '@plafond/db';
import { type BudgetReeks, type DomeinUitnutting, type Signaal, type Uitnutting, bewaakReeks, legeMaand, perDomein, sorteerSignalen } from '@plafond/budget';

export interface BudgetStand {
  jaar: number;
  totMaand: number;
  peildatum: Datum;
  /** Per aanbieder × domein (gemeente null). */
  aanbieders: Uitnutting[];
  domeinen: DomeinUitnutting[];
  signalen: Signaal[];
  namen: Map<string, string>;
}

/**
 * The budget figures of a year at the end of a month, from the booked prestaties and the plafonds: per aanbieder ×
 * domein over all gemeenten. Realisatie of months after `totMaand` is left out, so the stand is what was known
 * for those months. Without OHW and toewijzing figures the prognose falls back to the run-rate.
 */
export async function budgetStand(ds: DataSource, jaar: number, totMaand: number): Promise<BudgetStand> {
  const realisatie = await voerSqlUit<{ agb_code: string; domein: 'JW' | 'WMO'; gemeente_code: string; maand: string; toegekend_cents: string }>(ds, 'realisatie-per-aanbieder', { jaar });
  const plafonds = await budgetplafonds(ds, { jaar });
  const peildatum = fromParts(jaar, totMaand, daysInMonth(jaar, totMaand));
  const reeksen = new Map<string, BudgetReeks>();
  const reeks = (agb: string, domein: 'JW' | 'WMO') => {
    const k = `${agb}|${domein}`;
    let r = reeksen.get(k);
    if (!r) {
      r = {
        jaar, domein, agb, gemeente: null, budgetlijn: null, peildatum, plafond: 0n, plafondMutaties: [],
        maanden: Array.from({ length: 12 }, (_, i) => legeMaand(i + 1)), verplichtingenPerMaand: Array.from({ length: 12 }, (): Cents => 0n),
      };
      reeksen.set(k, r);
    }
    return r;
  };
  for (const p of plafonds) reeks(p.agbCode, p.domein).plafond += p.bedragCents;
  for (const r of realisatie) {
    const m = Number(r.maand.slice(5, 7));
    if (m > totMaand) continue;
    const maand = reeks(r.agb_code, r.domein).maanden[m - 1];
    maand.realisatie += BigInt(r.toegekend_cents);
    maand.realisatieKas += BigInt(r.toegekend_cents);
  }
  const rows = [...reeksen.values()].map((r) => bewaakReeks(r)).sort((a, b) => (a.domein + a.agb).localeCompare(b.domein + b.agb));
  return {
    jaar, totMaand, peildatum, aanbieders: rows, domeinen: perDomein(rows), signalen: sorteerSignalen(rows.flatMap((r) => r.signalen)),
    namen: new Map((await aanbieders(ds)).map((a) => [a.agbCode, a.naam])),
  };
}
