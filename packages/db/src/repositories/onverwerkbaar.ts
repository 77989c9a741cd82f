import type { DataSource } from 'typeorm';
import { inTransactie, sqlRijen, type Db } from '../db';
import { schrijfAudit } from './audit';

/** A received message that could not be processed: the werkvoorraad shows it with its reason. */
export interface OnverwerkbaarBericht {
  id: string;
  berichttype: string | null;
  /** Afzender as received (the logged-in party) or as read from the header. */
  afzender: string | null;
  aanbiederId: number | null;
  bestandsnaam: string | null;
  correlationId: string;
  ontvangenOp: Date;
  /** Why it stopped (the last error, never message content). */
  reden: string;
  onverwerkbaarOp: Date;
}

/** Longest stored reason: an error text, never a dump. */
const MAX_REDEN = 1000;

/**
 * Gives a received, still unprocessed message the status `onverwerkbaar` with its reason (dead letter),
 * recorded in the audit trail. False when the message is not (or no longer) waiting: a message that was
 * processed in the meantime keeps its outcome.
 */
export async function markeerOnverwerkbaar(ds: DataSource, id: string, reden: string, actor = 'systeem'): Promise<boolean> {
  return inTransactie(ds, async (db) => {
    const rijen = await sqlRijen<{ id: string }>(
      db,
      `UPDATE bericht SET status = 'onverwerkbaar', onverwerkbaar_reden = $2, onverwerkbaar_op = now()
        WHERE id = $1 AND richting = 'in' AND status = 'ontvangen' RETURNING id::text`,
      [id, reden.slice(0, MAX_REDEN)],
    );
    if (rijen.length === 0) return false;
    await schrijfAudit(db, { actor, action: 'bericht.onverwerkbaar', entity: 'bericht', entityId: id, voor: { status: 'ontvangen' }, na: { status: 'onverwerkbaar', reden: reden.slice(0, MAX_REDEN) } });
    return true;
  });
}

/** The messages that could not be processed, most recent first: the "berichten die niet verwerkt konden worden" of the werkvoorraad. */
export async function onverwerkbareBerichten(db: Db, opts: { limit?: number; aanbiederId?: number } = {}): Promise<OnverwerkbaarBericht[]> {
  const rijen = await sqlRijen<{
    id: string; berichttype: string | null; afzender: string | null; aanbieder_id: number | null; bestandsnaam: string | null;
    correlation_id: string; ontvangen_op: Date; onverwerkbaar_reden: string | null; onverwerkbaar_op: Date;
  }>(
    db,
    `SELECT id::text, berichttype, afzender, aanbieder_id, bestandsnaam, correlation_id, ontvangen_op, onverwerkbaar_reden, onverwerkbaar_op
       FROM bericht WHERE onverwerkbaar_op IS NOT NULL AND status = 'onverwerkbaar' AND ($2::int IS NULL OR aanbieder_id = $2)
      ORDER BY onverwerkbaar_op DESC, id DESC LIMIT $1`,
    [Math.min(opts.limit ?? 100, 1000), opts.aanbiederId ?? null],
  );
  return rijen.map((r) => ({
    id: r.id, berichttype: r.berichttype, afzender: r.afzender, aanbiederId: r.aanbieder_id, bestandsnaam: r.bestandsnaam,
    correlationId: r.correlation_id, ontvangenOp: r.ontvangen_op, reden: r.onverwerkbaar_reden ?? '', onverwerkbaarOp: r.onverwerkbaar_op,
  }));
}

/**
 * Puts a message that could not be processed back in line (after the cause was fixed): status
 * `ontvangen` again, so the sweeper hands it to the processor. The reason stays in the audit trail.
 */
export async function herstelOnverwerkbaar(ds: DataSource, id: string, actor: string): Promise<boolean> {
  return inTransactie(ds, async (db) => {
    const rijen = await sqlRijen<{ reden: string | null }>(
      db,
      `UPDATE bericht b SET status = 'ontvangen', onverwerkbaar_op = NULL, onverwerkbaar_reden = NULL
         FROM (SELECT id, onverwerkbaar_reden FROM bericht WHERE id = $1 FOR UPDATE) oud
        WHERE b.id = oud.id AND b.status = 'onverwerkbaar' RETURNING oud.onverwerkbaar_reden AS reden`,
      [id],
    );
    if (rijen.length === 0) return false;
    await schrijfAudit(db, { actor, action: 'bericht.opnieuw', entity: 'bericht', entityId: id, voor: { status: 'onverwerkbaar', reden: rijen[0].reden }, na: { status: 'ontvangen' } });
    return true;
  });
}

/**
 * Received messages still waiting for processing since longer than `ouderDanMs`, oldest first: what the
 * sweeper hands on again (Redis lost the job, the process that would have processed it died).
 */
export async function wachtendeBerichten(
  db: Db, opts: { ouderDanMs: number; limit?: number },
): Promise<{ id: string; correlationId: string; hersteldOp: Date | null }[]> {
  const rijen = await sqlRijen<{ id: string; correlation_id: string; hersteld_op: Date | null }>(
    db,
    `SELECT b.id::text, b.correlation_id,
            (SELECT max(a.at) FROM audit_log a WHERE a.entity = 'bericht' AND a.entity_id = b.id::text AND a.action = 'bericht.opnieuw') AS hersteld_op
       FROM bericht b
      WHERE b.status = 'ontvangen' AND b.richting = 'in' AND b.ontvangen_op < now() - make_interval(secs => $1::double precision / 1000)
      ORDER BY b.id LIMIT $2`,
    [opts.ouderDanMs, Math.min(opts.limit ?? 1000, 10_000)],
  );
  // hersteldOp: when the back office last put it back after a dead letter (herstelOnverwerkbaar).
  return rijen.map((r) => ({ id: r.id, correlationId: r.correlation_id, hersteldOp: r.hersteld_op }));
}
