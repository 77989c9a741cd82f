import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { datum } from '@plafond/core';
import { maakGebruiker, maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';
import { maakDbIntakeDeps, startIntake, type IntakeServer } from '@plafond/intake';
import { enqueueBericht, maakBerichtenQueue, processBericht, startBerichtenWorker } from '@plafond/worker-berichten';
import { leesConfig, maakLogger } from '@plafond/core';
import { serialiseer } from '@plafond/istandaard';
import { client301, header, toegewezenProduct, toewijzingBericht } from '../support/berichten';
import { AGB, basisStamdata, CONFIG, declaratie, prestatie, toewijzing } from '../support/declaraties';
import { vereisIstandaarden, xsdFouten } from '../support/istandaarden';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';

describe('end to end: aanbieder posts a JW323 over HTTP, a BullMQ worker decides it, the JW325 waits in the mailbox', function () {
  this.timeout(60_000);
  let db: TestDatabase;
  let server: IntakeServer;
  let queue: ReturnType<typeof maakBerichtenQueue>;
  let worker: ReturnType<typeof startBerichtenWorker>;
  const prefix = `plafond-e2e-${randomUUID().slice(0, 8)}`;
  const auth = `Basic ${Buffer.from(`${AGB}:geheim-wachtwoord`).toString('base64')}`;

  before(async function () {
    vereisIstandaarden(this);
    db = await maakTestDatabase();
    await basisStamdata(db.dataSource);
    await toewijzing(db.dataSource, '7001', '999900006');
    await maakGebruiker(db.dataSource, { username: AGB, rol: 'aanbieder', agbCode: AGB, wachtwoord: 'geheim-wachtwoord' });
    await maakGebruiker(db.dataSource, { username: 'zaanstad-zaaksysteem', rol: 'gemeente', gemeenten: ['0479'], wachtwoord: 'gemeente-wachtwoord' });
    queue = maakBerichtenQueue(REDIS_URL, { prefix });
    worker = startBerichtenWorker({ redisUrl: REDIS_URL, concurrency: 2, prefix }, (job) =>
      processBericht(job, { dataSource: db.dataSource, config: CONFIG, peildatum: datum('2026-04-06') }));
    const config = { ...leesConfig({}), intakePort: 0 };
    server = await startIntake(config, maakDbIntakeDeps(db.dataSource, async (job) => { await enqueueBericht(queue, job); }), { logger: maakLogger({ level: 'silent' }) });
  });
  after(async () => {
    await server?.close();
    await worker?.close();
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await db?.drop();
  });

  it('answers 202, processes through the queue, and serves a 325 that validates, then acknowledges it', async () => {
    const xml = declaratie('E1', 'EDN1', [{ bsn: '999900006', prestaties: [prestatie('E-R1', 7001, 4)] }]);
    const post = await fetch(`${server.url}/berichten`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/xml' }, body: xml });
    expect(post.status).to.equal(202);
    const { id } = (await post.json()) as { id: string };
    let status: { status: string; antwoord_id?: string; antwoordId?: string } = { status: 'ontvangen' };
    for (let i = 0; i < 100 && status.status === 'ontvangen'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await (await fetch(`${server.url}/berichten/${id}`, { headers: { authorization: auth } })).json()) as typeof status;
    }
    expect(status.status).to.equal('verwerkt');
    const lijst = (await (await fetch(`${server.url}/mailbox`, { headers: { authorization: auth } })).json()) as { berichten: { id: string; type: string }[] };
    expect(lijst.berichten.map((b) => b.type)).to.deep.equal(['JW325']);
    const antwoord = await (await fetch(`${server.url}/mailbox/${lijst.berichten[0].id}`, { headers: { authorization: auth } })).text();
    expect(xsdFouten('JW325', antwoord)).to.equal('');
    expect(antwoord).to.contain('<jw325:RetourCode>8001</jw325:RetourCode>');
    const ack = await fetch(`${server.url}/mailbox/${lijst.berichten[0].id}/bevestiging`, { method: 'POST', headers: { authorization: auth } });
    expect(ack.status).to.equal(200);
    const leeg = (await (await fetch(`${server.url}/mailbox`, { headers: { authorization: auth } })).json()) as { berichten: unknown[] };
    expect(leeg.berichten).to.have.length(0);
  });

  it('refuses a message whose Afzender is another aanbieder, and answers nothing to it', async () => {
    const xml = declaratie('E2', 'EDN2', [{ bsn: '999900006', prestaties: [prestatie('E-R2', 7001, 1)] }]).replace(`<jw323:Afzender>${AGB}</jw323:Afzender>`, '<jw323:Afzender>87654321</jw323:Afzender>');
    const post = await fetch(`${server.url}/berichten`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/xml' }, body: xml });
    const { id } = (await post.json()) as { id: string };
    let status: { status: string } = { status: 'ontvangen' };
    for (let i = 0; i < 100 && status.status === 'ontvangen'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await (await fetch(`${server.url}/berichten/${id}`, { headers: { authorization: auth } })).json()) as typeof status;
    }
    expect(status.status).to.equal('afgewezen');
    const lijst = (await (await fetch(`${server.url}/mailbox`, { headers: { authorization: auth } })).json()) as { berichten: unknown[] };
    expect(lijst.berichten).to.have.length(0);
  });

  async function wachtOp(id: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const [r] = await sqlRijen<{ status: string }>(db.dataSource, 'SELECT status FROM bericht WHERE id = $1', [id]);
      if (r.status !== 'ontvangen') return r.status;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    return 'ontvangen';
  }

  it("takes a gemeente's JW301 through its own login, registers the toewijzing and forwards it to the aanbieder's mailbox", async () => {
    const gemeenteAuth = `Basic ${Buffer.from('zaanstad-zaaksysteem:gemeente-wachtwoord').toString('base64')}`;
    // Dated before the worker's processing date (2026-04-06): a later Dagtekening is refused with 8848 (TR135).
    const xml = serialiseer({ ...toewijzingBericht('G301-1', client301('999900018', [toegewezenProduct(7101)])), header: header(true, 'G301-1', '2026-04-01') });
    const post = await fetch(`${server.url}/gemeente/berichten`, { method: 'POST', headers: { authorization: gemeenteAuth, 'content-type': 'application/xml' }, body: xml });
    expect(post.status).to.equal(202);
    const { id } = (await post.json()) as { id: string };
    expect(await wachtOp(id)).to.equal('verwerkt');
    const lijst = (await (await fetch(`${server.url}/mailbox`, { headers: { authorization: auth } })).json()) as { berichten: { id: string; type: string }[] };
    expect(lijst.berichten.map((b) => b.type)).to.include('JW301');
    // An aanbieder cannot post a 301 as if it were the gemeente.
    const nep = await fetch(`${server.url}/berichten`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/xml' }, body: xml.replace('G301-1', 'G301-2') });
    expect(await wachtOp(((await nep.json()) as { id: string }).id)).to.equal('afgewezen');
    // And the gemeente route refuses an aanbieder's credentials.
    expect((await fetch(`${server.url}/gemeente/berichten`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/xml' }, body: xml })).status).to.equal(401);
  });
});
