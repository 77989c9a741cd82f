import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Store } from 'express-rate-limit';
import { GeenToegang, maakLogger, NietGevonden, NietIngelogd, PlafondError, ValidatieFout, type Logger } from '@plafond/core';
import { foutNaarHttp, verzoekContext, verzoekLog } from '@plafond/intake';
import { routesVan, type RouteRegel } from '@plafond/toegang';
import { afmelden, aanmelden, apiHandlers, bestaandeAanbieder, leesAanvaarding, leesMutatie, leesStap, legMutatieVast, OnjuisteAanmelding, RolZonderBackoffice } from './api';
import { aanvaardHerverdelingsvoorstel, legStapVast } from '@plafond/bewaking';
import { werkvoorraadRouter } from '@plafond/werkvoorraad';
import { werkvoorraadPaginas } from './werkvoorraad-paginas';
import { maakWaarschuwingsbrief } from '@plafond/rapportage';
import type { UitnuttingBron } from './cijfers';
import { h } from './html';
import { backofficeOpenApi } from './openapi';
import { aanmeldFormulier, paginaHandlers, toon } from './paginas';
import { aanmeldLimiet, bewaak, csrfBescherming, Geblokkeerd, gebruikerVan, ingelogde, laadGebruiker, TeVeelPogingen, type Sessies } from './sessie';
import { STIJL } from './stijl';
import type { DataSource } from '@plafond/db';
import type { Omgeving, RapportMaker } from './verzoek';

export interface BackofficeOpties {
  ds: DataSource;
  sessies: Sessies;
  uitnutting: UitnuttingBron;
  pseudoniemSleutel: string;
  logger?: Logger;
  /** Report makers by kind (`/rapporten/:soort`); a kind without a maker answers 404. */
  rapporten?: Record<string, RapportMaker>;
  /** Sign-in attempts per client address per window (default 100 per 15 minutes; each account also locks after 5 failures). */
  aanmeldLimiet?: number;
  /** Shared store of the sign-in rate limit (Redis) for several processes; default in memory. */
  limietStore?: Store;
  /** Behind a TLS-terminating proxy: trust its X-Forwarded-* (needed for Secure cookies). */
  achterProxy?: boolean;
  /** `PLAFOND_LATE_TERMIJN_MAANDEN` for the werkvoorraad decisions (default 3). */
  lateTermijnMaanden?: number;
}

/**
 * The back-office application: pages and the JSON API, every route taken from the access table of
 * `@plafond/toegang` with its check in front. Server-rendered HTML (no script), charts as SVG.
 */
