import { expect } from 'chai';
import { datum, type Datum, type Maand } from '@plafond/core';
import {
  aanbiederOpAgb, auditVan, getoldeOhw, maakTestDatabase, slaOntvangenBerichtOp, sqlRijen, upsertAanbieders, upsertBudgetlijnen, upsertBudgetplafonds, upsertContracten,
  upsertTarieven, type DataSource, type TestDatabase,
} from '@plafond/db';
import { processBericht } from '@plafond/worker-berichten';
import { AGB, CONFIG, declaratie, prestatie, toewijzing } from '../../../test/support/declaraties';
import { vereisIstandaarden } from '../../../test/support/istandaarden';
import {
  aanvaardHerverdelingsvoorstel, budgetReeksen, herverdeelPlafond, herverdelingsvoorstellen, uitnuttingBudgetlijnen, legStapVast, ohwBronnen, openBestedingsruimte, plafondHistorie, prestatieBronnen, procedureSignalen,
  gemeenteReeksen, standaardPeildatum, toegewezenInJaar, toewijzingBronnen, uitnutting, uitnuttingGemeente, uitnuttingRegio, verzilvering, werkToewijzingMaandenBij, wijzigPlafond,
} from './index';

async function verwerk(ds: DataSource, xml: string, peildatum = datum('2026-04-06')) {
  const b = await slaOntvangenBerichtOp(ds, { inhoud: Buffer.from(xml), bestandsnaam: 't.xml' });
  return processBericht({ berichtId: b.id, correlationId: b.correlationId }, { dataSource: ds, config: CONFIG, peildatum });
}

/** The regional tariff of 45A03: 65.00 per uur in the first half of 2026, 70.00 from July. */
async function stamdata(ds: DataSource): Promise<void> {
  await upsertAanbieders(ds, [{ agbCode: AGB, naam: 'Jeugdzorg Test BV' }]);
  await upsertTarieven(ds, [
    { domein: 'JW', productcategorie: '45', productcode: '45A03', eenheid: '04', bedragCents: 6500n, ingangsdatum: datum('2026-01-01'), einddatum: datum('2026-06-30'), agbCode: null },
    { domein: 'JW', productcategorie: '45', productcode: '45A03', eenheid: '04', bedragCents: 7000n, ingangsdatum: datum('2026-07-01'), einddatum: null, agbCode: null },
  ]);
}

async function alleToewijzingen(ds: DataSource): Promise<void> {
  const ids = await sqlRijen<{ id: string }>(ds, 'SELECT id::text FROM toewijzing');
  await werkToewijzingMaandenBij(ds, ids.map((r) => r.id));
}

async function ohw(ds: DataSource, maand: string, versie: number, rijen: { nummer: string; periode: string; bedrag: bigint; gemeente?: string; code?: string }[]): Promise<void> {
  const a = (await aanbiederOpAgb(ds, AGB))!;
  const [{ id }] = await sqlRijen<{ id: string }>(
    ds, `INSERT INTO ohw_upload (aanbieder_id, maand, versie, door, bestand_naam, bestand_sha256) VALUES ($1, $2, $3, 'test', 'ohw.csv', repeat('0', 64)) RETURNING id::text`,
    [a.id, maand, versie]);
  let n = 1;
  for (const r of rijen) {
    await sqlRijen(
      ds,
      `INSERT INTO ohw_regel (upload_id, regelnummer, gemeente_code, toewijzing_nummer, toewijzing_id, client_id, productcategorie, productcode, periode, volume, eenheid, bedrag_cents)
       SELECT $1, $2, t.gemeente_code, t.toewijzing_nummer, t.id, t.client_id, substr($7, 1, 2), $7, $4, 1, '04', $5 FROM toewijzing t WHERE t.toewijzing_nummer = $3 AND t.gemeente_code = $6`,
      [id, n++, r.nummer, r.periode, r.bedrag.toString(), r.gemeente ?? '0479', r.code ?? '45A03'],
    );
  }
}

/** Every row of the aggregate and its roll-up must equal the same figures computed from scratch. */
async function verschilMetHerberekening(ds: DataSource): Promise<unknown[]> {
  return sqlRijen(ds, 'SELECT * FROM budget_maand_afwijking');
}

