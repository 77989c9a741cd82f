import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { formatEuro, type Cents } from '@plafond/core';
import { betalingSpec, contractmanagerPack, gemeentePack, regioPack, waarschuwingsbrief, type ContractmanagerPackInvoer, type UitnuttingRegel } from './index';

const GEMEENTEN = new Map([['0479', 'Zaanstad'], ['0439', 'Purmerend'], ['0385', 'Edam-Volendam'], ['0415', 'Landsmeer'], ['0431', 'Oostzaan'], ['0852', 'Waterland'], ['0880', 'Wormerland']]);
const e = (c: Cents) => formatEuro(c);

function regel(agb: string, domein: 'jeugd' | 'wmo', gemeente: string | null, plafond: Cents, realisatie: Cents, prognose: Cents, signalen: UitnuttingRegel['signalen'] = []): UitnuttingRegel {
  const ohw = realisatie / 10n;
  return {
    jaar: 2026, domein, agb, gemeente, plafond: e(plafond), realisatie: e(realisatie), onderhandenWerk: e(ohw), verplichtingen: e(prognose - realisatie),
    prognose: e(prognose), prognoses: { 'run-rate met OHW': e(prognose), 'verplichtingen × verzilvering': e((prognose * 9n) / 10n), instroom: e((prognose * 11n) / 10n) },
    prognoseMethode: 'run-rate met OHW', prognoseReden: 'Gekozen omdat de maanden tot nu toe een gelijkmatig patroon tonen.',
    verwachteUitputting: prognose > plafond ? '2026-10-14' : null,
    uitnutting: plafond === 0n ? '0.00' : ((Number(((realisatie + ohw) * 10000n) / plafond) / 100).toFixed(2)), signalen,
  };
}

function aanbiederRegels(agb: string, factor: bigint): UitnuttingRegel[] {
  const out: UitnuttingRegel[] = [];
  for (const domein of ['jeugd', 'wmo'] as const) {
    let plafond = 0n, realisatie = 0n, prognose = 0n;
    for (const g of GEMEENTEN.keys()) {
      const p = 100_000_00n * factor, r = 31_000_00n * factor, pr = 118_000_00n * factor;
      plafond += p; realisatie += r; prognose += pr;
      out.push(regel(agb, domein, g, p, r, pr));
    }
    out.push(regel(agb, domein, null, plafond, realisatie, prognose, [{ soort: 'overbesteding', toelichting: `prognose ${e(prognose)} boven plafond ${e(plafond)} (118,00%)` }, { soort: 'drempel', toelichting: '=HYPERLINK("http://x","klik") 34,10% na 25% van het jaar' }]));
  }
  return out;
}

function cmInvoer(): ContractmanagerPackInvoer {
  return {
    aanbieder: { agb: '12340001', naam: 'Jeugdzorg De Zaan B.V.' }, jaar: 2026, peildatum: '2026-03-31', aangemaakt: '2026-04-06T09:00:00Z',
    regels: aanbiederRegels('12340001', 1n), gemeenteNamen: GEMEENTEN,
    maanden: (['jeugd', 'wmo'] as const).flatMap((domein) => Array.from({ length: 3 }, (_, i) => ({ domein, maand: i + 1, realisatie: 70_000_00n + BigInt(i) * 1000_00n, realisatieKas: 60_000_00n, onderhandenWerk: i === 2 ? 21_700_00n : 0n, plafond: 700_000_00n }))),
    producten: Array.from({ length: 40 }, (_, i) => ({ domein: i % 2 ? 'wmo' as const : 'jeugd' as const, productcategorie: String(40 + (i % 10)), productcode: `${45000 + i}`, omschrijving: i === 3 ? '@SUM(A1:A9)' : `Product ${i} met een omschrijving`, clienten: 10 + i, toegewezen: 10_000_00n, gedeclareerd: 8_000_00n + BigInt(i) * 10_00n, toegekend: 7_900_00n })),
    clienten: Array.from({ length: 300 }, (_, i) => ({ pseudoniem: `c-${(i * 7919).toString(16).padStart(12, '0')}`, domein: 'jeugd' as const, gemeente: '0479', toewijzingen: 1 + (i % 3), toegewezen: 3_000_00n, toegekend: 1_234_56n, onderhandenWerk: 100_00n })),
    stappen: [{ domein: 'jeugd', stap: 'Schriftelijke waarschuwing', datum: '2026-03-10', door: 'j.jansen', notitie: '-1 correctie volgt', termijn: '2026-03-24', verlopen: true }],
  };
}

