// Process entry of the back-office service: `node --import tsx services/backoffice/src/main.ts` (port BACKOFFICE_PORT).
import { ConfiguratieFout, leesConfig, maakLogger } from '@plafond/core';
import { openDatabase } from '@plafond/db';
import { standaardUitnutting } from './bronnen';
import { rapportMakers } from '@plafond/rapportage';
import { startBackoffice } from './server';

async function main(): Promise<void> {
  const config = leesConfig();
  const log = maakLogger({ level: config.logLevel, velden: { dienst: 'backoffice' } });
  for (const w of config.waarschuwingen) log.warn(w);
  if (!config.databaseUrl) throw new ConfiguratieFout('DATABASE_URL: verplicht voor de backoffice-service');
  const db = await openDatabase({ url: config.databaseUrl });
  const server = await startBackoffice(config, { ds: db.dataSource, databaseUrl: db.url, uitnutting: standaardUitnutting(db.dataSource), rapporten: rapportMakers(db.dataSource), logger: log });
  log.info('backoffice gestart', { url: server.url });
  const stop = async () => {
    await server.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  maakLogger().error('backoffice kon niet starten', { err });
  process.exit(1);
});
