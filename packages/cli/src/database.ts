import { openDatabase, openGedeeldeDatabase, type Database } from '@plafond/db';

/**
 * The database a CLI command works on: `DATABASE_URL` when set. Otherwise `blijvend` is the one embedded
 * PostgreSQL under PLAFOND_HOME that every command shares (the running one, or one started for this
 * command: see `plafond db`), and without it a fresh temporary embedded database, removed at the end.
 */
export function cliDatabase(opts: { blijvend: boolean; door?: string; onLog?: (r: string) => void }): Promise<Database> {
  if (process.env.DATABASE_URL) return openDatabase({ url: process.env.DATABASE_URL });
  if (opts.blijvend) return openGedeeldeDatabase({ door: opts.door ?? 'cli', onLog: opts.onLog });
  return openDatabase({ embedded: true, onLog: opts.onLog });
}
