// Process entry of the intake service: `node --import tsx services/intake/src/main.ts`.
// With REDIS_URL messages go to the BullMQ queue (run workers/berichten); without it they are processed in-process.
import { ConfiguratieFout, leesConfig, maakLogger } from '@plafond/core';
import { openDatabase } from '@plafond/db';
import { maakDbIntakeDeps } from './db-deps';
import { startIntake } from './server';
import { maakVerwerker } from './verwerker';

async function main(): Promise<void> {
  const config = leesConfig();
  const log = maakLogger({ level: config.logLevel, velden: { dienst: 'intake' } });
  for (const w of config.waarschuwingen) log.warn(w);
  if (!config.databaseUrl) throw new ConfiguratieFout('DATABASE_URL: verplicht voor de intake-service');
  const db = await openDatabase({ url: config.databaseUrl });
  const verwerker = maakVerwerker(config, db.dataSource, log);
  const server = await startIntake(config, maakDbIntakeDeps(db.dataSource, verwerker.verwerk, verwerker.verwerkOhw), { logger: log });
  log.info('intake gestart', { url: server.url, queue: verwerker.viaWachtrij });
  const stop = async () => {
    await server.close();
    await verwerker.sluit();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  maakLogger().error('intake kon niet starten', { err });
  process.exit(1);
});
