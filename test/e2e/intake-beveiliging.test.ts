import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { leesConfig, maakLogger } from '@plafond/core';
import { apiSleutels, berichtInfo, maakGebruiker, maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';
import { redisOpties, type BerichtJob } from '@plafond/worker-berichten';
import { main as cli } from '@plafond/cli';
import { maakDbIntakeDeps, startIntake, type IntakeServer, type RateLimietOpties } from '@plafond/intake';
import { AGB, basisStamdata, declaratie, prestatie } from '../support/declaraties';
import { vijandigeHttpTests, type VijandigDoel } from '../support/vijandig-http';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const WACHTWOORD = 'een-wachtwoord-van-de-aanbieder';
const stil = maakLogger({ level: 'silent' });
const basic = (gebruiker: string, wachtwoord: string) => 'Basic ' + Buffer.from(`${gebruiker}:${wachtwoord}`).toString('base64');

/** Runs a `plafond` command against the test database and returns its output. */
async function plafond(db: TestDatabase, args: string[]): Promise<{ code: number; uit: string; fout: string }> {
  const oud = process.env.DATABASE_URL;
  process.env.DATABASE_URL = db.url;
  const io = { uit: '', fout: '', tty: false, out: (t: string) => void (io.uit += t), err: (t: string) => void (io.fout += t) };
  try {
    const code = await cli(args, io);
    return { code, uit: io.uit, fout: io.fout };
  } finally {
    if (oud === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oud;
  }
}

describe('intake security against the real database and Redis (issue 16)', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let redis: Redis;
  const prefix = `plafond-beveiliging-${randomUUID().slice(0, 8)}`;
  const servers: IntakeServer[] = [];
  const jobs: BerichtJob[] = [];
  let intake: IntakeServer;

  async function start(rateLimiet: Partial<RateLimietOpties> = {}, env: Record<string, string> = {}): Promise<IntakeServer> {
    const config = leesConfig({ INTAKE_PORT: '0', PLAFOND_MAX_BERICHT_MB: '1', PLAFOND_BODY_STILTE_MS: '800', ...env });
    const s = await startIntake(config, maakDbIntakeDeps(db.dataSource, async (job) => void jobs.push(job)), {
      host: '127.0.0.1', logger: stil, rateLimiet: { perMinuut: 100_000, inlogPogingen: 5, redis, prefix, ...rateLimiet },
    });
    servers.push(s);
    return s;
  }

  before(async () => {
    db = await maakTestDatabase();
    await basisStamdata(db.dataSource);
    await maakGebruiker(db.dataSource, { username: AGB, rol: 'aanbieder', agbCode: AGB, wachtwoord: WACHTWOORD });
    redis = new Redis(redisOpties(REDIS_URL));
    intake = await start();
  });
  after(async () => {
    for (const s of servers) await s.close(100);
    const sleutels = await redis.keys(`${prefix}:*`);
    if (sleutels.length) await redis.del(...sleutels);
    redis.disconnect();
    await db?.drop();
  });

  const xml = () => declaratie(`B${randomUUID().slice(0, 8)}`, 'DN1', [{ bsn: '999900006', prestaties: [prestatie('R1', 5001, 1)] }]);

  it('accepts every X-Correlation-Id the API promises ([A-Za-z0-9._:-]{1,128}), not only UUIDs, and stores the message under it', async () => {
    for (const id of ['aanbieder:batch-7.regel_3', 'x', 'A'.repeat(128)]) {
      const res = await fetch(`${intake.url}/berichten`, { method: 'POST', headers: { Authorization: basic(AGB, WACHTWOORD), 'Content-Type': 'application/xml', 'X-Correlation-Id': id }, body: xml() });
      expect(res.status, id).to.equal(202);
      expect(res.headers.get('x-correlation-id')).to.equal(id);
      const { id: berichtId } = (await res.json()) as { id: string };
      expect((await berichtInfo(db.dataSource, berichtId))!.correlationId).to.equal(id);
      expect(jobs.at(-1)).to.deep.equal({ berichtId, correlationId: id });
    }
  });

  it('gives aanbieders API keys with `plafond apisleutel`: stored hashed, usable as Bearer or Basic password, rotated and revoked', async () => {
    const uitgegeven = await plafond(db, ['apisleutel', 'uitgeven', '--agb', AGB, '--omschrijving', 'declaratiesysteem']);
    expect(uitgegeven.code, uitgegeven.fout).to.equal(0);
    const sleutel = /(plk_[a-z0-9]{12}_[A-Za-z0-9_-]{43})/.exec(uitgegeven.uit)![1];
    const id = sleutel.slice(4, 16);
    const mailbox = (auth: string) => fetch(`${intake.url}/mailbox`, { headers: { Authorization: auth } }).then((r) => r.status);
    expect(await mailbox(`Bearer ${sleutel}`)).to.equal(200);
    expect(await mailbox(basic(AGB, sleutel))).to.equal(200);
    // A key only speaks for its own aanbieder, and a near miss is no key.
    expect(await mailbox(basic('87654321', sleutel))).to.equal(401);
    // (The last character changed to another: with a fixed 'A' one key in 64 would be its own near miss.)
    expect(await mailbox(`Bearer ${sleutel.slice(0, -1)}${sleutel.endsWith('A') ? 'B' : 'A'}`)).to.equal(401);
    // Only a hash is stored: the secret is nowhere in the database, nor in the audit trail.
    const [{ rij }] = await sqlRijen<{ rij: string }>(db.dataSource, `SELECT row_to_json(s)::text AS rij FROM api_sleutel s WHERE sleutel_id = $1`, [id]);
    expect(rij).to.not.contain(sleutel.slice(17));
    const [{ audit }] = await sqlRijen<{ audit: string }>(db.dataSource, `SELECT coalesce(string_agg(row_to_json(a)::text, ''), '') AS audit FROM audit_log a`);
    expect(audit).to.contain(id).and.not.contain(sleutel.slice(17));
    const lijst = await plafond(db, ['apisleutel', 'lijst', '--agb', AGB]);
    expect(lijst.uit).to.contain(id).and.contain('actief').and.not.contain(sleutel.slice(17));

    const geroteerd = await plafond(db, ['apisleutel', 'roteer', '--sleutel', id]);
    expect(geroteerd.code, geroteerd.fout).to.equal(0);
    const nieuw = /(plk_[a-z0-9]{12}_[A-Za-z0-9_-]{43})/.exec(geroteerd.uit)![1];
    expect(await mailbox(`Bearer ${sleutel}`)).to.equal(401);
    expect(await mailbox(`Bearer ${nieuw}`)).to.equal(200);

    // A rotation with overlap keeps the old key working until then.
    const metOverlap = await plafond(db, ['apisleutel', 'roteer', '--sleutel', nieuw.slice(4, 16), '--overlap-uren', '2']);
    const derde = /(plk_[a-z0-9]{12}_[A-Za-z0-9_-]{43})/.exec(metOverlap.uit)![1];
    expect(await mailbox(`Bearer ${nieuw}`)).to.equal(200);
    expect(await mailbox(`Bearer ${derde}`)).to.equal(200);

    expect((await plafond(db, ['apisleutel', 'intrekken', '--sleutel', derde.slice(4, 16)])).code).to.equal(0);
    expect(await mailbox(`Bearer ${derde}`)).to.equal(401);
    expect((await plafond(db, ['apisleutel', 'intrekken', '--sleutel', derde.slice(4, 16)])).code).to.equal(1);
    const staten = (await apiSleutels(db.dataSource, AGB)).map((k) => [k.sleutelId, k.ingetrokkenOp !== null, k.geldigTot !== null]);
    expect(staten).to.deep.include.members([[id, true, false], [nieuw.slice(4, 16), false, true], [derde.slice(4, 16), true, false]]);
    const acties = (await sqlRijen<{ action: string }>(db.dataSource, `SELECT action FROM audit_log WHERE entity = 'api_sleutel' ORDER BY id`)).map((r) => r.action);
    expect(acties).to.deep.equal(['apisleutel.uitgegeven', 'apisleutel.geroteerd', 'apisleutel.uitgegeven', 'apisleutel.geroteerd', 'apisleutel.uitgegeven', 'apisleutel.ingetrokken']);
  });

  it('limits failed sign-ins per account across intake processes (counted in Redis): after the limit even the right password waits, with 429 and Retry-After', async () => {
    await maakGebruiker(db.dataSource, { username: '11112222', rol: 'aanbieder', agbCode: null, wachtwoord: 'x' }).catch(() => undefined);
    const andere = await start();
    const mailbox = (s: IntakeServer, auth: string) => fetch(`${s.url}/mailbox`, { headers: { Authorization: auth } });
    for (let i = 0; i < 5; i++) expect((await mailbox(i % 2 ? intake : andere, basic(AGB, `fout-${i}`))).status).to.equal(401);
    for (const s of [intake, andere]) {
      const res = await mailbox(s, basic(AGB, WACHTWOORD));
      expect(res.status).to.equal(429);
      expect(Number(res.headers.get('retry-after'))).to.be.greaterThan(0);
      expect(((await res.json()) as { detail: string }).detail).to.contain('mislukte inlogpogingen');
    }
    // Another account from the same address is not locked out by this one's failures.
    expect((await mailbox(intake, basic('11112222', 'fout'))).status).to.equal(401);
    const sleutels = await redis.keys(`${prefix}:rl:inlog-account:*`);
    expect(sleutels.length).to.be.greaterThan(0);
    await redis.del(...sleutels);
    expect((await mailbox(intake, basic(AGB, WACHTWOORD))).status).to.equal(200);
  });

  it('limits requests per minute per client address and account with 429, and lets requests through while Redis is away', async () => {
    const krap = await start({ perMinuut: 3, prefix: `${prefix}-krap` });
    const statussen: number[] = [];
    for (let i = 0; i < 5; i++) statussen.push((await fetch(`${krap.url}/mailbox`, { headers: { Authorization: basic(AGB, WACHTWOORD) } })).status);
    expect(statussen).to.deep.equal([200, 200, 200, 429, 429]);
    const weg = new Redis({ port: 1, host: '127.0.0.1', maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
    weg.on('error', () => undefined);
    const regels: string[] = [];
    const zonderRedis = await start({ perMinuut: 3, redis: weg, logger: maakLogger({ level: 'info', schrijf: (r) => regels.push(r) }) });
    for (let i = 0; i < 5; i++) expect((await fetch(`${zonderRedis.url}/mailbox`, { headers: { Authorization: basic(AGB, WACHTWOORD) } })).status).to.equal(200);
    // Reported in the log, once per counter, not per request.
    expect(regels.filter((r) => r.includes('Redis niet bereikbaar'))).to.have.length(4);
    weg.disconnect();
    const krapSleutels = await redis.keys(`${prefix}-krap:*`);
    if (krapSleutels.length) await redis.del(...krapSleutels);
  });

  describe('hostile HTTP input (the suite any Plafond app can be pointed at)', () => {
    vijandigeHttpTests((): VijandigDoel => ({
      url: intake.url,
      login: { Authorization: basic(AGB, WACHTWOORD) },
      bodyRoutes: [{ method: 'POST', pad: '/berichten', type: 'application/xml', body: xml() }],
      zonderBody: [{ method: 'POST', pad: '/mailbox/1/bevestiging' }],
      bestandsnaamPad: (naam) => `/berichten?bestandsnaam=${encodeURIComponent(naam)}`,
      opgeslagen: async () => Number((await sqlRijen<{ n: string }>(db.dataSource, 'SELECT count(*) AS n FROM bericht'))[0].n),
      maxBytes: 1024 * 1024,
      stilteMs: 800,
      inDitProces: true,
    }));
  });
});
