export { inBerichtControle, controleerBericht, dagtekeningControle, type ControleOpties, type InBerichtControle } from './controle';
export { RETOURCODES, IN_BERICHT_REGELS, type TechnischeRegel } from './referentie';
