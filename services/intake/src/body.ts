import type { RequestHandler } from 'express';
import { ValidatieFout } from '@plafond/core';
import { HttpStatusFout } from './http-errors';

export interface BerichtBodyOpties {
  /** Largest body in bytes; a larger Content-Length is refused before anything is read. */
  maxBytes: number;
  /** A body that sends nothing for this long is cut off with 408. */
  stilteMs: number;
  /** Bodies read at the same time; one more gets 503 with Retry-After, so memory stays bounded. */
  maxTegelijk: number;
}

// Entity declarations are how XML bombs and external entities work; no iStandaarden message has a DTD.
const VERBODEN = ['<!DOCTYPE', '<!ENTITY'];
const OVERLAP = Math.max(...VERBODEN.map((v) => v.length)) - 1;

/** Answered and the connection closed: what is left of a refused body is not read. */
function weiger(fout: Error): Error & { sluiten: true } {
  return Object.assign(fout, { sluiten: true as const });
}

/**
 * Reads a message body as it streams in, into `req.body` (a Buffer), refusing early and in bounded memory:
 * a declared or actual size above the limit (413), a Content-Encoding (415: a compressed body could
 * expand without limit), a body that stalls (408), a DTD or entity declaration (422, XML bombs), and more
 * bodies at once than allowed (503). Nothing is stored before the whole body passed.
 */
export function berichtBody(opts: BerichtBodyOpties): RequestHandler {
  let bezig = 0;
  return (req, res, next) => {
    const te = (req.get('Content-Encoding') ?? 'identity').trim().toLowerCase();
    if (te !== 'identity') throw weiger(new HttpStatusFout(415, `Content-Encoding '${te.slice(0, 40)}' wordt niet ondersteund; stuur het bericht ongecomprimeerd`));
    const lengte = req.get('Content-Length');
    if (lengte !== undefined && (!/^\d{1,15}$/.test(lengte) || Number(lengte) > opts.maxBytes)) {
      throw weiger(new HttpStatusFout(413, teGroot(opts.maxBytes)));
    }
    if (bezig >= opts.maxTegelijk) {
      res.set('Retry-After', '5');
      throw weiger(new HttpStatusFout(503, 'te veel berichten tegelijk in ontvangst; probeer het over enkele seconden opnieuw'));
    }
    bezig++;
    const delen: Buffer[] = [];
    let n = 0;
    let staart = '';
    let klaar = false;
    let stilte: NodeJS.Timeout;
    const stop = (fout?: Error): void => {
      if (klaar) return;
      klaar = true;
      bezig--;
      clearTimeout(stilte);
      req.off('data', opData);
      req.off('end', opEinde);
      req.off('error', opFout);
      req.off('aborted', opAfgebroken);
      if (fout) {
        delen.length = 0;
        // Stop reading: the rest of a refused body is not taken in.
        req.pause();
        next(fout);
      } else {
        (req as { body?: unknown }).body = Buffer.concat(delen, n);
        next();
      }
    };
    const wek = (): void => {
      clearTimeout(stilte);
      stilte = setTimeout(() => stop(weiger(new HttpStatusFout(408, `het bericht kwam niet binnen: ${opts.stilteMs / 1000} s geen gegevens ontvangen`))), opts.stilteMs);
    };
    const opData = (deel: Buffer): void => {
      n += deel.length;
      if (n > opts.maxBytes) return stop(weiger(new HttpStatusFout(413, teGroot(opts.maxBytes))));
      const tekst = staart + deel.toString('latin1');
      for (const v of VERBODEN) {
        if (tekst.includes(v)) {
          return stop(weiger(new ValidatieFout('bericht geweigerd', [{ pad: '/', regel: 'intake.dtd', tekst: `het bericht bevat ${v}: DTD's en entiteiten zijn niet toegestaan` }])));
        }
      }
      staart = tekst.slice(-OVERLAP);
      delen.push(deel);
      wek();
    };
    const opEinde = (): void => stop();
    const opFout = (e: Error): void => stop(weiger(new HttpStatusFout(400, `het bericht kon niet worden gelezen: ${e.message}`)));
    const opAfgebroken = (): void => stop(weiger(new HttpStatusFout(400, 'de verbinding werd verbroken voordat het bericht binnen was')));
    req.on('data', opData);
    req.on('end', opEinde);
    req.on('error', opFout);
    req.on('aborted', opAfgebroken);
    wek();
  };
}

function teGroot(max: number): string {
  return `het bericht is groter dan de limiet van ${max} bytes (${(max / 1024 / 1024).toFixed(1)} MB)`;
}
