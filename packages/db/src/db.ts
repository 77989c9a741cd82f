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

/** Runs a parameterised SQL statement ($1, $2, …) and returns its rows. */
export async function sqlRijen<R = Record<string, unknown>>(db: Db, sql: string, params: unknown[] = []): Promise<R[]> {
  return (await db.query(sql, params)) as R[];
}
