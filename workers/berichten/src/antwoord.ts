import type { Bericht, DeclaratieAntwoordKop, Header, XsdVersie } from '@plafond/istandaard';
import type { VerwerkContext } from './context';

/** XsdVersie of every message Plafond writes (the versions of the 3.2 XSDs it implements). */
export const EIGEN_XSD_VERSIE: XsdVersie = { basisschemaXsdVersie: '1.0.0', berichtXsdVersie: '1.0.0' };

/** The XsdVersie of the received message, for the *Retour fields of an answer. */
export function xsdVersieVan(ctx: Pick<VerwerkContext, 'kop'>): XsdVersie {
  return {
    basisschemaXsdVersie: ctx.kop.basisschemaXsdVersie ?? EIGEN_XSD_VERSIE.basisschemaXsdVersie,
    berichtXsdVersie: ctx.kop.berichtXsdVersie ?? EIGEN_XSD_VERSIE.berichtXsdVersie,
  };
}

/** Header of a message from the gemeente to the aanbieder. */
export function gemeenteHeader(gemeente: string, agb: string, identificatie: string, dagtekening: string): Header {
  return { afzender: gemeente, ontvanger: agb, berichtIdentificatie: { identificatie, dagtekening }, xsdVersie: EIGEN_XSD_VERSIE } as Header;
}

/**
 * The retour header (306, 308, 316, 318, 320-style): the gemeente answers the aanbieder, pointing at the
 * received message, with the header's retourcodes. A retour keeps the Afzender and Ontvanger of the
 * heenbericht it answers (the XSDs of 306/308/316/318 want the AGB as Afzender).
 */
export function retourHeader(ctx: Pick<VerwerkContext, 'kop' | 'gemeente' | 'aanbieder'>, identificatie: string, dagtekening: string, retourCodes: string[]) {
  return {
    ...gemeenteHeader(ctx.gemeente, ctx.aanbieder.agbCode, identificatie, dagtekening),
    afzender: ctx.kop.afzender,
    ontvanger: ctx.kop.ontvanger,
    identificatieRetour: ctx.kop.identificatie,
    dagtekeningRetour: ctx.kop.dagtekening,
    xsdVersieRetour: xsdVersieVan(ctx),
    retourCodes,
  };
}

/** The kind of answer to a received kind: 305 → 306, 323 → 325, … (none for 301/302/319/320). */
export function antwoordSoort(type: string): string | null {
  const m = /^(JW|WMO)(305|307|315|317|323)$/.exec(type);
  if (!m) return null;
  return `${m[1]}${{ '305': '306', '307': '308', '315': '316', '317': '318', '323': '325' }[m[2]]}`;
}

export type { Bericht, DeclaratieAntwoordKop };
