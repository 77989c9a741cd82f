import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { sqlRijen, type Db } from '../db';
import type { Gebruiker, GebruikerRol } from '../types';

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

function scrypt(wachtwoord: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((ok, fout) => scryptCb(wachtwoord, salt, keylen, opts, (e, k) => (e ? fout(e) : ok(k))));
}

/** Hashes a password or API secret with scrypt: `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashWachtwoord(wachtwoord: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(wachtwoord, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Checks a password against a hash from `hashWachtwoord`, in constant time. */
export async function verifieerWachtwoord(wachtwoord: string, opgeslagen: string): Promise<boolean> {
  const [soort, n, r, p, salt, hash] = opgeslagen.split('$');
  if (soort !== 'scrypt' || !hash) return false;
  const verwacht = Buffer.from(hash, 'base64url');
  const berekend = await scrypt(wachtwoord, Buffer.from(salt, 'base64url'), verwacht.length, { N: +n, r: +r, p: +p });
  return timingSafeEqual(verwacht, berekend);
}

export interface NieuweGebruiker {
  username: string;
  rol: GebruikerRol;
  wachtwoord: string;
  gemeenteCode?: string | null;
  agbCode?: string | null;
}

interface RuweGebruiker {
  id: number;
  username: string;
  rol: GebruikerRol;
  gemeente_code: string | null;
  agb_code: string | null;
  actief: boolean;
}

const naarGebruiker = (r: RuweGebruiker): Gebruiker => ({
  id: r.id, username: r.username, rol: r.rol, gemeenteCode: r.gemeente_code, agbCode: r.agb_code, actief: r.actief,
});

export async function maakGebruiker(db: Db, g: NieuweGebruiker): Promise<Gebruiker> {
  const [r] = await sqlRijen<RuweGebruiker>(
    db,
    `INSERT INTO app_user (username, rol, gemeente_code, agb_code, password_hash) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, username, rol, gemeente_code, agb_code, actief`,
    [g.username, g.rol, g.gemeenteCode ?? null, g.agbCode ?? null, await hashWachtwoord(g.wachtwoord)],
  );
  return naarGebruiker(r);
}

/** The active user with this name and password, or null (unknown name and wrong password look the same). */
export async function controleerGebruiker(db: Db, username: string, wachtwoord: string): Promise<Gebruiker | null> {
  const [r] = await sqlRijen<RuweGebruiker & { password_hash: string }>(
    db, 'SELECT id, username, rol, gemeente_code, agb_code, actief, password_hash FROM app_user WHERE username = $1 AND actief', [username]);
  if (!r) return null;
  return (await verifieerWachtwoord(wachtwoord, r.password_hash)) ? naarGebruiker(r) : null;
}
