// Process entry of an OHW worker: `node --import tsx workers/ohw/src/main.ts`.
import { ConfiguratieFout, leesConfig, maakLogger } from '@plafond/core';
import { openDatabase } from '@plafond/db';
import { processOhwUpload } from './process';
import { startOhwWorker } from './worker';

async function main(): Promise<void> {
  const config = leesConfig();
  const log = maakLogger({ level: config.logLevel, velden: { dienst: 'worker-ohw' } });
  for (const w of config.waarschuwingen) log.warn(w);
  if (!config.redisUrl) throw new ConfiguratieFout('REDIS_URL: verplicht voor een worker-proces (zonder Redis verwerkt de intake in-process)');
  if (!config.databaseUrl) throw new ConfiguratieFout('DATABASE_URL is verplicht voor een worker');
  const db = await openDatabase({ url: config.databaseUrl });
  // An OHW check is CPU work of seconds; two at a time keep the process responsive.
  const worker = startOhwWorker(
    { redisUrl: config.redisUrl, concurrency: Math.min(2, config.workerConcurrency), prefix: config.queuePrefix, logger: log, lockMs: config.workerLockMs },
    (job) => processOhwUpload(job, { dataSource: db.dataSource }),
  );
  let bezig = false;
  const stop = (signaal: NodeJS.Signals) => {
    if (bezig) process.exit(1);
    bezig = true;
    log.info('stoppen: lopende jobs afmaken', { signaal });
    worker.close().then(() => db.close()).then(() => process.exit(0), (err: unknown) => {
      log.error('stoppen mislukt', { err });
      process.exit(1);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  log.info('worker gestart', { prefix: config.queuePrefix });
}

main().catch((err: unknown) => {
  maakLogger().error('worker kon niet starten', { err });
  process.exit(1);
});
