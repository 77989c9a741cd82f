import type { Maand } from '@plafond/core';
import { aanbieders, budgetplafonds, voerSqlUit, type DataSource } from '@plafond/db';
import { berekenUitnutting, bepaalSignalen, perDomein, type AanbiederUitnutting, type DomeinUitnutting, type Signaal } from '@plafond/budget';

export interface BudgetStand {
  jaar: number;
  totMaand: number;
  aanbieders: AanbiederUitnutting[];
  domeinen: DomeinUitnutting[];
  signalen: Signaal[];
  namen: Map<string, string>;
}

/** The budget figures of a year up to a month, from the booked prestaties and the plafonds. */
export async function budgetStand(ds: DataSource, jaar: number, totMaand: number): Promise<BudgetStand> {
  const realisatie = await voerSqlUit<{ agb_code: string; domein: 'JW' | 'WMO'; gemeente_code: string; maand: string; toegekend_cents: string }>(ds, 'realisatie-per-aanbieder', { jaar });
  const plafonds = await budgetplafonds(ds, { jaar });
  const rows = berekenUitnutting(
    realisatie.map((r) => ({ agb: r.agb_code, domein: r.domein, gemeente: r.gemeente_code, maand: r.maand as Maand, toegekend: BigInt(r.toegekend_cents) })),
    plafonds.map((p) => ({ agb: p.agbCode, domein: p.domein, gemeente: p.gemeenteCode, bedrag: p.bedragCents })),
    jaar,
    totMaand,
  );
  return {
    jaar, totMaand, aanbieders: rows, domeinen: perDomein(rows), signalen: bepaalSignalen(rows, totMaand),
    namen: new Map((await aanbieders(ds)).map((a) => [a.agbCode, a.naam])),
  };
}
