import { expect } from 'chai';
import { datum, pseudoniem } from '@plafond/core';
import { toewijzingVersies } from '@plafond/db';
import { parseBericht } from '@plafond/istandaard';
import { vereisIstandaarden, xsdFouten } from '../../../../test/support/istandaarden';
import { client301, Omgeving, toegewezenProduct, toewijzingBericht } from '../../../../test/support/berichten';

interface ToewijzingRegel {
  id: string;
  variant: string;
  bekostiging: string | null;
  productcategorie: string | null;
  einddatum: string | null;
  status: string;
  versie: number;
  reden_wijziging: string | null;
}

describe('workers/berichten: toewijzingen (JW301/WMO301 from the gemeente)', function () {
  let o: Omgeving;

  before(async function () {
    vereisIstandaarden(this);
    o = await Omgeving.maak();
  });
  after(async () => o?.drop());

  const toewijzing = async (nummer: string) =>
    (await o.rijen<ToewijzingRegel>(`SELECT id::text, variant, bekostiging, productcategorie, einddatum, status, versie, reden_wijziging
      FROM toewijzing WHERE toewijzing_nummer = $1`, [nummer]))[0];

  it('registers a specifiek, an aspecifiek and a generiek toewijzing and forwards them to the aanbieder', async () => {
    const eerste = toewijzingBericht('T1', client301('999900006', [
      toegewezenProduct(1001),
      toegewezenProduct(1002, { product: { categorie: '46' }, omvang: undefined, budget: 250000n }),
    ]));
    const { u, antwoord } = await o.verwerk(eerste);
    expect(u.status).to.equal('verwerkt');
    expect(u.retourcodes).to.deep.equal(['0200']);
    expect(u.details).to.deep.include({ nieuw: 2, gewijzigd: 0, verwijderd: 0, afgewezen: 0 });
    const tweede = await o.verwerk(toewijzingBericht('T2', client301('999900018', [
      toegewezenProduct(1003, { product: undefined, omvang: undefined, budget: 100000n }),
    ])));
    expect(tweede.u.details).to.deep.include({ nieuw: 1 });

    expect(await toewijzing('1001')).to.include({ variant: 'specifiek', bekostiging: 'inspanning', productcategorie: '45', status: 'actief', versie: 1 });
    expect(await toewijzing('1002')).to.include({ variant: 'aspecifiek', bekostiging: 'taakgericht', productcategorie: '46' });
    expect(await toewijzing('1003')).to.include({ variant: 'generiek', bekostiging: 'taakgericht', productcategorie: null });

    const [client] = await o.rijen<{ pseudoniem: string; geboortedatum: string }>(`SELECT pseudoniem, geboortedatum FROM client WHERE bsn = '999900006'`);
    expect(client).to.deep.equal({ pseudoniem: pseudoniem('999900006', 'x'.repeat(32)), geboortedatum: '2012-03-04' });
    const versies = await o.rijen<{ gegevens: Record<string, unknown> }>(
      `SELECT v.gegevens FROM toewijzing_versie v JOIN toewijzing t ON t.id = v.toewijzing_id WHERE t.toewijzing_nummer = '1001'`);
    expect(versies).to.have.length(1);
    expect(versies[0].gegevens).to.include({ toewijzing_nummer: '1001', productcode: '45A03', versie: 1 });
    expect(versies[0].gegevens).to.have.property('client_id');
    expect(JSON.stringify(versies[0].gegevens)).to.not.contain('999900006');

    // The forwarded copy: the gemeente's message with a fresh identificatie, valid against the official XSD.
    expect(xsdFouten('JW301', antwoord!)).to.equal('');
    expect(antwoord).to.contain('<jw301:Afzender>0479</jw301:Afzender>').and.contain('1001').and.contain('1002');
    const [uit] = await o.rijen<{ berichttype: string; identificatie: string }>(`SELECT berichttype, identificatie FROM bericht WHERE id = $1`, [u.antwoordId]);
    expect(uit.berichttype).to.equal('JW301');
    expect(antwoord).to.match(new RegExp(`:Identificatie>${uit.identificatie}</`));
  });

  it('shortens a toewijzing on a 301 with RedenWijziging: a new version, the old one kept', async () => {
    const { u, antwoord } = await o.verwerk(toewijzingBericht('T3', client301('999900006', [
      toegewezenProduct(1001, { einddatum: datum('2026-09-30'), redenWijziging: '05' }),
    ])));
    expect(u.status).to.equal('verwerkt');
    expect(u.details).to.deep.include({ nieuw: 0, gewijzigd: 1 });
    const t = await toewijzing('1001');
    expect(t).to.include({ einddatum: '2026-09-30', status: 'gewijzigd', versie: 2, reden_wijziging: '05' });
    const versies = await toewijzingVersies(o.ds, t.id);
    expect(versies.map((v) => [v.versie, v.gegevens.einddatum, v.gegevens.status])).to.deep.equal([[1, '2026-12-31', 'actief'], [2, '2026-09-30', 'gewijzigd']]);
    expect(versies[1].berichtId).to.equal(u.berichtId);
    expect(xsdFouten('JW301', antwoord!)).to.equal('');
  });

  it('removes a toewijzing on RedenWijziging 13 (einddatum = ingangsdatum)', async () => {
    const { u } = await o.verwerk(toewijzingBericht('T4', client301('999900006', [
      toegewezenProduct(1002, { product: { categorie: '46' }, omvang: undefined, budget: 250000n, einddatum: datum('2026-02-01'), redenWijziging: '13' }),
    ])));
    expect(u.details).to.deep.include({ verwijderd: 1 });
    expect(await toewijzing('1002')).to.include({ status: 'ingetrokken', einddatum: '2026-02-01', versie: 2 });
  });

  it('rejects a reused ToewijzingNummer without RedenWijziging with 9332, changing and forwarding nothing', async () => {
    const { u, antwoord } = await o.verwerk(toewijzingBericht('T5', client301('999900006', [toegewezenProduct(1003, { einddatum: datum('2026-06-30') })])));
    expect(u.status).to.equal('afgewezen');
    expect(u.retourcodes).to.deep.equal(['9332']);
    expect(u.meldingen[0].pad).to.equal('/Bericht/Client/ToegewezenProducten/ToegewezenProduct[1]/ToewijzingNummer');
    expect(antwoord).to.equal(null);
    expect(await toewijzing('1003')).to.include({ versie: 1, variant: 'generiek' });
  });

  it('refuses to remove a toewijzing with granted, not credited prestaties (9385)', async () => {
    await o.verwerk(toewijzingBericht('T6', client301('999900031', [toegewezenProduct(1004)])));
    const t = await toewijzing('1004');
    const [{ id: declaratieId }] = await o.rijen<{ id: string }>(
      `INSERT INTO declaratie (bericht_id, aanbieder_id, gemeente_code, domein, declaratie_nummer, periode_begin, periode_eind, dagtekening,
         totaal_ingediend_cents, ingediend_debet_credit)
       SELECT (SELECT min(id) FROM bericht), $1, '0479', 'JW', 'DN-9385', '2026-03-01', '2026-03-31', '2026-04-03', 6500, 'D' RETURNING id::text`,
      [o.aanbiederId]);
    await o.rijen(
      `INSERT INTO prestatie (declaratie_id, aanbieder_id, domein, gemeente_code, toewijzing_id, referentie_nummer, productcategorie, productcode,
         periode_begin, periode_eind, volume, eenheid, ingediend_cents, debet_credit, toegekend_cents, beslissing)
       VALUES ($1, $2, 'JW', '0479', $3, 'R-9385', '45', '45A03', '2026-03-01', '2026-03-31', 1, '04', 6500, 'D', 6500, 'toegekend')`,
      [declaratieId, o.aanbiederId, t.id]);
    const { u } = await o.verwerk(toewijzingBericht('T7', client301('999900031', [
      toegewezenProduct(1004, { einddatum: datum('2026-02-01'), redenWijziging: '13' }),
    ])));
    expect(u.retourcodes).to.deep.equal(['9385']);
    expect(await toewijzing('1004')).to.include({ status: 'actief', versie: 1 });
  });

  it('registers nothing when an in-message rule fails (TR061: no address of soort 01-03)', async () => {
    const c = client301('999900043', [toegewezenProduct(1005)]);
    c.contactgegevens = [{ soort: '04', adres: { huis: { huisnummer: 1 }, postcode: '1501AB' } }];
    const { u, antwoord } = await o.verwerk(toewijzingBericht('T8', c));
    expect(u.status).to.equal('afgewezen');
    expect(u.retourcodes).to.deep.equal(['0001']);
    expect(antwoord).to.equal(null);
    expect(await toewijzing('1005')).to.equal(undefined);
  });

  it('registers a WMO301 in the Wmo domain and forwards a schema-valid WMO301', async () => {
    const { u, antwoord } = await o.verwerk(toewijzingBericht('W1', client301('999900055', [
      toegewezenProduct(1001, { product: { categorie: '02', code: '02A01' }, omvang: { volume: 3, eenheid: '04', frequentie: '2' } }),
    ]), 'WMO'));
    expect(u.status).to.equal('verwerkt');
    const [t] = await o.rijen<{ domein: string }>(`SELECT domein FROM toewijzing WHERE toewijzing_nummer = '1001' AND domein = 'WMO'`);
    expect(t.domein).to.equal('WMO');
    expect(xsdFouten('WMO301', antwoord!)).to.equal('');
    expect((await parseBericht(antwoord!)).schemaGeldig).to.equal(true);
  });
});
