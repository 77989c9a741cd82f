export { inBerichtControle, controleerBericht, type InBerichtControle } from './controle';
export { RETOURCODES, IN_BERICHT_REGELS, type TechnischeRegel } from './referentie';
