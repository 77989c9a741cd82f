import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { plafondHome } from '@plafond/db';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { BIN, plafond } from '../../../test/support/cli';

/** Pids of postgres servers running on this data directory. */
function servers(dataDir: string): number[] {
  const uit: number[] = [];
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      if (cmd.some((a) => a.endsWith('postgres')) && cmd.includes('-D') && cmd.includes(dataDir)) uit.push(Number(p));
    } catch {
      // gone meanwhile
    }
  }
  return uit;
}

/** Starts `plafond serve --port 0` and resolves once it listens. */
function startServe(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((ok, fout) => {
    const kind = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let uit = '';
    let err = '';
    kind.stdout!.on('data', (c: Buffer) => {
      uit += c.toString();
      if (uit.includes('intake luistert op')) ok(kind);
    });
    kind.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    kind.on('exit', (code) => fout(new Error(`serve stopte (${code}): ${err}`)));
  });
}

const einde = (kind: ChildProcess) => new Promise<void>((ok) => (kind.exitCode !== null || kind.signalCode !== null ? ok() : kind.once('exit', () => ok())));

describe('plafond db: one embedded PostgreSQL for every command, under PLAFOND_HOME', function () {
  this.timeout(240_000);
  let home: string;
  let env: Record<string, string | undefined>;
  let csv: string;
  const dataDir = () => join(home, 'postgres');

  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'plafond-home-'));
    env = { PLAFOND_HOME: home, DATABASE_URL: undefined };
    csv = join(home, 'aanbieders.csv');
    await writeFile(csv, 'agb,naam\n12345678,Zorg BV\n');
  });
  after(async () => {
    await plafond(['db', 'stop'], { env });
    for (const pid of servers(dataDir())) process.kill(pid, 'SIGKILL');
    await rm(home, { recursive: true, force: true });
  });
  afterEach(() => {
    // Whatever a test did, the next one starts without a server unless it starts one itself.
    expect(servers(dataDir()), 'draaiende servers').to.deep.equal([]);
  });

  it('lives in PLAFOND_HOME; the default does not depend on the working directory', () => {
    expect(plafondHome({ PLAFOND_HOME: '/srv/plafond' })).to.equal('/srv/plafond');
    const standaard = plafondHome({ HOME: '/home/marie' });
    expect(standaard).to.equal(process.getuid?.() === 0 ? '/var/lib/plafond' : join(process.env.XDG_DATA_HOME || join(homedir(), '.local/share'), 'plafond'));
    expect(plafondHome({ XDG_DATA_HOME: '/data' })).to.equal(process.getuid?.() === 0 ? '/var/lib/plafond' : '/data/plafond');
  });

  it('db start, status and stop: status names PLAFOND_HOME and exits 3 when it does not run', async () => {
    const voor = await plafond(['db', 'status'], { env });
    expect(voor.code).to.equal(3);
    expect(voor.uit).to.contain(`PLAFOND_HOME  ${home}`);
    expect(voor.uit).to.contain('draait niet');
    const start = await plafond(['db', 'start'], { env });
    expect(start.code, start.fout).to.equal(0);
    const status = await plafond(['db', 'status'], { env });
    expect(status.code).to.equal(0);
    const port = Number(/poort (\d+)/.exec(status.uit)![1]);
    expect(JSON.parse(await readFile(join(home, 'server.json'), 'utf8'))).to.include({ port, automatisch: false });
    expect((await readFile(join(home, 'wachtwoord'), 'utf8')).trim()).to.have.length.greaterThan(16);
    // Commands work against the running server and leave it running.
    for (const args of [['import', csv], ['gebruiker', '--rol', 'aanbieder', '--agb', '12345678'], ['migreer']]) {
      const r = await plafond(args, { env });
      expect(r.code, `${args.join(' ')}: ${r.fout}`).to.equal(0);
    }
    expect((await plafond(['db', 'status'], { env })).uit).to.contain(`poort ${port}`);
    expect((await plafond(['db', 'stop'], { env })).code).to.equal(0);
    expect((await plafond(['db', 'status'], { env })).code).to.equal(3);
  });

  it('while serve runs, gebruiker and import use the same database; the server goes with the last command', async () => {
    const serve = await startServe({ ...process.env, PLAFOND_HOME: home, DATABASE_URL: '' });
    try {
      const status = await plafond(['db', 'status'], { env });
      expect(status.uit).to.contain('automatisch door plafond serve');
      const imp = await plafond(['import', csv], { env });
      expect(imp.code, imp.fout).to.equal(0);
      expect(imp.uit).to.contain('aanbieders  0 nieuw, 0 gewijzigd, 1 ongewijzigd');
      const g = await plafond(['gebruiker', '--rol', 'backoffice', '--naam', 'ans'], { env });
      expect(g.code, g.fout).to.equal(0);
      expect(g.fout).not.to.contain('postmaster.pid');
    } finally {
      serve.kill('SIGINT');
      await einde(serve);
    }
  });

  it('commands started at the same moment share one server and leave none behind', async () => {
    const r = await Promise.all([['migreer'], ['import', csv], ['gebruiker', '--rol', 'contractmanager', '--naam', 'joke']].map((a) => plafond(a, { env })));
    expect(r.map((x) => x.code), r.map((x) => x.fout).join('')).to.deep.equal([0, 0, 0]);
    expect((await plafond(['db', 'status'], { env })).code).to.equal(3);
  });

  it('verwerk on a directory without master data works on the shared database; with its own, on a temporary one', async () => {
    const regio = genereerRegio({ seed: 5, aanbieders: 5, clienten: 40, maanden: 1 });
    const berichten = join(home, 'berichten');
    const partij = join(home, 'partij');
    for (const map of [berichten, partij]) {
      await mkdir(map, { recursive: true });
      for (const b of genereerMaand(regio, 0).berichten) await writeFile(join(map, b.bestandsnaam), serialiseer(b.model));
    }
    await writeFile(join(partij, 'aanbieders.csv'), aanbiedersCsv(regio));
    await writeFile(join(partij, 'tarieven.csv'), tarievenCsv(regio));
    await writeFile(join(partij, 'plafonds.csv'), plafondsCsv(regio));
    const imp = await plafond(['import', ...['aanbieders.csv', 'tarieven.csv', 'plafonds.csv'].map((f) => join(partij, f))], { env });
    expect(imp.code, imp.fout).to.equal(0);
    const verwerk = async (map: string) => {
      const uit = join(home, `uit-${Math.random().toString(36).slice(2)}`);
      const r = await plafond(['verwerk', '--in', map, '--out', uit], { env });
      expect(r.code, r.fout).to.equal(0);
      return { r, regels: JSON.parse(await readFile(join(uit, 'verwerking.json'), 'utf8')) as { retourcodes: string[] }[] };
    };
    const eerste = await verwerk(berichten);
    expect(eerste.r.fout).to.match(/de stamdata in de database wordt gebruikt \(\d+ aanbieders/);
    // The generated month resends a few messages on purpose; the rest is new.
    const herhaald = (x: { regels: { retourcodes: string[] }[] }) => x.regels.filter((v) => v.retourcodes.includes('9056')).length;
    expect(herhaald(eerste)).to.be.below(eerste.regels.length / 2);
    // The same files again on the same database: every one is a resent message (TR056).
    const tweede = await verwerk(berichten);
    expect(tweede.regels.every((v) => v.retourcodes.includes('9056'))).to.equal(true);
    // A directory with its own master data is a batch of its own, on a fresh database.
    const eigen = await verwerk(partij);
    expect(herhaald(eigen)).to.equal(herhaald(eerste));
  });

  it('a command killed halfway leaves no server that blocks the next one', async () => {
    const serve = await startServe({ ...process.env, PLAFOND_HOME: home, DATABASE_URL: '' });
    serve.kill('SIGKILL');
    await einde(serve);
    expect(servers(dataDir())).to.have.length(1);
    const r = await plafond(['migreer'], { env });
    expect(r.code, r.fout).to.equal(0);
    expect((await plafond(['db', 'status'], { env })).code).to.equal(3);
  });

  it('a server whose start was interrupted (no server.json) is stopped by the next command that used it', async () => {
    expect((await plafond(['db', 'start'], { env })).code).to.equal(0);
    await rm(join(home, 'server.json'));
    expect((await plafond(['db', 'status'], { env })).uit).to.contain('automatisch door plafond onbekend (afgebroken start)');
    expect((await plafond(['migreer'], { env })).code).to.equal(0);
    expect((await plafond(['db', 'status'], { env })).code).to.equal(3);
  });

  it('a server that crashed (stale postmaster.pid) never blocks the next command', async () => {
    expect((await plafond(['db', 'start'], { env })).code).to.equal(0);
    const [pid] = servers(dataDir());
    process.kill(pid, 'SIGKILL');
    while (servers(dataDir()).length) await new Promise((ok) => setTimeout(ok, 50));
    expect(await readFile(join(dataDir(), 'postmaster.pid'), 'utf8')).to.match(new RegExp(`^${pid}\n`));
    expect((await plafond(['db', 'status'], { env })).code).to.equal(3);
    const r = await plafond(['gebruiker', '--rol', 'backoffice', '--naam', 'kees'], { env });
    expect(r.code, r.fout).to.equal(0);
    expect((await plafond(['db', 'status'], { env })).code).to.equal(3);
  });
});
