import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { maakLogger, type Logger, type PlafondConfig } from '@plafond/core';
import type { DataSource } from '@plafond/db';
import { maakBackofficeApp, type BackofficeOpties } from './app';
import type { UitnuttingBron } from './cijfers';
import { maakSessies } from './sessie';

export interface BackofficeServer {
  server: Server;
  port: number;
  /** Base URL, e.g. `http://127.0.0.1:3002`. */
  url: string;
  close(): Promise<void>;
}

export interface StartOpties extends Partial<Pick<BackofficeOpties, 'rapporten' | 'aanmeldLimiet'>> {
  ds: DataSource;
  /** PostgreSQL URL for the session store. */
  databaseUrl: string;
  uitnutting: UitnuttingBron;
  logger?: Logger;
  host?: string;
}

/**
 * Starts the back office on `config.backofficePort` (0 = any free port). Cookies are Secure outside
 * development and test; in production the service expects a TLS-terminating proxy in front. With
 * `REDIS_URL` the sign-in rate limit is shared by every process through Redis.
 */
export async function startBackoffice(config: Pick<PlafondConfig, 'backofficePort' | 'pseudoniemSleutel' | 'nodeEnv' | 'logLevel' | 'redisUrl' | 'queuePrefix' | 'lateTermijnMaanden'>, o: StartOpties): Promise<BackofficeServer> {
  const logger = o.logger ?? maakLogger({ level: config.logLevel, velden: { dienst: 'backoffice' } });
  const ontwikkeling = config.nodeEnv === 'development' || config.nodeEnv === 'test';
  const sessies = maakSessies({ databaseUrl: o.databaseUrl, geheim: config.pseudoniemSleutel, veilig: !ontwikkeling, logger });
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false }) : undefined;
  const limietStore = redis
    ? new RedisStore({ prefix: `${config.queuePrefix}:aanmelden:`, sendCommand: (cmd: string, ...args: string[]) => redis.call(cmd, ...args) as Promise<RedisReply> })
    : undefined;
  const app = maakBackofficeApp({
    ds: o.ds, sessies, uitnutting: o.uitnutting, pseudoniemSleutel: config.pseudoniemSleutel, logger, rapporten: o.rapporten,
    aanmeldLimiet: o.aanmeldLimiet, limietStore, achterProxy: !ontwikkeling, lateTermijnMaanden: config.lateTermijnMaanden,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.backofficePort, o.host ?? '0.0.0.0', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const port = (server.address() as AddressInfo).port;
  logger.info('backoffice luistert', { port });
  let sluiten: Promise<void> | undefined;
  const close = (): Promise<void> => {
    sluiten ??= new Promise<void>((resolve) => {
      const afkappen = setTimeout(() => server.closeAllConnections(), 5000);
      const opruimen = setInterval(() => server.closeIdleConnections(), 50);
      afkappen.unref();
      opruimen.unref();
      server.close(() => {
        clearTimeout(afkappen);
        clearInterval(opruimen);
        resolve();
      });
    }).then(async () => {
      await sessies.sluit();
      if (redis) await redis.quit().catch(() => undefined);
      logger.info('backoffice gestopt');
    });
    return sluiten;
  };
  return { server, port, url: `http://${o.host === undefined || o.host === '0.0.0.0' ? '127.0.0.1' : o.host}:${port}`, close };
}