describe('@plafond/bewaking: toegewezen per month (pure)', () => {
  const tarief = (d: Datum) => ({ bedrag: d < '2026-07-01' ? 6500n : 7000n, eenheid: '04' });
  const basis = { einddatum: datum('2026-12-31'), budget: null, vervallen: false };

  it('10 uur per maand: 650.00 a month until June, 700.00 from July (tarief valid in each month)', () => {
    const t = toegewezenInJaar({ ...basis, ingangsdatum: datum('2026-01-01'), omvang: { volume: 10, eenheid: '04', frequentie: '4' } }, 2026, tarief);
    expect(t.perMaand).to.deep.equal([...Array(6).fill(65000n), ...Array(6).fill(70000n)]);
    expect(t.instroomMaand).to.equal(1);
    expect(t.instroomBedrag).to.equal(810000n);
  });

  it('2 uur per week from 16 March: the days of each month / 7, rounded once per month', () => {
    const t = toegewezenInJaar({ ...basis, ingangsdatum: datum('2026-03-16'), omvang: { volume: 2, eenheid: '04', frequentie: '2' } }, 2026, tarief);
    // March 16 days: 2 × 16/7 × 65.00 = 297.142857…; April 30 days: 557.142857…; July 31 days at 70.00: 620.00.
    expect(t.perMaand.slice(0, 4)).to.deep.equal([0n, 0n, 29714n, 55714n]);
    expect(t.perMaand[6]).to.equal(62000n);
    expect(t.instroomMaand).to.equal(3);
    expect(t.maandbedrag).to.equal(57571n);
  });

  it('a withdrawn toewijzing allows nothing; an ended one nothing after its einddatum', () => {
    const omvang = { volume: 10, eenheid: '04', frequentie: '4' };
    expect(toegewezenInJaar({ ...basis, ingangsdatum: datum('2026-01-01'), omvang, vervallen: true }, 2026, tarief).perMaand.every((c) => c === 0n)).to.equal(true);
    const geeindigd = toegewezenInJaar({ ...basis, ingangsdatum: datum('2026-01-01'), einddatum: datum('2026-04-15'), omvang }, 2026, tarief);
    expect(geeindigd.perMaand.slice(0, 5)).to.deep.equal([65000n, 65000n, 65000n, 65000n, 0n]);
  });

  it('a budget is spread over the looptijd by days; minutes on an hourly tariff are a sixtieth', () => {
    const budget = toegewezenInJaar({ ...basis, ingangsdatum: datum('2026-01-01'), omvang: null, budget: 365_00n }, 2026, tarief);
    expect(budget.perMaand[0]).to.equal(3100n);
    expect(budget.perMaand[1]).to.equal(2800n);
    const minuten = toegewezenInJaar({ ...basis, ingangsdatum: datum('2026-01-01'), omvang: { volume: 90, eenheid: '01', frequentie: '4' } }, 2026, tarief);
    expect(minuten.perMaand[0]).to.equal(9750n);
  });
});

