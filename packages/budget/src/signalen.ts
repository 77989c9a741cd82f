import { type Cents, type Datum, Money, daysInMonth, formatEuro, fromParts, isLeapYear, toEpochDay } from '@plafond/core';
import type { BudgetDomein, BudgetReeks } from './model';
import { METHODE_NAAM, type Prognose, berekenPrognose } from './prognose';

export type SignaalSoort = 'overbesteding' | 'drempel' | 'onderbesteding' | 'geen-ohw' | 'late-declaratie' | 'sprong';
export const SIGNAAL_SOORTEN: readonly SignaalSoort[] = ['overbesteding', 'drempel', 'onderbesteding', 'geen-ohw', 'late-declaratie', 'sprong'];

/** A budget signal of one series, with the numbers that caused it. */
export interface Signaal {
  soort: SignaalSoort;
  jaar: number;
  agb: string;
  domein: BudgetDomein;
  /** null: the aanbieder's total over all gemeenten. */
  gemeente: string | null;
  /** 1 (low) … 3 (high). */
  ernst: 1 | 2 | 3;
  plafond: Cents;
  realisatie: Cents;
  onderhandenWerk: Cents;
  prognose: Cents;
  /** One Dutch sentence with the figures, for people. */
  toelichting: string;
  /** The figures behind the signal (amounts in euros, shares in percent). */
  cijfers: Record<string, string>;
  /** Only for `overbesteding`. */
  verwachteUitputting?: Datum | null;
}

/** Thresholds of the signals; every one configurable. Percentages are plain numbers (70 = 70 %). */
export interface SignaalInstellingen {
  /** `drempel`: realisatie + OHW at or above this share of the plafond while less of the year has passed (70). */
  drempelPct: number;
  /** `onderbesteding`: prognose below this share of the plafond (85). */
  onderbestedingPct: number;
  /** `overbesteding`: prognose above the plafond by more than this margin (0: any overrun). */
  overbestedingMargePct: number;
  /** Severity of `overbesteding` by margin above the plafond: from this margin ernst 2 (5) … */
  ernstMiddenPct: number;
  /** … and from this one ernst 3 (15). */
  ernstHoogPct: number;
  /** `sprong`: the peildatum month against the average of the three months before, beyond this factor either way (1.5). */
  sprongFactor: number;
  /** `sprong`: only when the change is at least this amount, so small series do not flicker (€ 2.500). */
  sprongMinimum: Cents;
  /** `late-declaratie`: OHW of months before the peildatum month still not declared, or realisatie declared late, at or above this share (10). */
  lateDeclaratiePct: number;
}

export const STANDAARD_SIGNALEN: SignaalInstellingen = {
  drempelPct: 70, onderbestedingPct: 85, overbestedingMargePct: 0, ernstMiddenPct: 5, ernstHoogPct: 15,
  sprongFactor: 1.5, sprongMinimum: 2_500_00n, lateDeclaratiePct: 10,
};

const MAANDNAAM = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const dec = (c: Cents) => new Money(c.toString());
const pct = (deel: Cents, geheel: Cents) => (geheel === 0n ? new Money(0) : dec(deel).mul(100).div(geheel.toString()));
/** Euros for people: `€ 18.429,50`. */
export function euroNl(c: Cents): string {
  const [geheel, cent] = formatEuro(c).split('.');
  return `€ ${geheel.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cent}`;
}
const pctNl = (d: Money) => `${d.toFixed(1).replace('.', ',')}%`;

/** Share of the year passed at the end of the peildatum (0–100). */
export function jaarVerstreken(jaar: number, peildatum: Datum): Money {
  const dagen = isLeapYear(jaar) ? 366 : 365;
  const verstreken = toEpochDay(peildatum) - toEpochDay(fromParts(jaar, 1, 1)) + 1;
  return new Money(Math.min(dagen, Math.max(0, verstreken))).mul(100).div(dagen);
}

