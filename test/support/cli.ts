/**
 * Test support: runs the real `plafond` command (bin/plafond.mjs) as a child process, the way a user
 * or a script does, and gives its exit code and output.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/plafond.mjs');

export interface Uitvoer {
  code: number | null;
  /** The signal that ended it, when it did not exit by itself. */
  signaal: NodeJS.Signals | null;
  uit: string;
  fout: string;
}

export interface PlafondOpties {
  /** Environment on top of this process's (a value `undefined` removes a key). */
  env?: Record<string, string | undefined>;
  /** Written to standard input (closed after it). */
  invoer?: string | Buffer;
  /** Killed with SIGKILL after this many ms (default 120 s). */
  timeoutMs?: number;
  cwd?: string;
}

/** Runs `plafond ...args` to its end. */
export function plafond(args: string[], opts: PlafondOpties = {}): Promise<Uitvoer> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return new Promise((ok, fout) => {
    const kind = spawn(process.execPath, [BIN, ...args], { env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let uit = '';
    let err = '';
    kind.stdout.on('data', (c: Buffer) => (uit += c.toString()));
    kind.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const klok = setTimeout(() => kind.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    kind.on('error', fout);
    kind.on('close', (code, signaal) => {
      clearTimeout(klok);
      ok({ code, signaal, uit, fout: err });
    });
    kind.stdin.end(opts.invoer ?? '');
  });
}

/** The lines of a text without the empty last one. */
export function regels(tekst: string): string[] {
  return tekst.split('\n').filter((r, i, a) => r !== '' || i < a.length - 1);
}
