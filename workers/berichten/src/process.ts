import { ConfiguratieFout, isDatum, vandaag, type Datum, type Melding, type PlafondConfig } from '@plafond/core';
import {
  berichtInhoud, crediteerDebets, inTransactie, ontvangEnOpen, openBericht, openDatabase, rondBerichtAf, teVerwerken,
  type Aanbieder, type BerichtKop, type BerichtOpening, type DataSource, type OntvangenBericht, type OpeningsVraag, type Transactie, type UitgaandBericht,
} from '@plafond/db';
import { domeinVan, schrijfDeclaratie, serialiseer, type BerichtType } from '@plafond/istandaard';
import { antwoordSoort } from './antwoord';
import type { Antwoord, Handler, HandlerUitkomst, VerwerkContext } from './context';
import { handlers, weigerBericht } from './handlers';
import { leesBericht, type GelezenBericht } from './lees';
import { stamdataCacheVoor } from './stamdata';
import type { BerichtJob } from './queue';

/** What the message processor needs. */
export interface ProcessorDeps {
  dataSource: DataSource;
  config: Pick<PlafondConfig, 'pseudoniemSleutel' | 'lateTermijnMaanden'>;
  /**
   * The processing date. Absent: today (a service), or — for files processed in bulk — the message's own
   * dagtekening when `peildatumUitBericht` is set, as if each message was handled on the day it came. With both, a
   * message dated after `peildatum` is handled on its own dagtekening (a report drawn up in the next month still
   * counts what came in after its peildatum, and such a message is not dated in the future).
   */
  peildatum?: Datum;
  peildatumUitBericht?: boolean;
}

/** The outcome of one message, as stored with it and written to verwerking.json. */
export interface VerwerkUitkomst {
  berichtId: string;
  bericht: BerichtType | null;
  identificatie: string | null;
  status: 'verwerkt' | 'afgewezen';
  retourcodes: string[];
  meldingen: Melding[];
  antwoordId: string | null;
  details: Record<string, unknown>;
  /**
   * The date the message counts as received (terms run from it): the date of receipt for a service, the
   * processing date of `plafond verwerk` (each message's Dagtekening, or --peildatum).
   */
  ontvangstdatum?: Datum;
}

/**
 * The processor's dependencies for a worker process: the PostgreSQL of `DATABASE_URL` (required — workers
 * share one database) and the configuration. `sluit` closes the connections.
 */
export async function maakProcessorDeps(config: PlafondConfig): Promise<ProcessorDeps & { sluit(): Promise<void> }> {
  if (!config.databaseUrl) throw new ConfiguratieFout('DATABASE_URL is verplicht voor een worker');
  const db = await openDatabase({ url: config.databaseUrl });
  return { dataSource: db.dataSource, config, sluit: () => db.close() };
}

// A message from an aanbieder has its AGB as Afzender; a 301/319 from a gemeente has it as Ontvanger, and so
// has the aanbieder's 302/320 retour on it (a retour keeps the heenbericht's Afzender and Ontvanger).
const VAN_GEMEENTE = new Set(['301', '319']);
const RETOUR_OP_GEMEENTE = new Set(['302', '320']);

/**
 * Processes one received message: parse and validate (levels 1 and 2), decide (level 3), book and answer,
 * all in one database transaction. Safe to run twice: a message already processed returns its stored outcome,
 * and a run that dies halfway leaves nothing behind, so the retry gives the same result.
 */
