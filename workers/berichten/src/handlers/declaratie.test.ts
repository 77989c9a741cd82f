import { expect } from 'chai';
import { datum } from '@plafond/core';
import { mailbox, mailboxBericht, maakTestDatabase, slaOntvangenBerichtOp, sqlRijen, type DataSource, type TestDatabase } from '@plafond/db';
import { parseBericht } from '@plafond/istandaard';
import { AGB, basisStamdata, CONFIG, declaratie, prestatie, toewijzing } from '../../../../test/support/declaraties';
import { vereisIstandaarden, xsdFouten } from '../../../../test/support/istandaarden';
import { processBericht, type VerwerkUitkomst } from '../process';

describe('workers/berichten: declaraties (JW323 → JW325)', function () {
  let db: TestDatabase;
  let ds: DataSource;

  before(async function () {
    vereisIstandaarden(this);
    db = await maakTestDatabase();
    ds = db.dataSource;
    await basisStamdata(ds);
    await toewijzing(ds, '5001', '999900006');
    await toewijzing(ds, '5002', '999900018', { volume: 5 });
  });
  after(async () => db?.drop());

  async function verwerk(xml: string): Promise<{ u: VerwerkUitkomst; antwoord: string | null }> {
    const b = await slaOntvangenBerichtOp(ds, { inhoud: Buffer.from(xml), bestandsnaam: 't.xml' });
    const u = await processBericht({ berichtId: b.id, correlationId: b.correlationId }, { dataSource: ds, config: CONFIG, peildatum: datum('2026-04-06') });
    const antwoord = u.antwoordId ? (await mailboxBericht(ds, (await sqlRijen<{ id: number }>(ds, `SELECT id FROM aanbieder WHERE agb_code = $1`, [AGB]))[0].id, u.antwoordId))!.toString('utf8') : null;
    return { u, antwoord };
  }

  it('grants a correct declaratie fully: 8001, booked once, answer validates against the official XSD', async () => {
    const xml = declaratie('D1', 'DN1', [{ bsn: '999900006', prestaties: [prestatie('R1', 5001, 8)] }, { bsn: '999900018', prestaties: [prestatie('R2', 5002, 5)] }]);
    const { u, antwoord } = await verwerk(xml);
    expect(u.status).to.equal('verwerkt');
    expect(u.retourcodes).to.deep.equal(['8001']);
    expect(xsdFouten('JW325', antwoord!)).to.equal('');
    const parsed = await parseBericht(antwoord!);
    expect(parsed.schemaGeldig).to.equal(true);
    expect(antwoord).to.contain('<ijw:TotaalBedrag>84500</ijw:TotaalBedrag>');
    expect(antwoord).to.not.contain('<jw325:Clienten>');
    const [{ n, som }] = await sqlRijen<{ n: number; som: string }>(ds, `SELECT count(*)::int AS n, sum(toegekend_cents)::text AS som FROM prestatie WHERE beslissing = 'toegekend'`);
    expect(n).to.equal(2);
    expect(som).to.equal('84500');
  });

  it('answers a resent message with 9056 and books nothing', async () => {
    const xml = declaratie('D1', 'DN9', [{ bsn: '999900006', prestaties: [prestatie('R9', 5001, 1)] }]);
    const { u, antwoord } = await verwerk(xml);
    expect(u.retourcodes).to.deep.equal(['9056']);
    expect(xsdFouten('JW325', antwoord!)).to.equal('');
    const [{ n }] = await sqlRijen<{ n: number }>(ds, `SELECT count(*)::int AS n FROM prestatie WHERE referentie_nummer = 'R9'`);
    expect(n).to.equal(0);
  });

  it('rejects a reused DeclaratieNummer with 9333 and books nothing', async () => {
    const { u, antwoord } = await verwerk(declaratie('D2', 'DN1', [{ bsn: '999900006', prestaties: [prestatie('R10', 5001, 1)] }]));
    expect(u.retourcodes).to.include('9333');
    expect(xsdFouten('JW325', antwoord!)).to.equal('');
    const [{ n }] = await sqlRijen<{ n: number }>(ds, `SELECT count(*)::int AS n FROM prestatie WHERE referentie_nummer = 'R10'`);
    expect(n).to.equal(0);
  });

  it('returns only the rejected prestaties with their codes (wrong tariff 0611, unknown toewijzing 9338)', async () => {
    const xml = declaratie('D3', 'DN3', [
      { bsn: '999900006', prestaties: [prestatie('R20', 5001, 1, { begin: datum('2026-02-01'), eind: datum('2026-02-28') }), prestatie('R21', 5001, 1, { tarief: 7000n, begin: datum('2026-01-01'), eind: datum('2026-01-31') })] },
      { bsn: '999900018', prestaties: [prestatie('R22', 9999, 1)] },
    ]);
    const { u, antwoord } = await verwerk(xml);
    expect(u.retourcodes).to.include.members(['0611', '9338']);
    expect(xsdFouten('JW325', antwoord!)).to.equal('');
    expect(antwoord).to.contain('R21').and.contain('R22').and.not.contain('R20');
    const rows = await sqlRijen<{ referentie_nummer: string; beslissing: string }>(ds, `SELECT referentie_nummer, beslissing FROM prestatie WHERE referentie_nummer IN ('R20','R21','R22') ORDER BY 1`);
    expect(rows.map((r) => r.beslissing)).to.deep.equal(['toegekend', 'afgewezen', 'afgewezen']);
  });

  it('rejects a declaratie failing an in-message rule (TR358) whole, booking nothing', async () => {
    const { u, antwoord } = await verwerk(declaratie('D4', 'DN4', [{ bsn: '999900006', prestaties: [prestatie('R30', 5001, 1, { begin: datum('2026-01-01'), eind: datum('2026-01-31') })] }], 1n));
    expect(u.status).to.equal('afgewezen');
    expect(u.retourcodes).to.include('0001');
    expect(xsdFouten('JW325', antwoord!)).to.equal('');
    const [{ n }] = await sqlRijen<{ n: number }>(ds, `SELECT count(*)::int AS n FROM declaratie WHERE declaratie_nummer = 'DN4'`);
    expect(n).to.equal(0);
  });

  it('rejects a schema-invalid message with 0001 on the header and books nothing', async () => {
    const xml = declaratie('D5', 'DN5', [{ bsn: '999900006', prestaties: [prestatie('R40', 5001, 1)] }]).replace('<jw323:Eenheid>04</jw323:Eenheid>', '<jw323:Eenheid>99</jw323:Eenheid>');
    const { u, antwoord } = await verwerk(xml);
    expect(u.status).to.equal('afgewezen');
    expect(u.retourcodes).to.deep.equal(['0001']);
    expect(xsdFouten('JW325', antwoord!)).to.equal('');
    expect(antwoord).to.not.contain('DeclaratieAntwoord>');
  });

  it('processes a message only once, even when asked twice', async () => {
    const b = await slaOntvangenBerichtOp(ds, { inhoud: Buffer.from(declaratie('D6', 'DN6', [{ bsn: '999900006', prestaties: [prestatie('R50', 5002, 1, { begin: datum('2026-01-01'), eind: datum('2026-01-31') })] }])) });
    const deps = { dataSource: ds, config: CONFIG, peildatum: datum('2026-05-06') };
    const [a, c] = await Promise.all([processBericht({ berichtId: b.id, correlationId: b.correlationId }, deps), processBericht({ berichtId: b.id, correlationId: b.correlationId }, deps)]);
    expect(a).to.deep.equal(c);
    const [{ n }] = await sqlRijen<{ n: number }>(ds, `SELECT count(*)::int AS n FROM prestatie WHERE referentie_nummer = 'R50'`);
    expect(n).to.equal(1);
    const aanbiederId = (await sqlRijen<{ id: number }>(ds, `SELECT id FROM aanbieder WHERE agb_code = $1`, [AGB]))[0].id;
    expect((await mailbox(ds, aanbiederId)).filter((m) => m.retourVan === b.id)).to.have.length(1);
  });
});
