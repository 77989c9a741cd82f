import { type Cents, type Datum, Money, daysInMonth, formatEuro, fromParts, isLeapYear, toEpochDay } from '@plafond/core';
import type { BudgetDomein, BudgetReeks } from './model';
import { METHODE_NAAM, type Prognose, berekenPrognose } from './prognose';
import { breuk, deelVan, type Deel, vast, vergelijk } from './aandeel';

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

/** The signal thresholds of the configuration (`PlafondConfig.signalen`, whole percentages) as settings. */
export function signaalInstellingen(c: { drempelPct: number; onderbestedingPct: number; overbestedingMargePct: number; sprongPct: number; lateDeclaratiePct: number }): SignaalInstellingen {
  return { ...STANDAARD_SIGNALEN, drempelPct: c.drempelPct, onderbestedingPct: c.onderbestedingPct, overbestedingMargePct: c.overbestedingMargePct, sprongFactor: c.sprongPct / 100, lateDeclaratiePct: c.lateDeclaratiePct };
}

const MAANDNAAM = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
const dec = (c: Cents) => new Money(c.toString());

const pctNl = (d: Deel) => `${vast(d, 1).replace('.', ',')}%`;
const DUIZENDTAL = /\B(?=(\d{3})+(?!\d))/g;
/** Euros for people: `€ 18.429,50`. */
export function euroNl(c: Cents): string {
  const [geheel, cent] = formatEuro(c).split('.');
  return `€ ${geheel.length > 3 ? geheel.replace(DUIZENDTAL, '.') : geheel},${cent}`;
}

/** Share of the year passed at the end of the peildatum (0–100). */
export function jaarVerstreken(jaar: number, peildatum: Datum): Money {
  const dagen = isLeapYear(jaar) ? 366 : 365;
  const verstreken = toEpochDay(peildatum) - toEpochDay(fromParts(jaar, 1, 1)) + 1;
  return new Money(Math.min(dagen, Math.max(0, verstreken))).mul(100).div(dagen);
}

