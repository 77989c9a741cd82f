import { Money, toCents, type Cents, type Maand } from '@plafond/core';

/** Granted amount of one aanbieder × gemeente × domein in one month (prestatiebasis). */
export interface RealisatieRegel {
  agb: string;
  domein: 'JW' | 'WMO';
  gemeente: string;
  maand: Maand;
  toegekend: Cents;
}

export interface PlafondRegel {
  agb: string;
  domein: 'JW' | 'WMO';
  /** null: the plafond covers all gemeenten. */
  gemeente: string | null;
  bedrag: Cents;
}

export interface AanbiederUitnutting {
  agb: string;
  domein: 'JW' | 'WMO';
  plafond: Cents;
  realisatie: Cents;
  /** Realisatie per month of the year, index 0 = January. */
  perMaand: Cents[];
  /** Share of the plafond used, in percent with one decimal (string, exact). */
  uitnuttingPct: string;
  /** Year-end forecast by run-rate of the last three months with realisatie. */
  prognose: Cents;
}

export interface DomeinUitnutting {
  domein: 'JW' | 'WMO';
  plafond: Cents;
  realisatie: Cents;
  uitnuttingPct: string;
  prognose: Cents;
}

function pct(part: Cents, whole: Cents): string {
  if (whole === 0n) return part === 0n ? '0.0' : '∞';
  return new Money(part.toString()).mul(100).div(whole.toString()).toFixed(1);
}

/**
 * Uitnutting per aanbieder × domein for a year up to and including `totMaand` (1–12): realisatie against the
 * plafond and a run-rate prognose (average of the last three months, times the months left).
 */
export function berekenUitnutting(realisatie: RealisatieRegel[], plafonds: PlafondRegel[], jaar: number, totMaand: number): AanbiederUitnutting[] {
  const key = (agb: string, domein: string) => `${agb}|${domein}`;
  const rows = new Map<string, AanbiederUitnutting>();
  const get = (agb: string, domein: 'JW' | 'WMO') => {
    let r = rows.get(key(agb, domein));
    if (!r) {
      r = { agb, domein, plafond: 0n, realisatie: 0n, perMaand: Array.from({ length: 12 }, () => 0n), uitnuttingPct: '0.0', prognose: 0n };
      rows.set(key(agb, domein), r);
    }
    return r;
  };
  for (const p of plafonds) get(p.agb, p.domein).plafond += p.bedrag;
  for (const r of realisatie) {
    const [y, m] = r.maand.split('-').map(Number);
    if (y !== jaar || m > totMaand) continue;
    const row = get(r.agb, r.domein);
    row.perMaand[m - 1] += r.toegekend;
    row.realisatie += r.toegekend;
  }
  for (const row of rows.values()) {
    row.uitnuttingPct = pct(row.realisatie, row.plafond);
    const recent = row.perMaand.slice(Math.max(0, totMaand - 3), totMaand);
    const runRate = recent.length ? new Money(recent.reduce((a, b) => a + b, 0n).toString()).div(recent.length) : new Money(0);
    row.prognose = row.realisatie + toCents(runRate.mul(12 - totMaand));
  }
  return [...rows.values()].sort((a, b) => (a.domein + a.agb).localeCompare(b.domein + b.agb));
}

/** Totals per domein of the per-aanbieder figures. */
export function perDomein(rows: AanbiederUitnutting[]): DomeinUitnutting[] {
  const out = new Map<'JW' | 'WMO', DomeinUitnutting>();
  for (const r of rows) {
    const d = out.get(r.domein) ?? { domein: r.domein, plafond: 0n, realisatie: 0n, uitnuttingPct: '0.0', prognose: 0n };
    d.plafond += r.plafond;
    d.realisatie += r.realisatie;
    d.prognose += r.prognose;
    out.set(r.domein, d);
  }
  for (const d of out.values()) d.uitnuttingPct = pct(d.realisatie, d.plafond);
  return [...out.values()].sort((a, b) => a.domein.localeCompare(b.domein));
}
