import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is bench/src/proces.ts). */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The benchmark's child entry. */
export const KIND = fileURLToPath(new URL('./kind.ts', import.meta.url));
/** The `plafond` command as users run it. */
export const BIN = fileURLToPath(new URL('../../bin/plafond.mjs', import.meta.url));

/**
 * Every child the harness started and has not yet seen exit, so an interrupted or failed run can stop
 * them — by pid, one by one — and leave nothing behind.
 */
const levend = new Set<ChildProcess>();

export function start(cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
  const kind = spawn(cmd, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  levend.add(kind);
  kind.once('exit', () => levend.delete(kind));
  kind.once('error', () => levend.delete(kind));
  return kind;
}

export function stopAlles(): void {
  for (const k of levend) if (k.exitCode === null && k.signalCode === null) k.kill('SIGKILL');
}

/** Cleanups of what is open right now (databases, queues, the temp dir), for an interrupted run. */
const opruimers = new Set<() => Promise<unknown>>();

/** Registers a cleanup for `noodstop`; returns the function that deregisters it once done normally. */
export function bijAfbreken(f: () => Promise<unknown>): () => void {
  opruimers.add(f);
  return () => opruimers.delete(f);
}

/** Interrupted (Ctrl-C): kills the children, then runs the registered cleanups, newest first. */
export async function noodstop(): Promise<void> {
  stopAlles();
  for (const f of [...opruimers].reverse()) {
    opruimers.delete(f);
    await f().catch(() => undefined);
  }
}

export interface Afloop {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a child to its end; collects its output. */
export function draai(cmd: string, args: string[], opts: SpawnOptions = {}): Promise<Afloop> {
  const t0 = performance.now();
  const kind = start(cmd, args, opts);
  let stdout = '';
  let stderr = '';
  kind.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  kind.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
  return new Promise((ok, nok) => {
    kind.once('error', nok);
    kind.once('close', (code) => ok({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** Runs `kind.ts <taak> args` under tsx and returns its JSON line; throws with its stderr when it fails. */
export async function draaiKind<T>(taak: string, args: string[], opts: { env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<T> {
  const a = await draai(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', KIND, taak, ...args], { env: opts.env ?? process.env });
  const regel = a.stdout.trim().split('\n').pop() ?? '';
  if (a.code !== 0 || !regel.startsWith('{')) throw new Error(`bench-kind ${taak} faalde (exit ${a.code}):\n${a.stderr.slice(-4000)}`);
  return JSON.parse(regel) as T;
}

/** Peak resident set size of a running process in KiB (Linux `VmHWM`), or null where /proc has none. */
export function piekRss(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Waits for a child to exit; kills it after `ms` when it does not. */
export function wachtOpEinde(kind: ChildProcess, ms: number): Promise<void> {
  if (kind.exitCode !== null || kind.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const t = setTimeout(() => kind.kill('SIGKILL'), ms);
    kind.once('exit', () => {
      clearTimeout(t);
      ok();
    });
  });
}
