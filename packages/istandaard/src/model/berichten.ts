/**
 * Typed models of all iJw 3.2 / iWmo 3.2 messages, one interface per kind (JW and WMO share it;
 * `domein` and `type` tell them apart). Field names are the standard's element names in
 * lower-camel; wrapper elements (`ToegewezenProducten`, `RetourCodes`, ...) become arrays.
 * BerichtCode, BerichtVersie and BerichtSubversie are fixed by the type and so not in the model.
 */
import type { BerichtType, Domein } from '../xml/node';
import type * as K from './klassen';
import type { Klasse } from './structuur';

type M<T> = T extends Klasse<infer U> ? U : never;

export type ProductCategorie = (typeof K.PRODUCTCATEGORIEEN_JW)[number] | (typeof K.PRODUCTCATEGORIEEN_WMO)[number];
export type DebetCredit = 'D' | 'C';

export interface BerichtIdentificatie extends M<typeof K.berichtIdentificatie> {}
export interface XsdVersie extends M<typeof K.xsdVersie> {}
export interface Geboortedatum extends M<typeof K.geboortedatum> {}
export interface VolledigeNaam extends M<typeof K.volledigeNaam> {}
export interface VerkorteNaam extends M<typeof K.verkorteNaam> {}
export interface Adres extends M<typeof K.adres> {}
export interface OpenPeriode extends M<typeof K.openPeriode> {}
export interface GeslotenPeriode extends M<typeof K.geslotenPeriode> {}
export interface Product extends M<typeof K.product> {}
export interface Omvang extends M<typeof K.omvang> {}
export interface BedragMetDC extends M<typeof K.bedragMetDC> {}
export interface TotaalBedragMetDC extends M<typeof K.totaalBedragMetDC> {}

/** Header of a heenbericht (301, 305, 307, 315, 317, 319, 323). */
export interface Header extends M<typeof K.header> {}
/** Header of a retourbericht (302, 306, 308, 316, 318, 320); `retourCodes` empty when absent. */
export interface RetourHeader extends M<typeof K.retourHeader> {}
/** Header of the declaratie-antwoord (325). */
export interface Header325 extends M<typeof K.header325> {}

export interface Contact extends M<typeof K.contact> {}
export interface Relatie extends M<typeof K.relatie> {}
export interface ToegewezenProduct extends M<typeof K.toegewezenProduct> {}
export interface Client301 extends M<typeof K.client301> {}
export interface ContactRetour extends M<typeof K.contactRetour> {}
export interface RelatieRetour extends M<typeof K.relatieRetour> {}
export interface ToegewezenProductRetour extends M<typeof K.toegewezenProductRetour> {}
export interface Client302 extends M<typeof K.client302> {}

export interface StartProduct extends M<typeof K.startProduct> {}
export interface Client305 extends M<typeof K.client305> {}
export interface StartProductRetour extends M<typeof K.startProductRetour> {}
export interface Client306 extends M<typeof K.client306> {}
export interface StopProduct extends M<typeof K.stopProduct> {}
export interface Client307 extends M<typeof K.client307> {}
export interface StopProductRetour extends M<typeof K.stopProductRetour> {}
export interface Client308 extends M<typeof K.client308> {}

export interface AangevraagdProduct extends M<typeof K.aangevraagdProduct> {}
/** Client of a VOT; `gezagsdragerBekend` exists only in JW315/JW316. */
export interface Client315 extends M<typeof K.client315> {}
export interface AangevraagdProductRetour extends M<typeof K.aangevraagdProductRetour> {}
export interface Client316 extends M<typeof K.client316> {}

export interface OngewijzigdProduct extends M<typeof K.ongewijzigdProduct> {}
export interface TeWijzigenProduct extends M<typeof K.teWijzigenProduct> {}
export interface NieuwProduct extends M<typeof K.nieuwProduct> {}
export interface Verzoek extends M<typeof K.verzoek> {}
export interface Client317 extends M<typeof K.client317> {}
export interface OngewijzigdProductRetour extends M<typeof K.ongewijzigdProductRetour> {}
export interface TeWijzigenProductRetour extends M<typeof K.teWijzigenProductRetour> {}
export interface NieuwProductRetour extends M<typeof K.nieuwProductRetour> {}
export interface VerzoekRetour extends M<typeof K.verzoekRetour> {}
export interface Client318 extends M<typeof K.client318> {}

