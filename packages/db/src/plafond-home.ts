import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { ConfiguratieFout } from '@plafond/core';
import { maakToegankelijk, verbindEnMigreer, vrijePoort, type Database } from './database';
import { EmbeddedServer } from './embedded-server';

/*
 * The one embedded PostgreSQL that every CLI command shares, kept under PLAFOND_HOME:
 *
 *   PLAFOND_HOME/postgres/      the cluster (PGDATA); its postmaster.pid says whether it runs and on which port
 *   PLAFOND_HOME/wachtwoord     the superuser password (0600), made at initdb
 *   PLAFOND_HOME/server.json    who started the running server and whether it stops by itself
 *   PLAFOND_HOME/postgres.log   the server's log
 *   PLAFOND_HOME/start.lock     held while a command starts or stops the server
 *   PLAFOND_HOME/gebruikers/    one file per command using the server (named by its pid), made under the
 *                               lock before it connects, so the last user never stops a server another
 *                               command has just found but not yet connected to
 *
 * The server always runs detached. `plafond db start` starts one that runs until `plafond db stop`; a
 * command that finds none starts one "automatisch", and whichever command is the last to use an automatic
 * server stops it. A command that crashes leaves at most a running server behind, which the next command
 * uses (and stops); a stale postmaster.pid of a server that died is removed before a start.
 */

/**
 * The directory of the shared embedded database: `PLAFOND_HOME`; by default `$XDG_DATA_HOME/plafond`
 * (`~/.local/share/plafond`), as root `/var/lib/plafond` (the server then runs as user postgres, which
 * cannot enter root's home).
 */
export function plafondHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PLAFOND_HOME) return resolve(env.PLAFOND_HOME);
  if (process.getuid?.() === 0) return '/var/lib/plafond';
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'plafond');
}

export interface DatabaseStatus {
  home: string;
  dataDir: string;
  actief: boolean;
  pid?: number;
  port?: number;
  /** ISO time the running server was started. */
  sinds?: string;
  /** True when the last command using it stops it; false when it was started with `plafond db start`. */
  automatisch?: boolean;
  /** The command that started it. */
  door?: string;
  /** Connection URL without the password (that is in `PLAFOND_HOME/wachtwoord`). */
  url?: string;
}

interface ServerJson {
  pid: number;
  port: number;
  sinds: string;
  automatisch: boolean;
  door: string;
}

const paden = (home: string) => ({
  dataDir: join(home, 'postgres'),
  wachtwoord: join(home, 'wachtwoord'),
  server: join(home, 'server.json'),
  log: join(home, 'postgres.log'),
  slot: join(home, 'start.lock'),
  gebruikers: join(home, 'gebruikers'),
});

/** Registers this command as a user of the server (under the lock); returns the marker's path. */
async function meldGebruiker(home: string): Promise<string> {
  const dir = paden(home).gebruikers;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pad = join(dir, `${process.pid}-${randomBytes(4).toString('hex')}`);
  await writeFile(pad, '', { mode: 0o600 });
  return pad;
}

/** The other commands that use the server now; markers of processes that are gone are removed. */
async function andereGebruikers(home: string): Promise<number> {
  const dir = paden(home).gebruikers;
  let n = 0;
  for (const naam of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(naam.split('-')[0]);
    if (pid > 0 && leeft(pid)) n++;
    else await rm(join(dir, naam), { force: true });
  }
  return n;
}

function leeft(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `pid` is a postgres server on `dataDir` (where /proc exists to tell; elsewhere: when it lives). */
function isPostgresOp(pid: number, dataDir: string): boolean {
  if (!leeft(pid)) return false;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmd.some((a) => /postgres$/.test(a)) && cmd.includes(dataDir);
  } catch {
    return process.platform !== 'linux';
  }
}

/** The server that runs on the cluster now, from its postmaster.pid: pid, port and state. */
async function postmaster(dataDir: string): Promise<{ pid: number; port: number; klaar: boolean; oud: boolean } | null> {
  const tekst = await readFile(join(dataDir, 'postmaster.pid'), 'utf8').catch(() => null);
  if (tekst === null) return null;
  const regels = tekst.split('\n');
  const pid = Number(regels[0]);
  const port = Number(regels[3]);
  const oud = !(pid > 0 && isPostgresOp(pid, dataDir));
  return { pid, port, klaar: regels[7]?.trim() === 'ready', oud };
}

async function leesServerJson(pad: string): Promise<ServerJson | null> {
  try {
    return JSON.parse(await readFile(pad, 'utf8')) as ServerJson;
  } catch {
    return null;
  }
}

