import { createHash, randomUUID } from 'node:crypto';
import type { Datum } from '@plafond/core';
import { sqlRijen, sqlStraks, type Db } from '../db';
import type { Aanbieder } from '../types';
import type { NieuweDeclaratie, NieuwePrestatie } from './declaraties';

export type BerichtStatus = 'ontvangen' | 'verwerkt' | 'afgewezen' | 'verzonden' | 'opgehaald';

/** A stored message, without its content. */
export interface BerichtInfo {
  id: string;
  richting: 'in' | 'uit';
  berichttype: string | null;
  afzender: string | null;
  ontvanger: string | null;
  identificatie: string | null;
  dagtekening: Datum | null;
  status: BerichtStatus;
  correlationId: string;
  bestandsnaam: string | null;
  aanbiederId: number | null;
  retourVan: string | null;
  duplicaatVan: string | null;
  uitkomst: Record<string, unknown> | null;
  ontvangenOp: Date;
  verwerktOp: Date | null;
}

export interface OntvangenBericht {
  inhoud: Buffer;
  /** The authenticated aanbieder (intake) — null for files handed to `plafond verwerk`. */
  aanbiederId?: number | null;
  afzender?: string | null;
  bestandsnaam?: string | null;
  correlationId?: string;
}

const KOLOMMEN = `id::text, richting, berichttype, afzender, ontvanger, identificatie, dagtekening, status,
  correlation_id::text AS correlation_id, bestandsnaam, aanbieder_id, retour_van::text AS retour_van,
  duplicaat_van::text AS duplicaat_van, uitkomst, ontvangen_op, verwerkt_op`;

interface RuwBericht {
  id: string;
  richting: 'in' | 'uit';
  berichttype: string | null;
  afzender: string | null;
  ontvanger: string | null;
  identificatie: string | null;
  dagtekening: Datum | null;
  status: BerichtStatus;
  correlation_id: string;
  bestandsnaam: string | null;
  aanbieder_id: number | null;
  retour_van: string | null;
  duplicaat_van: string | null;
  uitkomst: Record<string, unknown> | null;
  ontvangen_op: Date;
  verwerkt_op: Date | null;
}

function naarInfo(r: RuwBericht): BerichtInfo {
  return {
    id: r.id, richting: r.richting, berichttype: r.berichttype, afzender: r.afzender, ontvanger: r.ontvanger,
    identificatie: r.identificatie, dagtekening: r.dagtekening, status: r.status, correlationId: r.correlation_id,
    bestandsnaam: r.bestandsnaam, aanbiederId: r.aanbieder_id, retourVan: r.retour_van, duplicaatVan: r.duplicaat_van,
    uitkomst: r.uitkomst, ontvangenOp: r.ontvangen_op, verwerktOp: r.verwerkt_op,
  };
}

// Storing a received message, with its parameters at the given placeholders (see ontvangenParams).
const ONTVANGEN_INSERT = (plaatsen: string) =>
  `INSERT INTO bericht (richting, status, correlation_id, inhoud, sha256, aanbieder_id, afzender, bestandsnaam)
     VALUES ('in', 'ontvangen', ${plaatsen})`;

function ontvangenParams(b: OntvangenBericht): unknown[] {
  return [b.correlationId ?? randomUUID(), b.inhoud, createHash('sha256').update(b.inhoud).digest('hex'), b.aanbiederId ?? null, b.afzender ?? null, b.bestandsnaam ?? null];
}

/**
 * Stores an incoming message as received, before anything is parsed: the raw bytes are the record.
 * The processor fills in the header fields.
 */
export async function slaOntvangenBerichtOp(db: Db, b: OntvangenBericht): Promise<BerichtInfo> {
  const [r] = await sqlRijen<RuwBericht>(db, `${ONTVANGEN_INSERT('$1, $2, $3, $4, $5, $6')} RETURNING ${KOLOMMEN}`, ontvangenParams(b));
  return naarInfo(r);
}

export async function berichtInfo(db: Db, id: string): Promise<BerichtInfo | null> {
  const [r] = await sqlRijen<RuwBericht>(db, `SELECT ${KOLOMMEN} FROM bericht WHERE id = $1`, [id]);
  return r ? naarInfo(r) : null;
}

/**
 * What a processor reads of a stored message before it starts: its status, its outcome when processed
 * already, and its content (null when there is no such message). Read in binary: a message's bytes as
 * they are, not as hex text twice their size.
 */
