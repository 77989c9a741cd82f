import { isGeldigBsn, ValidatieFout } from '@plafond/core';
import { sqlRijen, type Db } from '../db';
import type { AuditRecord, AuditRegel } from '../types';

/**
 * Appends one entry to the audit trail (the table itself rejects UPDATE and DELETE). Refuses
 * details that carry a BSN: a key named like `bsn`, or a 9-digit string passing the elfproef.
 * bigint values (amounts) are stored as decimal strings.
 */
export async function schrijfAudit(db: Db, regel: AuditRegel): Promise<AuditRecord> {
  const details = regel.details ?? {};
  zonderBsn(details, 'details');
  zonderBsn(regel.voor ?? null, 'voor');
  zonderBsn(regel.na ?? null, 'na');
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));
  const [r] = await sqlRijen<RuweAudit>(
    db,
    `INSERT INTO audit_log (actor, action, entity, entity_id, details, voor, na) VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb)
     RETURNING ${KOLOMMEN}`,
    [regel.actor, regel.action, regel.entity, regel.entityId ?? null, json(details), json(regel.voor), json(regel.na)],
  );
  return naarAudit(r);
}

/** The audit entries of one entity (or of one kind of entity), oldest first. */
export async function auditVan(db: Db, entity: string, entityId?: string): Promise<AuditRecord[]> {
  const rijen = await sqlRijen<RuweAudit>(
    db,
    `SELECT ${KOLOMMEN} FROM audit_log
      WHERE entity = $1 AND ($2::text IS NULL OR entity_id = $2) ORDER BY id`,
    [entity, entityId ?? null],
  );
  return rijen.map(naarAudit);
}

const KOLOMMEN = 'id::text, at, actor, action, entity, entity_id, details, voor, na';

interface RuweAudit {
  id: string;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  details: Record<string, unknown>;
  voor: Record<string, unknown> | null;
  na: Record<string, unknown> | null;
}

function naarAudit(r: RuweAudit): AuditRecord {
  return { id: r.id, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, details: r.details, voor: r.voor, na: r.na };
}

function zonderBsn(v: unknown, pad: string): void {
  if (typeof v === 'string' && /^\d{9}$/.test(v) && isGeldigBsn(v)) {
    throw new ValidatieFout('auditregel bevat een BSN', [{ pad, regel: 'AVG', tekst: 'een BSN hoort niet in de audit trail' }]);
  }
  if (Array.isArray(v)) v.forEach((x, i) => zonderBsn(x, `${pad}[${i}]`));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (/bsn/i.test(k)) {
        throw new ValidatieFout('auditregel bevat een BSN', [{ pad: `${pad}.${k}`, regel: 'AVG', tekst: 'een BSN hoort niet in de audit trail' }]);
      }
      zonderBsn(x, `${pad}.${k}`);
    }
  }
}
