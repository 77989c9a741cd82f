import type { Request, RequestHandler, Response } from 'express';
import { endOfMonth, formatEuro, fromParts, GeenToegang, NietGevonden, parseEuro, vandaag, type Datum } from '@plafond/core';
import { ohwBronnen, procedures, standaardPeildatum, toewijzingBronnen, verzilvering } from '@plafond/bewaking';
import { gebruikers, sqlRijen } from '@plafond/db';
import { RETOURCODES } from '@plafond/istandaard';
import { beslisToegang, magBsnZien, route, type Methode } from '@plafond/toegang';
import { domeinCode, plafondsVoor, uitnuttingVoor, voorstellenJson, type VoorstelJson } from './api';
import type { UitnuttingRegel } from './cijfers';
import { peildatumVoor } from './bronnen';
import { uitnuttingGrafiek } from './grafiek';
import {
  datumTekst, euro, filters, h, metQuery, momentTekst, pagina, paginering, procent, signaalNaam, tabel, uitnuttingBadge, type Kolom, type Menu, type Veilig,
} from './html';
import { aanbiederNamen, declaratieOpId, declaraties, gemeenteNamen, laatsteJaar, ohwStatus, prestatiesVan, prestatiesVanDeclaratie } from './lezen';
import { aanvragerVan, csrfToken, gemeentenFilter, gebruikerVan, ingelogde } from './sessie';
import { Parameters, queryVan, type Omgeving } from './verzoek';

const DOMEIN_NAAM: Record<string, string> = { jeugd: 'Jeugd', wmo: 'Wmo', JW: 'Jeugd', WMO: 'Wmo' };
const cent = (e: string): bigint => parseEuro(e);

/** Renders a full page for the signed-in user: menu from the access table, CSRF token for the forms. */
export function toon(req: Request, res: Response, o: { titel: string; inhoud: Veilig; actief?: string; kruimels?: { href?: string; tekst: string }[]; status?: number; melding?: { soort: 'succes' | 'fout'; tekst: string } }): void {
  const g = gebruikerVan(res);
  const mag = (methode: Methode, pad: string) => (g ? beslisToegang(route('backoffice', methode, pad), aanvragerVan(g)).toegestaan : false);
  const menu: Menu[] = [
    { href: '/dashboard', tekst: 'Dashboard', zichtbaar: mag('GET', '/dashboard') },
    ...(g?.rol === 'gemeente' ? g.gemeenten.map((c) => ({ href: `/gemeenten/${c}`, tekst: `Gemeente ${c}`, zichtbaar: true })) : []),
    { href: '/signalen', tekst: 'Signalen', zichtbaar: mag('GET', '/signalen') },
    { href: '/aanbieders', tekst: 'Aanbieders', zichtbaar: mag('GET', '/aanbieders') },
    { href: '/werkvoorraad', tekst: 'Werkvoorraad', zichtbaar: mag('GET', '/werkvoorraad') },
    { href: '/declaraties', tekst: 'Declaraties', zichtbaar: mag('GET', '/declaraties') },
    { href: '/ohw', tekst: 'Onderhanden werk', zichtbaar: mag('GET', '/ohw') },
    { href: '/herverdeling', tekst: 'Herverdeling', zichtbaar: mag('GET', '/herverdeling') },
    { href: '/beheer/gebruikers', tekst: 'Gebruikers', zichtbaar: mag('GET', '/beheer/gebruikers') },
  ];
  res.status(o.status ?? 200).type('html').send(pagina({
    titel: o.titel, inhoud: o.inhoud, actief: o.actief, kruimels: o.kruimels, melding: o.melding, menu,
    gebruiker: g ? { naam: g.username, rol: g.rol, gemeenten: g.gemeenten } : undefined, csrf: g ? csrfToken(req) : undefined,
  }));
}

interface Totaal {
  domein: string;
  plafond: bigint;
  gebruikt: bigint;
  realisatie: bigint;
  ohw: bigint;
  verplichtingen: bigint;
  prognose: bigint;
  prognoses: Map<string, bigint>;
}

/** Sums rows per domein (exact cents). */
function perDomein(regels: UitnuttingRegel[]): Totaal[] {
  const m = new Map<string, Totaal>();
  for (const r of regels) {
    const t = m.get(r.domein) ?? { domein: r.domein, plafond: 0n, gebruikt: 0n, realisatie: 0n, ohw: 0n, verplichtingen: 0n, prognose: 0n, prognoses: new Map() };
    t.plafond += cent(r.plafond);
    t.realisatie += cent(r.realisatie);
    t.ohw += cent(r.onderhandenWerk);
    t.gebruikt += cent(r.realisatie) + cent(r.onderhandenWerk);
    t.verplichtingen += cent(r.verplichtingen);
    t.prognose += cent(r.prognose);
    for (const [k, v] of Object.entries(r.prognoses)) t.prognoses.set(k, (t.prognoses.get(k) ?? 0n) + cent(v));
    m.set(r.domein, t);
  }
  return [...m.values()].sort((a, b) => a.domein.localeCompare(b.domein));
}

const pctVan = (deel: bigint, geheel: bigint): string => (geheel === 0n ? '0.00' : ((Number((deel * 10000n) / geheel) / 100).toFixed(2)));

/** The rows a view sums: the aanbieder totals (gemeente null) for the region, or the gemeente rows of a gemeente user. */
function zichtbareRegels(regels: UitnuttingRegel[], filter: readonly string[] | null, gemeente?: string): UitnuttingRegel[] {
  if (gemeente) return regels.filter((r) => r.gemeente === gemeente);
  if (filter === null) return regels.filter((r) => r.gemeente === null);
  return regels.filter((r) => r.gemeente !== null && filter.includes(r.gemeente));
}

/** Cumulative realisatie + OHW per month and domein: the figures at each month end up to the peildatum. */
async function maandreeks(omg: Omgeving, filter: readonly string[] | null, jaar: number, peildatum: Datum, vraag: { gemeente?: string; agb?: string }): Promise<Map<string, (string | null)[]>> {
  const peilmaand = +peildatum.slice(5, 7);
  const uit = new Map<string, (string | null)[]>();
  const standen = await Promise.all(Array.from({ length: peilmaand }, (_, i) => {
    const einde = i + 1 === peilmaand ? peildatum : endOfMonth(fromParts(jaar, i + 1, 1));
    return uitnuttingVoor(omg, filter, { jaar, peildatum: einde, ...vraag });
  }));
  standen.forEach((u, i) => {
    for (const t of perDomein(zichtbareRegels(u.regels, filter, vraag.gemeente))) {
      const reeks = uit.get(t.domein) ?? Array.from({ length: 12 }, () => null);
      reeks[i] = formatEuro(t.gebruikt);
      uit.set(t.domein, reeks);
    }
  });
  return uit;
}

function domeinBlokken(totalen: Totaal[], reeksen: Map<string, (string | null)[]>, peildatum: Datum, links: { signalen: string }): Veilig {
  const peilmaand = +peildatum.slice(5, 7);
  return h`<div class="tegels">${totalen.map((t) => h`<section class="tegel" aria-labelledby="d-${t.domein}">
    <h2 id="d-${t.domein}">${DOMEIN_NAAM[t.domein]}</h2>
    <dl class="kerncijfers">
      <div><dt>Plafond</dt><dd>${euro(formatEuro(t.plafond))}</dd></div>
      <div><dt>Realisatie + OHW</dt><dd>${euro(formatEuro(t.gebruikt))}</dd></div>
      <div><dt>Uitnutting</dt><dd>${uitnuttingBadge(pctVan(t.gebruikt, t.plafond))}</dd></div>
      <div><dt>Prognose jaareinde</dt><dd>${euro(formatEuro(t.prognose))} <span class="klein">(${procent(pctVan(t.prognose, t.plafond))} van het plafond)</span></dd></div>
    </dl>
    ${uitnuttingGrafiek({ titel: DOMEIN_NAAM[t.domein], cumulatief: reeksen.get(t.domein) ?? [], plafond: formatEuro(t.plafond), prognoses: [...t.prognoses.values()].map(formatEuro), peilmaand })}
    <details><summary>Cijfers van de grafiek</summary>
      <table><caption>${DOMEIN_NAAM[t.domein]}: realisatie + OHW cumulatief per maand</caption><thead><tr><th scope="col">Maand</th><th scope="col" class="r">Realisatie + OHW</th></tr></thead>
      <tbody>${(reeksen.get(t.domein) ?? []).slice(0, peilmaand).map((v, i) => h`<tr><td>${['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'][i]}</td><td class="r">${euro(v)}</td></tr>`)}</tbody></table>
      <p>Prognoses jaareinde per methode: ${[...t.prognoses.entries()].map(([k, v]) => `${k} ${euro(formatEuro(v))}`).join('; ')}.</p>
    </details>
    <p><a href="${links.signalen}&amp;domein=${t.domein}">Signalen ${DOMEIN_NAAM[t.domein]}</a> · <a href="/aanbieders?domein=${t.domein}">Aanbieders ${DOMEIN_NAAM[t.domein]}</a></p>
  </section>`)}</div>`;
}

