import { expect } from 'chai';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { sqlRijen } from '@plafond/db';
import { ensureChromium } from '../../../scripts/services.mjs';
import { ANDERE_GEMEENTE, EIGEN_GEMEENTE, JAAR, maakBackofficeWereld, maakHerverdelingScenario, type BackofficeWereld, type Login } from '../../../test/support/backoffice';

/**
 * The back office in a real browser: Debian's chromium driven by playwright-core (installed by the test
 * setup when missing). Signs in per role, checks the rendered chart, the drill-down to source rows, a
 * plafond mutation, the gemeente scope, and runs axe-core on every screen. Screenshots go to
 * `test-artifacts/backoffice/` (gitignored).
 */

const ARTEFACTEN = join(process.cwd(), 'test-artifacts', 'backoffice');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface AxeUitslag {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

describe('back office in Chromium', function () {
  this.timeout(600_000);
  let w: BackofficeWereld;
  let profiel: string;
  let context: BrowserContext;
  let page: Page;
  const bekeken = new Set<string>();

  before(async () => {
    expect(ensureChromium(), 'Debian chromium (apt-get install chromium)').to.be.oneOf(['up', 'installed']);
    await mkdir(ARTEFACTEN, { recursive: true });
    w = await maakBackofficeWereld();
    profiel = await mkdtemp(join(tmpdir(), 'plafond-chromium-'));
    context = await chromium.launchPersistentContext(profiel, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, viewport: { width: 1360, height: 900 }, locale: 'nl-NL' });
    page = context.pages()[0] ?? (await context.newPage());
  });

  after(async () => {
    await context?.close();
    if (profiel) await rm(profiel, { recursive: true, force: true });
    await w?.sluit();
  });

  const url = (pad: string) => w.backoffice.url + pad;

  async function meldAan(login: Login): Promise<void> {
    await context.clearCookies();
    await page.goto(url('/inloggen'));
    await page.getByLabel('Gebruikersnaam').fill(login.naam);
    await page.getByLabel('Wachtwoord').fill(login.wachtwoord);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.waitForLoadState('load');
  }

  /** Screenshot plus axe-core: no serious or critical violation on the screen. */
  async function keur(naam: string): Promise<void> {
    await page.screenshot({ path: join(ARTEFACTEN, `${naam}.png`), fullPage: true });
    await page.evaluate(axe.source);
    const uitslag = (await page.evaluate(() => (globalThis as unknown as { axe: { run(o: object): Promise<unknown> } }).axe.run({ resultTypes: ['violations'] }))) as AxeUitslag;
    const ernstig = uitslag.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(ernstig.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), `axe op ${naam}`).to.deep.equal([]);
    bekeken.add(naam);
  }

  it('signs in as each back-office role and refuses an aanbieder', async () => {
    await page.goto(url('/inloggen'));
    await keur('aanmelden');
    for (const rol of ['backoffice', 'contractmanager', 'gemeente', 'beheer'] as const) {
      await meldAan(w.logins[rol]);
      expect(new URL(page.url()).pathname, rol).to.equal('/dashboard');
      expect(await page.locator('.wie .naam').textContent()).to.equal(w.logins[rol].naam);
    }
    await meldAan(w.logins.aanbieder);
    expect(new URL(page.url()).pathname).to.equal('/inloggen');
    expect(await page.getByRole('alert').textContent()).to.match(/aanbieders melden zich aan bij de intake/i);
    await meldAan({ rol: 'backoffice', naam: w.logins.backoffice.naam, wachtwoord: 'fout-wachtwoord' });
    expect(await page.getByRole('alert').textContent()).to.match(/onjuist/);
    await keur('aanmelden-fout');
  });

  it('shows the dashboard with a rendered chart (SVG from ECharts) and the figures behind it', async () => {
    await meldAan(w.logins.backoffice);
    const grafiek = page.locator('.grafiek svg').first();
    await grafiek.waitFor();
    const vak = await grafiek.boundingBox();
    expect(vak!.width).to.be.above(300);
    expect(vak!.height).to.be.above(150);
    expect(await page.locator('.grafiek svg path').count()).to.be.above(10);
    expect(await page.locator('.grafiek').first().getAttribute('aria-label')).to.match(/realisatie plus onderhanden werk/);
    expect(await page.locator('.kerncijfers dd').first().textContent()).to.match(/€ [\d.]+,\d{2}/);
    await keur('dashboard-backoffice');
  });

  it('drills down from a signal to its prestaties', async () => {
    await meldAan(w.logins.contractmanager);
    await page.goto(url(`/signalen?jaar=${JAAR}`));
    await keur('signalen');
    const link = page.locator('table a', { hasText: 'prestaties' }).first();
    expect(await link.count(), 'minstens één signaal').to.equal(1);
    const agb = /\/aanbieders\/(\d{8})\/prestaties/.exec((await link.getAttribute('href'))!)![1];
    await link.click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).to.equal(`/aanbieders/${agb}/prestaties`);
    const rijen = page.locator('tbody tr');
    expect(await rijen.count()).to.be.above(0);
    // A contractmanager sees pseudonyms, never a BSN column.
    expect(await page.locator('thead').textContent()).to.include('Cliënt (pseudoniem)').and.not.include('BSN');
    expect(await rijen.first().textContent()).to.match(/P[0-9A-F]{15}/);
    await keur('prestaties-contractmanager');
  });

  it('records a plafond mutation and shows it in the history', async () => {
    await meldAan(w.logins.contractmanager);
    await page.goto(url(`/aanbieders/${w.agb}?jaar=${JAAR}`));
    await keur('aanbieder-contractmanager');
    const reden = `Herverdeling na voortgangsgesprek ${Date.now()}`;
    await page.getByLabel('Plafond', { exact: true }).selectOption({ index: 0 });
    await page.getByLabel('Mutatie in euro').fill('12500,00');
    await page.getByLabel('Reden').fill(reden);
    await page.getByRole('button', { name: 'Mutatie vastleggen' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').textContent()).to.match(/plafondmutatie is vastgelegd/);
    const rij = page.locator('section[aria-labelledby="a-historie"] tbody tr', { hasText: reden });
    expect(await rij.count()).to.equal(1);
    expect(await rij.textContent()).to.include('€ 12.500,00').and.include(w.logins.contractmanager.naam);
    await keur('aanbieder-na-mutatie');
  });

  it('accepts a herverdelingsvoorstel on its screen: every transfer shown is recorded and the plafonds change as shown', async () => {
    const { gemeente, ontvanger, gever } = await maakHerverdelingScenario(w);
    await meldAan(w.logins.contractmanager);
    await page.getByRole('link', { name: 'Herverdeling' }).click();
    await page.goto(url(`/herverdeling?jaar=${JAAR}&domein=jeugd`));
    const blok = page.locator('section', { has: page.getByRole('heading', { name: `Jeugd, gemeente ${gemeente}` }) });
    expect(await blok.getByRole('table').textContent()).to.include(ontvanger.agb).and.include(gever.agb);
    const naCel = await blok.locator('tr', { hasText: ontvanger.agb }).locator('td').nth(4).textContent();
    const overdrachten = await blok.locator('ul.overdrachten li').count();
    expect(overdrachten).to.be.above(0);
    await keur('herverdeling');
    await blok.getByLabel('Reden').fill('herverdeling na het kwartaaloverleg');
    await blok.getByRole('button', { name: 'Voorstel aanvaarden' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').first().textContent()).to.match(/Het voorstel is aanvaard: \d+ herverdeling/);
    const [{ n }] = await sqlRijen<{ n: number }>(w.db.dataSource, `SELECT count(*)::int AS n FROM plafond_herverdeling WHERE voorstel LIKE $1`, [`${JAAR}|JW||${gemeente}|%`]);
    expect(n).to.equal(overdrachten);
    const [p] = await sqlRijen<{ bedrag: string }>(w.db.dataSource,
      `SELECT p.bedrag_cents::text AS bedrag FROM budgetplafond p JOIN aanbieder a ON a.id = p.aanbieder_id WHERE p.jaar = $1 AND p.domein = 'JW' AND a.agb_code = $2 AND p.gemeente_code = $3 AND p.budgetlijn_id IS NULL`,
      [JAAR, ontvanger.agb, gemeente]);
    expect(naCel!.replace(/[^\d]/g, '')).to.equal(p.bedrag);
  });

  it('decides a verzoek from the werkvoorraad: the 319 goes out, the item leaves the list, the decision is audited', async () => {
    await meldAan(w.logins.backoffice);
    await page.getByRole('link', { name: 'Werkvoorraad' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).to.equal('/werkvoorraad');
    await page.goto(url('/werkvoorraad?soort=verzoek'));
    await keur('werkvoorraad-verzoeken');
    const rij = page.locator('tbody tr', { has: page.locator('summary', { hasText: 'Beantwoorden' }) }).first();
    expect(await rij.count(), 'minstens één open verzoek in de testregio').to.equal(1);
    const actie = (await rij.locator('form').getAttribute('action'))!;
    const id = /\/werkvoorraad\/verzoeken\/(\d+)$/.exec(actie)![1];
    await rij.locator('summary').click();
    await rij.getByLabel('afwijzen').check();
    await rij.getByLabel('Reden van afwijzing').selectOption('2');
    const toelichting = `Budget van dit jaar is op (${Date.now()})`;
    await rij.getByLabel('Toelichting (in de audit trail)').fill(toelichting);
    await rij.getByRole('button', { name: 'Besluit versturen' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('status').textContent()).to.match(/verzoek is afgewezen/);
    expect(await page.locator(`form[action="/werkvoorraad/verzoeken/${id}"]`).count()).to.equal(0);
    const [audit] = await sqlRijen<{ actor: string; details: Record<string, unknown> }>(w.db.dataSource, `SELECT actor, details FROM audit_log WHERE details::text LIKE $1`, [`%${toelichting}%`]);
    expect(audit?.actor).to.equal(w.logins.backoffice.naam);
    // A second answer to the same verzoek is a conflict, shown as a page (never a 500).
    const token = (await page.locator('input[name="_csrf"]').first().getAttribute('value'))!;
    const nogmaals = await page.request.post(url(`/werkvoorraad/verzoeken/${id}`), { form: { _csrf: token, besluit: 'onderzoek', reden: 'nogmaals' }, maxRedirects: 0 });
    expect(nogmaals.status()).to.equal(409);
    await page.goto(url('/werkvoorraad'));
    expect(await page.locator('h2', { hasText: 'Binnen de termijn beantwoord' }).count()).to.equal(1);
    await keur('werkvoorraad');
  });

  it('refuses a gemeente user another gemeente, and shows it its own', async () => {
    await meldAan(w.logins.gemeente);
    await keur('dashboard-gemeente');
    await page.goto(url(`/gemeenten/${EIGEN_GEMEENTE}?jaar=${JAAR}`));
    expect(await page.locator('h1').textContent()).to.include('Zaanstad');
    await keur('gemeente-eigen');
    const antwoord = await page.goto(url(`/gemeenten/${ANDERE_GEMEENTE}?jaar=${JAAR}`));
    expect(antwoord!.status()).to.equal(403);
    expect(await page.locator('h1').textContent()).to.equal('Geen toegang');
    await keur('gemeente-geweigerd');
    const declaraties = await page.goto(url('/declaraties'));
    expect(declaraties!.status()).to.equal(403);
  });

  it('has no serious or critical axe-core violation on any other screen', async () => {
    await meldAan(w.logins.beheer);
    const schermen: [string, string][] = [
      ['aanbieders', `/aanbieders?jaar=${JAAR}`],
      ['aanbieder-beheer', `/aanbieders/${w.agb}?jaar=${JAAR}`],
      ['prestaties-beheer', `/aanbieders/${w.agb}/prestaties?jaar=${JAAR}&beslissing=afgewezen`],
      ['bronnen-ohw', `/aanbieders/${w.agb}/bronnen?jaar=${JAAR}&soort=ohw`],
      ['bronnen-toewijzingen', `/aanbieders/${w.agb}/bronnen?jaar=${JAAR}&soort=toewijzingen`],
      ['declaraties', '/declaraties'],
      ['declaraties-afgewezen', '/declaraties?afwijzing=ja'],
      ['declaratie', `/declaraties/${w.declaratieId}`],
      ['ohw', '/ohw'],
      ['gebruikers', '/beheer/gebruikers'],
      ['gemeente-regio', `/gemeenten/${ANDERE_GEMEENTE}?jaar=${JAAR}`],
      ['niet-gevonden', '/bestaat-niet'],
    ];
    for (const [naam, pad] of schermen) {
      await page.goto(url(pad));
      await keur(naam);
    }
    // The inbox explains each retourcode in words.
    await page.goto(url('/declaraties?afwijzing=ja'));
    const eerste = page.locator('tbody tr a').first();
    if ((await eerste.count()) > 0) {
      await eerste.click();
      await page.waitForLoadState('load');
      const codes = page.locator('ul.codes li');
      expect(await codes.count()).to.be.above(0);
      expect(await codes.first().textContent()).to.match(/^\s*\S{4} \S+/);
      await keur('declaratie-met-afwijzing');
    }
    expect(bekeken.size).to.be.at.least(20);
  });
});
