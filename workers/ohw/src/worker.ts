import { UnrecoverableError, Worker } from 'bullmq';
import { maakLogger, type Logger } from '@plafond/core';
import { redisOpties } from '@plafond/worker-berichten';
import { isOhwJob, OHW_QUEUE, type OhwJob } from './queue';

export interface OhwWorkerOpties {
  redisUrl: string;
  concurrency: number;
  prefix?: string;
  queueName?: string;
  logger?: Logger;
  lockMs?: number;
}

/**
 * Starts a BullMQ worker on the OHW queue; all the work is in `processor` (`processOhwUpload`, the function the
 * CLI and the intake run in-process). Malformed job data can never succeed and fails at once.
 */
export function startOhwWorker(opts: OhwWorkerOpties, processor: (job: OhwJob) => Promise<unknown>): Worker<OhwJob> {
  const log = (opts.logger ?? maakLogger()).child({ queue: opts.queueName ?? OHW_QUEUE });
  const worker = new Worker<OhwJob>(opts.queueName ?? OHW_QUEUE, async (job) => {
    if (!isOhwJob(job.data)) throw new UnrecoverableError('ongeldige job-data: verwacht { ontvangstId, correlationId }');
    return processor({ ontvangstId: job.data.ontvangstId, correlationId: job.data.correlationId });
  }, {
    connection: redisOpties(opts.redisUrl),
    prefix: opts.prefix ?? 'plafond',
    concurrency: opts.concurrency,
    lockDuration: opts.lockMs ?? 30_000,
    stalledInterval: opts.lockMs ?? 30_000,
  });
  worker.on('failed', (job, err) => {
    const data: Partial<OhwJob> = isOhwJob(job?.data) ? job.data : {};
    log.warn('job mislukt', { jobId: job?.id, ontvangstId: data.ontvangstId, correlationId: data.correlationId, poging: job?.attemptsMade, err });
  });
  worker.on('error', (err) => log.error('worker-fout', { err }));
  return worker;
}
