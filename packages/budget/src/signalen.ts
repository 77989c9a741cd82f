import { formatPercentNl, Money, type Cents } from '@plafond/core';
import type { AanbiederUitnutting } from './uitnutting';

export type SignaalSoort = 'overbesteding' | 'waarschuwing-70' | 'onderbesteding';

/** A budget signal with the numbers that caused it. */
export interface Signaal {
  soort: SignaalSoort;
  agb: string;
  domein: 'JW' | 'WMO';
  /** 1 (low) … 3 (high). */
  ernst: 1 | 2 | 3;
  plafond: Cents;
  realisatie: Cents;
  prognose: Cents;
  tekst: string;
}

export interface SignaalInstellingen {
  /** Realisatie share of the plafond that starts the bestedingsruimte procedure (default 70 %). */
  waarschuwingPct: number;
  /** Prognose below this share of the plafond marks onderbesteding (default 85 %). */
  onderbestedingPct: number;
}

export const STANDAARD_SIGNALEN: SignaalInstellingen = { waarschuwingPct: 70, onderbestedingPct: 85 };

/**
 * Signals per aanbieder × domein at the end of month `totMaand`: overbesteding (prognose above plafond, severity by
 * margin), the 70 % warning while less than 70 % of the year is gone, and onderbesteding. Sorted most severe first.
 */
export function bepaalSignalen(rows: AanbiederUitnutting[], totMaand: number, inst: SignaalInstellingen = STANDAARD_SIGNALEN): Signaal[] {
  const out: Signaal[] = [];
  const jaarVerstreken = new Money(totMaand).div(12).mul(100);
  for (const r of rows) {
    if (r.plafond <= 0n) continue;
    const plafond = new Money(r.plafond.toString());
    const prognosePct = new Money(r.prognose.toString()).div(plafond).mul(100);
    const realisatiePct = new Money(r.realisatie.toString()).div(plafond).mul(100);
    const base = { agb: r.agb, domein: r.domein, plafond: r.plafond, realisatie: r.realisatie, prognose: r.prognose };
    if (prognosePct.gt(100)) {
      const marge = prognosePct.minus(100);
      const ernst = marge.gte(20) ? 3 : marge.gte(5) ? 2 : 1;
      out.push({ ...base, soort: 'overbesteding', ernst, tekst: `prognose ${formatPercentNl(prognosePct)} van het plafond` });
    }
    if (realisatiePct.gte(inst.waarschuwingPct) && jaarVerstreken.lt(inst.waarschuwingPct)) {
      out.push({ ...base, soort: 'waarschuwing-70', ernst: 2, tekst: `${formatPercentNl(realisatiePct)} gerealiseerd na ${formatPercentNl(jaarVerstreken, 0)} van het jaar` });
    }
    if (prognosePct.lt(inst.onderbestedingPct)) {
      out.push({ ...base, soort: 'onderbesteding', ernst: 1, tekst: `prognose ${formatPercentNl(prognosePct)} van het plafond` });
    }
  }
  const weight = (s: Signaal) => s.ernst * 10 + (s.soort === 'overbesteding' ? 2 : s.soort === 'waarschuwing-70' ? 1 : 0);
  return out.sort((a, b) => weight(b) - weight(a) || Number(b.prognose - b.plafond - (a.prognose - a.plafond)));
}
