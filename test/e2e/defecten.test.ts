/**
 * Found defects of issue 16 seen from the outside: `plafond verwerk` on the official WMO323 example (addressed to
 * gemeente 0384, not in the master data) and services started against a real database without their own
 * pseudonym key.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as cli } from '@plafond/cli';
import { maakTestDatabase, upsertAanbieders, type TestDatabase } from '@plafond/db';
import { ISTANDAARDEN_DIR, vereisIstandaarden } from '../support/istandaarden';
import { INTAKE, ROOT, WORKER } from '../support/processen';

describe('found defects (issue 16), from the outside', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  before(async () => {
    db = await maakTestDatabase();
  });
  after(async () => db?.drop());

  it('plafond verwerk answers the official WMO323 (Ontvanger 0384) with S300 in verwerking.json, beside a message it processes, instead of stopping with a stack trace', async function () {
    vereisIstandaarden(this);
    await upsertAanbieders(db.dataSource, [{ agbCode: '65656055', naam: 'Voorbeeld' }]);
    const dir = await mkdtemp(join(tmpdir(), 'plafond-defect-'));
    try {
      // The aanbieder of the examples as master data of the batch (verwerk refuses a batch with nothing to decide against).
      await writeFile(join(dir, 'aanbieders.csv'), 'agb,naam\n65656055,Voorbeeld\n');
      await copyFile(join(ISTANDAARDEN_DIR, 'iwmo-3.2/voorbeelden/WMO323.xml'), join(dir, 'wmo323.xml'));
      await copyFile(join(ISTANDAARDEN_DIR, 'ijw-3.2/voorbeelden/JW323.xml'), join(dir, 'jw323.xml'));
      const io = { uit: '', fout: '', tty: false, out: (t: string) => void (io.uit += t), err: (t: string) => void (io.fout += t) };
      const oud = process.env.DATABASE_URL;
      process.env.DATABASE_URL = db.url;
      let code: number;
      try {
        code = await cli(['verwerk', '--in', dir, '--out', join(dir, 'uit')], io);
      } finally {
        if (oud === undefined) delete process.env.DATABASE_URL;
        else process.env.DATABASE_URL = oud;
      }
      expect(code, io.fout).to.equal(0);
      expect(io.fout).to.not.match(/\n\s+at /);
      const regels = JSON.parse(await readFile(join(dir, 'uit', 'verwerking.json'), 'utf8')) as { file: string; outcome: string; retourcodes: string[] }[];
      expect(regels.map((r) => [r.file, r.outcome, r.retourcodes])).to.deep.include.members([['wmo323.xml', 'afgewezen', ['S300']], ['jw323.xml', 'afgewezen', ['S300']]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the intake and a worker refuse to start against a real database with the public pseudonym key, with a clear message', async () => {
    for (const script of [INTAKE, WORKER]) {
      const { code, uit } = await new Promise<{ code: number | null; uit: string }>((ok) => {
        const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:6379/15', NODE_ENV: 'development', INTAKE_PORT: '0' };
        delete env.PLAFOND_PSEUDONIEM_SLEUTEL;
        const k = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let tekst = '';
        k.stdout.on('data', (d: Buffer) => (tekst += d.toString()));
        k.stderr.on('data', (d: Buffer) => (tekst += d.toString()));
        k.on('close', (c) => ok({ code: c, uit: tekst }));
      });
      expect(code, script).to.equal(1);
      expect(uit, script).to.contain('start niet: PLAFOND_PSEUDONIEM_SLEUTEL ontbreekt');
      expect(uit, script).to.not.match(/\n\s+at /);
    }
  });
});
