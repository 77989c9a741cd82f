/**
 * @plafond/rapportage — the Excel packs and letters made from the database: one function per pack gathers the
 * figures from `@plafond/bewaking` (the same rows as `GET /api/uitnutting`) and hands them to the builders of
 * `@plafond/rapport`. The CLI (`plafond rapport …`, `plafond plafond bestedingsruimte brief`) and the back office's
 * downloads both call these, so a workbook or letter is the same wherever it is asked for.
 */
export {
  contractmanagerWerkboek, gemeenteWerkboek, regioWerkboek, regioBudgetlijnen, betalingWerkboek, packPeildatum, sha256Hex,
} from './werkboeken';
export type { Pack, PackVraag } from './werkboeken';
export { maakWaarschuwingsbrief, waarschuwingsbriefOphalen } from './brieven';
export type { Brief, BriefSleutel, Afzender } from './brieven';
export { rapportMakers, XLSX } from './makers';
export type { RapportBestand, RapportVraag } from './makers';
