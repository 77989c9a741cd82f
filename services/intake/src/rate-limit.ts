import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type IncrementResponse, type Options, type Store } from 'express-rate-limit';
import type { Logger } from '@plafond/core';
import { RedisStore } from 'rate-limit-redis';
import type { Redis } from 'ioredis';
import { leesBasic } from './auth';
import { HttpStatusFout } from './http-errors';

export interface RateLimietOpties {
  /** Requests per minute per client address and per account. */
  perMinuut: number;
  /**
   * Failed sign-ins per 15 minutes per account; per client address ten times as many (several aanbieders'
   * systems may share an address behind one gateway).
   */
  inlogPogingen: number;
  /**
   * Redis shared by every intake process, so the limits hold across processes. Absent: counted in this
   * process (a single intake without Redis).
   */
  redis?: Redis;
  /** Key prefix in Redis (the queue prefix of the deployment). */
  prefix?: string;
  /** Where a Redis that is away is reported (once per outage). */
  logger?: Logger;
}

/**
 * The Redis counter of rate-limit-redis, made robust: its scripts are loaded again when loading failed (an
 * intake that started while Redis was away would otherwise never count again), and while Redis is away a
 * request passes uncounted, reported once in our log instead of a stack on stderr per request.
 */
class GedeeldeTeller implements Store {
  readonly localKeys = false;
  private readonly binnen: RedisStore;
  private opties: Options | undefined;
  private klaar: Promise<void> | undefined;
  private weg = false;

  constructor(redis: Redis, readonly prefix: string, private readonly logger?: Logger) {
    this.binnen = new RedisStore({ prefix, sendCommand: (commando: string, ...args: string[]) => redis.call(commando, ...args) as Promise<number> });
  }

  init(opties: Options): void {
    this.opties = opties;
  }

  private async met<T>(werk: () => Promise<T>, anders: () => T): Promise<T> {
    try {
      this.klaar ??= this.binnen.init(this.opties!);
      await this.klaar;
      const uit = await werk();
      if (this.weg) this.logger?.info('rate limit: Redis weer bereikbaar', { prefix: this.prefix });
      this.weg = false;
      return uit;
    } catch (err) {
      this.klaar = undefined;
      if (!this.weg) this.logger?.warn('rate limit: Redis niet bereikbaar, verzoeken gaan ongeteld door', { prefix: this.prefix, err });
      this.weg = true;
      return anders();
    }
  }

  get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.met(() => this.binnen.get(key), () => undefined);
  }

  increment(key: string): Promise<IncrementResponse> {
    // Counted as the first hit of a fresh window: always within the limit.
    return this.met(() => this.binnen.increment(key), () => ({ totalHits: 1, resetTime: new Date(Date.now() + (this.opties?.windowMs ?? 60_000)) }));
  }

  decrement(key: string): Promise<void> {
    return this.met(() => this.binnen.decrement(key), () => undefined);
  }

  resetKey(key: string): Promise<void> {
    return this.met(() => this.binnen.resetKey(key), () => undefined);
  }
}

/** The account a request speaks for: the user of HTTP Basic, or the id of an API key. Never the secret. */
export function accountVan(req: Request): string | null {
  const bearer = /^Bearer[ ]+plk_([a-z0-9]{12})_/i.exec(req.get('Authorization') ?? '');
  if (bearer) return `sleutel:${bearer[1]}`;
  const basic = leesBasic(req.get('Authorization'));
  if (!basic || basic.gebruiker === '') return null;
  const sleutel = /^plk_([a-z0-9]{12})_/.exec(basic.wachtwoord);
  return sleutel ? `sleutel:${sleutel[1]}` : `gebruiker:${basic.gebruiker.slice(0, 64)}`;
}

const clientVan = (req: Request) => `ip:${ipKeyGenerator(req.ip ?? 'onbekend')}`;

/**
 * The intake's rate limits, before authentication: requests per minute per client address and per
 * account, and failed sign-ins per 15 minutes per account and per address (a guessed password costs
 * the guesser, not the server: after the limit even the right password waits). Counted in Redis when
 * given, shared by every intake process; a Redis that is away lets requests through uncounted rather
 * than refusing every aanbieder (the sign-in itself still holds).
 */
export function rateLimieten(opts: RateLimietOpties): RequestHandler[] {
  const store = (soort: string): Store | undefined => (opts.redis ? new GedeeldeTeller(opts.redis, `${opts.prefix ?? 'plafond'}:rl:${soort}:`, opts.logger) : undefined);
  const gemeenschappelijk = {
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
    // Our own key generators (address via ipKeyGenerator, account names): the library's checks would only warn.
    validate: { keyGeneratorIpFallback: false, ip: false, trustProxy: false, xForwardedForHeader: false },
  };
  const te = (tekst: string, windowMs: number) => (_req: Request, res: import('express').Response, next: import('express').NextFunction) => {
    res.set('Retry-After', String(Math.ceil(windowMs / 1000)));
    next(new HttpStatusFout(429, tekst));
  };
  const MINUUT = 60_000;
  const KWARTIER = 15 * 60_000;
  const mislukt = { skipSuccessfulRequests: true, requestWasSuccessful: (_req: Request, res: import('express').Response) => res.statusCode !== 401 };
  return [
    rateLimit({ ...gemeenschappelijk, windowMs: MINUUT, limit: opts.perMinuut, keyGenerator: clientVan, store: store('ip'), handler: te(`meer dan ${opts.perMinuut} verzoeken per minuut vanaf dit adres`, MINUUT) }),
    rateLimit({
      ...gemeenschappelijk, windowMs: MINUUT, limit: opts.perMinuut, keyGenerator: (req) => accountVan(req) ?? '', skip: (req) => accountVan(req) === null,
      store: store('account'), handler: te(`meer dan ${opts.perMinuut} verzoeken per minuut voor dit account`, MINUUT),
    }),
    rateLimit({
      ...gemeenschappelijk, ...mislukt, windowMs: KWARTIER, limit: opts.inlogPogingen * 10, keyGenerator: clientVan, store: store('inlog-ip'),
      handler: te('te veel mislukte inlogpogingen vanaf dit adres; probeer het later opnieuw', KWARTIER),
    }),
    rateLimit({
      ...gemeenschappelijk, ...mislukt, windowMs: KWARTIER, limit: opts.inlogPogingen, keyGenerator: (req) => accountVan(req) ?? '',
      skip: (req) => accountVan(req) === null, store: store('inlog-account'),
      handler: te('te veel mislukte inlogpogingen voor dit account; probeer het later opnieuw', KWARTIER),
    }),
  ];
}
