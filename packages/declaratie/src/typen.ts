import type { Cents, Datum } from '@plafond/core';

/** Wettelijk domein, spelled as the database stores it. */
export type Domein = 'JW' | 'WMO';

export type DebetCredit = 'D' | 'C';

/** An amount in eurocent with its direction, as the iStandaarden carry it (never negative). */
export interface BedragMetDC {
  bedrag: Cents;
  debetCredit: DebetCredit;
}

/** A period whose einddatum may be open (a toewijzing without einddatum). Both ends inclusive. */
export interface Periode {
  begindatum: Datum;
  einddatum?: Datum;
}

/** A period with both ends (ProductPeriode, DeclaratiePeriode). Both ends inclusive. */
export interface GeslotenPeriode {
  begindatum: Datum;
  einddatum: Datum;
}

/** WJ756 Eenheid codes. */
export const EENHEID = {
  minuut: '01',
  uur: '04',
  etmaal: '14',
  dagdeel: '16',
  stuksOutput: '82',
  euros: '83',
  stuksInspanning: '84',
} as const;

/** WMO757 Frequentie: 1 per dag, 2 per week, 4 per maand, 6 totaal binnen geldigheidsduur. */
export type Frequentie = '1' | '2' | '4' | '6';

export interface Omvang {
  volume: number;
  /** WJ756 code, e.g. '04' (uur). */
  eenheid: string;
  frequentie: Frequentie;
}

export interface Product {
  categorie: string;
  code?: string;
}

/** Toewijzing variant after the iStandaarden table: decides which declaratie checks apply. */
export type ToewijzingVariant = 'specifiek' | 'aspecifiek' | 'generiek';

/** Uitvoeringsvariant: inspanningsgericht (time units, 84), outputgericht (82), taakgericht (83, euro's). */
export type Bekostiging = 'inspanning' | 'output' | 'taakgericht';

/** The current state of one toegewezen product, as the registry keeps it. */
export interface Toewijzing {
  gemeente: string;
  domein: Domein;
  toewijzingNummer: string;
  /** AGB-code of the aanbieder the toewijzing is addressed to. */
  aanbieder: string;
  bsn: string;
  referentieAanbieder?: string;
  product?: Product;
  toewijzingsdatum: Datum;
  ingangsdatum: Datum;
  einddatum?: Datum;
  redenWijziging?: string;
  omvang?: Omvang;
  budget?: Cents;
  variant: ToewijzingVariant;
  bekostiging?: Bekostiging;
  /** RedenWijziging 13: the toewijzing counts as never sent. */
  verwijderd: boolean;
}
