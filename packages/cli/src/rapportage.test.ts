import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';
import { uitnutting, type UitnuttingRegel } from '@plafond/bewaking';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, tarievenCsv, type Regio } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { waarschuwingsbriefOphalen } from '@plafond/rapportage';
import { opname } from './opname';
import { main } from './main';

/** '1234.56' / '-1.00' as cents. */
function cents(s: string): number {
  const neg = s.startsWith('-');
  const [heel, frac = ''] = (neg ? s.slice(1) : s).split('.');
  const c = Number(heel) * 100 + Number((frac + '00').slice(0, 2));
  return neg ? -c : c;
}
const som = (rs: UitnuttingRegel[], f: (r: UitnuttingRegel) => string) => rs.reduce((s, r) => s + cents(f(r)), 0);

/** The cents in a column (header in row 4) down to the Totaal row. */
function kolomSom(ws: ExcelJS.Worksheet, kop: string): number {
  let col = 0;
  ws.getRow(4).eachCell((c, i) => { if (c.value === kop) col = i; });
  expect(col, `kolom ${kop} in ${ws.name}`).to.be.greaterThan(0);
  let s = 0;
  for (let r = 5; r <= ws.rowCount && ws.getRow(r).getCell(1).value !== 'Totaal'; r++) {
    const v = ws.getRow(r).getCell(col).value;
    if (typeof v === 'number') s += Math.round(v * 100);
  }
  return s;
}

function dataRijen(ws: ExcelJS.Worksheet): number {
  let n = 0;
  for (let r = 5; r <= ws.rowCount && ws.getRow(r).getCell(1).value !== 'Totaal'; r++) if (ws.getRow(r).getCell(1).value) n++;
  return n;
}

/** Every cell's text of every sheet. */
function alleTeksten(wb: ExcelJS.Workbook): string[] {
  const uit: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => uit.push(String(c.text ?? c.value ?? ''))));
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => { if (c.note) uit.push(JSON.stringify(c.note)); }));
  return uit;
}

async function lees(bestand: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(bestand);
  return wb;
}

