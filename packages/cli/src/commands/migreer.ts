import type { Command } from '../command';
import { cliDatabase } from '../database';

export const migreer: Command = {
  name: 'migreer',
  summary: 'apply the numbered database migrations (also done at every start)',
  usage: 'plafond migreer',
  help: ['Database: DATABASE_URL, or the embedded PostgreSQL kept under .plafond/db.'],
  options: {},
  async run(_args, io) {
    const db = await cliDatabase({ blijvend: true });
    await db.close();
    io.out('database is bij\n');
    return 0;
  },
};
