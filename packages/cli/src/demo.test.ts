import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { maakTestDatabase, type TestDatabase } from '@plafond/db';
import { main } from './main';

describe('plafond demo', function () {
  this.timeout(600_000);
  let db: TestDatabase;
  let dir: string;
  const oudeUrl = process.env.DATABASE_URL;

  before(async () => {
    db = await maakTestDatabase();
    process.env.DATABASE_URL = db.url;
    dir = await mkdtemp(join(tmpdir(), 'plafond-demo-test-'));
  });
  after(async () => {
    if (oudeUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oudeUrl;
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('tells the story: the region at the end of March, then which of its signals came true at year end, in the console and the Excel report', async () => {
    const io = { uit: '', fout: '', tty: false, out: (t: string) => void (io.uit += t), err: (t: string) => void (io.fout += t) };
    const code = await main(['demo', '--clienten', '300', '--aanbieders', '20', '--maanden', '12', '--seed', '7', '--out', dir], io);
    expect(code, io.fout).to.equal(0);
    const maart = io.uit.indexOf('Zaanstreek-Waterland 2026 op 2026-03-31 (eind maart)');
    const eind = io.uit.indexOf('Zaanstreek-Waterland 2026 op 2026-12-31 (t/m december)');
    const terug = io.uit.indexOf('Uitgekomen? De signalen van eind maart tegen het jaareinde');
    expect(maart).to.be.greaterThan(-1);
    expect(eind).to.be.greaterThan(maart);
    expect(terug).to.be.greaterThan(eind);
    expect(io.uit.slice(maart, eind)).to.match(/Signalen: \d+ overbesteding, \d+ drempel, \d+ onderbesteding/);
    expect(io.uit.slice(terug)).to.match(/onderbesteding\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+(\d+,\d%|—)/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'plafond-demo-2026.xlsx'));
    const namen = wb.worksheets.map((w) => w.name);
    expect(namen).to.include.members(['Overzicht', 'Aanbieders', 'Signalen', 'Vroege signalen', 'Signalen 2026-03-31']);
    const vroeg = wb.getWorksheet('Vroege signalen') as ExcelJS.Worksheet;
    const soorten: unknown[] = [];
    vroeg.eachRow((r) => soorten.push(r.getCell(1).value));
    expect(soorten).to.include.members(['overbesteding', 'onderbesteding']);
    const sg = wb.getWorksheet('Signalen 2026-03-31') as ExcelJS.Worksheet;
    expect((sg.getRow(1).values as unknown[]).map(String)).to.include('Uitgekomen');
    // The budgetlijnen (percelen) the plafonds are divided from, each against its own budget.
    const bl = wb.getWorksheet('Budgetlijnen') as ExcelJS.Worksheet;
    const lijnen: string[] = [];
    bl.eachRow((r) => { const v = r.getCell(2).value; if (typeof v === 'string' && /^[JW]-[A-Z]+ /.test(v)) lijnen.push(v.split(' ')[0]); });
    expect(lijnen).to.include.members(['J-BOV', 'J-REG', 'W-BGD', 'W-HBH', 'W-BW']);
  });
});
