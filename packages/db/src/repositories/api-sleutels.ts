import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { inTransactie, sqlRijen, type Db } from '../db';
import { schrijfAudit } from './audit';

/**
 * An aanbieder's API key as shown to people: never the secret, which exists only in the answer that
 * issued it.
 */
export interface ApiSleutel {
  sleutelId: string;
  agbCode: string;
  omschrijving: string | null;
  aangemaaktOp: Date;
  aangemaaktDoor: string;
  geldigTot: Date | null;
  ingetrokkenOp: Date | null;
  laatstGebruiktOp: Date | null;
}

/** A newly issued key: `sleutel` is the whole key to hand to the aanbieder, shown this once. */
export interface NieuweApiSleutel {
  sleutelId: string;
  agbCode: string;
  sleutel: string;
}

/** `plk_<id>_<secret>`: the id finds the row, the 256-bit secret is only stored as its SHA-256. */
const SLEUTEL = /^plk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;
const ALFABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function nieuwId(): string {
  return [...randomBytes(12)].map((b) => ALFABET[b % ALFABET.length]).join('');
}

// A secret of 256 random bits needs no slow hash: nobody can guess it, so a fast one cannot be brute-forced.
const hashVan = (geheim: string) => createHash('sha256').update(geheim).digest('hex');

/** True when a text has the shape of an API key (so the intake can tell it from a password). */
export function isApiSleutel(tekst: string): boolean {
  return SLEUTEL.test(tekst);
}

interface RuweSleutel {
  sleutel_id: string; agb_code: string; omschrijving: string | null; aangemaakt_op: Date; aangemaakt_door: string;
  geldig_tot: Date | null; ingetrokken_op: Date | null; laatst_gebruikt_op: Date | null;
}
const KOLOMMEN = 'sleutel_id, agb_code, omschrijving, aangemaakt_op, aangemaakt_door, geldig_tot, ingetrokken_op, laatst_gebruikt_op';
const naarSleutel = (r: RuweSleutel): ApiSleutel => ({
  sleutelId: r.sleutel_id, agbCode: r.agb_code, omschrijving: r.omschrijving, aangemaaktOp: r.aangemaakt_op, aangemaaktDoor: r.aangemaakt_door,
  geldigTot: r.geldig_tot, ingetrokkenOp: r.ingetrokken_op, laatstGebruiktOp: r.laatst_gebruikt_op,
});
const zichtbaar = (s: ApiSleutel) => ({ sleutelId: s.sleutelId, agbCode: s.agbCode, geldigTot: s.geldigTot?.toISOString() ?? null, ingetrokkenOp: s.ingetrokkenOp?.toISOString() ?? null });

/** Issues a new API key for an aanbieder (recorded in the audit trail without its secret). */
export async function maakApiSleutel(db: Db, opts: { agbCode: string; omschrijving?: string | null; actor: string }): Promise<NieuweApiSleutel> {
  const sleutelId = nieuwId();
  const geheim = randomBytes(32).toString('base64url');
  const [r] = await sqlRijen<RuweSleutel>(
    db,
    `INSERT INTO api_sleutel (sleutel_id, agb_code, geheim_hash, omschrijving, aangemaakt_door) VALUES ($1, $2, $3, $4, $5) RETURNING ${KOLOMMEN}`,
    [sleutelId, opts.agbCode, hashVan(geheim), opts.omschrijving ?? null, opts.actor],
  );
  await schrijfAudit(db, { actor: opts.actor, action: 'apisleutel.uitgegeven', entity: 'api_sleutel', entityId: sleutelId, voor: null, na: zichtbaar(naarSleutel(r)) });
  return { sleutelId, agbCode: r.agb_code, sleutel: `plk_${sleutelId}_${geheim}` };
}

/**
 * The aanbieder of a valid key (not revoked, not past its `geldig_tot`), or null. Marks the key as used at
 * most once a minute, so checking a key is one statement that rarely writes.
 */
