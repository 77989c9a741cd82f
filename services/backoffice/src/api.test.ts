import { expect } from 'chai';

// JSON answers, checked field by field below.
type Json = any;
const json = async (r: Response): Promise<Json> => r.json();
import { standaardPeildatum, uitnuttingBudgetlijnen } from '@plafond/bewaking';
import { uitnuttingMetTermijnen } from '@plafond/werkvoorraad';
import { auditVan, MAX_MISLUKTE_POGINGEN, sqlRijen, upsertBudgetlijnen } from '@plafond/db';
import { gemeenteWerkboek } from '@plafond/rapportage';
import { backofficeOpenApi } from './openapi';
import { EIGEN_GEMEENTE, JAAR, maakBackofficeWereld, maakHerverdelingScenario, Sessie, type BackofficeWereld } from '../../../test/support/backoffice';

describe('back-office JSON API', function () {
  this.timeout(300_000);
  let w: BackofficeWereld;

  before(async () => {
    w = await maakBackofficeWereld({ clienten: 100, maanden: 2 });
  });
  after(async () => {
    await w?.sluit();
  });

  it('POST /api/sessie sets an HttpOnly SameSite=Strict session cookie the pages accept; DELETE signs out', async () => {
    const s = new Sessie(w.backoffice.url);
    const res = await s.meldAan(w.logins.contractmanager);
    expect(res.status).to.equal(200);
    expect(await json(res)).to.deep.equal({ gebruikersnaam: w.logins.contractmanager.naam, rol: 'contractmanager', gemeenten: [] });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).to.match(/^plafond\.sid=/).and.match(/HttpOnly/).and.match(/SameSite=Strict/);
    expect((await s.verzoek('/dashboard')).status).to.equal(200);
    expect((await s.verzoek('/api/sessie', { method: 'DELETE' })).status).to.equal(204);
    const na = await s.verzoek(`/api/uitnutting?jaar=${JAAR}`);
    expect(na.status).to.equal(401);
    expect(na.headers.get('content-type')).to.match(/application\/problem\+json/);
    expect(await json(na)).to.include({ status: 401, title: 'Niet ingelogd' });
  });

  it('records every sign-in and every failed attempt in the audit trail, without the attempted password', async () => {
    const s = new Sessie(w.backoffice.url);
    expect((await s.meldAan({ naam: w.logins.beheer.naam, wachtwoord: 'geheim-fout-123' })).status).to.equal(401);
    expect((await s.meldAan(w.logins.beheer)).status).to.equal(200);
    expect((await s.meldAan({ naam: 'bestaat-niet', wachtwoord: 'x' })).status).to.equal(401);
    const [{ id }] = await sqlRijen<{ id: number }>(w.db.dataSource, 'SELECT id FROM app_user WHERE username = $1', [w.logins.beheer.naam]);
    const acties = (await auditVan(w.db.dataSource, 'app_user', String(id))).map((a) => a.action);
    expect(acties).to.include.members(['aanmelden.mislukt', 'aangemeld']);
    const alle = JSON.stringify(await auditVan(w.db.dataSource, 'app_user'));
    expect(alle).to.include('onbekende gebruiker').and.not.include('geheim-fout-123').and.not.include(w.logins.beheer.wachtwoord);
  });

  it('locks an account after repeated failures (423) and refuses an aanbieder (403), both as problem+json', async () => {
    const s = new Sessie(w.backoffice.url);
    for (let i = 0; i < MAX_MISLUKTE_POGINGEN - 1; i++) expect((await s.meldAan({ naam: w.logins.backoffice.naam, wachtwoord: `fout-${i}` })).status).to.equal(401);
    const slot = await s.meldAan({ naam: w.logins.backoffice.naam, wachtwoord: 'nog-een-keer-fout' });
    expect(slot.status).to.equal(423);
    expect((await json(slot)).detail).to.match(/tijdelijk geblokkeerd/);
    expect((await s.meldAan(w.logins.backoffice)).status, 'ook het goede wachtwoord tijdens de blokkade').to.equal(423);
    await w.db.dataSource.query('UPDATE app_user SET geblokkeerd_tot = NULL, mislukte_pogingen = 0 WHERE username = $1', [w.logins.backoffice.naam]);
    const aanbieder = await s.meldAan(w.logins.aanbieder);
    expect(aanbieder.status).to.equal(403);
    expect(aanbieder.headers.get('content-type')).to.match(/application\/problem\+json/);
    const leeg = await new Sessie(w.backoffice.url).verzoek('/api/sessie', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"gebruikersnaam": 5}' });
    expect(leeg.status).to.equal(422);
    expect((await json(leeg)).meldingen.map((m: { pad: string }) => m.pad)).to.deep.equal(['gebruikersnaam', 'wachtwoord']);
  });

  it('rate-limits sign-in attempts per address with 429', async () => {
    const { startBackoffice } = await import('./server');
    const { standaardUitnutting } = await import('./bronnen');
    const { leesConfig } = await import('@plafond/core');
    const config = leesConfig({ PLAFOND_PSEUDONIEM_SLEUTEL: 'x'.repeat(40), LOG_LEVEL: 'silent', BACKOFFICE_PORT: '0', NODE_ENV: 'test' });
    const bo = await startBackoffice(config, { ds: w.db.dataSource, databaseUrl: w.db.url, uitnutting: standaardUitnutting(w.db.dataSource), host: '127.0.0.1', aanmeldLimiet: 2 });
    try {
      const s = new Sessie(bo.url);
      expect((await s.meldAan({ naam: 'niemand', wachtwoord: 'a' })).status).to.equal(401);
      expect((await s.meldAan({ naam: 'niemand', wachtwoord: 'b' })).status).to.equal(401);
      const derde = await s.meldAan(w.logins.beheer);
      expect(derde.status).to.equal(429);
      expect((await json(derde)).detail).to.match(/te veel aanmeldpogingen/);
    } finally {
      await bo.close();
    }
  });

  it('GET /api/uitnutting answers exactly the rows of uitnutting.json (bewaking.uitnutting with the term signals of the werkvoorraad), per gemeente and per agb', async () => {
    const s = new Sessie(w.backoffice.url);
    await s.meldAan(w.logins.backoffice);
    const peildatum = (await standaardPeildatum(w.db.dataSource))!;
    const alle = await json(await s.verzoek(`/api/uitnutting?jaar=${JAAR}`));
    expect(alle).to.deep.equal(JSON.parse(JSON.stringify(await uitnuttingMetTermijnen(w.db.dataSource, { jaar: JAAR, peildatum }))));
    expect(Object.keys(alle)).to.deep.equal(['peildatum', 'regels']);
    const gemeente = await json(await s.verzoek(`/api/uitnutting?jaar=${JAAR}&gemeente=${EIGEN_GEMEENTE}`));
    expect(gemeente).to.deep.equal(JSON.parse(JSON.stringify(await uitnuttingMetTermijnen(w.db.dataSource, { jaar: JAAR, peildatum, gemeente: EIGEN_GEMEENTE }))));
    const agb = await json(await s.verzoek(`/api/uitnutting?jaar=${JAAR}&agb=${w.agb}`));
    expect(agb.regels.length).to.be.above(0);
    expect(agb.regels.every((r: { agb: string }) => r.agb === w.agb)).to.equal(true);
    // An aanbieder's forecast does not depend on what the question is filtered on: the same in its own answer, in its
    // gemeente's answer and in the region's (signals about the work aside, which sit on one row of the answer).
    type Regel = { agb: string; gemeente: string | null; signalen: { soort: string }[] };
    const BUDGET = ['overbesteding', 'drempel', 'onderbesteding', 'geen-ohw', 'late-declaratie', 'sprong'];
    const kern = (rr: Regel[]) => rr.map((r) => ({ ...r, signalen: r.signalen.filter((x) => BUDGET.includes(x.soort)) }));
    expect(kern(agb.regels)).to.deep.equal(kern(alle.regels.filter((r: Regel) => r.agb === w.agb)));
    expect(kern(gemeente.regels)).to.deep.equal(kern(alle.regels.filter((r: Regel) => r.gemeente === EIGEN_GEMEENTE)));
    const fout = await s.verzoek('/api/uitnutting?jaar=26&gemeente=abc');
    expect(fout.status).to.equal(422);
    expect((await json(fout)).meldingen.map((m: { pad: string }) => m.pad)).to.deep.equal(['jaar', 'gemeente']);
  });

  it('GET /api/budgetlijnen and /api/uitnutting?budgetlijn= give the figures per budgetlijn, kept by the booking, recomputed when the category map changes', async () => {
    const ds = w.db.dataSource;
    const cats = await sqlRijen<{ c: string }>(ds, `SELECT DISTINCT productcategorie::text AS c FROM prestatie WHERE domein = 'JW' AND extract(year FROM periode_begin) = $1 ORDER BY 1`, [JAAR]);
    expect(cats.length).to.be.above(0);
    const lijn = cats.slice(0, Math.max(1, Math.floor(cats.length / 2))).map((r) => r.c);
    await upsertBudgetlijnen(ds, [{ jaar: JAAR, domein: 'JW', code: 'TEST', naam: 'Testperceel', bedragCents: 1_000_000_00n, productcategorieen: lijn }]);
    const [{ r }] = await sqlRijen<{ r: string }>(ds,
      `SELECT coalesce(sum(CASE debet_credit WHEN 'D' THEN 1 ELSE -1 END * toegekend_cents), 0)::text AS r FROM prestatie
        WHERE domein = 'JW' AND beslissing = 'toegekend' AND productcategorie = ANY($1) AND extract(year FROM periode_begin) = $2`, [lijn, JAAR]);
    const s = new Sessie(w.backoffice.url);
    await s.meldAan(w.logins.contractmanager);
    const peildatum = (await standaardPeildatum(ds))!;
    const b = await json(await s.verzoek(`/api/budgetlijnen?jaar=${JAAR}`));
    expect(b).to.deep.equal(JSON.parse(JSON.stringify(await uitnuttingBudgetlijnen(ds, { jaar: JAAR, peildatum }))));
    const test = b.regels.find((x: { budgetlijn: string }) => x.budgetlijn === 'TEST');
    expect(test).to.include({ domein: 'jeugd', naam: 'Testperceel', plafond: '1000000.00', plafondsAanbieders: '0.00' });
    expect(BigInt(test.realisatie.replace('.', ''))).to.equal(BigInt(r));
    const per = await json(await s.verzoek(`/api/uitnutting?jaar=${JAAR}&budgetlijn=test`));
    const totalen = per.regels.filter((x: { gemeente: string | null }) => x.gemeente === null);
    expect(totalen.length).to.equal(test.aanbieders);
    expect(per.regels.every((x: { budgetlijn: string }) => x.budgetlijn === 'TEST')).to.equal(true);
    expect(totalen.reduce((t: bigint, x: { realisatie: string }) => t + BigInt(x.realisatie.replace('.', '')), 0n)).to.equal(BigInt(r));
    expect((await s.verzoek(`/api/budgetlijnen?jaar=${JAAR}&budgetlijn=ONBEKEND`)).status).to.equal(404);
    expect((await s.verzoek(`/api/uitnutting?jaar=${JAAR}&budgetlijn=ONBEKEND`)).status).to.equal(404);
    expect((await s.verzoek(`/api/uitnutting?jaar=${JAAR}&budgetlijn=${encodeURIComponent('a b')}`)).status).to.equal(422);
    const [{ n }] = await sqlRijen<{ n: number }>(ds, 'SELECT count(*)::int AS n FROM budget_maand_afwijking');
    expect(n).to.equal(0);
    // The gemeente's pack has the sheet per budgetlijn with the gemeente's own figures on it.
    const [{ g }] = await sqlRijen<{ g: string }>(ds,
      `SELECT coalesce(sum(CASE debet_credit WHEN 'D' THEN 1 ELSE -1 END * toegekend_cents), 0)::text AS g FROM prestatie
        WHERE domein = 'JW' AND beslissing = 'toegekend' AND productcategorie = ANY($1) AND extract(year FROM periode_begin) = $2 AND gemeente_code = $3`, [lijn, JAAR, EIGEN_GEMEENTE]);
    const pack = await gemeenteWerkboek(ds, { jaar: JAAR, gemeente: EIGEN_GEMEENTE, peildatum });
    expect(pack.invoer.budgetlijnen.filter((x) => x.budgetlijn === 'TEST Testperceel').map((x) => [x.domein, x.realisatie])).to.deep.equal([['jeugd', BigInt(g)]]);
  });

  it('GET /api/aanbieders/{agb}/prestaties gives the source rows of a figure, filtered by month and gemeente', async () => {
    const s = new Sessie(w.backoffice.url);
    await s.meldAan(w.logins.backoffice);
    const p = await json(await s.verzoek(`/api/aanbieders/${w.agb}/prestaties?jaar=${JAAR}&maand=01&gemeente=${EIGEN_GEMEENTE}&per=500`));
    const [{ n }] = await sqlRijen<{ n: string }>(w.db.dataSource,
      `SELECT count(*) AS n FROM prestatie p JOIN aanbieder a ON a.id = p.aanbieder_id WHERE a.agb_code = $1 AND p.gemeente_code = $2 AND p.periode_begin >= $3 AND p.periode_begin < $4`,
      [w.agb, EIGEN_GEMEENTE, `${JAAR}-01-01`, `${JAAR}-02-01`]);
    expect(p.totaal).to.equal(Number(n));
    const r = p.regels[0];
    expect(r).to.include.keys('declaratie', 'referentieNummer', 'periode', 'product', 'ingediend', 'toegekend', 'beslissing', 'retourcodes', 'bsn');
    expect(r.periode.begin.startsWith(`${JAAR}-01`)).to.equal(true);
    expect(r.ingediend).to.match(/^\d+\.\d{2}$/);
    expect((await s.verzoek(`/api/aanbieders/99999999/prestaties?jaar=${JAAR}`)).status).to.equal(404);
  });

  it('records a plafond mutation through the API (JSON only) and shows it in the plafond history', async () => {
    const s = new Sessie(w.backoffice.url);
    await s.meldAan(w.logins.contractmanager);
    const form = await s.verzoek(`/api/aanbieders/${w.agb}/plafondmutaties`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'jaar=2026' });
    expect(form.status, 'een formulier naar de API (CSRF)').to.equal(415);
    const voor = await json(await s.verzoek(`/api/aanbieders/${w.agb}/plafonds?jaar=${JAAR}`));
    const doel = voor.plafonds[0] as { domein: string; gemeente: string | null };
    const res = await s.verzoek(`/api/aanbieders/${w.agb}/plafondmutaties`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jaar: JAAR, domein: doel.domein, gemeente: doel.gemeente, mutatieEur: '-1.000,00', reden: 'lagere instroom dan verwacht' }),
    });
    expect(res.status, await res.clone().text()).to.equal(201);
    const m = await json(res);
    expect(BigInt(m.oud.replace('.', '')) - BigInt(m.nieuw.replace('.', ''))).to.equal(100_000n);
    const h = await json(await s.verzoek(`/api/aanbieders/${w.agb}/plafonds?jaar=${JAAR}`));
    const jeugd = h.plafonds.find((x: { domein: string; gemeente: string | null }) => x.domein === doel.domein && x.gemeente === doel.gemeente);
    expect(jeugd.mutaties.at(-1)).to.include({ mutatie: '-1000.00', reden: 'lagere instroom dan verwacht', door: w.logins.contractmanager.naam });
    const leeg = await s.verzoek(`/api/aanbieders/${w.agb}/plafondmutaties`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ jaar: JAAR, domein: 'x' }) });
    expect(leeg.status).to.equal(422);
  });

  it('GET /api/herverdelingsvoorstellen shows the proposal; POST accepts it once, as shown, and records linked herverdelingen', async () => {
    const ds = w.db.dataSource;
    const { peildatum, gemeente, ontvanger, gever } = await maakHerverdelingScenario(w);
    const s = new Sessie(w.backoffice.url);
    await s.meldAan(w.logins.contractmanager);
    const antwoord = await json(await s.verzoek(`/api/herverdelingsvoorstellen?jaar=${JAAR}&domein=jeugd`));
    expect(antwoord).to.include({ jaar: JAAR, peildatum, budgetlijn: null });
    const v = antwoord.voorstellen.find((x: { gemeente: string | null }) => x.gemeente === gemeente);
    expect(v, JSON.stringify(antwoord)).to.not.equal(undefined);
    expect(v.domein).to.equal('jeugd');
    expect(v.overdrachten.some((o: { van: string; naar: string }) => o.van === gever.agb && o.naar === ontvanger.agb)).to.equal(true);
    const na = v.aanbieders.find((a: { agb: string }) => a.agb === ontvanger.agb);
    expect(na.rol).to.equal('ontvanger');
    const erbij = v.overdrachten.filter((o: { naar: string }) => o.naar === ontvanger.agb).reduce((t: bigint, o: { bedrag: string }) => t + BigInt(o.bedrag.replace('.', '')), 0n);
    expect(BigInt(na.plafondNa.replace('.', '')) - BigInt(na.plafondVoor.replace('.', ''))).to.equal(erbij);
    // A gemeente user does not see other gemeenten's aanbieders' proposals; the backoffice may look but not accept.
    const gem = new Sessie(w.backoffice.url);
    await gem.meldAan(w.logins.gemeente);
    expect((await gem.verzoek(`/api/herverdelingsvoorstellen?jaar=${JAAR}`)).status).to.equal(403);
    const body = { jaar: JAAR, domein: 'jeugd', peildatum, gemeente, overdrachten: v.overdrachten, reden: 'herverdeling na het kwartaaloverleg' };
    const bo = new Sessie(w.backoffice.url);
    await bo.meldAan(w.logins.backoffice);
    expect((await bo.verzoek('/api/herverdelingsvoorstellen', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).status).to.equal(403);
    const post = (b: unknown) => s.verzoek('/api/herverdelingsvoorstellen', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
    // Bad input: every problem named; a proposal that is not the one shown changes nothing.
    const fout = await post({ jaar: 'x', domein: 'jeugd', overdrachten: [{ van: '1', naar: gever.agb, bedrag: '-5' }] });
    expect(fout.status).to.equal(422);
    expect(JSON.stringify(await json(fout))).to.include('peildatum').and.include('overdrachten[0].van').and.include('overdrachten[0].bedrag').and.include('reden');
    const anders = await post({ ...body, overdrachten: v.overdrachten.map((o: { bedrag: string }, i: number) => (i === 0 ? { ...o, bedrag: '1.00' } : o)) });
    expect(anders.status).to.equal(409);
    expect((await json(anders)).detail).to.match(/veranderd sinds het getoond werd/);
    expect((await post({ ...body, gemeente: '9999' })).status).to.equal(404);
    const [{ voor }] = await sqlRijen<{ voor: number }>(ds, 'SELECT count(*)::int AS voor FROM plafond_herverdeling');
    const ok = await post(body);
    expect(ok.status, await ok.clone().text()).to.equal(201);
    const u = await json(ok);
    expect(u).to.include({ jaar: JAAR, domein: 'jeugd', peildatum, door: w.logins.contractmanager.naam });
    expect(u.herverdelingen).to.have.length(v.overdrachten.length);
    expect(u.herverdelingen.map((x: { van: { agb: string }; naar: { agb: string } }) => [x.van.agb, x.naar.agb])).to.deep.equal(v.overdrachten.map((o: { van: string; naar: string }) => [o.van, o.naar]));
    const [{ n }] = await sqlRijen<{ n: number }>(ds, 'SELECT count(*)::int AS n FROM plafond_herverdeling');
    expect(n - voor).to.equal(v.overdrachten.length);
    const historie = await json(await s.verzoek(`/api/aanbieders/${ontvanger.agb}/plafonds?jaar=${JAAR}`));
    const plafond = historie.plafonds.find((x: { domein: string; gemeente: string | null; budgetlijn: string | null }) => x.domein === 'jeugd' && x.gemeente === gemeente && x.budgetlijn === null);
    expect(plafond.bedrag).to.equal(na.plafondNa);
    expect(plafond.mutaties.at(-1)).to.include({ reden: 'herverdeling na het kwartaaloverleg' });
    expect(plafond.mutaties.at(-1).herverdeling).to.not.equal(null);
    const nogEens = await post(body);
    expect(nogEens.status).to.equal(409);
    expect((await json(nogEens)).detail).to.match(/al aanvaard door/);
    // The screen shows the proposals of the scope and, after acceptance, no longer this one.
    const pagina = await (await s.verzoek(`/herverdeling?jaar=${JAAR}&domein=jeugd`)).text();
    expect(pagina).to.include('Herverdelingsvoorstel').and.include('href="/herverdeling"');
  });

  it('refuses a form without its CSRF token', async () => {
    const s = new Sessie(w.backoffice.url);
    await s.meldAan(w.logins.contractmanager);
    const res = await s.verzoek(`/aanbieders/${w.agb}/plafondmutatie`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ jaar: String(JAAR), plafond: 'jeugd|alle', mutatieEur: '5', reden: 'zonder token' }).toString(),
    });
    expect(res.status).to.equal(403);
    expect(await res.text()).to.include('CSRF');
  });

  it('describes every API route of the access table in /api/openapi.json', async () => {
    const doc = await json(await fetch(`${w.backoffice.url}/api/openapi.json`));
    expect(doc).to.deep.equal(JSON.parse(JSON.stringify(backofficeOpenApi)));
    expect(doc.openapi).to.equal('3.1.0');
    for (const pad of ['/api/sessie', '/api/uitnutting', '/api/aanbieders/{agb}/prestaties', '/api/aanbieders/{agb}/plafondmutaties', '/api/herverdelingen', '/api/aanbieders/{agb}/bestedingsruimte/stappen']) {
      expect(doc.paths, pad).to.have.property(pad);
    }
  });

  it('sends security headers (helmet) and never caches answers with personal data', async () => {
    const s = new Sessie(w.backoffice.url);
    await s.meldAan(w.logins.backoffice);
    const res = await s.verzoek(`/api/aanbieders/${w.agb}/prestaties?jaar=${JAAR}&per=1`);
    expect(res.headers.get('content-security-policy')).to.include("script-src 'none'").and.include("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(res.headers.get('cache-control')).to.equal('no-store');
  });
});
