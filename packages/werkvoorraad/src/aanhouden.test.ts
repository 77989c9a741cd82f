import { expect } from 'chai';
import { datum, type Datum } from '@plafond/core';
import { werkdagenTermijn } from '@plafond/declaratie';
import { auditVan, mailboxBericht, maakTestDatabase, plafondStand, slaOntvangenBerichtOp, sqlRijen, type DataSource, type TestDatabase } from '@plafond/db';
import { processBericht } from '@plafond/worker-berichten';
import { AGB, basisStamdata, CONFIG, declaratie, GEMEENTE, prestatie, toewijzing } from '../../../test/support/declaraties';
import { vereisIstandaarden, xsdFouten } from '../../../test/support/istandaarden';
import { besluitDeclaratie, termijnBudgetSignalen, uitnuttingMetTermijnen, werkvoorraad } from './index';

const ONTVANGEN = datum('2026-04-03');

/** The error a promise rejects with (fails when it resolves). */
async function fout(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('verwacht een fout');
}

/** A database with the aanbieder, its tariff, one toewijzing and a plafond of 150.00 for 2026 under `beleid`. */
async function wereld(beleid: 'aanhouden' | 'signaleren'): Promise<TestDatabase> {
  const db = await maakTestDatabase();
  const ds = db.dataSource;
  await basisStamdata(ds);
  await toewijzing(ds, '7001', '999900006', { volume: 20 });
  await sqlRijen(ds, `INSERT INTO contract (aanbieder_id, domein, jaar, plafond_beleid) SELECT id, 'JW', 2026, $2::plafond_beleid FROM aanbieder WHERE agb_code = $1`, [AGB, beleid]);
  await sqlRijen(ds, `INSERT INTO budgetplafond (jaar, aanbieder_id, domein, bedrag_cents) SELECT 2026, id, 'JW', 15000 FROM aanbieder WHERE agb_code = $1`, [AGB]);
  return db;
}

/** Two prestaties (March, February) of 2 uur at 65.00 (130.00 each): the first fits the plafond of 150.00, the second does not. */
const BERICHT = declaratie('DAANH1', 'DNAANH1', [{ bsn: '999900006', prestaties: [prestatie('RN-A', 7001, 2), prestatie('RN-B', 7001, 2, { begin: datum('2026-02-01'), eind: datum('2026-02-28') })] }]);

async function verwerk(ds: DataSource, xml: string) {
  const b = await slaOntvangenBerichtOp(ds, { inhoud: Buffer.from(xml), bestandsnaam: 'd.xml' });
  return processBericht({ berichtId: b.id, correlationId: b.correlationId }, { dataSource: ds, config: CONFIG, peildatumUitBericht: true });
}

async function toegekendPerMaand(ds: DataSource): Promise<Record<string, string>> {
  const rijen = await sqlRijen<{ maand: string; som: string }>(
    ds, `SELECT to_char(periode_begin, 'YYYY-MM') AS maand, sum(toegekend_cents)::text AS som FROM prestatie WHERE beslissing = 'toegekend' GROUP BY 1 ORDER BY 1`);
  return Object.fromEntries(rijen.map((r) => [r.maand, r.som]));
}

/** The budget aggregate per month (realisatie and held amounts), as the budget figures read it. */
async function budgetMaand(ds: DataSource): Promise<{ maand: number; realisatie: string; aangehouden: string }[]> {
  return sqlRijen(ds, `SELECT maand, sum(realisatie_cents)::text AS realisatie, sum(aangehouden_cents)::text AS aangehouden
                         FROM budget_maand WHERE jaar = 2026 AND domein = 'JW' GROUP BY maand HAVING sum(realisatie_cents) <> 0 OR sum(aangehouden_cents) <> 0 ORDER BY maand`);
}

/** The 325 without what differs between two runs: its own identificatie and dagtekening. */
const inhoud = (xml: string) => xml.replace(/<(\w+):BerichtIdentificatie>[\s\S]*?<\/\1:BerichtIdentificatie>/, '');

