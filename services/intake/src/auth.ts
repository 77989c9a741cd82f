import type { RequestHandler, Response } from 'express';
import { NietIngelogd } from '@plafond/core';
import type { Aanbieder, InlogBron } from './deps';

/**
 * Reads HTTP Basic credentials (RFC 7617). The user-id is everything before the first ':' so a
 * password may contain colons. `null` when the header is absent or not Basic.
 */
export function leesBasic(header: string | undefined): { gebruiker: string; wachtwoord: string } | null {
  const m = /^Basic[ ]+([A-Za-z0-9+/]+=*)[ ]*$/i.exec(header ?? '');
  if (!m) return null;
  const tekst = Buffer.from(m[1], 'base64').toString('utf8');
  const dubbelepunt = tekst.indexOf(':');
  if (dubbelepunt < 0) return null;
  return { gebruiker: tekst.slice(0, dubbelepunt), wachtwoord: tekst.slice(dubbelepunt + 1) };
}

/** An API key in `Authorization: Bearer plk_…` (RFC 6750); null when the header is not Bearer. */
export function leesBearer(header: string | undefined): string | null {
  const m = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)[ ]*$/i.exec(header ?? '');
  return m ? m[1] : null;
}

const API_SLEUTEL = /^plk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/;

/**
 * Requires a valid aanbieder login before anything else is read — the body of an unauthenticated request
 * is never parsed: an API key (`Authorization: Bearer plk_…`, or as the password of HTTP Basic with the
 * AGB code as user), or HTTP Basic with AGB code and password. A key must belong to the AGB code given
 * with it. The authenticated AGB is in `res.locals.agb`.
 */
export function vereisAanbieder(
  authenticeer: (agb: string, wachtwoord: string, bron: InlogBron) => Promise<Aanbieder | null>,
  authenticeerSleutel?: (sleutel: string, bron: InlogBron) => Promise<Aanbieder | null>,
): RequestHandler {
  return async (req, res, next) => {
    const bron: InlogBron = { ip: req.ip ?? 'onbekend' };
    const bearer = leesBearer(req.get('Authorization'));
    let aanbieder: Aanbieder | null;
    if (bearer !== null) {
      if (!authenticeerSleutel || !API_SLEUTEL.test(bearer)) throw new NietIngelogd('ongeldige API-sleutel');
      aanbieder = await authenticeerSleutel(bearer, bron);
      if (!aanbieder) throw new NietIngelogd('API-sleutel onbekend, ingetrokken of verlopen');
    } else {
      const login = leesBasic(req.get('Authorization'));
      if (!login || login.gebruiker === '' || login.wachtwoord === '') throw new NietIngelogd('inloggen vereist: een API-sleutel (Bearer) of HTTP Basic met AGB-code en wachtwoord');
      if (authenticeerSleutel && API_SLEUTEL.test(login.wachtwoord)) {
        const a = await authenticeerSleutel(login.wachtwoord, bron);
        aanbieder = a && a.agb === login.gebruiker ? a : null;
      } else {
        aanbieder = await authenticeer(login.gebruiker, login.wachtwoord, bron);
      }
      if (!aanbieder) throw new NietIngelogd('AGB-code of wachtwoord onjuist');
    }
    res.locals.agb = aanbieder.agb;
    // Answers carry personal data: no shared cache may keep them.
    res.set('Cache-Control', 'no-store');
    next();
  };
}

/** The AGB code of the authenticated aanbieder (set by {@link vereisAanbieder}). */
export function agbVan(res: Response): string {
  return res.locals.agb as string;
}

/** HTTP Basic for a gemeente's case system (a user with role gemeente); sets the gemeente code. */
export function vereisGemeente(authenticeer: (gebruiker: string, wachtwoord: string, bron: InlogBron) => Promise<{ gemeenten: string[] } | null>): RequestHandler {
  return async (req, res, next) => {
    const login = leesBasic(req.get('Authorization'));
    if (!login || login.gebruiker === '' || login.wachtwoord === '') throw new NietIngelogd('inloggen met HTTP Basic vereist: gebruiker en wachtwoord van de gemeente');
    const g = await authenticeer(login.gebruiker, login.wachtwoord, { ip: req.ip ?? 'onbekend' });
    if (!g) throw new NietIngelogd('gebruiker of wachtwoord onjuist');
    res.locals.gemeenten = g.gemeenten;
    res.set('Cache-Control', 'no-store');
    next();
  };
}

/** The CBS codes the authenticated gemeente user works for (set by {@link vereisGemeente}). */
export function gemeentenVan(res: Response): string[] {
  return res.locals.gemeenten as string[];
}
