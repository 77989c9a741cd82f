import { randomBytes } from 'node:crypto';
import { maakGebruiker, schrijfAudit, type GebruikerRol } from '@plafond/db';
import { UsageError, type Command } from '../command';
import { cliDatabase } from '../database';

const ROLLEN: GebruikerRol[] = ['backoffice', 'contractmanager', 'gemeente', 'aanbieder', 'admin'];

export const gebruiker: Command = {
  name: 'gebruiker',
  summary: 'create a user (an aanbieder login, a contractmanager, a gemeente, …) and print its password',
  usage: 'plafond gebruiker --rol ROL [--agb AGB] [--gemeente CBS] [--naam NAAM]',
  help: [
    `  --rol       ${ROLLEN.join(' | ')}`,
    '  --agb       AGB-code (rol aanbieder; the username is the AGB-code)',
    '  --gemeente  CBS code (rol gemeente)',
    '  --naam      username (other roles)',
    'A random password is generated and printed once; only its argon2id hash is stored.',
  ],
  options: { rol: { type: 'string' }, agb: { type: 'string' }, gemeente: { type: 'string' }, naam: { type: 'string' } },
  async run({ values }, io) {
    const rol = values.rol as GebruikerRol;
    if (!ROLLEN.includes(rol)) throw new UsageError(`--rol must be one of ${ROLLEN.join(', ')}`);
    const agb = typeof values.agb === 'string' ? values.agb : null;
    if (rol === 'aanbieder' && !agb) throw new UsageError('--agb is required for rol aanbieder');
    const username = rol === 'aanbieder' ? agb! : typeof values.naam === 'string' ? values.naam : null;
    if (!username) throw new UsageError('--naam is required');
    const wachtwoord = randomBytes(18).toString('base64url');
    const db = await cliDatabase({ blijvend: true });
    try {
      const g = await maakGebruiker(db.dataSource, { username, rol, wachtwoord, agbCode: agb, gemeenteCode: typeof values.gemeente === 'string' ? values.gemeente : null });
      await schrijfAudit(db.dataSource, { actor: 'cli', action: 'gebruiker-aangemaakt', entity: 'app_user', entityId: String(g.id), details: { rol, username } });
      io.out(`gebruiker ${username} (${rol}) aangemaakt; wachtwoord: ${wachtwoord}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
