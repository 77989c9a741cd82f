import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leesConfig, maakLogger, type PlafondConfig } from '@plafond/core';
import { maakGebruiker, nieuwWachtwoord, schrijfAudit, type DataSource, type GebruikerRol } from '@plafond/db';
import { aanbiedersCsv, budgetlijnenCsv, genereerMaand, genereerRegio, plafondsCsv, STANDAARD_OPTIES, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { maakDbIntakeDeps, maakVerwerker, startIntake } from '@plafond/intake';
import { standaardUitnutting, startBackoffice } from '@plafond/backoffice';
import { rapportMakers } from '@plafond/rapportage';
import { poortOptie, UsageError, type Command, type Io } from '../command';
import { cliDatabase } from '../database';
import { importeerStamdataUit, verwerkBerichten } from '../verwerk';

/** The address a server really listens on, as people read it. */
function adresVan(server: { server: { address(): AddressInfo | string | null }; url: string }): string {
  const a = server.server.address();
  if (!a || typeof a === 'string') return server.url;
  const overal = a.address === '0.0.0.0' || a.address === '::';
  return `${a.address}:${a.port}${overal ? ` (alle netwerkinterfaces; hier: ${server.url})` : ` (${server.url})`}`;
}

function geheel(v: unknown, naam: string, min: number, max: number, standaard: number): number {
  if (v === undefined) return standaard;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n < min || n > max) throw new UsageError(`--${naam} moet een geheel getal van ${min} tot en met ${max} zijn`);
  return n;
}

export const serve: Command = {
  name: 'serve',
  summary: 'de intake (aanbieders) en de backoffice (schermen en API) starten',
  usage: 'plafond serve [--port N] [--backoffice-port N] [--demo [--clienten N] [--maanden N] [--aanbieders N]]',
  help: [
    'Start de intake-API (OpenAPI op /openapi.json) en de backoffice (schermen, JSON-API onder /api, OpenAPI op',
    '/api/openapi.json). Met REDIS_URL gaan berichten naar de wachtrij van de berichten-workers; zonder worden ze in',
    'dit proces verwerkt. Database: DATABASE_URL, of de ingebouwde PostgreSQL in PLAFOND_HOME (zie plafond db).',
    'Aanbieders melden zich bij de intake aan met HTTP Basic (AGB-code en wachtwoord van `plafond gebruiker`);',
    'backoffice, contractmanager, gemeente en beheer melden zich aan in de backoffice.',
    '  --port N             poort van de intake (standaard INTAKE_PORT of 3001)',
    '  --backoffice-port N  poort van de backoffice (standaard BACKOFFICE_PORT of 3002)',
    '  --demo               een gegenereerde regio in een tijdelijke ingebouwde database, met per rol een login',
    '  --clienten N         (demo) cliënten in zorg, standaard 400',
    '  --maanden N          (demo) maanden vanaf januari, standaard 3',
    '  --aanbieders N       (demo) aanbieders, standaard 12',
  ],
  options: {
    port: { type: 'string' }, 'backoffice-port': { type: 'string' }, demo: { type: 'boolean' },
    clienten: { type: 'string' }, maanden: { type: 'string' }, aanbieders: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) throw new UsageError(`onverwacht argument '${positionals[0]}'`);
    const config = leesConfig();
    const intakePort = poortOptie(values, 'port', config.intakePort);
    const backofficePort = poortOptie(values, 'backoffice-port', config.backofficePort);
    const demo = values.demo === true;
    if (!demo && (values.clienten !== undefined || values.maanden !== undefined || values.aanbieders !== undefined)) throw new UsageError('--clienten, --maanden en --aanbieders horen bij --demo');
    const demoOpties = {
      clienten: geheel(values.clienten, 'clienten', 10, 100_000, 400),
      maanden: geheel(values.maanden, 'maanden', 1, 12, 3),
      aanbieders: geheel(values.aanbieders, 'aanbieders', 2, 500, 12),
    };
    const log = maakLogger({ level: config.logLevel, velden: { dienst: 'plafond-serve' } });
    for (const w of config.waarschuwingen) log.warn(w);
    const db = await cliDatabase({ blijvend: !demo, door: 'serve' });
    try {
      const logins = demo ? await laadDemo(db.dataSource, config, demoOpties, io) : [];
      const verwerker = maakVerwerker(config, db.dataSource, log);
      const intake = await startIntake({ ...config, intakePort }, maakDbIntakeDeps(db.dataSource, verwerker.verwerk, verwerker.verwerkOhw), {
        logger: log.child({ dienst: 'intake' }),
        // One process: the limits are counted here (PLAFOND_RATE_LIMIT_PER_MINUUT, PLAFOND_INLOG_POGINGEN).
        rateLimiet: { perMinuut: config.rateLimitPerMinuut, inlogPogingen: config.inlogPogingen, logger: log.child({ dienst: 'intake' }) },
      });
      const backoffice = await startBackoffice({ ...config, backofficePort }, {
        ds: db.dataSource, databaseUrl: db.url, uitnutting: standaardUitnutting(db.dataSource), rapporten: rapportMakers(db.dataSource), logger: log.child({ dienst: 'backoffice' }),
      });
      io.out(`intake luistert op ${adresVan(intake)} (${verwerker.viaWachtrij ? 'wachtrij in Redis' : 'verwerking in dit proces'})\n`);
      io.out(`backoffice luistert op ${adresVan(backoffice)}\n`);
      if (logins.length > 0) {
        io.out('\nDemo-logins (alleen voor deze sessie):\n');
        for (const l of logins) io.out(`  ${l.rol.padEnd(16)} gebruiker ${l.naam.padEnd(22)} wachtwoord: ${l.wachtwoord}${l.toelichting ? `  (${l.toelichting})` : ''}\n`);
        io.out(`\nOpen ${backoffice.url}/inloggen in de browser.\n`);
      }
      io.out('Ctrl-C stopt\n');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await Promise.all([intake.close(), backoffice.close()]);
      await verwerker.sluit();
      return 0;
    } finally {
      await db.close();
    }
  },
};

