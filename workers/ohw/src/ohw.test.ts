import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import type { Maand } from '@plafond/core';
import {
  aanbiederOpAgb, getoldeOhw, maakTestDatabase, ohwOntvangst, ohwTerugkoppeling, ohwVersieRegels, ohwVersies, slaOhwOntvangstOp, sqlRijen,
  upsertAanbieders, type DataSource, type TestDatabase,
} from '@plafond/db';
import { OHW_KOLOMMEN } from '@plafond/ohw';
import { AGB, basisStamdata, toewijzing } from '../../../test/support/declaraties';
import { ohwTemplateVoor, processOhwUpload, verwerkOhwBestand } from './index';

const MAAND = '2026-03' as Maand;

/** A BSN passing the elfproef, from a running number. */
export function bsnNr(n: number): string {
  for (let laatste = 0; ; laatste++) {
    const acht = String(10_000_000 + n).slice(-8);
    let som = 0;
    for (let i = 0; i < 8; i++) som += Number(acht[i]) * (9 - i);
    if ((som - laatste) % 11 === 0 && laatste <= 9) return `${acht}${laatste}`;
    if (laatste > 9) return bsnNr(n + 1000);
  }
}

async function tellingen(ds: DataSource): Promise<{ uploads: number; regels: number }> {
  const [r] = await sqlRijen<{ uploads: number; regels: number }>(ds, 'SELECT (SELECT count(*)::int FROM ohw_upload) AS uploads, (SELECT count(*)::int FROM ohw_regel) AS regels');
  return r;
}

