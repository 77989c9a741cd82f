import type { Melding } from '@plafond/core';
import { koppelRetour } from '@plafond/db';
import type { Bericht302, Bericht320 } from '@plafond/istandaard';
import type { HandlerUitkomst, VerwerkContext } from '../context';
import { GEEN_OPMERKING } from './retour';

/**
 * JW302/WMO302 and JW320/WMO320, the aanbieder's retour on a toewijzing (301) or antwoord (319) the
 * gemeente sent: linked to that message by its IdentificatieRetour (`bericht.retour_van`), so a 301 still
 * without its 302 after 3 werkdagen (OP090) shows up in the werkvoorraad. The retourcodes are the
 * aanbieder's verdict on our message; nothing is answered.
 */
export async function verwerkRetourbericht(ctx: VerwerkContext): Promise<HandlerUitkomst> {
  const header = (ctx.gelezen.model as Bericht302 | Bericht320).header;
  const soorten = ctx.kop.berichttype.endsWith('302') ? ['JW301', 'WMO301'] : ['JW319', 'WMO319'];
  const retourVan = await koppelRetour(ctx.tx, ctx.bericht.id, { identificatieRetour: header.identificatieRetour, agbCode: ctx.aanbieder.agbCode, soorten });
  const meldingen: Melding[] = retourVan
    ? []
    : [{ pad: '/Bericht/Header/IdentificatieRetour', regel: 'RETOUR', tekst: `geen verzonden ${soorten[0].slice(2)} met identificatie ${header.identificatieRetour} aan deze aanbieder` }];
  const codes = header.retourCodes?.length ? header.retourCodes : [GEEN_OPMERKING];
  return { status: 'verwerkt', retourcodes: codes, meldingen, details: { retourVan } };
}
