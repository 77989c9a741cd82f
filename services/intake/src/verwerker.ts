import type { Logger, PlafondConfig } from '@plafond/core';
import type { DataSource } from '@plafond/db';
import { enqueueBericht, maakBerichtenQueue, processBericht, type BerichtJob } from '@plafond/worker-berichten';
import { enqueueOhw, maakOhwQueue, processOhwUpload, type OhwJob } from '@plafond/worker-ohw';

/** Where the intake hands a stored message: the BullMQ queue, or this process. */
export interface Verwerker {
  verwerk(job: BerichtJob): Promise<void>;
  /** Hands a stored OHW file to its checker: the OHW queue, or this process. */
  verwerkOhw(job: OhwJob): Promise<void>;
  /** True when messages go to the queue (workers process them). */
  viaWachtrij: boolean;
  sluit(): Promise<void>;
}

/**
 * With `REDIS_URL` the intake enqueues (the berichten workers process); without it each message is
 * processed in this process right after the 202 answer — for development and small set-ups.
 */
export function maakVerwerker(config: PlafondConfig, dataSource: DataSource, log: Logger): Verwerker {
  if (config.redisUrl) {
    const queue = maakBerichtenQueue(config.redisUrl, { prefix: config.queuePrefix });
    const ohwQueue = maakOhwQueue(config.redisUrl, { prefix: config.queuePrefix });
    return {
      viaWachtrij: true,
      verwerk: async (job) => { await enqueueBericht(queue, job); },
      verwerkOhw: async (job) => { await enqueueOhw(ohwQueue, job); },
      sluit: async () => { await Promise.all([queue.close(), ohwQueue.close()]); },
    };
  }
  return {
    viaWachtrij: false,
    verwerk: async (job) => {
      setImmediate(() => processBericht(job, { dataSource, config }).catch((err: unknown) => log.error('verwerking mislukt', { err, berichtId: job.berichtId })));
    },
    verwerkOhw: async (job) => {
      setImmediate(() => processOhwUpload(job, { dataSource }).catch((err: unknown) => log.error('OHW-controle mislukt', { err, ontvangstId: job.ontvangstId })));
    },
    sluit: async () => undefined,
  };
}