export async function processBericht(job: BerichtJob, deps: ProcessorDeps): Promise<VerwerkUitkomst> {
  const eerst = await teVerwerken(deps.dataSource, job.berichtId);
  if (!eerst) throw new Error(`bericht ${job.berichtId} bestaat niet`);
  if (eerst.status !== 'ontvangen') return eerst.uitkomst as unknown as VerwerkUitkomst;
  // Parsed outside the transaction, so the transaction holds its locks only for deciding and booking.
  const gelezen = await leesBericht(eerst.inhoud);
  const kop = kopVan(gelezen);
  const slot = slotVan(kop);
  for (;;) {
    const r = await inTransactie(deps.dataSource, async (tx): Promise<VerwerkUitkomst | null> => {
      // Jobs reach the workers in any order; a message is decided only after its aanbieder's waiting messages
      // that come before it (Dagtekening, Identificatie — the order `plafond verwerk` uses). Those are decided
      // first, in this transaction and under the lock it holds, so jobs waiting for the same aanbieder never
      // parse and decide the same predecessor over and over; each predecessor's own job then finds it done.
      for (let eerder = 0; eerder <= MAX_EERDER_PER_TRANSACTIE; eerder++) {
        const opening = await openBericht(tx, job.berichtId, { ...kop.vraag, volgorde: true });
        if (!opening) throw new Error(`bericht ${job.berichtId} bestaat niet`);
        if (opening.bericht.status !== 'ontvangen') return opening.bericht.uitkomst as unknown as VerwerkUitkomst;
        if (!opening.eerder || eerder === MAX_EERDER_PER_TRANSACTIE || !(await verwerkEerder(tx, opening.eerder, slot, deps))) {
          if (opening.eerder && eerder === MAX_EERDER_PER_TRANSACTIE) return null;
          return verwerk(tx, opening, gelezen, kop, deps);
        }
      }
      return null;
    }, { slot });
    // A long queue of predecessors is worked off a number at a time, each batch committed on its own.
    if (r) return r;
  }
}

// Predecessors decided in one transaction before it commits and takes the lock anew (keeps transactions short).
const MAX_EERDER_PER_TRANSACTIE = 20;

/**
 * Decides a waiting predecessor inside the running transaction. False when it cannot be taken here: its
 * header names another aanbieder than its raw order key did (a message that lies about itself waits
 * for its own job, it does not hold up the others).
 */
async function verwerkEerder(tx: Transactie, id: string, slot: number, deps: ProcessorDeps): Promise<boolean> {
  const inhoud = await berichtInhoud(tx, id);
  if (!inhoud) return false;
  const gelezen = await leesBericht(inhoud);
  const kop = kopVan(gelezen);
  if (slotVan(kop) !== slot) return false;
  const opening = await openBericht(tx, id, kop.vraag);
  if (opening && opening.bericht.status === 'ontvangen') await verwerk(tx, opening, gelezen, kop, deps);
  return true;
}

/**
 * Stores a message and processes it in one transaction, through the same steps as {@link processBericht}:
 * for files handed to `plafond verwerk`, whose record is the file itself. A message received from outside
 * is stored on its own first (so it is kept when processing fails) and processed by `processBericht`.
 */
export async function verwerkNieuwBericht(
  bericht: OntvangenBericht & { inhoud: Buffer },
  gelezen: GelezenBericht,
  deps: ProcessorDeps,
  /** Runs in the message's transaction after it is decided (a back-office decision records itself with it); may throw to undo all. */
  daarna?: (tx: Transactie, uitkomst: VerwerkUitkomst) => Promise<void>,
): Promise<VerwerkUitkomst> {
  const kop = kopVan(gelezen);
  return inTransactie(deps.dataSource, async (tx) => {
    const u = await verwerk(tx, await ontvangEnOpen(tx, bericht, kop.vraag), gelezen, kop, deps);
    await daarna?.(tx, u);
    return u;
  }, { slot: slotVan(kop) });
}

function slotVan(kop: Kop): number {
  return kop.vraag.agbCode === null ? 0 : Number(kop.vraag.agbCode);
}

/**
 * The slot a message is processed in: the AGB code of its aanbieder (0 when the header names none).
 * Messages of one aanbieder are decided against each other, so they are processed one at a time (a
 * database lock in `processBericht`); those of different aanbieders can run side by side.
 */
export function verwerkSlot(gelezen: GelezenBericht): number {
  return slotVan(kopVan(gelezen));
}

interface Kop {
  type: BerichtType | null;
  soort: string | null;
  /** The AGB of the aanbieder and the CBS code of the gemeente on the other side. */
  agb: string | null;
  gemeente: string | null;
  /** The header as stored with the message; null when it is not readable. */
  kop: BerichtKop | null;
  vraag: OpeningsVraag;
}

