import { expect } from 'chai';
import { datum } from '@plafond/core';
import { parseBericht, serialiseer } from '@plafond/istandaard';
import { vereisIstandaarden, xsdFouten } from '../../../../test/support/istandaarden';
import {
  client301, Omgeving, startBericht, startProduct, stopBericht, stopProduct, toegewezenProduct, toewijzingBericht,
} from '../../../../test/support/berichten';

const BSN = '999900006';

/** The RetourCodes of the answer per class, in document order (header first). */
async function retourcodesPerKlasse(xml: string): Promise<string[][]> {
  const uit: string[][] = [];
  for (const m of xml.matchAll(/<(\w+):RetourCodes>([\s\S]*?)<\/\1:RetourCodes>/g)) {
    uit.push([...m[2].matchAll(/RetourCode>(\w+)</g)].map((c) => c[1]));
  }
  expect((await parseBericht(xml)).schemaGeldig).to.equal(true);
  return uit;
}

describe('workers/berichten: start and stop levering (305/307 → 306/308)', function () {
  let o: Omgeving;
  const leveringen = () => o.rijen<{ soort: string; begindatum: string; status_aanlevering: string; retourcodes: string[]; toewijzing_nummer: string | null }>(
    `SELECT soort, begindatum, status_aanlevering, retourcodes, toewijzing_nummer FROM levering ORDER BY id`);

  before(async function () {
    vereisIstandaarden(this);
    o = await Omgeving.maak();
    const { u } = await o.verwerk(toewijzingBericht('T1', client301(BSN, [
      toegewezenProduct(2001),
      toegewezenProduct(2002, { product: { categorie: '46' }, omvang: undefined, budget: 100000n }),
    ])));
    expect(u.status).to.equal('verwerkt');
  });
  after(async () => o?.drop());

  it('answers a start for an unknown toewijzing with 9019 on the StartProduct (306 valid against the XSD)', async () => {
    const { u, antwoord } = await o.verwerk(startBericht('S1', BSN, [startProduct(9999, '2026-02-03')]));
    expect(u.status).to.equal('afgewezen');
    expect(xsdFouten('JW306', antwoord!)).to.equal('');
    // header, StartProduct, Client
    expect(await retourcodesPerKlasse(antwoord!)).to.deep.equal([['0200'], ['9019'], ['0200']]);
    expect(await leveringen()).to.deep.equal([{ soort: 'start', begindatum: '2026-02-03', status_aanlevering: '1', retourcodes: ['9019'], toewijzing_nummer: '9999' }]);
  });

  it('accepts a start of a known toewijzing with 0200 on every class and stores it', async () => {
    const { u, antwoord } = await o.verwerk(startBericht('S2', BSN, [startProduct(2001, '2026-02-03')]));
    expect(u.status).to.equal('verwerkt');
    expect(u.retourcodes).to.deep.equal(['0200']);
    expect(xsdFouten('JW306', antwoord!)).to.equal('');
    expect(await retourcodesPerKlasse(antwoord!)).to.deep.equal([['0200'], ['0200'], ['0200']]);
    expect(antwoord).to.contain('2001').and.contain('2026-02-03');
    const rijen = await o.rijen<{ n: number }>(`SELECT count(*)::int AS n FROM levering WHERE retourcodes = '{}' AND toewijzing_id IS NOT NULL`);
    expect(rijen[0].n).to.equal(1);
  });

  it('links a start without ToewijzingNummer by Product and ToewijzingIngangsdatum', async () => {
    const { u, antwoord } = await o.verwerk(startBericht('S3', BSN, [
      startProduct(undefined, '2026-02-05', { product: { categorie: '46' }, toewijzingIngangsdatum: datum('2026-02-01') }),
    ]));
    expect(u.retourcodes).to.deep.equal(['0200']);
    expect(xsdFouten('JW306', antwoord!)).to.equal('');
    expect((await leveringen()).at(-1)).to.include({ toewijzing_nummer: '2002', begindatum: '2026-02-05' });
  });

  it('answers a resent start (same BerichtIdentificatie) with 9056 and stores nothing twice', async () => {
    const voor = (await leveringen()).length;
    const { u, antwoord } = await o.verwerk(serialiseer(startBericht('S2', BSN, [startProduct(2001, '2026-02-03')])));
    expect(u.retourcodes).to.deep.equal(['9056']);
    expect(xsdFouten('JW306', antwoord!)).to.equal('');
    expect(antwoord).to.contain('9056');
    expect(await leveringen()).to.have.length(voor);
  });

  it('rejects a second first delivery of the same start (TR074, 9074) and a new start while one runs (TR326, 9326)', async () => {
    const { u, antwoord } = await o.verwerk(startBericht('S4', BSN, [startProduct(2001, '2026-02-03'), startProduct(2001, '2026-03-01')]));
    expect(u.status).to.equal('afgewezen');
    expect(xsdFouten('JW306', antwoord!)).to.equal('');
    expect(await retourcodesPerKlasse(antwoord!)).to.deep.equal([['0200'], ['9074'], ['9326'], ['0200']]);
  });

  it('accepts a stop of the running start, then refuses to delete that start (TR071, 9071)', async () => {
    const stop = await o.verwerk(stopBericht('P1', BSN, [stopProduct(2001, '2026-02-03', '2026-04-30')]));
    expect(stop.u.retourcodes).to.deep.equal(['0200']);
    expect(xsdFouten('JW308', stop.antwoord!)).to.equal('');
    const weg = await o.verwerk(startBericht('S5', BSN, [startProduct(2001, '2026-02-03', { statusAanlevering: '3' })]));
    expect(weg.u.retourcodes).to.include('9071');
  });

  it('checks a stop against the start and the stops before it (9069, 9074, 9415, 9063)', async () => {
    // One stop per start per message (TR101), so each case is a message of its own.
    const gevallen: [string, ReturnType<typeof stopProduct>, string][] = [
      ['P2', stopProduct(2001, '2026-02-04', '2026-04-30'), '9069'],
      ['P3', stopProduct(2001, '2026-02-03', '2026-04-30'), '9074'],
      ['P4', stopProduct(2001, '2026-02-03', '2026-05-05'), '9415'],
      ['P5', stopProduct(2001, '2026-02-03', '2026-03-31', { statusAanlevering: '3' }), '9063'],
    ];
    for (const [id, stop, code] of gevallen) {
      const { u, antwoord } = await o.verwerk(stopBericht(id, BSN, [stop]));
      expect(u.status).to.equal('afgewezen');
      expect(xsdFouten('JW308', antwoord!)).to.equal('');
      expect(await retourcodesPerKlasse(antwoord!)).to.deep.equal([['0200'], [code], ['0200']]);
    }
  });

  it('allows one temporary stop (reden 20) per start, and no stop ending before it (9413, 9414)', async () => {
    // Stop end dates lie before the dagtekening (2026-05-06): TR134 binds StopProduct/Einddatum too.
    await o.verwerk(startBericht('S6', BSN, [startProduct(2001, '2026-04-02')]));
    const eerste = await o.verwerk(stopBericht('P6', BSN, [stopProduct(2001, '2026-04-02', '2026-04-15', { redenBeeindiging: '20' })]));
    expect(eerste.u.retourcodes).to.deep.equal(['0200']);
    const tweede = await o.verwerk(stopBericht('P7', BSN, [stopProduct(2001, '2026-04-02', '2026-04-20', { redenBeeindiging: '20' })]));
    expect(tweede.u.retourcodes).to.deep.equal(['0200', '9413']);
    const derde = await o.verwerk(stopBericht('P8', BSN, [stopProduct(2001, '2026-04-02', '2026-04-10')]));
    expect(derde.u.retourcodes).to.deep.equal(['0200', '9414']);
  });

  it('rejects a message failing an in-message rule (TR101) with 0001 on the class and stores nothing', async () => {
    const voor = (await leveringen()).length;
    const { u, antwoord } = await o.verwerk(startBericht('S7', BSN, [startProduct(2002, '2026-04-01'), startProduct(2002, '2026-04-01')]));
    expect(u.status).to.equal('afgewezen');
    expect(xsdFouten('JW306', antwoord!)).to.equal('');
    expect(await retourcodesPerKlasse(antwoord!)).to.deep.equal([['0001'], ['0200'], ['0001'], ['0200']]);
    expect(await leveringen()).to.have.length(voor);
  });

  it('answers a WMO305 with a WMO306 that validates', async () => {
    await o.verwerk(toewijzingBericht('TW', client301(BSN, [toegewezenProduct(3001, { product: { categorie: '02', code: '02A01' } })]), 'WMO'));
    const { u, antwoord } = await o.verwerk(startBericht('SW', BSN, [startProduct(3001, '2026-02-03')], 'WMO'));
    expect(u.retourcodes).to.deep.equal(['0200']);
    expect(xsdFouten('WMO306', antwoord!)).to.equal('');
  });
});
