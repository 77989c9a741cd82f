import type { AddressInfo } from 'node:net';
import { leesConfig, maakLogger } from '@plafond/core';
import { maakDbIntakeDeps, maakVerwerker, startIntake } from '@plafond/intake';
import { poortOptie, type Command } from '../command';
import { cliDatabase } from '../database';

export const serve: Command = {
  name: 'serve',
  summary: 'draai de intake: aanbieders sturen berichten en halen hun postbus op',
  usage: 'plafond serve [--port N]',
  help: [
    'Start de intake-API (OpenAPI op /openapi.json). Met REDIS_URL gaan berichten in de wachtrij voor de',
    'berichten-workers (start ze met `node --import tsx workers/berichten/src/main.ts`); zonder REDIS_URL worden',
    'ze in dit proces verwerkt. Database: DATABASE_URL, of de ingebouwde PostgreSQL in PLAFOND_HOME (zie plafond db);',
    'andere commando\'s (gebruiker, import, …) werken ondertussen op dezelfde database.',
    'Aanbieders loggen in met HTTP Basic: hun AGB-code en het wachtwoord van `plafond gebruiker`.',
    '  --port N  poort (standaard INTAKE_PORT of 3001; 0 = een vrije poort)',
  ],
  options: { port: { type: 'string' } },
  positionals: false,
  async run({ values }, io) {
    const config = leesConfig();
    const port = poortOptie(values, 'port', config.intakePort);
    const log = maakLogger({ level: config.logLevel, velden: { dienst: 'intake' } });
    for (const w of config.waarschuwingen) log.warn(w);
    const db = await cliDatabase({ blijvend: true, door: 'serve' });
    try {
      const verwerker = maakVerwerker(config, db.dataSource, log);
      try {
        const server = await startIntake({ ...config, intakePort: port }, maakDbIntakeDeps(db.dataSource, verwerker.verwerk, verwerker.verwerkOhw), { logger: log });
        const adres = server.server.address() as AddressInfo;
        const overal = adres.address === '0.0.0.0' || adres.address === '::';
        io.out(`intake luistert op ${adres.address}:${adres.port}${overal ? ` (alle netwerkinterfaces; hier: ${server.url})` : ` (${server.url})`}, `
          + `${verwerker.viaWachtrij ? 'wachtrij in Redis' : 'verwerking in dit proces'}; Ctrl-C stopt\n`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await server.close();
      } finally {
        await verwerker.sluit();
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
