import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NietGevonden } from '@plafond/core';
import { sqlRijen, type Db } from './db';

/** The repository's `sql/` directory; `PLAFOND_SQL_DIR` overrides. */
export function sqlMap(): string {
  return process.env.PLAFOND_SQL_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../sql');
}

export interface SqlBestand {
  naam: string;
  /** The header comment's description lines. */
  omschrijving: string;
  /** Parameters as the header names them, in $-order: `-- $1 jaar: ...` gives `jaar`. */
  parameters: string[];
  tekst: string;
}

const cache = new Map<string, SqlBestand>();

/**
 * Reads `sql/<naam>.sql`: one statement, preceded by a header comment whose `-- $n naam: …`
 * lines name the parameters. A file whose header does not name $1..$n exactly is refused.
 */
export async function laadSql(naam: string): Promise<SqlBestand> {
  const hit = cache.get(naam);
  if (hit) return hit;
  if (!/^[a-z0-9-]+$/.test(naam)) throw new NietGevonden(`geen sql-bestand: ${naam}`);
  const pad = join(sqlMap(), `${naam}.sql`);
  const tekst = await readFile(pad, 'utf8').catch(() => {
    throw new NietGevonden(`geen sql-bestand: ${pad}`);
  });
  const kop = tekst.split('\n').filter((r) => r.startsWith('--')).map((r) => r.replace(/^--\s?/, ''));
  const parameters: string[] = [];
  const omschrijving: string[] = [];
  for (const r of kop) {
    const m = /^\$(\d+)\s+([a-z_][a-z0-9_]*)\b/i.exec(r);
    if (m) {
      if (+m[1] !== parameters.length + 1) throw new Error(`${pad}: parameter $${m[1]} niet op volgorde`);
      parameters.push(m[2]);
    } else omschrijving.push(r);
  }
  const gebruikt = Math.max(0, ...[...tekst.matchAll(/\$(\d+)/g)].map((m) => +m[1]));
  if (gebruikt !== parameters.length) throw new Error(`${pad}: gebruikt $1..$${gebruikt} maar de kop noemt ${parameters.length} parameters`);
  const bestand = { naam, omschrijving: omschrijving.join('\n').trim(), parameters, tekst };
  cache.set(naam, bestand);
  return bestand;
}

/** Names of all statements in `sql/`. */
export async function sqlBestanden(): Promise<string[]> {
  return (await readdir(sqlMap())).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4)).sort();
}

/** Runs `sql/<naam>.sql` with its parameters given by name. */
export async function voerSqlUit<R = Record<string, unknown>>(db: Db, naam: string, params: Record<string, unknown>): Promise<R[]> {
  const s = await laadSql(naam);
  const ontbrekend = s.parameters.filter((p) => !(p in params));
  if (ontbrekend.length) throw new Error(`sql ${naam}: parameter(s) ontbreken: ${ontbrekend.join(', ')}`);
  return sqlRijen<R>(db, s.tekst, s.parameters.map((p) => params[p]));
}
