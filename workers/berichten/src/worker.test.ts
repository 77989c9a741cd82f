import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Queue, UnrecoverableError, type Job, type Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { maakLogger } from '@plafond/core';
import { enqueueBericht, jobIdVoor, maakBerichtenQueue, redisOpties, type BerichtJob } from './queue';
import { startBerichtenWorker, stopBijSignaal } from './worker';

// Own Redis db index and a unique prefix per run, so parallel runs and real data never meet.
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const stil = maakLogger({ level: 'silent' });
const wacht = (ms: number) => new Promise((r) => setTimeout(r, ms));

function eerste(worker: Worker<BerichtJob>, gebeurtenis: 'completed' | 'failed'): Promise<Job<BerichtJob>> {
  return new Promise((resolve) => worker.once(gebeurtenis, (job: Job<BerichtJob> | undefined) => resolve(job!)));
}

describe('berichten queue and worker (real Redis)', function () {
  let prefix: string;
  let queue: Queue<BerichtJob>;
  let worker: Worker<BerichtJob> | undefined;
  const verwerkt: BerichtJob[] = [];

  const start = (processor: (job: BerichtJob) => Promise<unknown>) => {
    worker = startBerichtenWorker({ redisUrl: REDIS_URL, concurrency: 2, prefix, logger: stil }, async (job) => {
      verwerkt.push(job);
      return processor(job);
    });
    return worker;
  };

  beforeEach(async () => {
    prefix = `plafond-test-${randomUUID().slice(0, 8)}`;
    queue = maakBerichtenQueue(REDIS_URL, { prefix, attempts: 3, backoffMs: 20 });
    await queue.waitUntilReady();
    verwerkt.length = 0;
    worker = undefined;
  });

  afterEach(async () => {
    try {
      await worker?.close(true);
      await queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
    const redis = new Redis(redisOpties(REDIS_URL));
    try {
      expect(await redis.keys(`${prefix}:*`)).to.deep.equal([]);
    } finally {
      redis.disconnect();
    }
  });

  it('processes an enqueued job exactly once with its data', async () => {
    const job = { berichtId: randomUUID(), correlationId: 'corr-1' };
    await enqueueBericht(queue, job);
    const w = start(async () => 'klaar');
    const klaar = await eerste(w, 'completed');
    await wacht(200);
    expect(verwerkt).to.deep.equal([job]);
    expect(klaar.id).to.equal(jobIdVoor(job.berichtId));
    expect(klaar.returnvalue).to.equal('klaar');
  });

  it('keeps one job when the same berichtId is enqueued twice', async () => {
    const berichtId = randomUUID();
    const a = await enqueueBericht(queue, { berichtId, correlationId: 'eerste' });
    const b = await enqueueBericht(queue, { berichtId, correlationId: 'tweede' });
    expect(b.id).to.equal(a.id);
    expect(await queue.getJobCounts('waiting', 'delayed', 'prioritized')).to.deep.equal({ waiting: 1, delayed: 0, prioritized: 0 });
    const w = start(async () => undefined);
    await eerste(w, 'completed');
    await wacht(200);
    expect(verwerkt).to.deep.equal([{ berichtId, correlationId: 'eerste' }]);
  });

  it('does not retry a job whose processor throws UnrecoverableError', async () => {
    const job = { berichtId: randomUUID(), correlationId: 'c' };
    await enqueueBericht(queue, job);
    const w = start(async () => {
      throw new UnrecoverableError('kan nooit lukken');
    });
    const mislukt = await eerste(w, 'failed');
    await wacht(300);
    expect(verwerkt).to.have.length(1);
    expect(mislukt.failedReason).to.equal('kan nooit lukken');
    expect(await queue.getJobState(jobIdVoor(job.berichtId))).to.equal('failed');
  });

  it('retries a job that fails once, and then it succeeds', async () => {
    const job = { berichtId: randomUUID(), correlationId: 'c' };
    await enqueueBericht(queue, job);
    let pogingen = 0;
    const w = start(async () => {
      pogingen++;
      if (pogingen === 1) throw new Error('database even weg');
      return 'tweede keer goed';
    });
    const klaar = await eerste(w, 'completed');
    expect(verwerkt).to.deep.equal([job, job]);
    expect(klaar.returnvalue).to.equal('tweede keer goed');
    expect(klaar.attemptsMade).to.equal(2);
  });

  it('fails malformed job data at once without calling the processor', async () => {
    await (queue as unknown as Queue).add('berichten', { berichtId: 'a:b', extra: true }, { jobId: 'kapot-1' });
    const w = start(async () => 'mag niet');
    const mislukt = await eerste(w, 'failed');
    await wacht(300);
    expect(verwerkt).to.deep.equal([]);
    expect(mislukt.failedReason).to.contain('ongeldige job-data');
    expect(mislukt.attemptsMade).to.equal(1);
  });

  it('refuses to enqueue a job whose ids BullMQ cannot carry', async () => {
    let fout: unknown;
    try {
      await enqueueBericht(queue, { berichtId: 'a:b', correlationId: 'c' });
    } catch (e) {
      fout = e;
    }
    expect(fout).to.be.instanceOf(TypeError);
    expect(await queue.count()).to.equal(0);
  });

  it('on SIGTERM finishes the running job, closes the worker and exits 0', async () => {
    let laat!: () => void;
    await enqueueBericht(queue, { berichtId: randomUUID(), correlationId: 'c' });
    const w = start(() => new Promise((r) => (laat = () => r('af'))));
    while (verwerkt.length === 0) await wacht(10);
    const codes: number[] = [];
    const signalen = new EventEmitter();
    let losgelaten = false;
    const verwijder = stopBijSignaal(w, stil, {
      exit: (code) => codes.push(code),
      bron: signalen,
      naSluiten: async () => {
        losgelaten = w.closing !== undefined && !w.isRunning();
      },
    });
    try {
      signalen.emit('SIGTERM', 'SIGTERM');
      await wacht(50);
      expect(codes).to.deep.equal([]);
      const klaar = eerste(w, 'completed');
      laat();
      await klaar;
      while (codes.length === 0) await wacht(10);
      expect(codes).to.deep.equal([0]);
      expect(w.isRunning()).to.equal(false);
      expect(losgelaten, 'resources released after the worker closed').to.equal(true);
    } finally {
      verwijder();
    }
  });
});
