import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import argon2 from 'argon2';
import { Conflict, NietGevonden, ValidatieFout } from '@plafond/core';
import type { DataSource } from 'typeorm';
import { inTransactie, sqlRijen, type Db } from '../db';
import type { Gebruiker, GebruikerOverzicht, GebruikerRol } from '../types';
import { schrijfAudit } from './audit';

/**
 * argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes: the OWASP recommendation). Every
 * password and API secret of Plafond is hashed by this one function, so the back office and the intake
 * agree on it.
 */
export async function hashWachtwoord(wachtwoord: string): Promise<string> {
  return argon2.hash(wachtwoord, { type: argon2.argon2id });
}

/**
 * Checks a password against a stored hash in constant time: argon2id, or the scrypt hashes written
 * before argon2id (`scrypt$N$r$p$salt$hash`), which keep working until their next sign-in rehashes them.
 */
export async function verifieerWachtwoord(wachtwoord: string, opgeslagen: string): Promise<boolean> {
  if (opgeslagen.startsWith('$argon2')) {
    try {
      return await argon2.verify(opgeslagen, wachtwoord);
    } catch {
      return false;
    }
  }
  const [soort, n, r, p, salt, hash] = opgeslagen.split('$');
  if (soort !== 'scrypt' || !hash) return false;
  const verwacht = Buffer.from(hash, 'base64url');
  const berekend = await scrypt(wachtwoord, Buffer.from(salt, 'base64url'), verwacht.length, { N: +n, r: +r, p: +p });
  return timingSafeEqual(verwacht, berekend);
}

/** True when a stored hash is not (or no longer) argon2id with the current parameters. */
export function moetOpnieuwHashen(opgeslagen: string): boolean {
  if (!opgeslagen.startsWith('$argon2id')) return true;
  try {
    return argon2.needsRehash(opgeslagen);
  } catch {
    return true;
  }
}

function scrypt(wachtwoord: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((ok, fout) => scryptCb(wachtwoord, salt, keylen, opts, (e, k) => (e ? fout(e) : ok(k))));
}

// Verified against when the user does not exist, so an unknown name costs as much time as a wrong password.
let blindeHash: Promise<string> | undefined;
async function blind(wachtwoord: string): Promise<void> {
  blindeHash ??= hashWachtwoord(randomBytes(16).toString('hex'));
  await verifieerWachtwoord(wachtwoord, await blindeHash);
}

/** A random password of 24 URL-safe characters (144 bits), printed once and never stored. */
export function nieuwWachtwoord(): string {
  return randomBytes(18).toString('base64url');
}

export interface NieuweGebruiker {
  username: string;
  rol: GebruikerRol;
  wachtwoord: string;
  /** CBS codes of a gemeente user (at least one). */
  gemeenten?: string[];
  /** One CBS code: shorthand for `gemeenten: [code]`. */
  gemeenteCode?: string | null;
  agbCode?: string | null;
}

/** After this many failed sign-ins in a row an account is locked for {@link BLOKKADE_MINUTEN} minutes. */
export const MAX_MISLUKTE_POGINGEN = 5;
export const BLOKKADE_MINUTEN = 15;

const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;

interface RuweGebruiker {
  id: number;
  username: string;
  rol: GebruikerRol;
  gemeenten: string[] | null;
  agb_code: string | null;
  actief: boolean;
}

const GEBRUIKER_SELECT = `SELECT u.id, u.username, u.rol, u.agb_code, u.actief, u.password_hash, u.mislukte_pogingen, u.geblokkeerd_tot,
       u.aangemaakt_op, u.laatst_aangemeld_op,
       ARRAY(SELECT g.gemeente_code::text FROM app_user_gemeente g WHERE g.user_id = u.id ORDER BY g.gemeente_code) AS gemeenten
  FROM app_user u`;

const naarGebruiker = (r: RuweGebruiker): Gebruiker => ({
  id: r.id, username: r.username, rol: r.rol, gemeenten: r.gemeenten ?? [], agbCode: r.agb_code, actief: r.actief,
});

/**
 * Creates a user. Refuses, with a message naming the problem, an existing name, a gemeente user without
 * gemeenten, gemeenten or an AGB code on a role that has none, and codes that are not in the master data.
 */
