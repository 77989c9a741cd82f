export { maakIntakeApp, INTAKE_REALM, type IntakeOpties } from './app';
export { startIntake, type IntakeServer } from './server';
export type { IntakeDeps, Aanbieder, OntvangMeta, Ontvangen, Retourcode, BerichtStatus, MailboxFilter, MailboxItem, UitgaandBericht, Bevestiging } from './deps';
export { foutNaarHttp, foutAfhandelaar, onbekendeRoute, HttpStatusFout, type Probleem, type HttpAntwoord } from './http-errors';
export { verzoekContext, verzoekLog, correlationIdVan } from './verzoek-context';
export { vereisAanbieder, leesBasic, agbVan } from './auth';
export { intakeOpenApi } from './openapi';
export { maakDbIntakeDeps } from './db-deps';
export { maakVerwerker, type Verwerker } from './verwerker';
