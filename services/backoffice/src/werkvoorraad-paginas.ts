import type { Request, RequestHandler, Response } from 'express';
import { formatEuro, NietGevonden, vandaag, ValidatieFout, type Datum, type Melding } from '@plafond/core';
import {
  beantwoordVerzoek, besluitDeclaratie, binnenTermijn, kenVerzoekToe, REDEN_AFWIJZING_TEKST, REDENEN_AFWIJZING, TERMIJNEN, werkvoorraad,
  type Beslisser, type BinnenTermijn, type RedenAfwijzing, type WerkItem, type WerkvoorraadDeps,
} from '@plafond/werkvoorraad';
import { datumTekst, euro, h, procent, tabel, type Veilig } from './html';
import { toon } from './paginas';
import { csrfToken, ingelogde } from './sessie';
import { Parameters, queryVan } from './verzoek';

const SOORT_TEKST: Record<WerkItem['soort'], string> = {
  verzoek: 'Verzoek', declaratie: 'Aangehouden declaratie', bericht: 'Niet verwerkt bericht', 'toewijzing-zonder-retour': 'Retour ontbreekt',
};

/** Where an item stands against its term, in words and a symbol (never by colour alone). */
function termijnBadge(i: WerkItem): Veilig {
  if (i.signaal === 'termijn-verstreken') return h`<span class="badge hoog"><span aria-hidden="true">▲</span> ${-i.werkdagenResterend} werkdag${i.werkdagenResterend === -1 ? '' : 'en'} te laat</span>`;
  if (i.signaal === 'termijn-nadert') return h`<span class="badge let-op"><span aria-hidden="true">●</span> nog ${i.werkdagenResterend} werkdag${i.werkdagenResterend === 1 ? '' : 'en'}</span>`;
  return h`<span class="badge ok"><span aria-hidden="true">○</span> nog ${i.werkdagenResterend} werkdagen</span>`;
}

function verzoekFormulier(req: Request, i: WerkItem): Veilig {
  const id = `v-${i.id}`;
  const eersteAntwoord = i.details.status !== 'in_onderzoek';
  return h`<details><summary>Beantwoorden</summary>
<form method="post" action="/werkvoorraad/verzoeken/${i.id}" class="formulier breed">
  <input type="hidden" name="_csrf" value="${csrfToken(req)}">
  <fieldset><legend>Besluit over verzoek ${String(i.details.referentieAanbieder ?? i.id)}</legend>
    <label><input type="radio" name="besluit" value="toekennen" required> toekennen (toewijzing ${i.domein === 'WMO' ? 'WMO301' : 'JW301'})</label>
    <label><input type="radio" name="besluit" value="afwijzen"> afwijzen (${i.domein === 'WMO' ? 'WMO319' : 'JW319'})</label>
    ${eersteAntwoord ? h`<label><input type="radio" name="besluit" value="onderzoek"> in onderzoek nemen (eenmalig; daarna binnen 8 weken besluiten)</label>` : ''}
  </fieldset>
  <div class="veld"><label for="${id}-reden-afwijzing">Reden van afwijzing</label><select id="${id}-reden-afwijzing" name="redenAfwijzing">
    <option value="">—</option>${REDENEN_AFWIJZING.map((r) => h`<option value="${r}">${r} ${REDEN_AFWIJZING_TEKST[r]}</option>`)}
  </select></div>
  ${i.domein === 'JW' ? h`<div class="veld"><label for="${id}-woonplaats">Verantwoordelijke gemeente bij reden 8 (CBS-code)</label><input id="${id}-woonplaats" name="woonplaatsGemeente" inputmode="numeric" pattern="[0-9]{4}" maxlength="4"></div>` : ''}
  ${i.details.verzoekSoort === 'VOT' ? h`<div class="veld"><label for="${id}-postcode">Postcode van de cliënt (bij een eerste toewijzing)</label><input id="${id}-postcode" name="postcode" maxlength="7" autocomplete="off"></div>
  <div class="veld"><label for="${id}-huisnummer">Huisnummer</label><input id="${id}-huisnummer" name="huisnummer" inputmode="numeric" pattern="[0-9]{1,5}" maxlength="5" autocomplete="off"></div>` : ''}
  <div class="veld vol"><label for="${id}-reden">Toelichting (in de audit trail)</label><textarea id="${id}-reden" name="reden" required minlength="3" maxlength="500" rows="2"></textarea></div>
  <button type="submit">Besluit versturen</button>
</form></details>`;
}

