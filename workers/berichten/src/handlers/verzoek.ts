import { pseudoniem, type Melding } from '@plafond/core';
import { gemeenten, heeftOpenVerzoek, slaVerzoekOp, toewijzingenVanClient, upsertClient, verzoekenOpReferentie, type ToewijzingRij } from '@plafond/db';
import type { Bericht315, Bericht317 } from '@plafond/istandaard';
import type { HandlerUitkomst, VerwerkContext } from '../context';
import { afwijzingOpKop, gemeenteBekend, GEEN_OPMERKING, metCodes, Retourcodes, retourBericht, TECHNISCH_AFGEKEURD } from './retour';

const C = '/Bericht/Client';
const V = `${C}/Verzoek`;

const TR374 = { regel: 'TR374', retourcode: '9374', tekst: 'Er is al een verzoek onderhanden voor deze client bij deze aanbieder' };
const TR347 = { regel: 'TR347', retourcode: '9347', tekst: 'ReferentieAanbieder is al gebruikt door deze aanbieder in dit domein' };

/** The outcome of a verzoek handler: stored verzoeken, the class findings and the retour. */
function uitkomst(ctx: VerwerkContext, codes: Retourcodes, meldingen: Melding[], opgeslagen: number, client: Record<string, unknown>): HandlerUitkomst {
  return {
    status: opgeslagen > 0 ? 'verwerkt' : 'afgewezen',
    retourcodes: [GEEN_OPMERKING, ...codes.klasseCodes()],
    meldingen,
    antwoord: { soort: 'bericht', bericht: retourBericht(ctx, { client }, [GEEN_OPMERKING]) },
    details: { verzoeken: opgeslagen },
  };
}

function regelAfwijzing(ctx: VerwerkContext, codes: Retourcodes, client: () => Record<string, unknown>): HandlerUitkomst {
  const meldingen = ctx.gelezen.regelMeldingen;
  codes.voegMeldingen(meldingen);
  return {
    status: 'afgewezen', retourcodes: [TECHNISCH_AFGEKEURD, ...codes.klasseCodes()], meldingen,
    antwoord: { soort: 'bericht', bericht: retourBericht(ctx, { client: client() }, [TECHNISCH_AFGEKEURD]) }, details: { verzoeken: 0 },
  };
}

/**
 * JW315/WMO315 verzoek om toewijzing → JW316/WMO316. Each AangevraagdProduct has its own ReferentieAanbieder
 * and becomes one verzoek (status 'ontvangen') for the back office to honour (301) or refuse (319).
 */
export async function verwerkVerzoekOmToewijzing(ctx: VerwerkContext): Promise<HandlerUitkomst> {
  const client = (ctx.gelezen.model as Bericht315).client;
  const pad = (i: number) => `${C}/AangevraagdeProducten/AangevraagdProduct[${i + 1}]`;
  const producten = client.aangevraagdeProducten;
  const codes = new Retourcodes([C, ...producten.map((_, i) => pad(i))]);
  const echo = () => metCodes({ ...client, aangevraagdeProducten: producten.map((p, i) => metCodes(p, codes.van(pad(i)))) }, codes.van(C));
  if (ctx.gelezen.regelMeldingen.length) return regelAfwijzing(ctx, codes, echo);
  if (!(await gemeenteBekend(ctx))) return afwijzingOpKop(ctx, `Ontvanger ${ctx.gemeente} is geen gemeente van de regio`);

  const { tx, domein, gemeente, aanbieder } = ctx;
  const meldingen: Melding[] = [];
  if (await heeftOpenVerzoek(tx, { bsn: client.bsn, aanbiederId: aanbieder.id, domein })) {
    codes.voeg(C, TR374.retourcode);
    meldingen.push({ pad: C, ...TR374 });
    return uitkomst(ctx, codes, meldingen, 0, echo());
  }
  // TR378 for a VOT: the gemeentecode must be in the CBS list on the ToewijzingIngangsdatum of each
  // AangevraagdProduct (the date the rule names for a 315; see tr378Datum for the other kinds).
  const gem = (await gemeenten(tx)).find((g) => g.cbsCode === gemeente);
  const cbsOngeldig = new Set(producten.flatMap((p, i) => {
    const d = p.toewijzingIngangsdatum;
    return gem && (gem.geldigVan === null || gem.geldigVan <= d) && (gem.geldigTot === null || d < gem.geldigTot) ? [] : [i];
  }));
  const bekend = new Set((await verzoekenOpReferentie(tx, aanbieder.id, domein, producten.map((p) => p.referentieAanbieder))).map((v) => v.referentieAanbieder));
  const clientId = await upsertClient(tx, { bsn: client.bsn, pseudoniem: pseudoniem(client.bsn, ctx.pseudoniemSleutel) });
  let opgeslagen = 0;
  for (const [i, p] of producten.entries()) {
    if (cbsOngeldig.has(i)) {
      codes.voeg(pad(i), 'S300');
      meldingen.push({ pad: pad(i), regel: 'TR378', retourcode: 'S300', tekst: `gemeentecode ${gemeente} staat niet in de CBS-lijst op ToewijzingIngangsdatum ${p.toewijzingIngangsdatum}` });
      continue;
    }
    if (bekend.has(p.referentieAanbieder)) {
      codes.voeg(pad(i), TR347.retourcode);
      meldingen.push({ pad: pad(i), ...TR347 });
      continue;
    }
    await slaVerzoekOp(tx, {
      berichtId: ctx.bericht.id, soort: 'VOT', aanbiederId: aanbieder.id, gemeente, domein, clientId, referentieAanbieder: p.referentieAanbieder,
      gegevens: {
        aangevraagdProduct: p,
        ...(client.commentaar !== undefined && { commentaar: client.commentaar }),
        ...(client.gezagsdragerBekend !== undefined && { gezagsdragerBekend: client.gezagsdragerBekend }),
      },
    });
    opgeslagen++;
  }
  return uitkomst(ctx, codes, meldingen, opgeslagen, echo());
}

