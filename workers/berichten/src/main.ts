// Process entry of a berichten worker: `node --import tsx workers/berichten/src/main.ts`.
// Start as many as the load needs; they share the queue in Redis.
import { ConfiguratieFout, leesConfig, maakLogger } from '@plafond/core';
import { markeerOnverwerkbaar } from '@plafond/db';
import { maakProcessorDeps, processBericht } from './process';
import { maakBerichtenQueue } from './queue';
import { startVeger, veegWachtrij } from './veger';
import { startBerichtenWorker, stopBijSignaal } from './worker';

async function main(): Promise<void> {
  const config = leesConfig();
  const log = maakLogger({ level: config.logLevel, velden: { dienst: 'worker-berichten' } });
  for (const w of config.waarschuwingen) log.warn(w);
  if (!config.redisUrl) throw new ConfiguratieFout('REDIS_URL: verplicht voor een worker-proces (zonder Redis verwerkt de CLI in-process)');
  const deps = await maakProcessorDeps(config);
  const worker = startBerichtenWorker(
    {
      redisUrl: config.redisUrl, concurrency: config.workerConcurrency, prefix: config.queuePrefix, logger: log, lockMs: config.workerLockMs,
      opgegeven: (job, reden) => markeerOnverwerkbaar(deps.dataSource, job.berichtId, reden),
    },
    (job) => processBericht(job, deps),
  );
  // Every worker sweeps: what Redis lost or the intake could not enqueue is handed on again (same job id, so
  // several sweepers at once add nothing twice).
  const queue = maakBerichtenQueue(config.redisUrl, { prefix: config.queuePrefix });
  const veger = startVeger(() => veegWachtrij(deps.dataSource, queue, { wachtMs: config.vegerWachtMs }), { intervalMs: config.vegerIntervalMs, logger: log });
  stopBijSignaal(worker, log, {
    naSluiten: async () => {
      await veger.stop();
      await queue.close();
      await deps.sluit();
    },
  });
  log.info('worker gestart', { concurrency: config.workerConcurrency, prefix: config.queuePrefix });
}

main().catch((err: unknown) => {
  maakLogger().error('worker kon niet starten', { err: err instanceof ConfiguratieFout ? err.message : err });
  process.exit(1);
});