describe('werkvoorraad: a declaratie held under the plafond policy aanhouden, decided within term', function () {
  let db: TestDatabase;
  let ds: DataSource;
  let aanbiederId: number;
  let declaratieId: string;

  before(async function () {
    vereisIstandaarden(this);
    db = await wereld('aanhouden');
    ds = db.dataSource;
    aanbiederId = (await sqlRijen<{ id: number }>(ds, `SELECT id FROM aanbieder WHERE agb_code = $1`, [AGB]))[0].id;
  });
  after(async () => db?.drop());

  it('holds the prestatie above the plafond, books the rest and sends no 325 yet', async () => {
    const u = await verwerk(ds, BERICHT);
    expect(u.antwoordId).to.equal(null);
    expect(u.details).to.include({ aangehouden: 1, toegekend: 1, wachtOpBeslissing: true });
    declaratieId = String(u.details.declaratieId);
    expect(await toegekendPerMaand(ds)).to.deep.equal({ '2026-03': '13000' });
    expect(await budgetMaand(ds)).to.deep.equal([
      { maand: 2, realisatie: '0', aangehouden: '13000' },
      { maand: 3, realisatie: '13000', aangehouden: '0' },
    ]);
  });

  it('lists the declaratie in the werkvoorraad with its 10-werkdagen term, a signal after 8 werkdagen and when late', async () => {
    const termijn = werkdagenTermijn(ONTVANGEN, 10);
    expect(termijn).to.equal('2026-04-20'); // Eerste en Tweede Paasdag 2026 (5 and 6 April) do not count
    const op = async (peildatum: Datum) => (await werkvoorraad(ds, { peildatum })).find((i) => i.soort === 'declaratie' && i.id === declaratieId)!;
    expect(await op(datum('2026-04-07'))).to.deep.include({ termijn, signaal: null, werkdagenResterend: 9 });
    expect((await op(datum('2026-04-16'))).signaal).to.equal('termijn-nadert');
    expect((await op(datum('2026-04-21'))).signaal).to.equal('termijn-verstreken');
    expect((await op(datum('2026-04-07'))).details).to.include({ aangehouden: 1, aangehoudenCents: '13000' });
  });

  it('puts the held declaratie in the budget signals of its aanbieder after 8 werkdagen, with the amount held, and when late', async () => {
    const signalen = async (peildatum: Datum) => {
      const u = await uitnuttingMetTermijnen(ds, { jaar: 2026, peildatum });
      const totaal = u.regels.find((r) => r.agb === AGB && r.domein === 'jeugd' && r.gemeente === null)!;
      const perGemeente = u.regels.filter((r) => r.gemeente !== null).flatMap((r) => r.signalen.filter((s) => s.soort === 'declaratie-termijn'));
      expect(perGemeente, 'alleen op de totaalregel').to.deep.equal([]);
      return totaal.signalen.filter((s) => s.soort === 'declaratie-termijn');
    };
    expect(await signalen(datum('2026-04-07'))).to.deep.equal([]);
    expect(await signalen(datum('2026-04-16'))).to.deep.equal([{
      soort: 'declaratie-termijn',
      toelichting: '1 declaratie met aangehouden prestaties wacht op een besluit (termijn 10 werkdagen): de termijn nadert; vroegste termijn 2026-04-20; € 130,00 aangehouden.',
    }]);
    expect((await signalen(datum('2026-04-22')))[0].toelichting).to.match(/^1 declaratie .*: 1 over de termijn \(tot 2 werkdagen te laat\); vroegste termijn 2026-04-20; € 130,00 aangehouden\.$/);
    // The gemeente's view has no total rows: the signal is on the aanbieder's row in that gemeente.
    const g = await uitnuttingMetTermijnen(ds, { jaar: 2026, peildatum: datum('2026-04-16'), gemeente: GEMEENTE });
    expect(g.regels.filter((r) => r.agb === AGB).flatMap((r) => r.signalen.map((s) => s.soort))).to.include('declaratie-termijn');
  });

  it('groups term signals per aanbieder × domein × kind and leaves items of an unknown sender to the werkvoorraad', () => {
    const item = (id: string, agbCode: string | null, signaal: 'termijn-nadert' | 'termijn-verstreken' | null, werkdagenResterend: number) => ({
      soort: 'verzoek' as const, id, omschrijving: 'x', agbCode, gemeente: '0479', domein: 'JW' as const, ontvangstdatum: datum('2026-04-01'),
      termijn: datum(`2026-04-0${id}`), werkdagenResterend, signaal, details: {},
    });
    const s = termijnBudgetSignalen([item('8', AGB, 'termijn-verstreken', -1), item('7', AGB, 'termijn-verstreken', -3), item('9', AGB, 'termijn-nadert', 1), item('6', AGB, null, 4), item('5', null, 'termijn-verstreken', -2)]);
    expect(s).to.deep.equal([{
      agb: AGB, domein: 'JW', gemeente: '0479', soort: 'verzoek-termijn',
      toelichting: '3 verzoeken om toewijzing of wijziging wachten op antwoord (termijn 5 werkdagen, in onderzoek 8 weken): 2 over de termijn (tot 3 werkdagen te laat); vroegste termijn 2026-04-07.',
    }]);
  });

  it('refuses a decision without a reason, or on a prestatie that is not held, and changes nothing', async () => {
    const peildatum = datum('2026-04-14');
    expect((await fout(besluitDeclaratie({ dataSource: ds, config: CONFIG }, declaratieId, { alle: 'toekennen' }, { door: 'jan', reden: ' ', peildatum }))).message).to.match(/besluit onvolledig/);
    expect((await fout(besluitDeclaratie({ dataSource: ds, config: CONFIG }, declaratieId, { perPrestatie: { 'RN-A': 'afwijzen' } }, { door: 'jan', reden: 'x', peildatum }))).message).to.match(/geen aangehouden prestatie met ReferentieNummer RN-A/);
    expect(await toegekendPerMaand(ds)).to.deep.equal({ '2026-03': '13000' });
  });

  it('grants the held prestatie within term: the 325 is the one a decision at once gives, valid, and the figures move', async () => {
    const u = await besluitDeclaratie({ dataSource: ds, config: CONFIG }, declaratieId, { perPrestatie: { 'RN-B': 'toekennen' } },
      { door: 'backoffice.jan', reden: 'plafond wordt in mei verhoogd', peildatum: datum('2026-04-14') });
    expect(u).to.deep.include({ toegekend: ['RN-B'], afgewezen: [], nogAangehouden: [], totaalToegekend: { bedrag: 26000n, debetCredit: 'D' } });
    const xml = (await mailboxBericht(ds, aanbiederId, u.antwoordId!))!.toString('utf8');
    expect(xsdFouten('JW325', xml)).to.equal('');
    expect(xml).to.contain('<jw325:RetourCode>8001</jw325:RetourCode>');

    // The same declaratie decided at once (policy signaleren) gives the same answer.
    const ander = await wereld('signaleren');
    try {
      const direct = await verwerk(ander.dataSource, BERICHT);
      const id = (await sqlRijen<{ id: number }>(ander.dataSource, `SELECT id FROM aanbieder WHERE agb_code = $1`, [AGB]))[0].id;
      const xmlDirect = (await mailboxBericht(ander.dataSource, id, direct.antwoordId!))!.toString('utf8');
      expect(inhoud(xml)).to.equal(inhoud(xmlDirect));
    } finally {
      await ander.drop();
    }

    // The figures: granted per month and the plafond's realisatie, from the prestatie rows updated in place.
    expect(await toegekendPerMaand(ds)).to.deep.equal({ '2026-02': '13000', '2026-03': '13000' });
    expect((await plafondStand(ds, { aanbiederId, domein: 'JW', gemeente: GEMEENTE, jaar: 2026 })).map((p) => p.realisatie)).to.deep.equal([26000n]);
    // And the aggregate the budget figures are kept in (migration 0008, kept by triggers on prestatie).
    expect(await budgetMaand(ds)).to.deep.equal([
      { maand: 2, realisatie: '13000', aangehouden: '0' },
      { maand: 3, realisatie: '13000', aangehouden: '0' },
    ]);
    const [d] = await sqlRijen<{ status: string; totaal_toegekend_cents: string; antwoord_bericht_id: string }>(
      ds, `SELECT status::text, totaal_toegekend_cents::text, antwoord_bericht_id::text FROM declaratie WHERE id = $1`, [declaratieId]);
    expect(d).to.deep.equal({ status: 'beantwoord', totaal_toegekend_cents: '26000', antwoord_bericht_id: u.antwoordId });
    const [audit] = await auditVan(ds, 'declaratie', declaratieId);
    expect(audit).to.deep.include({ actor: 'backoffice.jan', action: 'declaratie.besluit' });
    expect(audit.details).to.deep.include({ reden: 'plafond wordt in mei verhoogd', toegekend: ['RN-B'], antwoord: u.antwoordId });
    expect((await werkvoorraad(ds, { peildatum: datum('2026-04-14') })).some((i) => i.id === declaratieId && i.soort === 'declaratie')).to.equal(false);
  });

  it('answers a second decision on the answered declaratie with a conflict', async () => {
    expect((await fout(besluitDeclaratie({ dataSource: ds, config: CONFIG }, declaratieId, { alle: 'afwijzen' }, { door: 'jan', reden: 'nogmaals', peildatum: datum('2026-04-15') }))).message).to.match(/geen aangehouden prestaties/);
  });

  it('refuses every held prestatie with the budget code 9369 in a valid 325', async () => {
    const tweede = declaratie('DAANH2', 'DNAANH2', [{ bsn: '999900006', prestaties: [prestatie('RN-C', 7001, 1, { begin: datum('2026-04-01'), eind: datum('2026-04-30') })] }],
      undefined, { periode: { begindatum: datum('2026-04-01'), einddatum: datum('2026-04-30') }, dagtekening: datum('2026-05-04') });
    const v = await verwerk(ds, tweede);
    expect(v.details).to.include({ aangehouden: 1 });
    const u = await besluitDeclaratie({ dataSource: ds, config: CONFIG }, String(v.details.declaratieId), { alle: 'afwijzen' },
      { door: 'backoffice.jan', reden: 'plafond bereikt', peildatum: datum('2026-05-06') });
    expect(u).to.deep.include({ toegekend: [], afgewezen: ['RN-C'], totaalToegekend: { bedrag: 0n, debetCredit: 'D' } });
    const xml = (await mailboxBericht(ds, aanbiederId, u.antwoordId!))!.toString('utf8');
    expect(xsdFouten('JW325', xml)).to.equal('');
    expect(xml).to.match(/<\w+:ReferentieNummer>RN-C<\/\w+:ReferentieNummer>[\s\S]*<\w+:RetourCode>9369<\/\w+:RetourCode>/);
    expect(await toegekendPerMaand(ds)).to.deep.equal({ '2026-02': '13000', '2026-03': '13000' });
  });
});