/** Actueel: not removed, and not ended before the verzoek was sent. */
function isActueel(t: ToewijzingRij, dagtekening: string): boolean {
  return t.status !== 'ingetrokken' && (t.einddatum === null || t.einddatum >= dagtekening);
}

/**
 * JW317/WMO317 verzoek om wijziging → JW318/WMO318: one verzoek per message, stored only when it names exactly
 * the client's current toewijzingen at this aanbieder (TR349, TR350, TR351) and passes TR347 and TR374.
 */
export async function verwerkVerzoekOmWijziging(ctx: VerwerkContext): Promise<HandlerUitkomst> {
  const client = (ctx.gelezen.model as Bericht317).client;
  const v = client.verzoek;
  const ongewijzigd = v.ongewijzigdeProducten ?? [];
  const teWijzigen = v.teWijzigenProducten ?? [];
  const nieuw = v.nieuweProducten ?? [];
  const padO = (i: number) => `${V}/OngewijzigdeProducten/OngewijzigdProduct[${i + 1}]`;
  const padT = (i: number) => `${V}/TeWijzigenProducten/TeWijzigenProduct[${i + 1}]`;
  const padN = (i: number) => `${V}/NieuweProducten/NieuwProduct[${i + 1}]`;
  const codes = new Retourcodes([C, V, ...ongewijzigd.map((_, i) => padO(i)), ...teWijzigen.map((_, i) => padT(i)), ...nieuw.map((_, i) => padN(i))]);
  const echo = () => metCodes({
    bsn: client.bsn,
    verzoek: metCodes({
      ...v,
      ...(v.ongewijzigdeProducten && { ongewijzigdeProducten: v.ongewijzigdeProducten.map((p, i) => metCodes(p, codes.van(padO(i)))) }),
      ...(v.teWijzigenProducten && { teWijzigenProducten: v.teWijzigenProducten.map((p, i) => metCodes(p, codes.van(padT(i)))) }),
      ...(v.nieuweProducten && { nieuweProducten: v.nieuweProducten.map((p, i) => metCodes(p, codes.van(padN(i)))) }),
    }, codes.van(V)),
  }, codes.van(C));
  if (ctx.gelezen.regelMeldingen.length) return regelAfwijzing(ctx, codes, echo);
  if (!(await gemeenteBekend(ctx))) return afwijzingOpKop(ctx, `Ontvanger ${ctx.gemeente} is geen gemeente van de regio`);

  const { tx, domein, gemeente, aanbieder } = ctx;
  const meldingen: Melding[] = [];
  const bevinding = (pad: string, b: { regel: string; retourcode: string; tekst: string }) => {
    codes.voeg(pad, b.retourcode);
    meldingen.push({ pad, ...b });
  };
  if ((await verzoekenOpReferentie(tx, aanbieder.id, domein, [v.referentieAanbieder])).length) bevinding(V, TR347);
  if (await heeftOpenVerzoek(tx, { bsn: client.bsn, aanbiederId: aanbieder.id, domein })) bevinding(V, TR374);

  const actueel = new Set((await toewijzingenVanClient(tx, { gemeente, domein, aanbiederId: aanbieder.id, bsn: client.bsn }))
    .filter((t) => isActueel(t, ctx.kop.dagtekening)).map((t) => t.toewijzingNummer));
  ongewijzigd.forEach((p, i) => {
    if (!actueel.has(String(p.toewijzingNummer))) {
      bevinding(padO(i), { regel: 'TR350', retourcode: '9350', tekst: `ToewijzingNummer ${p.toewijzingNummer} is geen actuele toewijzing van de client` });
    }
  });
  teWijzigen.forEach((p, i) => {
    if (!actueel.has(String(p.toewijzingNummer))) {
      bevinding(padT(i), { regel: 'TR351', retourcode: '9351', tekst: `ToewijzingNummer ${p.toewijzingNummer} is geen actuele toewijzing van de client` });
    }
  });
  const genoemd = new Set([...ongewijzigd, ...teWijzigen].map((p) => String(p.toewijzingNummer)));
  const ontbrekend = [...actueel].filter((n) => !genoemd.has(n));
  if (ontbrekend.length) {
    bevinding(V, { regel: 'TR349', retourcode: '9349', tekst: `Het verzoek noemt de actuele toewijzing(en) ${ontbrekend.join(', ')} niet` });
  }
  if (meldingen.length) return uitkomst(ctx, codes, meldingen, 0, echo());

  const clientId = await upsertClient(tx, { bsn: client.bsn, pseudoniem: pseudoniem(client.bsn, ctx.pseudoniemSleutel) });
  const { referentieAanbieder, ...gegevens } = v;
  await slaVerzoekOp(tx, { berichtId: ctx.bericht.id, soort: 'VOW', aanbiederId: aanbieder.id, gemeente, domein, clientId, referentieAanbieder, gegevens });
  return uitkomst(ctx, codes, meldingen, 1, echo());
}
