import { gebruikers, maakGebruiker, nieuwWachtwoord, resetWachtwoord, schrijfAudit, type DataSource, type GebruikerRol } from '@plafond/db';
import { UsageError, type Command } from '../command';
import { bestaandeAanbieder } from '../controles';
import { cliDatabase } from '../database';

const ROLLEN: GebruikerRol[] = ['backoffice', 'contractmanager', 'gemeente', 'beheer', 'aanbieder'];
const CBS = /^\d{4}$/;
const AGB = /^\d{8}$/;

export const gebruiker: Command = {
  name: 'gebruiker',
  summary: 'gebruiker aanmaken (backoffice, contractmanager, gemeente, beheer, aanbieder), wachtwoord opnieuw uitgeven of gebruikers tonen',
  usage: 'plafond gebruiker --rol ROL --naam NAAM [--gemeente CBS]… [--agb AGB] | --reset --naam NAAM | --lijst',
  help: [
    `  --rol        ${ROLLEN.join(' | ')}`,
    '  --naam       gebruikersnaam (3 tot 64 letters, cijfers of . _ @ -); bij rol aanbieder standaard de AGB-code',
    '  --gemeente   CBS-code van de gemeente (rol gemeente; herhaal de optie voor meer gemeenten)',
    '  --agb        AGB-code van de aanbieder (rol aanbieder; die meldt zich bij de intake aan met AGB-code en wachtwoord)',
    '  --reset      geef de gebruiker --naam een nieuw wachtwoord (het oude werkt meteen niet meer; komt in de audit trail)',
    '  --lijst      toon alle gebruikers met rol, gemeenten en aanmeldstatus (geen wachtwoorden)',
    'Het wachtwoord wordt één keer getoond, op een regel `wachtwoord: …`; alleen de argon2id-hash wordt bewaard.',
  ],
  options: {
    rol: { type: 'string' }, agb: { type: 'string' }, gemeente: { type: 'string', multiple: true }, naam: { type: 'string' },
    reset: { type: 'boolean' }, lijst: { type: 'boolean' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`onverwacht argument '${positionals[0]}'`);
    const naam = typeof values.naam === 'string' ? values.naam : undefined;
    const gemeenten = (values.gemeente as string[] | undefined) ?? [];
    const agb = typeof values.agb === 'string' ? values.agb : undefined;
    if (values.lijst) {
      if (values.reset || values.rol !== undefined || naam !== undefined) throw new UsageError('--lijst gaat niet samen met andere opties');
      return metDatabase(async (ds) => {
        const lijst = await gebruikers(ds);
        if (lijst.length === 0) io.out('geen gebruikers\n');
        for (const g of lijst) {
          const scope = g.rol === 'gemeente' ? ` gemeente ${g.gemeenten.join(',')}` : g.agbCode ? ` agb ${g.agbCode}` : '';
          const status = !g.actief ? 'inactief' : g.geblokkeerdTot && g.geblokkeerdTot.getTime() > Date.now() ? `geblokkeerd tot ${g.geblokkeerdTot.toISOString()}` : 'actief';
          const laatst = g.laatstAangemeldOp ? `laatst aangemeld ${g.laatstAangemeldOp.toISOString()}` : 'nog nooit aangemeld';
          io.out(`${g.username}\t${g.rol}${scope}\t${status}\t${laatst}\n`);
        }
        return 0;
      });
    }
    if (values.reset) {
      if (!naam) throw new UsageError('--reset heeft --naam nodig');
      if (values.rol !== undefined || gemeenten.length > 0 || agb !== undefined) throw new UsageError('--reset gaat alleen samen met --naam');
      const wachtwoord = nieuwWachtwoord();
      return metDatabase(async (ds) => {
        const g = await resetWachtwoord(ds, naam, wachtwoord, 'cli');
        io.out(`nieuw wachtwoord voor ${g.username} (${g.rol})\nwachtwoord: ${wachtwoord}\n`);
        return 0;
      });
    }
    const rol = values.rol as GebruikerRol | undefined;
    if (rol === undefined) throw new UsageError('--rol ontbreekt');
    if (!ROLLEN.includes(rol)) throw new UsageError(`--rol moet een van ${ROLLEN.join(', ')} zijn, is '${rol}'`);
    for (const g of gemeenten) if (!CBS.test(g)) throw new UsageError(`--gemeente moet een CBS-code van 4 cijfers zijn, is '${g}'`);
    if (agb !== undefined && !AGB.test(agb)) throw new UsageError(`--agb moet een AGB-code van 8 cijfers zijn, is '${agb}'`);
    if (rol === 'gemeente' && gemeenten.length === 0) throw new UsageError('rol gemeente heeft minstens één --gemeente CBS nodig');
    if (rol !== 'gemeente' && gemeenten.length > 0) throw new UsageError(`--gemeente hoort alleen bij rol gemeente, niet bij ${rol}`);
    if (rol === 'aanbieder' && !agb) throw new UsageError('rol aanbieder heeft --agb nodig');
    if (rol !== 'aanbieder' && agb) throw new UsageError(`--agb hoort alleen bij rol aanbieder, niet bij ${rol}`);
    const username = naam ?? (rol === 'aanbieder' ? agb : undefined);
    if (!username) throw new UsageError('--naam ontbreekt');
    const wachtwoord = nieuwWachtwoord();
    return metDatabase(async (ds) => {
      if (agb) await bestaandeAanbieder(ds, agb);
      const g = await maakGebruiker(ds, { username, rol, wachtwoord, agbCode: agb ?? null, gemeenten });
      await schrijfAudit(ds, { actor: 'cli', action: 'gebruiker.aangemaakt', entity: 'app_user', entityId: String(g.id), details: { rol, username, gemeenten } });
      const scope = g.gemeenten.length ? `, gemeente ${g.gemeenten.join(', ')}` : g.agbCode ? `, AGB ${g.agbCode}` : '';
      io.out(`gebruiker ${username} aangemaakt (rol ${rol}${scope})\nwachtwoord: ${wachtwoord}\n`);
      return 0;
    });
  },
};

async function metDatabase(werk: (ds: DataSource) => Promise<number>): Promise<number> {
  const db = await cliDatabase({ blijvend: true, door: 'gebruiker' });
  try {
    return await werk(db.dataSource);
  } finally {
    await db.close();
  }
}
