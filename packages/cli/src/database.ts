import { openDatabase, openGedeeldeDatabase, type Database } from '@plafond/db';

/**
 * The database a CLI command works on: `DATABASE_URL` when set. Otherwise `blijvend` is the one embedded
 * PostgreSQL under PLAFOND_HOME that every command shares (the running one, or one started for this
 * command: see `plafond db`), and without it a fresh temporary embedded database, removed at the end.
 * Ctrl-C (or SIGTERM) closes it before the process ends, unless the command handles that signal itself
 * (`serve` does, and closes it in its own order).
 */
export async function cliDatabase(opts: { blijvend: boolean; door?: string; onLog?: (r: string) => void }): Promise<Database> {
  if (process.env.DATABASE_URL) return openDatabase({ url: process.env.DATABASE_URL });
  const db = opts.blijvend ? await openGedeeldeDatabase({ door: opts.door ?? 'cli', onLog: opts.onLog }) : await openDatabase({ embedded: true, onLog: opts.onLog });
  let sluiten: Promise<void> | undefined;
  const sluit = () => (sluiten ??= db.close());
  const signaal = (s: NodeJS.Signals) => {
    if (process.listenerCount(s) > 1) return;
    void sluit().finally(() => process.exit(s === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', signaal);
  process.on('SIGTERM', signaal);
  return {
    ...db,
    close: () => {
      process.off('SIGINT', signaal);
      process.off('SIGTERM', signaal);
      return sluit();
    },
  };
}