export async function teVerwerken(db: Db, id: string): Promise<{ status: BerichtStatus; uitkomst: Record<string, unknown> | null; inhoud: Buffer } | null> {
  const [r] = await sqlRijen<{ status: string; uitkomst: string | null; inhoud: Buffer }>(
    db, 'SELECT status::text AS status, uitkomst::text AS uitkomst, inhoud FROM bericht WHERE id = $1', [id], { binair: true });
  return r ? { status: r.status as BerichtStatus, uitkomst: r.uitkomst === null ? null : (JSON.parse(r.uitkomst) as Record<string, unknown>), inhoud: r.inhoud } : null;
}

/** What the processor asks when it starts on a message, inside the message's transaction. */
export interface OpeningsVraag {
  /** AGB code of the aanbieder the message is from (or, for a 301 copy, to); null when the header has none. */
  agbCode: string | null;
  /** The TR056 key from the header; null when the header is not readable. */
  kop: Pick<BerichtKop, 'afzender' | 'berichttype' | 'identificatie'> | null;
  /** Draw a BerichtIdentificatie and a row id for an answer. */
  antwoordIdentificatie: boolean;
  /** Draw a row id for the declaratie the message may book (a 323). */
  declaratie?: boolean;
}

/** What a worker asks when it opens a stored message: also the aanbieder's waiting message that comes before it. */
export interface WerkerOpeningsVraag extends OpeningsVraag {
  /** Look for the first waiting message of the same aanbieder that comes before this one (Dagtekening, Identificatie). */
  volgorde?: boolean;
}

export interface BerichtOpening {
  bericht: BerichtInfo;
  aanbieder: Aanbieder | null;
  /** TR056: the earlier message with the same afzender, berichtsoort and identificatie (not itself a duplicate). */
  origineel: string | null;
  antwoordIdentificatie: string | null;
  /** Row id the answer gets (drawn with its identificatie). */
  antwoordId: string | null;
  /** Row id a booked declaratie gets. */
  declaratieId: string | null;
  /**
   * The first waiting incoming message of the same aanbieder ordered before this one by Dagtekening and
   * Identificatie (only when asked, `volgorde`): it must be decided first.
   */
  eerder?: string | null;
}

// What opening a message reads beside its row: the aanbieder, the TR056 original and the ids drawn.
const OPENING_KOLOMMEN = `
       (SELECT json_build_array(a.id, a.agb_code, a.naam) FROM aanbieder a WHERE a.agb_code = $2) AS aanbieder,
       (SELECT o.id::text FROM bericht o WHERE o.richting = 'in' AND o.afzender = $3 AND o.berichttype = $4 AND o.identificatie = $5
           AND o.duplicaat_van IS NULL AND o.id <> b.id ORDER BY o.id LIMIT 1) AS origineel,
       CASE WHEN $6 THEN nextval('bericht_uit_seq')::text END AS volgnummer,
       CASE WHEN $6 THEN nextval(pg_get_serial_sequence('bericht', 'id'))::text END AS antwoord_id,
       CASE WHEN $7 THEN nextval(pg_get_serial_sequence('declaratie', 'id'))::text END AS declaratie_id`;

type RuweOpening = RuwBericht & {
  aanbieder: [number, string, string] | null; origineel: string | null; volgnummer: string | null; antwoord_id: string | null; declaratie_id: string | null;
  eerder?: string | null;
};

// The aanbieder's first waiting message ordered before this one (migration 0009: volg_agb, volg_orde).
const EERDER_KOLOM = `
       (SELECT w.id::text FROM bericht w
         WHERE w.status = 'ontvangen' AND w.richting = 'in' AND w.volg_agb = b.volg_agb AND w.id <> b.id
           AND (w.volg_orde, w.id) < (b.volg_orde, b.id)
         ORDER BY w.volg_orde, w.id LIMIT 1) AS eerder`;

function naarOpening(r: RuweOpening): BerichtOpening {
  return {
    bericht: naarInfo(r),
    aanbieder: r.aanbieder && { id: r.aanbieder[0], agbCode: r.aanbieder[1], naam: r.aanbieder[2] },
    origineel: r.origineel,
    antwoordIdentificatie: r.volgnummer === null ? null : identificatieVan(r.volgnummer),
    antwoordId: r.antwoord_id,
    declaratieId: r.declaratie_id,
    ...(r.eerder !== undefined && { eerder: r.eerder }),
  };
}

