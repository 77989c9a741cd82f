import { createHash, randomUUID } from 'node:crypto';
import type { Datum } from '@plafond/core';
import { sqlRijen, type Db } from '../db';
import type { Aanbieder } from '../types';

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

/**
 * Stores an incoming message as received, before anything is parsed: the raw bytes are the record.
 * The processor fills in the header fields.
 */
export async function slaOntvangenBerichtOp(db: Db, b: OntvangenBericht): Promise<BerichtInfo> {
  const [r] = await sqlRijen<RuwBericht>(
    db,
    `INSERT INTO bericht (richting, status, correlation_id, inhoud, sha256, aanbieder_id, afzender, bestandsnaam)
     VALUES ('in', 'ontvangen', $1, $2, $3, $4, $5, $6) RETURNING ${KOLOMMEN}`,
    [b.correlationId ?? randomUUID(), b.inhoud, createHash('sha256').update(b.inhoud).digest('hex'), b.aanbiederId ?? null, b.afzender ?? null, b.bestandsnaam ?? null],
  );
  return naarInfo(r);
}

export async function berichtInfo(db: Db, id: string): Promise<BerichtInfo | null> {
  const [r] = await sqlRijen<RuwBericht>(db, `SELECT ${KOLOMMEN} FROM bericht WHERE id = $1`, [id]);
  return r ? naarInfo(r) : null;
}

/** A stored message with its content (null when there is no such message). */
export async function berichtMetInhoud(db: Db, id: string): Promise<(BerichtInfo & { inhoud: Buffer }) | null> {
  const [r] = await sqlRijen<RuwBericht & { inhoud: Buffer }>(db, `SELECT ${KOLOMMEN}, inhoud FROM bericht WHERE id = $1`, [id]);
  return r ? { ...naarInfo(r), inhoud: r.inhoud } : null;
}

/** What the processor asks when it starts on a message, inside the message's transaction. */
export interface OpeningsVraag {
  /** AGB code of the aanbieder the message is from (or, for a 301 copy, to); null when the header has none. */
  agbCode: string | null;
  /** The TR056 key from the header; null when the header is not readable. */
  kop: Pick<BerichtKop, 'afzender' | 'berichttype' | 'identificatie'> | null;
  /** Draw a BerichtIdentificatie for an answer. */
  antwoordIdentificatie: boolean;
}

export interface BerichtOpening {
  bericht: BerichtInfo;
  aanbieder: Aanbieder | null;
  /** TR056: the earlier message with the same afzender, berichtsoort and identificatie (not itself a duplicate). */
  origineel: string | null;
  antwoordIdentificatie: string | null;
}

/**
 * Opens an incoming message for processing in one statement: locks its row (FOR UPDATE, so two workers
 * never process it at once), finds the aanbieder, the TR056 original and draws the answer's identificatie.
 */
export async function openBericht(db: Db, id: string, v: OpeningsVraag): Promise<BerichtOpening | null> {
  const [r] = await sqlRijen<RuwBericht & { aanbieder: [number, string, string] | null; origineel: string | null; volgnummer: string | null }>(
    db,
    `SELECT ${KOLOMMEN},
       (SELECT json_build_array(a.id, a.agb_code, a.naam) FROM aanbieder a WHERE a.agb_code = $2) AS aanbieder,
       (SELECT o.id::text FROM bericht o WHERE o.richting = 'in' AND o.afzender = $3 AND o.berichttype = $4 AND o.identificatie = $5
           AND o.duplicaat_van IS NULL AND o.id <> $1 ORDER BY o.id LIMIT 1) AS origineel,
       CASE WHEN $6 THEN nextval('bericht_uit_seq')::text END AS volgnummer
       FROM bericht WHERE id = $1 FOR UPDATE`,
    [id, v.agbCode, v.kop?.afzender ?? null, v.kop?.berichttype ?? null, v.kop?.identificatie ?? null, v.antwoordIdentificatie],
  );
  if (!r) return null;
  return {
    bericht: naarInfo(r),
    aanbieder: r.aanbieder && { id: r.aanbieder[0], agbCode: r.aanbieder[1], naam: r.aanbieder[2] },
    origineel: r.origineel,
    antwoordIdentificatie: r.volgnummer === null ? null : identificatieVan(r.volgnummer),
  };
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

/** Records the outcome of processing an incoming message: header fields, status, outcome. */
export async function rondBerichtAf(
  db: Db,
  id: string,
  a: { kop: BerichtKop | null; status: 'verwerkt' | 'afgewezen'; uitkomst: Record<string, unknown>; duplicaatVan?: string | null; aanbiederId?: number | null },
): Promise<void> {
  await sqlRijen(
    db,
    `UPDATE bericht SET berichttype = $2, berichtcode = $3, afzender = coalesce($4, afzender), ontvanger = $5,
       identificatie = $6, dagtekening = $7, status = $8, uitkomst = $9::jsonb, duplicaat_van = $10,
       aanbieder_id = coalesce(aanbieder_id, $11), verwerkt_op = now()
     WHERE id = $1`,
    [id, a.kop?.berichttype ?? null, a.kop?.berichtcode ?? null, a.kop?.afzender ?? null, a.kop?.ontvanger ?? null, a.kop?.identificatie ?? null,
      a.kop?.dagtekening ?? null, a.status, JSON.stringify(a.uitkomst), a.duplicaatVan ?? null, a.aanbiederId ?? null],
  );
}

export interface UitgaandBericht {
  kop: BerichtKop;
  inhoud: string;
  aanbiederId: number;
  retourVan: string | null;
  correlationId: string;
}

/** Stores an outgoing message and puts it in the aanbieder's mailbox. */
export async function plaatsInMailbox(db: Db, b: UitgaandBericht): Promise<string> {
  const inhoud = Buffer.from(b.inhoud, 'utf8');
  const [r] = await sqlRijen<{ id: string }>(
    db,
    `WITH b AS (
       INSERT INTO bericht (richting, berichttype, berichtcode, afzender, ontvanger, identificatie, dagtekening, status,
         correlation_id, inhoud, sha256, aanbieder_id, retour_van)
       VALUES ('uit', $1, $2, $3, $4, $5, $6, 'verzonden', $7, $8, $9, $10, $11) RETURNING id)
     INSERT INTO mailbox (bericht_id, aanbieder_id) SELECT id, $10 FROM b RETURNING bericht_id::text AS id`,
    [b.kop.berichttype, b.kop.berichtcode, b.kop.afzender, b.kop.ontvanger, b.kop.identificatie, b.kop.dagtekening,
      b.correlationId, inhoud, createHash('sha256').update(inhoud).digest('hex'), b.aanbiederId, b.retourVan],
  );
  return r.id;
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