/** Who the message is from and to, and what the processor must look up before deciding. */
function kopVan(gelezen: GelezenBericht): Kop {
  const k = gelezen.kop;
  const type = k.berichttype;
  const soort = type ? type.slice(domeinVan(type).length) : null;
  const gemeenteKant = !!soort && (VAN_GEMEENTE.has(soort) || RETOUR_OP_GEMEENTE.has(soort));
  const agb = gemeenteKant ? k.ontvanger : k.afzender;
  const gemeente = gemeenteKant ? k.afzender : k.ontvanger;
  const kop: BerichtKop | null =
    type && k.afzender && k.ontvanger && k.identificatie
      ? { berichttype: type, berichtcode: k.berichtcode, afzender: k.afzender, ontvanger: k.ontvanger, identificatie: k.identificatie, dagtekening: k.dagtekening && isDatum(k.dagtekening) ? k.dagtekening : null }
      : null;
  // The copy of a 301 goes on to the aanbieder as a message of its own: it needs a fresh identificatie as well
  // (the stored outgoing row may not repeat the gemeente's, TR056 index).
  const antwoord = !!type && (antwoordSoort(type) !== null || soort === '301');
  return {
    type, soort, agb, gemeente, kop,
    vraag: { agbCode: agb && /^\d{8}$/.test(agb) ? agb : null, kop, antwoordIdentificatie: antwoord, declaratie: soort === '323' && gelezen.schemaGeldig },
  };
}

