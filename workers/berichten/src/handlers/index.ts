import type { Melding } from '@plafond/core';
import type { Bericht, BerichtType, DeclaratieAntwoordKop } from '@plafond/istandaard';
import { antwoordSoort, retourHeader, gemeenteHeader, xsdVersieVan } from '../antwoord';
import type { Handler, HandlerUitkomst, VerwerkContext } from '../context';
import { verwerkDeclaratie } from './declaratie';
import { verwerkStart, verwerkStop } from './levering';
import { verwerkRetourbericht } from './retourbericht';
import { verwerkToewijzing } from './toewijzing';
import { verwerkVerzoekOmToewijzing, verwerkVerzoekOmWijziging } from './verzoek';

/** The handler per message kind (three digits); kinds without one are stored and acknowledged only. */
export const handlers: Partial<Record<string, Handler>> = {
  '323': verwerkDeclaratie,
  '301': verwerkToewijzing,
  '305': verwerkStart,
  '307': verwerkStop,
  '315': verwerkVerzoekOmToewijzing,
  '317': verwerkVerzoekOmWijziging,
  '302': verwerkRetourbericht,
  '320': verwerkRetourbericht,
};

/**
 * Rejects a whole message with retourcodes on its header: the answer (306, 308, 316, 318, 325) carries
 * only the header, and nothing of the message is booked (SPEC §3: a message failing level 1; TR056).
 */
export function weigerBericht(ctx: VerwerkContext, retourcodes: string[], meldingen: Melding[]): HandlerUitkomst {
  const soort = antwoordSoort(ctx.kop.berichttype) as BerichtType | null;
  if (!soort) return { status: 'afgewezen', retourcodes, meldingen };
  let bericht: Bericht;
  if (soort.endsWith('325')) {
    const kop: DeclaratieAntwoordKop = {
      domein: ctx.domein,
      type: soort as 'JW325' | 'WMO325',
      header: {
        ...gemeenteHeader(ctx.gemeente, ctx.aanbieder.agbCode, ctx.antwoordIdentificatie, ctx.peildatum),
        declaratieIdentificatie: { identificatie: ctx.kop.identificatie, dagtekening: ctx.kop.dagtekening },
        xsdVersieDeclaratie: xsdVersieVan(ctx),
        retourCodes: retourcodes,
      } as DeclaratieAntwoordKop['header'],
    };
    return { status: 'afgewezen', retourcodes, meldingen, antwoord: { soort: 'declaratie-antwoord', kop, clienten: [] } };
  }
  bericht = { domein: ctx.domein, type: soort, header: retourHeader(ctx, ctx.antwoordIdentificatie, ctx.peildatum, retourcodes) } as unknown as Bericht;
  return { status: 'afgewezen', retourcodes, meldingen, antwoord: { soort: 'bericht', bericht } };
}