/** `jaarVerstreken` as an exact share. */
function verstrekenDeel(jaar: number, peildatum: Datum): Deel {
  const dagen = isLeapYear(jaar) ? 366 : 365;
  const verstreken = toEpochDay(peildatum) - toEpochDay(fromParts(jaar, 1, 1)) + 1;
  return deelVan(BigInt(Math.min(dagen, Math.max(0, verstreken))), BigInt(dagen));
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
    const prognosePct = deelVan(prognose.prognose, r.plafond);
    const marge: Deel = { n: prognosePct.n - 100n * prognosePct.d, d: prognosePct.d };
    if (vergelijk(marge, inst.overbestedingMargePct) > 0) {
      const ernst = vergelijk(marge, inst.ernstHoogPct) >= 0 ? 3 : vergelijk(marge, inst.ernstMiddenPct) >= 0 ? 2 : 1;
      const op = prognose.verwachteUitputting;
      out.push({
        ...basis, soort: 'overbesteding', ernst, verwachteUitputting: op,
        toelichting: `Prognose ${euroNl(prognose.prognose)} (${methode}) is ${pctNl(marge)} boven het plafond van ${euroNl(r.plafond)}${op ? `; het plafond is naar verwachting op ${op} bereikt` : ''}.`,
        cijfers: { plafond: formatEuro(r.plafond), prognose: formatEuro(prognose.prognose), 'boven plafond': formatEuro(prognose.prognose - r.plafond), marge: vast(marge, 1), methode: prognose.gekozen, verwachteUitputting: op ?? '' },
      });
    }
    const gebruikt = deelVan(realisatie + ohw, r.plafond);
    const verstreken = verstrekenDeel(r.jaar, r.peildatum);
    if (vergelijk(gebruikt, inst.drempelPct) >= 0 && vergelijk(verstreken, inst.drempelPct) < 0) {
      out.push({
        ...basis, soort: 'drempel', ernst: 2,
        toelichting: `Realisatie plus onderhanden werk (${euroNl(realisatie + ohw)}) is ${pctNl(gebruikt)} van het plafond terwijl pas ${pctNl(verstreken)} van het jaar voorbij is (drempel ${inst.drempelPct}%).`,
        cijfers: { realisatie: formatEuro(realisatie), onderhandenWerk: formatEuro(ohw), uitnutting: vast(gebruikt, 1), jaarVerstreken: vast(verstreken, 1), drempel: String(inst.drempelPct) },
      });
    }
    if (vergelijk(prognosePct, inst.onderbestedingPct) < 0) {
      out.push({
        ...basis, soort: 'onderbesteding', ernst: 1,
        toelichting: `Prognose ${euroNl(prognose.prognose)} (${methode}) is ${pctNl(prognosePct)} van het plafond van ${euroNl(r.plafond)}: ${euroNl(r.plafond - prognose.prognose)} ruimte, kandidaat voor herverdeling.`,
        cijfers: { plafond: formatEuro(r.plafond), prognose: formatEuro(prognose.prognose), ruimte: formatEuro(r.plafond - prognose.prognose), 'prognose / plafond': vast(prognosePct, 1), grens: String(inst.onderbestedingPct) },
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

    let achterstand = 0n;
    let eerderTotaal = 0n;
    for (let i = 0; i < p - 1; i++) {
      achterstand += r.maanden[i].onderhandenWerk;
      eerderTotaal += r.maanden[i].realisatie + r.maanden[i].onderhandenWerk;
    }
    let laat = 0n;
    for (let i = 0; i < p; i++) laat += r.maanden[i].laatGedeclareerd;
    const achterstandPct = deelVan(achterstand, eerderTotaal);
    const laatPct = deelVan(laat, realisatie);
    if ((achterstand > 0n && vergelijk(achterstandPct, inst.lateDeclaratiePct) >= 0) || (laat > 0n && vergelijk(laatPct, inst.lateDeclaratiePct) >= 0)) {
      const hoog = inst.lateDeclaratiePct * 3;
      out.push({
        ...basis, soort: 'late-declaratie', ernst: vergelijk(achterstandPct, hoog) >= 0 || vergelijk(laatPct, hoog) >= 0 ? 2 : 1,
        toelichting: `Geleverde zorg wordt laat gedeclareerd: ${euroNl(achterstand)} onderhanden werk over maanden vóór ${MAANDNAAM[p - 1]} nog niet gedeclareerd (${pctNl(achterstandPct)}), ${euroNl(laat)} van de realisatie laat gedeclareerd (${pctNl(laatPct)}).`,
        cijfers: { 'OHW eerdere maanden': formatEuro(achterstand), 'OHW eerdere maanden %': vast(achterstandPct, 1), 'laat gedeclareerd': formatEuro(laat), 'laat gedeclareerd %': vast(laatPct, 1) },
      });
    }

    if (p >= 2) {
      const maand = (m: (typeof r.maanden)[number]) => m.realisatie + m.onderhandenWerk;
      const vorige = r.maanden.slice(Math.max(0, p - 4), p - 1);
      const som = vorige.reduce((a, m) => a + maand(m), 0n);
      const k = BigInt(vorige.length);
      const deze = maand(nu);
      // factor = deze / gemiddeld = deze·k / som, compared exactly; Decimal only for the text of a signal that fires.
      if (som > 0n) {
        const [fn, fd] = breuk(inst.sprongFactor);
        const omhoog = deze * k > som;
        const verschil = deze * k - som;
        const groot = (verschil < 0n ? -verschil : verschil) >= inst.sprongMinimum * k;
        if ((deze * k * fd >= fn * som || deze * k * fn <= som * fd) && groot) {
          const gemiddeld = dec(som).div(vorige.length);
          const factor = dec(deze).div(gemiddeld);
          const [hn, hd] = breuk(inst.sprongFactor * 1.5);
          out.push({
            ...basis, soort: 'sprong', ernst: omhoog && deze * k * hd >= hn * som ? 2 : 1,
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

