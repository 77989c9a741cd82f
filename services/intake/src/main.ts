// Process entry of the intake service: `node --import tsx services/intake/src/main.ts`.
// With REDIS_URL messages go to the BullMQ queue (run workers/berichten); without it they are processed in-process.
import { Redis } from 'ioredis';
import { ConfiguratieFout, leesConfig, maakLogger } from '@plafond/core';
import { openDatabase } from '@plafond/db';
import { redisOpties } from '@plafond/worker-berichten';
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
  // Rate-limit counters shared by every intake process. A command fails at once while Redis is away
  // (no offline queue), so a request is never held up by the limiter.
  const redis = config.redisUrl ? new Redis({ ...redisOpties(config.redisUrl), maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
  redis?.on('error', () => undefined);
  const server = await startIntake(config, maakDbIntakeDeps(db.dataSource, verwerker.verwerk, verwerker.verwerkOhw), {
    logger: log,
    rateLimiet: { perMinuut: config.rateLimitPerMinuut, inlogPogingen: config.inlogPogingen, redis, prefix: config.queuePrefix, logger: log },
  });
  log.info('intake gestart', { url: server.url, queue: verwerker.viaWachtrij });
  let stoppen = false;
  const stop = async () => {
    if (stoppen) return;
    stoppen = true;
    log.info('intake stopt: lopende verzoeken afmaken');
    await server.close();
    await verwerker.sluit();
    redis?.disconnect();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  maakLogger().error('intake kon niet starten', { err: err instanceof ConfiguratieFout ? err.message : err });
  process.exit(1);
});
