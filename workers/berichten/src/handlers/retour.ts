import type { Melding } from '@plafond/core';
import { gemeenten } from '@plafond/db';
import type { Bericht, BerichtType } from '@plafond/istandaard';
import { antwoordSoort, retourHeader } from '../antwoord';
import type { HandlerUitkomst, VerwerkContext } from '../context';

/** 0200: no remark on this class. */
export const GEEN_OPMERKING = '0200';
/** 0001: rejected for technical reasons (schema or in-message rule). */
export const TECHNISCH_AFGEKEURD = '0001';

const HEADER = '/Bericht/Header';

/**
 * The retourcodes of each class of a retourbericht (306, 308, 316, 318), keyed by the class's path in the
 * heenbericht (`/Bericht/Client/StartProducten/StartProduct[2]`). A finding on an element lands on the
 * nearest class that contains it; one outside every class lands on the header.
 */
export class Retourcodes {
  private readonly perKlasse = new Map<string, Set<string>>();

  constructor(klassen: string[]) {
    for (const k of [HEADER, ...klassen]) this.perKlasse.set(k, new Set());
  }

  private klasseVan(pad: string): string {
    let beste: string | undefined;
    for (const k of this.perKlasse.keys()) {
      if ((pad === k || pad.startsWith(`${k}/`)) && (beste === undefined || k.length > beste.length)) beste = k;
    }
    return beste ?? HEADER;
  }

  voeg(pad: string, code: string): void {
    this.perKlasse.get(this.klasseVan(pad))!.add(code);
  }

  /** In-message rule findings onto their classes, each with its own code (0001 when it has none). */
  voegMeldingen(meldingen: Melding[]): void {
    for (const m of meldingen) this.voeg(m.pad, m.retourcode ?? TECHNISCH_AFGEKEURD);
  }

  /** The codes of one class: its remarks, or 0200. */
  van(pad: string): string[] {
    const codes = this.perKlasse.get(pad);
    return codes?.size ? [...codes].sort() : [GEEN_OPMERKING];
  }

  /** Every code given outside the header (for the outcome summary). */
  klasseCodes(): string[] {
    return [...this.perKlasse].flatMap(([k, codes]) => (k === HEADER ? [] : codes.size ? [...codes] : [GEEN_OPMERKING]));
  }
}

/** A class of the heenbericht echoed in the retour with its RetourCodes. */
export function metCodes<T extends object>(klasse: T, retourCodes: string[]): T & { retourCodes: string[] } {
  return { ...klasse, retourCodes };
}

/** The retourbericht answering the received message: retour header with `headerCodes`, then `inhoud`. */
export function retourBericht(ctx: VerwerkContext, inhoud: Record<string, unknown>, headerCodes: string[]): Bericht {
  const type = antwoordSoort(ctx.kop.berichttype) as BerichtType;
  return { domein: ctx.domein, type, header: retourHeader(ctx, ctx.antwoordIdentificatie, ctx.peildatum, headerCodes), ...inhoud } as unknown as Bericht;
}

/**
 * Is the gemeente on the other side one of the region's? Everything a message stores points at it, so a
 * message for another gemeente can only be answered, not processed.
 */
export async function gemeenteBekend(ctx: VerwerkContext): Promise<boolean> {
  return (await gemeenten(ctx.tx)).some((g) => g.cbsCode === ctx.gemeente);
}

/** Rejects a message on its header (0001) with a retour that carries only the header. */
export function afwijzingOpKop(ctx: VerwerkContext, tekst: string): HandlerUitkomst {
  const melding: Melding = { pad: HEADER, regel: 'KOP', tekst, retourcode: TECHNISCH_AFGEKEURD };
  return {
    status: 'afgewezen', retourcodes: [TECHNISCH_AFGEKEURD], meldingen: [melding],
    antwoord: { soort: 'bericht', bericht: retourBericht(ctx, {}, [TECHNISCH_AFGEKEURD]) },
  };
}