describe('plafond rapport contractmanager|gemeente|regio and the warning letter', function () {
  this.timeout(300_000);
  let db: TestDatabase;
  let dir: string;
  let regio: Regio;
  let peildatum: string;
  const jaar = 2026;
  const oudeUrl = process.env.DATABASE_URL;

  before(async () => {
    db = await maakTestDatabase();
    process.env.DATABASE_URL = db.url;
    dir = await mkdtemp(join(tmpdir(), 'plafond-rapportage-'));
    regio = genereerRegio({ seed: 17, aanbieders: 5, clienten: 70, maanden: 3 });
    const invoer = join(dir, 'in');
    await mkdir(invoer, { recursive: true });
    await writeFile(join(invoer, 'aanbieders.csv'), aanbiedersCsv(regio));
    await writeFile(join(invoer, 'tarieven.csv'), tarievenCsv(regio));
    await writeFile(join(invoer, 'plafonds.csv'), plafondsCsv(regio));
    for (let m = 0; m < 3; m++) for (const b of genereerMaand(regio, m).berichten) await writeFile(join(invoer, b.bestandsnaam), serialiseer(b.model));
    const io = opname();
    expect(await main(['verwerk', '--in', invoer, '--out', join(dir, 'uit')], io), io.fout).to.equal(0);
    peildatum = (JSON.parse(await readFile(join(dir, 'uit', 'uitnutting.json'), 'utf8')) as { peildatum: string }).peildatum;
    expect(peildatum.slice(0, 4)).to.equal(String(jaar));
  });
  after(async () => {
    if (oudeUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oudeUrl;
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const verboden = () => {
    const bsns = regio.clienten.map((c) => c.bsn);
    const namen = regio.clienten.map((c) => `${c.naam.voornamen} ${c.naam.voorvoegsel ? `${c.naam.voorvoegsel} ` : ''}${c.naam.achternaam}`);
    return { bsns, namen };
  };
  function zonderBsn(wb: ExcelJS.Workbook) {
    const { bsns, namen } = verboden();
    const teksten = alleTeksten(wb);
    expect(teksten.length).to.be.greaterThan(50);
    const bsnSet = new Set(bsns);
    for (const t of teksten) {
      for (const m of t.match(/\d{9}/g) ?? []) expect(bsnSet.has(m), `BSN in cel "${t}"`).to.equal(false);
      for (const n of namen) expect(t.includes(n), `naam in cel "${t}"`).to.equal(false);
    }
  }

  it('contractmanager: the pack reopens, its totals are the sums of uitnutting() for the aanbieder, no BSN in any cell', async () => {
    const alle = (await uitnutting(db.dataSource, { jaar, peildatum: peildatum as never })).regels;
    // The aanbieder with the most gemeente rows: the richest pack.
    const agbs = [...new Set(alle.map((r) => r.agb))];
    const agb = agbs.sort((a, b) => alle.filter((r) => r.agb === b).length - alle.filter((r) => r.agb === a).length)[0];
    const eigen = (await uitnutting(db.dataSource, { jaar, peildatum: peildatum as never, agb })).regels;
    const bestand = join(dir, 'cm.xlsx');
    const io = opname();
    expect(await main(['rapport', 'contractmanager', '--agb', agb, '--jaar', String(jaar), '--out', bestand], io), io.fout).to.equal(0);
    expect(io.uit).to.contain(`peildatum ${peildatum}`);
    const wb = await lees(bestand);
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['Samenvatting', 'Maanden', 'Gemeenten', 'Producten', 'Cliënten', 'Prognoses', 'Signalen', 'Bestedingsruimte']);
    const totalen = eigen.filter((r) => r.gemeente === null);
    expect(totalen.length).to.be.greaterThan(0);
    const sam = wb.getWorksheet('Samenvatting')!;
    let plafond = 0, realisatie = 0, ohw = 0, prognose = 0;
    for (let i = 0; i < totalen.length; i++) {
      const row = sam.getRow(5 + i);
      plafond += Math.round(Number(row.getCell(2).value) * 100);
      realisatie += Math.round(Number(row.getCell(3).value) * 100);
      ohw += Math.round(Number(row.getCell(4).value) * 100);
      prognose += Math.round(Number(row.getCell(7).value) * 100);
    }
    expect(plafond).to.equal(som(totalen, (r) => r.plafond));
    expect(realisatie).to.equal(som(totalen, (r) => r.realisatie));
    expect(ohw).to.equal(som(totalen, (r) => r.onderhandenWerk));
    expect(prognose).to.equal(som(totalen, (r) => r.prognose));
    const perGemeente = eigen.filter((r) => r.gemeente !== null);
    const gem = wb.getWorksheet('Gemeenten')!;
    expect(dataRijen(gem)).to.equal(perGemeente.length);
    expect(kolomSom(gem, 'Realisatie')).to.equal(som(perGemeente, (r) => r.realisatie));
    expect(kolomSom(gem, 'Plafond')).to.equal(som(perGemeente, (r) => r.plafond));
    // The months (prestatiebasis) add up to the realisatie of the totals.
    expect(kolomSom(wb.getWorksheet('Maanden')!, 'Realisatie (prestatiebasis)')).to.equal(realisatie);
    // The plafond of the peildatum's month is the plafond of the totals.
    const maanden = wb.getWorksheet('Maanden')!;
    for (const r of totalen) {
      let laatste: number | null = null;
      maanden.eachRow((row, i) => { if (i > 4 && row.getCell(1).value === (r.domein === 'jeugd' ? 'Jeugd' : 'Wmo')) laatste = Math.round(Number(row.getCell(7).value) * 100); });
      expect(laatste, `plafond ${r.domein} in de laatste maand`).to.equal(cents(r.plafond));
    }
    // Clients: by pseudonym, and their granted amounts add up to the realisatie.
    const cl = wb.getWorksheet('Cliënten')!;
    expect(dataRijen(cl)).to.be.greaterThan(0);
    expect(String(cl.getRow(5).getCell(1).value)).to.match(/^P[0-9A-F]{15}$/);
    expect(kolomSom(cl, 'Toegekend')).to.equal(realisatie);
    expect(dataRijen(wb.getWorksheet('Producten')!)).to.be.greaterThan(0);
    const prognoses = alleTeksten(wb);
    expect(prognoses.some((t) => t.startsWith('Gekozen omdat') || t.startsWith('Het jaar is voorbij'))).to.equal(true);
    zonderBsn(wb);
  });

  it('contractmanager: LibreOffice prints every sheet of the real pack fitted to the page width', async function () {
    const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
    const pdftotext = spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).stdout.trim();
    if (!soffice || !pdftotext) this.skip();
    const pdfDir = join(dir, 'pdf');
    await mkdir(pdfDir, { recursive: true });
    execFileSync(soffice, ['--headless', `-env:UserInstallation=file://${pdfDir}/profiel`, '--convert-to', 'pdf', '--outdir', pdfDir, join(dir, 'cm.xlsx')], { stdio: 'ignore', timeout: 180_000 });
    const paginas = execFileSync(pdftotext, ['-layout', join(pdfDir, 'cm.pdf'), '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
    // A sheet wider than the page puts its last columns on pages of their own, without the first column's header
    // (repeated on every page of the sheet).
    for (const [eerste, laatste] of [['Maand', 'Cumulatief /'], ['Omschrijving', 'Verzilvering'], ['pseudoniem', 'Toewijzingen'], ['Gekozen', 'Waarom'], ['Signaal', 'Toelichting (de cijfers'], ['Domein', 'Signalen']]) {
      const met = paginas.filter((p) => p.includes(laatste));
      expect(met.length, `pagina's met ${laatste}`).to.be.greaterThan(0);
      for (const p of met) expect(p, `kolom ${eerste} op dezelfde pagina als ${laatste}`).to.include(eerste);
    }
  });

  it('gemeente: only that gemeente\'s rows, totals equal uitnutting({gemeente}), no BSN', async () => {
    const perGemeente = (await uitnutting(db.dataSource, { jaar, peildatum: peildatum as never })).regels.filter((r) => r.gemeente !== null);
    const gemeente = perGemeente[0].gemeente!;
    const eigen = (await uitnutting(db.dataSource, { jaar, peildatum: peildatum as never, gemeente })).regels;
    expect(eigen.every((r) => r.gemeente === gemeente)).to.equal(true);
    const bestand = join(dir, 'gem.xlsx');
    const io = opname();
    expect(await main(['rapport', 'gemeente', '--gemeente', gemeente, '--jaar', String(jaar), '--out', bestand], io), io.fout).to.equal(0);
    const wb = await lees(bestand);
    const per = wb.getWorksheet('Per aanbieder')!;
    expect(dataRijen(per)).to.equal(eigen.length);
    expect(kolomSom(per, 'Realisatie')).to.equal(som(eigen, (r) => r.realisatie));
    expect(kolomSom(per, 'Plafond')).to.equal(som(eigen, (r) => r.plafond));
    expect(kolomSom(per, 'Onderhanden werk')).to.equal(som(eigen, (r) => r.onderhandenWerk));
    expect(kolomSom(wb.getWorksheet('Per domein')!, 'Realisatie')).to.equal(som(eigen, (r) => r.realisatie));
    // No other gemeente's name anywhere in the workbook.
    const namen = await sqlRijen<{ cbs_code: string; naam: string }>(db.dataSource, 'SELECT cbs_code, naam FROM gemeente WHERE cbs_code <> $1', [gemeente]);
    const teksten = alleTeksten(wb);
    for (const n of namen) expect(teksten.some((t) => t.includes(n.naam)), `gemeente ${n.naam} in het rapport`).to.equal(false);
    zonderBsn(wb);
  });

  it('regio: totals equal the sums of every uitnutting() row', async () => {
    const alle = (await uitnutting(db.dataSource, { jaar, peildatum: peildatum as never })).regels;
    const bestand = join(dir, 'regio.xlsx');
    const io = opname();
    expect(await main(['rapport', 'regio', '--jaar', String(jaar), '--out', bestand], io), io.fout).to.equal(0);
    const wb = await lees(bestand);
    const totalen = alle.filter((r) => r.gemeente === null);
    expect(kolomSom(wb.getWorksheet('Overzicht')!, 'Realisatie')).to.equal(som(totalen, (r) => r.realisatie));
    expect(kolomSom(wb.getWorksheet('Overzicht')!, 'Plafond')).to.equal(som(totalen, (r) => r.plafond));
    expect(dataRijen(wb.getWorksheet('Aanbieders')!)).to.equal(totalen.length);
    expect(kolomSom(wb.getWorksheet('Gemeenten')!, 'Realisatie')).to.equal(som(alle.filter((r) => r.gemeente !== null), (r) => r.realisatie));
  });

  it('still makes every pack for a year without figures', async () => {
    const [{ agb_code: agb }] = await sqlRijen<{ agb_code: string }>(db.dataSource, 'SELECT agb_code FROM aanbieder ORDER BY agb_code LIMIT 1');
    for (const args of [['contractmanager', '--agb', agb], ['gemeente', '--gemeente', '0479'], ['regio']]) {
      const io = opname();
      const bestand = join(dir, `leeg-${args[0]}.xlsx`);
      expect(await main(['rapport', ...args, '--jaar', '2031', '--out', bestand], io), io.fout).to.equal(0);
      expect(io.uit).to.contain('peildatum 2031-12-31');
      expect((await lees(bestand)).worksheets.length).to.be.greaterThan(2);
    }
  });

  it('refuses an unknown AGB or gemeente and a bad year in one Dutch line with a non-zero exit', async () => {
    const gevallen: [string[], RegExp][] = [
      [['rapport', 'contractmanager', '--agb', '99999999', '--jaar', '2026'], /aanbieder met AGB-code 99999999 bestaat niet/],
      [['rapport', 'gemeente', '--gemeente', '9999', '--jaar', '2026'], /gemeente met CBS-code 9999 bestaat niet/],
      [['rapport', 'regio', '--jaar', '26'], /--jaar "26" is geen jaar/],
      [['rapport', 'contractmanager', '--agb', '1234', '--jaar', '2026'], /geen AGB-code van 8 cijfers/],
    ];
    for (const [args, fout] of gevallen) {
      const io = opname();
      expect(await main(args, io), args.join(' ')).to.not.equal(0);
      // The message on one line (a usage error adds the usage line after it), never a stack trace.
      expect(io.fout.split('\n')[0]).to.match(fout);
      expect(io.fout).to.not.match(/\n\s+at /);
    }
  });

  it('writes the written warning as a PDF stored with the step: figures, the 70 % threshold, the consultation term', async function () {
    const pdftotext = spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).stdout.trim();
    if (!pdftotext) this.skip();
    const totaal = (await uitnutting(db.dataSource, { jaar, peildatum: peildatum as never })).regels.find((r) => r.gemeente === null && cents(r.realisatie) > 0)!;
    const domein = totaal.domein;
    const agb = totaal.agb;
    const basis = ['--jaar', String(jaar), '--agb', agb, '--domein', domein];
    const run = async (args: string[]) => { const io = opname(); const rc = await main(args, io); expect(rc, io.fout).to.equal(0); return io.uit; };
    // Make the threshold real: each gemeente plafond of the aanbieder lowered to 1.2 × its realisatie + OHW, so the
    // drempel signal fires at the end of the first quarter.
    for (const g of (await uitnutting(db.dataSource, { jaar, peildatum: peildatum as never, agb })).regels.filter((r) => r.gemeente !== null && r.domein === domein)) {
      const doel = Math.round((cents(g.realisatie) + cents(g.onderhandenWerk)) * 1.2);
      const mutatie = doel - cents(g.plafond);
      if (mutatie === 0 || cents(g.plafond) === 0) continue;
      await run(['plafond', 'wijzig', ...basis, '--gemeente', g.gemeente!, '--mutatie-eur', (mutatie / 100).toFixed(2), '--reden', 'test: plafond bij de realisatie', '--datum', `${jaar}-01-01`, '--door', 'test']);
    }
    const signaal = (await uitnutting(db.dataSource, { jaar, peildatum: peildatum as never, agb })).regels.find((r) => r.gemeente === null && r.domein === domein)!.signalen.find((x) => x.soort === 'drempel');
    expect(signaal, 'drempel signal after lowering the plafonds').to.not.equal(undefined);
    // Refused before the warning step is recorded (verwerk may have opened the procedure already).
    await main(['plafond', 'bestedingsruimte', 'open', ...basis, '--signaal', 'drempel', '--toelichting', signaal!.toelichting, '--datum', peildatum], opname());
    const vooraf = opname();
    expect(await main(['plafond', 'bestedingsruimte', 'brief', ...basis], vooraf)).to.equal(1);
    expect(vooraf.fout).to.contain('leg eerst de stap waarschuwing vast');
    const dbDomeinCode = domein === 'jeugd' ? 'JW' : 'WMO';
    // Recording the warning makes and stores the letter with the step.
    expect(await run(['plafond', 'bestedingsruimte', 'stap', ...basis, '--stap', 'waarschuwing', '--notitie', 'brief verstuurd', '--datum', peildatum, '--door', 'j.jansen']))
      .to.contain(`waarschuwingsbrief BR-${jaar}-${agb}-${dbDomeinCode}-W opgeslagen bij de stap`);
    const bestand = join(dir, 'brief.pdf');
    expect(await run(['plafond', 'bestedingsruimte', 'brief', ...basis, '--out', bestand, '--door', 'j.jansen'])).to.contain('opgeslagen waarschuwingsbrief');
    const dbDomein = domein === 'jeugd' ? 'JW' : 'WMO';
    const opgeslagen = await waarschuwingsbriefOphalen(db.dataSource, { jaar, agbCode: agb, domein: dbDomein });
    expect(opgeslagen).to.not.equal(null);
    expect(opgeslagen!.pdf.equals(await readFile(bestand))).to.equal(true);
    const tekst = execFileSync(pdftotext, ['-', '-'], { input: opgeslagen!.pdf, encoding: 'utf8' }).replace(/\s+/g, ' ');
    const [procedure] = await sqlRijen<{ signaal: string; geopend_op: string }>(db.dataSource,
      `SELECT p.signaal, p.geopend_op FROM bestedingsruimte_procedure p JOIN aanbieder a ON a.id = p.aanbieder_id WHERE a.agb_code = $1 AND p.domein = $2 AND p.jaar = $3`, [agb, dbDomein, jaar]);
    const euroNl = (s: string) => `€ ${s.split('.')[0].replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${s.split('.')[1]}`;
    const figuren = (await uitnutting(db.dataSource, { jaar, peildatum: peildatum as never, agb })).regels.find((r) => r.gemeente === null && r.domein === domein)!;
    expect(tekst).to.contain(euroNl(figuren.plafond));
    expect(tekst).to.contain(euroNl(figuren.realisatie));
    expect(tekst).to.contain(`${figuren.uitnutting!.replace('.', ',')}%`);
    expect(procedure.signaal).to.equal('drempel');
    expect(Number(figuren.uitnutting)).to.be.greaterThanOrEqual(70);
    expect(tekst).to.contain('drempel van 70%');
    // The consultation within two weeks of the warning.
    const [j, m, d] = peildatum.split('-').map(Number);
    const termijn = new Date(Date.UTC(j, m - 1, d + 14));
    const maand = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'][termijn.getUTCMonth()];
    expect(tekst).to.contain(`uiterlijk op ${termijn.getUTCDate()} ${maand} ${termijn.getUTCFullYear()}`);
    expect(tekst).to.contain(`BR-${jaar}-${agb}-${dbDomein}-W`);
    // Asked again: the same stored letter; the table is append-only.
    expect(await run(['plafond', 'bestedingsruimte', 'brief', ...basis, '--out', bestand, '--door', 'iemand.anders'])).to.contain('opgeslagen waarschuwingsbrief');
    expect((await readFile(bestand)).equals(opgeslagen!.pdf)).to.equal(true);
    let geweigerd = false;
    try { await sqlRijen(db.dataSource, 'UPDATE bestedingsruimte_brief SET door = $1', ['x']); } catch { geweigerd = true; }
    expect(geweigerd).to.equal(true);
    const [{ n }] = await sqlRijen<{ n: number }>(db.dataSource, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'bestedingsruimte.brief'`);
    expect(n).to.equal(1);
  });
});
