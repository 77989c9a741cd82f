import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * What a repository function takes: the DataSource (auto-commit per statement) or the
 * EntityManager of a running transaction (from `inTransactie`). Repositories return plain objects.
 */
export type Db = DataSource | EntityManager;

/** Runs `werk` in one database transaction; it commits when `werk` resolves and rolls back when it throws. */
export function inTransactie<T>(dataSource: DataSource, werk: (tx: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(werk);
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

/** The pg client of the transaction's connection, or the pool when running in auto-commit. */
async function pgBron(db: Db): Promise<PgBron> {
  const qr = 'queryRunner' in db ? db.queryRunner : undefined;
  if (qr && !qr.isReleased) return (await qr.connect()) as PgBron;
  const ds = 'driver' in db ? db : db.connection;
  return (ds.driver as unknown as { master: PgBron }).master;
}

export interface SqlOpties {
  /**
   * Plan the statement for every execution instead of once per connection. For statements on tables that
   * grow fast under the running workload (prestatie): a plan cached while such a table was small keeps
   * its sequential scans after it has grown, until the next ANALYZE.
   */
  steedsPlannen?: boolean;
}

/**
 * Runs a parameterised SQL statement ($1, $2, …) and returns its rows (also for UPDATE/DELETE … RETURNING).
 * Statements are prepared once per connection (named statements), so parsing and planning are not
 * repeated for every message.
 */
export async function sqlRijen<R = Record<string, unknown>>(db: Db, sql: string, params: unknown[] = [], opties: SqlOpties = {}): Promise<R[]> {
  const bron = await pgBron(db);
  const q: pg.QueryConfig = opties.steedsPlannen ? { text: sql, values: params } : { name: statementNaam(sql), text: sql, values: params };
  return (await bron.query(q)).rows as R[];
}
