import { expect } from 'chai';
import { datum } from '@plafond/core';
import { maakTestDatabase, slaOntvangenBerichtOp, sqlRijen, type DataSource, type TestDatabase } from '@plafond/db';
import { processBericht } from '@plafond/worker-berichten';
import { AGB, basisStamdata, CONFIG, declaratie, prestatie, toewijzing } from '../../../test/support/declaraties';
import { verwerkBerichten } from './verwerk';

// After every dagtekening below: a worker refuses a message dated after its processing date (TR135).
const PEILDATUM = datum('2026-05-10');
const APRIL = { begindatum: datum('2026-04-01'), einddatum: datum('2026-04-30') };

/**
 * One aanbieder's messages in the order sent: a debet, then (same day, later Identificatie) a credit of it
 * with its corrected debet, then a declaratie a week later that declares the period again.
 */
function berichten(): { naam: string; inhoud: Buffer }[] {
  const debet = prestatie('VR1', 8001, 4);
  const credit = { ...debet, productReferentie: { referentieNummer: 'VR2', vorigReferentieNummer: 'VR1' }, ingediendBedrag: { ...debet.ingediendBedrag, debetCredit: 'C' as const } };
  const correctie = prestatie('VR3', 8001, 3);
  return [
    { naam: '1.xml', inhoud: Buffer.from(declaratie('VA1', 'VN1', [{ bsn: '999900006', prestaties: [debet] }])) },
    { naam: '2.xml', inhoud: Buffer.from(declaratie('VA2', 'VN2', [{ bsn: '999900006', prestaties: [credit, correctie] }])) },
    { naam: '3.xml', inhoud: Buffer.from(declaratie('VA3', 'VN3', [{ bsn: '999900006', prestaties: [prestatie('VR4', 8001, 2, { begin: APRIL.begindatum, eind: APRIL.einddatum })] }], undefined, { periode: APRIL, dagtekening: datum('2026-05-04') })) },
  ];
}

async function wereld(): Promise<TestDatabase> {
  const db = await maakTestDatabase();
  await basisStamdata(db.dataSource);
  await toewijzing(db.dataSource, '8001', '999900006');
  return db;
}

async function boekingen(ds: DataSource) {
  return sqlRijen<{ referentie_nummer: string; beslissing: string; retourcodes: string[]; gecrediteerd: boolean; toegekend: string | null }>(
    ds, `SELECT referentie_nummer, beslissing::text, retourcodes, gecrediteerd, toegekend_cents::text AS toegekend FROM prestatie ORDER BY referentie_nummer`);
}

describe('processing order: worker mode decides an aanbieder\'s messages in Dagtekening and Identificatie order, as the CLI', function () {
  let cli: TestDatabase;
  let werker: TestDatabase;

  before(async () => {
    [cli, werker] = await Promise.all([wereld(), wereld()]);
  });
  after(async () => Promise.all([cli?.drop(), werker?.drop()]));

  it('gives the same bookings when the jobs reach the workers in reverse order, all at once', async () => {
    await verwerkBerichten(cli.dataSource, berichten(), { config: CONFIG, peildatum: PEILDATUM });

    const [{ id: aanbiederId }] = await sqlRijen<{ id: number }>(werker.dataSource, `SELECT id FROM aanbieder WHERE agb_code = $1`, [AGB]);
    const opgeslagen = [];
    for (const b of berichten()) opgeslagen.push(await slaOntvangenBerichtOp(werker.dataSource, { inhoud: b.inhoud, aanbiederId, afzender: AGB, bestandsnaam: b.naam }));
    await Promise.all(opgeslagen.reverse().map((b) => processBericht({ berichtId: b.id, correlationId: b.correlationId }, { dataSource: werker.dataSource, config: CONFIG, peildatum: PEILDATUM })));

    const verwacht = [
      { referentie_nummer: 'VR1', beslissing: 'toegekend', retourcodes: [], gecrediteerd: true, toegekend: '26000' },
      { referentie_nummer: 'VR2', beslissing: 'toegekend', retourcodes: [], gecrediteerd: false, toegekend: '26000' },
      { referentie_nummer: 'VR3', beslissing: 'toegekend', retourcodes: [], gecrediteerd: false, toegekend: '19500' },
      { referentie_nummer: 'VR4', beslissing: 'toegekend', retourcodes: [], gecrediteerd: false, toegekend: '13000' },
    ];
    expect(await boekingen(cli.dataSource)).to.deep.equal(verwacht);
    expect(await boekingen(werker.dataSource)).to.deep.equal(verwacht);
  });

  it('does not let a predecessor that cannot be processed hold up the aanbieder\'s later messages', async () => {
    const db = await wereld();
    try {
      const ds = db.dataSource;
      // A fault only this test has: closing the message with identificatie KAPOT fails, every time.
      await sqlRijen(ds, `CREATE FUNCTION test_kapot() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.identificatie = 'KAPOT' AND NEW.status <> 'ontvangen' THEN RAISE EXCEPTION 'kapot'; END IF; RETURN NEW; END $$`);
      await sqlRijen(ds, `CREATE TRIGGER test_kapot BEFORE UPDATE ON bericht FOR EACH ROW EXECUTE FUNCTION test_kapot()`);
      const [{ id: aanbiederId }] = await sqlRijen<{ id: number }>(ds, `SELECT id FROM aanbieder WHERE agb_code = $1`, [AGB]);
      const kapot = await slaOntvangenBerichtOp(ds, { inhoud: Buffer.from(declaratie('KAPOT', 'VK1', [{ bsn: '999900006', prestaties: [prestatie('VK1', 8001, 1)] }], undefined, { dagtekening: datum('2026-04-01') })), aanbiederId, afzender: AGB });
      const later = await slaOntvangenBerichtOp(ds, { inhoud: Buffer.from(declaratie('HEEL', 'VK2', [{ bsn: '999900006', prestaties: [prestatie('VK2', 8001, 1)] }])), aanbiederId, afzender: AGB });
      const deps = { dataSource: ds, config: CONFIG, peildatum: PEILDATUM };
      const u = await processBericht({ berichtId: later.id, correlationId: later.correlationId }, deps);
      expect(u.status).to.equal('verwerkt');
      const fout = await processBericht({ berichtId: kapot.id, correlationId: kapot.correlationId }, deps).catch((e: Error) => e);
      expect((fout as Error).message).to.contain('kapot');
    } finally {
      await db.drop();
    }
  });
});
