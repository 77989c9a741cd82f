import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import { maakLogger, type Maand } from '@plafond/core';
import { aanbiederOpAgb, maakTestDatabase, ohwOntvangst, slaOhwOntvangstOp, type TestDatabase } from '@plafond/db';
import { OHW_KOLOMMEN } from '@plafond/ohw';
import { AGB, basisStamdata, toewijzing } from '../../../test/support/declaraties';
import { enqueueOhw, isOhwJob, maakOhwQueue, processOhwUpload, redisOpties, startOhwWorker, type OhwJob } from './index';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';

describe('OHW queue and worker (real Redis and PostgreSQL)', function () {
  let tdb: TestDatabase;
  const prefix = `plafond-test-ohw-${randomUUID().slice(0, 8)}`;

  before(async () => {
    tdb = await maakTestDatabase();
    await basisStamdata(tdb.dataSource);
    await toewijzing(tdb.dataSource, 'T1', '999900006');
  });
  after(async () => {
    await tdb?.drop();
    const redis = new Redis(redisOpties(REDIS_URL));
    try {
      expect(await redis.keys(`${prefix}:*`)).to.deep.equal([]);
    } finally {
      redis.disconnect();
    }
  });

  it('refuses malformed job data and checks a stored upload through the queue, once per id', async () => {
    expect(isOhwJob({ ontvangstId: '12', correlationId: 'c' })).to.equal(true);
    expect(isOhwJob({ ontvangstId: '12; DROP', correlationId: 'c' })).to.equal(false);
    expect(isOhwJob({ ontvangstId: '12', correlationId: 'c', extra: 1 })).to.equal(false);
    const aanbieder = (await aanbiederOpAgb(tdb.dataSource, AGB))!;
    const csv = `${OHW_KOLOMMEN.join(';')}\n0479;T1;999900006;45;45A03;2026-03;2;04;130,00;\n`;
    const id = await slaOhwOntvangstOp(tdb.dataSource, {
      aanbiederId: aanbieder.id, maand: '2026-03' as Maand, door: 'intake', bestandNaam: 'ohw.csv', soort: 'csv', bestand: Buffer.from(csv), correlationId: randomUUID(),
    });
    const queue = maakOhwQueue(REDIS_URL, { prefix });
    const worker = startOhwWorker({ redisUrl: REDIS_URL, concurrency: 1, prefix, logger: maakLogger({ level: 'silent' }) }, (job) => processOhwUpload(job, { dataSource: tdb.dataSource }));
    try {
      const klaar = new Promise<Job<OhwJob>>((ok) => worker.once('completed', (job) => ok(job)));
      const eerste = await enqueueOhw(queue, { ontvangstId: id, correlationId: 'corr-ohw' });
      const tweede = await enqueueOhw(queue, { ontvangstId: id, correlationId: 'corr-ohw' });
      expect(tweede.id).to.equal(eerste.id);
      const job = await klaar;
      expect((job.returnvalue as { ohw: { opgeslagen: number } }).ohw.opgeslagen).to.equal(1);
      const o = (await ohwOntvangst(tdb.dataSource, id))!;
      expect([o.status, o.versie, o.opgeslagen]).to.deep.equal(['verwerkt', 1, 1]);
    } finally {
      await worker.close(true);
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
