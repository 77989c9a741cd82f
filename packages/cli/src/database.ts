import { join } from 'node:path';
import { openDatabase, type Database } from '@plafond/db';

/**
 * The database a CLI command works on: `DATABASE_URL` when set; otherwise an embedded PostgreSQL.
 * `blijvend` keeps the embedded data under `.plafond/db` so successive commands (import, then
 * serve) see the same data; without it a fresh temporary database is used and removed at the end.
 */
export function cliDatabase(opts: { blijvend: boolean; onLog?: (r: string) => void }): Promise<Database> {
  if (process.env.DATABASE_URL) return openDatabase({ url: process.env.DATABASE_URL });
  return openDatabase(opts.blijvend ? { dataDir: join(process.cwd(), '.plafond', 'db'), onLog: opts.onLog } : { embedded: true, onLog: opts.onLog });
}
