import { pseudoniem, type Datum, type Melding } from '@plafond/core';
import {
  leveringenOpToewijzingen, slaLeveringOp, toewijzingenVanClient, upsertClient, type LeveringRij, type NieuweLevering, type ToewijzingRij,
} from '@plafond/db';
import type { Bericht305, Bericht307, StartProduct, StopProduct } from '@plafond/istandaard';
import type { HandlerUitkomst, VerwerkContext } from '../context';
import { afwijzingOpKop, gemeenteBekend, GEEN_OPMERKING, metCodes, Retourcodes, retourBericht, TECHNISCH_AFGEKEURD } from './retour';

const C = '/Bericht/Client';
const TIJDELIJK = '20';

/** One finding of a cross-message rule on a start or stop. */
interface Bevinding {
  regel: string;
  retourcode: string;
  tekst: string;
}

/** The leveringen in force: per key the last one received, unless that one removed it (StatusAanlevering 3). */
function actueel(rijen: LeveringRij[], sleutel: (r: LeveringRij) => string): Map<string, LeveringRij> {
  const uit = new Map<string, LeveringRij>();
  for (const r of rijen) {
    if (r.statusAanlevering === '3') uit.delete(sleutel(r));
    else uit.set(sleutel(r), r);
  }
  return uit;
}

/** Starts are keyed by their begindatum within one toewijzing. */
function actueleStarts(historie: LeveringRij[], toewijzingId: string): Map<string, LeveringRij> {
  return actueel(historie.filter((r) => r.soort === 'start' && r.toewijzingId === toewijzingId), (r) => r.begindatum);
}

/** The stops of one start (TR382: a stop carries the start's key), keyed by their einddatum. */
function actueleStops(historie: LeveringRij[], toewijzingId: string, begindatum: Datum): LeveringRij[] {
  const stops = historie.filter((r) => r.soort === 'stop' && r.toewijzingId === toewijzingId && r.begindatum === begindatum);
  return [...actueel(stops, (r) => r.einddatum ?? '').values()];
}

/**
 * TR019: the toewijzing a start or stop belongs to, among the client's toewijzingen at this aanbieder — by
 * ToewijzingNummer, or without it by Product and ToewijzingIngangsdatum (only when that is unambiguous).
 * A removed toewijzing (RedenWijziging 13) counts as never sent.
 */
export function koppelToewijzing(p: StartProduct | StopProduct, toewijzingen: ToewijzingRij[]): ToewijzingRij | undefined {
  const levend = toewijzingen.filter((t) => t.status !== 'ingetrokken');
  if (p.toewijzingNummer !== undefined) return levend.find((t) => t.toewijzingNummer === String(p.toewijzingNummer));
  if (p.toewijzingIngangsdatum === undefined) return undefined;
  const kandidaten = levend.filter((t) => t.ingangsdatum === p.toewijzingIngangsdatum
    && t.productcategorie === (p.product?.categorie ?? null) && t.productcode === (p.product?.code ?? null));
  return kandidaten.length === 1 ? kandidaten[0] : undefined;
}

/** Cross-message rules of a StartProduct against the accepted history of its toewijzing (TR063, TR071, TR074, TR326). */
export function beoordeelStart(p: StartProduct, toewijzingId: string, historie: LeveringRij[]): Bevinding[] {
  const starts = actueleStarts(historie, toewijzingId);
  const bestaand = starts.get(p.begindatum);
  if (p.statusAanlevering === '3') {
    if (!bestaand) return [{ regel: 'TR063', retourcode: '9063', tekst: `Geen eerdere start met begindatum ${p.begindatum} om te verwijderen` }];
    if (actueleStops(historie, toewijzingId, p.begindatum).length) {
      return [{ regel: 'TR071', retourcode: '9071', tekst: `Start met begindatum ${p.begindatum} is al gestopt en kan niet verwijderd worden` }];
    }
    return [];
  }
  if (p.statusAanlevering !== '1') return [];
  if (bestaand) return [{ regel: 'TR074', retourcode: '9074', tekst: `Start met begindatum ${p.begindatum} is al ontvangen` }];
  const lopend = [...starts.values()].find((s) => !actueleStops(historie, toewijzingId, s.begindatum).length);
  if (lopend) return [{ regel: 'TR326', retourcode: '9326', tekst: `De start van ${lopend.begindatum} is nog niet gestopt` }];
  return [];
}

/** Cross-message rules of a StopProduct (TR063, TR074, TR382, TR413, TR414, TR415). */
export function beoordeelStop(p: StopProduct, toewijzingId: string, historie: LeveringRij[]): Bevinding[] {
  const stops = actueleStops(historie, toewijzingId, p.begindatum);
  if (p.statusAanlevering === '3') {
    return stops.some((s) => s.einddatum === p.einddatum) ? []
      : [{ regel: 'TR063', retourcode: '9063', tekst: `Geen eerdere stop met einddatum ${p.einddatum} om te verwijderen` }];
  }
  if (!actueleStarts(historie, toewijzingId).has(p.begindatum)) {
    return [{ regel: 'TR382', retourcode: '9069', tekst: `Er is geen actuele start met begindatum ${p.begindatum}` }];
  }
  if (p.statusAanlevering !== '1') return [];
  if (stops.some((s) => s.einddatum === p.einddatum)) {
    return [{ regel: 'TR074', retourcode: '9074', tekst: `Stop met einddatum ${p.einddatum} is al ontvangen` }];
  }
  const uit: Bevinding[] = [];
  const definitief = stops.find((s) => s.redenBeeindiging !== TIJDELIJK);
  if (definitief) uit.push({ regel: 'TR415', retourcode: '9415', tekst: `De start is al definitief gestopt per ${definitief.einddatum}` });
  if (p.redenBeeindiging === TIJDELIJK && stops.some((s) => s.redenBeeindiging === TIJDELIJK)) {
    uit.push({ regel: 'TR413', retourcode: '9413', tekst: 'De start heeft al een tijdelijke stop (reden 20)' });
  }
  const later = stops.find((s) => s.einddatum !== null && s.einddatum > p.einddatum);
  if (later) uit.push({ regel: 'TR414', retourcode: '9414', tekst: `Einddatum ${p.einddatum} ligt voor de einddatum ${later.einddatum} van de actuele stop` });
  return uit;
}