/** Whether the shared database runs, and where. Never starts or changes anything. */
export async function databaseStatus(home = plafondHome()): Promise<DatabaseStatus> {
  const p = paden(home);
  const pm = await postmaster(p.dataDir);
  if (!pm || pm.oud || !pm.klaar) return { home, dataDir: p.dataDir, actief: false };
  const info = await leesServerJson(p.server);
  const eigen = info?.pid === pm.pid ? info : null;
  return {
    home, dataDir: p.dataDir, actief: true, pid: pm.pid, port: pm.port,
    // Without its server.json the server's start was interrupted: nobody asked for it to stay.
    sinds: eigen?.sinds, automatisch: eigen?.automatisch ?? true, door: eigen?.door ?? 'onbekend (afgebroken start)',
    url: `postgres://postgres@127.0.0.1:${pm.port}/plafond`,
  };
}

/** Runs `f` while holding PLAFOND_HOME/start.lock; a lock left by a process that died is taken over. */
async function metSlot<T>(home: string, f: () => Promise<T>): Promise<T> {
  const { slot } = paden(home);
  await mkdir(home, { recursive: true });
  const tot = Date.now() + 120_000;
  for (;;) {
    try {
      const fh = await open(slot, 'wx', 0o600);
      await fh.writeFile(String(process.pid));
      await fh.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const houder = Number(await readFile(slot, 'utf8').catch(() => ''));
      // An empty file is a lock being written this instant; only a lock whose process is gone is stale.
      if (houder > 0 && !leeft(houder)) await rm(slot, { force: true });
      else if (Date.now() > tot) throw new ConfiguratieFout(`de database in ${home} wordt al 2 minuten gestart of gestopt door proces ${houder}; verwijder ${slot} als dat proces niet meer bestaat`);
      else await new Promise((ok) => setTimeout(ok, 100));
    }
  }
  try {
    return await f();
  } finally {
    await rm(slot, { force: true });
  }
}

async function wachtwoord(home: string): Promise<string> {
  const p = paden(home);
  const bestaat = await stat(join(p.dataDir, 'PG_VERSION')).then(() => true, () => false);
  const gelezen = await readFile(p.wachtwoord, 'utf8').then((t) => t.trim(), () => null);
  if (gelezen) return gelezen;
  if (bestaat) throw new ConfiguratieFout(`${p.wachtwoord} ontbreekt: zonder dat wachtwoord is de database in ${p.dataDir} niet te openen`);
  const nieuw = randomBytes(18).toString('base64url');
  await writeFile(p.wachtwoord, `${nieuw}\n`, { mode: 0o600 });
  return nieuw;
}

/** Starts the server (under the lock); initialises the cluster the first time. */
async function startOnderSlot(home: string, opts: { automatisch: boolean; door: string; onLog?: (r: string) => void }): Promise<void> {
  const p = paden(home);
  await mkdir(home, { recursive: true });
  await maakToegankelijk(home);
  const pw = await wachtwoord(home);
  const pm = await postmaster(p.dataDir);
  if (pm && pm.oud) await rm(join(p.dataDir, 'postmaster.pid'), { force: true });
  else if (pm) {
    // A server of this cluster is starting or stopping right now (started by hand, or by an older version).
    for (let i = 0; i < 600 && !(await databaseStatus(home)).actief && (await postmaster(p.dataDir)); i++) await new Promise((ok) => setTimeout(ok, 100));
    if ((await databaseStatus(home)).actief) return;
  }
  const port = await vrijePoort();
  const server = new EmbeddedServer({ dataDir: p.dataDir, port, password: pw, onLog: opts.onLog ?? (() => undefined) });
  if (!(await stat(join(p.dataDir, 'PG_VERSION')).then(() => true, () => false))) await server.initialise();
  const pid = await server.startAchtergrond(p.log);
  const info: ServerJson = { pid, port, sinds: new Date().toISOString(), automatisch: opts.automatisch, door: opts.door };
  await writeFile(p.server, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  const beheer = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: pw, database: 'postgres' });
  await beheer.connect();
  try {
    const { rowCount } = await beheer.query('SELECT 1 FROM pg_database WHERE datname = $1', ['plafond']);
    if (!rowCount) await beheer.query('CREATE DATABASE plafond');
  } finally {
    await beheer.end();
  }
}

/**
 * Starts the shared database in the background unless it runs. `automatisch: false` (plafond db start)
 * also makes a running automatic server stay until `plafond db stop`. Returns whether it was started now.
 */