describe('@plafond/bewaking: figures from the booking, on a hand-computed scenario', function () {
  let db: TestDatabase;
  let ds: DataSource;

  before(async function () {
    vereisIstandaarden(this);
    db = await maakTestDatabase();
    ds = db.dataSource;
    await stamdata(ds);
    await toewijzing(ds, '5001', '999900006');
    await toewijzing(ds, '5002', '999900018', { ingang: '2026-03-16', volume: 2, frequentie: '2' });
    await toewijzing(ds, '5003', '999900031');
    await sqlRijen(ds, `UPDATE toewijzing SET status = 'ingetrokken' WHERE toewijzing_nummer = '5003'`);
    await toewijzing(ds, '5004', '999900043', { eind: '2026-04-15' });
    await toewijzing(ds, '5005', '999900055', { gemeente: '0439', volume: 5 });
    await alleToewijzingen(ds);
    await upsertBudgetplafonds(ds, [
      { jaar: 2026, agbCode: AGB, domein: 'JW', gemeenteCode: null, bedragCents: 10_000_00n },
      { jaar: 2026, agbCode: AGB, domein: 'JW', gemeenteCode: '0439', bedragCents: 3_000_00n },
    ], { reden: 'import', door: 'test', datum: datum('2026-12-01') });

    // OHW for March before anything is declared: 100.00 on 5001 (declared later), 200.00 on 5002.
    await ohw(ds, '2026-03', 1, [{ nummer: '5001', periode: '2026-03', bedrag: 100_00n }, { nummer: '5002', periode: '2026-03', bedrag: 200_00n }]);
    const d1 = await verwerk(ds, declaratie('D1', 'DN1', [
      { bsn: '999900006', prestaties: [prestatie('R1', 5001, 8)] }, { bsn: '999900043', prestaties: [prestatie('R2', 5004, 10)] },
    ]));
    expect(d1.retourcodes).to.deep.equal(['8001']);
    // A correction in April's declaratie: R2 credited, R3 debets 6 uur instead.
    const d2 = await verwerk(ds, declaratie('D2', 'DN2', [{ bsn: '999900043', prestaties: [
      prestatie('R2C', 5004, 10, { dc: 'C', vorig: 'R2' }), prestatie('R3', 5004, 6),
    ] }], undefined, { periode: { begindatum: datum('2026-04-01'), einddatum: datum('2026-04-30') }, dagtekening: datum('2026-05-04') }), datum('2026-05-06'));
    expect(d2.status).to.equal('verwerkt');
    await verwerk(ds, declaratie('D3', 'DN3', [{ bsn: '999900055', prestaties: [prestatie('R4', 5005, 5)] }], undefined, { gemeente: '0439' }));
    // A second OHW version replaces the first: 250.00 on 5002.
    await ohw(ds, '2026-03', 2, [{ nummer: '5002', periode: '2026-03', bedrag: 250_00n }]);

    await herverdeelPlafond(ds, {
      jaar: 2026, domein: 'JW', van: { agbCode: AGB, gemeenteCode: null }, naar: { agbCode: AGB, gemeenteCode: '0439' }, bedrag: 500_00n,
      reden: 'herverdeling naar Purmerend', door: 'contractmanager', datum: datum('2026-03-15'),
    });
    await wijzigPlafond(ds, { jaar: 2026, agbCode: AGB, domein: 'JW', gemeenteCode: null, mutatie: 2_000_00n, reden: 'ophoging na voortgangsgesprek', door: 'contractmanager', datum: datum('2026-05-01') });
  });
  after(async () => db?.drop());

  it('realisatie by ProductPeriode month: granted debets minus granted credits, per gemeente', async () => {
    const reeksen = await budgetReeksen(ds, { jaar: 2026, peildatum: datum('2026-03-31') });
    const totaal = reeksen.find((r) => r.gemeente === null)!;
    const zaanstad = reeksen.find((r) => r.gemeente === '0479')!;
    const purmerend = reeksen.find((r) => r.gemeente === '0439')!;
    // 0479: R1 520.00 + R2 650.00 − R2C 650.00 + R3 390.00; 0439: R4 325.00.
    expect(zaanstad.maanden[2].realisatie).to.equal(910_00n);
    expect(purmerend.maanden[2].realisatie).to.equal(325_00n);
    expect(totaal.maanden[2].realisatie).to.equal(1_235_00n);
    // Kasbasis: the answers are dated in April (first and third) and May (the correction).
    expect(totaal.maanden[3].realisatieKas).to.equal(520_00n + 650_00n + 325_00n);
    expect(totaal.maanden[4].realisatieKas).to.equal(-650_00n + 390_00n);
  });

  it('every scope (AGB, gemeente, both, neither) answers with exactly the rows of the whole answer in that scope', async () => {
    // Each scope has a statement text of its own (no "$n IS NULL OR" filters, for the generic plan): they must agree.
    const peildatum = datum('2026-03-31');
    const alle = await budgetReeksen(ds, { jaar: 2026, peildatum });
    expect(alle.length).to.be.greaterThan(2);
    expect(await budgetReeksen(ds, { jaar: 2026, peildatum, agb: AGB })).to.deep.equal(alle.filter((r) => r.agb === AGB));
    for (const gemeente of ['0479', '0439']) {
      const eigen = alle.filter((r) => r.gemeente === gemeente);
      expect(eigen).to.have.length(1);
      expect(await budgetReeksen(ds, { jaar: 2026, peildatum, gemeente })).to.deep.equal(eigen);
      expect(await budgetReeksen(ds, { jaar: 2026, peildatum, gemeente, agb: AGB })).to.deep.equal(eigen);
      const [g] = await gemeenteReeksen(ds, { jaar: 2026, peildatum, gemeente });
      expect(g).to.deep.equal((await gemeenteReeksen(ds, { jaar: 2026, peildatum })).find((x) => x.gemeente === gemeente));
    }
    expect(await budgetReeksen(ds, { jaar: 2026, peildatum, agb: '99999999' })).to.deep.equal([]);
    expect(await budgetReeksen(ds, { jaar: 2026, peildatum, gemeente: '0363' })).to.deep.equal([]);
    // The whole answer for one aanbieder, prognoses and signals included, is its part of the region's.
    const regio = await uitnutting(ds, { jaar: 2026, peildatum });
    expect((await uitnutting(ds, { jaar: 2026, peildatum, agb: AGB })).regels).to.deep.equal(regio.regels.filter((r) => r.agb === AGB));
  });

  it('counted OHW: the latest version, minus what a granted prestatie replaced', async () => {
    const [zaanstad] = await budgetReeksen(ds, { jaar: 2026, peildatum: datum('2026-03-31'), gemeente: '0479' });
    expect(zaanstad.maanden[2].onderhandenWerk).to.equal(250_00n);
    const bronnen = await ohwBronnen(ds, { jaar: 2026, agbCode: AGB, domein: 'JW', maand: 3, peildatum: datum('2026-03-31') });
    expect(bronnen.map((b) => [b.periode, b.bedrag])).to.deep.equal([['2026-03', 250_00n]]);
  });

  it('verplichtingen from the peildatum: every running toewijzing to its einddatum, tariff per month, withdrawn and ended ones excluded', async () => {
    const { regels } = await uitnutting(ds, { jaar: 2026, peildatum: datum('2026-03-31') });
    const totaal = regels.find((r) => r.gemeente === null)!;
    // 5001: 3 × 650 + 6 × 700 = 6150.00; 5002 (2 per week): 5369.99; 5004 ended 15 April: 650.00; 5005 (0439): 3075.00.
    expect(totaal.verplichtingen).to.equal('15244.99');
    expect(regels.find((r) => r.gemeente === '0439')!.verplichtingen).to.equal('3075.00');
    const bron = await toewijzingBronnen(ds, { jaar: 2026, agbCode: AGB, domein: 'JW', peildatum: datum('2026-03-31') });
    expect(new Set(bron.map((b) => b.toewijzingNummer))).to.deep.equal(new Set(['5001', '5002', '5004', '5005']));
  });

  it('instroom: new toewijzingen per month of their ingangsdatum, with what they allow over the rest of the year', async () => {
    const [totaal] = (await budgetReeksen(ds, { jaar: 2026, peildatum: datum('2026-03-31') })).filter((r) => r.gemeente === null);
    expect(totaal.maanden[0].instroomAantal).to.equal(3);
    expect(totaal.maanden[2].instroomAantal).to.equal(1);
    expect(totaal.maanden[2].instroomBedrag).to.equal(297_14n + 5_369_99n);
    // By looptijd: 5002 runs March–December (10 months) at 2 × 31/7 × 65.00 = 575.71 a whole month.
    expect(totaal.maanden[2].instroomToewijzingen).to.deep.equal([{ maandbedrag: 575_71n, looptijdMaanden: 10 }]);
    // January: 5001 and 5005 the whole year (650.00 + 325.00), 5004 January–April (650.00).
    expect(new Set(totaal.maanden[0].instroomToewijzingen!.map((x) => `${x.looptijdMaanden}:${x.maandbedrag}`))).to.deep.equal(new Set(['12:97500', '4:65000']));
  });

  it('verzilvering per aanbieder and product: declared / toegewezen over the ended months', async () => {
    const [v] = await verzilvering(ds, { jaar: 2026, agbCode: AGB, peildatum: datum('2026-03-31') });
    // declared 1235.00 against 1950.00 + 297.14 + 1950.00 + 975.00 toegewezen in January–March.
    expect(v).to.deep.include({ domein: 'JW', productcategorie: '45', gedeclareerd: 1_235_00n, toegewezen: 5_172_14n, percentage: '23.88' });
  });

  it('uitnutting.json rows: plafond at the peildatum after mutations and the herverdeling, amounts with two decimals', async () => {
    const maart = await uitnutting(ds, { jaar: 2026, peildatum: datum('2026-03-31') });
    const totaal = maart.regels.find((r) => r.gemeente === null)!;
    expect(totaal).to.deep.include({ jaar: 2026, domein: 'jeugd', agb: AGB, plafond: '9500.00', realisatie: '1235.00', onderhandenWerk: '250.00', uitnutting: '15.63' });
    expect(maart.regels.find((r) => r.gemeente === '0439')).to.deep.include({ plafond: '3500.00', realisatie: '325.00', uitnutting: '9.29' });
    expect(Object.keys(totaal.prognoses).length).to.be.at.least(3);
    expect(totaal.prognoses[totaal.prognoseMethode]).to.equal(totaal.prognose);
    const juni = await uitnutting(ds, { jaar: 2026, peildatum: datum('2026-06-30') });
    expect(juni.regels.find((r) => r.gemeente === null)!.plafond).to.equal('11500.00');
    const gemeente = await uitnutting(ds, { jaar: 2026, peildatum: datum('2026-03-31'), gemeente: '0439' });
    expect(gemeente.regels.map((r) => r.gemeente)).to.deep.equal(['0439']);
    expect(await standaardPeildatum(ds)).to.equal('2026-03-31');
  });

  it('the source rows behind realisatie are the prestaties, clients by pseudonym only', async () => {
    const bron = await prestatieBronnen(ds, { jaar: 2026, agbCode: AGB, domein: 'JW', gemeente: '0479', maand: 3 });
    expect(bron.reduce((t, b) => t + b.toegekend, 0n)).to.equal(910_00n);
    expect(bron.every((b) => !('bsn' in b) && b.clientPseudoniem !== null)).to.equal(true);
  });

  it('plafond history: creation, both halves of the herverdeling linked, the raise; all in the audit trail', async () => {
    const [totaal, purmerend] = await plafondHistorie(ds, { jaar: 2026, agbCode: AGB, domein: 'JW' });
    expect(totaal.mutaties.map((m) => m.mutatie)).to.deep.equal([10_000_00n, -500_00n, 2_000_00n]);
    expect(purmerend.mutaties.map((m) => m.mutatie)).to.deep.equal([3_000_00n, 500_00n]);
    expect(totaal.mutaties[1].herverdeling!.id).to.equal(purmerend.mutaties[1].herverdeling!.id);
    expect(totaal.mutaties[1].herverdeling!.tegenpartij).to.deep.equal({ agbCode: AGB, gemeenteCode: '0439' });
    expect((await auditVan(ds, 'plafond_herverdeling')).length).to.equal(1);
    expect((await auditVan(ds, 'budgetplafond')).some((a) => a.action === 'budgetplafond.mutatie')).to.equal(true);
  });

  it('refuses a mutation that would make a plafond negative, and a herverdeling of more than the plafond holds, changing nothing', async () => {
    const k = { jaar: 2026, agbCode: AGB, domein: 'JW' as const, gemeenteCode: '0439', reden: 'te veel', door: 'cm', datum: datum('2026-06-01') };
    await wijzigPlafond(ds, { ...k, mutatie: -1_000_000_00n }).then(() => expect.fail('verwacht een fout'), (e: Error) => expect(e.message).to.match(/negatief/));
    await herverdeelPlafond(ds, { jaar: 2026, domein: 'JW', van: { agbCode: AGB, gemeenteCode: '0439' }, naar: { agbCode: AGB, gemeenteCode: null }, bedrag: 9_999_00n, reden: 'x', door: 'cm', datum: datum('2026-06-01') })
      .then(() => expect.fail('verwacht een fout'), (e: Error) => expect(e.message).to.match(/minder dan/));
    const [, purmerend] = await plafondHistorie(ds, { jaar: 2026, agbCode: AGB, domein: 'JW' });
    expect(purmerend.bedrag).to.equal(3_500_00n);
  });

  it('the aggregate kept by the triggers equals a full recompute, and the gemeente roll-up the sum of its aanbieders', async () => {
    expect(await verschilMetHerberekening(ds)).to.deep.equal([]);
  });

  it('a gemeente\'s uitnutting over all its aanbieders comes from the roll-up', async () => {
    const { regels } = await uitnuttingGemeente(ds, { jaar: 2026, peildatum: datum('2026-03-31'), gemeente: '0439' });
    expect(regels).to.have.length(1);
    expect(regels[0]).to.deep.include({ domein: 'jeugd', gemeente: '0439', plafond: '3500.00', realisatie: '325.00', verplichtingen: '3075.00', uitnutting: '9.29' });
  });

  it('the region per domein adds the gemeenten up, against the aanbieders\' plafonds at the peildatum (a split divides, it does not add)', async () => {
    const { regels } = await uitnuttingRegio(ds, { jaar: 2026, peildatum: datum('2026-03-31') });
    expect(regels.map((r) => r.domein)).to.deep.equal(['jeugd']);
    expect(regels[0]).to.deep.include({ gemeente: null, plafond: '9500.00', realisatie: '1235.00', onderhandenWerk: '250.00', verplichtingen: '15244.99', uitnutting: '15.63' });
  });

  it('bestedingsruimte: opened by a signal, steps in order with their terms, an overdue step is a signal', async () => {
    const sleutel = { jaar: 2026, agbCode: AGB, domein: 'JW' as const };
    const { nieuw } = await openBestedingsruimte(ds, { ...sleutel, signaal: 'drempel', toelichting: '72% na een kwart jaar', datum: datum('2026-04-01') });
    expect(nieuw).to.equal(true);
    expect((await openBestedingsruimte(ds, { ...sleutel, signaal: 'overbesteding', toelichting: 'nogmaals', datum: datum('2026-04-02') })).nieuw).to.equal(false);
    await legStapVast(ds, { ...sleutel, stap: 'overleg', datum: datum('2026-04-05'), door: 'cm', notitie: 'te vroeg' })
      .then(() => expect.fail('verwacht een fout'), (e: Error) => expect(e.message).to.match(/eerst de stap schriftelijke waarschuwing/));
    const p = await legStapVast(ds, { ...sleutel, stap: 'waarschuwing', datum: datum('2026-04-03'), door: 'cm', notitie: 'brief verstuurd' });
    expect(p.stappen[1].uiterlijk).to.equal('2026-04-17');
    expect(await procedureSignalen(ds, { jaar: 2026, peildatum: datum('2026-04-17') })).to.deep.equal([]);
    const [s] = await procedureSignalen(ds, { jaar: 2026, peildatum: datum('2026-04-18') });
    expect(s).to.deep.include({ soort: 'bestedingsruimte-termijn', stap: 'overleg', uiterlijk: '2026-04-17' });
  });

  it('counted OHW equals the onderhanden-werk issue\'s statement (getoldeOhw), also after a credit makes a row count again', async () => {
    const vergelijk = async () => {
      const definitief = new Map<string, bigint>();
      for (const r of await getoldeOhw(ds, { peilmaand: '2026-03' as Maand })) {
        const k = `${r.gemeente}|${r.domein}|${r.maand}`;
        definitief.set(k, (definitief.get(k) ?? 0n) + r.bedrag);
      }
      const aggregaat = new Map<string, bigint>();
      for (const r of (await budgetReeksen(ds, { jaar: 2026, peildatum: datum('2026-03-31') })).filter((x) => x.gemeente !== null)) {
        for (const m of r.maanden) if (m.onderhandenWerk !== 0n) aggregaat.set(`${r.gemeente}|${r.domein}|2026-${String(m.maand).padStart(2, '0')}`, m.onderhandenWerk);
      }
      expect(aggregaat).to.deep.equal(definitief);
      expect(await verschilMetHerberekening(ds)).to.deep.equal([]);
      return [...aggregaat.values()].reduce((a, b) => a + b, 0n);
    };
    expect(await vergelijk()).to.equal(250_00n);
    // A third version lists 5001 again: covered by the granted R1, so it does not count …
    await ohw(ds, '2026-03', 3, [{ nummer: '5001', periode: '2026-03', bedrag: 100_00n }, { nummer: '5002', periode: '2026-03', bedrag: 250_00n }]);
    expect(await vergelijk()).to.equal(250_00n);
    // … until R1 is credited without a new debet: the estimate counts again.
    const c = await verwerk(ds, declaratie('D4', 'DN4', [{ bsn: '999900006', prestaties: [prestatie('R1C', 5001, 8, { dc: 'C', vorig: 'R1' })] }], undefined,
      { periode: { begindatum: datum('2026-04-01'), einddatum: datum('2026-04-30') }, dagtekening: datum('2026-05-05') }), datum('2026-05-06'));
    expect(c.status).to.equal('verwerkt');
    expect(await vergelijk()).to.equal(350_00n);
  });
});