/** The signals of one series with its prognose (computed when not given), most severe first. */
export function bepaalSignalen(r: BudgetReeks, prognose: Prognose = berekenPrognose(r), inst: SignaalInstellingen = STANDAARD_SIGNALEN): Signaal[] {
  const p = prognose.peilMaand;
  const realisatie = r.maanden.reduce((a, m) => a + m.realisatie, 0n);
  const ohw = r.maanden.reduce((a, m) => a + m.onderhandenWerk, 0n);
  const basis = { jaar: r.jaar, agb: r.agb, domein: r.domein, gemeente: r.gemeente, plafond: r.plafond, realisatie, onderhandenWerk: ohw, prognose: prognose.prognose };
  const out: Signaal[] = [];
  const methode = METHODE_NAAM[prognose.gekozen];

  if (r.plafond > 0n) {
    const prognosePct = pct(prognose.prognose, r.plafond);
    const marge = prognosePct.minus(100);
    if (marge.gt(inst.overbestedingMargePct)) {
      const ernst = marge.gte(inst.ernstHoogPct) ? 3 : marge.gte(inst.ernstMiddenPct) ? 2 : 1;
      const op = prognose.verwachteUitputting;
      out.push({
        ...basis, soort: 'overbesteding', ernst, verwachteUitputting: op,
        toelichting: `Prognose ${euroNl(prognose.prognose)} (${methode}) is ${pctNl(marge)} boven het plafond van ${euroNl(r.plafond)}${op ? `; het plafond is naar verwachting op ${op} bereikt` : ''}.`,
        cijfers: { plafond: formatEuro(r.plafond), prognose: formatEuro(prognose.prognose), 'boven plafond': formatEuro(prognose.prognose - r.plafond), marge: marge.toFixed(1), methode: prognose.gekozen, verwachteUitputting: op ?? '' },
      });
    }
    const gebruikt = pct(realisatie + ohw, r.plafond);
    const verstreken = jaarVerstreken(r.jaar, r.peildatum);
    if (gebruikt.gte(inst.drempelPct) && verstreken.lt(inst.drempelPct)) {
      out.push({
        ...basis, soort: 'drempel', ernst: 2,
        toelichting: `Realisatie plus onderhanden werk (${euroNl(realisatie + ohw)}) is ${pctNl(gebruikt)} van het plafond terwijl pas ${pctNl(verstreken)} van het jaar voorbij is (drempel ${inst.drempelPct}%).`,
        cijfers: { realisatie: formatEuro(realisatie), onderhandenWerk: formatEuro(ohw), uitnutting: gebruikt.toFixed(1), jaarVerstreken: verstreken.toFixed(1), drempel: String(inst.drempelPct) },
      });
    }
    if (prognosePct.lt(inst.onderbestedingPct)) {
      out.push({
        ...basis, soort: 'onderbesteding', ernst: 1,
        toelichting: `Prognose ${euroNl(prognose.prognose)} (${methode}) is ${pctNl(prognosePct)} van het plafond van ${euroNl(r.plafond)}: ${euroNl(r.plafond - prognose.prognose)} ruimte, kandidaat voor herverdeling.`,
        cijfers: { plafond: formatEuro(r.plafond), prognose: formatEuro(prognose.prognose), ruimte: formatEuro(r.plafond - prognose.prognose), 'prognose / plafond': prognosePct.toFixed(1), grens: String(inst.onderbestedingPct) },
      });
    }
  }

  if (p >= 1) {
    const nu = r.maanden[p - 1];
    if (nu.ohwOntbreekt) {
      const ook = r.maanden.slice(0, p - 1).filter((m) => m.ohwOntbreekt).map((m) => MAANDNAAM[m.maand - 1]);
      out.push({
        ...basis, soort: 'geen-ohw', ernst: ook.includes(MAANDNAAM[p - 2]) ? 2 : 1,
        toelichting: `Geen onderhanden werk ontvangen over ${MAANDNAAM[p - 1]} ${r.jaar}${ook.length ? ` (ook niet over ${ook.join(', ')})` : ''}.`,
        cijfers: { maand: String(p), 'maanden zonder OHW dit jaar': String(ook.length + 1) },
      });
    }

    const eerder = r.maanden.slice(0, p - 1);
    const achterstand = eerder.reduce((a, m) => a + m.onderhandenWerk, 0n);
    const eerderTotaal = eerder.reduce((a, m) => a + m.realisatie + m.onderhandenWerk, 0n);
    const laat = r.maanden.slice(0, p).reduce((a, m) => a + m.laatGedeclareerd, 0n);
    const achterstandPct = pct(achterstand, eerderTotaal);
    const laatPct = pct(laat, realisatie);
    if ((achterstand > 0n && achterstandPct.gte(inst.lateDeclaratiePct)) || (laat > 0n && laatPct.gte(inst.lateDeclaratiePct))) {
      out.push({
        ...basis, soort: 'late-declaratie', ernst: Money.max(achterstandPct, laatPct).gte(inst.lateDeclaratiePct * 3) ? 2 : 1,
        toelichting: `Geleverde zorg wordt laat gedeclareerd: ${euroNl(achterstand)} onderhanden werk over maanden vóór ${MAANDNAAM[p - 1]} nog niet gedeclareerd (${pctNl(achterstandPct)}), ${euroNl(laat)} van de realisatie laat gedeclareerd (${pctNl(laatPct)}).`,
        cijfers: { 'OHW eerdere maanden': formatEuro(achterstand), 'OHW eerdere maanden %': achterstandPct.toFixed(1), 'laat gedeclareerd': formatEuro(laat), 'laat gedeclareerd %': laatPct.toFixed(1) },
      });
    }

    if (p >= 2) {
      const maand = (m: (typeof r.maanden)[number]) => m.realisatie + m.onderhandenWerk;
      const vorige = r.maanden.slice(Math.max(0, p - 4), p - 1);
      const gemiddeld = dec(vorige.reduce((a, m) => a + maand(m), 0n)).div(vorige.length);
      const deze = maand(nu);
      if (gemiddeld.gt(0)) {
        const factor = dec(deze).div(gemiddeld);
        const verschil = dec(deze).minus(gemiddeld).abs();
        if ((factor.gte(inst.sprongFactor) || factor.lte(new Money(1).div(inst.sprongFactor))) && verschil.gte(inst.sprongMinimum.toString())) {
          const omhoog = factor.gt(1);
          out.push({
            ...basis, soort: 'sprong', ernst: omhoog && factor.gte(inst.sprongFactor * 1.5) ? 2 : 1,
            toelichting: `${MAANDNAAM[p - 1][0].toUpperCase()}${MAANDNAAM[p - 1].slice(1)} (${euroNl(deze)}) is ${factor.toFixed(2).replace('.', ',')} keer het gemiddelde van de ${vorige.length} maanden ervoor (${euroNl(BigInt(gemiddeld.toFixed(0)))}).`,
            cijfers: { maand: formatEuro(deze), 'gemiddelde ervoor': gemiddeld.div(100).toFixed(2), factor: factor.toFixed(2), grens: String(inst.sprongFactor) },
          });
        }
      }
    }
  }
  return sorteerSignalen(out);
}

const GEWICHT: Record<SignaalSoort, number> = { overbesteding: 6, drempel: 5, 'late-declaratie': 4, sprong: 3, 'geen-ohw': 2, onderbesteding: 1 };

/** Most severe first; within a severity overbesteding before the rest, then by the amount above the plafond. */
export function sorteerSignalen(s: Signaal[]): Signaal[] {
  return [...s].sort((a, b) => b.ernst - a.ernst || GEWICHT[b.soort] - GEWICHT[a.soort] || (b.prognose - b.plafond > a.prognose - a.plafond ? 1 : b.prognose - b.plafond < a.prognose - a.plafond ? -1 : 0));
}

/** The last day of a month, e.g. the peildatum at the end of March. */
export function eindeMaand(jaar: number, maand: number): Datum {
  return fromParts(jaar, maand, daysInMonth(jaar, maand));
}

