/**
 * Test support for fault and load tests with real processes on loopback: a private Redis server that can be
 * killed and restarted (nobody else's Redis is touched), the intake and berichten workers as child
 * processes, and free ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const wacht = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function vrijePoort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Waits until `voorwaarde` holds, at most `ms`; throws `wat` otherwise. */
export async function tot(voorwaarde: () => Promise<boolean> | boolean, ms: number, wat: string): Promise<void> {
  const t = Date.now();
  while (!(await voorwaarde())) {
    if (Date.now() - t > ms) throw new Error(`${wat}: niet bereikt binnen ${ms} ms`);
    await wacht(100);
  }
}

/** A private redis-server on its own port, without persistence: a restart loses every job (the worst case). */
export class PriveRedis {
  private proces: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'plafond-redis-'));
  constructor(readonly port: number) {}
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start(): Promise<void> {
    const p = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proces = p;
    let uit = '';
    await new Promise<void>((ok, fout) => {
      p.stdout!.on('data', (d: Buffer) => {
        uit += d.toString();
        if (uit.includes('Ready to accept connections')) ok();
      });
      p.once('exit', (c) => fout(new Error(`redis-server stopte (${c}): ${uit.slice(-300)}`)));
    });
  }
  /** Kills the server outright (SIGKILL): connections drop, every key is gone. */
  async dood(): Promise<void> {
    const p = this.proces;
    if (!p || p.exitCode !== null) return;
    p.kill('SIGKILL');
    await once(p, 'exit');
    this.proces = null;
  }
  async stop(): Promise<void> {
    await this.dood();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A Plafond process (intake or worker) with its output kept for when a test fails. */
export class Kind {
  readonly uitvoer: string[] = [];
  readonly proces: ChildProcess;
  readonly klaar: Promise<{ code: number | null; signaal: NodeJS.Signals | null }>;
  constructor(readonly naam: string, script: string, env: NodeJS.ProcessEnv, logs?: string[]) {
    this.proces = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
    const bewaar = (d: Buffer) => {
      const t = d.toString();
      this.uitvoer.push(t);
      logs?.push(t);
    };
    this.proces.stdout!.on('data', bewaar);
    this.proces.stderr!.on('data', bewaar);
    this.klaar = new Promise((r) => this.proces.once('exit', (code, signaal) => r({ code, signaal })));
  }
  /** True once the test itself signalled the process: its exit is expected, not a crash. */
  bedoeld = false;
  /** Sends a signal on purpose. */
  signaleer(signaal: NodeJS.Signals): void {
    this.bedoeld = true;
    if (this.loopt) this.proces.kill(signaal);
  }
  /** Throws when the process ended without the test asking it to: a crash. */
  controleerLevend(): void {
    if (!this.bedoeld && !this.loopt) throw new Error(`${this.naam} is gecrasht: ${this.uitvoer.join('').slice(-3000)}`);
  }
  get loopt(): boolean {
    return this.proces.exitCode === null && this.proces.signalCode === null;
  }
  /** Resolves when a log line containing `tekst` appeared. */
  async wachtOp(tekst: string, ms = 30_000): Promise<void> {
    await tot(() => {
      if (!this.loopt) throw new Error(`${this.naam} stopte: ${this.uitvoer.join('').slice(-1500)}`);
      return this.uitvoer.join('').includes(tekst);
    }, ms, `${this.naam}: '${tekst}'`);
  }
  async stop(signaal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.signaleer(signaal);
    await this.klaar;
  }
}

export const INTAKE = 'services/intake/src/main.ts';
export const WORKER = 'workers/berichten/src/main.ts';
