import { datum, formatEuro, Money, type Datum, type Maand } from '@plafond/core';
import { berekenUitnutting, bepaalSignalen, type PlafondRegel, type RealisatieRegel } from '@plafond/budget';
import { budgetplafonds, voerSqlUit, type DataSource } from '@plafond/db';
import type { Uitnutting, UitnuttingBron, UitnuttingRegel } from './cijfers';

/**
 * The figures from today's `@plafond/budget` (realisatie and its run-rate prognose, per aanbieder ×
 * domein and per aanbieder × gemeente × domein), in the row shape of `uitnutting.json`. Used until the
 * budget figures of `@plafond/bewaking` are wired in; it computes nothing itself.
 */
export function uitnuttingUitBudget(ds: DataSource): UitnuttingBron {
  return async (vraag) => {
    const rijen = await voerSqlUit<{ agb_code: string; domein: 'JW' | 'WMO'; gemeente_code: string; maand: string; toegekend_cents: string }>(ds, 'realisatie-per-aanbieder', { jaar: vraag.jaar });
    const realisatie: RealisatieRegel[] = rijen.map((r) => ({ agb: r.agb_code, domein: r.domein, gemeente: r.gemeente_code, maand: r.maand as Maand, toegekend: BigInt(r.toegekend_cents) }));
    const laatste = realisatie.reduce((m, r) => (r.maand > m ? r.maand : m), `${vraag.jaar}-01`);
    const peildatum: Datum = vraag.peildatum ?? maandEinde(laatste);
    const totMaand = Number(peildatum.slice(5, 7));
    const binnen = realisatie.filter((r) => r.maand <= peildatum.slice(0, 7));
    const plafonds: PlafondRegel[] = (await budgetplafonds(ds, { jaar: vraag.jaar })).map((p) => ({ agb: p.agbCode, domein: p.domein, gemeente: p.gemeenteCode, bedrag: p.bedragCents }));
    const regels: UitnuttingRegel[] = [];
    const voeg = (gemeente: string | null, r: RealisatieRegel[], p: PlafondRegel[]) => {
      const rows = berekenUitnutting(r, p, vraag.jaar, totMaand);
      const signalen = bepaalSignalen(rows, totMaand);
      for (const u of rows) {
        if (vraag.agb && u.agb !== vraag.agb) continue;
        if (gemeente !== null && u.plafond === 0n && u.realisatie === 0n) continue;
        const pct = u.plafond === 0n ? '0.00' : new Money(u.realisatie.toString()).div(u.plafond.toString()).mul(100).toFixed(2);
        regels.push({
          jaar: vraag.jaar, domein: u.domein === 'JW' ? 'jeugd' : 'wmo', agb: u.agb, gemeente,
          plafond: formatEuro(u.plafond), realisatie: formatEuro(u.realisatie), onderhandenWerk: '0.00', verplichtingen: '0.00',
          prognose: formatEuro(u.prognose), prognoses: { runrate: formatEuro(u.prognose) }, prognoseMethode: 'runrate',
          verwachteUitputting: null, uitnutting: pct,
          signalen: signalen.filter((s) => s.agb === u.agb && s.domein === u.domein).map((s) => ({ soort: s.soort, toelichting: s.tekst })),
        });
      }
    };
    if (!vraag.gemeente) voeg(null, binnen, plafonds);
    const gemeenten = [...new Set([...binnen.map((r) => r.gemeente), ...plafonds.flatMap((p) => (p.gemeente ? [p.gemeente] : []))])].sort();
    for (const g of gemeenten) {
      if (vraag.gemeente && g !== vraag.gemeente) continue;
      voeg(g, binnen.filter((r) => r.gemeente === g), plafonds.filter((p) => p.gemeente === g));
    }
    const uit: Uitnutting = { peildatum, regels };
    return uit;
  };
}

function maandEinde(maand: string): Datum {
  const [j, m] = maand.split('-').map(Number);
  const dag = new Date(Date.UTC(j, m, 0)).getUTCDate();
  return datum(`${maand}-${String(dag).padStart(2, '0')}`);
}
