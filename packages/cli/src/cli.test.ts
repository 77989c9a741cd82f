import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { ISTANDAARDEN_DIR, vereisIstandaarden } from '../../../test/support/istandaarden';
import { opname } from './opname';
import { main } from './main';

describe('plafond CLI', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let dir: string;
  const oudeUrl = process.env.DATABASE_URL;

  before(async () => {
    db = await maakTestDatabase();
    process.env.DATABASE_URL = db.url;
    dir = await mkdtemp(join(tmpdir(), 'plafond-cli-'));
  });
  after(async () => {
    if (oudeUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oudeUrl;
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('explains every command with --help and refuses an unknown one with exit code 2', async () => {
    for (const cmd of ['demo', 'check', 'import', 'verwerk', 'serve', 'db', 'gebruiker', 'migreer']) {
      const io = opname();
      expect(await main([cmd, '--help'], io)).to.equal(0);
      expect(io.uit).to.contain(`gebruik: plafond ${cmd}`);
    }
    const io = opname();
    expect(await main(['vliegen'], io)).to.equal(2);
    expect(io.fout).to.contain("onbekend commando 'vliegen'");
  });

  it('imports nothing from a tarieven.csv with one bad row and names the row and column', async () => {
    await writeFile(join(dir, 'aanbieders.csv'), 'agb,naam\n12345678,Zorg BV\n');
    await writeFile(join(dir, 'tarieven.csv'), 'domein,productcategorie,productcode,eenheid,tarief_eur,ingangsdatum,einddatum,agb\nJW,45,45A03,04,65.00,2026-01-01,,\nJW,45,45A04,04,12.345,2026-01-01,,\n');
    const io = opname();
    expect(await main(['import', join(dir, 'aanbieders.csv'), join(dir, 'tarieven.csv')], io)).to.equal(1);
    expect(io.fout).to.contain('tarieven.csv regel 3, kolom tarief_eur');
    const [{ n }] = await sqlRijen<{ n: number }>(db.dataSource, 'SELECT (SELECT count(*) FROM aanbieder) + (SELECT count(*) FROM tarief) AS n');
    expect(Number(n)).to.equal(0);
  });

  it('prints one JSON line per file with check --json, also for hostile input, and exits 1 when one is invalid', async function () {
    vereisIstandaarden(this);
    await writeFile(join(dir, 'rommel.xml'), Buffer.from([0x3c, 0x00, 0xff, 0x12, 0x3e]));
    await writeFile(join(dir, 'xxe.xml'), '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>');
    const io = opname();
    const files = [join(ISTANDAARDEN_DIR, 'ijw-3.2/voorbeelden/JW301.xml'), join(ISTANDAARDEN_DIR, 'ijw-3.2/voorbeelden/JW315.xml'), join(dir, 'rommel.xml'), join(dir, 'xxe.xml')];
    expect(await main(['check', '--json', ...files], io)).to.equal(1);
    const regels = io.uit.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(regels.map((r) => Object.keys(r))).to.deep.equal(Array(4).fill(['file', 'bericht', 'schema', 'geldig', 'retourcodes', 'meldingen']));
    expect(regels.map((r) => [r.file, r.bericht, r.schema, r.geldig])).to.deep.equal([
      [files[0], 'JW301', 'ok', true], [files[1], 'JW315', 'fout', false], [files[2], null, 'fout', false], [files[3], null, 'fout', false],
    ]);
    expect(regels[1].retourcodes).to.deep.equal(['0001']);
  });

  it('processes a directory with verwerk: answers to OUT, verwerking.json per input file', async () => {
    const regio = genereerRegio({ seed: 7, aanbieders: 6, clienten: 60, maanden: 1 });
    const invoer = join(dir, 'in');
    const uit = join(dir, 'uit');
    await mkdir(invoer, { recursive: true });
    await writeFile(join(invoer, 'aanbieders.csv'), aanbiedersCsv(regio));
    await writeFile(join(invoer, 'tarieven.csv'), tarievenCsv(regio));
    await writeFile(join(invoer, 'plafonds.csv'), plafondsCsv(regio));
    const maand = genereerMaand(regio, 0);
    for (const b of maand.berichten) await writeFile(join(invoer, b.bestandsnaam), serialiseer(b.model));
    const io = opname();
    expect(await main(['verwerk', '--in', invoer, '--out', uit], io), io.fout).to.equal(0);
    const verwerking = JSON.parse(await readFile(join(uit, 'verwerking.json'), 'utf8')) as { file: string; outcome: string; retourcodes: string[] }[];
    expect(verwerking.map((v) => v.file).sort()).to.deep.equal(maand.berichten.map((b) => b.bestandsnaam).sort());
    const antwoorden = (await readdir(uit)).filter((f) => f.endsWith('.xml'));
    expect(antwoorden.some((f) => /_JW325_|_WMO325_/.test(f))).to.equal(true);
    expect(verwerking.filter((v) => v.file.includes('323')).every((v) => v.outcome === 'verwerkt' || v.retourcodes.length > 0)).to.equal(true);
  });
});