export function maakBackofficeApp(o: BackofficeOpties): express.Express {
  const logger = o.logger ?? maakLogger();
  const omg: Omgeving = { ds: o.ds, uitnutting: o.uitnutting, pseudoniemSleutel: o.pseudoniemSleutel, logger, rapporten: o.rapporten ?? {} };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (o.achterProxy) app.set('trust proxy', 1);
  app.use(verzoekContext(logger));
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'none'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"], frameAncestors: ["'none'"], objectSrc: ["'none'"], baseUri: ["'none'"],
        // Over plain HTTP in development an upgrade would break the stylesheet.
        upgradeInsecureRequests: o.achterProxy ? [] : null,
      },
    },
    strictTransportSecurity: o.achterProxy ? undefined : false,
  }));
  app.use(o.sessies.middleware);
  app.use(laadGebruiker(o.ds));
  app.use(express.json({ limit: '64kb', strict: true }));
  app.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 }));

  const limiet = aanmeldLimiet({ limiet: o.aanmeldLimiet ?? 100, vensterMs: 15 * 60 * 1000, store: o.limietStore, logger });
  const werkDeps = { dataSource: o.ds, config: { pseudoniemSleutel: o.pseudoniemSleutel, lateTermijnMaanden: o.lateTermijnMaanden ?? 3 } };
  const handlers: Record<string, RequestHandler[]> = {
    ...Object.fromEntries(Object.entries(apiHandlers(omg)).map(([k, v]) => [k, [v]])),
    ...Object.fromEntries(Object.entries(paginaHandlers(omg)).map(([k, v]) => [k, [v]])),
    ...Object.fromEntries(Object.entries(werkvoorraadPaginas(werkDeps)).map(([k, v]) => [k, [v]])),
    'backoffice.health': [(_req, res) => { res.json({ status: 'ok' }); }],
    'backoffice.openapi': [(_req, res) => { res.json(backofficeOpenApi); }],
    'backoffice.stijl': [(_req, res) => { res.type('css').set('Cache-Control', 'public, max-age=3600').send(STIJL); }],
    'backoffice.aanmelden-formulier': [async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const terug = veiligTerug(body.terug);
      const naam = typeof body.gebruikersnaam === 'string' ? body.gebruikersnaam.slice(0, 64) : '';
      const wachtwoord = typeof body.wachtwoord === 'string' ? body.wachtwoord.slice(0, 256) : '';
      try {
        if (!naam || !wachtwoord) throw new OnjuisteAanmelding();
        await aanmelden(omg, req, naam, wachtwoord);
        res.redirect(303, terug);
      } catch (e) {
        const status = e instanceof OnjuisteAanmelding ? 401 : e instanceof Geblokkeerd ? 423 : e instanceof RolZonderBackoffice ? 403 : undefined;
        if (status === undefined) throw e;
        toon(req, res, { titel: 'Aanmelden', status, inhoud: aanmeldFormulier(req, terug, zin((e as Error).message)) });
      }
    }],
    'backoffice.afmelden': [async (req, res) => {
      await afmelden(omg, req, gebruikerVan(res));
      res.clearCookie('plafond.sid', { path: '/' });
      res.redirect(303, '/inloggen');
    }],
    'backoffice.plafondmutatie': [async (req, res) => {
      const g = ingelogde(res);
      const a = await bestaandeAanbieder(o.ds, req.params.agb);
      const body = { ...(req.body ?? {}) } as Record<string, unknown>;
      if (typeof body.plafond === 'string') [body.domein, body.gemeente] = body.plafond.split('|');
      const m = leesMutatie(body, a.agb, g.username);
      await legMutatieVast(o.ds, m);
      res.redirect(303, `/aanbieders/${a.agb}?jaar=${m.jaar}&vastgelegd=1#a-historie`);
    }],
    'backoffice.herverdeling-aanvaard': [async (req, res) => {
      const g = ingelogde(res);
      const a = leesAanvaarding({ ...(req.body ?? {}) } as Record<string, unknown>, g.username);
      const uit = await aanvaardHerverdelingsvoorstel(o.ds, a);
      res.redirect(303, `/herverdeling?jaar=${a.jaar}&domein=${a.domein === 'JW' ? 'jeugd' : 'wmo'}${a.budgetlijn ? `&budgetlijn=${encodeURIComponent(a.budgetlijn)}` : ''}&vastgelegd=${uit.length}`);
    }],
    'backoffice.bestedingsruimte-stap': [async (req, res) => {
      const g = ingelogde(res);
      const a = await bestaandeAanbieder(o.ds, req.params.agb);
      const st = leesStap((req.body ?? {}) as Record<string, unknown>);
      await legStapVast(o.ds, { ...st, agbCode: a.agb, door: g.username });
      // The written warning is made with its step and stored with it (Contractstandaarden art. 1.5).
      if (st.stap === 'waarschuwing') await maakWaarschuwingsbrief(o.ds, { jaar: st.jaar, agbCode: a.agb, domein: st.domein, door: g.username });
      res.redirect(303, `/aanbieders/${a.agb}?jaar=${st.jaar}&stap=1#a-bestedingsruimte`);
    }],
    'backoffice.bestedingsruimte-brief': [async (req, res) => {
      const g = ingelogde(res);
      const a = await bestaandeAanbieder(o.ds, req.params.agb);
      const jaar = Number(req.query.jaar);
      const domein = req.query.domein === 'jeugd' ? 'JW' : req.query.domein === 'wmo' ? 'WMO' : undefined;
      if (!Number.isInteger(jaar) || jaar < 2000 || jaar > 2100 || !domein) {
        throw new ValidatieFout('ongeldige parameters', [{ pad: 'jaar', regel: 'brief', tekst: 'jaar (JJJJ) en domein (jeugd of wmo) zijn verplicht' }]);
      }
      const brief = await maakWaarschuwingsbrief(o.ds, { jaar, agbCode: a.agb, domein, door: g.username });
      res.status(200).set('Content-Type', 'application/pdf').set('Content-Disposition', `attachment; filename="${brief.bestandsnaam}"`).send(brief.pdf);
    }],
  };

  // The werkvoorraad decisions API is a router of @plafond/werkvoorraad: each of its routes is in the table, whose
  // check runs first; the router then only gets requests that passed one.
  const doorNaarRouter: RequestHandler = (_req, _res, next) => next();
  for (const naam of WERKVOORRAAD_ROUTES) handlers[naam] = [doorNaarRouter];
  const regels = routesVan('backoffice');
  for (const regel of regels) {
    const h = handlers[regel.naam];
    if (!h) throw new Error(`backoffice: geen handler voor ${regel.naam} (${regel.methode} ${regel.pad})`);
    const voor: RequestHandler[] = [bewaak(regel)];
    if (regel.naam === 'backoffice.aanmelden-formulier' || regel.naam === 'backoffice.sessie-start') voor.push(limiet);
    if (regel.soort === 'formulier') voor.push(csrfBescherming);
    if (regel.soort === 'api' && regel.methode !== 'GET') voor.push(alleenJson);
    registreer(app, regel, [...voor, ...h]);
  }
  const werk = werkvoorraadRouter({
    ...werkDeps, gebruiker: (req) => (req.res ? gebruikerVan(req.res)?.username : undefined),
  });
  app.use('/api', (_req, res, next) => next(res.locals.regel && WERKVOORRAAD_ROUTES.includes((res.locals.regel as RouteRegel).naam) ? undefined : new NietGevonden('geen route')), werk);

  app.use((req, _res, next) => next(new NietGevonden(`geen pagina of route voor ${req.method} ${req.path}`)));
  app.use(foutAfhandelaar(logger));
  return app;
}

