import { expect } from 'chai';
import { createHash, randomUUID } from 'node:crypto';
import type { Maand } from '@plafond/core';
import {
  aanbiederOpAgb, getoldeOhw, inTransactie, legOhwVersieVast, maakTestDatabase, ohwPerRapportmaand, ohwVersies, ontbrekendeOhw, openOhwOntvangst,
  slaOhwOntvangstOp, sqlRijen, volgendeOhwVersie, upsertAanbieders, weigerOhwOntvangst, ohwOntvangst, type DataSource, type NieuweOhwRegel, type TestDatabase,
} from './index';

const m = (s: string) => s as Maand;

describe('@plafond/db onderhanden werk', function () {
  let tdb: TestDatabase;
  let ds: DataSource;
  let a1: number;
  let a2: number;
  const tw: Record<string, { id: string; clientId: string }> = {};

  async function toewijzing(nummer: string, aanbiederId: number, bsn: string, gemeente = '0479', domein = 'JW', ingang = '2026-01-01', eind: string | null = '2026-12-31') {
    const [{ id: clientId }] = await sqlRijen<{ id: string }>(
      ds, `INSERT INTO client (bsn, pseudoniem) VALUES ($1, $2) ON CONFLICT (bsn) DO UPDATE SET bsn = excluded.bsn RETURNING id::text AS id`, [bsn, `P${bsn}`]);
    const [{ id }] = await sqlRijen<{ id: string }>(
      ds,
      `INSERT INTO toewijzing (toewijzing_nummer, gemeente_code, domein, aanbieder_id, client_id, productcategorie, productcode, toewijzingsdatum,
         ingangsdatum, einddatum, variant) VALUES ($1, $2, $3, $4, $5, '45', '45A03', '2026-01-01', $6, $7, 'specifiek') RETURNING id::text AS id`,
      [nummer, gemeente, domein, aanbiederId, clientId, ingang, eind],
    );
    tw[nummer] = { id, clientId };
  }

  const regel = (nr: number, nummer: string, periode: string, bedrag: bigint, gemeente = '0479'): NieuweOhwRegel => ({
    regelnummer: nr, gemeente, toewijzingNummer: nummer, toewijzingId: tw[nummer].id, clientId: tw[nummer].clientId, productcategorie: '45',
    productcode: '45A03', periode: m(periode), volume: 1, eenheid: '04', bedrag, toelichting: null,
  });

  async function versie(aanbiederId: number, agb: string, maand: string, regels: NieuweOhwRegel[]) {
    const id = await slaOhwOntvangstOp(ds, {
      aanbiederId, maand: m(maand), door: 'test', bestandNaam: `ohw-${agb}-${maand}.csv`, soort: 'csv', bestand: Buffer.from(`${maand}${randomUUID()}`), correlationId: randomUUID(),
    });
    return inTransactie(ds, async (tx) => {
      const o = (await openOhwOntvangst(tx, id))!;
      return legOhwVersieVast(tx, o, { versie: await volgendeOhwVersie(tx, aanbiederId, m(maand)), regels, afgewezen: [], terugkoppeling: Buffer.from('x') });
    }, { slot: Number(agb) });
  }

  async function prestatie(nummer: string, begin: string, opts: { beslissing?: string; dc?: 'D' | 'C'; gecrediteerd?: boolean } = {}) {
    const inhoud = Buffer.from(randomUUID());
    const [{ id: berichtId }] = await sqlRijen<{ id: string }>(
      ds,
      `INSERT INTO bericht (richting, berichttype, afzender, ontvanger, identificatie, status, correlation_id, inhoud, sha256)
       VALUES ('in', 'JW323', '11111111', '0479', $1, 'verwerkt', $2, $3, $4) RETURNING id::text AS id`,
      [randomUUID().slice(0, 12), randomUUID(), inhoud, createHash('sha256').update(inhoud).digest('hex')],
    );
    const [{ id: declaratieId }] = await sqlRijen<{ id: string }>(
      ds,
      `INSERT INTO declaratie (bericht_id, aanbieder_id, gemeente_code, domein, declaratie_nummer, periode_begin, periode_eind, dagtekening,
         totaal_ingediend_cents, ingediend_debet_credit) VALUES ($1, $2, '0479', 'JW', $3, $4, $4, $4, 100, 'D') RETURNING id::text AS id`,
      [berichtId, a1, randomUUID().slice(0, 12), begin],
    );
    await sqlRijen(
      ds,
      `INSERT INTO prestatie (declaratie_id, aanbieder_id, domein, gemeente_code, client_id, toewijzing_id, referentie_nummer, productcategorie,
         productcode, periode_begin, periode_eind, volume, eenheid, ingediend_cents, debet_credit, toegekend_cents, beslissing, gecrediteerd)
       VALUES ($1, $2, 'JW', '0479', $3, $4, $5, '45', '45A03', $6, $6, 1, '04', 100, $7, 100, $8::beslissing, $9)`,
      [declaratieId, a1, tw[nummer].clientId, tw[nummer].id, randomUUID(), begin, opts.dc ?? 'D', opts.beslissing ?? 'toegekend', opts.gecrediteerd ?? false],
    );
  }

  before(async function () {
    tdb = await maakTestDatabase();
    ds = tdb.dataSource;
    await upsertAanbieders(ds, [{ agbCode: '11111111', naam: 'Een BV' }, { agbCode: '22222222', naam: 'Twee BV' }, { agbCode: '33333333', naam: 'Drie BV' }]);
    a1 = (await aanbiederOpAgb(ds, '11111111'))!.id;
    a2 = (await aanbiederOpAgb(ds, '22222222'))!.id;
    const a3 = (await aanbiederOpAgb(ds, '33333333'))!.id;
    await toewijzing('T1', a1, '999900006');
    await toewijzing('T2', a1, '999900018', '0439');
    await toewijzing('T3', a2, '999900031');
    await toewijzing('T4', a3, '999900043', '0479', 'WMO', '2026-01-01', '2026-02-28');
  });
  after(async () => tdb?.drop());

  it('numbers the versions of an aanbieder and month, the latest counting, every one retrievable', async () => {
    await versie(a1, '11111111', '2026-02', [regel(2, 'T1', '2026-02', 1000n)]);
    await versie(a1, '11111111', '2026-02', [regel(2, 'T1', '2026-02', 1500n), regel(3, 'T2', '2026-01', 700n, '0439')]);
    const vs = await ohwVersies(ds, a1, m('2026-02'));
    expect(vs.map((v) => [v.versie, v.opgeslagen, v.geldend])).to.deep.equal([[1, 1, false], [2, 2, true]]);
  });

  it('counts the latest version of the most recent report month on or before the peilmaand', async () => {
    expect(await getoldeOhw(ds, { peilmaand: m('2026-01') })).to.deep.equal([]);
    const feb = await getoldeOhw(ds, { peilmaand: m('2026-02') });
    expect(feb).to.deep.equal([
      { agb: '11111111', gemeente: '0439', domein: 'JW', maand: '2026-01', toewijzingId: tw.T2.id, bedrag: 700n },
      { agb: '11111111', gemeente: '0479', domein: 'JW', maand: '2026-02', toewijzingId: tw.T1.id, bedrag: 1500n },
    ]);
    // A later report month supersedes the earlier one; a peilmaand after it still sees it.
    await versie(a1, '11111111', '2026-03', [regel(2, 'T1', '2026-03', 900n)]);
    await versie(a2, '22222222', '2026-02', [regel(2, 'T3', '2026-02', 400n)]);
    expect((await getoldeOhw(ds, { peilmaand: m('2026-05') })).map((r) => [r.agb, r.maand, r.bedrag])).to.deep.equal([
      ['11111111', '2026-03', 900n], ['22222222', '2026-02', 400n]]);
    expect(await getoldeOhw(ds, { peilmaand: m('2026-05'), aanbiederId: a2 })).to.have.length(1);
    expect(await getoldeOhw(ds, { peilmaand: m('2026-02'), gemeente: '0439' })).to.have.length(1);
  });

  it('stops counting a row once a granted, uncredited debet prestatie for its toewijzing and month is booked', async () => {
    await prestatie('T1', '2026-03-01', { beslissing: 'afgewezen' });
    await prestatie('T1', '2026-02-10');
    await prestatie('T1', '2026-03-05', { gecrediteerd: true });
    expect(await getoldeOhw(ds, { peilmaand: m('2026-03'), aanbiederId: a1 })).to.have.length(1);
    await prestatie('T1', '2026-03-31');
    expect(await getoldeOhw(ds, { peilmaand: m('2026-03'), aanbiederId: a1 })).to.deep.equal([]);
    const hist = await ohwPerRapportmaand(ds, { rapportmaand: m('2026-02'), aanbiederId: a1 });
    expect(hist.map((r) => [r.maand, r.versie, r.geteld])).to.deep.equal([['2026-01', 2, true], ['2026-02', 2, false]]);
  });

  it('lists the aanbieders with active toewijzingen and no version for a month', async () => {
    expect((await ontbrekendeOhw(ds, m('2026-02'))).map((r) => [r.agb, r.actieveToewijzingen])).to.deep.equal([['33333333', 1]]);
    expect((await ontbrekendeOhw(ds, m('2026-03'))).map((r) => r.agb)).to.deep.equal(['22222222']);
    expect((await ontbrekendeOhw(ds, m('2025-12')))).to.deep.equal([]);
  });

  it('keeps nothing of a refused file but its name, hash and reason', async () => {
    const id = await slaOhwOntvangstOp(ds, {
      aanbiederId: a2, maand: m('2026-04'), door: 'test', bestandNaam: 'x.xlsx', soort: 'xlsx', bestand: Buffer.from('PK'), correlationId: randomUUID(),
    });
    await weigerOhwOntvangst(ds, id, 'geen geldig xlsx-bestand');
    const o = (await ohwOntvangst(ds, id))!;
    expect([o.status, o.reden, o.versie]).to.deep.equal(['afgewezen', 'geen geldig xlsx-bestand', null]);
    const [{ bestand }] = await sqlRijen<{ bestand: Buffer | null }>(ds, 'SELECT bestand FROM ohw_ontvangst WHERE id = $1', [id]);
    expect(bestand).to.equal(null);
    expect(await ohwVersies(ds, a2, m('2026-04'))).to.deep.equal([]);
    expect(await openOhwOntvangst(ds, id)).to.equal(undefined);
  });
});
