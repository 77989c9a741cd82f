import type { ErrorRequestHandler, RequestHandler } from 'express';
import { Conflict, GeenToegang, NietGevonden, NietIngelogd, PlafondError, ValidatieFout, type Logger, type Melding } from '@plafond/core';
import { verzoekLog } from './verzoek-context';

/**
 * A refusal that only exists at the HTTP edge (wrong media type, malformed request) and has no
 * domain meaning; domain refusals use the typed errors of `@plafond/core`.
 */
export class HttpStatusFout extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HttpStatusFout';
  }
}

/** Body of every error answer: RFC 9457 problem details, plus the findings of a validation. */
export interface Probleem {
  type: string;
  title: string;
  status: number;
  detail: string;
  meldingen?: Melding[];
  correlationId?: string;
}

export interface HttpAntwoord {
  status: number;
  headers: Record<string, string>;
  body: Probleem;
}

/** What body-parser attaches to the errors it raises (`type` names the failure). */
interface BodyParserFout {
  type?: unknown;
  status?: unknown;
  expose?: unknown;
  limit?: unknown;
}

const TITELS: Record<number, string> = {
  400: 'Ongeldig verzoek',
  401: 'Niet ingelogd',
  403: 'Geen toegang',
  404: 'Niet gevonden',
  408: 'Verzoek duurde te lang',
  409: 'Conflict',
  413: 'Bericht te groot',
  415: 'Verkeerd mediatype',
  422: 'Validatiefout',
  429: 'Te veel verzoeken',
  503: 'Tijdelijk niet beschikbaar',
  500: 'Interne fout',
};

function probleem(status: number, detail: string, extra: Partial<Probleem> = {}): Probleem {
  return { type: 'about:blank', title: TITELS[status] ?? 'Fout', status, detail, ...extra };
}

/**
 * A database that is away or restarting (connection lost, server shutting down, too many connections): not
 * the client's fault and not a bug — a 503 the client can retry, rather than a 500.
 */
function isTijdelijkeStoring(err: unknown): boolean {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  if (typeof e.code === 'string' && (/^(08|53|57P)/.test(e.code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(e.code))) return true;
  return typeof e.message === 'string' && /Connection terminated|connection timeout|terminating connection/i.test(e.message);
}

/**
 * The one place where errors become HTTP answers: typed errors of `@plafond/core` get their
 * status, body-parser refusals keep theirs with a clear text, and anything else is a 500 that
 * says nothing about its cause (the cause goes to the log, redacted).
 */
export function foutNaarHttp(err: unknown, realm = 'plafond'): HttpAntwoord {
  const antwoord = (status: number, body: Probleem, headers: Record<string, string> = {}): HttpAntwoord => ({ status, headers, body });
  if (err instanceof ValidatieFout) return antwoord(422, probleem(422, err.message, { meldingen: err.meldingen }));
  if (err instanceof NietIngelogd) {
    return antwoord(401, probleem(401, err.message), { 'WWW-Authenticate': `Basic realm="${realm}", charset="UTF-8"` });
  }
  if (err instanceof GeenToegang) return antwoord(403, probleem(403, err.message));
  if (err instanceof NietGevonden) return antwoord(404, probleem(404, err.message));
  if (err instanceof Conflict) return antwoord(409, probleem(409, err.message));
  if (err instanceof HttpStatusFout) return antwoord(err.status, probleem(err.status, err.message));

  if (isTijdelijkeStoring(err)) {
    return antwoord(503, probleem(503, 'de opslag is tijdelijk niet bereikbaar; er is niets ontvangen, probeer het over enkele seconden opnieuw'), { 'Retry-After': '5' });
  }
  const bp = (typeof err === 'object' && err !== null ? err : {}) as BodyParserFout;
  if (bp.type === 'entity.too.large') {
    const limiet = typeof bp.limit === 'number' ? bp.limit : undefined;
    const tekst = limiet === undefined ? 'het bericht is groter dan toegestaan' : `het bericht is groter dan de limiet van ${limiet} bytes (${(limiet / 1024 / 1024).toFixed(1)} MB)`;
    return antwoord(413, probleem(413, tekst));
  }
  if (bp.type === 'encoding.unsupported' || bp.type === 'charset.unsupported') {
    return antwoord(415, probleem(415, 'niet ondersteunde Content-Encoding of charset'));
  }
  if (typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500 && bp.expose === true) {
    return antwoord(bp.status, probleem(bp.status, err instanceof Error ? err.message : 'ongeldig verzoek'));
  }
  return antwoord(500, probleem(500, 'interne fout; vermeld het correlationId bij contact met de beheerder'));
}

/**
 * Express error middleware built on {@link foutNaarHttp}. Server errors are logged with their
 * cause; the answer never carries a stack or the message of an unexpected error.
 */
export function foutAfhandelaar(opties: { realm?: string; logger?: Logger } = {}): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const { status, headers, body } = foutNaarHttp(err, opties.realm);
    const log = verzoekLog(res) ?? opties.logger;
    if (status >= 500) log?.error('verzoek mislukt', { err });
    else if (err instanceof PlafondError) log?.debug('verzoek geweigerd', { status, code: err.code });
    const correlationId = res.getHeader('X-Correlation-Id');
    // A refused body is not read to its end: close the connection after the answer instead.
    if ((err as { sluiten?: unknown } | null)?.sluiten === true) res.set('Connection', 'close');
    res
      .status(status)
      .set(headers)
      .type('application/problem+json')
      .send(JSON.stringify(typeof correlationId === 'string' ? { ...body, correlationId } : body));
  };
}

/** Last route: everything unmatched is a 404 in the same problem format. */
export const onbekendeRoute: RequestHandler = (req, _res, next) => {
  next(new NietGevonden(`geen route voor ${req.method} ${req.path}`));
};
