import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { leesConfig, maakLogger } from '@plafond/core';
import { maakGebruiker, maakTestDatabase, sqlRijen, upsertAanbieders, type TestDatabase } from '@plafond/db';
import { OHW_KOLOMMEN } from '@plafond/ohw';
import { processOhwUpload } from '@plafond/worker-ohw';
import { AGB, basisStamdata, toewijzing } from '../../../test/support/declaraties';
import { maakDbIntakeDeps } from './db-deps';
import { XLSX_TYPE } from './ohw-routes';
import { startIntake, type IntakeServer } from './server';

const ANDER = '87654321';
const basic = (agb: string, w: string) => ({ Authorization: 'Basic ' + Buffer.from(`${agb}:${w}`).toString('base64') });

describe('intake: onderhanden werk over HTTP (own AGB only)', function () {
  let tdb: TestDatabase;
  let intake: IntakeServer;
  const klaar: Promise<unknown>[] = [];

  before(async function () {
    tdb = await maakTestDatabase();
    const ds = tdb.dataSource;
    await basisStamdata(ds);
    await upsertAanbieders(ds, [{ agbCode: ANDER, naam: 'Andere BV' }]);
    await maakGebruiker(ds, { username: AGB, rol: 'aanbieder', agbCode: AGB, wachtwoord: 'geheim-a' });
    await maakGebruiker(ds, { username: ANDER, rol: 'aanbieder', agbCode: ANDER, wachtwoord: 'geheim-b' });
    await toewijzing(ds, 'T1', '999900006');
    await toewijzing(ds, 'T2', '999900018');
    const config = leesConfig({ INTAKE_PORT: '0', LOG_LEVEL: 'silent' });
    // In-process checking, awaited by the test through `klaar`.
    const deps = maakDbIntakeDeps(ds, async () => undefined, async (job) => {
      klaar.push(processOhwUpload(job, { dataSource: ds }));
    });
    intake = await startIntake(config, deps, { host: '127.0.0.1', logger: maakLogger({ level: 'silent' }) });
  });
  after(async () => {
    await intake?.close();
    await tdb?.drop();
  });

  const haal = (pad: string, init: RequestInit = {}) => fetch(intake.url + pad, init);

  it('serves the template of the logged-in aanbieder only, pre-filled with its toewijzingen', async () => {
    const r = await haal('/ohw/template?maand=2026-03', { headers: basic(AGB, 'geheim-a') });
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.equal(XLSX_TYPE);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await r.arrayBuffer());
    expect(wb.worksheets[0].rowCount).to.be.at.least(3);
    expect(wb.worksheets[0].getRow(3).getCell(2).value).to.equal('T2');
    const ander = await haal('/ohw/template?maand=2026-03', { headers: basic(ANDER, 'geheim-b') });
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(await ander.arrayBuffer());
    expect(wb2.worksheets[0].getRow(2).getCell(2).value).to.equal(null);
    expect((await haal('/ohw/template?maand=2026-3', { headers: basic(AGB, 'geheim-a') })).status).to.equal(422);
    expect((await haal('/ohw/template?maand=2026-03')).status).to.equal(401);
  });

  it('stores an upload, checks it apart from the request, and answers status and feedback to its own aanbieder only', async () => {
    const csv = `${OHW_KOLOMMEN.join(',')}\n0479,T1,999900006,45,45A03,2026-03,2,04,130.00,\n0479,T2,999900018,45,45A03,2026-03,2,04,1.00,\n`;
    const r = await haal('/ohw?maand=2026-03', { method: 'POST', body: csv, headers: { ...basic(AGB, 'geheim-a'), 'Content-Type': 'text/csv' } });
    expect(r.status).to.equal(202);
    const { id } = (await r.json()) as { id: string };
    expect(r.headers.get('location')).to.equal(`/ohw/${id}`);
    await Promise.all(klaar);
    const s = await haal(`/ohw/${id}`, { headers: basic(AGB, 'geheim-a') });
    const status = (await s.json()) as { status: string; ohw: { versie: number; opgeslagen: number; afgewezen: { regel: number; kolom: string }[] } };
    expect(status.status).to.equal('verwerkt');
    expect(status.ohw).to.deep.include({ agb: AGB, maand: '2026-03', versie: 1, opgeslagen: 1 });
    expect(status.ohw.afgewezen.map((a) => [a.regel, a.kolom])).to.deep.equal([[3, 'bedrag_eur']]);
    const fb = await haal(`/ohw/${id}/terugkoppeling`, { headers: basic(AGB, 'geheim-a') });
    expect(fb.status).to.equal(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await fb.arrayBuffer());
    expect(wb.worksheets[0].getRow(3).getCell(9).note).to.be.ok;
    expect((await haal(`/ohw/${id}`, { headers: basic(ANDER, 'geheim-b') })).status).to.equal(404);
    expect((await haal(`/ohw/${id}/terugkoppeling`, { headers: basic(ANDER, 'geheim-b') })).status).to.equal(404);
  });

  it('refuses a hostile workbook before storing it, and a wrong media type', async () => {
    const [{ n: voor }] = await sqlRijen<{ n: number }>(tdb.dataSource, 'SELECT count(*)::int AS n FROM ohw_ontvangst');
    const r = await haal('/ohw?maand=2026-03', { method: 'POST', body: Buffer.from('PK\u0003\u0004 kapot'), headers: { ...basic(AGB, 'geheim-a'), 'Content-Type': XLSX_TYPE } });
    expect(r.status).to.equal(422);
    expect(((await r.json()) as { detail: string }).detail).to.match(/bestand geweigerd: het bestand is geen geldig xlsx-bestand/);
    const m = await haal('/ohw?maand=2026-03', { method: 'POST', body: 'x', headers: { ...basic(AGB, 'geheim-a'), 'Content-Type': 'application/vnd.ms-excel.sheet.macroEnabled.12' } });
    expect(m.status).to.equal(415);
    const [{ n: na }] = await sqlRijen<{ n: number }>(tdb.dataSource, 'SELECT count(*)::int AS n FROM ohw_ontvangst');
    expect(na).to.equal(voor);
  });
});
