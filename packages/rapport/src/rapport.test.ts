import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { berekenUitnutting, bepaalSignalen, perDomein } from '@plafond/budget';
import type { Maand } from '@plafond/core';
import { regioRapport } from './regio-rapport';

describe('rapport/regio', () => {
  it('writes a formatted workbook whose figures equal the computed uitnutting', async () => {
    const rows = berekenUitnutting(
      [{ agb: '11111111', domein: 'JW', gemeente: '0479', maand: '2026-02' as Maand, toegekend: 123456n }],
      [{ agb: '11111111', domein: 'JW', gemeente: null, bedrag: 1000000n }],
      2026,
      2,
    );
    const wb = await regioRapport({
      regio: 'Zaanstreek-Waterland', jaar: 2026, totMaand: 2, aangemaakt: '2026-03-05T10:00:00Z',
      domeinen: perDomein(rows), aanbieders: rows, signalen: bepaalSignalen(rows, 2),
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
  });
});