async function terug(wb: ExcelJS.Workbook): Promise<{ wb: ExcelJS.Workbook; buf: Buffer }> {
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buf as unknown as ArrayBuffer);
  return { wb: back, buf };
}

function kolomSom(ws: ExcelJS.Worksheet, kop: string): number {
  const hdr = ws.getRow(4);
  let col = 0;
  hdr.eachCell((c, i) => { if (c.value === kop) col = i; });
  expect(col, `kolom ${kop} in ${ws.name}`).to.be.greaterThan(0);
  let som = 0;
  for (let r = 5; r <= ws.rowCount; r++) {
    const first = ws.getRow(r).getCell(1).value;
    if (first === 'Totaal') break;
    const v = ws.getRow(r).getCell(col).value;
    if (typeof v === 'number') som += Math.round(v * 100);
  }
  return som;
}

describe('rapport/packs', function () {
  this.timeout(180_000);

  it('writes the contractmanager pack with every sheet, a chart image, formats, notes and print setup', async () => {
    const { wb } = await terug(await contractmanagerPack(cmInvoer()));
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['Samenvatting', 'Maanden', 'Gemeenten', 'Producten', 'Cliënten', 'Prognoses', 'Signalen', 'Bestedingsruimte']);
    const sam = wb.getWorksheet('Samenvatting')!;
    expect(sam.getImages().length).to.equal(2);
    expect(sam.getCell('A1').value).to.equal('Voortgangsgesprek 2026 — Jeugdzorg De Zaan B.V.');
    expect(sam.getRow(5).getCell(2).value).to.equal(700_000);
    expect(String(sam.getRow(5).getCell(2).numFmt)).to.contain('€');
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup.orientation, ws.name).to.equal('landscape');
      expect(ws.pageSetup.fitToWidth, ws.name).to.equal(1);
      expect(ws.pageSetup.fitToHeight, ws.name).to.equal(0);
    }
    const gem = wb.getWorksheet('Gemeenten')!;
    expect(gem.views[0]).to.include({ state: 'frozen', ySplit: 4 });
    expect(gem.getRow(4).getCell(3).note).to.not.equal(undefined);
    expect(kolomSom(gem, 'Plafond')).to.equal(7 * 100_000_00 * 2);
    const producten = wb.getWorksheet('Producten')!;
    const injectie = producten.getRow(8).getCell(4);
    expect(injectie.value).to.equal('@SUM(A1:A9)');
    expect(injectie.type).to.equal(ExcelJS.ValueType.String);
    const signalen = wb.getWorksheet('Signalen')!;
    const teksten: string[] = [];
    signalen.eachRow((r) => r.eachCell((c) => { if (typeof c.value === 'string') teksten.push(c.value); }));
    expect(teksten).to.include('=HYPERLINK("http://x","klik") 34,10% na 25% van het jaar');
    signalen.eachRow((r) => r.eachCell((c) => expect(c.formula, 'no formula from outside text').to.equal(undefined)));
    const clienten = wb.getWorksheet('Cliënten')!;
    clienten.eachRow((r) => r.eachCell((c) => expect(String(c.value)).to.not.match(/^\d{9}$/)));
  });

  it('fits each sheet of the contractmanager pack to the page width when LibreOffice prints it', async function () {
    const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim();
    const pdftotext = spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).stdout.trim();
    if (!soffice || !pdftotext) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'plafond-pack-'));
    try {
      const wb = await contractmanagerPack(cmInvoer());
      writeFileSync(join(dir, 'pack.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
      execFileSync(soffice, ['--headless', `-env:UserInstallation=file://${dir}/profiel`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'pack.xlsx')], { stdio: 'ignore', timeout: 120_000 });
      const tekst = execFileSync(pdftotext, ['-layout', join(dir, 'pack.pdf'), '-'], { encoding: 'utf8' });
      const paginas = tekst.split('\f').filter((p) => p.trim());
      // Each table sheet repeats its header row on every page; a sheet wider than the page would put its last
      // columns on pages of their own, without the first column's header.
      const bladen: [string, string][] = [['Maand', 'Cumulatief'], ['Omschrijving', 'Verzilvering'], ['pseudoniem', 'Toewijzingen'], ['Gekozen', 'Waarom'], ['Stap', 'Notitie']];
      for (const [eerste, laatste] of bladen) {
        const met = paginas.filter((p) => p.includes(laatste));
        expect(met.length, `pagina's met ${laatste}`).to.be.greaterThan(0);
        for (const p of met) expect(p, `kolom ${eerste} op dezelfde pagina als ${laatste}`).to.include(eerste);
      }
      expect(paginas.every((p) => /pagina \d+ van \d+/.test(p))).to.equal(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives a gemeente only its own rows and its share of the regional cost', async () => {
    const alle = [...aanbiederRegels('12340001', 1n), ...aanbiederRegels('12340002', 2n)];
    const { wb } = await terug(await gemeentePack({
      gemeente: { code: '0439', naam: 'Purmerend' }, jaar: 2026, peildatum: '2026-03-31', aangemaakt: '2026-04-06T09:00:00Z',
      regels: alle, regionaal: [{ domein: 'jeugd', realisatie: 7n * 3n * 31_000_00n, onderhandenWerk: 7n * 3n * 3_100_00n }],
      budgetlijnen: [], aanbiederNamen: new Map([['12340001', 'A'], ['12340002', 'B']]),
    }));
    const per = wb.getWorksheet('Per aanbieder')!;
    let rijen = 0;
    per.eachRow((r, i) => { if (i > 4 && r.getCell(1).value !== 'Totaal' && r.getCell(1).value) rijen++; });
    expect(rijen).to.equal(4);
    const dom = wb.getWorksheet('Per domein')!;
    expect(dom.getRow(5).getCell(3).value).to.equal(31_000 * 3);
    expect(dom.getRow(5).getCell(7).value).to.be.closeTo(1 / 7, 0.0001);
  });

  it('ranks the region and ties the payment spec out to the declaratie-antwoorden', async () => {
    const regels = [...aanbiederRegels('12340001', 1n), ...aanbiederRegels('12340002', 2n)];
    const { wb } = await terug(await regioPack({ regio: 'Zaanstreek-Waterland', jaar: 2026, peildatum: '2026-03-31', aangemaakt: '2026-04-06T09:00:00Z', regels, aanbiederNamen: new Map(), gemeenteNamen: GEMEENTEN, verwerking: [['berichten', 3]] }));
    expect(kolomSom(wb.getWorksheet('Overzicht')!, 'Realisatie')).to.equal(2 * 7 * 31_000_00 * 3);
    expect(wb.getWorksheet('Budgetlijnen'), 'zonder budgetlijnen geen blad').to.equal(undefined);
    const lijn = (code: string, budget: bigint, realisatie: bigint) => ({
      domein: 'jeugd' as const, code, naam: `Perceel ${code}`, productcategorieen: ['45', '47'], budget, plafondsAanbieders: budget / 2n, realisatie, onderhandenWerk: 10_000_00n,
      prognose: realisatie * 4n, aanbieders: 3, signalen: code === 'A' ? 'prognose boven budget' : '',
    });
    const { wb: mb } = await terug(await regioPack({
      regio: 'Zaanstreek-Waterland', jaar: 2026, peildatum: '2026-03-31', aangemaakt: '2026-04-06T09:00:00Z', regels, aanbiederNamen: new Map(), gemeenteNamen: GEMEENTEN, verwerking: [],
      budgetlijnen: [lijn('A', 1_000_000_00n, 300_000_00n), lijn('B', 500_000_00n, 50_000_00n)],
    }));
    const bl = mb.getWorksheet('Budgetlijnen')!;
    expect(kolomSom(bl, 'Budget')).to.equal(1_500_000_00);
    expect(kolomSom(bl, 'Realisatie')).to.equal(350_000_00);
    expect(kolomSom(bl, 'Plafonds aanbieders')).to.equal(750_000_00);
    const decl = [
      { agb: '12340001', gemeente: '0479', domein: 'jeugd' as const, declaratieNummer: 'D1', antwoordIdentificatie: 'A1', beantwoordOp: '2026-03-04', ingediend: 1000_00n, toegekend: 900_00n },
      { agb: '12340001', gemeente: '0439', domein: 'jeugd' as const, declaratieNummer: 'D2', antwoordIdentificatie: 'A2', beantwoordOp: '2026-03-05', ingediend: 50_00n, toegekend: -50_00n },
      { agb: '12340002', gemeente: '0479', domein: 'wmo' as const, declaratieNummer: 'D3', antwoordIdentificatie: 'A3', beantwoordOp: '2026-03-06', ingediend: 300_00n, toegekend: 300_00n },
    ];
    const { wb: b } = await terug(await betalingSpec({ periode: '2026-03', aangemaakt: '2026-04-01T00:00:00Z', declaraties: decl, aanbiederNamen: new Map(), gemeenteNamen: GEMEENTEN }));
    expect(kolomSom(b.getWorksheet('Per aanbieder')!, 'Te betalen (toegekend)')).to.equal(1150_00);
    expect(kolomSom(b.getWorksheet('Per gemeente')!, 'Door te belasten (toegekend)')).to.equal(1150_00);
    expect(kolomSom(b.getWorksheet('Declaraties')!, 'Toegekend')).to.equal(1150_00);
  });

  it('writes the written warning as a PDF with the figures and the consultation term', async function () {
    const pdf = await waarschuwingsbrief({
      kenmerk: 'BR-2026-JW-12340001-1', datum: '2026-04-07', aanbieder: { agb: '12340001', naam: 'Jeugdzorg De Zaan B.V.' }, domein: 'jeugd', jaar: 2026, peildatum: '2026-03-31',
      aanleiding: 'drempel', drempelPct: 70, plafond: 1_000_000_00n, realisatie: 650_000_00n, onderhandenWerk: 60_000_00n, prognose: 1_310_000_00n, uitnutting: '71.00',
      verwachteUitputting: '2026-09-20', overlegUiterlijk: '2026-04-21', afzender: { naam: 'M. de Vries', functie: 'Contractmanager', organisatie: 'Gemeente Zaanstad' },
    });
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    const pdftotext = spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).stdout.trim();
    if (!pdftotext) return;
    const dir = mkdtempSync(join(tmpdir(), 'plafond-brief-'));
    try {
      writeFileSync(join(dir, 'b.pdf'), pdf);
      const tekst = execFileSync(pdftotext, [join(dir, 'b.pdf'), '-'], { encoding: 'utf8' });
      expect(tekst).to.include('€ 1.000.000,00');
      expect(tekst).to.include('71,00%');
      expect(tekst).to.include('21 april 2026');
      expect(tekst).to.include('drempel van 70%');
      expect(readFileSync(join(dir, 'b.pdf')).length).to.be.greaterThan(1000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
