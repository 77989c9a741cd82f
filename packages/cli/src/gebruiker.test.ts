import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { auditVan, controleerGebruiker, maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';

const PLAFOND = fileURLToPath(new URL('../../../bin/plafond.mjs', import.meta.url));

/** Runs the real command in a child process against the test database. */
function plafond(db: TestDatabase, ...args: string[]): Promise<{ code: number; uit: string; fout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [PLAFOND, ...args], { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, timeout: 60_000 }, (err, uit, fout) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, uit, fout });
    });
  });
}

const wachtwoordUit = (uit: string): string => {
  const m = /^wachtwoord: (\S+)$/m.exec(uit);
  if (!m) throw new Error(`geen regel 'wachtwoord: …' in ${JSON.stringify(uit)}`);
  return m[1];
};

describe('plafond gebruiker (child process)', function () {
  this.timeout(180_000);
  let db: TestDatabase;

  before(async () => {
    db = await maakTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  it('creates a gemeente user bound to two gemeenten and prints the password once on a line `wachtwoord: …`', async () => {
    const r = await plafond(db, 'gebruiker', '--rol', 'gemeente', '--gemeente', '0479', '--gemeente', '0439', '--naam', 'ssc-zaan');
    expect(r.code, r.fout).to.equal(0);
    const ww = wachtwoordUit(r.uit);
    expect(await controleerGebruiker(db.dataSource, 'ssc-zaan', ww)).to.deep.include({ rol: 'gemeente', gemeenten: ['0439', '0479'] });
    const [{ password_hash }] = await sqlRijen<{ password_hash: string }>(db.dataSource, `SELECT password_hash FROM app_user WHERE username = 'ssc-zaan'`);
    expect(password_hash).to.match(/^\$argon2id\$/).and.not.include(ww);
  });

  it('refuses an existing name in one Dutch line with a non-zero exit and changes nothing', async () => {
    expect((await plafond(db, 'gebruiker', '--rol', 'backoffice', '--naam', 'bo-jan')).code).to.equal(0);
    const [voor] = await sqlRijen<{ password_hash: string; n: string }>(db.dataSource, `SELECT password_hash, (SELECT count(*) FROM app_user)::text AS n FROM app_user WHERE username = 'bo-jan'`);
    const r = await plafond(db, 'gebruiker', '--rol', 'contractmanager', '--naam', 'bo-jan');
    expect(r.code).to.not.equal(0);
    expect(r.fout.trim().split('\n')).to.deep.equal(["plafond gebruiker: gebruiker 'bo-jan' bestaat al"]);
    expect(r.uit).to.not.match(/wachtwoord/);
    const [na] = await sqlRijen<{ password_hash: string; n: string }>(db.dataSource, `SELECT password_hash, (SELECT count(*) FROM app_user)::text AS n FROM app_user WHERE username = 'bo-jan'`);
    expect(na).to.deep.equal(voor);
  });

  it('refuses an unknown gemeente and a gemeente user without one, storing nothing', async () => {
    const onbekend = await plafond(db, 'gebruiker', '--rol', 'gemeente', '--gemeente', '9999', '--naam', 'nergens');
    expect(onbekend.code).to.not.equal(0);
    expect(onbekend.fout.trim().split('\n')).to.deep.equal(['plafond gebruiker: gemeente 9999 bestaat niet (CBS-code)']);
    const zonder = await plafond(db, 'gebruiker', '--rol', 'gemeente', '--naam', 'nergens');
    expect(zonder.code).to.equal(2);
    expect(zonder.fout).to.match(/rol gemeente heeft minstens één --gemeente CBS nodig/);
    expect(await sqlRijen(db.dataSource, `SELECT 1 FROM app_user WHERE username = 'nergens'`)).to.deep.equal([]);
  });

  it('--reset issues a new password (the old one stops working) and records it in the audit trail', async () => {
    const eerst = await plafond(db, 'gebruiker', '--rol', 'contractmanager', '--naam', 'cm-piet');
    const oud = wachtwoordUit(eerst.uit);
    const r = await plafond(db, 'gebruiker', '--reset', '--naam', 'cm-piet');
    expect(r.code, r.fout).to.equal(0);
    const nieuw = wachtwoordUit(r.uit);
    expect(nieuw).to.not.equal(oud);
    expect(await controleerGebruiker(db.dataSource, 'cm-piet', oud)).to.equal(null);
    expect(await controleerGebruiker(db.dataSource, 'cm-piet', nieuw)).to.include({ username: 'cm-piet' });
    const [{ id }] = await sqlRijen<{ id: number }>(db.dataSource, `SELECT id FROM app_user WHERE username = 'cm-piet'`);
    const audit = await auditVan(db.dataSource, 'app_user', String(id));
    expect(audit.map((a) => a.action)).to.include('gebruiker.wachtwoord-gereset');
    expect(JSON.stringify(audit)).to.not.include(nieuw);
    const onbekend = await plafond(db, 'gebruiker', '--reset', '--naam', 'bestaat-niet');
    expect(onbekend.code).to.not.equal(0);
    expect(onbekend.fout.trim()).to.equal("plafond gebruiker: gebruiker 'bestaat-niet' bestaat niet");
  });

  it('--lijst lists every user with role and scope, without any secret', async () => {
    const r = await plafond(db, 'gebruiker', '--lijst');
    expect(r.code, r.fout).to.equal(0);
    const regels = r.uit.trim().split('\n');
    expect(regels.some((l) => /^ssc-zaan\tgemeente gemeente 0439,0479\tactief\tnog nooit aangemeld$/.test(l))).to.equal(true);
    expect(regels.some((l) => l.startsWith('cm-piet\tcontractmanager'))).to.equal(true);
    expect(r.uit).to.not.match(/argon2|scrypt|wachtwoord/);
  });
});
