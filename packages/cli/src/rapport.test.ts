import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { maakTestDatabase, type TestDatabase } from '@plafond/db';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { opname } from './opname';
import { main } from './main';

/** Sum of the signed TotaalToegekendBedrag of the 325 answers in a directory, in cents. */
async function toegekendIn325(dir: string): Promise<{ cents: bigint; aantal: number }> {
  let cents = 0n, aantal = 0;
  for (const f of (await readdir(dir)).filter((n) => /_(JW|WMO)325_/.test(n))) {
    const xml = await readFile(join(dir, f), 'utf8');
    const blok = /<(?:\w+:)?TotaalToegekendBedrag>([\s\S]*?)<\/(?:\w+:)?TotaalToegekendBedrag>/.exec(xml);
    if (!blok) continue;
    const bedrag = BigInt(/<(?:\w+:)?TotaalBedrag>(\d+)</.exec(blok[1])![1]);
    const dc = /<(?:\w+:)?DebetCredit>([DC])</.exec(blok[1])![1];
    cents += dc === 'C' ? -bedrag : bedrag;
    aantal++;
  }
  return { cents, aantal };
}

describe('plafond rapport betaling', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let dir: string;
  const oudeUrl = process.env.DATABASE_URL;

  before(async () => {
    db = await maakTestDatabase();
    process.env.DATABASE_URL = db.url;
    dir = await mkdtemp(join(tmpdir(), 'plafond-rapport-'));
  });
  after(async () => {
    if (oudeUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oudeUrl;
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('ties the payment spec per aanbieder and per gemeente out to the declaratie-antwoorden of the month', async () => {
    const regio = genereerRegio({ seed: 11, aanbieders: 6, clienten: 80, maanden: 2 });
    const invoer = join(dir, 'in');
    const uit = join(dir, 'uit');
    await mkdir(invoer, { recursive: true });
    await writeFile(join(invoer, 'aanbieders.csv'), aanbiedersCsv(regio));
    await writeFile(join(invoer, 'tarieven.csv'), tarievenCsv(regio));
    await writeFile(join(invoer, 'plafonds.csv'), plafondsCsv(regio));
    for (let m = 0; m < 2; m++) for (const b of genereerMaand(regio, m).berichten) await writeFile(join(invoer, b.bestandsnaam), serialiseer(b.model));
    expect(await main(['verwerk', '--in', invoer, '--out', uit], opname())).to.equal(0);
    const verwacht = await toegekendIn325(uit);
    expect(verwacht.aantal).to.be.greaterThan(0);

    // The generated declaraties of a month carry dagtekeningen in the next month; take every month that has some.
    const periodes = new Set<string>();
    for (const f of (await readdir(uit)).filter((n) => /_(JW|WMO)325_/.test(n))) {
      const d = /<(?:\w+:)?Dagtekening>(\d{4}-\d{2})-\d{2}</.exec(await readFile(join(uit, f), 'utf8'));
      if (d) periodes.add(d[1]);
    }
    let perAanbieder = 0, perGemeente = 0, declaraties = 0;
    const kolomSom = (ws: ExcelJS.Worksheet, kop: string) => {
      let col = 0;
      ws.getRow(4).eachCell((c, i) => { if (c.value === kop) col = i; });
      let som = 0;
      for (let r = 5; r <= ws.rowCount && ws.getRow(r).getCell(1).value !== 'Totaal'; r++) som += Math.round(Number(ws.getRow(r).getCell(col).value ?? 0) * 100);
      return som;
    };
    for (const p of periodes) {
      const io = opname();
      const bestand = join(dir, `betaling-${p}.xlsx`);
      expect(await main(['rapport', 'betaling', '--periode', p, '--out', bestand], io), io.fout).to.equal(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(bestand);
      expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['Per aanbieder', 'Per gemeente', 'Declaraties']);
      perAanbieder += kolomSom(wb.getWorksheet('Per aanbieder')!, 'Te betalen (toegekend)');
      perGemeente += kolomSom(wb.getWorksheet('Per gemeente')!, 'Door te belasten (toegekend)');
      declaraties += wb.getWorksheet('Declaraties')!.rowCount - 5;
    }
    expect(perAanbieder).to.equal(Number(verwacht.cents));
    expect(perGemeente).to.equal(Number(verwacht.cents));
    expect(declaraties).to.equal(verwacht.aantal);
  });

  it('refuses a malformed period in one line with exit code 2', async () => {
    const io = opname();
    expect(await main(['rapport', 'betaling', '--periode', '2026-13'], io)).to.equal(2);
    expect(io.fout).to.contain('--periode moet een maand zijn');
  });
});
