/**
 * @plafond/bewaking — budget control on the database: the figures per aanbieder × gemeente × domein × month kept
 * by the booking itself (`budget_maand`, migration 0008), read as the series `@plafond/budget` computes prognoses and
 * signals from; `uitnutting` (what `GET /api/uitnutting` and `uitnutting.json` show); the source rows behind every
 * figure; plafond mutations and herverdelingen; the bestedingsruimte procedure.
 */
export { budgetReeksen, gemeenteReeksen, standaardPeildatum, peilMaandIn, maandEinde } from './reeksen';
export type { CijferVraag } from './reeksen';
export { uitnutting, uitnuttingGemeente, uitnuttingRegio, uitnuttingBudgetlijnen, bewaking, naarRegel, voegSignalenToe } from './uitnutting';
export type { BudgetlijnRegel, ExtraSignaal, GemeenteRegel, UitnuttingAntwoord, UitnuttingRegel, WerkSignaalSoort } from './uitnutting';
export { toegewezenInJaar } from './toegewezen';
export type { ToegewezenJaar, ToewijzingOmvang, TariefOpDatum } from './toegewezen';
export { werkToewijzingMaandenBij, herberekenToewijzingMaanden, herberekenNaTariefwijziging } from './toewijzingen';
export { prestatieBronnen, ohwBronnen, toewijzingBronnen, verzilvering } from './bronnen';
export type { BronVraag, PrestatieBron, OhwBron, ToewijzingBron, Verzilvering } from './bronnen';
export { wijzigPlafond, herverdeelPlafond, herverdeelPlafonds, plafondHistorie } from './plafonds';
export { herverdelingsvoorstellen, aanvaardHerverdelingsvoorstel } from './voorstel';
export type { VoorstelVraag, VoorstelAanvaarding } from './voorstel';
export type { PlafondWijziging, PlafondMutatieUitkomst, Herverdeling, HerverdelingUitkomst, PlafondHistorie, PlafondHistorieRegel } from './plafonds';
export {
  openBestedingsruimte, legStapVast, procedures, procedureSignalen, PROCEDURE_STAPPEN, STAP_TERMIJN_DAGEN,
} from './bestedingsruimte';
export type { Procedure, ProcedureSignaal, ProcedureSleutel, ProcedureStap, StapStand } from './bestedingsruimte';
