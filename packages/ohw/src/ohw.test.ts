import { expect } from 'chai';
import { datum, type Maand } from '@plafond/core';
import { leesOhwBestand, OHW_KOLOMMEN, OhwBestandFout, OhwControle, type OhwControleContext, type OhwInvoerRij, type OhwToewijzingInfo } from './index';

const T: OhwToewijzingInfo = {
  id: '1', toewijzingNummer: 'T1', gemeente: '0479', domein: 'JW', eigen: true, clientId: '9', bsn: '999900006', productcategorie: '45',
  productcode: '45A03', ingangsdatum: datum('2026-02-10'), einddatum: datum('2026-12-31'), omvang: { volume: 10, eenheid: '04', frequentie: '4' }, ingetrokken: false,
};
const ctx: OhwControleContext = {
  maand: '2026-03' as Maand,
  toewijzingen: (n) => (n === 'T1' ? [T] : n === 'VAN-ANDER' ? [{ ...T, id: '2', eigen: false }] : []),
  tarief: (_d, cat, code, op) => (cat === '45' && code === '45A03' && op >= '2026-01-01' ? { bedrag: 6500n, eenheid: '04' } : undefined),
  product: () => true,
  gemeenteBekend: (g) => g === '0479',
};
let regel = 1;
const rij = (over: Partial<Record<string, string>> = {}): OhwInvoerRij => ({
  regel: ++regel,
  cellen: { gemeente: '0479', toewijzingnummer: 'T1', bsn: '999900006', productcategorie: '45', productcode: '45A03', periode: '2026-03', volume: '2', eenheid: '04', bedrag_eur: '130,00', toelichting: '', ...over } as OhwInvoerRij['cellen'],
});

describe('@plafond/ohw: the row check', () => {
  it('accepts minutes on an hourly tariff rounded as TR346 says, and a point or comma as decimal separator', () => {
    const c = new OhwControle(ctx);
    // 65.00 x 7 / 60 = 7.5833… -> 7.58
    const u = c.controleer([rij({ volume: '7', eenheid: '01', bedrag_eur: '7,58' }), rij({ periode: '2026-02', bedrag_eur: '130.00' })]);
    expect(u.afgewezen).to.deep.equal([]);
    expect(u.regels.map((r) => r.bedrag)).to.deep.equal([758n, 13000n]);
  });

  it('names row, column and reason for each kind of mistake, once per mistake', () => {
    regel = 1;
    // Each row checked on its own (the same toewijzing and periode in one file would be a duplicate).
    const rijen = [
      rij({ volume: '11', bedrag_eur: '715,00' }), // more than 10 uur per maand
      rij({ periode: '2026-01' }), // before the ingangsdatum
      rij({ periode: '2026-3' }),
      rij({ volume: 'twee' }),
      rij({ volume: '1,5' }),
      rij({ bedrag_eur: '' }),
      rij({ toewijzingnummer: 'VAN-ANDER' }),
      rij({ productcode: '45A04' }),
      rij({ eenheid: '14' }),
      rij({ gemeente: '0439' }),
      rij({ bsn: '999900018' }),
      rij({ toelichting: '@SOM(A1)' }),
    ];
    const u = { afgewezen: rijen.flatMap((r) => new OhwControle(ctx).controleer([r]).afgewezen) };
    expect(u.afgewezen.map((a) => [a.regel, a.kolom])).to.deep.equal([
      [2, 'volume'], [3, 'periode'], [4, 'periode'], [5, 'volume'], [6, 'volume'], [7, 'bedrag_eur'], [8, 'toewijzingnummer'], [9, 'productcode'],
      [10, 'eenheid'], [11, 'gemeente'], [12, 'bsn'], [13, 'toelichting'],
    ]);
    expect(u.afgewezen[0].reden).to.equal('volume 11 is meer dan de toewijzing in 2026-03 toestaat (10 uur)');
    expect(u.afgewezen[4].reden).to.equal('volume 1,5 is geen geheel getal');
    expect(u.afgewezen[6].reden).to.equal('toewijzing VAN-ANDER is niet aan u toegewezen');
  });

  it('finds a duplicate row across chunks of one file', () => {
    const c = new OhwControle(ctx);
    regel = 1;
    expect(c.controleer([rij()]).afgewezen).to.deep.equal([]);
    expect(c.controleer([rij()]).afgewezen).to.deep.equal([{ regel: 3, kolom: 'toewijzingnummer', reden: 'dubbele regel: toewijzing T1 en periode 2026-03 staan al op rij 2' }]);
  });
});

describe('@plafond/ohw: reading a CSV', () => {
  it('reads semicolons with decimal commas and quoted fields, numbering rows as a spreadsheet does', async () => {
    const csv = `\uFEFF${OHW_KOLOMMEN.join(';')}\r\n0479;T1;999900006;45;45A03;2026-03;2;04;130,00;"regel; met ""quotes""\nen een nieuwe regel"\r\n\r\n0479;T1;999900006;45;45A03;2026-02;1;04;65,00;\r\n`;
    const t = await leesOhwBestand(Buffer.from(csv), 'csv');
    expect(t.rijen.map((r) => [r.regel, r.cellen.bedrag_eur, r.cellen.toelichting])).to.deep.equal([
      [2, '130,00', 'regel; met "quotes"\nen een nieuwe regel'], [5, '65,00', '']]);
  });

  it('reads commas with decimal points, and refuses a file whose header is not the OHW columns', async () => {
    const t = await leesOhwBestand(Buffer.from(`${OHW_KOLOMMEN.join(',')}\n0479,T1,999900006,45,45A03,2026-03,2,04,130.00,\n`), 'csv');
    expect(t.rijen[0].cellen.bedrag_eur).to.equal('130.00');
    let fout: unknown;
    await leesOhwBestand(Buffer.from('bsn;gemeente\n1;2\n'), 'csv').catch((e: unknown) => (fout = e));
    expect(fout).to.be.instanceOf(OhwBestandFout);
  });
});
