import { vereisEigenPseudoniemSleutel, type Logger, type PlafondConfig } from '@plafond/core';
import type { DataSource } from '@plafond/db';
import {
  enqueueBericht, isBlijvendeFout, maakBerichtenQueue, processBericht, startVeger, veegInProces, type BerichtJob,
} from '@plafond/worker-berichten';
import { enqueueOhw, maakOhwQueue, processOhwUpload, type OhwJob } from '@plafond/worker-ohw';

/** Where the intake hands a stored message: the BullMQ queue, or this process. */
export interface Verwerker {
  /**
   * Hands a stored message on. Never fails the request: the message is stored already, and what could not
   * be handed on now is handed on by the sweeper.
   */
  verwerk(job: BerichtJob): Promise<void>;
  /** Hands a stored OHW file to its checker: the OHW queue, or this process. */
  verwerkOhw(job: OhwJob): Promise<void>;
  /** True when messages go to the queue (workers process them). */
  viaWachtrij: boolean;
  sluit(): Promise<void>;
}

/** How long storing a job in Redis may take before the answer goes out without it (the sweeper has it then). */
const ENQUEUE_MS = 2000;

/**
 * With `REDIS_URL` the intake enqueues (the berichten workers process, and their sweeper re-enqueues what
 * Redis lost); without it each message is processed in this process right after the 202 answer, and a
 * sweeper here processes what a previous run of the process left waiting. Refuses to start against a real
 * database with the public pseudonym key.
 */
export function maakVerwerker(config: PlafondConfig, dataSource: DataSource, log: Logger): Verwerker {
  vereisEigenPseudoniemSleutel(config, 'de intake');
  if (config.redisUrl) {
    const queue = maakBerichtenQueue(config.redisUrl, { prefix: config.queuePrefix });
    const ohwQueue = maakOhwQueue(config.redisUrl, { prefix: config.queuePrefix });
    return {
      viaWachtrij: true,
      verwerk: async (job) => {
        let timer: NodeJS.Timeout | undefined;
        const opTijd = new Promise<never>((_, fout) => {
          timer = setTimeout(() => fout(new Error(`Redis antwoordde niet binnen ${ENQUEUE_MS} ms`)), ENQUEUE_MS);
        });
        try {
          await Promise.race([enqueueBericht(queue, job), opTijd]);
        } catch (err) {
          log.warn('bericht opgeslagen maar niet in de wachtrij gezet; de veger zet het later klaar', { berichtId: job.berichtId, err });
        } finally {
          clearTimeout(timer);
        }
      },
      verwerkOhw: async (job) => { await enqueueOhw(ohwQueue, job); },
      sluit: async () => { await Promise.all([queue.close(), ohwQueue.close()]); },
    };
  }
  const deps = { dataSource, config };
  const veger = startVeger(
    () => veegInProces(dataSource, (job) => processBericht(job, deps), { wachtMs: config.vegerWachtMs, blijvend: isBlijvendeFout }),
    { intervalMs: config.vegerIntervalMs, logger: log },
  );
  const lopend = new Set<Promise<unknown>>();
  return {
    viaWachtrij: false,
    verwerk: async (job) => {
      setImmediate(() => {
        const p = processBericht(job, deps)
          .catch((err: unknown) => log.error('verwerking mislukt; de veger probeert het opnieuw', { err, berichtId: job.berichtId }))
          .finally(() => lopend.delete(p));
        lopend.add(p);
      });
    },
    // Stopping waits for the messages being processed: a graceful stop leaves nothing half done.
    sluit: async () => {
      await veger.stop();
      await Promise.all(lopend);
    },
    verwerkOhw: async (job) => {
      setImmediate(() => processOhwUpload(job, { dataSource }).catch((err: unknown) => log.error('OHW-controle mislukt', { err, ontvangstId: job.ontvangstId })));
    },
  };
}
