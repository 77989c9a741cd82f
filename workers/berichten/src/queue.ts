import { Queue, type Job, type RedisOptions } from 'bullmq';

/** Name of the queue that carries received messages to the processor. */
export const BERICHTEN_QUEUE = 'berichten';

/** Job data: ids only — the processor re-reads the stored message, so a job is tiny and safe to repeat. */
export interface BerichtJob {
  berichtId: string;
  correlationId: string;
}

/**
 * Ids that BullMQ can use inside a job id: it refuses ':' (its key separator), and the job id must
 * not be a bare integer, which is why {@link jobIdVoor} prefixes it.
 */
const ID = /^[A-Za-z0-9_.-]{1,200}$/;
/** Same shape as the intake accepts in `X-Correlation-Id`. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** True when `data` is a well-formed {@link BerichtJob} (no other keys). */
export function isBerichtJob(data: unknown): data is BerichtJob {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return false;
  const d = data as Record<string, unknown>;
  return (
    Object.keys(d).length === 2 &&
    typeof d.berichtId === 'string' &&
    ID.test(d.berichtId) &&
    typeof d.correlationId === 'string' &&
    CORRELATION_ID.test(d.correlationId)
  );
}

/**
 * The BullMQ job id of a message: derived from the berichtId alone, so enqueueing the same message
 * twice while the first job is still known to Redis adds nothing.
 */
export function jobIdVoor(berichtId: string): string {
  return `bericht-${berichtId}`;
}

/** ioredis options from a `redis://` / `rediss://` URL, with `maxRetriesPerRequest: null` as BullMQ requires. */
export function redisOpties(redisUrl: string): RedisOptions {
  const u = new URL(redisUrl);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

export interface BerichtenQueueOpties {
  /** Redis key prefix (config `PLAFOND_QUEUE_PREFIX`). Default `plafond`. */
  prefix?: string;
  /** Queue name; tests use a unique one. Default {@link BERICHTEN_QUEUE}. */
  queueName?: string;
  /** Tries per job, the first included. Default 5. */
  attempts?: number;
  /** First retry delay in ms; doubles each retry. Default 2000. */
  backoffMs?: number;
}

/**
 * The producer side of the berichten queue. Failed jobs are retried with exponential backoff
 * (a database hiccup should not lose a message); finished jobs are kept a day, bounded in number,
 * so a resend within that day is recognised by its job id and the Redis memory stays flat.
 */
export function maakBerichtenQueue(redisUrl: string, opts: BerichtenQueueOpties = {}): Queue<BerichtJob> {
  return new Queue<BerichtJob>(opts.queueName ?? BERICHTEN_QUEUE, {
    connection: redisOpties(redisUrl),
    prefix: opts.prefix ?? 'plafond',
    defaultJobOptions: {
      attempts: opts.attempts ?? 5,
      backoff: { type: 'exponential', delay: opts.backoffMs ?? 2000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

/** Puts one message on the queue; a second call for the same berichtId returns the existing job. */
export async function enqueueBericht(queue: Queue<BerichtJob>, job: BerichtJob): Promise<Job<BerichtJob>> {
  if (!isBerichtJob(job)) throw new TypeError('ongeldige BerichtJob: berichtId en correlationId moeten ids zijn');
  return queue.add(BERICHTEN_QUEUE, { berichtId: job.berichtId, correlationId: job.correlationId }, { jobId: jobIdVoor(job.berichtId) });
}
