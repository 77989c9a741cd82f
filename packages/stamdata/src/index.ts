/**
 * @plafond/stamdata — master-data import: aanbieders, tarieven and budgetplafonds from CSV or
 * .xlsx. Reading and validating is pure (`leesStamdata`); `importeerStamdata` persists through
 * @plafond/db in one transaction, all or nothing.
 */
export { leesStamdata, formatMelding, tariefSleutel } from './lees';
export type {
  Bestand, Bron, GelezenAanbieder, GelezenContract, GelezenPlafond, GelezenPlafondMutatie, GelezenTarief, LeesContext, Stamdata, StamdataMelding, StamdataSoort,
} from './lees';
export { importeerStamdata, importCommand } from './importeer';
export type { ImportResultaat } from './importeer';
export { EENHEDEN, GEMEENTEN_ZW, PRODUCTCATEGORIEEN_JW, PRODUCTCATEGORIEEN_WMO } from './codelijsten';
export type { ZwGemeente } from './codelijsten';
export { CsvFout, csvScheidingsteken, leesCsv, leesXlsx } from './tabel';
export type { CsvOpties, Rij, Tabel } from './tabel';
