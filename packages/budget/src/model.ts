import type { Cents, Datum } from '@plafond/core';

/**
 * The plain data budget control works on. The database side (`@plafond/bewaking`) fills these from its aggregates;
 * the pure functions of this package (prognoses, signals, herverdeling) take them in and give plain data out.
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
  /** Amount declared (ingediend, granted or not) for this month: the numerator of verzilvering. */
  gedeclareerd: Cents;
  /** What the toewijzingen allowed in this month (volume × frequentie × tarief, or budget share): the denominator. */
  toegewezen: Cents;
  /** New toewijzingen with their ingangsdatum in this month. */
  instroomAantal: number;
  /** Expected cost of those new toewijzingen over the rest of the year (sum of their toegewezen amounts). */
  instroomBedrag: Cents;
}

/** One budget series: aanbieder × domein × jaar, for one gemeente or (gemeente null) for all gemeenten together. */
export interface BudgetReeks {
  jaar: number;
  domein: BudgetDomein;
  agb: string;
  /** CBS code, or null for the aanbieder's total over all gemeenten. */
  gemeente: string | null;
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