function openingsParams(v: OpeningsVraag): unknown[] {
  return [v.agbCode, v.kop?.afzender ?? null, v.kop?.berichttype ?? null, v.kop?.identificatie ?? null, v.antwoordIdentificatie, v.declaratie === true];
}

/**
 * Opens an incoming message for processing in one statement: locks its row (FOR UPDATE, so two workers
 * never process it at once), finds the aanbieder, the TR056 original and draws the ids of what processing
 * may write (the answer's identificatie and row, the declaratie's row), so the message is closed in one
 * statement (`rondBerichtAf`).
 */
export async function openBericht(db: Db, id: string, v: WerkerOpeningsVraag): Promise<BerichtOpening | null> {
  const [r] = await sqlRijen<RuweOpening>(
    db, `SELECT ${KOLOMMEN}, ${OPENING_KOLOMMEN}${v.volgorde ? `, ${EERDER_KOLOM}` : ''} FROM bericht b WHERE b.id = $1 FOR UPDATE`, [id, ...openingsParams(v)]);
  return r ? naarOpening(r) : null;
}

/**
 * Stores a message and opens it in one statement, inside the transaction that processes it: for files
 * handed to `plafond verwerk`, whose record is the file itself (a message from outside is stored on its
 * own first, `slaOntvangenBerichtOp`, so it is kept even when processing fails).
 */
export async function ontvangEnOpen(db: Db, b: OntvangenBericht, v: OpeningsVraag): Promise<BerichtOpening> {
  // The correlation id at $1 and the rest after the opening's parameters, which are read from $2 on.
  const [correlatie, ...rest] = ontvangenParams(b);
  const [r] = await sqlRijen<RuweOpening>(
    db,
    `WITH b AS (${ONTVANGEN_INSERT('$1, $8, $9, $10, $11, $12')} RETURNING *)
     SELECT ${KOLOMMEN}, ${OPENING_KOLOMMEN} FROM b`,
    [correlatie, ...openingsParams(v), ...rest],
  );
  return naarOpening(r);
}

/** The header fields the processor read from the message. */
export interface BerichtKop {
  berichttype: string;
  berichtcode: number | null;
  afzender: string;
  ontvanger: string;
  identificatie: string;
  dagtekening: Datum | null;
}

/** An outgoing message for the aanbieder's mailbox, under the row id drawn by `openBericht`. */
export interface UitgaandBericht {
  id: string;
  kop: BerichtKop;
  inhoud: string;
  aanbiederId: number;
  correlationId: string;
}

/** A declaratie booked by the message, under the row id drawn by `openBericht`, with all its prestaties. */
export interface DeclaratieBoeking {
  id: string;
  declaratie: NieuweDeclaratie;
  prestaties: NieuwePrestatie[];
}

/** How an incoming message ends: its outcome and what it books and sends. */
export interface Afronding {
  /** The header as read; null records none (an unreadable or untrusted header; the intake's Afzender stays). */
  kop: BerichtKop | null;
  status: 'verwerkt' | 'afgewezen';
  uitkomst: Record<string, unknown>;
  duplicaatVan?: string | null;
  aanbiederId?: number | null;
  antwoord?: UitgaandBericht | null;
  declaratie?: DeclaratieBoeking | null;
}

