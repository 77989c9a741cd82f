import { type Cents, Money } from '@plafond/core';
import type { BudgetDomein } from './model';
import type { Signaal, SignaalSoort } from './signalen';

/** How a series really ended the year. */
export interface Jaareinde {
  agb: string;
  domein: BudgetDomein;
  gemeente: string | null;
  /** Plafond in force at year end (after every mutation). */
  plafond: Cents;
  /** Realisatie + OHW of the whole year. */
  werkelijk: Cents;
}

/** Hit rate and false alarms of one predicting signal. */
export interface Trefzekerheid {
  soort: 'overbesteding' | 'onderbesteding';
  /** Series that really ended that way. */
  werkelijk: number;
  gesignaleerd: number;
  /** Signalled and came true. */
  terecht: number;
  /** Came true without a signal. */
  gemist: number;
  /** Signalled but did not come true. */
  vals: number;
  /** terecht / werkelijk × 100, one decimal; null when nothing came true. */
  trefkansPct: string | null;
  /** vals / gesignaleerd × 100, one decimal; null when nothing was signalled. */
  valsAlarmPct: string | null;
}

export interface SignaalUitkomst {
  signaal: Signaal;
  plafondJaareinde: Cents;
  werkelijk: Cents;
  /** Did the prediction come true; null for signals that predict nothing about the year end (geen-ohw, late-declaratie, sprong). */
  uitgekomen: boolean | null;
}

export interface Terugblik {
  uitkomsten: SignaalUitkomst[];
  overbesteding: Trefzekerheid;
  onderbesteding: Trefzekerheid;
}

const sleutel = (x: { agb: string; domein: string; gemeente: string | null }) => `${x.agb}|${x.domein}|${x.gemeente ?? ''}`;

/** True when the year ended above its plafond (the `overbesteding` truth). */
export function eindigdeBoven(j: Jaareinde): boolean {
  return j.plafond > 0n && j.werkelijk > j.plafond;
}

/** True when the year ended below `onderbestedingPct` of its plafond (the `onderbesteding` truth). */
export function eindigdeOnder(j: Jaareinde, onderbestedingPct: number): boolean {
  return j.plafond > 0n && new Money(j.werkelijk.toString()).lt(new Money(j.plafond.toString()).mul(onderbestedingPct).div(100));
}

/** Counts of predicted against real outcomes over the same keys. */
export function trefzekerheid(soort: Trefzekerheid['soort'], voorspeld: Set<string>, echt: Set<string>): Trefzekerheid {
  let terecht = 0;
  for (const k of voorspeld) if (echt.has(k)) terecht++;
  const gemist = echt.size - terecht;
  const vals = voorspeld.size - terecht;
  const pct = (a: number, b: number) => (b === 0 ? null : new Money(a).mul(100).div(b).toFixed(1));
  return { soort, werkelijk: echt.size, gesignaleerd: voorspeld.size, terecht, gemist, vals, trefkansPct: pct(terecht, echt.size), valsAlarmPct: pct(vals, voorspeld.size) };
}

/**
 * Which signals raised at a peildatum came true at year end: `overbesteding` and `drempel` when the series ended
 * above its year-end plafond, `onderbesteding` when it ended below the share; with the hit rate and false alarms of
 * `overbesteding` and `onderbesteding` over every series that has a year end.
 */
export function terugblik(signalen: Signaal[], jaareinde: Jaareinde[], onderbestedingPct: number): Terugblik {
  const eind = new Map(jaareinde.map((j) => [sleutel(j), j]));
  const voorspeld = (s: SignaalSoort) => new Set(signalen.filter((x) => x.soort === s && eind.has(sleutel(x))).map(sleutel));
  const boven = new Set(jaareinde.filter(eindigdeBoven).map(sleutel));
  const onder = new Set(jaareinde.filter((j) => eindigdeOnder(j, onderbestedingPct)).map(sleutel));
  const uitkomsten = signalen.flatMap((s): SignaalUitkomst[] => {
    const j = eind.get(sleutel(s));
    if (!j) return [];
    const k = sleutel(s);
    const uitgekomen = s.soort === 'overbesteding' || s.soort === 'drempel' ? boven.has(k) : s.soort === 'onderbesteding' ? onder.has(k) : null;
    return [{ signaal: s, plafondJaareinde: j.plafond, werkelijk: j.werkelijk, uitgekomen }];
  });
  return {
    uitkomsten,
    overbesteding: trefzekerheid('overbesteding', voorspeld('overbesteding'), boven),
    onderbesteding: trefzekerheid('onderbesteding', voorspeld('onderbesteding'), onder),
  };
}
