import type { Cents, Datum } from '@plafond/core';

/**
 * The plain data budget control works on. The database side (`@plafond/bewaking`) fills these from its aggregates;
 * the benchmark fills them from the generator's true figures. The pure functions of this package (prognoses,
 * signals, herverdeling) take them in and give plain data out.
 *
 * Convention: a series is read at a `peildatum`, normally the last day of a month. Its month (`peildatumMaand`) and
 * the months before it are observed; the months after it are projected. Everything already known at the moment
 * the figures were drawn up counts, also a declaratie dated after the peildatum (a report is drawn up in the next
 * month).
 */

export type BudgetDomein = 'JW' | 'WMO';

/** Figures of one aanbieder × gemeente × domein in one month of a year, exact integer cents. */
export interface MaandCijfers {
  /** 1–12. */
  maand: number;
  /** Granted prestaties minus credits, booked to the month of their ProductPeriode (prestatiebasis). */
  realisatie: Cents;
  /** The same, booked to the month of the declaratie-antwoord (kasbasis). */
  realisatieKas: Cents;
  /** Counted onderhanden werk for this month (OHW rows whose toewijzing × month has no granted prestatie yet). */
  onderhandenWerk: Cents;
  /**
   * True when the aanbieder sent no OHW report for this month (the `geen-ohw` signal). Only meaningful for months
   * up to the peildatum; an aanbieder that reported "nothing outstanding" sent a report and is false.
   */
  ohwOntbreekt: boolean;
  /**
   * The part of `realisatie` that was declared late: by a declaratie dated after the end of the month following
   * this month (the normal cycle declares a month early in the next). Shows a habit of late declaring.
   */
  laatGedeclareerd: Cents;
  /** Amount declared (ingediend, granted or not) for this month: the numerator of verzilvering. */
  gedeclareerd: Cents;
  /** What the toewijzingen allowed in this month (volume × frequentie × tarief, or budget share): the denominator. */
  toegewezen: Cents;
  /** New toewijzingen with their ingangsdatum in this month. */
  instroomAantal: number;
  /** Expected cost of those new toewijzingen over the rest of the year (sum of their toegewezen amounts). */
  instroomBedrag: Cents;
  /**
   * What those new toewijzingen allow in one whole month (volume × frequentie × tarief per month, or budget divided
   * by the months of the looptijd): the pace at which new clients add cost, used to project further instroom.
   */
  instroomMaandbedrag: Cents;
  /**
   * The same new toewijzingen one by one: what each allows in a whole month and its looptijd in calendar months
   * (ingangsdatum's month to einddatum's month inclusive; null for an open end). Lets the instroom projection
   * respect that new clients also leave; when empty, `instroomMaandbedrag` is projected with an open end.
   */
  instroomToewijzingen?: { maandbedrag: Cents; looptijdMaanden: number | null }[];
}

/** The figures of a month that the booking keeps per row of the aggregate (all but OHW and the instroom detail). */
export type BoekingCijfers = Pick<MaandCijfers, 'realisatie' | 'realisatieKas' | 'gedeclareerd' | 'toegewezen' | 'instroomAantal' | 'instroomBedrag' | 'laatGedeclareerd' | 'instroomMaandbedrag'>;

/** Adds booked figures (a row of the aggregate, or another series' month) to a month. */
export function telBoekingOp(t: MaandCijfers, m: BoekingCijfers): void {
  t.realisatie += m.realisatie;
  t.realisatieKas += m.realisatieKas;
  t.gedeclareerd += m.gedeclareerd;
  t.toegewezen += m.toegewezen;
  t.instroomAantal += m.instroomAantal;
  t.instroomBedrag += m.instroomBedrag;
  t.laatGedeclareerd += m.laatGedeclareerd;
  t.instroomMaandbedrag += m.instroomMaandbedrag;
}