export async function startDatabase(home = plafondHome(), opts: { automatisch?: boolean; door?: string; onLog?: (r: string) => void } = {}): Promise<{ gestart: boolean; status: DatabaseStatus }> {
  const automatisch = opts.automatisch ?? false;
  const gestart = await metSlot(home, async () => {
    const s = await databaseStatus(home);
    if (s.actief) {
      if (!automatisch && s.automatisch) {
        const info = await leesServerJson(paden(home).server);
        if (info) await writeFile(paden(home).server, `${JSON.stringify({ ...info, automatisch: false }, null, 2)}\n`, { mode: 0o600 });
      }
      return false;
    }
    await startOnderSlot(home, { automatisch, door: opts.door ?? 'db start', onLog: opts.onLog });
    return true;
  });
  return { gestart, status: await databaseStatus(home) };
}

async function stopOnderSlot(home: string): Promise<boolean> {
  const p = paden(home);
  const s = await databaseStatus(home);
  const pm = await postmaster(p.dataDir);
  const pid = s.pid ?? (pm && !pm.oud ? pm.pid : undefined);
  if (pid === undefined) {
    if (pm?.oud) await rm(join(p.dataDir, 'postmaster.pid'), { force: true });
    await rm(p.server, { force: true });
    return false;
  }
  // Fast shutdown: open sessions are ended, a checkpoint is written. After 60 s an immediate one.
  process.kill(pid, 'SIGINT');
  for (let i = 0; leeft(pid); i++) {
    if (i === 600) process.kill(pid, 'SIGQUIT');
    await new Promise((ok) => setTimeout(ok, 100));
  }
  await rm(p.server, { force: true });
  return true;
}

/** Stops the shared database; false when it was not running. */
export function stopDatabase(home = plafondHome()): Promise<boolean> {
  return metSlot(home, () => stopOnderSlot(home));
}

function isVerbindingsFout(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P01' || code === '57P03' || /Connection terminated unexpectedly/.test(String((e as Error)?.message));
}

/**
 * Connects to the shared embedded database of PLAFOND_HOME (and migrates it), starting it when it does
 * not run. `close()` closes the connections and stops an automatically started server when no other
 * command is connected to it any more.
 */
export async function openGedeeldeDatabase(opts: { home?: string; door: string; onLog?: (r: string) => void }): Promise<Database> {
  const home = opts.home ?? plafondHome();
  const appNaam = `plafond ${opts.door} ${process.pid}`;
  for (let poging = 0; ; poging++) {
    let zelfGestart = false;
    let marker = '';
    const s = await metSlot(home, async () => {
      let st = await databaseStatus(home);
      if (!st.actief) {
        await startOnderSlot(home, { automatisch: true, door: opts.door, onLog: opts.onLog });
        zelfGestart = true;
        st = await databaseStatus(home);
      }
      // Registered before the lock is let go: a command that closes meanwhile sees this one and leaves the server.
      marker = await meldGebruiker(home);
      return st;
    });
    const pw = await wachtwoord(home);
    const url = `postgres://postgres:${encodeURIComponent(pw)}@127.0.0.1:${s.port}/plafond`;
    let dataSource;
    try {
      dataSource = await verbindEnMigreer(url, appNaam);
    } catch (e) {
      await rm(marker, { force: true });
      // The server stopped between finding it and connecting (stopped by hand): start again.
      if (poging < 3 && isVerbindingsFout(e)) continue;
      throw e;
    }
    return {
      dataSource,
      url,
      embedded: zelfGestart,
      close: async () => {
        await dataSource.destroy();
        await rm(marker, { force: true });
        await stopAlsLaatste(home, s.pid!, pw, appNaam);
      },
    };
  }
}

/** Stops an automatically started server when no client of another process is connected to it. */
async function stopAlsLaatste(home: string, pid: number, pw: string, appNaam: string): Promise<void> {
  await metSlot(home, async () => {
    const s = await databaseStatus(home);
    if (!s.actief || s.pid !== pid || !s.automatisch) return;
    if ((await andereGebruikers(home)) > 0) return;
    const c = new pg.Client({ host: '127.0.0.1', port: s.port, user: 'postgres', password: pw, database: 'postgres', application_name: 'plafond-stop' });
    await c.connect();
    let anderen: number;
    try {
      const { rows } = await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND application_name IS DISTINCT FROM $1`, [appNaam]);
      anderen = Number(rows[0].n);
    } finally {
      await c.end();
    }
    if (anderen === 0) await stopOnderSlot(home);
  });
}