async function verwerk(tx: Transactie, opening: BerichtOpening, gelezen: GelezenBericht, koppen: Kop, deps: ProcessorDeps): Promise<VerwerkUitkomst> {
  const { bericht, aanbieder } = opening;
  const { type, soort, agb, gemeente, kop } = koppen;
  const k = gelezen.kop;

  // Terms (the late-declaratie term, the answer terms) run from the day the message counts as received.
  // A message dated after the peildatum is handled (and so received) on its own dagtekening, as below.
  const ontvangstdatum: Datum | null = deps.peildatum && deps.peildatumUitBericht && kop?.dagtekening && kop.dagtekening > deps.peildatum
    ? kop.dagtekening
    : deps.peildatum ?? (deps.peildatumUitBericht ? (kop?.dagtekening ?? null) : vandaag(bericht.ontvangenOp));
  const afsluiten = async (u: HandlerUitkomst, extra: { antwoord?: UitgaandBericht | null; duplicaatVan?: string | null; kopVastleggen?: boolean } = {}): Promise<VerwerkUitkomst> => {
    if (u.boeking && !opening.declaratieId) throw new Error(`bericht ${bericht.id}: een boeking zonder declaratie-id`);
    const boeking = u.boeking ? { id: opening.declaratieId!, ...u.boeking } : null;
    const uitkomst: VerwerkUitkomst = {
      berichtId: bericht.id, bericht: type, identificatie: k.identificatie, status: u.status,
      retourcodes: [...new Set(u.retourcodes)].sort(), meldingen: (u.meldingen ?? []).slice(0, 100), antwoordId: extra.antwoord?.id ?? null,
      details: boeking ? { ...u.details, declaratieId: boeking.id } : (u.details ?? {}),
      ...(ontvangstdatum && { ontvangstdatum }),
    };
    if (boeking) await crediteerDebets(tx, boeking.declaratie.aanbiederId, boeking.declaratie.domein, u.boeking!.gecrediteerdeRefs);
    await rondBerichtAf(tx, bericht.id, {
      kop: extra.kopVastleggen === false ? null : kop, status: u.status, uitkomst: uitkomst as unknown as Record<string, unknown>,
      duplicaatVan: extra.duplicaatVan, aanbiederId: aanbieder?.id ?? null, antwoord: extra.antwoord, declaratie: boeking,
    });
    return uitkomst;
  };

  // Who may this message be from? Without a readable header and a known aanbieder nobody can be answered.
  if (!kop || !aanbieder || !gemeente || !kop.dagtekening) {
    const waarom = !kop ? 'header niet leesbaar' : !aanbieder ? `aanbieder ${agb ?? '?'} onbekend` : 'dagtekening ongeldig';
    return afsluiten({ status: 'afgewezen', retourcodes: ['0001'], meldingen: [...gelezen.schemaMeldingen, { pad: '/Bericht/Header', regel: 'KOP', tekst: waarom, retourcode: '0001' }] });
  }
  // Received through the API: the header's Afzender must be who logged in (an aanbieder's AGB or a gemeente);
  // a 302/320 is the aanbieder's although its header keeps the gemeente as Afzender.
  const partij = soort && RETOUR_OP_GEMEENTE.has(soort) ? kop.ontvanger : kop.afzender;
  if ((bericht.aanbiederId !== null && bericht.aanbiederId !== aanbieder.id) || (bericht.afzender !== null && bericht.afzender !== partij)) {
    // The header is not trusted, so it is not recorded as this message's identity (it could claim another's TR056 key).
    return afsluiten({ status: 'afgewezen', retourcodes: ['0001'], meldingen: [{ pad: '/Bericht/Header/Afzender', regel: 'KOP', tekst: `Afzender ${kop.afzender} is niet de ingelogde partij`, retourcode: '0001' }] }, { kopVastleggen: false });
  }

  const peildatum = deps.peildatum && deps.peildatumUitBericht && kop.dagtekening > deps.peildatum
    ? kop.dagtekening
    : deps.peildatum ?? (deps.peildatumUitBericht ? kop.dagtekening : vandaag());
  const ctx: VerwerkContext = {
    tx, bericht, gelezen, kop: { ...k, berichttype: type!, afzender: kop.afzender, ontvanger: kop.ontvanger, identificatie: kop.identificatie, dagtekening: kop.dagtekening },
    domein: domeinVan(type!), aanbieder, gemeente, peildatum, antwoordIdentificatie: opening.antwoordIdentificatie ?? '',
    ontvangstdatum: ontvangstdatum ?? peildatum,
    pseudoniemSleutel: deps.config.pseudoniemSleutel, lateTermijnMaanden: deps.config.lateTermijnMaanden,
    stamdata: stamdataCacheVoor(deps.dataSource),
  };

  // TR056: a resent message is answered with 9056 and changes nothing.
  const origineel = opening.origineel;
  let u: HandlerUitkomst;
  if (origineel) {
    u = weigerBericht(ctx, ['9056'], [{ pad: '/Bericht/Header/BerichtIdentificatie', regel: 'TR056', tekst: `BerichtIdentificatie ${kop.identificatie} is al ontvangen (bericht ${origineel})`, retourcode: '9056' }]);
  } else if (!gelezen.schemaGeldig) {
    u = weigerBericht(ctx, ['0001'], gelezen.schemaMeldingen);
  } else {
    const handler: Handler | undefined = handlers[soort!];
    u = handler ? await handler(ctx) : { status: 'verwerkt', retourcodes: [], details: { opgeslagen: true } };
  }
  if (u.antwoord && !opening.antwoordId) throw new Error(`bericht ${bericht.id}: een antwoord zonder bericht-id`);
  const antwoord = u.antwoord ? uitgaand(ctx, opening.antwoordId!, u.antwoord) : null;
  return afsluiten(u, { antwoord, duplicaatVan: origineel });
}

/** The answer as an outgoing message to the aanbieder, under the row id drawn when the message was opened. */
function uitgaand(ctx: VerwerkContext, id: string, a: Antwoord): UitgaandBericht {
  let inhoud: string;
  let type: string;
  if (a.soort === 'bericht') {
    inhoud = serialiseer(a.bericht);
    type = a.bericht.type;
  } else {
    const delen: string[] = [];
    schrijfDeclaratie(a.kop, a.clienten, (c) => delen.push(c));
    inhoud = delen.join('');
    type = a.kop.type;
  }
  return {
    id, inhoud, aanbiederId: ctx.aanbieder.id, correlationId: ctx.bericht.correlationId,
    kop: { berichttype: type, berichtcode: null, afzender: ctx.gemeente, ontvanger: ctx.aanbieder.agbCode, identificatie: ctx.antwoordIdentificatie, dagtekening: ctx.peildatum },
  };
}

export type { Aanbieder };
