import type { Queue } from 'bullmq';
import type { Logger } from '@plafond/core';
import { markeerOnverwerkbaar, wachtendeBerichten, type DataSource } from '@plafond/db';
import { enqueueBericht, jobIdVoor, type BerichtJob } from './queue';

export interface VeegUitkomst {
  /** Messages handed on again (their job was gone). */
  opnieuw: number;
  /** Messages whose job had failed for good and that now have their dead-letter state. */
  onverwerkbaar: number;
}

export interface VegerOpties {
  /** A message is only looked at when it has waited this long (ms): younger ones are in flight. */
  wachtMs: number;
  /** At most this many messages per round. Default 1000. */
  limit?: number;
}

/**
 * One round of the sweeper: every received message that still waits after `wachtMs` is looked up in the
 * queue. No job (Redis lost it, the intake could not enqueue, a job finished without processing): enqueued
 * again. A job that failed for good: the message gets its dead-letter state with the job's reason (unless
 * the back office put the message back since, then it goes again). A job that waits or runs: left alone. Safe with several sweepers at once: the job id is the message's.
 */
export async function veegWachtrij(ds: DataSource, queue: Queue<BerichtJob>, opts: VegerOpties): Promise<VeegUitkomst> {
  const uit: VeegUitkomst = { opnieuw: 0, onverwerkbaar: 0 };
  for (const b of await wachtendeBerichten(ds, { ouderDanMs: opts.wachtMs, limit: opts.limit })) {
    const job = await queue.getJob(jobIdVoor(b.id));
    const staat = job ? await job.getState() : 'unknown';
    // Put back by the back office after its job failed: that failure is history, the message goes again.
    const teruggezet = staat === 'failed' && b.hersteldOp !== null && b.hersteldOp.getTime() > (job?.finishedOn ?? 0);
    if (staat === 'failed' && !teruggezet) {
      if (await markeerOnverwerkbaar(ds, b.id, job?.failedReason || 'verwerking mislukt')) uit.onverwerkbaar++;
    } else if (staat === 'unknown' || staat === 'completed' || teruggezet) {
      // A completed job for a message still waiting: the job ran before a restore of Redis, or never processed.
      if (staat !== 'unknown') await job?.remove();
      await enqueueBericht(queue, { berichtId: b.id, correlationId: b.correlationId });
      uit.opnieuw++;
    }
  }
  return uit;
}

/**
 * The sweeper without a queue (intake without Redis): every message still waiting after `wachtMs` is
 * processed here, one after the other; one that throws an error that cannot pass is dead-lettered.
 */
export async function veegInProces(
  ds: DataSource, verwerk: (job: BerichtJob) => Promise<unknown>, opts: VegerOpties & { blijvend: (err: unknown) => boolean },
): Promise<VeegUitkomst> {
  const uit: VeegUitkomst = { opnieuw: 0, onverwerkbaar: 0 };
  for (const b of await wachtendeBerichten(ds, { ouderDanMs: opts.wachtMs, limit: opts.limit })) {
    try {
      await verwerk({ berichtId: b.id, correlationId: b.correlationId });
      uit.opnieuw++;
    } catch (err) {
      if (!opts.blijvend(err)) throw err;
      if (await markeerOnverwerkbaar(ds, b.id, err instanceof Error ? err.message : String(err))) uit.onverwerkbaar++;
    }
  }
  return uit;
}

/**
 * Runs a sweeper round every `intervalMs` (the first right away), never two at once. A failing round (the
 * database or Redis away) is logged and tried again next time. `stop` waits for a running round.
 */
export function startVeger(ronde: () => Promise<VeegUitkomst>, opts: { intervalMs: number; logger: Logger }): { stop(): Promise<void> } {
  let lopend: Promise<void> = Promise.resolve();
  let gestopt = false;
  const tik = (): void => {
    lopend = ronde().then(
      (u) => {
        if (u.opnieuw || u.onverwerkbaar) opts.logger.info('veger: wachtende berichten', { opnieuw: u.opnieuw, onverwerkbaar: u.onverwerkbaar });
      },
      (err: unknown) => opts.logger.warn('veger: ronde mislukt, volgende ronde opnieuw', { err }),
    ).finally(() => {
      if (!gestopt) timer = setTimeout(tik, opts.intervalMs).unref();
    });
  };
  let timer = setTimeout(tik, 0).unref();
  return {
    async stop() {
      gestopt = true;
      clearTimeout(timer);
      await lopend;
    },
  };
}
