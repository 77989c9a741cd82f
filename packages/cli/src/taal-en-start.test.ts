import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';
import { BIN, plafond, regels } from '../../../test/support/cli';
import { commands } from './commands';

const ROOT = resolve(import.meta.dirname, '../../..');
// Words that give away English text meant for people (the domain and product names are Dutch or proper names).
const ENGELS = /\b(usage|the|and|with|without|default|file|files|directory|when|every|messages?|options?|commands?|unknown|error)\b/i;
// `gebruiker` is being rewritten with the users of the back-office application (its texts come with it);
// JSON keys in a help line are a format, not prose.
const TE_LEZEN = (tekst: string) => tekst.split('\n').filter((r) => !/\bgebruiker\b.*\bcreate\b/.test(r)).join('\n').replace(/\{[^}]*\}/g, '');

describe('plafond speaks Dutch, starts from its build, and a small demo makes sense', function () {
  this.timeout(240_000);

  it('--version, help <command> and every help text, in Dutch', async () => {
    const versie = await plafond(['--version']);
    expect(versie.code).to.equal(0);
    expect(versie.uit).to.equal(`plafond ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
    const overzicht = await plafond(['--help']);
    expect(overzicht.code).to.equal(0);
    expect(overzicht.uit).to.contain('gebruik: plafond <commando> [opties]');
    expect(TE_LEZEN(overzicht.uit)).not.to.match(ENGELS);
    for (const c of commands) {
      const help = await plafond(['help', c.name]);
      expect(help.code, c.name).to.equal(0);
      expect((await plafond([c.name, '--help'])).uit).to.equal(help.uit);
      expect(help.uit).to.contain(`gebruik: plafond ${c.name}`);
      if (c.name !== 'gebruiker') expect(TE_LEZEN(help.uit), c.name).not.to.match(ENGELS);
    }
    const onbekend = await plafond(['help', 'vliegen']);
    expect(onbekend.code).to.equal(2);
    expect(regels(onbekend.fout)).to.deep.equal(["plafond: onbekend commando 'vliegen'; 'plafond --help' toont ze alle"]);
  });

  it('serve prints the address it really listens on, and limits failed sign-ins at its intake', async () => {
    const db: TestDatabase = await maakTestDatabase();
    const kind = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--backoffice-port', '0'], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent', PLAFOND_PSEUDONIEM_SLEUTEL: 'test-sleutel-van-minstens-tweeendertig-tekens', PLAFOND_INLOG_POGINGEN: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const regel = await new Promise<string>((ok, fout) => {
        let uit = '';
        kind.stdout.on('data', (c: Buffer) => {
          uit += c.toString();
          if (uit.includes('\n')) ok(uit);
        });
        kind.on('exit', (code) => fout(new Error(`serve stopte (${code})`)));
      });
      const m = /^intake luistert op 0\.0\.0\.0:(\d+) \(alle netwerkinterfaces; hier: http:\/\/127\.0\.0\.1:(\d+)\)/.exec(regel);
      expect(m, regel).to.not.equal(null);
      expect(m![1]).to.equal(m![2]);
      expect(Number(m![1])).to.be.greaterThan(0);
      const antwoord = await fetch(`http://127.0.0.1:${m![1]}/health`);
      expect(antwoord.status).to.equal(200);
      // A guessed password costs the guesser: after 2 failed sign-ins for the account, 429 with Retry-After.
      const raad = () => fetch(`http://127.0.0.1:${m![1]}/berichten`, {
        method: 'POST', headers: { authorization: `Basic ${Buffer.from('12345678:fout').toString('base64')}`, 'content-type': 'application/xml' }, body: '<x/>',
      });
      expect([(await raad()).status, (await raad()).status]).to.deep.equal([401, 401]);
      const derde = await raad();
      expect(derde.status).to.equal(429);
      expect(derde.headers.get('retry-after')).to.equal('900');
      // The two that reached the sign-in are in the audit trail with the address, never the password tried.
      const audit = await sqlRijen<{ actor: string; details: { kanaal: string; ip: string } }>(db.dataSource, `SELECT actor, details FROM audit_log WHERE action = 'intake.aanmelden.mislukt' ORDER BY id`);
      expect(audit.map((a) => [a.actor, a.details.kanaal])).to.deep.equal([['12345678', 'wachtwoord'], ['12345678', 'wachtwoord']]);
      expect(audit[0].details.ip).to.match(/127\.0\.0\.1/);
      expect(JSON.stringify(audit)).not.to.contain('fout');
    } finally {
      kind.kill('SIGINT');
      await new Promise((ok) => kind.once('exit', ok));
      await db.drop();
    }
  });

  it('runs the build of the current sources: a source newer than the build is rebuilt before it runs', async () => {
    expect((await plafond(['--version'])).code).to.equal(0);
    const buildJson = join(ROOT, 'dist/cli/build.json');
    const voor = JSON.parse(await readFile(buildJson, 'utf8')) as { stempel: string; bronnen: Record<string, [number, number]> };
    const bron = 'packages/cli/src/programma.ts';
    expect(voor.bronnen).to.have.property(bron);
    const nu = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    await utimes(join(ROOT, bron), nu, nu);
    expect((await plafond(['--version'])).code).to.equal(0);
    const na = JSON.parse(await readFile(buildJson, 'utf8')) as { stempel: string; bronnen: Record<string, [number, number]> };
    expect(na.stempel).to.not.equal(voor.stempel);
    expect(na.bronnen[bron][0]).to.equal((await stat(join(ROOT, bron))).mtimeMs);
    // Without the build the sources run through tsx, with the same answers.
    expect((await plafond(['--version'], { env: { PLAFOND_TSX: '1' } })).uit).to.equal((await plafond(['--version'])).uit);
  });

  it('check loads only what it needs at start: no decimal.js or node:crypto among the static imports of its build', async () => {
    expect((await plafond(['--version'])).code).to.equal(0);
    const build = JSON.parse(await readFile(join(ROOT, 'dist/cli/build.json'), 'utf8')) as { stempel: string; commandos: { name: string; bestand: string }[] };
    const map = join(ROOT, 'dist/cli', build.stempel);
    const extern = new Set<string>();
    const stapel = [build.commandos.find((c) => c.name === 'check')!.bestand];
    const gezien = new Set<string>();
    while (stapel.length > 0) {
      const bestand = stapel.pop()!;
      if (gezien.has(bestand)) continue;
      gezien.add(bestand);
      const tekst = await readFile(join(map, bestand), 'utf8');
      for (const m of tekst.matchAll(/^(?:import|export)\b[^;]*?["']([^"']+)["'];?$/gms)) {
        if (m[1].startsWith('./')) stapel.push(m[1].slice(2));
        else extern.add(m[1]);
      }
    }
    expect(extern).to.include('node:fs');
    expect([...extern]).to.not.include.members(['decimal.js']);
    expect([...extern]).to.not.include('node:crypto');
  });

  it('demo --clienten 50 sizes the plafonds to the region: realistic uitnutting, amounts the Dutch way', async () => {
    const db: TestDatabase = await maakTestDatabase();
    const out = await mkdtemp(join(tmpdir(), 'plafond-demo-'));
    try {
      const r = await plafond(['demo', '--clienten', '50', '--maanden', '2', '--out', out], { env: { DATABASE_URL: db.url } });
      expect(r.code, r.fout).to.equal(0);
      // domein, plafond, realisatie, onderhanden werk, uitnutting, prognose jaareinde
      const rij = (domein: string) => new RegExp(`^${domein}\\s+(€ [\\d.]+,\\d\\d)\\s+(€ [\\d.]+,\\d\\d)\\s+(€ [\\d.]+,\\d\\d)\\s+(\\d+),(\\d)%\\s+(€ [\\d.]+,\\d\\d)$`, 'm').exec(r.uit);
      for (const domein of ['Jeugd', 'Wmo']) {
        const m = rij(domein);
        expect(m, r.uit).to.not.equal(null);
        // Two months of twelve: about 17% used, not the 0.1% of a 50-client region against the whole region's budget.
        expect(Number(m![4])).to.be.within(5, 60);
        const plafondEuro = Number(m![1].replace(/[€ .]/g, '').replace(',', '.'));
        expect(plafondEuro).to.be.below(1_000_000);
      }
      expect(r.uit).not.to.match(/\d\.\d%/);
    } finally {
      await rm(out, { recursive: true, force: true });
      await db.drop();
    }
  });
});
