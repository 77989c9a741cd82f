import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';
import { plafond } from '../../../test/support/cli';

async function werkmap(bladen: Record<string, (string | number)[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [naam, rijen] of Object.entries(bladen)) wb.addWorksheet(naam).addRows(rijen);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const AANBIEDERS = [['agb', 'naam'], ['12345678', 'Zorg BV'], ['23456789', 'Welzijn Zaanstreek']];
const TARIEVEN = [['domein', 'productcategorie', 'productcode', 'eenheid', 'tarief_eur', 'ingangsdatum', 'einddatum', 'agb'], ['JW', '45', '45A03', '04', '65,00', '2026-01-01', '', '']];
const PLAFONDS = [['jaar', 'agb', 'domein', 'gemeente', 'bedrag_eur'], ['2026', '12345678', 'JW', '0479', '100000,00']];

describe('plafond import never loses data silently', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const aantallen = async () => (await sqlRijen<{ a: number; t: number; p: number }>(db.dataSource,
    'SELECT (SELECT count(*) FROM aanbieder)::int AS a, (SELECT count(*) FROM tarief)::int AS t, (SELECT count(*) FROM budgetplafond)::int AS p'))[0];

  beforeEach(async () => {
    db = await maakTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'plafond-import-'));
    env = { DATABASE_URL: db.url, PLAFOND_HOME: join(dir, 'home') };
  });
  afterEach(async () => {
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a row with more fields than the header, naming the row, and imports nothing', async () => {
    await writeFile(join(dir, 'aanbieders.csv'), 'agb,naam\n12345678,Zorg BV\n23456789,Zorg, Welzijn en Wonen BV\n');
    const r = await plafond(['import', join(dir, 'aanbieders.csv')], { env });
    expect(r.code, r.fout).to.equal(1);
    expect(r.fout).to.contain('aanbieders.csv regel 3: heeft 3 velden, de kop 2: de waarde "Welzijn en Wonen BV" valt buiten de kolommen');
    expect(r.fout).not.to.match(/\n\s+at /);
    expect(await aantallen()).to.deep.equal({ a: 0, t: 0, p: 0 });
  });

  it('keeps a separator inside quotes and a long name whole', async () => {
    const lang = `Stichting ${'Zorg en Welzijn '.repeat(20)}Zaanstreek`;
    await writeFile(join(dir, 'aanbieders.csv'), `agb;naam\n12345678;"Zorg; Welzijn BV"\n23456789;${lang}\n`);
    const r = await plafond(['import', join(dir, 'aanbieders.csv')], { env });
    expect(r.code, r.fout).to.equal(0);
    const namen = await sqlRijen<{ naam: string }>(db.dataSource, 'SELECT naam FROM aanbieder ORDER BY agb_code');
    expect(namen.map((n) => n.naam)).to.deep.equal(['Zorg; Welzijn BV', lang]);
  });

  it('imports each sheet of an xlsx by its name', async () => {
    await writeFile(join(dir, 'stamdata.xlsx'), await werkmap({ tarieven: TARIEVEN, plafonds: PLAFONDS, Aanbieders: AANBIEDERS, Leeg: [] }));
    const r = await plafond(['import', join(dir, 'stamdata.xlsx')], { env });
    expect(r.code, r.fout).to.equal(0);
    expect(r.uit).to.contain('aanbieders  2 nieuw');
    expect(await aantallen()).to.deep.equal({ a: 2, t: 1, p: 1 });
  });

  it('refuses an xlsx with a sheet of an unknown name, naming the sheet, and imports nothing', async () => {
    await writeFile(join(dir, 'stamdata.xlsx'), await werkmap({ aanbieders: AANBIEDERS, Blad2: [['agb', 'naam'], ['34567890', 'Vergeten BV']] }));
    const r = await plafond(['import', join(dir, 'stamdata.xlsx')], { env });
    expect(r.code, r.fout).to.equal(1);
    expect(r.fout).to.contain('stamdata.xlsx blad Blad2 regel 1: onbekend werkblad "Blad2"');
    expect(await aantallen()).to.deep.equal({ a: 0, t: 0, p: 0 });
  });

  it('refuses a value in an xlsx column without a header', async () => {
    await writeFile(join(dir, 'aanbieders.xlsx'), await werkmap({ aanbieders: [['agb', 'naam'], ['12345678', 'Zorg BV', 'Welzijn']] }));
    const r = await plafond(['import', join(dir, 'aanbieders.xlsx')], { env });
    expect(r.code, r.fout).to.equal(1);
    expect(r.fout).to.contain('aanbieders.xlsx regel 2: heeft 3 velden, de kop 2');
    expect(await aantallen()).to.deep.equal({ a: 0, t: 0, p: 0 });
  });
});
