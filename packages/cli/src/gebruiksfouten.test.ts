import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';
import { plafond, regels, type Uitvoer } from '../../../test/support/cli';

/** One line on stderr, no stack trace, nothing on stdout, the given exit code. */
function eenRegel(r: Uitvoer, code: number, bevat: string | RegExp): void {
  expect(r.code, r.fout).to.equal(code);
  expect(regels(r.fout), r.fout).to.have.length(1);
  if (typeof bevat === 'string') expect(r.fout).to.contain(bevat);
  else expect(r.fout).to.match(bevat);
  expect(r.fout).not.to.match(/\n\s+at |Error:/);
  expect(r.uit).to.equal('');
}

describe('plafond: a user\'s mistake gets one Dutch line and a non-zero exit, and stores nothing', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  const aantal = async (tabel: string) => Number((await sqlRijen<{ n: string }>(db.dataSource, `SELECT count(*) AS n FROM ${tabel}`))[0].n);

  before(async () => {
    db = await maakTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'plafond-fouten-'));
    // A PLAFOND_HOME that must stay empty: no command may start an embedded database for a mistake.
    env = { DATABASE_URL: db.url, PLAFOND_HOME: join(dir, 'home') };
    await mkdir(join(dir, 'in'));
    await writeFile(join(dir, 'bestand.txt'), 'geen map');
  });
  after(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    expect(await aantal('bericht'), 'berichten opgeslagen').to.equal(0);
    expect(await readdir(dir)).to.not.include('uit');
    expect(await readdir(dir)).to.not.include('home');
  });

  it('verwerk without --in', async () => {
    eenRegel(await plafond(['verwerk', '--out', join(dir, 'uit')], { env }), 2, 'plafond verwerk: --in ontbreekt');
  });

  it('verwerk with an --in that does not exist', async () => {
    eenRegel(await plafond(['verwerk', '--in', join(dir, 'nergens'), '--out', join(dir, 'uit')], { env }), 2, 'de map bestaat niet');
  });

  it('verwerk with a file as --in', async () => {
    eenRegel(await plafond(['verwerk', '--in', join(dir, 'bestand.txt'), '--out', join(dir, 'uit')], { env }), 2, 'is een bestand, geen map');
  });

  it('verwerk with --in equal to --out', async () => {
    eenRegel(await plafond(['verwerk', '--in', join(dir, 'in'), '--out', `${join(dir, 'in')}/`], { env }), 2, '--in en --out zijn dezelfde map');
  });

  it('verwerk with --peildatum 2026-13-01', async () => {
    eenRegel(await plafond(['verwerk', '--in', join(dir, 'in'), '--out', join(dir, 'uit'), '--peildatum', '2026-13-01'], { env }), 2, '--peildatum "2026-13-01" is geen bestaande datum');
  });

  it('serve with --port abc answers at once instead of hanging', async () => {
    const begin = Date.now();
    eenRegel(await plafond(['serve', '--port', 'abc'], { env, timeoutMs: 30_000 }), 2, '--port "abc" is geen poortnummer');
    expect(Date.now() - begin).to.be.below(30_000);
  });

  it('an unknown option, an option without its value, a stray argument', async () => {
    eenRegel(await plafond(['check', '--snel', 'x.xml'], { env }), 2, 'plafond check: onbekende optie --snel');
    eenRegel(await plafond(['verwerk', '--in'], { env }), 2, 'optie --in verwacht een waarde');
    eenRegel(await plafond(['migreer', 'nu'], { env }), 2, "onverwacht argument 'nu'");
  });

  it('gebruiker with an existing username says so and keeps the first one', async () => {
    const eerst = await plafond(['gebruiker', '--rol', 'backoffice', '--naam', 'marie'], { env });
    expect(eerst.code, eerst.fout).to.equal(0);
    const [voor] = await sqlRijen<{ password_hash: string }>(db.dataSource, "SELECT password_hash FROM app_user WHERE username = 'marie'");
    eenRegel(await plafond(['gebruiker', '--rol', 'contractmanager', '--naam', 'marie'], { env }), 1, "plafond gebruiker: gebruiker 'marie' bestaat al");
    const rijen = await sqlRijen<{ rol: string; password_hash: string }>(db.dataSource, "SELECT rol, password_hash FROM app_user WHERE username = 'marie'");
    expect(rijen).to.deep.equal([{ rol: 'backoffice', password_hash: voor.password_hash }]);
  });

  it('gebruiker with an unknown AGB-code or gemeente', async () => {
    const [gebruikers, audit] = [await aantal('app_user'), await aantal('audit_log')];
    eenRegel(await plafond(['gebruiker', '--rol', 'aanbieder', '--agb', '99999999'], { env }), 1, 'onbekende aanbieder: AGB-code 99999999');
    eenRegel(await plafond(['gebruiker', '--rol', 'aanbieder', '--agb', '1234'], { env }), 2, "--agb moet een AGB-code van 8 cijfers zijn, is '1234'");
    eenRegel(await plafond(['gebruiker', '--rol', 'gemeente', '--gemeente', '9999', '--naam', 'gemeente-x'], { env }), 1, 'gemeente 9999 bestaat niet (CBS-code)');
    expect(await aantal('app_user')).to.equal(gebruikers);
    expect(await aantal('audit_log')).to.equal(audit);
  });

  it('import of a file that is not there', async () => {
    eenRegel(await plafond(['import', join(dir, 'aanbieders.csv')], { env }), 2, 'aanbieders.csv bestaat niet');
    expect(await aantal('aanbieder')).to.equal(0);
  });
});
