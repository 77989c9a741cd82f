import { UnrecoverableError, Worker } from 'bullmq';
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

/**
 * Starts a BullMQ worker on the berichten queue that hands each job to `processor`. All the work
 * is in the processor — the same function the CLI runs in-process. A processor that throws
 * `UnrecoverableError` fails the job for good; any other error is retried with backoff.
 */
export function startBerichtenWorker(opts: BerichtenWorkerOpties, processor: (job: BerichtJob) => Promise<unknown>): Worker<BerichtJob> {
  const log = (opts.logger ?? maakLogger()).child({ queue: opts.queueName ?? BERICHTEN_QUEUE });
  const worker = new Worker<BerichtJob>(opts.queueName ?? BERICHTEN_QUEUE, async (job) => processor(geldigeBerichtJob(job.data)), {
    connection: redisOpties(opts.redisUrl),
    prefix: opts.prefix ?? 'plafond',
    concurrency: opts.concurrency,
    lockDuration: opts.lockMs ?? 30_000,
    stalledInterval: opts.lockMs ?? 30_000,
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