const WERKVOORRAAD_ROUTES = [
  'backoffice.werkvoorraad', 'backoffice.werkvoorraad-termijn', 'backoffice.verzoek-toekennen', 'backoffice.verzoek-afwijzen',
  'backoffice.verzoek-onderzoek', 'backoffice.declaratie-besluit',
];

function registreer(app: express.Express, regel: RouteRegel, handlers: RequestHandler[]): void {
  if (regel.methode === 'GET') app.get(regel.pad, ...handlers);
  else if (regel.methode === 'POST') app.post(regel.pad, ...handlers);
  else app.delete(regel.pad, ...handlers);
}

/**
 * The API takes JSON only: a cross-site form cannot send `application/json` without a CORS preflight,
 * which together with the SameSite=Strict cookie keeps cookie-authenticated API calls free of CSRF.
 */
const alleenJson: RequestHandler = (req, _res, next) => {
  const heeftBody = (req.get('Content-Length') ?? '0') !== '0' || req.get('Transfer-Encoding') !== undefined;
  if (req.method === 'DELETE' && !heeftBody) return next();
  if (!req.is('application/json')) return next(new MediaType('de API neemt alleen application/json aan'));
  next();
};

class MediaType extends Error {}

/** Only a local path is a place to return to after signing in (no open redirect). */
function veiligTerug(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(v) && !v.startsWith('/inloggen') ? v : '/dashboard';
}

const zin = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1) + '.';

/**
 * Errors of the API as problem+json (the intake's mapping, minus its Basic challenge), of the pages as
 * a page that says what happened; never a stack.
 */
function foutAfhandelaar(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    let status: number;
    let detail: string;
    let meldingen: ValidatieFout['meldingen'] | undefined;
    if (err instanceof TeVeelPogingen) [status, detail] = [429, err.message];
    else if (err instanceof Geblokkeerd) [status, detail] = [423, err.message];
    else if (err instanceof OnjuisteAanmelding) [status, detail] = [401, err.message];
    else if (err instanceof RolZonderBackoffice) [status, detail] = [403, err.message];
    else if (err instanceof MediaType) [status, detail] = [415, err.message];
    else {
      const a = foutNaarHttp(err);
      [status, detail, meldingen] = [a.status, a.body.detail, a.body.meldingen];
    }
    const log = verzoekLog(res) ?? logger;
    if (status >= 500) log.error('verzoek mislukt', { err });
    else if (err instanceof PlafondError) log.debug('verzoek geweigerd', { status, code: err.code });
    const api = req.path.startsWith('/api/') || req.path === '/health' || (req.get('Accept') ?? '').startsWith('application/json');
    if (api) {
      const titels: Record<number, string> = { 401: 'Niet ingelogd', 403: 'Geen toegang', 404: 'Niet gevonden', 409: 'Conflict', 415: 'Verkeerd mediatype', 422: 'Validatiefout', 423: 'Geblokkeerd', 429: 'Te veel verzoeken', 500: 'Interne fout' };
      res.status(status).type('application/problem+json').send(JSON.stringify({
        type: 'about:blank', title: titels[status] ?? 'Fout', status, detail, ...(meldingen?.length ? { meldingen } : {}), correlationId: res.getHeader('X-Correlation-Id'),
      }));
      return;
    }
    const titel = status === 403 ? 'Geen toegang' : status === 404 ? 'Niet gevonden' : status === 422 ? 'Controleer de invoer' : status === 401 ? 'Niet aangemeld' : status >= 500 ? 'Er ging iets mis' : 'Niet gelukt';
    toon(req, res, {
      titel, status,
      inhoud: h`<p class="melding fout" role="alert">${zin(detail)}</p>
${meldingen?.length ? h`<ul>${meldingen.map((m) => h`<li><strong>${m.pad}</strong>: ${m.tekst}</li>`)}</ul>` : ''}
${status === 401 || err instanceof NietIngelogd ? h`<p><a href="/inloggen">Aanmelden</a></p>` : h`<p><a href="/dashboard">Naar het dashboard</a></p>`}
${err instanceof GeenToegang ? h`<p class="klein">U ziet alleen de gegevens van uw eigen rol en gemeente.</p>` : ''}`,
    });
  };
}
