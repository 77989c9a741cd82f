import { scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import argon2 from 'argon2';
import { sqlRijen, type Db } from '../db';
import type { Gebruiker, GebruikerRol } from '../types';

/**
 * argon2id with OWASP's minimum for interactive logins (19 MiB, 2 passes, 1 lane): memory-hard, and about
 * 50–100 ms on this class of machine, which is what a sign-in may cost but not what every API call may.
 * Aanbieders' systems use API keys for that (`api-sleutels.ts`).
 */
const ARGON2 = { type: argon2.argon2id, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

function scrypt(wachtwoord: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((ok, fout) => scryptCb(wachtwoord, salt, keylen, opts, (e, k) => (e ? fout(e) : ok(k))));
}

/** Hashes a password with argon2id (PHC string `$argon2id$v=19$m=…`): the one password hash of Plafond. */
export async function hashWachtwoord(wachtwoord: string): Promise<string> {
  return argon2.hash(wachtwoord, ARGON2);
}

/**
 * Checks a password against a stored hash in constant time: argon2id, or the scrypt hashes
 * (`scrypt$N$r$p$salt$hash`) of accounts made before argon2id.
 */
export async function verifieerWachtwoord(wachtwoord: string, opgeslagen: string): Promise<boolean> {
  if (opgeslagen.startsWith('$argon2')) return argon2.verify(opgeslagen, wachtwoord).catch(() => false);
  const [soort, n, r, p, salt, hash] = opgeslagen.split('$');
  if (soort !== 'scrypt' || !hash) return false;
  const verwacht = Buffer.from(hash, 'base64url');
  const berekend = await scrypt(wachtwoord, Buffer.from(salt, 'base64url'), verwacht.length, { N: +n, r: +r, p: +p });
  return timingSafeEqual(verwacht, berekend);
}

let schijnHash: Promise<string> | undefined;

/**
 * Does the work of a password check for a user that does not exist, so an unknown name takes as long as a
 * wrong password and response times do not tell which user names exist.
 */
export async function verifieerSchijn(wachtwoord: string): Promise<false> {
  schijnHash ??= hashWachtwoord('plafond-schijnwachtwoord');
  await verifieerWachtwoord(wachtwoord, await schijnHash);
  return false;
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
  if (!r) return verifieerSchijn(wachtwoord).then(() => null);
  return (await verifieerWachtwoord(wachtwoord, r.password_hash)) ? naarGebruiker(r) : null;
}
