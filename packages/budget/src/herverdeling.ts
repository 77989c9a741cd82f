import { type Cents, Money, toCents } from '@plafond/core';
import type { BudgetDomein } from './model';
import { percentage } from './uitnutting';

/** What the proposal needs of a row: its scope, plafond and chosen prognose (an `Uitnutting` fits). */
export interface HerverdelingInvoer {
  jaar: number;
  domein: BudgetDomein;
  agb: string;
  gemeente: string | null;
  budgetlijn: string | null;
  plafond: Cents;
  prognose: Cents;
}

export interface HerverdelingInstellingen {
  /** Donors: prognose below this share of the plafond (the `onderbesteding` threshold, 85). */
  onderbestedingPct: number;
  /** A donor keeps its prognose plus this margin (10 %) as plafond, so a forecast error does not make it overspend. */
  veiligheidsmargePct: number;
  /** Transfers are rounded down to whole multiples of this amount (€ 100), as people propose them. */
  afronding: Cents;
}

export const STANDAARD_HERVERDELING: HerverdelingInstellingen = { onderbestedingPct: 85, veiligheidsmargePct: 10, afronding: 100_00n };

export interface Overdracht {
  van: string;
  naar: string;
  bedrag: Cents;
}

export interface HerverdelingAanbieder {
  agb: string;
  rol: 'gever' | 'ontvanger';
  prognose: Cents;
  plafondVoor: Cents;
  plafondNa: Cents;
  /** prognose / plafond × 100 (two decimals) before and after. */
  prognosePctVoor: string | null;
  prognosePctNa: string | null;
}

/** A proposal for one domein × budgetlijn (× gemeente where the plafonds are split per gemeente). */
export interface Herverdelingsvoorstel {
  jaar: number;
  domein: BudgetDomein;
  budgetlijn: string | null;
  gemeente: string | null;
  overdrachten: Overdracht[];
  aanbieders: HerverdelingAanbieder[];
  /** Overrun that the headroom of the donors cannot cover. */
  nietGedekt: Cents;
  /** Headroom left with the donors after the proposal. */
  restRuimte: Cents;
}

const cmpBig = (a: bigint, b: bigint) => (a > b ? -1 : a < b ? 1 : 0);

/**
 * Proposals that move headroom from aanbieders heading for onderbesteding to those heading for overbesteding, per
 * domein × budgetlijn × gemeente: the largest overrun is served first, from the largest headroom first. A donor keeps
 * its prognose plus the safety margin; a receiver gets at most its overrun. Every transfer is one herverdeling act
 * (two linked mutations) when accepted. Only scopes with both a donor and a receiver get a proposal.
 */
export function herverdelingsvoorstel(rows: HerverdelingInvoer[], inst: HerverdelingInstellingen = STANDAARD_HERVERDELING): Herverdelingsvoorstel[] {
  const groepen = new Map<string, HerverdelingInvoer[]>();
  for (const r of rows) {
    if (r.plafond <= 0n) continue;
    const k = `${r.jaar}|${r.domein}|${r.budgetlijn ?? ''}|${r.gemeente ?? ''}`;
    const l = groepen.get(k);
    if (l) l.push(r);
    else groepen.set(k, [r]);
  }
  const out: Herverdelingsvoorstel[] = [];
  for (const groep of groepen.values()) {
    const afronden = (c: Cents) => (inst.afronding > 0n ? (c / inst.afronding) * inst.afronding : c);
    const gevers = groep
      .filter((r) => new Money(r.prognose.toString()).lt(new Money(r.plafond.toString()).mul(inst.onderbestedingPct).div(100)))
      .map((r) => ({ r, ruimte: afronden(r.plafond - toCents(new Money(r.prognose.toString()).mul(100 + inst.veiligheidsmargePct).div(100))) }))
      .filter((g) => g.ruimte > 0n)
      .sort((a, b) => cmpBig(a.ruimte, b.ruimte) || a.r.agb.localeCompare(b.r.agb));
    const ontvangers = groep
      .filter((r) => r.prognose > r.plafond)
      .map((r) => ({ r, tekort: r.prognose - r.plafond }))
      .sort((a, b) => cmpBig(a.tekort, b.tekort) || a.r.agb.localeCompare(b.r.agb));
    if (gevers.length === 0 || ontvangers.length === 0) continue;
    const overdrachten: Overdracht[] = [];
    const erbij = new Map<string, Cents>();
    let nietGedekt = 0n;
    for (const o of ontvangers) {
      // Round the need up so a receiver ends at or just above its prognose, never just below it.
      let nodig = inst.afronding > 0n ? ((o.tekort + inst.afronding - 1n) / inst.afronding) * inst.afronding : o.tekort;
      for (const g of gevers) {
        if (nodig <= 0n) break;
        const bedrag = g.ruimte < nodig ? g.ruimte : nodig;
        if (bedrag <= 0n) continue;
        overdrachten.push({ van: g.r.agb, naar: o.r.agb, bedrag });
        g.ruimte -= bedrag;
        nodig -= bedrag;
        erbij.set(o.r.agb, (erbij.get(o.r.agb) ?? 0n) + bedrag);
        erbij.set(g.r.agb, (erbij.get(g.r.agb) ?? 0n) - bedrag);
      }
      const gedekt = erbij.get(o.r.agb) ?? 0n;
      if (gedekt < o.tekort) nietGedekt += o.tekort - gedekt;
    }
    if (overdrachten.length === 0) continue;
    const eerste = groep[0];
    const betrokken = [...gevers.map((g) => ({ r: g.r, rol: 'gever' as const })), ...ontvangers.map((o) => ({ r: o.r, rol: 'ontvanger' as const }))].filter((x) => erbij.has(x.r.agb));
    out.push({
      jaar: eerste.jaar, domein: eerste.domein, budgetlijn: eerste.budgetlijn, gemeente: eerste.gemeente, overdrachten, nietGedekt,
      restRuimte: gevers.reduce((a, g) => a + g.ruimte, 0n),
      aanbieders: betrokken.map(({ r, rol }) => {
        const na = r.plafond + (erbij.get(r.agb) ?? 0n);
        return { agb: r.agb, rol, prognose: r.prognose, plafondVoor: r.plafond, plafondNa: na, prognosePctVoor: percentage(r.prognose, r.plafond), prognosePctNa: percentage(r.prognose, na) };
      }),
    });
  }
  return out;
}
