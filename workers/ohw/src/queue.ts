import { Queue, type Job } from 'bullmq';
import { redisOpties } from '@plafond/worker-berichten';

/** Name of the queue that carries received OHW files to the processor. */
export const OHW_QUEUE = 'ohw';

/** Job data: ids only — the processor re-reads the stored file, so a job is tiny and safe to repeat. */
export interface OhwJob {
  ontvangstId: string;
  correlationId: string;
}

const ID = /^[0-9]{1,19}$/;
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** True when `data` is a well-formed {@link OhwJob} (no other keys). */
export function isOhwJob(data: unknown): data is OhwJob {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return Object.keys(d).length === 2 && typeof d.ontvangstId === 'string' && ID.test(d.ontvangstId)
    && typeof d.correlationId === 'string' && CORRELATION_ID.test(d.correlationId);
}

export interface OhwQueueOpties {
  /** Redis key prefix (config `PLAFOND_QUEUE_PREFIX`). Default `plafond`. */
  prefix?: string;
  /** Queue name; tests use a unique one. Default {@link OHW_QUEUE}. */
  queueName?: string;
}

/** The producer side of the OHW queue: retries with backoff for a database hiccup; finished jobs kept a day, bounded. */
export function maakOhwQueue(redisUrl: string, opts: OhwQueueOpties = {}): Queue<OhwJob> {
  return new Queue<OhwJob>(opts.queueName ?? OHW_QUEUE, {
    connection: redisOpties(redisUrl),
    prefix: opts.prefix ?? 'plafond',
    defaultJobOptions: {
      attempts: 5,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

/** Puts one received file on the queue; a second call for the same id returns the existing job. */
export async function enqueueOhw(queue: Queue<OhwJob>, job: OhwJob): Promise<Job<OhwJob>> {
  if (!isOhwJob(job)) throw new TypeError('ongeldige OhwJob: ontvangstId en correlationId moeten ids zijn');
  return queue.add(OHW_QUEUE, { ontvangstId: job.ontvangstId, correlationId: job.correlationId }, { jobId: `ohw-${job.ontvangstId}` });
}