/** Antwoord on a VOT/VOW; `woonplaatsbeginsel` exists only in JW319 and JW320 (not in WMO319/WMO320). */
export interface Antwoord extends M<typeof K.antwoord> {}
export interface AntwoordRetour extends M<typeof K.antwoordRetour> {}

export interface Prestatie extends M<typeof K.prestatie> {}
export interface DeclaratieClient extends M<typeof K.declaratieClient> {}
export interface Declaratie extends M<typeof K.declaratie> {}
export interface PrestatieRetour extends M<typeof K.prestatieRetour> {}
export interface DeclaratieAntwoordClient extends M<typeof K.declaratieAntwoordClient> {}
export interface DeclaratieAntwoord extends M<typeof K.declaratieAntwoord> {}

interface BerichtBasis<S extends string> {
  domein: Domein;
  type: `JW${S}` | `WMO${S}`;
}

export interface Bericht301 extends BerichtBasis<'301'>, M<(typeof K.ROOTS)['301']> {}
export interface Bericht302 extends BerichtBasis<'302'>, M<(typeof K.ROOTS)['302']> {}
export interface Bericht305 extends BerichtBasis<'305'>, M<(typeof K.ROOTS)['305']> {}
export interface Bericht306 extends BerichtBasis<'306'>, M<(typeof K.ROOTS)['306']> {}
export interface Bericht307 extends BerichtBasis<'307'>, M<(typeof K.ROOTS)['307']> {}
export interface Bericht308 extends BerichtBasis<'308'>, M<(typeof K.ROOTS)['308']> {}
export interface Bericht315 extends BerichtBasis<'315'>, M<(typeof K.ROOTS)['315']> {}
export interface Bericht316 extends BerichtBasis<'316'>, M<(typeof K.ROOTS)['316']> {}
export interface Bericht317 extends BerichtBasis<'317'>, M<(typeof K.ROOTS)['317']> {}
export interface Bericht318 extends BerichtBasis<'318'>, M<(typeof K.ROOTS)['318']> {}
export interface Bericht319 extends BerichtBasis<'319'>, M<(typeof K.ROOTS)['319']> {}
export interface Bericht320 extends BerichtBasis<'320'>, M<(typeof K.ROOTS)['320']> {}
export interface Bericht323 extends BerichtBasis<'323'>, M<(typeof K.ROOTS)['323']> {}
export interface Bericht325 extends BerichtBasis<'325'>, M<(typeof K.ROOTS)['325']> {}

export type Bericht =
  | Bericht301 | Bericht302 | Bericht305 | Bericht306 | Bericht307 | Bericht308 | Bericht315
  | Bericht316 | Bericht317 | Bericht318 | Bericht319 | Bericht320 | Bericht323 | Bericht325;

/** Everything of a declaratie (323) before its clients: what a streaming reader or writer needs first. */
export interface DeclaratieKop {
  domein: Domein;
  type: 'JW323' | 'WMO323';
  header: Header;
  declaratie: Omit<Declaratie, 'clienten'>;
}

/** Everything of a declaratie-antwoord (325) except its clients. */
export interface DeclaratieAntwoordKop {
  domein: Domein;
  type: 'JW325' | 'WMO325';
  header: Header325;
  declaratieAntwoord?: Omit<DeclaratieAntwoord, 'clienten'>;
}

/** Narrows a message to one kind: `isSoort(b, '323')`. */
export function isSoort<S extends K.Soort>(b: Bericht, soort: S): b is Extract<Bericht, { type: `JW${S}` | `WMO${S}` }> {
  return b.type.endsWith(soort);
}

export type { BerichtType };
