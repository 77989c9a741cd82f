import { expect } from 'chai';
import { datum, type Maand } from '@plafond/core';
import { getoldeOhw, ohwPerRapportmaand, slaOntvangenBerichtOp, type TestDatabase, maakTestDatabase } from '@plafond/db';
import { OHW_KOLOMMEN } from '@plafond/ohw';
import { processBericht } from '@plafond/worker-berichten';
import { AGB, basisStamdata, CONFIG, declaratie, prestatie, toewijzing } from '../../../test/support/declaraties';
import { verwerkOhwBestand } from './index';

describe('counted OHW against declaraties booked by the real pipeline (no double counting)', function () {
  let tdb: TestDatabase;

  before(async () => {
    tdb = await maakTestDatabase();
    await basisStamdata(tdb.dataSource);
    await toewijzing(tdb.dataSource, '70001', '999900006');
    await toewijzing(tdb.dataSource, '70002', '999900018');
  });
  after(async () => tdb?.drop());

  const boek = async (xml: string) => {
    const b = await slaOntvangenBerichtOp(tdb.dataSource, { inhoud: Buffer.from(xml), bestandsnaam: 'd.xml' });
    return processBericht({ berichtId: b.id, correlationId: b.correlationId }, { dataSource: tdb.dataSource, config: CONFIG, peildatum: datum('2026-04-10') });
  };
  const geteld = async () => (await getoldeOhw(tdb.dataSource, { peilmaand: '2026-03' as Maand })).map((r) => [r.maand, r.bedrag]);

  it('stops counting a row once its toewijzing and month have a granted prestatie, and counts it again after a credit', async () => {
    const csv = [
      OHW_KOLOMMEN.join(';'),
      '0479;70001;999900006;45;45A03;2026-03;2;04;130,00;',
      '0479;70002;999900018;45;45A03;2026-03;3;04;195,00;',
      '0479;70001;999900006;45;45A03;2026-02;1;04;65,00;',
    ].join('\n');
    const u = await verwerkOhwBestand({ agb: AGB, maand: '2026-03', naam: 'ohw.csv', inhoud: Buffer.from(csv), door: 'test' }, { dataSource: tdb.dataSource });
    expect(u.ohw.opgeslagen).to.equal(3);
    expect(await geteld()).to.deep.equal([['2026-02', 6500n], ['2026-03', 13000n], ['2026-03', 19500n]]);

    const debet = prestatie('REFOHW1', 70001, 2);
    const r = await boek(declaratie('IDOHW1', 'DECLOHW1', [{ bsn: '999900006', prestaties: [debet] }]));
    expect(r.status, JSON.stringify(r.meldingen)).to.equal('verwerkt');
    // The declaratie for 70001 in March replaces its estimate; February and 70002 still count.
    expect(await geteld()).to.deep.equal([['2026-02', 6500n], ['2026-03', 19500n]]);
    const hist = await ohwPerRapportmaand(tdb.dataSource, { rapportmaand: '2026-03' as Maand });
    expect(hist.filter((h) => !h.geteld).map((h) => [h.maand, h.bedrag])).to.deep.equal([['2026-03', 13000n]]);

    const credit = { ...debet, productReferentie: { referentieNummer: 'REFOHW2', vorigReferentieNummer: 'REFOHW1' }, ingediendBedrag: { ...debet.ingediendBedrag, debetCredit: 'C' as const } };
    await boek(declaratie('IDOHW2', 'DECLOHW2', [{ bsn: '999900006', prestaties: [credit] }]));
    expect(await geteld()).to.deep.equal([['2026-02', 6500n], ['2026-03', 13000n], ['2026-03', 19500n]]);
  });
});