describe('workers/ohw: OHW upload checked and stored', function () {
  let tdb: TestDatabase;
  let ds: DataSource;
  const bsns: string[] = [];

  before(async function () {
    tdb = await maakTestDatabase();
    ds = tdb.dataSource;
    await basisStamdata(ds);
    await upsertAanbieders(ds, [{ agbCode: '87654321', naam: 'Andere BV' }]);
    for (let i = 1; i <= 9; i++) {
      bsns.push(bsnNr(i * 7919));
      await toewijzing(ds, `T${i}`, bsns[i - 1]);
    }
    await toewijzing(ds, 'ANDER1', bsnNr(4242), { agb: '87654321' });
  });
  after(async () => tdb?.drop());

  const rij = (i: number, over: Partial<Record<string, string>> = {}) => {
    const r: Record<string, string> = {
      gemeente: '0479', toewijzingnummer: `T${i}`, bsn: bsns[i - 1], productcategorie: '45', productcode: '45A03', periode: MAAND,
      volume: '3', eenheid: '04', bedrag_eur: '195,00', toelichting: `regel ${i}`, ...over,
    };
    return OHW_KOLOMMEN.map((k) => r[k]).join(';');
  };
  const csv = (rijen: string[]) => Buffer.from(`${OHW_KOLOMMEN.join(';')}\r\n${rijen.join('\r\n')}\r\n`);

  it('stores 6 of 10 CSV rows with 4 mistakes, reports each with row, column and reason, and marks exactly those rows in the feedback', async () => {
    const rijen = [
      rij(1),
      rij(2, { bsn: '123456789' }),
      rij(3, { volume: '90', bedrag_eur: '97,50', eenheid: '01' }),
      rij(4, { bedrag_eur: '100,00' }),
      rij(5),
      rij(6, { toewijzingnummer: 'ONBEKEND' }),
      rij(7, { volume: '1', bedrag_eur: '65.00' }),
      rij(8, { periode: '2026-04' }),
      rij(9),
      rij(1, { periode: '2026-02', volume: '2', bedrag_eur: '130' }),
    ];
    const uit = await verwerkOhwBestand({ agb: AGB, maand: MAAND, naam: `ohw-${AGB}-${MAAND}.csv`, inhoud: csv(rijen), door: 'test' }, { dataSource: ds });
    expect(uit.outcome).to.equal('verwerkt');
    expect(uit.ohw.versie).to.equal(1);
    expect(uit.ohw.opgeslagen).to.equal(6);
    expect(uit.ohw.afgewezen.map((a) => [a.regel, a.kolom])).to.deep.equal([[3, 'bsn'], [5, 'bedrag_eur'], [7, 'toewijzingnummer'], [9, 'periode']]);
    expect(uit.ohw.afgewezen[0].reden).to.match(/elfproef/);
    expect(uit.ohw.afgewezen[1].reden).to.match(/volume × contracttarief .*€ 195,00/);
    expect(uit.ohw.afgewezen[2].reden).to.match(/onbekend/);
    expect(uit.ohw.afgewezen[3].reden).to.match(/na de gerapporteerde maand/);

    // Minutes on an hourly tariff (TR346: 65.00 x 90 / 60 = 97.50) and a point as decimal separator are accepted.
    const opgeslagen = await ohwVersieRegels(ds, (await ohwVersies(ds, 1, MAAND))[0].uploadId);
    expect(opgeslagen.map((r) => [r.regelnummer, r.volume, r.eenheid, r.bedrag])).to.deep.equal([
      [2, 3, '04', 19500n], [4, 90, '01', 9750n], [6, 3, '04', 19500n], [8, 1, '04', 6500n], [10, 3, '04', 19500n], [11, 2, '04', 13000n]]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await ohwTerugkoppeling(ds, uit.ontvangstId!))! as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).to.deep.equal([...OHW_KOLOMMEN, 'fouten']);
    const gemarkeerd: number[] = [];
    const metFout: number[] = [];
    ws.eachRow((r, n) => {
      if (n === 1) return;
      if (OHW_KOLOMMEN.some((_, i) => r.getCell(i + 1).note)) gemarkeerd.push(n);
      if (r.getCell(11).value) metFout.push(n);
    });
    expect(gemarkeerd).to.deep.equal([3, 5, 7, 9]);
    expect(metFout).to.deep.equal([3, 5, 7, 9]);
    expect(ws.getRow(3).getCell(3).fill).to.deep.include({ type: 'pattern', pattern: 'solid' });
    expect(ws.getRow(2).getCell(1).value).to.equal('0479');
  });

  it('makes a second upload the counted version while the first stays retrievable', async () => {
    const voor = await getoldeOhw(ds, { peilmaand: MAAND });
    expect(voor).to.have.length(6);
    const uit = await verwerkOhwBestand({ agb: AGB, maand: MAAND, naam: 'ohw.csv', inhoud: csv([rij(1), rij(2)]), door: 'test' }, { dataSource: ds });
    expect([uit.ohw.versie, uit.ohw.opgeslagen, uit.ohw.afgewezen]).to.deep.equal([2, 2, []]);
    const versies = await ohwVersies(ds, 1, MAAND);
    expect(versies.map((v) => [v.versie, v.opgeslagen, v.afgewezen.length, v.geldend])).to.deep.equal([[1, 6, 4, false], [2, 2, 0, true]]);
    expect(await ohwVersieRegels(ds, versies[0].uploadId)).to.have.length(6);
    const na = await getoldeOhw(ds, { peilmaand: MAAND });
    expect(na.map((r) => r.bedrag)).to.deep.equal([19500n, 19500n]);
  });

  it('takes a header-only file as a report of nothing outstanding', async () => {
    const uit = await verwerkOhwBestand({ agb: AGB, maand: '2026-04', naam: 'ohw.csv', inhoud: Buffer.from(`${OHW_KOLOMMEN.join(',')}\n`), door: 'test' }, { dataSource: ds });
    expect([uit.outcome, uit.ohw.versie, uit.ohw.opgeslagen]).to.deep.equal(['verwerkt', 1, 0]);
    expect(await getoldeOhw(ds, { peilmaand: '2026-04' as Maand })).to.deep.equal([]);
  });

  it('refuses a file with the wrong columns or no content as a whole and stores nothing', async () => {
    const voor = await tellingen(ds);
    const fout = await verwerkOhwBestand({ agb: AGB, maand: MAAND, naam: 'ohw.csv', inhoud: Buffer.from('gemeente;bsn\n0479;123\n'), door: 'test' }, { dataSource: ds });
    expect(fout.outcome).to.equal('afgewezen');
    expect(fout.reden).to.match(/kopregel \(rij 1\) moet precies deze kolommen/);
    const leeg = await verwerkOhwBestand({ agb: AGB, maand: MAAND, naam: 'ohw.xlsx', inhoud: Buffer.from('geen zip'), door: 'test' }, { dataSource: ds });
    expect(leeg.reden).to.match(/geen geldig xlsx-bestand/);
    expect(await tellingen(ds)).to.deep.equal(voor);
  });

  it("refuses another aanbieder's toewijzing and checks a stored upload once, however often its job runs", async () => {
    const aanbieder = (await aanbiederOpAgb(ds, AGB))!;
    const inhoud = csv([rij(1, { toewijzingnummer: 'ANDER1', bsn: bsnNr(4242), periode: '2026-02' })]);
    const id = await slaOhwOntvangstOp(ds, { aanbiederId: aanbieder.id, maand: '2026-02' as Maand, door: 'intake', bestandNaam: 'ohw.csv', soort: 'csv', bestand: inhoud, correlationId: randomUUID() });
    const job = { ontvangstId: id, correlationId: randomUUID() };
    const [a, b] = await Promise.all([processOhwUpload(job, { dataSource: ds }), processOhwUpload(job, { dataSource: ds })]);
    expect(a.ohw).to.deep.equal(b.ohw);
    expect(a.ohw.afgewezen).to.deep.equal([{ regel: 2, kolom: 'toewijzingnummer', reden: 'toewijzing ANDER1 is niet aan u toegewezen' }]);
    expect((await ohwVersies(ds, aanbieder.id, '2026-02' as Maand)).length).to.equal(1);
    expect((await ohwOntvangst(ds, id))!.status).to.equal('verwerkt');
  });

  it('pre-fills the template with the toewijzingen active in the month, in the OHW columns', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await ohwTemplateVoor(ds, AGB, MAAND)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).to.deep.equal([...OHW_KOLOMMEN]);
    expect(ws.getRow(2).values).to.deep.equal([undefined, '0479', 'T1', bsns[0], '45', '45A03', MAAND, undefined, '04']);
    expect(ws.getRow(11).getCell(2).value).to.equal(null);
    expect(ws.views[0]).to.include({ state: 'frozen', ySplit: 1 });
    expect(ws.pageSetup).to.include({ orientation: 'landscape', fitToWidth: 1, printTitlesRow: '1:1' });
    expect(ws.getRow(2).getCell(8).dataValidation).to.include({ type: 'list' });
    expect(ws.getRow(2).getCell(7).dataValidation).to.include({ type: 'whole' });
    expect(ws.getRow(2).getCell(9).dataValidation).to.include({ type: 'decimal' });
    expect(wb.worksheets.map((w) => w.name)).to.deep.equal(['Onderhanden werk', 'Toelichting', 'Keuzelijsten']);
  });
});
