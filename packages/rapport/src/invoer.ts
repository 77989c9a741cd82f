import type { Cents } from '@plafond/core';

/** The domein as `uitnutting.json` and the API spell it. */
export type JsonDomein = 'jeugd' | 'wmo';

/** One row of `uitnutting.json` / `GET /api/uitnutting`: amounts in euros as strings with two decimals. */
export interface UitnuttingRegel {
  jaar: number;
  domein: JsonDomein;
  agb: string;
  /** CBS code, or null for the aanbieder's total over all gemeenten. */
  gemeente: string | null;
  plafond: string;
  realisatie: string;
  onderhandenWerk: string;
  verplichtingen: string;
  prognose: string;
  prognoses: Record<string, string>;
  prognoseMethode: string;
  /** One sentence: why this method was chosen for this row (optional in older figures). */
  prognoseReden?: string;
  verwachteUitputting: string | null;
  uitnutting: string;
  signalen: { soort: string; toelichting: string }[];
}

/** The figures of one month of one aanbieder × domein (all gemeenten together), exact cents. */
export interface PackMaand {
  domein: JsonDomein;
  /** 1–12. */
  maand: number;
  realisatie: Cents;
  realisatieKas: Cents;
  onderhandenWerk: Cents;
  /** Plafond in force at the end of the month. */
  plafond: Cents;
}

/** Realisatie and verzilvering of one product of an aanbieder. */
export interface PackProduct {
  domein: JsonDomein;
  productcategorie: string;
  productcode: string | null;
  omschrijving: string;
  clienten: number;
  toegewezen: Cents;
  gedeclareerd: Cents;
  toegekend: Cents;
}

/** One client of an aanbieder, pseudonymised: never a BSN or a name in a pack. */
export interface PackClient {
  pseudoniem: string;
  domein: JsonDomein;
  gemeente: string;
  toewijzingen: number;
  toegewezen: Cents;
  toegekend: Cents;
  onderhandenWerk: Cents;
}

/** One step of the bestedingsruimte procedure (warning → consultation → decision). */
export interface PackStap {
  domein: JsonDomein;
  stap: string;
  datum: string;
  door: string;
  notitie: string;
  /** Date by which the next step is due, if any. */
  termijn: string | null;
  /** True when the next step is overdue at the peildatum. */
  verlopen: boolean;
}

export interface ContractmanagerPackInvoer {
  aanbieder: { agb: string; naam: string };
  jaar: number;
  peildatum: string;
  aangemaakt: string;
  /** The aanbieder's rows of `uitnutting.json` (its totals with gemeente null, and its per-gemeente rows). */
  regels: UitnuttingRegel[];
  maanden: PackMaand[];
  producten: PackProduct[];
  clienten: PackClient[];
  stappen: PackStap[];
  gemeenteNamen: Map<string, string>;
}

export interface GemeentePackInvoer {
  gemeente: { code: string; naam: string };
  jaar: number;
  peildatum: string;
  aangemaakt: string;
  /** The gemeente's own rows (gemeente = its code): one per aanbieder × domein. */
  regels: UitnuttingRegel[];
  /** Regional realisatie + OHW per domein, all gemeenten: the denominator of the gemeente's share. */
  regionaal: { domein: JsonDomein; realisatie: Cents; onderhandenWerk: Cents }[];
  /** Per budgetlijn of the gemeente, where plafonds are split so. */
  budgetlijnen: { domein: JsonDomein; budgetlijn: string; plafond: Cents; realisatie: Cents; onderhandenWerk: Cents }[];
  aanbiederNamen: Map<string, string>;
}

export interface RegioPackInvoer {
  regio: string;
  jaar: number;
  peildatum: string;
  aangemaakt: string;
  regels: UitnuttingRegel[];
  aanbiederNamen: Map<string, string>;
  gemeenteNamen: Map<string, string>;
  /** Processing figures for the record (label → count). */
  verwerking: [string, number | string][];
  /** Per budgetlijn (perceel) of the year: its figures over all aanbieders against its own budget. */
  budgetlijnen?: RegioBudgetlijn[];
}

export interface RegioBudgetlijn {
  domein: JsonDomein;
  code: string;
  naam: string;
  productcategorieen: string[];
  /** The budgetlijn's budget (budgetlijnen.csv). */
  budget: Cents;
  /** The aanbieders' plafonds split on it, summed. */
  plafondsAanbieders: Cents;
  realisatie: Cents;
  onderhandenWerk: Cents;
  prognose: Cents;
  aanbieders: number;
  signalen: string;
}

/** One declaratie answered (JW325/WMO325) in the payment period. */
export interface BetalingDeclaratie {
  agb: string;
  gemeente: string;
  domein: JsonDomein;
  declaratieNummer: string;
  /** Identificatie of the declaratie-antwoord (325) that granted the amount. */
  antwoordIdentificatie: string;
  beantwoordOp: string;
  ingediend: Cents;
  /** Granted, signed: a credit declaratie counts negative. */
  toegekend: Cents;
}

export interface BetalingInvoer {
  periode: string;
  aangemaakt: string;
  declaraties: BetalingDeclaratie[];
  aanbiederNamen: Map<string, string>;
  gemeenteNamen: Map<string, string>;
}
