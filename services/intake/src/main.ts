// Process entry of the intake service: `node --import tsx services/intake/src/main.ts`.
// With REDIS_URL messages go to the BullMQ queue (run workers/berichten); without it they are processed in-process.
import { ConfiguratieFout, leesConfig, maakLogger } from '@plafond/core';
import { openDatabase } from '@plafond/db';
import { enqueueBericht, maakBerichtenQueue, processBericht } from '@plafond/worker-berichten';
import { maakDbIntakeDeps } from './db-deps';
import { startIntake } from './server';

async function main(): Promise<void> {
  const config = leesConfig();
  const log = maakLogger({ level: config.logLevel, velden: { dienst: 'intake' } });
  for (const w of config.waarschuwingen) log.warn(w);
  if (!config.databaseUrl) throw new ConfiguratieFout('DATABASE_URL: verplicht voor de intake-service');
  const db = await openDatabase({ url: config.databaseUrl });
  const queue = config.redisUrl ? maakBerichtenQueue(config.redisUrl, { prefix: config.queuePrefix }) : null;
  const verwerk = queue
    ? async (job: Parameters<typeof enqueueBericht>[1]) => { await enqueueBericht(queue, job); }
    : async (job: Parameters<typeof enqueueBericht>[1]) => {
        // No Redis: process right after answering, in this process (development and small set-ups).
        setImmediate(() => processBericht(job, { dataSource: db.dataSource, config }).catch((err: unknown) => log.error('verwerking mislukt', { err, berichtId: job.berichtId })));
      };
  const server = await startIntake(config, maakDbIntakeDeps(db.dataSource, verwerk), { logger: log });
  log.info('intake gestart', { url: server.url, queue: Boolean(queue) });
  const stop = async () => {
    await server.close();
    await queue?.close();
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
