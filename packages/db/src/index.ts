/**
 * @plafond/db — PostgreSQL persistence of Plafond.
 *
 * Conventions (details in README.md):
 * - money: integer eurocents, `bigint` in PostgreSQL, `bigint` (`Cents`) in TypeScript;
 * - standard dates: PostgreSQL `date`, returned as `'YYYY-MM-DD'` strings (`Datum`);
 * - moments: `timestamptz`, returned as `Date`;
 * - schema only through the numbered migrations (`migreer`), never `synchronize`;
 * - repositories take a `Db` (DataSource or a running `Transactie`) and return plain objects;
 *   TypeORM entities stay inside this package.
 */
export type { DataSource } from 'typeorm';
export { maakDataSource, migreer, migraties } from './datasource';
export { openDatabase, maakTestDatabase } from './database';
export { databaseStatus, openGedeeldeDatabase, plafondHome, startDatabase, stopDatabase } from './plafond-home';
export type { DatabaseStatus } from './plafond-home';
export type { Database, OpenDatabaseOpties, TestDatabase } from './database';
/** A private PostgreSQL server (the embedded binaries); fault tests restart one without touching a shared server. */
export { EmbeddedServer, type EmbeddedServerOpties } from './embedded-server';
export { inTransactie, sqlRijen, Transactie } from './db';
export type { Db, TransactieOpties } from './db';
export { centsUitDb } from './transformers';
export { laadSql, sqlBestanden, sqlMap, voerSqlUit } from './sql';
export type { SqlBestand } from './sql';
export * from './types';
export { schrijfAudit, auditVan } from './repositories/audit';
export {
  gemeenten, aanbieders, aanbiederOpAgb, upsertAanbieders, tarieven, tariefOpDatum, overlappendeTarieven,
  upsertTarieven, budgetplafonds, upsertBudgetplafonds, wijzigBudgetplafond, plafondMutaties, zoekBudgetplafond, muteerBudgetplafond,
  upsertContracten, budgetlijnen, upsertBudgetlijnen,
} from './repositories/stamdata';
export type { TariefVraag, MutatieContext, PlafondSleutel, PlafondMutatieInvoer, Budgetlijn, NieuweBudgetlijn } from './repositories/stamdata';
export {
  hashWachtwoord, verifieerWachtwoord, moetOpnieuwHashen, nieuwWachtwoord, maakGebruiker, controleerGebruiker, meldAan, gebruikerOpId, gebruikers,
  resetWachtwoord, MAX_MISLUKTE_POGINGEN, BLOKKADE_MINUTEN,
} from './repositories/gebruikers';
export type { NieuweGebruiker, AanmeldUitkomst } from './repositories/gebruikers';
export { maakApiSleutel, controleerApiSleutel, apiSleutels, trekApiSleutelIn, roteerApiSleutel, isApiSleutel } from './repositories/api-sleutels';
export type { ApiSleutel, NieuweApiSleutel } from './repositories/api-sleutels';
export { markeerOnverwerkbaar, onverwerkbareBerichten, herstelOnverwerkbaar, wachtendeBerichten } from './repositories/onverwerkbaar';
export type { OnverwerkbaarBericht } from './repositories/onverwerkbaar';
export {
  slaOntvangenBerichtOp, berichtInfo, teVerwerken, openBericht, ontvangEnOpen, rondBerichtAf, mailbox,
  mailboxBericht, bevestigMailbox, openBerichten,
} from './repositories/berichten';
export type {
  Afronding, BerichtInfo, BerichtKop, BerichtOpening, DeclaratieBoeking, OpeningsVraag, BerichtStatus, OntvangenBericht, UitgaandBericht, MailboxItem,
} from './repositories/berichten';
export {
  declaratieContext, plafondStand, crediteerDebets, leesStamdata,
} from './repositories/declaraties';
export type { ToewijzingStand, GeboektePrestatie, DeclaratieVraag, DeclaratieContextData, NieuweDeclaratie, NieuwePrestatie, PlafondScope, Stamdata } from './repositories/declaraties';
export {
  upsertClient, huidigeToewijzingen, toewijzingenVanClient, legToewijzingVast, toewijzingVersies, toewijzingenMetToegekendePrestaties,
  toewijzingNummersOpReferentie, productCategorieenVanCodes, slaVerzoekOp, verzoekenOpReferentie, heeftOpenVerzoek, verzoekGehonoreerd,
} from './repositories/toewijzingen';
export type {
  ClientGegevens, ToewijzingStatus, ToewijzingVariantCode, BekostigingCode, ToewijzingGegevens, ToewijzingRij, VerzoekStatus, NieuwVerzoek, VerzoekRij,
} from './repositories/toewijzingen';
export { slaLeveringOp, leveringenOpToewijzingen, maandenMetLevering } from './repositories/leveringen';
export type { NieuweLevering, LeveringRij } from './repositories/leveringen';
export { stamdataIndex } from './stamdata-index';
export type { StamdataIndex } from './stamdata-index';
export {
  slaOhwOntvangstOp, ohwOntvangst, openOhwOntvangst, ohwBestand, legOhwVersieVast, openOhwVersie, legOhwRegelsVast, rondOhwVersieAf, volgendeOhwVersie, weigerOhwOntvangst, ohwVersies, ohwVersieRegels,
  actieveToewijzingenInMaand, toewijzingenOpNummer, toewijzingenVanAanbieder, getoldeOhw, ohwPerRapportmaand, ontbrekendeOhw,
} from './repositories/ohw';
export type {
  OhwAfwijzing, NieuweOhwRegel, OhwBestandSoort, OhwOntvangstStatus, NieuweOhwOntvangst, OhwOntvangst, OhwVersie, OhwToewijzing, OhwFilter,
  GeteldeOhw, GerapporteerdeOhw, OntbrekendeOhw,
} from './repositories/ohw';
export {
  openVerzoeken, aangehoudenDeclaraties, onverwerkteBerichten, verzondenZonderRetour, koppelRetour, verzoekVoorBesluit, verzoekIdOpReferentie,
  legVerzoekAntwoordVast, volgendToewijzingNummer, nieuwUitgaandId, verstuurBericht, declaratieVoorBesluit, declaratieIdOpNummer,
  boekAangehoudenBesluit, termijnRijen, laatsteToewijzingsbericht, verzoekBesloten, berichtInhoud,
} from './repositories/werkvoorraad';
export type {
  OpenVerzoek, AangehoudenDeclaratie, OnverwerktBericht, VerzondenZonderRetour, VerzoekVoorBesluit, DeclaratieVoorBesluit, AangehoudenBesluit, TermijnRij,
} from './repositories/werkvoorraad';