function declaratieFormulier(req: Request, i: WerkItem): Veilig {
  const id = `d-${i.id}`;
  return h`<details><summary>Beslissen</summary>
<form method="post" action="/declaraties/${i.id}/besluit" class="formulier breed">
  <input type="hidden" name="_csrf" value="${csrfToken(req)}">
  <fieldset><legend>Besluit over de ${String(i.details.aangehouden)} aangehouden prestatie(s)</legend>
    <label><input type="radio" name="besluit" value="toekennen" required> alle toekennen</label>
    <label><input type="radio" name="besluit" value="afwijzen"> alle afwijzen (retourcode 9369)</label>
  </fieldset>
  <div class="veld vol"><label for="${id}-reden">Toelichting (in de audit trail)</label><textarea id="${id}-reden" name="reden" required minlength="3" maxlength="500" rows="2"></textarea></div>
  <button type="submit">Besluit versturen</button>
</form><p class="klein">Per prestatie beslissen: <a href="/declaraties/${i.id}">open de declaratie</a> of gebruik <code>plafond declaratie besluit --prestatie</code>.</p></details>`;
}

function actie(req: Request, i: WerkItem): Veilig | string {
  if (i.soort === 'verzoek') return verzoekFormulier(req, i);
  if (i.soort === 'declaratie') return declaratieFormulier(req, i);
  return '—';
}

function binnenTermijnTabel(rijen: BinnenTermijn[]): Veilig {
  return tabel({
    bijschrift: 'Binnen de termijn beantwoord, per maand van ontvangst', pad: '/werkvoorraad', query: {}, leeg: 'Nog geen verzoeken of aangehouden declaraties dit jaar.',
    kolommen: [
      { kop: 'Maand', cel: (r) => r.maand },
      { kop: 'Soort', cel: (r) => (r.soort === 'declaratie' ? `declaraties (${TERMIJNEN.declaratie.werkdagen} werkdagen)` : `verzoeken (${TERMIJNEN.verzoek.werkdagen} werkdagen)`) },
      { kop: 'Ontvangen', rechts: true, cel: (r) => r.ontvangen },
      { kop: 'Te beoordelen', rechts: true, cel: (r) => r.beoordeeld },
      { kop: 'Binnen termijn', rechts: true, cel: (r) => r.binnenTermijn },
      { kop: 'Aandeel', rechts: true, cel: (r) => (r.aandeelPct === null ? '—' : procent(r.aandeelPct)) },
    ],
    regels: rijen,
  });
}

const BEVESTIGING: Record<string, string> = {
  toekennen: 'Het verzoek is toegekend; de toewijzing staat in de mailbox van de aanbieder.',
  afwijzen: 'Het verzoek is afgewezen; het antwoord staat in de mailbox van de aanbieder.',
  onderzoek: 'Het verzoek is in onderzoek genomen; het antwoord staat in de mailbox van de aanbieder.',
  declaratie: 'Het besluit is vastgelegd; is niets meer aangehouden, dan staat het declaratie-antwoord in de mailbox van de aanbieder.',
};

