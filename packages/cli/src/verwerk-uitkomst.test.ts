import { expect } from 'chai';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { plafond, regels } from '../../../test/support/cli';
import { ISTANDAARDEN_DIR, vereisIstandaarden } from '../../../test/support/istandaarden';

interface Regel {
  file: string;
  outcome: string;
  retourcodes: string[];
  meldingen: { pad: string; regel: string | null; retourcode: string | null; tekst: string }[];
  antwoord: string | null;
  fout?: string;
}

describe('plafond check and verwerk: exit codes scripts can use, answers that explain themselves', function () {
  this.timeout(240_000);
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const regio = genereerRegio({ seed: 11, aanbieders: 6, clienten: 60, maanden: 1 });
  const maand = genereerMaand(regio, 0);

  const aantal = async (tabel: string) => Number((await sqlRijen<{ n: string }>(db.dataSource, `SELECT count(*) AS n FROM ${tabel}`))[0].n);

  async function berichtenIn(map: string): Promise<void> {
    await mkdir(map, { recursive: true });
    for (const b of maand.berichten) await writeFile(join(map, b.bestandsnaam), serialiseer(b.model));
  }

  async function stamdataIn(map: string): Promise<void> {
    await mkdir(map, { recursive: true });
    await writeFile(join(map, 'aanbieders.csv'), aanbiedersCsv(regio));
    await writeFile(join(map, 'tarieven.csv'), tarievenCsv(regio));
    await writeFile(join(map, 'plafonds.csv'), plafondsCsv(regio));
  }

  before(async () => {
    db = await maakTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'plafond-uitkomst-'));
    env = { DATABASE_URL: db.url, PLAFOND_HOME: join(dir, 'home') };
  });
  after(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('check', () => {
    const voorbeeld = (n: string) => join(ISTANDAARDEN_DIR, 'ijw-3.2/voorbeelden', n);
    beforeEach(function () {
      vereisIstandaarden(this);
    });

    it('exits 0 when every file is valid and 1 when one is invalid', async () => {
      expect((await plafond(['check', voorbeeld('JW301.xml')])).code).to.equal(0);
      const r = await plafond(['check', voorbeeld('JW301.xml'), voorbeeld('JW315.xml')]);
      expect(r.code).to.equal(1);
      expect(r.uit).to.contain('JW315.xml: JW315 — schema fout, ongeldig (0001)');
    });

    it('exits 1 for a missing or unreadable file and still judges the others', async () => {
      const r = await plafond(['check', '--json', join(dir, 'weg.xml'), voorbeeld('JW301.xml')]);
      expect(r.code).to.equal(1);
      const lijnen = regels(r.uit).map((l) => JSON.parse(l) as { file: string; geldig: boolean; meldingen: { tekst: string }[] });
      expect(lijnen[0].file).to.equal(join(dir, 'weg.xml'));
      expect(lijnen[0].geldig).to.equal(false);
      expect(lijnen[0].meldingen[0].tekst).to.equal(`${join(dir, 'weg.xml')}: het bestand bestaat niet`);
      expect(lijnen.at(-1)!.geldig).to.equal(true);
    });

    it('recurses into a directory for *.xml and reads - from standard input', async () => {
      const map = join(dir, 'check');
      await mkdir(join(map, 'sub', 'diep'), { recursive: true });
      await copyFile(voorbeeld('JW301.xml'), join(map, 'a.xml'));
      await copyFile(voorbeeld('JW305.xml'), join(map, 'sub', 'diep', 'b.XML'));
      await writeFile(join(map, 'sub', 'notitie.txt'), 'geen bericht');
      const r = await plafond(['check', '--json', map]);
      expect(r.code, r.fout).to.equal(0);
      expect(regels(r.uit).map((l) => (JSON.parse(l) as { file: string }).file)).to.deep.equal([join(map, 'a.xml'), join(map, 'sub', 'diep', 'b.XML')]);
      const stdin = await plafond(['check', '--json', '-'], { invoer: await readFile(voorbeeld('JW301.xml')) });
      expect(stdin.code).to.equal(0);
      expect(JSON.parse(stdin.uit)).to.include({ file: '-', bericht: 'JW301', geldig: true });
      const slecht = await plafond(['check', '-'], { invoer: '<Bericht>' });
      expect(slecht.code).to.equal(1);
    });

    it('refuses a directory without messages with one line', async () => {
      await mkdir(join(dir, 'leeg'));
      const r = await plafond(['check', join(dir, 'leeg')]);
      expect(r.code).to.equal(2);
      expect(regels(r.fout)).to.deep.equal([`plafond check: map ${join(dir, 'leeg')} bevat geen .xml-bestanden (zie plafond help check)`]);
    });
  });

  describe('verwerk', () => {
    it('refuses without master data in DIR or the database, before storing anything', async () => {
      const invoer = join(dir, 'zonder');
      await berichtenIn(invoer);
      const r = await plafond(['verwerk', '--in', invoer, '--out', join(dir, 'zonder-uit')], { env });
      expect(r.code, r.fout).to.equal(1);
      expect(regels(r.fout)).to.have.length(1);
      expect(r.fout).to.match(/^plafond verwerk: geen stamdata: .* importeer ze eerst met plafond import/);
      expect(await aantal('bericht')).to.equal(0);
      expect(await readdir(dir)).to.not.include('zonder-uit');
    });

    it('without DATABASE_URL refuses before any database is made: none in PLAFOND_HOME yet, or --tijdelijk', async () => {
      const home = join(dir, 'nog-geen-home');
      for (const extra of [[], ['--tijdelijk']]) {
        const r = await plafond(['verwerk', '--in', join(dir, 'zonder'), '--out', join(dir, 'zonder-uit'), ...extra], { env: { DATABASE_URL: undefined, PLAFOND_HOME: home } });
        expect(r.code, r.fout).to.equal(1);
        expect(regels(r.fout)).to.have.length(1);
        expect(r.fout).to.match(/^plafond verwerk: geen stamdata: /);
      }
      expect(await readdir(dir)).to.not.include.members(['nog-geen-home', 'zonder-uit']);
    });

    it('uses the master data of the database when DIR has none, and says so', async () => {
      const stam = join(dir, 'stam');
      await stamdataIn(stam);
      const imp = await plafond(['import', join(stam, 'aanbieders.csv'), join(stam, 'tarieven.csv'), join(stam, 'plafonds.csv')], { env });
      expect(imp.code, imp.fout).to.equal(0);
      const uit = join(dir, 'met-db-uit');
      const r = await plafond(['verwerk', '--in', join(dir, 'zonder'), '--out', uit], { env });
      expect(r.code, r.fout).to.equal(0);
      expect(r.fout).to.match(/geen stamdata in .*: de stamdata in de database wordt gebruikt \(6 aanbieders, \d+ tarieven, \d+ plafonds\)/);
      const verwerking = JSON.parse(await readFile(join(uit, 'verwerking.json'), 'utf8')) as Regel[];
      expect(verwerking).to.have.length(maand.berichten.length);
      // Not everything is rejected for want of master data: declaraties are decided.
      expect(verwerking.filter((v) => v.file.includes('323')).some((v) => v.outcome === 'verwerkt')).to.equal(true);
      const bestanden = await readdir(uit);
      for (const v of verwerking) {
        expect(Object.keys(v)).to.include.members(['file', 'bericht', 'identificatie', 'outcome', 'retourcodes', 'meldingen', 'antwoord']);
        for (const m of v.meldingen) expect(Object.keys(m)).to.deep.equal(['pad', 'regel', 'retourcode', 'tekst']);
        if (v.antwoord) expect(bestanden).to.include(v.antwoord);
        expect(v).not.to.have.property('antwoordId');
      }
      expect(verwerking.some((v) => v.antwoord && /_JW325_|_WMO325_/.test(v.antwoord))).to.equal(true);
      expect(verwerking.some((v) => v.meldingen.some((m) => m.retourcode && m.tekst))).to.equal(true);
    });

    it('exits 1 when a file cannot be processed, but writes verwerking.json and every other answer', async () => {
      const invoer = join(dir, 'kapot');
      await stamdataIn(invoer);
      for (const b of maand.berichten.slice(0, 20)) await writeFile(join(invoer, b.bestandsnaam), serialiseer(b.model));
      await mkdir(join(invoer, 'map.xml'));
      await symlink(join(dir, 'nergens.xml'), join(invoer, 'weg.xml'));
      const uit = join(dir, 'kapot-uit');
      const r = await plafond(['verwerk', '--in', invoer, '--out', uit], { env });
      expect(r.code, r.fout).to.equal(1);
      expect(r.fout).to.contain('plafond verwerk: map.xml: is een map, geen bestand');
      expect(r.fout).to.contain('plafond verwerk: weg.xml: het bestand is verdwenen');
      const verwerking = JSON.parse(await readFile(join(uit, 'verwerking.json'), 'utf8')) as Regel[];
      expect(verwerking).to.have.length(22);
      expect(verwerking.filter((v) => v.outcome === 'niet-verwerkt').map((v) => v.file).sort()).to.deep.equal(['map.xml', 'weg.xml']);
      const antwoorden = verwerking.filter((v) => v.antwoord).map((v) => v.antwoord);
      expect(antwoorden.length).to.be.greaterThan(0);
      expect((await readdir(uit)).filter((f) => f.endsWith('.xml')).sort()).to.deep.equal([...antwoorden].sort());
    });
  });
});
