export { maakBackofficeApp, type BackofficeOpties } from './app';
export { startBackoffice, type BackofficeServer, type StartOpties } from './server';
export { standaardUitnutting } from './bronnen';
export { backofficeOpenApi } from './openapi';
export type { Uitnutting, UitnuttingBron, UitnuttingRegel, UitnuttingVraag, UitnuttingSignaal } from './cijfers';
export type { Rapport, RapportMaker } from './verzoek';
