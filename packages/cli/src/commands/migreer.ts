import type { Command } from '../command';
import { cliDatabase } from '../database';

export const migreer: Command = {
  name: 'migreer',
  summary: 'voer de genummerde databasemigraties uit (gebeurt ook bij elke start)',
  usage: 'plafond migreer',
  help: ['Database: DATABASE_URL, of de ingebouwde PostgreSQL in PLAFOND_HOME (zie plafond db).'],
  options: {},
  positionals: false,
  async run(_args, io) {
    const db = await cliDatabase({ blijvend: true, door: 'migreer' });
    await db.close();
    io.out('database is bijgewerkt\n');
    return 0;
  },
};
