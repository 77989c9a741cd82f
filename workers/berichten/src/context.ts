import type { Datum, Melding } from '@plafond/core';
import type { Aanbieder, BerichtInfo, NieuweDeclaratie, NieuwePrestatie, Transactie } from '@plafond/db';
import type { Bericht, BerichtType, DeclaratieAntwoordClient, DeclaratieAntwoordKop, Domein } from '@plafond/istandaard';
import type { GelezenBericht, GelezenKop } from './lees';
import type { StamdataCache } from './stamdata';

/** Everything a handler of one message kind gets: the transaction, the message and who it is from. */
export interface VerwerkContext {
  tx: Transactie;
  bericht: BerichtInfo;
  gelezen: GelezenBericht;
  /** Header fields of a schema-valid message. */
  kop: GelezenKop & { berichttype: BerichtType; afzender: string; ontvanger: string; identificatie: string; dagtekening: Datum };
  domein: Domein;
  /** The aanbieder the message is from (or, for a 301 copy, addressed to). */
  aanbieder: Aanbieder;
  /** CBS code of the gemeente on the other side. */
  gemeente: string;
  /** The processing date: dagtekening of the answers, today for the rules. */
  peildatum: Datum;
  /** The day the message counts as received: terms run from it (the late-declaratie term, OP090x4). */
  ontvangstdatum: Datum;
  /** BerichtIdentificatie for the answer, if the handler sends one. */
  antwoordIdentificatie: string;
  pseudoniemSleutel: string;
  lateTermijnMaanden: number;
  /** The master data the process holds (tariffs, gemeenten), refreshed when the database has newer. */
  stamdata: StamdataCache;
}

/** An answer to send: a whole message model, or a large declaratie-antwoord written client by client. */
export type Antwoord = { soort: 'bericht'; bericht: Bericht } | { soort: 'declaratie-antwoord'; kop: DeclaratieAntwoordKop; clienten: DeclaratieAntwoordClient[] };

/** What a handler decided; the processor records it with the message and sends the answer. */
export interface HandlerUitkomst {
  status: 'verwerkt' | 'afgewezen';
  /** Retourcodes that summarise the outcome (header and classes), sorted unique by the processor. */
  retourcodes: string[];
  meldingen?: Melding[];
  antwoord?: Antwoord;
  /** Counts and ids for verwerking.json and the audit trail (never personal data). */
  details?: Record<string, unknown>;
  /**
   * A declaratie to book with the message's outcome (one statement with the answer), and the earlier
   * debets its granted credits cancel.
   */
  boeking?: { declaratie: NieuweDeclaratie; prestaties: NieuwePrestatie[]; gecrediteerdeRefs: string[] };
}

export type Handler = (ctx: VerwerkContext) => Promise<HandlerUitkomst>;