type Soort = 'start' | 'stop';

/**
 * Start (305) or stop (307) of a delivery: every StartProduct/StopProduct is linked to its toewijzing and
 * checked against the accepted history, stored with its outcome, and answered in a 306/308 that echoes the
 * message with retourcodes per class. A message failing an in-message rule stores nothing.
 */
async function verwerkLevering(ctx: VerwerkContext, soort: Soort): Promise<HandlerUitkomst> {
  const client = soort === 'start' ? (ctx.gelezen.model as Bericht305).client : (ctx.gelezen.model as Bericht307).client;
  const producten: (StartProduct | StopProduct)[] = 'startProducten' in client ? client.startProducten : client.stopProducten;
  const lijst = soort === 'start' ? 'StartProducten/StartProduct' : 'StopProducten/StopProduct';
  const pad = (i: number) => `${C}/${lijst}[${i + 1}]`;
  const codes = new Retourcodes([C, ...producten.map((_, i) => pad(i))]);
  const antwoord = (headerCodes: string[]) => {
    const echo = producten.map((p, i) => metCodes(p, codes.van(pad(i))));
    const inhoud = metCodes({ ...client, [soort === 'start' ? 'startProducten' : 'stopProducten']: echo }, codes.van(C));
    return { soort: 'bericht' as const, bericht: retourBericht(ctx, { client: inhoud }, headerCodes) };
  };

  const regelMeldingen = ctx.gelezen.regelMeldingen;
  if (regelMeldingen.length) {
    codes.voegMeldingen(regelMeldingen);
    return {
      status: 'afgewezen', retourcodes: [TECHNISCH_AFGEKEURD, ...codes.klasseCodes()], meldingen: regelMeldingen,
      antwoord: antwoord([TECHNISCH_AFGEKEURD]), details: { opgeslagen: 0, afgewezen: producten.length },
    };
  }
  if (!(await gemeenteBekend(ctx))) return afwijzingOpKop(ctx, `Ontvanger ${ctx.gemeente} is geen gemeente van de regio`);

  const { tx, domein, gemeente, aanbieder } = ctx;
  const toewijzingen = await toewijzingenVanClient(tx, { gemeente, domein, aanbiederId: aanbieder.id, bsn: client.bsn });
  const historie = await leveringenOpToewijzingen(tx, toewijzingen.map((t) => t.id));
  const clientId = await upsertClient(tx, { bsn: client.bsn, pseudoniem: pseudoniem(client.bsn, ctx.pseudoniemSleutel) });
  const meldingen: Melding[] = [];
  let opgeslagen = 0;
  for (const [i, p] of producten.entries()) {
    const t = koppelToewijzing(p, toewijzingen);
    const stop = 'einddatum' in p ? p : undefined;
    const bevindingen: Bevinding[] = !t
      ? [{ regel: 'TR019', retourcode: '9019', tekst: 'Niet te koppelen aan een (eenduidige) toewijzing van deze client bij deze aanbieder' }]
      : stop ? beoordeelStop(stop, t.id, historie) : beoordeelStart(p, t.id, historie);
    const levering: NieuweLevering = {
      berichtId: ctx.bericht.id, soort, aanbiederId: aanbieder.id, gemeente, domein, clientId, toewijzingId: t?.id ?? null,
      toewijzingNummer: t?.toewijzingNummer ?? (p.toewijzingNummer === undefined ? null : String(p.toewijzingNummer)),
      productcategorie: p.product?.categorie ?? null, productcode: p.product?.code ?? null, begindatum: p.begindatum,
      einddatum: stop?.einddatum ?? null, redenBeeindiging: stop?.redenBeeindiging ?? null, statusAanlevering: p.statusAanlevering,
      retourcodes: bevindingen.map((b) => b.retourcode),
    };
    const id = await slaLeveringOp(tx, levering);
    for (const b of bevindingen) {
      codes.voeg(pad(i), b.retourcode);
      meldingen.push({ pad: pad(i), ...b });
    }
    if (!bevindingen.length) {
      opgeslagen++;
      // Later products of this message are judged with this one in force.
      historie.push({ ...levering, id });
    }
  }
  return {
    status: opgeslagen > 0 ? 'verwerkt' : 'afgewezen',
    retourcodes: [GEEN_OPMERKING, ...codes.klasseCodes()],
    meldingen,
    antwoord: antwoord([GEEN_OPMERKING]),
    details: { opgeslagen, afgewezen: producten.length - opgeslagen },
  };
}

/** JW305/WMO305 start levering → JW306/WMO306. */
export const verwerkStart = (ctx: VerwerkContext) => verwerkLevering(ctx, 'start');
/** JW307/WMO307 stop levering → JW308/WMO308. */
export const verwerkStop = (ctx: VerwerkContext) => verwerkLevering(ctx, 'stop');
