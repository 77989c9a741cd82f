/**
 * @plafond/ohw — onderhanden werk (OHW), pure: the template an aanbieder fills in, reading a filled CSV or xlsx
 * under limits (hostile workbooks refused before and while they are read), the row-level check against the
 * toewijzingen and contract tariffs, and the feedback workbook. Persistence is in @plafond/db, the processor
 * in workers/ohw.
 */
export { FOUTEN_KOLOM, OHW_KOLOMMEN, STANDAARD_LIMIETEN } from './kolommen';
export type { OhwInvoerRij, OhwKolom, OhwLimieten, OhwTabel } from './kolommen';
export { controleerXlsxZip, leesOhwBestand, OhwBestandFout, ohwSoortVan } from './lees';
export type { OhwSoort } from './lees';
export { controleerOhw, isFormuleTekst, vorigeMaand } from './controle';
export type { OhwAfwijzing, OhwControleContext, OhwControleUitkomst, OhwRegel, OhwToewijzingInfo } from './controle';
export { maakOhwTemplate } from './template';
export type { TemplateInvoer, TemplateRegel } from './template';
export { maakTerugkoppeling } from './terugkoppeling';
export type { TerugkoppelingInvoer } from './terugkoppeling';
