export * from './berichten';
export {
  naarModel, typeVanRoot, declaratieKop, declaratieAntwoordKop, declaratieClient, declaratieAntwoordClient,
} from './naar-model';
export { BERICHTCODES, PRODUCTCATEGORIEEN_JW, PRODUCTCATEGORIEEN_WMO } from './klassen';
