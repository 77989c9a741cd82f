import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { voerBatchUit, type Stap } from './pijplijn';

/**
 * A running database transaction on one connection of the DataSource's pool (from `inTransactie`).
 * Repositories take it like the DataSource and never see the connection itself.
 *
 * Every round trip costs both processes a wake-up, so the transaction sends what need not wait together
 * with the next statement: BEGIN (and the slot's lock) go with the first statement, and a statement whose
 * rows nobody reads (`sqlStraks`) goes with the next one or with COMMIT.
 */
export class Transactie {
  private wachtrij: Stap[];
  /** Something was sent: BEGIN is out, the transaction is open (or aborted) on the server. */
  verzonden = false;
  /** A batch failed after preparing statements: the connection's prepared set is unknown. */
  onzeker = false;

  /** @internal */
  constructor(readonly client: pg.PoolClient, begin: Stap[]) {
    this.wachtrij = begin;
  }

  /** Runs a parameterised statement in the transaction and returns its rows. */
  async query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return this.voerUit<R>({ naam: '', sql, params });
  }

  /** @internal Runs a statement, with whatever waits to be sent before it, in one round trip. */
  async voerUit<R>(stap: Stap): Promise<R[]> {
    this.verzonden = true;
    if (this.wachtrij.length === 0) {
      const q: pg.QueryConfig = stap.naam ? { name: stap.naam, text: stap.sql, values: stap.params } : { text: stap.sql, values: stap.params };
      return (await this.client.query(q)).rows as R[];
    }
    const stappen = [...this.wachtrij, stap];
    this.wachtrij = [];
    const r = await voerBatchUit(this.client, stappen);
    if ('fout' in r) {
      this.onzeker ||= r.onzeker;
      throw r.fout;
    }
    return r.rijen[r.rijen.length - 1] as R[];
  }

  /** @internal Queues a statement to go with the next one (or the commit). */
  later(stap: Stap): void {
    this.wachtrij.push(stap);
  }
}

const BEGIN: Stap = { naam: 'plafond_begin', sql: 'BEGIN', params: [] };
const COMMIT: Stap = { naam: 'plafond_commit', sql: 'COMMIT', params: [] };
const SLOT_SQL = 'SELECT pg_advisory_xact_lock($1, $2)';

/**
 * What a repository function takes: the DataSource (auto-commit per statement) or a running
 * `Transactie`. Repositories return plain objects.
 */
export type Db = DataSource | Transactie;

// Namespace of the advisory locks on an aanbieder's messages (the second key is the slot).
const SLOT_NAMESPACE = 7_432_006;

export interface TransactieOpties {
  /**
   * Serialises transactions on the same slot (a transaction-scoped advisory lock taken with BEGIN, in the
   * same round trip, so the first statement already sees what an earlier holder committed). Processing
   * uses the aanbieder's AGB code: everything a message is decided against belongs to one aanbieder.
   */
  slot?: number;
}

function poolVan(ds: DataSource): pg.Pool {
  return (ds.driver as unknown as { master: pg.Pool }).master;
}

/**
 * Runs `werk` in one database transaction on a connection of its own; it commits when `werk` resolves
 * and rolls back when it throws. A connection whose rollback fails is discarded, not reused.
 */
export async function inTransactie<T>(dataSource: DataSource, werk: (tx: Transactie) => Promise<T>, opties: TransactieOpties = {}): Promise<T> {
  const client = await poolVan(dataSource).connect();
  let kapot: Error | undefined;
  // A connection terminated while we hold it between statements (the server restarting, pg_terminate_backend
  // while the processor decides) is reported as an 'error' event on the client; unheard, it would end the
  // process. Heard, the next statement fails, the transaction is rolled back and the connection discarded.
  const opFout = (e: Error): void => {
    kapot ??= e;
  };
  client.on('error', opFout);
  try {
    const slot = opties.slot;
    if (slot !== undefined && !(Number.isSafeInteger(slot) && slot >= -(2 ** 31) && slot < 2 ** 31)) throw new RangeError(`slot ${slot} is geen int4`);
    const tx = new Transactie(client, slot === undefined ? [BEGIN] : [BEGIN, { naam: 'plafond_slot', sql: SLOT_SQL, params: [SLOT_NAMESPACE, slot] }]);
    try {
      const uitkomst = await werk(tx);
      await tx.voerUit(COMMIT);
      return uitkomst;
    } catch (e) {
      if (tx.verzonden) await client.query('ROLLBACK').catch((r: Error) => (kapot = r));
      if (tx.onzeker) kapot ??= new Error('verbinding na een mislukte batch niet hergebruikt');
      throw e;
    }
  } finally {
    client.off('error', opFout);
    client.release(kapot);
  }
}

// Statement names by SQL text. Every statement of the repositories is a constant text (values go in
// parameters), so the set is bounded; each pg connection prepares a name once and reuses the plan.
const namen = new Map<string, string>();

function statementNaam(sql: string): string {
  let naam = namen.get(sql);
  if (!naam) {
    naam = `plafond_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    namen.set(sql, naam);
  }
  return naam;
}

export interface SqlOpties {
  /**
   * Plan the statement for every execution, with its parameter values, instead of once per connection:
   * for rare statements whose good plan depends on the values (which partitions, how many keys).
   */
  steedsPlannen?: boolean;
  /**
   * Results in PostgreSQL's binary format: bytea as its bytes. Only for columns whose binary form pg reads
   * (text, integers, bytea; cast the rest to text), and outside a transaction.
   */
  binair?: boolean;
}

/**
 * Runs a parameterised SQL statement ($1, $2, …) and returns its rows (also for UPDATE/DELETE … RETURNING).
 * Statements are prepared once per connection (named statements), so parsing and planning are not
 * repeated for every message.
 */
export async function sqlRijen<R = Record<string, unknown>>(db: Db, sql: string, params: unknown[] = [], opties: SqlOpties = {}): Promise<R[]> {
  const naam = opties.steedsPlannen ? '' : statementNaam(sql);
  if (db instanceof Transactie) {
    if (opties.binair) throw new Error('sqlRijen: binair alleen buiten een transactie');
    return db.voerUit<R>({ naam, sql, params });
  }
  const q: pg.QueryConfig = { ...(naam && { name: naam }), text: sql, values: params, ...(opties.binair && { binary: true }) };
  return (await poolVan(db).query(q)).rows as R[];
}

/**
 * Runs a statement whose rows nobody needs. In a transaction it is sent with the next statement or with
 * COMMIT, saving a round trip; its error, if any, fails that statement or the commit (and so the
 * transaction).
 */
export async function sqlStraks(db: Db, sql: string, params: unknown[] = []): Promise<void> {
  if (db instanceof Transactie) db.later({ naam: statementNaam(sql), sql, params });
  else await sqlRijen(db, sql, params);
}
