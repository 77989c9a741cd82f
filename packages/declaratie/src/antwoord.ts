import { Conflict, type Datum } from '@plafond/core';
import type { DeclaratieBeslissing, DeclaratieInvoer, PrestatieInvoer } from './beslis';
import type { BedragMetDC } from './typen';

/** 0200: no remark on this class. */
export const GEEN_OPMERKING = '0200';
/** 8001: declaratie fully granted. */
export const VOLLEDIG_TOEGEKEND = '8001';

/** A rejected prestatie in the answer: the original values echoed (TR367) plus its retourcodes. */
export interface AntwoordPrestatie extends PrestatieInvoer {
  retourcodes: string[];
}

export interface AntwoordClient {
  bsn: string;
  prestaties: AntwoordPrestatie[];
  retourcodes: string[];
}

/** The content of a JW325/WMO325 as plain data; the XML layer adds XsdVersie and identification. */
export interface DeclaratieAntwoordInhoud {
  /** Gemeente code (the declaratie's Ontvanger). */
  afzender: string;
  /** AGB-code (the declaratie's Afzender). */
  ontvanger: string;
  /** TR337: BerichtIdentificatie of the answered declaratie. */
  declaratieIdentificatie: { identificatie: string; dagtekening: Datum };
  headerRetourcodes: string[];
  /** Absent when the header is rejected (9056). */
  declaratieAntwoord?: {
    /** TR376 */
    declaratieNummer: string;
    totaalIngediendBedrag: BedragMetDC;
    totaalToegekendBedrag: BedragMetDC;
    /** Only clients with a rejected prestatie, with only those prestaties (OP303, OP304, TR342). */
    clienten: AntwoordClient[];
    retourcodes: string[];
  };
}

/**
 * Builds the declaratie-antwoord from the declaratie and its final beslissing. The answer goes out
 * once every prestatie is decided: held prestaties are first settled with `beslisAangehouden`
 * (within the 10 werkdagen, see `werkdagenTermijn`); a beslissing still holding prestaties throws
 * `Conflict`.
 */
export function bouwDeclaratieAntwoord(invoer: DeclaratieInvoer, beslissing: DeclaratieBeslissing): DeclaratieAntwoordInhoud {
  const kop = {
    afzender: invoer.ontvanger,
    ontvanger: invoer.afzender,
    declaratieIdentificatie: { identificatie: invoer.berichtIdentificatie, dagtekening: invoer.dagtekening },
  };
  if (beslissing.headerRetourcodes.length > 0) return { ...kop, headerRetourcodes: [...beslissing.headerRetourcodes] };
  const basis = { declaratieNummer: invoer.declaratieNummer, totaalIngediendBedrag: { ...invoer.totaalIngediendBedrag } };
  if (beslissing.declaratieRetourcodes.length > 0) {
    return {
      ...kop,
      headerRetourcodes: [GEEN_OPMERKING],
      declaratieAntwoord: { ...basis, totaalToegekendBedrag: { bedrag: 0n, debetCredit: 'D' }, clienten: [], retourcodes: [...beslissing.declaratieRetourcodes] },
    };
  }
  if (beslissing.prestaties.some((p) => p.beslissing === 'aangehouden')) {
    throw new Conflict(`declaratie ${invoer.declaratieNummer} heeft nog aangehouden prestaties; eerst beslissen`);
  }
  const clienten: AntwoordClient[] = [];
  for (const [clientIndex, client] of invoer.clienten.entries()) {
    const afgewezen = beslissing.prestaties.filter((p) => p.clientIndex === clientIndex && p.beslissing === 'afgewezen');
    if (afgewezen.length === 0) continue;
    clienten.push({
      bsn: client.bsn,
      prestaties: afgewezen.map((p) => ({ ...structuredClone(client.prestaties[p.prestatieIndex]), retourcodes: [...p.retourcodes] })),
      retourcodes: [GEEN_OPMERKING],
    });
  }
  return {
    ...kop,
    headerRetourcodes: [GEEN_OPMERKING],
    declaratieAntwoord: {
      ...basis,
      totaalToegekendBedrag: { ...beslissing.totaalToegekendBedrag },
      clienten,
      retourcodes: [beslissing.volledigToegekend ? VOLLEDIG_TOEGEKEND : GEEN_OPMERKING],
    },
  };
}