function tekst(body: Record<string, unknown>, veld: string): string | undefined {
  const v = body[veld];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function itemId(v: unknown): string {
  if (typeof v !== 'string' || !/^\d{1,18}$/.test(v)) throw new NietGevonden(`'${String(v)}' is geen id`);
  return v;
}

/**
 * The werkvoorraad screens (issue 13 on the back-office application): the list with terms and a form per item
 * to decide it, the figure "answered within term" per month, and the two form posts that decide — through the
 * same use cases as the API and the CLI (`@plafond/werkvoorraad`), audited with the signed-in user.
 */
export function werkvoorraadPaginas(deps: WerkvoorraadDeps & { vandaag?: () => Datum }): Record<string, RequestHandler> {
  const peil = () => deps.vandaag?.() ?? vandaag();
  const beslisser = (res: Response, body: Record<string, unknown>): Beslisser => ({ door: ingelogde(res).username, reden: tekst(body, 'reden') ?? '', peildatum: peil() });
  return {
    'backoffice.werkvoorraad-pagina': async (req, res) => {
      const p = new Parameters(req);
      const soort = p.keuze('soort', ['verzoek', 'declaratie', 'bericht', 'toewijzing-zonder-retour'] as const);
      p.controleer();
      const peildatum = peil();
      const [alle, termijn] = await Promise.all([
        werkvoorraad(deps.dataSource, { peildatum }),
        binnenTermijn(deps.dataSource, `${peildatum.slice(0, 4)}-01-01` as Datum, peildatum, peildatum),
      ]);
      const items = soort ? alle.filter((i) => i.soort === soort) : alle;
      const laat = alle.filter((i) => i.signaal === 'termijn-verstreken').length;
      const besluit = typeof req.query.besluit === 'string' ? BEVESTIGING[req.query.besluit] : undefined;
      toon(req, res, {
        titel: 'Werkvoorraad', actief: '/werkvoorraad', ...(besluit && { melding: { soort: 'succes' as const, tekst: besluit } }),
        inhoud: h`<p class="peil">Stand per <strong>${datumTekst(peildatum)}</strong>: ${alle.length} item${alle.length === 1 ? '' : 's'} wacht${alle.length === 1 ? '' : 'en'} op de backoffice, ${laat} over de termijn. Termijnen in werkdagen (zonder weekend en feestdagen van de Algemene termijnenwet): verzoek ${TERMIJNEN.verzoek.werkdagen}, aangehouden declaratie ${TERMIJNEN.declaratie.werkdagen}, retour op een toewijzing ${TERMIJNEN.retour.werkdagen}.</p>
<nav aria-label="Soort" class="filters-snel">${[['', 'Alles'], ['verzoek', 'Verzoeken'], ['declaratie', 'Aangehouden declaraties'], ['bericht', 'Niet verwerkte berichten'], ['toewijzing-zonder-retour', 'Retour ontbreekt']].map(([w, t]) => h`<a href="/werkvoorraad${w ? `?soort=${w}` : ''}"${(soort ?? '') === w ? h` aria-current="page"` : ''}>${t}</a>`).map((a, n) => (n ? h` · ${a}` : a))}</nav>
${tabel({
  bijschrift: `Werkvoorraad, meest dringend eerst (${items.length})`, pad: '/werkvoorraad', query: queryVan(req), leeg: 'Niets wacht op de backoffice.',
  kolommen: [
    { kop: 'Soort', cel: (i) => SOORT_TEKST[i.soort] },
    { kop: 'Omschrijving', cel: (i) => h`${i.omschrijving}${i.details.client ? h` <span class="klein">cliënt ${String(i.details.client)}</span>` : ''}` },
    { kop: 'Aanbieder', cel: (i) => (i.agbCode ? h`<a href="/aanbieders/${i.agbCode}">${i.agbCode}</a>` : '—') },
    { kop: 'Ontvangen', cel: (i) => datumTekst(i.ontvangstdatum) },
    { kop: 'Termijn', cel: (i) => h`${datumTekst(i.termijn)}<br>${termijnBadge(i)}` },
    { kop: 'Bedrag', rechts: true, cel: (i) => (i.details.aangehoudenCents ? euro(formatEuro(BigInt(String(i.details.aangehoudenCents)))) : '') },
    { kop: 'Besluit', cel: (i) => actie(req, i) },
  ],
  regels: items,
})}
<section aria-labelledby="w-termijn"><h2 id="w-termijn">Binnen de termijn beantwoord</h2>
${binnenTermijnTabel(termijn)}</section>`,
      });
    },

    'backoffice.verzoek-besluit': async (req, res) => {
      const id = itemId(req.params.id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const b = beslisser(res, body);
      const besluit = tekst(body, 'besluit');
      if (besluit === 'toekennen') {
        const postcode = tekst(body, 'postcode');
        const huisnummer = tekst(body, 'huisnummer');
        const meldingen: Melding[] = [];
        if ((postcode === undefined) !== (huisnummer === undefined)) meldingen.push({ pad: postcode ? 'huisnummer' : 'postcode', regel: 'adres', tekst: 'geef postcode en huisnummer allebei, of geen van beide' });
        if (huisnummer !== undefined && !/^\d{1,5}$/.test(huisnummer)) meldingen.push({ pad: 'huisnummer', regel: 'adres', tekst: `huisnummer '${huisnummer}' is geen getal` });
        if (meldingen.length) throw new ValidatieFout('adres onvolledig', meldingen);
        await kenVerzoekToe(deps, id, b, { adres: postcode && huisnummer ? { postcode: postcode.replace(/\s/g, '').toUpperCase(), huisnummer: Number(huisnummer) } : undefined });
      } else if (besluit === 'afwijzen') {
        const woonplaats = tekst(body, 'woonplaatsGemeente');
        await beantwoordVerzoek(deps, id, { soort: 'afwijzen', reden: (tekst(body, 'redenAfwijzing') ?? '') as RedenAfwijzing, ...(woonplaats && { woonplaatsGemeente: woonplaats }) }, b);
      } else if (besluit === 'onderzoek') {
        await beantwoordVerzoek(deps, id, { soort: 'onderzoek' }, b);
      } else {
        throw new ValidatieFout('besluit ontbreekt', [{ pad: 'besluit', regel: 'keuze', tekst: 'kies toekennen, afwijzen of in onderzoek' }]);
      }
      res.redirect(303, `/werkvoorraad?besluit=${besluit}`);
    },

    'backoffice.declaratie-besluit-formulier': async (req, res) => {
      const id = itemId(req.params.id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const besluit = tekst(body, 'besluit');
      if (besluit !== 'toekennen' && besluit !== 'afwijzen') throw new ValidatieFout('besluit ontbreekt', [{ pad: 'besluit', regel: 'keuze', tekst: 'kies alle toekennen of alle afwijzen' }]);
      await besluitDeclaratie(deps, id, { alle: besluit }, beslisser(res, body));
      res.redirect(303, '/werkvoorraad?besluit=declaratie');
    },
  };
}
