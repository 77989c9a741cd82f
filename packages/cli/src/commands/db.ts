import { databaseStatus, plafondHome, startDatabase, stopDatabase, type DatabaseStatus } from '@plafond/db';
import { EXIT, UsageError, type Command, type Io } from '../command';

function toon(s: DatabaseStatus, io: Io): void {
  io.out(`PLAFOND_HOME  ${s.home}\n`);
  io.out(`datamap       ${s.dataDir}\n`);
  if (!s.actief) {
    io.out('status        draait niet\n');
    return;
  }
  io.out(`status        draait (pid ${s.pid}, poort ${s.port}${s.sinds ? `, sinds ${s.sinds}` : ''})\n`);
  io.out(`gestart       ${s.automatisch ? `automatisch door plafond ${s.door ?? '?'}; stopt na het laatste commando dat hem gebruikt` : `${s.door ? `door plafond ${s.door}` : 'met de hand'}; draait tot plafond db stop`}\n`);
  io.out(`verbinding    ${s.url} (wachtwoord in ${s.home}/wachtwoord)\n`);
}

export const db: Command = {
  name: 'db',
  summary: 'de ingebouwde PostgreSQL die alle commando\'s delen: starten, stoppen, status',
  usage: 'plafond db start|stop|status',
  help: [
    'Zonder DATABASE_URL werken alle commando\'s (import, verwerk, serve, gebruiker, migreer, …) op één ingebouwde',
    'PostgreSQL in PLAFOND_HOME (standaard ~/.local/share/plafond, als root /var/lib/plafond).',
    '  start   start hem op de achtergrond; hij blijft draaien tot plafond db stop',
    '  stop    stopt hem (lopende sessies worden beëindigd)',
    '  status  toont PLAFOND_HOME, of hij draait, pid, poort en verbinding; exitcode 3 als hij niet draait',
    'Draait hij niet, dan start een commando hem zelf en stopt hem weer als het als laatste klaar is. Een',
    'afgebroken commando laat hooguit een draaiende server achter, die het volgende commando gebruikt.',
  ],
  options: {},
  async run({ positionals }, io) {
    const [actie, ...rest] = positionals;
    if (rest.length) throw new UsageError(`onverwacht argument '${rest[0]}'`);
    const home = plafondHome();
    switch (actie) {
      case 'start': {
        const { gestart, status } = await startDatabase(home, { door: 'db start' });
        io.out(gestart ? 'database gestart\n' : 'database draaide al; hij blijft nu draaien tot plafond db stop\n');
        toon(status, io);
        return EXIT.ok;
      }
      case 'stop':
        io.out((await stopDatabase(home)) ? `database in ${home} gestopt\n` : `database in ${home} draaide niet\n`);
        return EXIT.ok;
      case 'status': {
        const s = await databaseStatus(home);
        toon(s, io);
        return s.actief ? EXIT.ok : EXIT.nietActief;
      }
      case undefined:
        throw new UsageError('noem start, stop of status');
      default:
        throw new UsageError(`onbekende actie '${actie}': kies start, stop of status`);
    }
  },
};