interface SignaalRegel {
  agb: string;
  naam: string;
  domein: string;
  gemeente: string | null;
  soort: string;
  toelichting: string;
  uitnutting: string | null;
  prognose: string;
  plafond: string;
}

function signalenUit(regels: UitnuttingRegel[], namen: Map<string, string>): SignaalRegel[] {
  const ernst = (s: string) => (s === 'overbesteding' ? 0 : s === 'drempel' || s === 'waarschuwing-70' ? 1 : 2);
  return regels
    .flatMap((r) => r.signalen.map((s) => ({ agb: r.agb, naam: namen.get(r.agb) ?? r.agb, domein: r.domein, gemeente: r.gemeente, soort: s.soort, toelichting: s.toelichting, uitnutting: r.uitnutting, prognose: r.prognose, plafond: r.plafond })))
    .sort((a, b) => ernst(a.soort) - ernst(b.soort) || Number(b.uitnutting ?? 0) - Number(a.uitnutting ?? 0));
}

function bronLink(jaar: number, s: { agb: string; domein: string; gemeente: string | null }, soort: 'ohw' | 'toewijzingen'): string {
  return metQuery(`/aanbieders/${s.agb}/bronnen`, {}, { jaar, soort, domein: s.domein, gemeente: s.gemeente ?? undefined });
}

function prestatieLink(jaar: number, s: { agb: string; domein: string; gemeente: string | null }): string {
  return metQuery(`/aanbieders/${s.agb}/prestaties`, {}, { jaar, domein: s.domein, gemeente: s.gemeente ?? undefined });
}

function signaalTabel(rijen: SignaalRegel[], jaar: number, pad: string, query: Record<string, string | undefined>, bijschrift: string): Veilig {
  return tabel({
    bijschrift, pad, query, leeg: 'Geen signalen.',
    kolommen: [
      { kop: 'Signaal', cel: (s) => h`<span class="signaal ${s.soort}">${signaalNaam(s.soort)}</span>` },
      { kop: 'Aanbieder', cel: (s) => h`<a href="/aanbieders/${s.agb}?jaar=${jaar}">${s.naam}</a> <span class="klein">${s.agb}</span>` },
      { kop: 'Domein', cel: (s) => DOMEIN_NAAM[s.domein] },
      { kop: 'Gemeente', cel: (s) => s.gemeente ?? 'alle' },
      { kop: 'Toelichting', cel: (s) => s.toelichting },
      { kop: 'Uitnutting', rechts: true, cel: (s) => uitnuttingBadge(s.uitnutting) },
      { kop: 'Bron', cel: (s) => h`<a href="${prestatieLink(jaar, s)}">prestaties<span class="sr"> van ${s.naam}, ${DOMEIN_NAAM[s.domein]}</span></a>` },
    ],
    regels: rijen,
  });
}

function retourcodeTekst(codes: string[]): Veilig {
  if (codes.length === 0) return h`<span class="klein">—</span>`;
  return h`<ul class="codes">${codes.map((c) => h`<li><abbr title="${RETOURCODES[c] ?? 'onbekende retourcode'}">${c}</abbr> ${RETOURCODES[c] ?? 'onbekende retourcode'}</li>`)}</ul>`;
}

const BESLISSING_TEKST: Record<string, string> = { toegekend: '✓ toegekend', afgewezen: '✗ afgewezen', aangehouden: '⏸ aangehouden' };

async function standaardJaar(omg: Omgeving, p: Parameters): Promise<number> {
  const j = p.jaar(await laatsteJaar(omg.ds));
  p.controleer();
  return j;
}