describe('@plafond/bewaking: the plafond policy in the plafond\'s own scope', function () {
  let db: TestDatabase;
  let ds: DataSource;

  before(async function () {
    vereisIstandaarden(this);
    db = await maakTestDatabase();
    ds = db.dataSource;
    await stamdata(ds);
    await toewijzing(ds, '6001', '999900006', { gemeente: '0439' });
    await toewijzing(ds, '6002', '999900018');
    await upsertContracten(ds, [{ jaar: 2026, agbCode: AGB, domein: 'JW', beleid: 'afwijzen' }]);
    await upsertBudgetplafonds(ds, [
      { jaar: 2026, agbCode: AGB, domein: 'JW', gemeenteCode: null, bedragCents: 100_000_00n },
      { jaar: 2026, agbCode: AGB, domein: 'JW', gemeenteCode: '0439', bedragCents: 400_00n },
    ], { reden: 'import', door: 'test', datum: datum('2026-01-01') });
  });
  after(async () => db?.drop());

  it('refuses a debet past the gemeente\'s own plafond with 9369, while another gemeente under the overall plafond is granted', async () => {
    const u = await verwerk(ds, declaratie('P1', 'PN1', [{ bsn: '999900006', prestaties: [prestatie('Q1', 6001, 5), prestatie('Q2', 6001, 5, { begin: datum('2026-04-01'), eind: datum('2026-04-30') })] }], undefined,
      { gemeente: '0439', periode: { begindatum: datum('2026-04-01'), einddatum: datum('2026-04-30') }, dagtekening: datum('2026-05-04') }), datum('2026-05-06'));
    expect(u.retourcodes).to.include('9369');
    const rijen = await sqlRijen<{ referentie_nummer: string; beslissing: string }>(ds, `SELECT referentie_nummer, beslissing::text FROM prestatie ORDER BY referentie_nummer`);
    expect(rijen).to.deep.equal([{ referentie_nummer: 'Q1', beslissing: 'toegekend' }, { referentie_nummer: 'Q2', beslissing: 'afgewezen' }]);
    const z = await verwerk(ds, declaratie('P2', 'PN2', [{ bsn: '999900018', prestaties: [prestatie('Q3', 6002, 10)] }]));
    expect(z.retourcodes).to.deep.equal(['8001']);
  });
});

