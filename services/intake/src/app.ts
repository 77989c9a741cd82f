import express, { type Request, type RequestHandler, type Response } from 'express';
import { GeenToegang, maakLogger, NietGevonden, ValidatieFout, type Logger, type Melding } from '@plafond/core';
import { STANDAARD_LIMIETEN } from '@plafond/ohw';
import { route, type Methode } from '@plafond/toegang';
import { agbVan, gemeentenVan, vereisAanbieder, vereisGemeente } from './auth';
import type { BerichtStatus, IntakeDeps } from './deps';
import { berichtBody } from './body';
import { foutAfhandelaar, HttpStatusFout, onbekendeRoute } from './http-errors';
import { ohwRoutes } from './ohw-routes';
import { rateLimieten, type RateLimietOpties } from './rate-limit';
import { intakeOpenApi } from './openapi';
import { correlationIdVan, verzoekContext } from './verzoek-context';

export interface IntakeOpties {
  /** Largest accepted message body in bytes (config `maxBerichtBytes`). Default 25 MiB (OP179). */
  maxBerichtBytes?: number;
  /** Largest accepted OHW file in bytes. Default the OHW reader's limit (20 MiB). */
  maxOhwBytes?: number;
  /** A body that sends nothing for this long gets 408 (config `bodyStilteMs`). Default 30 s. */
  bodyStilteMs?: number;
  /** Message bodies read at the same time (config `maxUploads`). Default 16. */
  maxUploads?: number;
  /** Rate limits per client address and account; absent: none (tests of other behaviour). */
  rateLimiet?: RateLimietOpties;
  logger?: Logger;
}

export const INTAKE_REALM = 'plafond-intake';
const XML_TYPES = ['application/xml', 'text/xml'];
const ID = /^[A-Za-z0-9_-]{1,100}$/;
const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const STANDAARD_LIMIT = 100;
const MAX_LIMIT = 1000;

/**
 * The intake HTTP API for aanbieders. Each handler parses the request, calls one use case of
 * `deps` with the authenticated AGB code, and maps the result; errors go to the one error
 * middleware. See `openapi.ts` for the contract.
 */
