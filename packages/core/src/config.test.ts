import { expect } from 'chai';
import { ConfiguratieFout } from './errors';
import { leesConfig, ONTWIKKEL_PSEUDONIEM_SLEUTEL, vereisEigenPseudoniemSleutel } from './config';

const SLEUTEL = 'een-geheime-sleutel-van-ruim-32-tekens-lang';

describe('leesConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const c = leesConfig({});
    expect(c).to.include({
      nodeEnv: 'development',
      productie: false,
      intakePort: 3001,
      backofficePort: 3002,
      maxBerichtMb: 25,
      maxBerichtBytes: 25 * 1024 * 1024,
      workerConcurrency: 8,
      queuePrefix: 'plafond',
      lateTermijnMaanden: 3,
      logLevel: 'info',
      workerLockMs: 30_000,
      bodyStilteMs: 30_000,
      maxUploads: 16,
      rateLimitPerMinuut: 600,
      inlogPogingen: 10,
      vegerIntervalMs: 60_000,
      vegerWachtMs: 120_000,
      ontwikkelSleutel: true,
    });
    expect(c.databaseUrl).to.equal(undefined);
    expect(c.redisUrl).to.equal(undefined);
    expect(c.istandaardenDir).to.equal(undefined);
  });

  it('reads the thresholds of the budget signals, and refuses one out of range', () => {
    expect(leesConfig({}).signalen).to.deep.equal({ drempelPct: 70, onderbestedingPct: 85, overbestedingMargePct: 0, sprongPct: 150, lateDeclaratiePct: 10 });
    const c = leesConfig({ PLAFOND_SIGNAAL_DREMPEL_PCT: '75', PLAFOND_SIGNAAL_ONDERBESTEDING_PCT: '80', PLAFOND_SIGNAAL_OVERBESTEDING_MARGE_PCT: '2', PLAFOND_SIGNAAL_SPRONG_PCT: '200', PLAFOND_SIGNAAL_LATE_PCT: '5' });
    expect(c.signalen).to.deep.equal({ drempelPct: 75, onderbestedingPct: 80, overbestedingMargePct: 2, sprongPct: 200, lateDeclaratiePct: 5 });
    expect(() => leesConfig({ PLAFOND_SIGNAAL_SPRONG_PCT: '100' })).to.throw(ConfiguratieFout, /PLAFOND_SIGNAAL_SPRONG_PCT/);
  });

  it('uses the public development key outside production and says so in a warning', () => {
    const c = leesConfig({ NODE_ENV: 'test' });
    expect(c.pseudoniemSleutel).to.equal(ONTWIKKEL_PSEUDONIEM_SLEUTEL);
    expect(c.waarschuwingen).to.have.length(1);
    expect(c.waarschuwingen[0]).to.contain('PLAFOND_PSEUDONIEM_SLEUTEL');
  });

  it('fails closed for a service against a real database without its own pseudonym key, whatever NODE_ENV says (issue 16)', () => {
    for (const env of [{ DATABASE_URL: 'postgres://db/plafond' }, { DATABASE_URL: 'postgres://db/plafond', NODE_ENV: 'test', PLAFOND_PSEUDONIEM_SLEUTEL: ONTWIKKEL_PSEUDONIEM_SLEUTEL }]) {
      expect(() => vereisEigenPseudoniemSleutel(leesConfig(env), 'de intake')).to.throw(ConfiguratieFout, /de intake start niet: PLAFOND_PSEUDONIEM_SLEUTEL ontbreekt/);
    }
    expect(() => vereisEigenPseudoniemSleutel(leesConfig({ DATABASE_URL: 'postgres://db/plafond', PLAFOND_PSEUDONIEM_SLEUTEL: SLEUTEL }), 'de intake')).to.not.throw();
    // The CLI on its own embedded database (no DATABASE_URL) keeps the development key for stable demo pseudonyms.
    expect(() => vereisEigenPseudoniemSleutel(leesConfig({}), 'de intake')).to.not.throw();
  });

  it('refuses production without a pseudonym key', () => {
    expect(() => leesConfig({ NODE_ENV: 'production' })).to.throw(ConfiguratieFout, /PLAFOND_PSEUDONIEM_SLEUTEL: verplicht/);
  });

  it('refuses the public development key in production', () => {
    expect(() => leesConfig({ NODE_ENV: 'production', PLAFOND_PSEUDONIEM_SLEUTEL: ONTWIKKEL_PSEUDONIEM_SLEUTEL })).to.throw(ConfiguratieFout, /ontwikkelsleutel/);
  });

  it('reads every key of a complete production environment', () => {
    const c = leesConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://plafond:geheim@db:5432/plafond',
      REDIS_URL: 'rediss://redis:6380/2',
      PLAFOND_PSEUDONIEM_SLEUTEL: SLEUTEL,
      INTAKE_PORT: '8080',
      PORT: '9999',
      BACKOFFICE_PORT: '8081',
      PLAFOND_MAX_BERICHT_MB: '50',
      PLAFOND_WORKER_CONCURRENCY: '16',
      PLAFOND_QUEUE_PREFIX: 'zw-prod',
      PLAFOND_LATE_TERMIJN_MAANDEN: '6',
      ISTANDAARDEN_DIR: '/srv/istandaarden',
      LOG_LEVEL: 'warn',
      PLAFOND_WORKER_LOCK_MS: '5000',
    });
    expect(c).to.include({
      productie: true,
      databaseUrl: 'postgres://plafond:geheim@db:5432/plafond',
      redisUrl: 'rediss://redis:6380/2',
      pseudoniemSleutel: SLEUTEL,
      intakePort: 8080,
      backofficePort: 8081,
      maxBerichtBytes: 50 * 1024 * 1024,
      workerConcurrency: 16,
      queuePrefix: 'zw-prod',
      lateTermijnMaanden: 6,
      istandaardenDir: '/srv/istandaarden',
      logLevel: 'warn',
      workerLockMs: 5000,
    });
    expect(c.waarschuwingen).to.deep.equal([]);
  });

  it('falls back to PORT for the intake port when INTAKE_PORT is absent', () => {
    expect(leesConfig({ PORT: '4000' }).intakePort).to.equal(4000);
  });

  it('treats empty values as absent', () => {
    const c = leesConfig({ DATABASE_URL: '', REDIS_URL: '  ', INTAKE_PORT: '' });
    expect(c.databaseUrl).to.equal(undefined);
    expect(c.redisUrl).to.equal(undefined);
    expect(c.intakePort).to.equal(3001);
  });

  it('lists every bad key in one error', () => {
    let fout: unknown;
    try {
      leesConfig({
        DATABASE_URL: 'mysql://x/y',
        REDIS_URL: 'geen url',
        INTAKE_PORT: '70000',
        BACKOFFICE_PORT: 'abc',
        PLAFOND_MAX_BERICHT_MB: '0',
        PLAFOND_WORKER_CONCURRENCY: '-1',
        PLAFOND_QUEUE_PREFIX: 'a:b',
        PLAFOND_LATE_TERMIJN_MAANDEN: '1.5',
        PLAFOND_PSEUDONIEM_SLEUTEL: 'kort',
        LOG_LEVEL: 'verbose',
        PLAFOND_WORKER_LOCK_MS: '500',
      });
    } catch (e) {
      fout = e;
    }
    expect(fout).to.be.instanceOf(ConfiguratieFout);
    const tekst = (fout as Error).message;
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'INTAKE_PORT', 'BACKOFFICE_PORT', 'PLAFOND_MAX_BERICHT_MB', 'PLAFOND_WORKER_CONCURRENCY', 'PLAFOND_QUEUE_PREFIX', 'PLAFOND_LATE_TERMIJN_MAANDEN', 'PLAFOND_PSEUDONIEM_SLEUTEL', 'LOG_LEVEL', 'PLAFOND_WORKER_LOCK_MS']) {
      expect(tekst).to.contain(`- ${key}:`);
    }
  });

  it('never echoes a connection string that may hold a password', () => {
    expect(() => leesConfig({ DATABASE_URL: 'postgres//plafond:Sup3rGeheim@db' })).to.throw(ConfiguratieFout).with.property('message').that.does.not.contain('Sup3rGeheim');
  });

  it('returns a frozen object', () => {
    const c = leesConfig({});
    expect(Object.isFrozen(c)).to.equal(true);
    expect(Object.isFrozen(c.waarschuwingen)).to.equal(true);
  });
});