/** One budget series: aanbieder × domein × jaar, for one gemeente or (gemeente null) for all gemeenten together. */
export interface BudgetReeks {
  jaar: number;
  domein: BudgetDomein;
  agb: string;
  /** CBS code, or null for the aanbieder's total over all gemeenten. */
  gemeente: string | null;
  /** Budgetlijn code when the plafond is split per budgetlijn; null for the aanbieder's total over budgetlijnen. */
  budgetlijn: string | null;
  /** The day the figures are read at (normally a month end); its month is the last observed month. */
  peildatum: Datum;
  /** Plafond in force at the peildatum (after every mutation dated on or before it); 0n when none. */
  plafond: Cents;
  /** Plafond history: every mutation in date order, with the amount after it. */
  plafondMutaties: { datum: Datum; bedrag: Cents; reden: string }[];
  /** Exactly 12 entries, January first; months after the peildatum hold what is already known (late bookings count). */
  maanden: MaandCijfers[];
  /** What the active toewijzingen still allow from the day after the peildatum to their einddatum or year end, per month (12 entries; 0n up to the peildatum month). */
  verplichtingenPerMaand: Cents[];
  /** Realisatie per month of the previous year (12 entries) where known, for seasonality. */
  vorigJaar?: Cents[];
}

/** An empty month: the starting point for whoever fills a series. */
export function legeMaand(maand: number): MaandCijfers {
  return {
    maand, realisatie: 0n, realisatieKas: 0n, onderhandenWerk: 0n, ohwOntbreekt: false, laatGedeclareerd: 0n,
    gedeclareerd: 0n, toegewezen: 0n, instroomAantal: 0, instroomBedrag: 0n, instroomMaandbedrag: 0n, instroomToewijzingen: [],
  };
}

/**
 * Adds series of the same domein and jaar into one (e.g. an aanbieder's gemeenten into its total, or all aanbieders
 * of a gemeente): every amount summed per month, `ohwOntbreekt` when any part lacks its report, `vorigJaar` only
 * when every part has one. The identity fields (agb, gemeente, budgetlijn) come from `als`.
 */
export function telReeksenOp(reeksen: BudgetReeks[], als: Pick<BudgetReeks, 'agb' | 'gemeente' | 'budgetlijn'>): BudgetReeks {
  if (reeksen.length === 0) throw new RangeError('telReeksenOp: geen reeksen');
  const eerste = reeksen[0];
  const maanden = Array.from({ length: 12 }, (_, i) => legeMaand(i + 1));
  const verplichtingen = Array.from({ length: 12 }, () => 0n);
  const vorig = reeksen.every((r) => r.vorigJaar) ? Array.from({ length: 12 }, () => 0n) : undefined;
  let plafond = 0n;
  for (const r of reeksen) {
    if (r.domein !== eerste.domein || r.jaar !== eerste.jaar) throw new RangeError('telReeksenOp: reeksen van verschillend domein of jaar');
    plafond += r.plafond;
    r.maanden.forEach((m, i) => {
      const t = maanden[i];
      telBoekingOp(t, m);
      t.onderhandenWerk += m.onderhandenWerk;
      t.ohwOntbreekt ||= m.ohwOntbreekt;
      if (m.instroomToewijzingen) (t.instroomToewijzingen ??= []).push(...m.instroomToewijzingen);
    });
    r.verplichtingenPerMaand.forEach((v, i) => (verplichtingen[i] += v));
    if (vorig) r.vorigJaar?.forEach((v, i) => (vorig[i] += v));
  }
  const mutaties = reeksen.flatMap((r) => r.plafondMutaties).sort((a, b) => (a.datum < b.datum ? -1 : a.datum > b.datum ? 1 : 0));
  return {
    jaar: eerste.jaar, domein: eerste.domein, ...als, peildatum: eerste.peildatum, plafond, plafondMutaties: mutaties,
    maanden, verplichtingenPerMaand: verplichtingen, ...(vorig ? { vorigJaar: vorig } : {}),
  };
}
