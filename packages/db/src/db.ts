import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A running database transaction on one connection of the DataSource's pool (from `inTransactie`).
 * Repositories take it like the DataSource and never see the connection itself.
 */
export class Transactie {
  /** @internal */
  constructor(readonly client: pg.PoolClient) {}

  /** Runs a parameterised statement in the transaction and returns its rows. */
  async query<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.client.query(sql, params)).rows as R[];
  }
}

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
  try {
    const slot = opties.slot;
    if (slot !== undefined && !(Number.isSafeInteger(slot) && slot >= -(2 ** 31) && slot < 2 ** 31)) throw new RangeError(`slot ${slot} is geen int4`);
    await client.query(slot === undefined ? 'BEGIN' : `BEGIN; SELECT pg_advisory_xact_lock(${SLOT_NAMESPACE}, ${slot})`);
    try {
      const uitkomst = await werk(new Transactie(client));
      await client.query('COMMIT');
      return uitkomst;
    } catch (e) {
      await client.query('ROLLBACK').catch((r: Error) => (kapot = r));
      throw e;
    }
  } finally {
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

interface PgBron {
  query(q: pg.QueryConfig): Promise<pg.QueryResult>;
}

/** The transaction's connection, or the pool when running in auto-commit. */
function pgBron(db: Db): PgBron {
  return db instanceof Transactie ? db.client : poolVan(db);
}

export interface SqlOpties {
  /**
   * Plan the statement for every execution, with its parameter values, instead of once per connection:
   * for rare statements whose good plan depends on the values (which partitions, how many keys).
   */
  steedsPlannen?: boolean;
}

/**
 * Runs a parameterised SQL statement ($1, $2, …) and returns its rows (also for UPDATE/DELETE … RETURNING).
 * Statements are prepared once per connection (named statements), so parsing and planning are not
 * repeated for every message.
 */
export async function sqlRijen<R = Record<string, unknown>>(db: Db, sql: string, params: unknown[] = [], opties: SqlOpties = {}): Promise<R[]> {
  const q: pg.QueryConfig = opties.steedsPlannen ? { text: sql, values: params } : { name: statementNaam(sql), text: sql, values: params };
  return (await pgBron(db).query(q)).rows as R[];
}