// One statement closes a message: the answer into the aanbieder's mailbox, the declaratie with its
// prestaties and their ReferentieNummer claims (TR314; a prestatie rejected with 8021 is the duplicate and
// claims nothing), and the incoming message's header fields, status and outcome. Parts that are absent
// are NULL parameters and write nothing. The checks of the constraints and of the prestatie references
// run at the end of the statement, so the rows may refer to each other.
const AFRONDING_SQL = `
WITH antwoord AS (
  INSERT INTO bericht (id, richting, berichttype, berichtcode, afzender, ontvanger, identificatie, dagtekening, status,
    correlation_id, inhoud, sha256, aanbieder_id, retour_van)
  SELECT $12, 'uit', $13, $14, $15, $16, $17, $18, 'verzonden', $19, $20, $21, $22, $1
   WHERE $12::bigint IS NOT NULL
  RETURNING id, aanbieder_id),
post AS (INSERT INTO mailbox (bericht_id, aanbieder_id) SELECT id, aanbieder_id FROM antwoord),
decl AS (
  INSERT INTO declaratie (id, bericht_id, aanbieder_id, gemeente_code, domein, declaratie_nummer, periode_begin, periode_eind, dagtekening,
    totaal_ingediend_cents, ingediend_debet_credit, totaal_toegekend_cents, toegekend_debet_credit, status, antwoord_bericht_id, beantwoord_op)
  SELECT $23, $1, $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35::declaratie_status, (SELECT id FROM antwoord),
         CASE WHEN $35::text = 'beantwoord' THEN now() END
   WHERE $23::bigint IS NOT NULL
  RETURNING id, aanbieder_id, domein, gemeente_code),
pres AS (
  INSERT INTO prestatie (declaratie_id, aanbieder_id, domein, gemeente_code, client_id, toewijzing_id, toewijzing_nummer, referentie_nummer,
    vorig_referentie_nummer, productcategorie, productcode, periode_begin, periode_eind, volume, eenheid, tarief_cents, ingediend_cents,
    debet_credit, toegekend_cents, beslissing, retourcodes, beslist_op)
  SELECT d.id, d.aanbieder_id, d.domein, d.gemeente_code, (r->>0)::bigint, (r->>1)::bigint, r->>2, r->>3, r->>4, r->>5, r->>6,
         (r->>7)::date, (r->>8)::date, (r->>9)::bigint, r->>10, (r->>11)::bigint, (r->>12)::bigint, r->>13, (r->>14)::bigint,
         (r->>15)::beslissing, string_to_array(r->>16, ','), CASE WHEN r->>15 <> 'aangehouden' THEN now() END
    FROM decl d CROSS JOIN jsonb_array_elements($36::jsonb) AS r
  RETURNING id, aanbieder_id, domein, referentie_nummer, periode_begin, retourcodes),
claim AS (
  INSERT INTO prestatie_referentie (aanbieder_id, domein, referentie_nummer, prestatie_id, periode_begin)
  SELECT aanbieder_id, domein, referentie_nummer, id, periode_begin FROM pres WHERE NOT ('8021' = ANY (retourcodes)))
UPDATE bericht SET berichttype = $2, berichtcode = $3, afzender = coalesce($4, afzender), ontvanger = $5,
       identificatie = $6, dagtekening = $7, status = $8, uitkomst = $9::jsonb, duplicaat_van = $10,
       aanbieder_id = coalesce(aanbieder_id, $11), verwerkt_op = now()
 WHERE id = $1`;

/**
 * The prestaties as the JSON rows of AFRONDING_SQL: one array per prestatie, its columns by position
 * (PostgreSQL reads positions in a jsonb array far cheaper than keys in a JSON object), amounts as
 * strings (JSON numbers are doubles).
 */
function prestatieJson(prestaties: NieuwePrestatie[]): string {
  return JSON.stringify(prestaties.map((p) => [
    p.clientId, p.toewijzingId, p.toewijzingNummer, p.referentieNummer, p.vorigReferentieNummer, p.productcategorie, p.productcode,
    p.periodeBegin, p.periodeEind, String(p.volume), p.eenheid, p.tarief?.toString() ?? null, p.ingediend.toString(), p.debetCredit,
    p.toegekend?.toString() ?? null, p.beslissing, p.retourcodes.join(','),
  ]));
}

/**
 * Closes an incoming message in one statement: records its header fields, status and outcome, puts the
 * answer in the aanbieder's mailbox and books the declaratie with its prestaties. Run in the message's
 * transaction, after `openBericht` drew the ids; the statement travels with the commit.
 */
