import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Worker } from 'bullmq';
import { maakLogger } from '@plafond/core';
import {
  auditVan, berichtInfo, herstelOnverwerkbaar, maakTestDatabase, markeerOnverwerkbaar, onverwerkbareBerichten, slaOntvangenBerichtOp, sqlRijen,
  type DataSource, type TestDatabase,
} from '@plafond/db';
import { basisStamdata, CONFIG, declaratie, prestatie, toewijzing } from '../../../test/support/declaraties';
import { processBericht } from './process';
import { enqueueBericht, jobIdVoor, maakBerichtenQueue, type BerichtJob } from './queue';
import { veegInProces, veegWachtrij } from './veger';
import { isBlijvendeFout, startBerichtenWorker } from './worker';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const stil = maakLogger({ level: 'silent' });
const wacht = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function tot(voorwaarde: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const t = Date.now();
  while (!(await voorwaarde())) {
    if (Date.now() - t > ms) throw new Error('voorwaarde niet bereikt');
    await wacht(50);
  }
}

describe('sweeper and dead letters (issue 16): no received message stays ontvangen forever', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let ds: DataSource;
  let prefix: string;
  let queue: ReturnType<typeof maakBerichtenQueue>;
  let worker: Worker<BerichtJob> | undefined;
  let volgnummer = 0;

  before(async () => {
    db = await maakTestDatabase();
    ds = db.dataSource;
    await basisStamdata(ds);
    await toewijzing(ds, '5001', '999900006');
  });
  after(async () => db?.drop());
  beforeEach(async () => {
    prefix = `plafond-veger-${randomUUID().slice(0, 8)}`;
    queue = maakBerichtenQueue(REDIS_URL, { prefix, attempts: 2, backoffMs: 10 });
    worker = undefined;
  });
  afterEach(async () => {
    await worker?.close(true);
    await queue.obliterate({ force: true });
    await queue.close();
  });

  const opslaan = async () => {
    const n = ++volgnummer;
    const b = await slaOntvangenBerichtOp(ds, { inhoud: Buffer.from(declaratie(`V${n}`, `VDN${n}`, [{ bsn: '999900006', prestaties: [prestatie(`VR${n}`, 5001, 1)] }])) });
    return { berichtId: b.id, correlationId: b.correlationId };
  };
  const status = async (id: string) => (await berichtInfo(ds, id))!.status;

  it('enqueues again a message whose job was lost (stored, but Redis never got or lost the job), once however many sweepers run', async () => {
    const job = await opslaan();
    expect((await veegWachtrij(ds, queue, { wachtMs: 60_000 })).opnieuw, 'te jong: nog onderweg').to.equal(0);
    const rondes = await Promise.all([1, 2, 3].map(() => veegWachtrij(ds, queue, { wachtMs: 0 })));
    expect(rondes.reduce((n, r) => n + r.opnieuw, 0)).to.be.within(1, 3);
    expect(await queue.getJobCounts('wait')).to.deep.equal({ wait: 1 });
    worker = startBerichtenWorker({ redisUrl: REDIS_URL, concurrency: 1, prefix, logger: stil }, (j) => processBericht(j, { dataSource: ds, config: CONFIG }));
    await tot(async () => (await status(job.berichtId)) === 'verwerkt');
    // A job still waiting or done is left alone.
    expect((await veegWachtrij(ds, queue, { wachtMs: 0 })).opnieuw).to.equal(0);
  });

  it('dead-letters a message whose job failed for good, with its reason, lists it for the werkvoorraad and puts it back on request', async () => {
    const job = await opslaan();
    worker = startBerichtenWorker(
      { redisUrl: REDIS_URL, concurrency: 1, prefix, logger: stil, opgegeven: (j, reden) => markeerOnverwerkbaar(ds, j.berichtId, reden) },
      async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    );
    await enqueueBericht(queue, job);
    await tot(async () => (await status(job.berichtId)) === 'onverwerkbaar');
    // A TypeError no retry can cure: one attempt, not two.
    const j = await queue.getJob(jobIdVoor(job.berichtId));
    expect(j!.attemptsMade).to.equal(1);
    const lijst = await onverwerkbareBerichten(ds);
    expect(lijst.map((b) => [b.id, b.reden])).to.deep.include([job.berichtId, "Cannot read properties of undefined (reading 'x')"]);
    expect((await auditVan(ds, 'bericht', job.berichtId)).map((a) => [a.action, a.voor, a.na])).to.deep.equal([
      ['bericht.onverwerkbaar', { status: 'ontvangen' }, { status: 'onverwerkbaar', reden: "Cannot read properties of undefined (reading 'x')" }],
    ]);

    expect(await herstelOnverwerkbaar(ds, job.berichtId, 'backoffice:jan')).to.equal(true);
    expect(await status(job.berichtId)).to.equal('ontvangen');
    expect((await onverwerkbareBerichten(ds)).map((b) => b.id)).to.not.include(job.berichtId);
    await worker.close();
    worker = startBerichtenWorker({ redisUrl: REDIS_URL, concurrency: 1, prefix, logger: stil }, (x) => processBericht(x, { dataSource: ds, config: CONFIG }));
    // The old failed job is still known to Redis: the sweeper sees it failed — but the message was put back
    // after that, so it hands it on again rather than dead-letter it a second time.
    expect((await veegWachtrij(ds, queue, { wachtMs: 0 })).opnieuw).to.equal(1);
    await tot(async () => (await status(job.berichtId)) === 'verwerkt');
  });

  it('dead-letters a message after its last attempt for a transient error, and the sweeper does it when the worker could not', async () => {
    const job = await opslaan();
    let pogingen = 0;
    worker = startBerichtenWorker({ redisUrl: REDIS_URL, concurrency: 1, prefix, logger: stil }, async () => {
      pogingen++;
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '57P01' });
    });
    await enqueueBericht(queue, job);
    await tot(async () => (await queue.getJobCounts('failed')).failed === 1);
    expect(pogingen, 'een tijdelijke fout wordt opnieuw geprobeerd').to.equal(2);
    expect(await status(job.berichtId)).to.equal('ontvangen');
    expect(await veegWachtrij(ds, queue, { wachtMs: 0 })).to.deep.equal({ opnieuw: 0, onverwerkbaar: 1 });
    expect((await onverwerkbareBerichten(ds)).find((b) => b.id === job.berichtId)?.reden).to.equal('Connection terminated unexpectedly');
  });

  it('without Redis, processes what a previous process left waiting (an intake that died after storing)', async () => {
    const job = await opslaan();
    const u = await veegInProces(ds, (j) => processBericht(j, { dataSource: ds, config: CONFIG }), { wachtMs: 0, blijvend: isBlijvendeFout });
    expect(u.opnieuw).to.be.greaterThan(0);
    expect(await status(job.berichtId)).to.equal('verwerkt');
    const [{ n }] = await sqlRijen<{ n: number }>(ds, `SELECT count(*)::int AS n FROM bericht WHERE status = 'ontvangen' AND richting = 'in'`);
    expect(n).to.equal(0);
  });

  it('tells errors no retry cures from passing ones', () => {
    expect(isBlijvendeFout(Object.assign(new Error('x'), { code: '23503' }))).to.equal(true);
    expect(isBlijvendeFout(Object.assign(new Error('x'), { code: '22008' }))).to.equal(true);
    expect(isBlijvendeFout(new TypeError('x'))).to.equal(true);
    expect(isBlijvendeFout(Object.assign(new Error('x'), { code: '40P01' }))).to.equal(false);
    expect(isBlijvendeFout(Object.assign(new Error('x'), { code: '57P01' }))).to.equal(false);
    expect(isBlijvendeFout(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).to.equal(false);
    expect(isBlijvendeFout(new Error('onbekend'))).to.equal(false);
  });
});
