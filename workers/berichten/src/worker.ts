import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { maakLogger, type Logger } from '@plafond/core';
import { BERICHTEN_QUEUE, isBerichtJob, redisOpties, type BerichtJob } from './queue';

export interface BerichtenWorkerOpties {
  redisUrl: string;
  /** Jobs handled at the same time by this process (config `PLAFOND_WORKER_CONCURRENCY`). */
  concurrency: number;
  /** Redis key prefix (config `PLAFOND_QUEUE_PREFIX`). Default `plafond`. */
  prefix?: string;
  /** Default {@link BERICHTEN_QUEUE}. */
  queueName?: string;
  logger?: Logger;
  /**
   * Called once when a job fails for good (an `UnrecoverableError`, or its last attempt): the message gets
   * its dead-letter state. A failure here is logged; the sweeper records it later.
   */
  opgegeven?: (job: BerichtJob, reden: string) => Promise<unknown>;
  /**
   * Lock duration of a running job and interval of the stalled-job check, in ms (config
   * `PLAFOND_WORKER_LOCK_MS`). Default 30000.
   */
  lockMs?: number;
}

/**
 * The job data checked: anything else can never succeed, so it fails at once without retries.
 */
export function geldigeBerichtJob(data: unknown): BerichtJob {
  if (!isBerichtJob(data)) throw new UnrecoverableError('ongeldige job-data: verwacht { berichtId, correlationId }');
  return { berichtId: data.berichtId, correlationId: data.correlationId };
}

// SQLSTATE classes a retry cannot cure: bad data (22), a broken constraint (23), a statement that does not
// fit the schema (42). Everything else — a lost connection (08), a deadlock or serialization failure (40),
// resources (53), a server shutting down or a cancelled statement (57), a lock timeout (55) — may pass.
const BLIJVEND = new Set(['22', '23', '42']);

/**
 * Whether an error of a processor can never go away by trying again: a database refusal of this message's
 * data, or a programming error (TypeError, RangeError) on it. Connection trouble and unknown errors are
 * worth a retry.
 */
export function isBlijvendeFout(err: unknown): boolean {
  if (err instanceof UnrecoverableError) return true;
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && BLIJVEND.has(code.slice(0, 2));
}

/** The reason recorded with a dead-lettered message: the error's text, never its stack or the message's content. */
function redenVan(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown; code?: unknown } | null;
  const tekst = typeof e?.message === 'string' ? e.message : String(err);
  return `${typeof e?.code === 'string' ? `${e.code} ` : ''}${tekst}`.slice(0, 1000);
}

/**
 * Starts a BullMQ worker on the berichten queue that hands each job to `processor`. All the work
 * is in the processor — the same function the CLI runs in-process. An error that can never pass
 * ({@link isBlijvendeFout}) fails the job for good at once; any other error is retried with backoff.
 * When a job fails for good, `opgegeven` records it (the dead letter).
 */
export function startBerichtenWorker(opts: BerichtenWorkerOpties, processor: (job: BerichtJob) => Promise<unknown>): Worker<BerichtJob> {
  const log = (opts.logger ?? maakLogger()).child({ queue: opts.queueName ?? BERICHTEN_QUEUE });
  const verwerk = async (job: Job<BerichtJob>): Promise<unknown> => {
    const data = geldigeBerichtJob(job.data);
    try {
      return await processor(data);
    } catch (err) {
      const blijvend = isBlijvendeFout(err);
      const laatste = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if ((blijvend || laatste) && opts.opgegeven) {
        await opts.opgegeven(data, redenVan(err)).catch((e: unknown) => log.error('onverwerkbaar markeren mislukt', { berichtId: data.berichtId, err: e }));
      }
      throw blijvend && !(err instanceof UnrecoverableError) ? new UnrecoverableError(redenVan(err)) : err;
    }
  };
  const worker = new Worker<BerichtJob>(opts.queueName ?? BERICHTEN_QUEUE, verwerk, {
    connection: redisOpties(opts.redisUrl),
    prefix: opts.prefix ?? 'plafond',
    concurrency: opts.concurrency,
    lockDuration: opts.lockMs ?? 30_000,
    stalledInterval: opts.lockMs ?? 30_000,
  });
  worker.on('completed', (job) => {
    const data: Partial<BerichtJob> = isBerichtJob(job.data) ? job.data : {};
    log.debug('job verwerkt', { jobId: job.id, berichtId: data.berichtId, correlationId: data.correlationId, poging: job.attemptsMade, ms: (job.finishedOn ?? 0) - (job.processedOn ?? 0) });
  });
  worker.on('failed', (job, err) => {
    const data: Partial<BerichtJob> = isBerichtJob(job?.data) ? job.data : {};
    log.warn('job mislukt', { jobId: job?.id, berichtId: data.berichtId, correlationId: data.correlationId, poging: job?.attemptsMade, err });
  });
  worker.on('error', (err) => log.error('worker-fout', { err }));
  return worker;
}

/**
 * Graceful stop on SIGTERM/SIGINT: the worker takes no new jobs, waits for the running ones, then
 * the process exits. A second signal exits at once (the running job is retried elsewhere).
 * `naSluiten` releases what the processor holds (database connections) once the worker is closed.
 * Returns a function that removes the handlers. `bron` is where the signals come from (tests pass
 * their own emitter rather than signalling the test runner).
 */
export function stopBijSignaal(
  worker: Worker<BerichtJob>,
  log: Logger,
  opties: { exit?: (code: number) => void; bron?: NodeJS.EventEmitter; naSluiten?: () => Promise<void> } = {},
): () => void {
  const exit = opties.exit ?? ((code: number) => process.exit(code));
  const bron = opties.bron ?? process;
  let bezig = false;
  const opSignaal = (signaal: NodeJS.Signals): void => {
    if (bezig) {
      log.warn('tweede signaal: direct stoppen', { signaal });
      exit(1);
      return;
    }
    bezig = true;
    log.info('stoppen: lopende jobs afmaken', { signaal });
    worker
      .close()
      .then(() => opties.naSluiten?.())
      .then(
        () => {
          log.info('worker gestopt');
          exit(0);
        },
        (err: unknown) => {
          log.error('stoppen mislukt', { err });
          exit(1);
        },
      );
  };
  bron.on('SIGTERM', opSignaal);
  bron.on('SIGINT', opSignaal);
  return () => {
    bron.off('SIGTERM', opSignaal);
    bron.off('SIGINT', opSignaal);
  };
}