describe('@plafond/bewaking: budgetlijnen — figures per budgetlijn kept by the booking, plafonds split per budgetlijn', function () {
  let db: TestDatabase;
  let ds: DataSource;
  const peil = datum('2026-04-30');
  const lijnen = (spec: string[], amb: string[]) => [
    { jaar: 2026, domein: 'JW' as const, code: 'AMB', naam: 'Ambulant', bedragCents: 1_000_00n, productcategorieen: amb },
    { jaar: 2026, domein: 'JW' as const, code: 'SPEC', naam: 'Specialistisch', bedragCents: 2_000_00n, productcategorieen: spec },
  ];
  const spec43 = { categorie: '43', code: '43A03' } as const;
  const p43 = { productCategorie: '43' as const, productCode: '43A03', tarief: 8000n };

  before(async function () {
    vereisIstandaarden(this);
    db = await maakTestDatabase();
    ds = db.dataSource;
    await stamdata(ds);
    await upsertTarieven(ds, [{ domein: 'JW', productcategorie: '43', productcode: '43A03', eenheid: '04', bedragCents: 8000n, ingangsdatum: datum('2026-01-01'), einddatum: null, agbCode: null }]);
    await toewijzing(ds, '7001', '999900006');
    await toewijzing(ds, '7002', '999900018', spec43);
    await toewijzing(ds, '7003', '999900031', { ...spec43, gemeente: '0439' });
    await alleToewijzingen(ds);
    // Booked before the budgetlijnen exist: R1 8 uur 45A03 (520.00), R2 5 uur 43A03 (400.00).
    const d1 = await verwerk(ds, declaratie('B1', 'BN1', [
      { bsn: '999900006', prestaties: [prestatie('R1', 7001, 8)] }, { bsn: '999900018', prestaties: [prestatie('R2', 7002, 5, p43)] },
    ]));
    expect(d1.retourcodes).to.deep.equal(['8001']);
  });
  after(async () => db?.drop());

  const lijnRealisatie = async () => Object.fromEntries((await sqlRijen<{ code: string; r: string }>(ds,
    `SELECT l.code, sum(b.realisatie_cents)::text AS r FROM budget_lijn_maand b JOIN budgetlijn l ON l.id = b.budgetlijn_id GROUP BY l.code ORDER BY l.code`)).map((x) => [x.code, BigInt(x.r)]));

  it('a new category map recomputes what was booked before it; later bookings, OHW and toewijzingen are added by the triggers', async () => {
    const n = await upsertBudgetlijnen(ds, lijnen(['43'], ['45']));
    expect(n).to.deep.include({ nieuw: 2, herbouwd: ['JW 2026'] });
    expect(await lijnRealisatie()).to.deep.equal({ AMB: 520_00n, SPEC: 400_00n });
    // R3 3 uur 43A03 in Purmerend (240.00) through the booking; April OHW of 100.00 on 7002.
    const d2 = await verwerk(ds, declaratie('B2', 'BN2', [{ bsn: '999900031', prestaties: [prestatie('R3', 7003, 3, p43)] }], undefined, { gemeente: '0439' }));
    expect(d2.retourcodes).to.deep.equal(['8001']);
    await ohw(ds, '2026-04', 1, [{ nummer: '7002', periode: '2026-04', bedrag: 100_00n, code: '43A03' }]);
    expect(await lijnRealisatie()).to.deep.equal({ AMB: 520_00n, SPEC: 640_00n });
    const [o] = await sqlRijen<{ ohw: string }>(ds, `SELECT sum(ohw_cents)::text AS ohw FROM ohw_lijn_maand o JOIN budgetlijn l ON l.id = o.budgetlijn_id WHERE l.code = 'SPEC'`);
    expect(o.ohw).to.equal('10000');
    expect(await verschilMetHerberekening(ds)).to.deep.equal([]);
  });

  it('uitnutting per budgetlijn: the aanbieder on its split plafond, the budgetlijn against its own budget; the total sums the split plafonds', async () => {
    await upsertBudgetplafonds(ds, [
      { jaar: 2026, agbCode: AGB, domein: 'JW', gemeenteCode: null, budgetlijn: 'AMB', bedragCents: 10_000_00n },
      { jaar: 2026, agbCode: AGB, domein: 'JW', gemeenteCode: null, budgetlijn: 'SPEC', bedragCents: 500_00n },
    ], { reden: 'import', door: 'test', datum: datum('2026-01-01') });
    const spec = await uitnutting(ds, { jaar: 2026, peildatum: peil, budgetlijn: 'SPEC' });
    const totaalSpec = spec.regels.find((r) => r.gemeente === null)!;
    expect(totaalSpec).to.deep.include({ budgetlijn: 'SPEC', plafond: '500.00', realisatie: '640.00', onderhandenWerk: '100.00', uitnutting: '148.00' });
    expect(totaalSpec.signalen.map((x) => x.soort)).to.include('overbesteding');
    expect(spec.regels.find((r) => r.gemeente === '0439')).to.deep.include({ realisatie: '240.00', budgetlijn: 'SPEC' });
    const alles = await uitnutting(ds, { jaar: 2026, peildatum: peil });
    const totaal = alles.regels.find((r) => r.gemeente === null)!;
    expect(totaal).to.deep.include({ plafond: '10500.00', realisatie: '1160.00', onderhandenWerk: '100.00' });
    expect(totaal).to.not.have.property('budgetlijn');
    const { regels } = await uitnuttingBudgetlijnen(ds, { jaar: 2026, peildatum: peil });
    expect(regels.map((r) => [r.budgetlijn, r.plafond, r.plafondsAanbieders, r.realisatie, r.onderhandenWerk, r.aanbieders, r.productcategorieen.join(' ')])).to.deep.equal([
      ['AMB', '1000.00', '10000.00', '520.00', '0.00', 1, '45'],
      ['SPEC', '2000.00', '500.00', '640.00', '100.00', 1, '43'],
    ]);
    expect(regels[1].uitnutting).to.equal('37.00');
    // Each budgetlijn scope (with AGB, gemeente, both) has a statement of its own: they agree with the whole answer.
    const heel = await budgetReeksen(ds, { jaar: 2026, peildatum: peil, budgetlijn: 'SPEC' });
    expect(await budgetReeksen(ds, { jaar: 2026, peildatum: peil, budgetlijn: 'SPEC', agb: AGB })).to.deep.equal(heel);
    const purmerend = heel.filter((r) => r.gemeente === '0439');
    expect(purmerend).to.have.length(1);
    expect(await budgetReeksen(ds, { jaar: 2026, peildatum: peil, budgetlijn: 'SPEC', gemeente: '0439' })).to.deep.equal(purmerend);
    expect(await budgetReeksen(ds, { jaar: 2026, peildatum: peil, budgetlijn: 'SPEC', gemeente: '0439', agb: AGB })).to.deep.equal(purmerend);
  });

  it('the plafond policy in the budgetlijn\'s scope: a 43A03 debet past SPEC is refused with 9369, a 45A03 debet under AMB granted', async () => {
    await upsertContracten(ds, [{ jaar: 2026, agbCode: AGB, domein: 'JW', beleid: 'afwijzen' }]);
    const u = await verwerk(ds, declaratie('B3', 'BN3', [
      { bsn: '999900018', prestaties: [prestatie('R4', 7002, 1, { ...p43, begin: datum('2026-04-01'), eind: datum('2026-04-30') })] },
      { bsn: '999900006', prestaties: [prestatie('R5', 7001, 1, { begin: datum('2026-04-01'), eind: datum('2026-04-30') })] },
    ], undefined, { periode: { begindatum: datum('2026-04-01'), einddatum: datum('2026-04-30') }, dagtekening: datum('2026-05-04') }), datum('2026-05-06'));
    expect(u.retourcodes).to.include('9369');
    const rijen = await sqlRijen<{ referentie_nummer: string; beslissing: string }>(ds, `SELECT referentie_nummer, beslissing::text FROM prestatie WHERE referentie_nummer IN ('R4', 'R5') ORDER BY 1`);
    expect(rijen).to.deep.equal([{ referentie_nummer: 'R4', beslissing: 'afgewezen' }, { referentie_nummer: 'R5', beslissing: 'toegekend' }]);
  });

  it('a mutation on the budgetlijn\'s plafond; a category moved to another budgetlijn moves its figures', async () => {
    const m = await wijzigPlafond(ds, { jaar: 2026, agbCode: AGB, domein: 'JW', gemeenteCode: null, budgetlijn: 'SPEC', mutatie: 1_000_00n, reden: 'ophoging specialistisch', door: 'cm', datum: datum('2026-04-15') });
    expect([m.oud, m.nieuw]).to.deep.equal([500_00n, 1_500_00n]);
    const spec = await uitnutting(ds, { jaar: 2026, peildatum: peil, budgetlijn: 'SPEC' });
    expect(spec.regels.find((r) => r.gemeente === null)!.plafond).to.equal('1500.00');
    // 45 moves from AMB to SPEC: R1 and R5 (520.00 + 65.00) now count on SPEC.
    const n = await upsertBudgetlijnen(ds, lijnen(['43', '45'], []));
    expect(n.herbouwd).to.deep.equal(['JW 2026']);
    expect(await lijnRealisatie()).to.deep.equal({ SPEC: 1_225_00n });
    expect(await verschilMetHerberekening(ds)).to.deep.equal([]);
    const fout = await upsertBudgetlijnen(ds, [{ jaar: 2026, domein: 'JW', code: 'NIEUW', naam: 'Nieuw', bedragCents: 0n, productcategorieen: ['43'] }]).then(() => null, (e: Error) => e);
    expect(fout?.message).to.match(/productcategorie 43 staat al op budgetlijn SPEC/);
  });

  it('a herverdelingsvoorstel per budgetlijn, accepted as linked herverdelingen in one act; a proposal that changed since it was shown is refused', async () => {
    const B = '87654321';
    await upsertAanbieders(ds, [{ agbCode: B, naam: 'Ruimte BV' }]);
    await upsertBudgetplafonds(ds, [{ jaar: 2026, agbCode: B, domein: 'JW', gemeenteCode: null, budgetlijn: 'SPEC', bedragCents: 50_000_00n }], { reden: 'import', door: 'test', datum: datum('2026-01-01') });
    const rij = (await uitnutting(ds, { jaar: 2026, peildatum: peil, budgetlijn: 'SPEC', agb: AGB })).regels.find((r) => r.gemeente === null)!;
    const tekort = BigInt(rij.prognose.replace('.', '')) - 1_500_00n;
    expect(tekort > 0n, `prognose ${rij.prognose} boven het plafond`).to.equal(true);
    const nodig = ((tekort + 99_99n) / 100_00n) * 100_00n;
    expect(await herverdelingsvoorstellen(ds, { jaar: 2026, peildatum: peil }), 'zonder budgetlijn: de plafonds over alle budgetlijnen').to.deep.equal([]);
    const [v, ...rest] = await herverdelingsvoorstellen(ds, { jaar: 2026, peildatum: peil, budgetlijn: 'SPEC' });
    expect(rest).to.deep.equal([]);
    expect(v).to.deep.include({ domein: 'JW', budgetlijn: 'SPEC', gemeente: null, overdrachten: [{ van: B, naar: AGB, bedrag: nodig }] });
    const aanvaarding = { jaar: 2026, peildatum: peil, domein: 'JW' as const, budgetlijn: 'SPEC', gemeente: null, overdrachten: v.overdrachten, reden: 'voorstel april', door: 'cm', datum: datum('2026-05-01') };
    const gewijzigd = await aanvaardHerverdelingsvoorstel(ds, { ...aanvaarding, overdrachten: [{ ...v.overdrachten[0], bedrag: nodig + 100_00n }] }).then(() => null, (e: Error) => e);
    expect(gewijzigd?.message).to.match(/het voorstel is veranderd/);
    const [u] = await aanvaardHerverdelingsvoorstel(ds, aanvaarding);
    expect([u.van.oud, u.van.nieuw, u.naar.oud, u.naar.nieuw]).to.deep.equal([50_000_00n, 50_000_00n - nodig, 1_500_00n, 1_500_00n + nodig]);
    const h = (await plafondHistorie(ds, { jaar: 2026, agbCode: AGB })).find((p) => p.budgetlijn === 'SPEC')!;
    expect(h.mutaties.at(-1)).to.deep.include({ mutatie: nodig, reden: 'voorstel april', herverdeling: { id: u.herverdelingId, tegenpartij: { agbCode: B, gemeenteCode: null } } });
    // Accepted once: at the same peildatum the same proposal is refused; at a peildatum after the herverdeling the overrun is covered.
    const nogmaals = await aanvaardHerverdelingsvoorstel(ds, aanvaarding).then(() => null, (e: Error) => e);
    expect(nogmaals?.message).to.match(/is al aanvaard door cm, per 2026-05-01/);
    expect(await herverdelingsvoorstellen(ds, { jaar: 2026, peildatum: datum('2026-05-31'), budgetlijn: 'SPEC' })).to.deep.equal([]);
  });
});