export function maakIntakeApp(deps: IntakeDeps, opties: IntakeOpties = {}): express.Express {
  const logger = opties.logger ?? maakLogger();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(verzoekContext(logger));

  // Every route comes from the access table of @plafond/toegang, with the login it prescribes in front.
  const aanbiederLogin = vereisAanbieder((agb, wachtwoord, bron) => deps.authenticeer(agb, wachtwoord, bron), deps.authenticeerSleutel && ((s, bron) => deps.authenticeerSleutel!(s, bron)));
  const gemeenteLogin = deps.authenticeerGemeente ? vereisGemeente(deps.authenticeerGemeente) : undefined;
  const registreer = (methode: Methode, pad: string, ...handlers: RequestHandler[]): void => {
    const regel = route('intake', methode, pad);
    const login: RequestHandler[] = [];
    if (regel.rollen !== 'iedereen') {
      const rollen = regel.rollen.join(',');
      if (rollen === 'aanbieder') login.push(aanbiederLogin);
      else if (rollen === 'gemeente' && gemeenteLogin) login.push(gemeenteLogin);
      else throw new Error(`intake: geen aanmelding voor rollen ${rollen} (${regel.naam})`);
    }
    const m = methode === 'GET' ? app.get.bind(app) : methode === 'POST' ? app.post.bind(app) : app.delete.bind(app);
    m(pad, ...login, ...handlers);
  };

  registreer('GET', '/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  registreer('GET', '/openapi.json', (_req, res) => {
    res.json(intakeOpenApi);
  });

  if (opties.rateLimiet) app.use(rateLimieten(opties.rateLimiet));

  const xmlBody = berichtBody({ maxBytes: opties.maxBerichtBytes ?? 25 * 1024 * 1024, stilteMs: opties.bodyStilteMs ?? 30_000, maxTegelijk: opties.maxUploads ?? 16 });
  const bericht = (req: express.Request): Buffer => {
    const inhoud = req.body as unknown;
    if (!Buffer.isBuffer(inhoud) || inhoud.length === 0) {
      throw new ValidatieFout('leeg bericht', [{ pad: '/', regel: 'intake.leeg', tekst: 'het verzoek bevat geen bericht' }]);
    }
    return inhoud;
  };

  if (deps.authenticeerGemeente && deps.ontvangVanGemeente) {
    const ontvangVanGemeente = deps.ontvangVanGemeente;
    registreer('POST', '/gemeente/berichten', alleenXml, queryEerst, xmlBody, async (req, res) => {
      const gemeente = afzendendeGemeente(gemeentenVan(res), queryTekst(req, 'gemeente', 4));
      const { berichtId, status } = await ontvangVanGemeente(gemeente, bericht(req), { bestandsnaam: bestandsnaamVan(req), correlationId: correlationIdVan(res) });
      res.status(202).json({ id: berichtId, status });
    });
  }

  registreer('POST', '/berichten', alleenXml, queryEerst, xmlBody, async (req, res) => {
    const bestandsnaam = bestandsnaamVan(req);
    const { berichtId, status } = await deps.ontvang(agbVan(res), bericht(req), { bestandsnaam, correlationId: correlationIdVan(res) });
    res.status(202).location(`/berichten/${encodeURIComponent(berichtId)}`).json({ id: berichtId, status });
  });

  registreer('GET', '/berichten/:berichtId', async (req, res) => {
    const s = eigen(res, await deps.status(agbVan(res), geldigId(req.params.berichtId)), 'bericht');
    res.json(statusNaarJson(s));
  });

  registreer('GET', '/mailbox', async (req, res) => {
    const meldingen: Melding[] = [];
    const sinds = queryTekst(req, 'sinds', 40);
    if (sinds !== undefined && !ISO_MOMENT.test(sinds)) {
      meldingen.push({ pad: 'sinds', regel: 'intake.sinds', tekst: 'sinds moet een ISO-8601 datum of tijdstip zijn' });
    }
    const limitTekst = queryTekst(req, 'limit', 10);
    const limit = limitTekst === undefined ? STANDAARD_LIMIT : Number(limitTekst);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      meldingen.push({ pad: 'limit', regel: 'intake.limit', tekst: `limit moet een geheel getal van 1 tot en met ${MAX_LIMIT} zijn` });
    }
    if (meldingen.length > 0) throw new ValidatieFout('ongeldige parameters', meldingen);
    const items = await deps.mailbox(agbVan(res), { sinds, limit });
    res.json({
      berichten: items.map((i) => ({ id: i.id, type: i.type, dagtekening: i.dagtekening, beschikbaar_op: i.beschikbaarOp })),
    });
  });

  registreer('GET', '/mailbox/:id', async (req, res) => {
    const bericht = eigen(res, await deps.haalOp(agbVan(res), geldigId(req.params.id)), 'bericht');
    res
      .status(200)
      .set('Content-Type', 'application/xml; charset=utf-8')
      .set('X-Bericht-Type', bericht.type)
      .send(Buffer.isBuffer(bericht.xml) ? bericht.xml : Buffer.from(bericht.xml, 'utf8'));
  });

  if (deps.ohw) ohwRoutes(registreer, deps.ohw, { maxBytes: opties.maxOhwBytes ?? STANDAARD_LIMIETEN.maxBytes });
  else {
    // An intake without the OHW flow still serves the table's routes, behind the same login, and says so.
    const geenOhw: RequestHandler = () => {
      throw new NietGevonden('onderhanden werk wordt door deze intake niet aangenomen');
    };
    for (const pad of ['/ohw/template', '/ohw/:id', '/ohw/:id/terugkoppeling']) registreer('GET', pad, geenOhw);
    registreer('POST', '/ohw', geenOhw);
  }

  registreer('POST', '/mailbox/:id/bevestiging', async (req, res) => {
    const b = eigen(res, await deps.bevestig(agbVan(res), geldigId(req.params.id)), 'bericht');
    res.json({ id: b.id, bevestigd_op: b.bevestigdOp });
  });

  app.use(onbekendeRoute);
  app.use(foutAfhandelaar({ realm: INTAKE_REALM, logger }));
  return app;
}

