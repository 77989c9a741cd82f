import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '@plafond/core';

/** Accepted shape of an incoming correlation id; anything else is replaced, never logged as sent. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request-scoped logger (bound to the correlation id) set by {@link verzoekContext}. */
export function verzoekLog(res: Response): Logger | undefined {
  return res.locals.log as Logger | undefined;
}

/** The correlation id of this request, set by {@link verzoekContext}. */
export function correlationIdVan(res: Response): string {
  return res.locals.correlationId as string;
}

/**
 * Gives each request a correlation id (the caller's `X-Correlation-Id` when well-formed, else a
 * new UUID), echoes it in the response, binds it to a child logger and writes one log line when the
 * response is done: method, path, status, duration. Bodies and query strings are never logged —
 * they may carry personal data.
 */
export function verzoekContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const aangeboden = req.get('X-Correlation-Id');
    const correlationId = aangeboden !== undefined && CORRELATION_ID.test(aangeboden) ? aangeboden : randomUUID();
    const log = logger.child({ correlationId });
    res.locals.correlationId = correlationId;
    res.locals.log = log;
    res.set('X-Correlation-Id', correlationId);
    const start = process.hrtime.bigint();
    let gelogd = false;
    const logRegel = (): void => {
      if (gelogd) return;
      gelogd = true;
      const duurMs = Number((process.hrtime.bigint() - start) / 1000n) / 1000;
      const velden = { method: req.method, pad: req.path, status: res.statusCode, duurMs, agb: res.locals.agb as string | undefined, afgebroken: !res.writableFinished || undefined };
      if (res.statusCode >= 500) log.warn('verzoek', velden);
      else log.info('verzoek', velden);
    };
    res.on('finish', logRegel);
    res.on('close', logRegel);
    next();
  };
}
