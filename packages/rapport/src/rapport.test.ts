import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { type BudgetReeks, bewaakReeks, legeMaand, perDomein, terugblik } from '@plafond/budget';
import type { Datum } from '@plafond/core';
import { regioRapport } from './regio-rapport';

function reeks(plafond: bigint, perMaand: bigint[], peildatum: string): BudgetReeks {
  return {
    jaar: 2026, domein: 'JW', agb: '11111111', gemeente: null, budgetlijn: null, peildatum: peildatum as Datum, plafond, plafondMutaties: [],
    maanden: Array.from({ length: 12 }, (_, i) => ({ ...legeMaand(i + 1), realisatie: perMaand[i] ?? 0n })),
    verplichtingenPerMaand: Array.from({ length: 12 }, () => 0n),
  };
}

describe('rapport/regio', () => {
  it('writes a formatted workbook whose figures equal the computed uitnutting', async () => {
    const rows = [bewaakReeks(reeks(1000000n, [0n, 123456n], '2026-02-28'))];
    const wb = await regioRapport({
      regio: 'Zaanstreek-Waterland', jaar: 2026, totMaand: 2, aangemaakt: '2026-03-05T10:00:00Z',
      domeinen: perDomein(rows), aanbieders: rows, signalen: rows.flatMap((r) => r.signalen),
      aanbiederNamen: new Map([['11111111', 'Zorg BV']]), verwerking: [['berichten', 3]],
    });
    const buf = await wb.xlsx.writeBuffer();
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(buf as ArrayBuffer);
    expect(back.worksheets.map((w) => w.name)).to.deep.equal(['Overzicht', 'Aanbieders', 'Signalen', 'Verwerking']);
    const a = back.getWorksheet('Aanbieders')!;
    expect(a.getRow(2).getCell(2).value).to.equal('Zorg BV');
    expect(a.getRow(2).getCell(5).value).to.equal(1234.56);
    expect(a.getRow(2).getCell(5).numFmt).to.contain('€');
    expect(a.getRow(1).font?.bold).to.equal(true);
    const kop = (a.getRow(1).values as unknown[]).map(String);
    expect(String((a.getRow(2).values as unknown[])[kop.indexOf('Reden keuze')])).to.match(/^Gekozen omdat/);
  });

  it('shows the early signals and which came true at year end', async () => {
    const maart = bewaakReeks(reeks(300000n, [100000n, 100000n, 100000n], '2026-03-31'));
    const eind = bewaakReeks(reeks(300000n, Array.from({ length: 12 }, () => 100000n), '2026-12-31'));
    const t = terugblik(maart.signalen, [{ agb: eind.agb, domein: eind.domein, gemeente: null, plafond: eind.plafond, werkelijk: eind.realisatie }], 85);
    expect(t.overbesteding).to.include({ werkelijk: 1, gesignaleerd: 1, terecht: 1, trefkansPct: '100.0', valsAlarmPct: '0.0' });
    const wb = await regioRapport({
      regio: 'ZW', jaar: 2026, totMaand: 12, aangemaakt: '2027-01-05T10:00:00Z', domeinen: perDomein([eind]), aanbieders: [eind], signalen: eind.signalen,
      vroeg: { peildatum: '2026-03-31', domeinen: perDomein([maart]), signalen: maart.signalen, terugblik: t }, aanbiederNamen: new Map(), verwerking: [],
    });
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    expect(back.worksheets.map((w) => w.name)).to.deep.equal(['Overzicht', 'Aanbieders', 'Signalen', 'Vroege signalen', 'Signalen 2026-03-31', 'Verwerking']);
    const s = back.getWorksheet('Signalen 2026-03-31')!;
    const kop = (s.getRow(1).values as unknown[]).map(String);
    const rij = s.getRow(2).values as unknown[];
    expect(rij[kop.indexOf('Signaal')]).to.equal('overbesteding');
    expect(rij[kop.indexOf('Uitgekomen')]).to.equal('ja');
    const v = back.getWorksheet('Vroege signalen')!;
    expect(v.getRow(9).getCell(1).value).to.equal('overbesteding');
    expect(v.getRow(9).getCell(7).value).to.equal(1);
  });
});
