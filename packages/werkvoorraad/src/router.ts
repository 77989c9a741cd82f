import express, { type ErrorRequestHandler, type Request, type Response, Router } from 'express';
import { Conflict, GeenToegang, isDatum, NietGevonden, NietIngelogd, ValidatieFout, vandaag, type Datum, type Melding } from '@plafond/core';
import { besluitDeclaratie, type DeclaratieBesluit } from './declaratie';
import { beantwoordVerzoek, kenVerzoekToe, type Beslisser, type RedenAfwijzing, type WerkvoorraadDeps } from './verzoek';
import { binnenTermijn, termijnSignalen, werkvoorraad } from './werkvoorraad';

export interface WerkvoorraadRouterDeps extends WerkvoorraadDeps {
  /** The authenticated user as the host established it (its user name for the audit trail); undefined: not logged in. */
  gebruiker(req: Request): string | undefined;
  /** The processing date (dagtekening of what is sent, peildatum of the terms); default today in Europe/Amsterdam. */
  vandaag?(): Datum;
}

const PROBLEEM = 'application/problem+json';
const TITELS: Record<number, string> = { 400: 'Ongeldig verzoek', 401: 'Niet ingelogd', 403: 'Geen toegang', 404: 'Niet gevonden', 409: 'Conflict', 422: 'Validatiefout', 500: 'Interne fout' };

function probleem(res: Response, status: number, detail: string, meldingen?: Melding[]): void {
  res.status(status).type(PROBLEEM).send(JSON.stringify({ type: 'about:blank', title: TITELS[status] ?? 'Fout', status, detail, ...(meldingen?.length && { meldingen }) }));
}

