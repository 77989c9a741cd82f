import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isDatum, PlafondError, ValidatieFout, type Datum } from '@plafond/core';
import { EXIT, UsageError } from './basis';

export { EXIT, helpText, parse, processIo, UsageError, type Command, type CommandInfo, type Io } from './basis';

interface ErrnoFout extends Error {
  code?: string;
  path?: string;
  syscall?: string;
  address?: string;
  port?: number;
}

/**
 * The one line and exit code for an error that reaches the CLI: typed errors of `@plafond/core` and
 * usage errors are the user's mistakes and say what to do; file-system and connection errors name the
 * file or server; anything else is a bug (exit 70; `PLAFOND_DEBUG=1` adds the stack trace).
 */
export function foutUitvoer(e: unknown, cmd: string): { tekst: string; code: number } {
  const kop = `plafond ${cmd}: `;
  if (e instanceof UsageError) return { tekst: `${kop}${e.message} (zie plafond help ${cmd})\n`, code: EXIT.gebruik };
  if (e instanceof ValidatieFout) {
    // A message that lists its findings itself (one per line) is printed as it is; otherwise the findings follow it.
    const regels = e.message.includes('\n') || e.meldingen.length === 0 ? [] : e.meldingen.map((m) => `  ${m.pad}: ${m.tekst}`);
    return { tekst: `${kop}${e.message}\n${regels.map((r) => `${r}\n`).join('')}`, code: EXIT.fout };
  }
  if (e instanceof PlafondError) return { tekst: `${kop}${e.message}\n`, code: EXIT.fout };
  const f = e as ErrnoFout;
  if (f instanceof Error && typeof f.code === 'string' && f.syscall) {
    const regel = systeemFout(f);
    if (regel) return { tekst: `${kop}${regel}\n`, code: EXIT.fout };
  }
  // PostgreSQL refusing the login or not knowing the database is a matter of configuration, not a bug.
  const pgCode = (e as { code?: unknown; severity?: unknown })?.severity ? String((e as { code?: unknown }).code) : '';
  if (/^(28|3D)/.test(pgCode)) {
    return { tekst: `${kop}de database weigert de verbinding: ${(e as Error).message}; controleer DATABASE_URL\n`, code: EXIT.fout };
  }
  const stack = process.env.PLAFOND_DEBUG ? `\n${(e as Error)?.stack ?? ''}` : ' (PLAFOND_DEBUG=1 toont de details)';
  return { tekst: `${kop}interne fout: ${(e as Error)?.message ?? String(e)}${stack}\n`, code: EXIT.intern };
}

function systeemFout(f: ErrnoFout): string | null {
  const pad = f.path ?? '';
  switch (f.code) {
    case 'ENOENT':
      return `${pad} bestaat niet`;
    case 'EISDIR':
      return `${pad} is een map, geen bestand`;
    case 'ENOTDIR':
      return `${pad} is geen map`;
    case 'EACCES':
    case 'EPERM':
      return `geen toegang tot ${pad}`;
    case 'EEXIST':
      return `${pad} bestaat al`;
    case 'EADDRINUSE':
      return `poort ${f.port ?? ''} is al in gebruik; kies een andere met --port`;
    case 'ENOSPC':
      return `de schijf is vol (${pad})`;
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENOTFOUND':
      return `database niet bereikbaar op ${f.address ?? ''}${f.port ? `:${f.port}` : ''} (${f.code}); controleer DATABASE_URL of start hem met plafond db start`;
    default:
      return null;
  }
}

// Option helpers: each turns a raw option value into a checked one or throws a Dutch UsageError, so
// every command refuses the same mistakes with the same words.

/** A string option; `verplicht` makes its absence a usage error. */
export function tekstOptie(values: Record<string, unknown>, naam: string, verplicht: true): string;
export function tekstOptie(values: Record<string, unknown>, naam: string, verplicht?: false): string | undefined;
export function tekstOptie(values: Record<string, unknown>, naam: string, verplicht = false): string | undefined {
  const v = values[naam];
  if (typeof v === 'string' && v !== '') return v;
  if (verplicht) throw new UsageError(`--${naam} ontbreekt`);
  return undefined;
}

/** A whole number from `min` to `max`; `standaard` when absent. */
export function geheelOptie(values: Record<string, unknown>, naam: string, min: number, max: number, standaard: number): number {
  const v = values[naam];
  if (v === undefined) return standaard;
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`--${naam} ${JSON.stringify(v)} moet een geheel getal van ${min} tot en met ${max} zijn`);
  return n;
}

/** A TCP port (0 = any free port); `standaard` when absent. */
export function poortOptie(values: Record<string, unknown>, naam: string, standaard: number): number {
  const v = values[naam];
  if (v === undefined) return standaard;
  const n = typeof v === 'string' && /^\d{1,5}$/.test(v) ? Number(v) : NaN;
  if (!(n >= 0 && n <= 65535)) throw new UsageError(`--${naam} ${JSON.stringify(v)} is geen poortnummer (0 tot en met 65535)`);
  return n;
}

/** A calendar date `YYYY-MM-DD` that exists. */
export function datumOptie(values: Record<string, unknown>, naam: string): Datum | undefined {
  const v = tekstOptie(values, naam);
  if (v === undefined) return undefined;
  if (!isDatum(v)) throw new UsageError(`--${naam} ${JSON.stringify(v)} is geen bestaande datum (JJJJ-MM-DD)`);
  return v;
}

/** A month `YYYY-MM`. */
export function maandOptie(values: Record<string, unknown>, naam: string): string | undefined {
  const v = tekstOptie(values, naam);
  if (v === undefined) return undefined;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw new UsageError(`--${naam} ${JSON.stringify(v)} is geen maand (JJJJ-MM)`);
  return v;
}

/** One of a fixed list of values. */
export function keuzeOptie<T extends string>(values: Record<string, unknown>, naam: string, keuzes: readonly T[], standaard?: T): T {
  const v = values[naam];
  if (v === undefined && standaard !== undefined) return standaard;
  if (typeof v !== 'string' || !(keuzes as readonly string[]).includes(v)) {
    throw new UsageError(`--${naam} ${v === undefined ? 'ontbreekt' : JSON.stringify(v)}: kies uit ${keuzes.join(', ')}`);
  }
  return v as T;
}

/** An existing directory to read from (absolute path). */
export async function invoerMap(pad: string, naam: string): Promise<string> {
  const s = await stat(pad).catch(() => null);
  if (!s) throw new UsageError(`${naam} ${pad}: de map bestaat niet`);
  if (!s.isDirectory()) throw new UsageError(`${naam} ${pad} is een bestand, geen map`);
  return resolve(pad);
}

/** A directory to write to: it may not exist yet, but may not be a file (absolute path). */
export async function uitvoerMap(pad: string, naam: string): Promise<string> {
  const s = await stat(pad).catch(() => null);
  if (s && !s.isDirectory()) throw new UsageError(`${naam} ${pad} is een bestand, geen map`);
  return resolve(pad);
}
