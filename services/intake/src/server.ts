import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { maakLogger, type Logger, type PlafondConfig } from '@plafond/core';
import { maakIntakeApp } from './app';
import type { IntakeDeps } from './deps';
import type { RateLimietOpties } from './rate-limit';

export interface IntakeServer {
  server: Server;
  port: number;
  /** Base URL, e.g. `http://127.0.0.1:3001`. */
  url: string;
  /**
   * Stops accepting connections, lets running requests finish (at most `wachtMs`, default 10 s),
   * then cuts what is left.
   */
  close(wachtMs?: number): Promise<void>;
}

/** Starts the intake service on `config.intakePort` (0 = any free port). */
export async function startIntake(
  config: Pick<PlafondConfig, 'intakePort' | 'maxBerichtBytes' | 'logLevel'> & Partial<Pick<PlafondConfig, 'bodyStilteMs' | 'maxUploads'>>,
  deps: IntakeDeps,
  opties: { logger?: Logger; host?: string; rateLimiet?: RateLimietOpties } = {},
): Promise<IntakeServer> {
  const logger = opties.logger ?? maakLogger({ level: config.logLevel, velden: { dienst: 'intake' } });
  const app = maakIntakeApp(deps, { maxBerichtBytes: config.maxBerichtBytes, bodyStilteMs: config.bodyStilteMs, maxUploads: config.maxUploads, rateLimiet: opties.rateLimiet, logger });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.intakePort, opties.host ?? '0.0.0.0', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  // A 25 MB message fits in five minutes on a slow line; a stalled body is cut off sooner (bodyStilteMs).
  server.requestTimeout = 5 * 60 * 1000;
  server.headersTimeout = 30 * 1000;
  const port = (server.address() as AddressInfo).port;
  logger.info('intake luistert', { port });

  let sluiten: Promise<void> | undefined;
  const close = (wachtMs = 10_000): Promise<void> => {
    sluiten ??= new Promise<void>((resolve) => {
      const afkappen = setTimeout(() => server.closeAllConnections(), wachtMs);
      // A keep-alive connection becomes idle once its request is answered; close it then rather
      // than waiting for the client's keep-alive timeout.
      const opruimen = setInterval(() => server.closeIdleConnections(), 50);
      afkappen.unref();
      opruimen.unref();
      server.close(() => {
        clearTimeout(afkappen);
        clearInterval(opruimen);
        logger.info('intake gestopt');
        resolve();
      });
    });
    return sluiten;
  };
  return { server, port, url: `http://${opties.host === undefined || opties.host === '0.0.0.0' ? '127.0.0.1' : opties.host}:${port}`, close };
}