export async function controleerApiSleutel(db: Db, sleutel: string): Promise<{ agbCode: string; sleutelId: string } | null> {
  const m = SLEUTEL.exec(sleutel);
  if (!m) return null;
  const [r] = await sqlRijen<{ agb_code: string; sleutel_id: string }>(
    db,
    `WITH k AS (SELECT id, agb_code, sleutel_id, laatst_gebruikt_op FROM api_sleutel
                 WHERE sleutel_id = $1 AND geheim_hash = $2 AND ingetrokken_op IS NULL AND (geldig_tot IS NULL OR geldig_tot > now())),
          gebruikt AS (UPDATE api_sleutel s SET laatst_gebruikt_op = now() FROM k
                        WHERE s.id = k.id AND (k.laatst_gebruikt_op IS NULL OR k.laatst_gebruikt_op < now() - interval '1 minute'))
     SELECT agb_code, sleutel_id FROM k`,
    [m[1], hashVan(m[2])],
  );
  return r ? { agbCode: r.agb_code, sleutelId: r.sleutel_id } : null;
}

/** The keys of one aanbieder (or all), newest first, without secrets. */
export async function apiSleutels(db: Db, agbCode?: string): Promise<ApiSleutel[]> {
  const rijen = await sqlRijen<RuweSleutel>(
    db, `SELECT ${KOLOMMEN} FROM api_sleutel WHERE ($1::text IS NULL OR agb_code = $1) ORDER BY aangemaakt_op DESC, id DESC`, [agbCode ?? null]);
  return rijen.map(naarSleutel);
}

/** Revokes a key at once; false when there is no such key or it was revoked already. */
export async function trekApiSleutelIn(db: DataSource, sleutelId: string, actor: string): Promise<boolean> {
  return inTransactie(db, async (tx) => {
    const [oud] = await sqlRijen<RuweSleutel>(tx, `SELECT ${KOLOMMEN} FROM api_sleutel WHERE sleutel_id = $1 AND ingetrokken_op IS NULL FOR UPDATE`, [sleutelId]);
    if (!oud) return false;
    const [nieuw] = await sqlRijen<RuweSleutel>(tx, `UPDATE api_sleutel SET ingetrokken_op = now() WHERE sleutel_id = $1 RETURNING ${KOLOMMEN}`, [sleutelId]);
    await schrijfAudit(tx, { actor, action: 'apisleutel.ingetrokken', entity: 'api_sleutel', entityId: sleutelId, voor: zichtbaar(naarSleutel(oud)), na: zichtbaar(naarSleutel(nieuw)) });
    return true;
  });
}

/**
 * Rotates a key: a new one for the same aanbieder, the old one valid for `overlapUren` more hours (0: revoked
 * at once), so the aanbieder can switch over without a gap. Null when the old key is not active.
 */
export async function roteerApiSleutel(db: DataSource, sleutelId: string, opts: { actor: string; overlapUren?: number }): Promise<NieuweApiSleutel | null> {
  return inTransactie(db, async (tx) => {
    const [oud] = await sqlRijen<RuweSleutel>(
      tx, `SELECT ${KOLOMMEN} FROM api_sleutel WHERE sleutel_id = $1 AND ingetrokken_op IS NULL AND (geldig_tot IS NULL OR geldig_tot > now()) FOR UPDATE`, [sleutelId]);
    if (!oud) return null;
    const overlap = Math.max(0, opts.overlapUren ?? 0);
    const [na] = await sqlRijen<RuweSleutel>(
      tx,
      `UPDATE api_sleutel SET geldig_tot = CASE WHEN $2::double precision > 0 THEN now() + make_interval(secs => $2 * 3600) END,
              ingetrokken_op = CASE WHEN $2::double precision > 0 THEN NULL ELSE now() END
        WHERE sleutel_id = $1 RETURNING ${KOLOMMEN}`,
      [sleutelId, overlap],
    );
    await schrijfAudit(tx, { actor: opts.actor, action: 'apisleutel.geroteerd', entity: 'api_sleutel', entityId: sleutelId, voor: zichtbaar(naarSleutel(oud)), na: zichtbaar(naarSleutel(na)) });
    return maakApiSleutel(tx, { agbCode: oud.agb_code, omschrijving: oud.omschrijving, actor: opts.actor });
  });
}