/** JSON with amounts (bigint cents) as decimal strings. */
function json(res: Response, body: unknown, status = 200): void {
  res.status(status).type('application/json').send(JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

function tekstVeld(body: Record<string, unknown>, veld: string): string | undefined {
  const v = body[veld];
  return typeof v === 'string' ? v : undefined;
}

function lichaam(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  if (b === undefined) return {};
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new ValidatieFout('de body moet een JSON-object zijn');
  return b as Record<string, unknown>;
}

function datumParam(req: Request, naam: string, standaard: Datum): Datum {
  const v = req.query[naam];
  if (v === undefined) return standaard;
  if (typeof v !== 'string' || !isDatum(v)) throw new ValidatieFout(`${naam} moet een datum JJJJ-MM-DD zijn`, [{ pad: naam, regel: 'DATUM', tekst: `'${String(v)}' is geen datum` }]);
  return v;
}

function id(req: Request): string {
  const v = req.params.id;
  if (typeof v !== 'string' || !/^\d{1,18}$/.test(v)) throw new NietGevonden(`'${String(v)}' is geen id`);
  return v;
}

/**
 * The werkvoorraad API, for the back-office application to mount (under `/api`, behind its authorization):
 *
 * | route | what |
 * |---|---|
 * | `GET /werkvoorraad[?peildatum=]` | every item awaiting the back office with its term, and the term signals |
 * | `GET /werkvoorraad/binnen-termijn?van=&tot=` | share answered within term per month of receipt |
 * | `POST /verzoeken/:id/toekennen` `{reden, adres?: {postcode, huisnummer}}` | honour: JW301/WMO301 into the aanbieder's mailbox |
 * | `POST /verzoeken/:id/afwijzen` `{reden, redenAfwijzing, woonplaatsGemeente?}` | refuse: JW319/WMO319 |
 * | `POST /verzoeken/:id/onderzoek` `{reden}` | 319 "in onderzoek" (once) |
 * | `POST /declaraties/:id/besluit` `{reden, besluit: 'toekennen'/'afwijzen'}` or `{reden, prestaties: {ReferentieNummer: besluit}}` | decide held prestaties; the 325 once none is held |
 *
 * JSON in and out, errors as problem+json; who decides is the authenticated user the host passes in.
 */
export function werkvoorraadRouter(deps: WerkvoorraadRouterDeps): Router {
  const router = Router();
  const peil = () => deps.vandaag?.() ?? vandaag();
  const wie = (req: Request, body: Record<string, unknown>): Beslisser => {
    const door = deps.gebruiker(req);
    if (!door) throw new NietIngelogd();
    return { door, reden: tekstVeld(body, 'reden') ?? '', peildatum: peil() };
  };
  router.use(express.json({ limit: '100kb' }));

  router.get('/werkvoorraad', async (req, res) => {
    if (!deps.gebruiker(req)) throw new NietIngelogd();
    const peildatum = datumParam(req, 'peildatum', peil());
    const items = await werkvoorraad(deps.dataSource, { peildatum });
    json(res, { peildatum, items, signalen: termijnSignalen(items) });
  });

  router.get('/werkvoorraad/binnen-termijn', async (req, res) => {
    if (!deps.gebruiker(req)) throw new NietIngelogd();
    const peildatum = peil();
    const tot = datumParam(req, 'tot', peildatum);
    const van = datumParam(req, 'van', `${tot.slice(0, 4)}-01-01` as Datum);
    json(res, { van, tot, maanden: await binnenTermijn(deps.dataSource, van, tot, peildatum) });
  });

  router.post('/verzoeken/:id/toekennen', async (req, res) => {
    const body = lichaam(req);
    const a = body.adres as { postcode?: unknown; huisnummer?: unknown } | undefined;
    const adres = a && typeof a === 'object' ? { postcode: String(a.postcode ?? ''), huisnummer: Number(a.huisnummer) } : undefined;
    json(res, await kenVerzoekToe(deps, id(req), wie(req, body), { adres }));
  });

  router.post('/verzoeken/:id/afwijzen', async (req, res) => {
    const body = lichaam(req);
    const reden = body.redenAfwijzing;
    json(res, await beantwoordVerzoek(deps, id(req), {
      soort: 'afwijzen', reden: String(reden ?? '') as RedenAfwijzing,
      ...(typeof body.woonplaatsGemeente === 'string' && { woonplaatsGemeente: body.woonplaatsGemeente }),
    }, wie(req, body)));
  });

  router.post('/verzoeken/:id/onderzoek', async (req, res) => {
    const body = lichaam(req);
    json(res, await beantwoordVerzoek(deps, id(req), { soort: 'onderzoek' }, wie(req, body)));
  });

  router.post('/declaraties/:id/besluit', async (req, res) => {
    const body = lichaam(req);
    let besluit: DeclaratieBesluit;
    if (typeof body.besluit === 'string' && body.prestaties === undefined) besluit = { alle: body.besluit as 'toekennen' };
    else if (body.besluit === undefined && body.prestaties && typeof body.prestaties === 'object' && !Array.isArray(body.prestaties)) {
      besluit = { perPrestatie: body.prestaties as Record<string, 'toekennen'> };
    } else throw new ValidatieFout('geef óf besluit (toekennen/afwijzen voor alle aangehouden prestaties) óf prestaties {ReferentieNummer: besluit}');
    json(res, await besluitDeclaratie(deps, id(req), besluit, wie(req, body)));
  });

  const fouten: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    if (err instanceof ValidatieFout) return probleem(res, 422, err.message, err.meldingen);
    if (err instanceof NietGevonden) return probleem(res, 404, err.message);
    if (err instanceof Conflict) return probleem(res, 409, err.message);
    if (err instanceof NietIngelogd) return probleem(res, 401, err.message);
    if (err instanceof GeenToegang) return probleem(res, 403, err.message);
    const bp = err as { type?: unknown; status?: unknown };
    if (typeof bp.type === 'string' && bp.type.startsWith('entity.')) return probleem(res, 400, 'de body is geen geldige JSON');
    if (bp.status === 400 || bp.status === 413) return probleem(res, bp.status, 'ongeldige body');
    return probleem(res, 500, 'er ging iets mis bij het verwerken; de beslissing is niet vastgelegd');
  };
  router.use(fouten);
  return router;
}
