import { createHmac } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import { csrfSync } from 'csrf-sync';
import { rateLimit, type Store } from 'express-rate-limit';
import pg from 'pg';
import { GeenToegang, NietIngelogd, type Logger } from '@plafond/core';
import { gebruikerOpId, type DataSource, type Gebruiker } from '@plafond/db';
import { beslisToegang, gemeenteFilter, type Aanvrager, type RouteRegel } from '@plafond/toegang';

declare module 'express-session' {
  interface SessionData {
    gebruikerId?: number;
  }
}

/** How long a session lives without activity (each request renews it). */
export const SESSIE_DUUR_MS = 8 * 60 * 60 * 1000;

export interface SessieOpties {
  /** PostgreSQL URL of the session store (the `sessie` table of migration 0010). */
  databaseUrl: string;
  /** Region secret; the session cookie's signing key is derived from it. */
  geheim: string;
  /** Secure cookies (HTTPS only): everywhere but development and test. */
  veilig: boolean;
  logger?: Logger;
}

export interface Sessies {
  middleware: RequestHandler;
  sluit(): Promise<void>;
}

/**
 * Sessions in PostgreSQL (connect-pg-simple over its own small pool): the cookie is HttpOnly,
 * SameSite=Strict, Secure outside development, and carries only the signed session id.
 */
export function maakSessies(o: SessieOpties): Sessies {
  const pool = new pg.Pool({ connectionString: o.databaseUrl, max: 4, application_name: 'plafond-sessies' });
  // An idle connection the server closes (restart, failover) is replaced on next use; it must not crash the process.
  pool.on('error', (err) => o.logger?.warn('sessiedatabase: verbinding verbroken', { err }));
  const PgStore = connectPgSimple(session);
  const store = new PgStore({ pool, tableName: 'sessie', createTableIfMissing: false, pruneSessionInterval: 15 * 60 });
  const middleware = session({
    name: 'plafond.sid',
    // A key of its own, derived from the region secret, so the pseudonym key itself never signs cookies.
    secret: createHmac('sha256', o.geheim).update('plafond-sessiecookie').digest('base64url'),
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, secure: o.veilig, sameSite: 'strict', maxAge: SESSIE_DUUR_MS, path: '/' },
  });
  return {
    middleware,
    sluit: async () => {
      store.close();
      await pool.end();
    },
  };
}

const csrf = csrfSync({
  getTokenFromRequest: (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const uitBody = body && typeof body._csrf === 'string' ? body._csrf : undefined;
    return uitBody ?? req.get('x-csrf-token');
  },
});

/** The CSRF token of this session (made on first use); every form carries it. */
export function csrfToken(req: Request): string {
  return csrf.generateToken(req);
}

/** Refuses a POSTed form without the session's CSRF token (403). */
export const csrfBescherming: RequestHandler = (req, res, next) => {
  csrf.csrfSynchronisedProtection(req, res, (err?: unknown) => {
    if (err) next(new GeenToegang('het formulier is verlopen of komt niet van Plafond (CSRF-controle); laad de pagina opnieuw'));
    else next();
  });
};

/** Loads the signed-in user (freshly, so a reset or deactivation takes effect at once) into `res.locals`. */
export function laadGebruiker(ds: DataSource): RequestHandler {
  return async (req, res, next) => {
    const id = req.session?.gebruikerId;
    if (id !== undefined) {
      const g = await gebruikerOpId(ds, id);
      if (g && g.actief) res.locals.gebruiker = g;
      else delete req.session.gebruikerId;
    }
    next();
  };
}

export function gebruikerVan(res: Response): Gebruiker | undefined {
  return res.locals.gebruiker as Gebruiker | undefined;
}

export function aanvragerVan(g: Gebruiker): Aanvrager {
  return { rol: g.rol, gemeenten: g.gemeenten, agb: g.agbCode };
}

/** The signed-in user; only called behind {@link bewaak}, which refused anonymous callers. */
export function ingelogde(res: Response): Gebruiker {
  const g = gebruikerVan(res);
  if (!g) throw new NietIngelogd('aanmelden vereist');
  return g;
}

/** The gemeenten whose rows this request may return (null = all), per the route's scope. */
export function gemeentenFilter(res: Response): readonly string[] | null {
  const g = ingelogde(res);
  return gemeenteFilter(res.locals.regel as RouteRegel, aanvragerVan(g));
}

/**
 * The access check of the table for one route: anonymous callers of a protected page are sent to the
 * sign-in page, of the API answered 401; a role or gemeente outside the route's scope gets 403.
 */
export function bewaak(regel: RouteRegel): RequestHandler {
  return (req, res, next) => {
    res.locals.regel = regel;
    const g = gebruikerVan(res);
    const genoemd: string[] = [];
    if (typeof req.params.cbs === 'string') genoemd.push(req.params.cbs);
    if (typeof req.query.gemeente === 'string' && req.query.gemeente !== '') genoemd.push(req.query.gemeente);
    const besluit = beslisToegang(regel, g ? aanvragerVan(g) : null, genoemd);
    if (besluit.toegestaan) {
      if (regel.rollen !== 'iedereen') res.set('Cache-Control', 'no-store');
      next();
      return;
    }
    if (besluit.status === 401 && regel.soort === 'pagina') {
      res.redirect(303, `/inloggen?terug=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    next(besluit.status === 401 ? new NietIngelogd('aanmelden vereist') : new GeenToegang(besluit.reden));
  };
}

/** Rate limit for sign-in attempts per client address (shared through Redis when a store is given). */
export function aanmeldLimiet(o: { limiet: number; vensterMs: number; store?: Store; logger: Logger }): RequestHandler {
  return rateLimit({
    windowMs: o.vensterMs,
    limit: o.limiet,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    store: o.store,
    handler: (_req: Request, _res: Response, next: NextFunction) => {
      o.logger.warn('aanmelden: te veel pogingen');
      next(new TeVeelPogingen());
    },
  });
}

export class TeVeelPogingen extends Error {
  constructor() {
    super('te veel aanmeldpogingen vanaf dit adres; probeer het over een kwartier opnieuw');
    this.name = 'TeVeelPogingen';
  }
}

export class Geblokkeerd extends Error {
  constructor(readonly tot: Date) {
    super(`dit account is tijdelijk geblokkeerd na herhaalde mislukte pogingen, tot ${tot.toLocaleTimeString('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' })}`);
    this.name = 'Geblokkeerd';
  }
}

/** Regenerates the session (no fixation) and binds it to the user. */
export function bindSessie(req: Request, gebruikerId: number): Promise<void> {
  return new Promise((ok, fout) => {
    req.session.regenerate((err) => {
      if (err) return fout(err);
      req.session.gebruikerId = gebruikerId;
      req.session.save((e) => (e ? fout(e) : ok()));
    });
  });
}

export function beeindigSessie(req: Request): Promise<void> {
  return new Promise((ok, fout) => {
    if (!req.session) return ok();
    req.session.destroy((err) => (err ? fout(err) : ok()));
  });
}
