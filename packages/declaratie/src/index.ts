export type { BedragMetDC, Bekostiging, DebetCredit, Domein, Frequentie, GeslotenPeriode, Omvang, Periode, Product, Toewijzing, ToewijzingVariant } from './typen';
export { EENHEID } from './typen';
export {
  aantalFrequentieEenheden,
  berekendBedrag,
  binnenPeriode,
  clipPeriode,
  dagenInPeriode,
  eenheidFactor,
  frequentieEenheidIndex,
  isoWekenInPeriode,
  iv077Maximum,
  maandenInPeriode,
  overlapPeriode,
  overlapt,
  toegestaanVolume,
  volumeOverLooptijd,
  volumeOverschrijding,
} from './periode';
export type { IsoWeek, Overschrijding, VolumeClaim, WeekRekenwijze } from './periode';
export { isWerkdag, nationaleFeestdagen, paasZondag, werkdagenTermijn } from './werkdagen';
export { bekostigingVan, REDEN_VERWIJDERD, variantVan, verwerkToegewezenProduct } from './toewijzing';
export type { ToegewezenProductInvoer, ToewijzingContext, ToewijzingMutatie, ToewijzingVerwerking } from './toewijzing';
export { beslisAangehouden, beslisDeclaratie, isCrisisCategorie, totaalToegekend, tr378Datum } from './beslis';
export type {
  Beslissing,
  BeslisContext,
  Boeking,
  BudgetBesluit,
  ClientInvoer,
  ContractTarief,
  DeclaratieBeslissing,
  DeclaratieInvoer,
  EerderePrestatie,
  PrestatieBeslissing,
  PrestatieInvoer,
} from './beslis';
export { bouwDeclaratieAntwoord, GEEN_OPMERKING, VOLLEDIG_TOEGEKEND } from './antwoord';
export type { AntwoordClient, AntwoordPrestatie, DeclaratieAntwoordInhoud } from './antwoord';