/**
 * The gemeente a case system sends for: the one it is bound to, or — for a user bound to several — the
 * one named by `?gemeente=CBS`, which must be one of them.
 */
function afzendendeGemeente(gemeenten: readonly string[], gevraagd: string | undefined): string {
  if (gevraagd !== undefined) {
    if (!gemeenten.includes(gevraagd)) throw new GeenToegang(`geen toegang tot gemeente ${gevraagd}`);
    return gevraagd;
  }
  if (gemeenten.length === 1) return gemeenten[0];
  throw new ValidatieFout('gemeente ontbreekt', [{ pad: 'gemeente', regel: 'intake.gemeente', tekst: `deze gebruiker werkt voor ${gemeenten.join(', ')}: kies er een met ?gemeente=CBS` }]);
}

/** 415 before the body is read: only XML is a message. */
function alleenXml(req: Request, _res: Response, next: express.NextFunction): void {
  const type = (req.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (!XML_TYPES.includes(type)) {
    throw new HttpStatusFout(415, `Content-Type moet ${XML_TYPES.join(' of ')} zijn${type ? `, is '${type}'` : ''}`);
  }
  next();
}

/** The query is checked before the body is read: a refused request reads (and stores) nothing. */
function queryEerst(req: Request, _res: Response, next: express.NextFunction): void {
  bestandsnaamVan(req);
  next();
}

/** An id that cannot exist is simply not found — the same answer as someone else's id. */
function geldigId(id: string | string[] | undefined): string {
  if (typeof id !== 'string' || !ID.test(id)) throw new NietGevonden('bericht niet gevonden');
  return id;
}

/**
 * The resource if it belongs to the authenticated aanbieder; otherwise 404, exactly as if it did
 * not exist. The use cases already scope by AGB — this is the second line.
 */
function eigen<T extends { agb: string }>(res: Response, resource: T | null, wat: string): T {
  if (resource === null || resource.agb !== agbVan(res)) throw new NietGevonden(`${wat} niet gevonden`);
  return resource;
}

/** A single, printable query value; repeated or overlong values are refused with a melding. */
function queryTekst(req: Request, naam: string, maxLengte: number): string | undefined {
  const v: unknown = req.query[naam];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || v.length > maxLengte || /[\u0000-\u001f\u007f]/.test(v)) {
    throw new ValidatieFout('ongeldige parameters', [{ pad: naam, regel: `intake.${naam}`, tekst: `${naam}: één waarde van hoogstens ${maxLengte} leesbare tekens` }]);
  }
  return v;
}

/**
 * The file name an aanbieder gives a message: a plain name only. A path (`../`, `/`, `\`, a drive letter)
 * could steer whoever writes the message to disk later, so it is refused rather than trimmed.
 */
function bestandsnaamVan(req: Request): string | undefined {
  const naam = queryTekst(req, 'bestandsnaam', 255);
  if (naam !== undefined && (/[\\/:*?"<>|]/.test(naam) || naam === '.' || naam === '..' || naam.startsWith('.') || naam.trim() !== naam)) {
    throw new ValidatieFout('ongeldige parameters', [{ pad: 'bestandsnaam', regel: 'intake.bestandsnaam', tekst: 'bestandsnaam: alleen een bestandsnaam, zonder map, schijf of pad-tekens (/ \\ : * ? " < > |) en niet beginnend met een punt' }]);
  }
  return naam;
}

function statusNaarJson(s: BerichtStatus) {
  return {
    id: s.berichtId,
    status: s.status,
    bericht_type: s.berichtType,
    ontvangen_op: s.ontvangenOp,
    verwerkt_op: s.verwerktOp,
    retourcodes: s.retourcodes.map((r) => ({ pad: r.pad, code: r.code, omschrijving: r.omschrijving })),
    antwoord_id: s.antwoordId,
  };
}
