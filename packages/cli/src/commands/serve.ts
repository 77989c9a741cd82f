import { leesConfig, maakLogger } from '@plafond/core';
import { maakDbIntakeDeps, maakVerwerker, startIntake } from '@plafond/intake';
import type { Command } from '../command';
import { cliDatabase } from '../database';

export const serve: Command = {
  name: 'serve',
  summary: 'run the intake service: aanbieders post messages and fetch their mailbox',
  usage: 'plafond serve [--port N]',
  help: [
    'Serves the intake API (OpenAPI at /openapi.json). With REDIS_URL messages are queued for the berichten',
    'workers (start them with `node --import tsx workers/berichten/src/main.ts`); without it they are processed',
    'in this process. Database: DATABASE_URL, or the embedded PostgreSQL kept under .plafond/db.',
    'Aanbieders log in with HTTP Basic: their AGB-code and the password set with `plafond gebruiker`.',
    '  --port N  port (default INTAKE_PORT or 3001)',
  ],
  options: { port: { type: 'string' } },
  async run({ values }, io) {
    const config = leesConfig();
    const log = maakLogger({ level: config.logLevel, velden: { dienst: 'intake' } });
    for (const w of config.waarschuwingen) log.warn(w);
    const db = await cliDatabase({ blijvend: true });
    const verwerker = maakVerwerker(config, db.dataSource, log);
    const port = typeof values.port === 'string' ? Number(values.port) : config.intakePort;
    const server = await startIntake({ ...config, intakePort: port }, maakDbIntakeDeps(db.dataSource, verwerker.verwerk, verwerker.verwerkOhw), { logger: log });
    io.out(`intake luistert op ${server.url} (${verwerker.viaWachtrij ? 'wachtrij in Redis' : 'verwerking in dit proces'}); Ctrl-C stopt\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    await verwerker.sluit();
    await db.close();
    return 0;
  },
};
