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
  const json = JSON.stringify(details, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  const [r] = await sqlRijen<RuweAudit>(
    db,
    `INSERT INTO audit_log (actor, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5::jsonb)
     RETURNING id, at, actor, action, entity, entity_id, details`,
    [regel.actor, regel.action, regel.entity, regel.entityId ?? null, json],
  );
  return naarAudit(r);
}

/** The audit entries of one entity (or of one kind of entity), oldest first. */
export async function auditVan(db: Db, entity: string, entityId?: string): Promise<AuditRecord[]> {
  const rijen = await sqlRijen<RuweAudit>(
    db,
    `SELECT id, at, actor, action, entity, entity_id, details FROM audit_log
      WHERE entity = $1 AND ($2::text IS NULL OR entity_id = $2) ORDER BY id`,
    [entity, entityId ?? null],
  );
  return rijen.map(naarAudit);
}

interface RuweAudit {
  id: string;
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  details: Record<string, unknown>;
}

function naarAudit(r: RuweAudit): AuditRecord {
  return { id: r.id, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, details: r.details };
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