/** The page handlers, by route name of the access table. */
export function paginaHandlers(omg: Omgeving): Record<string, RequestHandler> {
  return {
    'backoffice.start': (_req, res) => {
      res.redirect(303, gebruikerVan(res) ? '/dashboard' : '/inloggen');
    },

    'backoffice.aanmelden': (req, res) => {
      if (gebruikerVan(res)) {
        res.redirect(303, '/dashboard');
        return;
      }
      toon(req, res, { titel: 'Aanmelden', inhoud: aanmeldFormulier(req, typeof req.query.terug === 'string' ? req.query.terug : '') });
    },

    'backoffice.dashboard': async (req, res) => {
      const p = new Parameters(req);
      const jaar = await standaardJaar(omg, p);
      const filter = gemeentenFilter(res);
      const u = await uitnuttingVoor(omg, filter, { jaar });
      const regels = zichtbareRegels(u.regels, filter);
      const [reeksen, namen, gemeenten] = await Promise.all([maandreeks(omg, filter, jaar, u.peildatum, {}), aanbiederNamen(omg.ds), gemeenteNamen(omg.ds)]);
      const signalen = signalenUit(regels, namen);
      const perGemeente = new Map<string, UitnuttingRegel[]>();
      for (const r of u.regels) if (r.gemeente !== null && (filter === null || filter.includes(r.gemeente))) perGemeente.set(r.gemeente, [...(perGemeente.get(r.gemeente) ?? []), r]);
      const gemeenteRijen = [...perGemeente.entries()].map(([c, rr]) => ({ c, naam: gemeenten.get(c) ?? c, t: perDomein(rr) }));
      toon(req, res, {
        titel: filter === null ? `Dashboard ${jaar}` : `Dashboard ${jaar} — ${filter.map((c) => gemeenten.get(c) ?? c).join(', ')}`, actief: '/dashboard',
        inhoud: h`<p class="peil">Stand per <strong>${datumTekst(u.peildatum)}</strong>. ${filter === null ? 'Alle aanbieders en gemeenten van de regio.' : 'Alleen de cijfers van uw gemeente.'}</p>
${regels.length === 0 ? h`<p class="leeg">Nog geen cijfers voor ${jaar}.</p>` : domeinBlokken(perDomein(regels), reeksen, u.peildatum, { signalen: `/signalen?jaar=${jaar}` })}
<section aria-labelledby="top-signalen"><h2 id="top-signalen">Belangrijkste signalen</h2>
${signaalTabel(signalen.slice(0, 10), jaar, '/dashboard', queryVan(req), `De ${Math.min(10, signalen.length)} zwaarste van ${signalen.length} signalen`)}
<p><a href="/signalen?jaar=${jaar}">Alle signalen</a></p></section>
<section aria-labelledby="per-gemeente"><h2 id="per-gemeente">Per gemeente</h2>
${tabel({
  bijschrift: 'Uitnutting per gemeente en domein', pad: '/dashboard', query: queryVan(req), leeg: 'Geen gemeentecijfers.',
  kolommen: [
    { kop: 'Gemeente', cel: (g) => h`<a href="/gemeenten/${g.c}?jaar=${jaar}">${g.naam}</a> <span class="klein">${g.c}</span>` },
    ...['jeugd', 'wmo'].map((d) => ({ kop: `${DOMEIN_NAAM[d]}: realisatie + OHW`, rechts: true, cel: (g: typeof gemeenteRijen[number]) => { const t = g.t.find((x) => x.domein === d); return t ? euro(formatEuro(t.gebruikt)) : '—'; } })),
  ],
  regels: gemeenteRijen,
})}</section>
${omg.rapporten.regio && filter === null ? h`<p><a class="knop-licht" href="/rapporten/regio?jaar=${jaar}" download>Regio-overzicht ${jaar} (Excel)</a></p>` : ''}`,
      });
    },

    'backoffice.gemeente': async (req, res) => {
      const cbs = req.params.cbs as string;
      const namen = await gemeenteNamen(omg.ds);
      if (!/^\d{4}$/.test(cbs) || !namen.has(cbs)) throw new NietGevonden(`gemeente ${cbs} niet gevonden`);
      const p = new Parameters(req);
      const jaar = await standaardJaar(omg, p);
      const filter = gemeentenFilter(res);
      const u = await uitnuttingVoor(omg, filter, { jaar, gemeente: cbs });
      const regels = u.regels.filter((r) => r.gemeente === cbs);
      const [reeksen, anamen] = await Promise.all([maandreeks(omg, filter, jaar, u.peildatum, { gemeente: cbs }), aanbiederNamen(omg.ds)]);
      toon(req, res, {
        titel: `${namen.get(cbs)} ${jaar}`, actief: `/gemeenten/${cbs}`, kruimels: [{ href: '/dashboard', tekst: 'Dashboard' }, { tekst: namen.get(cbs)! }],
        inhoud: h`<p class="peil">Stand per <strong>${datumTekst(u.peildatum)}</strong>. Alleen prestaties en plafonds van gemeente ${namen.get(cbs)} (${cbs}).</p>
${regels.length === 0 ? h`<p class="leeg">Nog geen cijfers voor deze gemeente in ${jaar}.</p>` : domeinBlokken(perDomein(regels), reeksen, u.peildatum, { signalen: `/signalen?jaar=${jaar}&amp;gemeente=${cbs}` })}
<section aria-labelledby="g-aanbieders"><h2 id="g-aanbieders">Aanbieders in ${namen.get(cbs)}</h2>
${uitnuttingTabel(regels, anamen, jaar, `/gemeenten/${cbs}`, queryVan(req), `Uitnutting per aanbieder in ${namen.get(cbs)}`)}</section>
${omg.rapporten.gemeente ? h`<p><a class="knop-licht" href="/rapporten/gemeente?jaar=${jaar}&amp;gemeente=${cbs}" download>Uitnutting ${namen.get(cbs)} ${jaar} (Excel)</a></p>` : ''}`,
      });
    },

    'backoffice.signalen': async (req, res) => {
      const p = new Parameters(req);
      const gemeente = p.gemeente();
      const soort = p.vrij('soort');
      const domein = p.keuze('domein', ['jeugd', 'wmo'] as const);
      const { pagina: nr, perPagina } = p.pagina(25);
      const jaar = await standaardJaar(omg, p);
      const filter = gemeentenFilter(res);
      const u = await uitnuttingVoor(omg, filter, { jaar, gemeente });
      const alle = signalenUit(zichtbareRegels(u.regels, filter, gemeente), await aanbiederNamen(omg.ds));
      const gefilterd = alle.filter((s) => (!soort || s.soort === soort) && (!domein || s.domein === domein));
      const soorten = [...new Set(alle.map((s) => s.soort))].sort();
      toon(req, res, {
        titel: `Signalen ${jaar}`, actief: '/signalen',
        inhoud: h`<p class="peil">Stand per <strong>${datumTekst(u.peildatum)}</strong>. Elk signaal met de cijfers die het veroorzaakten; volg “prestaties” naar de bronregels.</p>
${filters('/signalen', [
  { naam: 'soort', label: 'Soort', waarde: soort, keuzes: soorten.map((s) => ({ waarde: s, tekst: signaalNaam(s) })) },
  { naam: 'domein', label: 'Domein', waarde: domein, keuzes: [{ waarde: 'jeugd', tekst: 'Jeugd' }, { waarde: 'wmo', tekst: 'Wmo' }] },
  { naam: 'gemeente', label: 'Gemeente (CBS)', waarde: gemeente },
], { jaar: String(jaar) })}
${signaalTabel(gefilterd.slice((nr - 1) * perPagina, nr * perPagina), jaar, '/signalen', queryVan(req), 'Signalen, zwaarste eerst')}
${paginering('/signalen', queryVan(req), { totaal: gefilterd.length, pagina: nr, perPagina })}`,
      });
    },

    'backoffice.herverdeling': async (req, res) => {
      const g = ingelogde(res);
      const p = new Parameters(req);
      const jaar = p.jaar(await laatsteJaar(omg.ds));
      const domein = p.keuze('domein', ['jeugd', 'wmo'] as const);
      const budgetlijn = p.budgetlijn();
      const gevraagd = p.peildatum();
      p.controleer();
      const peildatum = await peildatumVoor(omg.ds, jaar, gevraagd);
      const [voorstellen, namen, lijnen] = await Promise.all([
        voorstellenJson(omg.ds, { jaar, peildatum, ...(domein ? { domein: domeinCode(domein)! } : {}), ...(budgetlijn ? { budgetlijn } : {}) }),
        aanbiederNamen(omg.ds),
        sqlRijen<{ code: string; naam: string }>(omg.ds, 'SELECT code, naam FROM budgetlijn WHERE jaar = $1 ORDER BY code', [jaar]),
      ]);
      const magAanvaarden = beslisToegang(route('backoffice', 'POST', '/herverdeling'), aanvragerVan(g)).toegestaan;
      const aantal = Number(req.query.vastgelegd);
      const melding = Number.isInteger(aantal) && aantal > 0 ? { soort: 'succes' as const, tekst: `Het voorstel is aanvaard: ${aantal} herverdeling${aantal === 1 ? '' : 'en'} vastgelegd, elk met twee gekoppelde mutaties in de plafondhistorie.` } : undefined;
      toon(req, res, {
        titel: `Herverdelingsvoorstel ${jaar}`, actief: '/herverdeling', melding,
        inhoud: h`<p class="peil">Stand per <strong>${datumTekst(peildatum)}</strong>${budgetlijn ? h`, budgetlijn <strong>${budgetlijn}</strong>` : ' (plafonds over alle budgetlijnen)'}. Ruimte van aanbieders waarvan de prognose onder 85% van het plafond blijft gaat naar aanbieders waarvan de prognose boven het plafond komt; een gever houdt zijn prognose plus 10% als plafond.</p>
${filters('/herverdeling', [
  { naam: 'domein', label: 'Domein', waarde: domein, keuzes: [{ waarde: 'jeugd', tekst: 'Jeugd' }, { waarde: 'wmo', tekst: 'Wmo' }] },
  ...(lijnen.length ? [{ naam: 'budgetlijn', label: 'Budgetlijn', waarde: budgetlijn, keuzes: lijnen.map((l) => ({ waarde: l.code, tekst: `${l.code} — ${l.naam}` })) }] : []),
  { naam: 'peildatum', label: 'Peildatum', waarde: gevraagd },
], { jaar: String(jaar) })}
${voorstellen.length === 0
    ? h`<p class="leeg">Geen herverdelingsvoorstel op ${datumTekst(peildatum)}: geen aanbieder op weg naar overbesteding met ruimte bij een ander met een plafond in dezelfde scope.</p>`
    : voorstellen.map((v, i) => voorstelBlok(req, v, i, peildatum, namen, magAanvaarden))}`,
      });
    },

    'backoffice.aanbieders': async (req, res) => {
      const p = new Parameters(req);
      const domein = p.keuze('domein', ['jeugd', 'wmo'] as const);
      const zoek = p.vrij('zoek');
      const sorteer = p.keuze('sorteer', ['naam', 'uitnutting', 'plafond', 'prognose'] as const) ?? 'uitnutting';
      const aflopend = (p.keuze('richting', ['op', 'af'] as const) ?? (sorteer === 'naam' ? 'op' : 'af')) === 'af';
      const { pagina: nr, perPagina } = p.pagina(25);
      const jaar = await standaardJaar(omg, p);
      const filter = gemeentenFilter(res);
      const u = await uitnuttingVoor(omg, filter, { jaar });
      const namen = await aanbiederNamen(omg.ds);
      const regels = zichtbareRegels(u.regels, filter)
        .filter((r) => (!domein || r.domein === domein) && (!zoek || (namen.get(r.agb) ?? '').toLowerCase().includes(zoek.toLowerCase()) || r.agb.includes(zoek)));
      const sleutel = (r: UitnuttingRegel): string | number => (sorteer === 'naam' ? namen.get(r.agb) ?? r.agb : sorteer === 'uitnutting' ? Number(r.uitnutting ?? -1) : Number(cent(sorteer === 'plafond' ? r.plafond : r.prognose)));
      regels.sort((a, b) => { const x = sleutel(a), y = sleutel(b); const c = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number); return aflopend ? -c : c; });
      toon(req, res, {
        titel: `Aanbieders ${jaar}`, actief: '/aanbieders',
        inhoud: h`<p class="peil">Stand per <strong>${datumTekst(u.peildatum)}</strong>.${filter === null ? '' : ' Alleen de cijfers van uw gemeente.'}</p>
${filters('/aanbieders', [
  { naam: 'zoek', label: 'Naam of AGB-code', waarde: zoek },
  { naam: 'domein', label: 'Domein', waarde: domein, keuzes: [{ waarde: 'jeugd', tekst: 'Jeugd' }, { waarde: 'wmo', tekst: 'Wmo' }] },
], { jaar: String(jaar) })}
${uitnuttingTabel(regels.slice((nr - 1) * perPagina, nr * perPagina), namen, jaar, '/aanbieders', queryVan(req), 'Uitnutting per aanbieder', sorteer, aflopend)}
${paginering('/aanbieders', queryVan(req), { totaal: regels.length, pagina: nr, perPagina })}`,
      });
    },

    'backoffice.aanbieder': async (req, res) => {
      const g = ingelogde(res);
      const agb = req.params.agb as string;
      const namen = await aanbiederNamen(omg.ds);
      if (!/^\d{8}$/.test(agb) || !namen.has(agb)) throw new NietGevonden(`aanbieder ${agb} niet gevonden`);
      const naam = namen.get(agb)!;
      const p = new Parameters(req);
      const jaar = await standaardJaar(omg, p);
      const filter = gemeentenFilter(res);
      const u = await uitnuttingVoor(omg, filter, { jaar, agb });
      const eigen = u.regels.filter((r) => r.agb === agb);
      const totaal = zichtbareRegels(eigen, filter);
      const perGemeente = filter === null ? eigen.filter((r) => r.gemeente !== null) : [];
      const methoden = [...new Set(totaal.flatMap((r) => Object.keys(r.prognoses)))];
      const reeksen = await maandreeks(omg, filter, jaar, u.peildatum, { agb });
      const plafonds = await plafondsVoor(omg.ds, filter, jaar, agb);
      const historie = plafonds.flatMap((x) => x.mutaties.map((m) => ({ ...m, plafond: x }))).sort((a, b) => b.vastgelegdOp.getTime() - a.vastgelegdOp.getTime());
      const zonderGemeente = filter === null;
      const [procs, verz] = zonderGemeente
        ? await Promise.all([procedures(omg.ds, { jaar, agbCode: agb, peildatum: u.peildatum }), verzilvering(omg.ds, { jaar, agbCode: agb, peildatum: u.peildatum })])
        : [[], []];
      const magStap = beslisToegang(route('backoffice', 'POST', '/aanbieders/:agb/bestedingsruimte'), aanvragerVan(g)).toegestaan;
      const producten = await sqlRijen<{ domein: string; productcategorie: string; productcode: string | null; n: number; ingediend: string; toegekend: string; afgewezen: number }>(
        omg.ds,
        `SELECT p.domein, p.productcategorie, p.productcode, count(*)::int AS n, sum(p.ingediend_cents)::text AS ingediend,
                coalesce(sum(p.toegekend_cents) FILTER (WHERE p.beslissing = 'toegekend'), 0)::text AS toegekend,
                count(*) FILTER (WHERE p.beslissing = 'afgewezen')::int AS afgewezen
           FROM prestatie p JOIN aanbieder a ON a.id = p.aanbieder_id
          WHERE a.agb_code = $1 AND p.periode_begin >= make_date($2, 1, 1) AND p.periode_begin < make_date($2 + 1, 1, 1)
            AND ($3::text[] IS NULL OR p.gemeente_code = ANY($3::text[]))
          GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
        [agb, jaar, filter],
      );
      const magMuteren = beslisToegang(route('backoffice', 'POST', '/aanbieders/:agb/plafondmutatie'), aanvragerVan(g)).toegestaan;
      const melding = req.query.vastgelegd === '1' ? { soort: 'succes' as const, tekst: 'De plafondmutatie is vastgelegd en staat in de historie.' }
        : req.query.stap === '1' ? { soort: 'succes' as const, tekst: 'De stap van de bestedingsruimteprocedure is vastgelegd.' } : undefined;
      toon(req, res, {
        titel: naam, actief: '/aanbieders', melding, kruimels: [{ href: '/aanbieders', tekst: 'Aanbieders' }, { tekst: naam }],
        inhoud: h`<p class="peil">AGB-code ${agb} · stand per <strong>${datumTekst(u.peildatum)}</strong>.${filter === null ? '' : ' Alleen de cijfers van uw gemeente.'}</p>
${totaal.length === 0 ? h`<p class="leeg">Geen cijfers voor ${jaar}.</p>` : domeinBlokken(perDomein(totaal), reeksen, u.peildatum, { signalen: `/signalen?jaar=${jaar}` })}
<section aria-labelledby="a-prognoses"><h2 id="a-prognoses">Prognosemethoden naast elkaar</h2>
${tabel({
  bijschrift: 'Prognose jaareinde per methode; de gekozen methode is vet, met de reden in de toelichting', pad: `/aanbieders/${agb}`, query: queryVan(req), leeg: 'Geen cijfers.',
  kolommen: [
    { kop: 'Domein', cel: (r) => DOMEIN_NAAM[r.domein] },
    { kop: 'Gemeente', cel: (r) => r.gemeente ?? 'alle' },
    { kop: 'Plafond', rechts: true, cel: (r) => euro(r.plafond) },
    { kop: 'Realisatie', rechts: true, cel: (r) => h`<a href="${prestatieLink(jaar, r)}">${euro(r.realisatie)}<span class="sr"> — bekijk de prestaties</span></a>` },
    { kop: 'OHW', rechts: true, cel: (r) => h`<a href="${bronLink(jaar, r, 'ohw')}">${euro(r.onderhandenWerk)}<span class="sr"> — bekijk de OHW-regels</span></a>` },
    { kop: 'Verplichtingen', rechts: true, cel: (r) => h`<a href="${bronLink(jaar, r, 'toewijzingen')}">${euro(r.verplichtingen)}<span class="sr"> — bekijk de toewijzingen</span></a>` },
    ...methoden.map((m) => ({ kop: m, rechts: true, cel: (r: UitnuttingRegel) => (r.prognoses[m] === undefined ? '—' : m === r.prognoseMethode ? h`<strong>${euro(r.prognoses[m])}<span class="sr"> (gekozen)</span></strong>` : euro(r.prognoses[m])) })),
    { kop: 'Verwachte uitputting', cel: (r) => datumTekst(r.verwachteUitputting) },
    { kop: 'Uitnutting', rechts: true, cel: (r) => uitnuttingBadge(r.uitnutting) },
  ],
  regels: totaal,
})}</section>
<section aria-labelledby="a-signalen"><h2 id="a-signalen">Signalen</h2>
${signaalTabel(signalenUit(totaal, namen), jaar, `/aanbieders/${agb}`, queryVan(req), `Signalen van ${naam}`)}</section>
${perGemeente.length ? h`<section aria-labelledby="a-gemeenten"><h2 id="a-gemeenten">Per gemeente</h2>
${uitnuttingTabel(perGemeente, namen, jaar, `/aanbieders/${agb}`, queryVan(req), `Uitnutting van ${naam} per gemeente`, undefined, undefined, true)}</section>` : ''}
<section aria-labelledby="a-producten"><h2 id="a-producten">Producten ${jaar}</h2>
${tabel({
  bijschrift: 'Prestaties per product', pad: `/aanbieders/${agb}`, query: queryVan(req), leeg: 'Geen prestaties.',
  kolommen: [
    { kop: 'Domein', cel: (r) => DOMEIN_NAAM[r.domein] },
    { kop: 'Product', cel: (r) => `${r.productcategorie}${r.productcode ? ` / ${r.productcode}` : ''}` },
    { kop: 'Prestaties', rechts: true, cel: (r) => h`<a href="${metQuery(`/aanbieders/${agb}/prestaties`, {}, { jaar, domein: r.domein === 'JW' ? 'jeugd' : 'wmo' })}">${r.n}</a>` },
    { kop: 'Ingediend', rechts: true, cel: (r) => euro(formatEuro(BigInt(r.ingediend))) },
    { kop: 'Toegekend', rechts: true, cel: (r) => euro(formatEuro(BigInt(r.toegekend))) },
    { kop: 'Afgewezen', rechts: true, cel: (r) => h`<a href="${metQuery(`/aanbieders/${agb}/prestaties`, {}, { jaar, beslissing: 'afgewezen' })}">${r.afgewezen}</a>` },
  ],
  regels: producten,
})}</section>
<section aria-labelledby="a-historie"><h2 id="a-historie">Plafondhistorie</h2>
${tabel({
  bijschrift: 'Mutaties van de budgetplafonds, nieuwste eerst', pad: `/aanbieders/${agb}`, query: queryVan(req), leeg: 'Geen plafonds voor dit jaar.',
  kolommen: [
    { kop: 'Datum', cel: (m) => datumTekst(m.datum) },
    { kop: 'Plafond', cel: (m) => `${DOMEIN_NAAM[m.plafond.domein]}, ${m.plafond.gemeenteCode ?? 'alle gemeenten'}` },
    { kop: 'Oud', rechts: true, cel: (m) => (m.oud === null ? '—' : euro(formatEuro(m.oud))) },
    { kop: 'Nieuw', rechts: true, cel: (m) => euro(formatEuro(m.nieuw)) },
    { kop: 'Mutatie', rechts: true, cel: (m) => (m.oud === null ? 'vastgesteld' : euro(formatEuro(m.mutatie))) },
    { kop: 'Reden', cel: (m) => (m.herverdeling ? h`${m.reden} <span class="klein">(herverdeling ${m.mutatie < 0n ? 'naar' : 'van'} ${m.herverdeling.tegenpartij.agbCode}${m.herverdeling.tegenpartij.gemeenteCode ? `, ${m.herverdeling.tegenpartij.gemeenteCode}` : ''})</span>` : m.reden) },
    { kop: 'Door', cel: (m) => m.door },
    { kop: 'Vastgelegd', cel: (m) => momentTekst(m.vastgelegdOp) },
  ],
  regels: historie,
})}</section>
${magMuteren && plafonds.length ? mutatieFormulier(req, agb, jaar, plafonds.map((x) => ({ domein: x.domein, gemeente: x.gemeenteCode, bedrag: x.bedrag }))) : ''}
${zonderGemeente ? h`<section aria-labelledby="a-verzilvering"><h2 id="a-verzilvering">Verzilvering</h2>
${tabel({
  bijschrift: 'Gedeclareerd tegen toegewezen over de afgelopen maanden, per productcategorie', pad: `/aanbieders/${agb}`, query: queryVan(req), leeg: 'Nog geen afgelopen maanden met toewijzingen.',
  kolommen: [
    { kop: 'Domein', cel: (v) => DOMEIN_NAAM[v.domein] },
    { kop: 'Productcategorie', cel: (v) => v.productcategorie },
    { kop: 'Gedeclareerd', rechts: true, cel: (v) => h`<a href="${metQuery(`/aanbieders/${agb}/prestaties`, {}, { jaar, domein: v.domein === 'JW' ? 'jeugd' : 'wmo' })}">${euro(formatEuro(v.gedeclareerd))}</a>` },
    { kop: 'Toegewezen', rechts: true, cel: (v) => euro(formatEuro(v.toegewezen)) },
    { kop: 'Verzilvering', rechts: true, cel: (v) => (v.percentage === null ? '—' : procent(v.percentage)) },
  ],
  regels: verz,
})}</section>
<section aria-labelledby="a-bestedingsruimte"><h2 id="a-bestedingsruimte">Bestedingsruimte</h2>
${procs.length === 0 ? h`<p class="leeg">Geen bestedingsruimteprocedure in ${jaar}.</p>` : procs.map((pr) => h`<div class="tegel procedure">
  <h3>${DOMEIN_NAAM[pr.domein]}: geopend op ${datumTekst(pr.geopendOp)} na signaal ${signaalNaam(pr.signaal)}</h3>
  <p>${pr.toelichting}</p>
  <ol class="stappen">${pr.stappen.map((st) => h`<li class="${st.gezet ? 'gezet' : st.teLaat ? 'te-laat' : 'open'}"><strong>${STAP_NAAM[st.stap]}</strong>: ${st.gezet
    ? h`<span aria-hidden="true">✓</span> ${datumTekst(st.gezet.datum)} door ${st.gezet.door} — ${st.gezet.notitie}`
    : h`${st.teLaat ? h`<span class="badge hoog">✗ te laat</span> ` : ''}${st.uiterlijk ? `uiterlijk ${datumTekst(st.uiterlijk)}` : 'na de vorige stap'}`}</li>`)}</ol>
  ${pr.stappen.some((st) => st.stap === 'waarschuwing' && st.gezet) ? h`<p><a class="knop-licht" href="/aanbieders/${agb}/bestedingsruimte/brief?jaar=${jaar}&amp;domein=${pr.domein === 'JW' ? 'jeugd' : 'wmo'}" download>Schriftelijke waarschuwing (PDF)</a></p>` : ''}
  ${magStap && !pr.afgerond ? stapFormulier(req, agb, jaar, pr.domein, pr.stappen.find((st) => !st.gezet)?.stap ?? 'besluit') : ''}
</div>`)}</section>` : ''}
${omg.rapporten.contractmanager && filter === null ? h`<p><a class="knop-licht" href="/rapporten/contractmanager?jaar=${jaar}&amp;agb=${agb}" download>Voortgangsgesprek ${jaar} (Excel)</a></p>` : ''}`,
      });
    },

    'backoffice.aanbieder-prestaties': async (req, res) => {
      const g = ingelogde(res);
      const agb = req.params.agb as string;
      const namen = await aanbiederNamen(omg.ds);
      if (!/^\d{8}$/.test(agb) || !namen.has(agb)) throw new NietGevonden(`aanbieder ${agb} niet gevonden`);
      const p = new Parameters(req);
      const maand = p.maand();
      const gemeente = p.gemeente();
      const beslissing = p.keuze('beslissing', ['toegekend', 'afgewezen', 'aangehouden'] as const);
      const domein = p.keuze('domein', ['jeugd', 'wmo'] as const);
      const sorteer = p.keuze('sorteer', ['periode', 'bedrag', 'referentie', 'declaratie'] as const) ?? 'periode';
      const aflopend = p.keuze('richting', ['op', 'af'] as const) === 'af';
      const pag = p.pagina(50);
      const jaar = await standaardJaar(omg, p);
      const bsn = magBsnZien(g.rol);
      const l = await prestatiesVan(omg.ds, {
        agb, jaar, maand, gemeente, gemeenten: gemeentenFilter(res), beslissing, domein: domeinCode(domein), sorteer, aflopend, ...pag, metBsn: bsn, pseudoniemSleutel: omg.pseudoniemSleutel,
      });
      const pad = `/aanbieders/${agb}/prestaties`;
      toon(req, res, {
        titel: `Prestaties ${namen.get(agb)}`, actief: '/aanbieders',
        kruimels: [{ href: '/aanbieders', tekst: 'Aanbieders' }, { href: `/aanbieders/${agb}?jaar=${jaar}`, tekst: namen.get(agb)! }, { tekst: 'Prestaties' }],
        inhoud: h`<p class="peil">De bronregels achter de cijfers: prestaties ${jaar}${maand ? `, maand ${maand}` : ''}${gemeente ? `, gemeente ${gemeente}` : ''}, naar de maand van hun ProductPeriode.${bsn ? '' : ' Cliënten staan er als pseudoniem, niet met BSN.'}</p>
${filters(pad, [
  { naam: 'maand', label: 'Maand', waarde: maand ? String(maand) : undefined, keuzes: Array.from({ length: 12 }, (_, i) => ({ waarde: String(i + 1), tekst: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'][i] })) },
  { naam: 'domein', label: 'Domein', waarde: domein, keuzes: [{ waarde: 'jeugd', tekst: 'Jeugd' }, { waarde: 'wmo', tekst: 'Wmo' }] },
  { naam: 'beslissing', label: 'Beslissing', waarde: beslissing, keuzes: [{ waarde: 'toegekend', tekst: 'toegekend' }, { waarde: 'afgewezen', tekst: 'afgewezen' }, { waarde: 'aangehouden', tekst: 'aangehouden' }] },
  { naam: 'gemeente', label: 'Gemeente (CBS)', waarde: gemeente },
], { jaar: String(jaar) })}
${tabel({
  bijschrift: `Prestaties (${l.totaal})`, pad, query: queryVan(req), sorteer, aflopend,
  kolommen: [
    { kop: 'Declaratie', sorteer: 'declaratie', cel: (r) => (bsn ? h`<a href="/declaraties/${r.declaratieId}">${r.declaratie}</a>` : r.declaratie) },
    { kop: 'ReferentieNummer', sorteer: 'referentie', cel: (r) => r.referentieNummer },
    { kop: bsn ? 'BSN' : 'Cliënt (pseudoniem)', cel: (r) => (bsn ? r.bsn ?? '—' : r.client ?? '—') },
    { kop: 'Gemeente', cel: (r) => r.gemeente },
    { kop: 'Periode', sorteer: 'periode', cel: (r) => `${r.periode.begin} t/m ${r.periode.eind}` },
    { kop: 'Product', cel: (r) => `${r.product.categorie}${r.product.code ? ` / ${r.product.code}` : ''}` },
    { kop: 'Volume', rechts: true, cel: (r) => `${r.volume} (${r.eenheid})` },
    { kop: 'Ingediend', rechts: true, sorteer: 'bedrag', cel: (r) => `${r.debetCredit === 'C' ? 'credit ' : ''}${euro(r.ingediend)}` },
    { kop: 'Toegekend', rechts: true, cel: (r) => euro(r.toegekend) },
    { kop: 'Beslissing', cel: (r) => (r.beslissing ? BESLISSING_TEKST[r.beslissing] ?? r.beslissing : 'open') },
    { kop: 'Retourcodes', cel: (r) => retourcodeTekst(r.retourcodes.filter((c) => c !== '0200')) },
  ],
  regels: l.regels,
  leeg: 'Geen prestaties met deze filters.',
})}
${paginering(pad, queryVan(req), l)}`,
      });
    },

    'backoffice.aanbieder-bronnen': async (req, res) => {
      const agb = req.params.agb as string;
      const namen = await aanbiederNamen(omg.ds);
      if (!/^\d{8}$/.test(agb) || !namen.has(agb)) throw new NietGevonden(`aanbieder ${agb} niet gevonden`);
      const p = new Parameters(req);
      const soort = p.keuze('soort', ['ohw', 'toewijzingen'] as const) ?? 'ohw';
      const domein = p.keuze('domein', ['jeugd', 'wmo'] as const) ?? 'jeugd';
      const gemeente = p.gemeente();
      const maand = p.maand();
      const jaar = await standaardJaar(omg, p);
      const filter = gemeentenFilter(res);
      // A gemeente user asks per own gemeente: the rows never include another gemeente's.
      const gemeenten: (string | undefined)[] = gemeente ? [gemeente] : filter ? [...filter] : [undefined];
      const vraag = (g: string | undefined) => ({ jaar, agbCode: agb, domein: domeinCode(domein)!, gemeente: g, maand, limiet: 1000 });
      const pad = `/aanbieders/${agb}/bronnen`;
      const kruimels = [{ href: '/aanbieders', tekst: 'Aanbieders' }, { href: `/aanbieders/${agb}?jaar=${jaar}`, tekst: namen.get(agb)! }, { tekst: soort === 'ohw' ? 'Onderhanden werk' : 'Toewijzingen' }];
      const keuzeFilters = filters(pad, [
        { naam: 'soort', label: 'Bron', waarde: soort, keuzes: [{ waarde: 'ohw', tekst: 'onderhanden werk (geteld)' }, { waarde: 'toewijzingen', tekst: 'toewijzingen (verplichtingen)' }] },
        { naam: 'domein', label: 'Domein', waarde: domein, keuzes: [{ waarde: 'jeugd', tekst: 'Jeugd' }, { waarde: 'wmo', tekst: 'Wmo' }] },
        { naam: 'gemeente', label: 'Gemeente (CBS)', waarde: gemeente },
      ], { jaar: String(jaar) });
      const peildatum = (await standaardPeildatum(omg.ds)) ?? vandaag();
      if (soort === 'ohw') {
        const rijen = (await Promise.all(gemeenten.map((g) => ohwBronnen(omg.ds, { ...vraag(g), peildatum })))).flat();
        toon(req, res, {
          titel: `Onderhanden werk ${namen.get(agb)}`, actief: '/aanbieders', kruimels,
          inhoud: h`<p class="peil">De OHW-regels die in de cijfers van ${jaar} meetellen: de laatste versie per maand, zonder regels die een toegekende prestatie al verving.</p>
${keuzeFilters}
${tabel({
  bijschrift: `Getelde OHW-regels (${rijen.length})`, pad, query: queryVan(req), leeg: 'Geen getelde OHW-regels.',
  kolommen: [
    { kop: 'Rapportmaand', cel: (r) => r.peilmaand }, { kop: 'Periode', cel: (r) => r.periode }, { kop: 'Gemeente', cel: (r) => r.gemeente },
    { kop: 'Regel', cel: (r) => r.ohwRegelId }, { kop: 'Bedrag', rechts: true, cel: (r) => euro(formatEuro(r.bedrag)) },
  ],
  regels: rijen,
})}`,
        });
        return;
      }
      const rijen = (await Promise.all(gemeenten.map((g) => toewijzingBronnen(omg.ds, { ...vraag(g), peildatum })))).flat();
      toon(req, res, {
        titel: `Toewijzingen ${namen.get(agb)}`, actief: '/aanbieders', kruimels,
        inhoud: h`<p class="peil">Wat de toewijzingen per maand toestaan (volume × frequentie × tarief, of hun budget): de bron van de verplichtingen. Cliënten als pseudoniem.</p>
${keuzeFilters}
${tabel({
  bijschrift: `Toewijzingen per maand (${rijen.length})`, pad, query: queryVan(req), leeg: 'Geen toewijzingen met toegewezen bedragen.',
  kolommen: [
    { kop: 'ToewijzingNummer', cel: (r) => r.toewijzingNummer }, { kop: 'Cliënt (pseudoniem)', cel: (r) => r.clientPseudoniem }, { kop: 'Gemeente', cel: (r) => r.gemeente },
    { kop: 'Product', cel: (r) => `${r.productcategorie ?? '—'}${r.productcode ? ` / ${r.productcode}` : ''}` },
    { kop: 'Looptijd', cel: (r) => `${r.ingangsdatum} t/m ${r.einddatum ?? 'open'}` }, { kop: 'Status', cel: (r) => r.status },
    { kop: 'Maand', rechts: true, cel: (r) => r.maand }, { kop: 'Toegewezen', rechts: true, cel: (r) => euro(formatEuro(r.toegewezen)) },
  ],
  regels: rijen,
})}`,
      });
    },

    'backoffice.declaraties': async (req, res) => {
      const p = new Parameters(req);
      const status = p.keuze('status', ['ontvangen', 'in_behandeling', 'beantwoord', 'afgewezen'] as const);
      const agb = p.agb();
      const gemeente = p.gemeente();
      const metAfwijzing = p.keuze('afwijzing', ['ja'] as const) === 'ja';
      const sorteer = p.keuze('sorteer', ['ontvangen', 'dagtekening', 'ingediend', 'aanbieder'] as const) ?? 'ontvangen';
      const aflopend = (p.keuze('richting', ['op', 'af'] as const) ?? 'af') === 'af';
      const pag = p.pagina(25);
      p.controleer();
      const l = await declaraties(omg.ds, { status, agb, gemeente, metAfwijzing, sorteer, aflopend, ...pag });
      toon(req, res, {
        titel: 'Declaratie-inbox', actief: '/declaraties',
        inhoud: h`${filters('/declaraties', [
  { naam: 'status', label: 'Status', waarde: status, keuzes: [{ waarde: 'ontvangen', tekst: 'ontvangen' }, { waarde: 'in_behandeling', tekst: 'in behandeling' }, { waarde: 'beantwoord', tekst: 'beantwoord' }, { waarde: 'afgewezen', tekst: 'afgewezen' }] },
  { naam: 'afwijzing', label: 'Met afgewezen prestaties', waarde: metAfwijzing ? 'ja' : undefined, keuzes: [{ waarde: 'ja', tekst: 'ja' }] },
  { naam: 'agb', label: 'AGB-code', waarde: agb },
  { naam: 'gemeente', label: 'Gemeente (CBS)', waarde: gemeente },
])}
${tabel({
  bijschrift: `Declaraties (${l.totaal})`, pad: '/declaraties', query: queryVan(req), sorteer, aflopend, leeg: 'Geen declaraties met deze filters.',
  kolommen: [
    { kop: 'Declaratie', cel: (d) => h`<a href="/declaraties/${d.id}">${d.nummer}</a>` },
    { kop: 'Aanbieder', sorteer: 'aanbieder', cel: (d) => h`${d.aanbieder} <span class="klein">${d.agb}</span>` },
    { kop: 'Gemeente', cel: (d) => d.gemeente },
    { kop: 'Domein', cel: (d) => DOMEIN_NAAM[d.domein] },
    { kop: 'Periode', cel: (d) => `${d.periode.begin} t/m ${d.periode.eind}` },
    { kop: 'Dagtekening', sorteer: 'dagtekening', cel: (d) => d.dagtekening },
    { kop: 'Ingediend', rechts: true, sorteer: 'ingediend', cel: (d) => euro(d.ingediend) },
    { kop: 'Toegekend', rechts: true, cel: (d) => euro(d.toegekend) },
    { kop: 'Prestaties', rechts: true, cel: (d) => h`${d.prestaties}${d.afgewezen ? h` <span class="badge hoog">✗ ${d.afgewezen} afgewezen</span>` : ''}${d.aangehouden ? h` <span class="badge let-op">⏸ ${d.aangehouden} aangehouden</span>` : ''}` },
    { kop: 'Status', cel: (d) => d.status.replace('_', ' ') },
    { kop: 'Ontvangen', sorteer: 'ontvangen', cel: (d) => momentTekst(d.ontvangenOp) },
  ],
  regels: l.regels,
})}
${paginering('/declaraties', queryVan(req), l)}`,
      });
    },

    'backoffice.declaratie': async (req, res) => {
      const id = req.params.id as string;
      const d = /^\d{1,18}$/.test(id) ? await declaratieOpId(omg.ds, id) : null;
      if (!d) throw new NietGevonden(`declaratie ${id} niet gevonden`);
      const prestaties = await prestatiesVanDeclaratie(omg.ds, id);
      toon(req, res, {
        titel: `Declaratie ${d.nummer}`, actief: '/declaraties', kruimels: [{ href: '/declaraties', tekst: 'Declaratie-inbox' }, { tekst: d.nummer }],
        inhoud: h`<dl class="kenmerken">
  <div><dt>Aanbieder</dt><dd><a href="/aanbieders/${d.agb}">${d.aanbieder}</a> (${d.agb})</dd></div>
  <div><dt>Gemeente</dt><dd>${d.gemeente}</dd></div><div><dt>Domein</dt><dd>${DOMEIN_NAAM[d.domein]}</dd></div>
  <div><dt>Declaratieperiode</dt><dd>${d.periode.begin} t/m ${d.periode.eind}</dd></div><div><dt>Dagtekening</dt><dd>${d.dagtekening}</dd></div>
  <div><dt>Ingediend</dt><dd>${euro(d.ingediend)}</dd></div><div><dt>Toegekend</dt><dd>${euro(d.toegekend)}</dd></div>
  <div><dt>Status</dt><dd>${d.status.replace('_', ' ')}</dd></div><div><dt>Ontvangen</dt><dd>${momentTekst(d.ontvangenOp)}</dd></div><div><dt>Beantwoord</dt><dd>${momentTekst(d.beantwoordOp)}</dd></div>
</dl>
${tabel({
  bijschrift: `Prestaties van declaratie ${d.nummer}, met elke retourcode in woorden`, pad: `/declaraties/${id}`, query: {},
  kolommen: [
    { kop: 'ReferentieNummer', cel: (r) => r.referentieNummer },
    { kop: 'BSN', cel: (r) => r.bsn ?? '—' },
    { kop: 'Periode', cel: (r) => `${r.periode.begin} t/m ${r.periode.eind}` },
    { kop: 'Product', cel: (r) => `${r.product.categorie}${r.product.code ? ` / ${r.product.code}` : ''}` },
    { kop: 'Volume', rechts: true, cel: (r) => `${r.volume} (${r.eenheid})` },
    { kop: 'Ingediend', rechts: true, cel: (r) => `${r.debetCredit === 'C' ? 'credit ' : ''}${euro(r.ingediend)}` },
    { kop: 'Toegekend', rechts: true, cel: (r) => euro(r.toegekend) },
    { kop: 'Beslissing', cel: (r) => (r.beslissing ? BESLISSING_TEKST[r.beslissing] ?? r.beslissing : 'open') },
    { kop: 'Retourcodes', cel: (r) => retourcodeTekst(r.retourcodes) },
  ],
  regels: prestaties,
  leeg: 'Deze declaratie heeft geen prestaties (het bericht is als geheel afgewezen).',
})}`,
      });
    },

    'backoffice.ohw': async (req, res) => {
      const p = new Parameters(req);
      const maandTekst = p.vrij('maand');
      const nu = new Date();
      const vorige = `${nu.getUTCMonth() === 0 ? nu.getUTCFullYear() - 1 : nu.getUTCFullYear()}-${String(nu.getUTCMonth() === 0 ? 12 : nu.getUTCMonth()).padStart(2, '0')}`;
      if (maandTekst !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(maandTekst)) p.meldingen.push({ pad: 'maand', regel: 'parameter', tekst: `maand moet JJJJ-MM zijn, is '${maandTekst}'` });
      const status = p.keuze('status', ['ontvangen', 'ontbreekt'] as const);
      p.controleer();
      const laatste = await sqlRijen<{ m: string | null }>(omg.ds, `SELECT max(to_char(periode_begin, 'YYYY-MM')) AS m FROM prestatie`);
      const maand = maandTekst ?? laatste[0]?.m ?? vorige;
      const rijen = (await ohwStatus(omg.ds, maand)).filter((r) => !status || (status === 'ontbreekt') === (r.versie === null));
      const ontbreekt = rijen.filter((r) => r.versie === null).length;
      toon(req, res, {
        titel: `Onderhanden werk ${maand}`, actief: '/ohw',
        inhoud: h`<p class="peil">${ontbreekt} van ${rijen.length} aanbieders met actieve toewijzingen hebben voor ${maand} nog geen onderhanden werk aangeleverd.</p>
${filters('/ohw', [
  { naam: 'maand', label: 'Maand (JJJJ-MM)', waarde: maand },
  { naam: 'status', label: 'Status', waarde: status, keuzes: [{ waarde: 'ontvangen', tekst: 'ontvangen' }, { waarde: 'ontbreekt', tekst: 'ontbreekt' }] },
])}
${tabel({
  bijschrift: `Onderhanden werk per aanbieder, ${maand}`, pad: '/ohw', query: queryVan(req), leeg: 'Geen aanbieders met actieve toewijzingen in deze maand.',
  kolommen: [
    { kop: 'Aanbieder', cel: (r) => h`<a href="/aanbieders/${r.agb}">${r.naam}</a> <span class="klein">${r.agb}</span>` },
    { kop: 'Status', cel: (r) => (r.versie === null ? h`<span class="badge hoog">✗ ontbreekt</span>` : h`<span class="badge ok">✓ ontvangen</span>`) },
    { kop: 'Versie', rechts: true, cel: (r) => r.versie ?? '—' },
    { kop: 'Ontvangen op', cel: (r) => momentTekst(r.ontvangenOp) },
    { kop: 'Bestand', cel: (r) => r.bestand ?? '—' },
    { kop: 'Regels opgeslagen', rechts: true, cel: (r) => (r.versie === null ? '—' : r.regels) },
    { kop: 'Regels afgewezen', rechts: true, cel: (r) => (r.versie === null ? '—' : r.afgewezen ? h`<span class="badge let-op">● ${r.afgewezen}</span>` : '0') },
    { kop: 'Bedrag', rechts: true, cel: (r) => (r.versie === null ? '—' : euro(r.bedrag)) },
    { kop: 'Actieve toewijzingen', rechts: true, cel: (r) => r.actieveToewijzingen },
  ],
  regels: rijen,
})}`,
      });
    },

    'backoffice.gebruikers': async (req, res) => {
      const lijst = await gebruikers(omg.ds);
      toon(req, res, {
        titel: 'Gebruikers', actief: '/beheer/gebruikers',
        inhoud: h`<p class="peil">Nieuwe gebruikers en wachtwoorden geeft u uit met <code>plafond gebruiker</code>; wachtwoorden worden nergens getoond of bewaard, alleen hun argon2id-hash.</p>
${tabel({
  bijschrift: `Gebruikers (${lijst.length})`, pad: '/beheer/gebruikers', query: {},
  kolommen: [
    { kop: 'Gebruikersnaam', cel: (u) => u.username },
    { kop: 'Rol', cel: (u) => u.rol },
    { kop: 'Scope', cel: (u) => (u.gemeenten.length ? `gemeente ${u.gemeenten.join(', ')}` : u.agbCode ? `AGB ${u.agbCode}` : 'alles') },
    { kop: 'Status', cel: (u) => (!u.actief ? 'inactief' : u.geblokkeerdTot && u.geblokkeerdTot.getTime() > Date.now() ? h`<span class="badge hoog">geblokkeerd tot ${momentTekst(u.geblokkeerdTot)}</span>` : 'actief') },
    { kop: 'Laatst aangemeld', cel: (u) => momentTekst(u.laatstAangemeldOp) },
    { kop: 'Aangemaakt', cel: (u) => momentTekst(u.aangemaaktOp) },
  ],
  regels: lijst,
})}`,
      });
    },

    'backoffice.rapport': async (req, res) => {
      const g = ingelogde(res);
      const soort = req.params.soort as string;
      const maker = Object.hasOwn(omg.rapporten, soort) ? omg.rapporten[soort] : undefined;
      if (!maker) throw new NietGevonden(`geen rapport '${soort}'`);
      const p = new Parameters(req);
      const vraag = { jaar: p.jaar(await laatsteJaar(omg.ds)), agb: p.agb(), gemeente: p.gemeente(), periode: p.vrij('periode') };
      p.controleer();
      const filter = gemeentenFilter(res);
      // A gemeente user only gets the gemeente report of one of its own gemeenten: the others hold other gemeenten's figures.
      if (filter !== null && (soort !== 'gemeente' || !vraag.gemeente)) throw new GeenToegang(`rapport ${soort} bevat cijfers van andere gemeenten`);
      const r = await maker({ ...vraag, gemeenten: filter, door: g.username });
      res.status(200).set('Content-Type', r.contentType).attachment(r.bestandsnaam).send(r.inhoud);
    },
  };
}

function uitnuttingTabel(regels: UitnuttingRegel[], namen: Map<string, string>, jaar: number, pad: string, query: Record<string, string | undefined>, bijschrift: string, sorteer?: string, aflopend?: boolean, perGemeente = false): Veilig {
  const kolommen: Kolom<UitnuttingRegel>[] = [
      perGemeente
        ? { kop: 'Gemeente', cel: (r) => r.gemeente ?? 'alle' }
        : { kop: 'Aanbieder', sorteer: 'naam', cel: (r) => h`<a href="/aanbieders/${r.agb}?jaar=${jaar}">${namen.get(r.agb) ?? r.agb}</a> <span class="klein">${r.agb}</span>` },
      { kop: 'Domein', cel: (r) => DOMEIN_NAAM[r.domein] },
      { kop: 'Plafond', rechts: true, sorteer: 'plafond', cel: (r) => euro(r.plafond) },
      { kop: 'Realisatie', rechts: true, cel: (r) => h`<a href="${prestatieLink(jaar, r)}">${euro(r.realisatie)}<span class="sr"> — prestaties van ${namen.get(r.agb) ?? r.agb}</span></a>` },
      { kop: 'OHW', rechts: true, cel: (r) => euro(r.onderhandenWerk) },
      { kop: 'Prognose', rechts: true, sorteer: 'prognose', cel: (r) => euro(r.prognose) },
      { kop: 'Uitnutting', rechts: true, sorteer: 'uitnutting', cel: (r) => uitnuttingBadge(r.uitnutting) },
      { kop: 'Signalen', cel: (r) => (r.signalen.length ? r.signalen.map((s) => signaalNaam(s.soort)).join(', ') : '—') },
  ];
  // Only the aanbieder list sorts on the server; elsewhere the table is in its natural order.
  return tabel({ bijschrift, pad, query, sorteer, aflopend, leeg: 'Geen aanbieders met deze filters.', regels, kolommen: sorteer === undefined ? kolommen.map(({ sorteer: _s, ...k }) => k) : kolommen });
}

export function aanmeldFormulier(req: Request, terug: string, fout?: string): Veilig {
  return h`<div class="aanmelden">
${fout ? h`<p class="melding fout" role="alert">${fout}</p>` : ''}
<form method="post" action="/inloggen" class="formulier">
  <input type="hidden" name="_csrf" value="${csrfToken(req)}">
  <input type="hidden" name="terug" value="${terug}">
  <div class="veld"><label for="gebruikersnaam">Gebruikersnaam</label><input id="gebruikersnaam" name="gebruikersnaam" autocomplete="username" required maxlength="64"></div>
  <div class="veld"><label for="wachtwoord">Wachtwoord</label><input id="wachtwoord" name="wachtwoord" type="password" autocomplete="current-password" required maxlength="256"></div>
  <button type="submit">Aanmelden</button>
</form>
<p class="klein">Aanbieders leveren berichten en onderhanden werk aan via de intake-API, niet via dit scherm.</p>
</div>`;
}

/** One herverdelingsvoorstel: the aanbieders with plafond and prognose before and after, the transfers, and (for who may) the form that accepts it. */
function voorstelBlok(req: Request, v: VoorstelJson, i: number, peildatum: Datum, namen: Map<string, string>, magAanvaarden: boolean): Veilig {
  const id = `v-${i}`;
  const naam = (agb: string) => h`${namen.get(agb) ?? agb} <span class="klein">${agb}</span>`;
  const scope = `${DOMEIN_NAAM[v.domein]}${v.budgetlijn ? `, budgetlijn ${v.budgetlijn}` : ''}${v.gemeente ? `, gemeente ${v.gemeente}` : ', alle gemeenten'}`;
  return h`<section aria-labelledby="${id}"><h2 id="${id}">${scope}</h2>
${tabel({
  bijschrift: `Plafonds en prognoses voor en na het voorstel — ${scope}`, pad: '/herverdeling', query: {}, leeg: 'Geen aanbieders.', regels: v.aanbieders,
  kolommen: [
    { kop: 'Aanbieder', cel: (a) => h`<a href="/aanbieders/${a.agb}?jaar=${v.jaar}">${naam(a.agb)}</a>` },
    { kop: 'Rol', cel: (a) => (a.rol === 'gever' ? 'geeft ruimte' : 'ontvangt') },
    { kop: 'Prognose', rechts: true, cel: (a) => euro(a.prognose) },
    { kop: 'Plafond nu', rechts: true, cel: (a) => euro(a.plafondVoor) },
    { kop: 'Plafond na', rechts: true, cel: (a) => euro(a.plafondNa) },
    { kop: 'Prognose/plafond nu', rechts: true, cel: (a) => (a.prognosePctVoor === null ? '—' : procent(a.prognosePctVoor)) },
    { kop: 'Prognose/plafond na', rechts: true, cel: (a) => (a.prognosePctNa === null ? '—' : procent(a.prognosePctNa)) },
  ],
})}
<ul class="overdrachten">${v.overdrachten.map((o) => h`<li>${euro(o.bedrag)} van ${naam(o.van)} naar ${naam(o.naar)}</li>`)}</ul>
${cent(v.nietGedekt) > 0n ? h`<p class="melding fout">Niet te dekken met de ruimte in deze scope: ${euro(v.nietGedekt)} — daarvoor is een ander besluit nodig (plafond verhogen of aanhouden).</p>` : ''}
<p class="klein">Ruimte die bij de gevers overblijft: ${euro(v.restRuimte)}.</p>
${magAanvaarden ? h`<form method="post" action="/herverdeling" class="formulier breed">
  <input type="hidden" name="_csrf" value="${csrfToken(req)}"><input type="hidden" name="jaar" value="${v.jaar}"><input type="hidden" name="domein" value="${v.domein}">
  <input type="hidden" name="peildatum" value="${peildatum}"><input type="hidden" name="budgetlijn" value="${v.budgetlijn ?? ''}"><input type="hidden" name="gemeente" value="${v.gemeente ?? ''}">
  <input type="hidden" name="overdrachten" value="${JSON.stringify(v.overdrachten)}">
  <div class="veld"><label for="${id}-datum">Ingangsdatum</label><input id="${id}-datum" name="datum" type="date"></div>
  <div class="veld vol"><label for="${id}-reden">Reden</label><textarea id="${id}-reden" name="reden" required minlength="3" maxlength="500" rows="2"></textarea></div>
  <button type="submit">Voorstel aanvaarden</button>
</form>` : ''}
</section>`;
}

const STAP_NAAM: Record<string, string> = { waarschuwing: 'Schriftelijke waarschuwing', overleg: 'Overleg', besluit: 'Besluit' };

function stapFormulier(req: Request, agb: string, jaar: number, domein: string, stap: string): Veilig {
  const id = `s-${domein}`;
  return h`<form method="post" action="/aanbieders/${agb}/bestedingsruimte" class="formulier breed">
  <input type="hidden" name="_csrf" value="${csrfToken(req)}"><input type="hidden" name="jaar" value="${jaar}">
  <input type="hidden" name="domein" value="${domein === 'JW' ? 'jeugd' : 'wmo'}"><input type="hidden" name="stap" value="${stap}">
  <div class="veld"><label for="${id}-datum">Datum ${STAP_NAAM[stap]?.toLowerCase()}</label><input id="${id}-datum" name="datum" type="date"></div>
  <div class="veld vol"><label for="${id}-notitie">Notitie bij ${STAP_NAAM[stap]?.toLowerCase()}</label><textarea id="${id}-notitie" name="notitie" required minlength="3" maxlength="2000" rows="2"></textarea></div>
  <button type="submit">${STAP_NAAM[stap]} vastleggen</button>
</form>`;
}

function mutatieFormulier(req: Request, agb: string, jaar: number, plafonds: { domein: string; gemeente: string | null; bedrag: bigint }[]): Veilig {
  return h`<section aria-labelledby="a-mutatie"><h2 id="a-mutatie">Plafond wijzigen</h2>
<form method="post" action="/aanbieders/${agb}/plafondmutatie" class="formulier breed">
  <input type="hidden" name="_csrf" value="${csrfToken(req)}">
  <input type="hidden" name="jaar" value="${jaar}">
  <div class="veld"><label for="m-plafond">Plafond</label><select id="m-plafond" name="plafond" required>
    ${plafonds.map((x) => h`<option value="${x.domein === 'JW' ? 'jeugd' : 'wmo'}|${x.gemeente ?? 'alle'}">${DOMEIN_NAAM[x.domein]}, ${x.gemeente ?? 'alle gemeenten'} — nu ${euro(formatEuro(x.bedrag))}</option>`)}
  </select></div>
  <div class="veld"><label for="m-bedrag">Mutatie in euro</label><input id="m-bedrag" name="mutatieEur" inputmode="decimal" required aria-describedby="m-bedrag-uitleg" pattern="-?[0-9.]+(,[0-9]{1,2})?"><p id="m-bedrag-uitleg" class="klein">Positief verhoogt, negatief verlaagt; bijvoorbeeld 25000,00 of -12500,50.</p></div>
  <div class="veld"><label for="m-datum">Ingangsdatum</label><input id="m-datum" name="datum" type="date"></div>
  <div class="veld vol"><label for="m-reden">Reden</label><textarea id="m-reden" name="reden" required minlength="3" maxlength="500" rows="2"></textarea></div>
  <button type="submit">Mutatie vastleggen</button>
</form></section>`;
}
