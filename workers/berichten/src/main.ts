// Process entry of a berichten worker: `node --import tsx workers/berichten/src/main.ts`.
// Start as many as the load needs; they share the queue in Redis.
import { ConfiguratieFout, leesConfig, maakLogger } from '@plafond/core';
import { maakProcessorDeps, processBericht } from './process';
import { startBerichtenWorker, stopBijSignaal } from './worker';

async function main(): Promise<void> {
  const config = leesConfig();
  const log = maakLogger({ level: config.logLevel, velden: { dienst: 'worker-berichten' } });
  for (const w of config.waarschuwingen) log.warn(w);
  if (!config.redisUrl) throw new ConfiguratieFout('REDIS_URL: verplicht voor een worker-proces (zonder Redis verwerkt de CLI in-process)');
  const deps = await maakProcessorDeps(config);
  const worker = startBerichtenWorker(
    { redisUrl: config.redisUrl, concurrency: config.workerConcurrency, prefix: config.queuePrefix, logger: log, lockMs: config.workerLockMs },
    (job) => processBericht(job, deps),
  );
  stopBijSignaal(worker, log, { naSluiten: () => deps.sluit() });
  log.info('worker gestart', { concurrency: config.workerConcurrency, prefix: config.queuePrefix });
}

main().catch((err: unknown) => {
  maakLogger().error('worker kon niet starten', { err });
  process.exit(1);
});
