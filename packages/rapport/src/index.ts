export * from './excel';
export * from './regio-rapport';
export * from './invoer';
export { uitnuttingGrafiekSvg, svgNaarPng, MAAND_KORT, type UitnuttingGrafiekInvoer } from './grafiek';
export { contractmanagerPack, gemeentePack, regioPack, betalingSpec, datumTekst } from './packs';
export { waarschuwingsbrief, type WaarschuwingsbriefInvoer } from './brief';
export { formatEuroNl } from './nl';