interface DemoLogin {
  rol: GebruikerRol;
  naam: string;
  wachtwoord: string;
  toelichting?: string;
}

/** A generated region through the real pipeline, and one user per role with a fresh password. */
async function laadDemo(ds: DataSource, config: PlafondConfig, o: { clienten: number; maanden: number; aanbieders: number }, io: Io): Promise<DemoLogin[]> {
  const regio = genereerRegio({ ...STANDAARD_OPTIES, ...o });
  const werk = await mkdtemp(join(tmpdir(), 'plafond-serve-demo-'));
  try {
    await writeFile(join(werk, 'aanbieders.csv'), aanbiedersCsv(regio));
    await writeFile(join(werk, 'tarieven.csv'), tarievenCsv(regio));
    await writeFile(join(werk, 'plafonds.csv'), plafondsCsv(regio));
    await writeFile(join(werk, 'budgetlijnen.csv'), budgetlijnenCsv(regio));
    await importeerStamdataUit(ds, werk);
  } finally {
    await rm(werk, { recursive: true, force: true });
  }
  io.err(`demo: regio met ${regio.aanbieders.length} aanbieders en ${regio.clienten.length} cliënten, ${o.maanden} maanden verwerken…\n`);
  for (let m = 0; m < o.maanden; m++) {
    const maand = genereerMaand(regio, m);
    const berichten = maand.berichten.map((b) => ({ naam: b.bestandsnaam, get inhoud() { return Buffer.from(serialiseer(b.model)); } }));
    await verwerkBerichten(ds, berichten, { config });
  }
  const gemeente = '0479';
  const aanbieder = regio.aanbieders[0].agb;
  const rollen: { rol: GebruikerRol; naam: string; gemeenten?: string[]; agb?: string; toelichting?: string }[] = [
    { rol: 'backoffice', naam: 'demo-backoffice', toelichting: 'ziet alles, ook BSN' },
    { rol: 'contractmanager', naam: 'demo-contractmanager', toelichting: 'alle aanbieders, pseudoniemen, plafonds wijzigen' },
    { rol: 'gemeente', naam: 'demo-gemeente', gemeenten: [gemeente], toelichting: `alleen gemeente Zaanstad (${gemeente})` },
    { rol: 'beheer', naam: 'demo-beheer', toelichting: 'beheer: alles en gebruikers' },
    { rol: 'aanbieder', naam: aanbieder, agb: aanbieder, toelichting: 'intake-API met HTTP Basic' },
  ];
  const logins: DemoLogin[] = [];
  for (const r of rollen) {
    const wachtwoord = nieuwWachtwoord();
    const g = await maakGebruiker(ds, { username: r.naam, rol: r.rol, wachtwoord, gemeenten: r.gemeenten, agbCode: r.agb ?? null });
    await schrijfAudit(ds, { actor: 'cli', action: 'gebruiker.aangemaakt', entity: 'app_user', entityId: String(g.id), details: { rol: r.rol, username: r.naam, demo: true } });
    logins.push({ rol: r.rol, naam: r.naam, wachtwoord, toelichting: r.toelichting });
  }
  return logins;
}