export async function rondBerichtAf(db: Db, id: string, a: Afronding): Promise<void> {
  const k = a.kop;
  const uit = a.antwoord;
  const inhoud = uit ? Buffer.from(uit.inhoud, 'utf8') : null;
  const dk = a.declaratie?.declaratie;
  await sqlStraks(db, AFRONDING_SQL, [
    id, k?.berichttype ?? null, k?.berichtcode ?? null, k?.afzender ?? null, k?.ontvanger ?? null, k?.identificatie ?? null,
    k?.dagtekening ?? null, a.status, JSON.stringify(a.uitkomst), a.duplicaatVan ?? null, a.aanbiederId ?? null,
    uit?.id ?? null, uit?.kop.berichttype ?? null, uit?.kop.berichtcode ?? null, uit?.kop.afzender ?? null, uit?.kop.ontvanger ?? null,
    uit?.kop.identificatie ?? null, uit?.kop.dagtekening ?? null, uit?.correlationId ?? null, inhoud,
    inhoud && createHash('sha256').update(inhoud).digest('hex'), uit?.aanbiederId ?? null,
    a.declaratie?.id ?? null, dk?.aanbiederId ?? null, dk?.gemeente ?? null, dk?.domein ?? null, dk?.declaratieNummer ?? null,
    dk?.periodeBegin ?? null, dk?.periodeEind ?? null, dk?.dagtekening ?? null, dk?.totaalIngediend.toString() ?? null,
    dk?.ingediendDebetCredit ?? null, dk?.totaalToegekend?.toString() ?? null, dk?.toegekendDebetCredit ?? null, dk?.status ?? null,
    a.declaratie ? prestatieJson(a.declaratie.prestaties) : null,
  ]);
}

export interface MailboxItem {
  id: string;
  berichttype: string;
  identificatie: string;
  dagtekening: Datum | null;
  retourVan: string | null;
  beschikbaarOp: Date;
}

/** Waiting outgoing messages of one aanbieder, oldest first. */
export async function mailbox(db: Db, aanbiederId: number, opts: { sinds?: Date; limit?: number } = {}): Promise<MailboxItem[]> {
  const rijen = await sqlRijen<{ id: string; berichttype: string; identificatie: string; dagtekening: Datum | null; retour_van: string | null; beschikbaar_op: Date }>(
    db,
    `SELECT b.id::text, b.berichttype, b.identificatie, b.dagtekening, b.retour_van::text AS retour_van, m.beschikbaar_op
       FROM mailbox m JOIN bericht b ON b.id = m.bericht_id
      WHERE m.aanbieder_id = $1 AND m.opgehaald_op IS NULL AND ($2::timestamptz IS NULL OR m.beschikbaar_op > $2)
      ORDER BY m.beschikbaar_op, b.id LIMIT $3`,
    [aanbiederId, opts.sinds ?? null, Math.min(opts.limit ?? 100, 1000)],
  );
  return rijen.map((r) => ({ id: r.id, berichttype: r.berichttype, identificatie: r.identificatie, dagtekening: r.dagtekening, retourVan: r.retour_van, beschikbaarOp: r.beschikbaar_op }));
}

/** The content of an outgoing message, only for the aanbieder it is addressed to. */
export async function mailboxBericht(db: Db, aanbiederId: number, berichtId: string): Promise<Buffer | null> {
  const [r] = await sqlRijen<{ inhoud: Buffer }>(
    db,
    `SELECT b.inhoud FROM mailbox m JOIN bericht b ON b.id = m.bericht_id WHERE m.aanbieder_id = $1 AND m.bericht_id = $2`,
    [aanbiederId, berichtId],
  );
  return r?.inhoud ?? null;
}

/** Acknowledges an outgoing message (idempotent); false when it is not this aanbieder's. */
export async function bevestigMailbox(db: Db, aanbiederId: number, berichtId: string): Promise<boolean> {
  const rijen = await sqlRijen<{ bericht_id: string }>(
    db,
    `UPDATE mailbox SET opgehaald_op = coalesce(opgehaald_op, now()) WHERE aanbieder_id = $1 AND bericht_id = $2 RETURNING bericht_id`,
    [aanbiederId, berichtId],
  );
  if (rijen.length) await sqlRijen(db, `UPDATE bericht SET status = 'opgehaald' WHERE id = $1 AND status = 'verzonden'`, [berichtId]);
  return rijen.length > 0;
}

/** Incoming messages not yet processed, oldest first (for recovery after a crash). */
export async function openBerichten(db: Db, limit = 1000): Promise<string[]> {
  const rijen = await sqlRijen<{ id: string }>(db, `SELECT id::text FROM bericht WHERE status = 'ontvangen' AND richting = 'in' ORDER BY id LIMIT $1`, [limit]);
  return rijen.map((r) => r.id);
}

/** A fresh BerichtIdentificatie for an outgoing message from a number of bericht_uit_seq: 'PL' + 10 digits, unique across the system. */
function identificatieVan(n: string): string {
  return `PL${n.padStart(10, '0')}`;
}