export async function maakGebruiker(db: DataSource, g: NieuweGebruiker): Promise<Gebruiker> {
  const gemeenten = [...new Set(g.gemeenten ?? (g.gemeenteCode ? [g.gemeenteCode] : []))].sort();
  // One sentence each, no separate findings: the CLI prints it as one line.
  const fout = (tekst: string) => new ValidatieFout(tekst);
  if (!USERNAME.test(g.username)) throw fout(`gebruikersnaam '${g.username}' is ongeldig: 3 tot 64 letters, cijfers of . _ @ -`);
  if (g.rol === 'gemeente' && gemeenten.length === 0) throw fout('een gebruiker met rol gemeente heeft minstens één gemeente (CBS-code) nodig');
  if (g.rol !== 'gemeente' && gemeenten.length > 0) throw fout(`rol ${g.rol} hoort niet bij een gemeente; alleen rol gemeente heeft gemeenten`);
  if (g.rol === 'aanbieder' && !g.agbCode) throw fout('een gebruiker met rol aanbieder heeft een AGB-code nodig');
  if (g.rol !== 'aanbieder' && g.agbCode) throw fout(`rol ${g.rol} hoort niet bij een AGB-code; alleen rol aanbieder heeft er een`);
  const hash = await hashWachtwoord(g.wachtwoord);
  return inTransactie(db, async (tx) => {
    const [bestaand] = await sqlRijen<{ id: number }>(tx, 'SELECT id FROM app_user WHERE username = $1', [g.username]);
    if (bestaand) throw new Conflict(`gebruiker '${g.username}' bestaat al`);
    if (g.agbCode) {
      const [a] = await sqlRijen(tx, 'SELECT 1 FROM aanbieder WHERE agb_code = $1', [g.agbCode]);
      if (!a) throw new NietGevonden(`aanbieder met AGB-code ${g.agbCode} bestaat niet`);
    }
    if (gemeenten.length > 0) {
      const bekend = await sqlRijen<{ cbs_code: string }>(tx, 'SELECT cbs_code FROM gemeente WHERE cbs_code = ANY($1::text[])', [gemeenten]);
      const onbekend = gemeenten.filter((c) => !bekend.some((b) => b.cbs_code === c));
      if (onbekend.length > 0) throw new NietGevonden(`gemeente ${onbekend.join(', ')} bestaat niet (CBS-code)`);
    }
    const [r] = await sqlRijen<{ id: number }>(
      tx,
      `INSERT INTO app_user (username, rol, agb_code, password_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [g.username, g.rol, g.agbCode ?? null, hash],
    );
    if (!r) throw new Conflict(`gebruiker '${g.username}' bestaat al`);
    for (const c of gemeenten) await tx.query('INSERT INTO app_user_gemeente (user_id, gemeente_code) VALUES ($1, $2)', [r.id, c]);
    return { id: r.id, username: g.username, rol: g.rol, gemeenten, agbCode: g.agbCode ?? null, actief: true };
  });
}

/** The user with this id, or null. */
export async function gebruikerOpId(db: Db, id: number): Promise<Gebruiker | null> {
  const [r] = await sqlRijen<RuweGebruiker>(db, `${GEBRUIKER_SELECT} WHERE u.id = $1`, [id]);
  return r ? naarGebruiker(r) : null;
}

/** Every user, by name, without any secret. */
export async function gebruikers(db: Db): Promise<GebruikerOverzicht[]> {
  const rijen = await sqlRijen<RuweGebruiker & { aangemaakt_op: Date; laatst_aangemeld_op: Date | null; geblokkeerd_tot: Date | null; mislukte_pogingen: number }>(
    db, `${GEBRUIKER_SELECT} ORDER BY u.username`);
  return rijen.map((r) => ({
    ...naarGebruiker(r), aangemaaktOp: r.aangemaakt_op, laatstAangemeldOp: r.laatst_aangemeld_op, geblokkeerdTot: r.geblokkeerd_tot, misluktePogingen: r.mislukte_pogingen,
  }));
}

/**
 * Gives a user a new password (the old one stops working at once), lifts a lock-out and records it in
 * the audit trail with who did it.
 */
export async function resetWachtwoord(db: DataSource, username: string, wachtwoord: string, door: string): Promise<Gebruiker> {
  const hash = await hashWachtwoord(wachtwoord);
  return inTransactie(db, async (tx) => {
    const [r] = await sqlRijen<{ id: number }>(
      tx,
      `UPDATE app_user SET password_hash = $2, wachtwoord_gewijzigd_op = now(), mislukte_pogingen = 0, geblokkeerd_tot = NULL
        WHERE username = $1 RETURNING id`,
      [username, hash],
    );
    if (!r) throw new NietGevonden(`gebruiker '${username}' bestaat niet`);
    await schrijfAudit(tx, { actor: door, action: 'gebruiker.wachtwoord-gereset', entity: 'app_user', entityId: String(r.id), details: { username } });
    return (await gebruikerOpId(tx, r.id))!;
  });
}

/**
 * The active user with this name and password, or null (unknown name and wrong password look the same
 * and take the same time). For HTTP Basic on every request: no lock-out and no audit entry per call.
 */
export async function controleerGebruiker(db: Db, username: string, wachtwoord: string): Promise<Gebruiker | null> {
  const [r] = await sqlRijen<RuweGebruiker & { password_hash: string }>(db, `${GEBRUIKER_SELECT} WHERE u.username = $1 AND u.actief`, [username]);
  if (!r) {
    await blind(wachtwoord);
    return null;
  }
  if (!(await verifieerWachtwoord(wachtwoord, r.password_hash))) return null;
  await herhash(db, r.id, r.password_hash, wachtwoord);
  return naarGebruiker(r);
}

async function herhash(db: Db, id: number, opgeslagen: string, wachtwoord: string): Promise<void> {
  if (moetOpnieuwHashen(opgeslagen)) await db.query('UPDATE app_user SET password_hash = $2 WHERE id = $1 AND password_hash = $3', [id, await hashWachtwoord(wachtwoord), opgeslagen]);
}

export type AanmeldUitkomst =
  | { uitkomst: 'aangemeld'; gebruiker: Gebruiker }
  | { uitkomst: 'onjuist' }
  | { uitkomst: 'geblokkeerd'; tot: Date };

/**
 * An interactive sign-in (the back office): checks the password, counts failures per account, locks
 * the account for {@link BLOKKADE_MINUTEN} minutes after {@link MAX_MISLUKTE_POGINGEN} failures in a
 * row (a correct password during the lock is refused too) and writes every success and failure to the
 * audit trail. `bron` says where it came from (for example the client's address).
 */
export async function meldAan(db: Db, username: string, wachtwoord: string, bron: Record<string, string> = {}): Promise<AanmeldUitkomst> {
  const [r] = await sqlRijen<RuweGebruiker & { password_hash: string; geblokkeerd_tot: Date | null }>(db, `${GEBRUIKER_SELECT} WHERE u.username = $1 AND u.actief`, [username]);
  if (!r) {
    await blind(wachtwoord);
    // The attempted name is not recorded: it may be a password typed in the wrong field.
    await schrijfAudit(db, { actor: 'anoniem', action: 'aanmelden.mislukt', entity: 'app_user', details: { ...bron, reden: 'onbekende gebruiker' } });
    return { uitkomst: 'onjuist' };
  }
  const audit = (action: string, details: Record<string, unknown>) =>
    schrijfAudit(db, { actor: r.username, action, entity: 'app_user', entityId: String(r.id), details: { ...bron, ...details } });
  const goed = await verifieerWachtwoord(wachtwoord, r.password_hash);
  if (r.geblokkeerd_tot && r.geblokkeerd_tot.getTime() > Date.now()) {
    await audit('aanmelden.geweigerd', { reden: 'geblokkeerd', tot: r.geblokkeerd_tot.toISOString() });
    return { uitkomst: 'geblokkeerd', tot: r.geblokkeerd_tot };
  }
  if (!goed) {
    const [n] = await sqlRijen<{ mislukte_pogingen: number; geblokkeerd_tot: Date | null }>(
      db,
      `UPDATE app_user SET mislukte_pogingen = mislukte_pogingen + 1,
              geblokkeerd_tot = CASE WHEN mislukte_pogingen + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE NULL END
        WHERE id = $1 RETURNING mislukte_pogingen, geblokkeerd_tot`,
      [r.id, MAX_MISLUKTE_POGINGEN, BLOKKADE_MINUTEN],
    );
    await audit('aanmelden.mislukt', { reden: 'onjuist wachtwoord', pogingen: n.mislukte_pogingen });
    if (n.geblokkeerd_tot) {
      await audit('gebruiker.geblokkeerd', { tot: n.geblokkeerd_tot.toISOString() });
      return { uitkomst: 'geblokkeerd', tot: n.geblokkeerd_tot };
    }
    return { uitkomst: 'onjuist' };
  }
  await db.query('UPDATE app_user SET mislukte_pogingen = 0, geblokkeerd_tot = NULL, laatst_aangemeld_op = now() WHERE id = $1', [r.id]);
  await herhash(db, r.id, r.password_hash, wachtwoord);
  await audit('aangemeld', {});
  return { uitkomst: 'aangemeld', gebruiker: naarGebruiker(r) };
}
