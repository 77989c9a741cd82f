// Child process of the benchmark harness: each measured side runs in a process of its own, so its peak
// RSS is its own. Usage: node --import tsx bench/src/kind.ts <taak> ...; prints one JSON line on stdout.
//   check FILE                          checkBestand (the code behind `plafond check`)
//   verwerk DIR DATABASE_URL            the CLI's in-process pipeline over DIR's *.xml
//   produceer DIR DATABASE_URL REDIS_URL PREFIX   store each *.xml and enqueue it, as the intake does (8 at once)
//   ohw FILE DATABASE_URL AGB MAAND     read, check and store an OHW workbook as `plafond ohw inlezen` does
//   exceljs FILE                        a bare streaming read of a workbook by exceljs (every cell touched)
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import pg from 'pg';
import { leesConfig } from '@plafond/core';
import { openDatabase, slaOntvangenBerichtOp } from '@plafond/db';
import { checkBestand } from '@plafond/istandaard';
import { enqueueBericht, maakBerichtenQueue } from '@plafond/worker-berichten';
import { verwerkOhwBestand } from '@plafond/worker-ohw';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { basename } from 'node:path';
import { normaliseerSql, type SqlStatistiek } from './sql-statistiek';
import { berichtBestanden, verwerkMap } from '@plafond/cli';

function meet(): { maxRssKb: number; cpuMs: number } {
  const r = process.resourceUsage();
  return { maxRssKb: r.maxRSS, cpuMs: (r.userCPUTime + r.systemCPUTime) / 1000 };
}

function schrijf(uit: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(uit)}\n`);
}

/**
 * With PLAFOND_BENCH_PROFIEL=FILE the measured work (not the start-up) is CPU-profiled through the
 * inspector and the .cpuprofile written to FILE.
 */
async function gemeten<T>(werk: () => Promise<T>): Promise<{ uitkomst: T; ms: number }> {
  const pad = process.env.PLAFOND_BENCH_PROFIEL;
  const sessie = pad ? new Session() : null;
  if (sessie) {
    sessie.connect();
    await sessie.post('Profiler.enable');
    await sessie.post('Profiler.start');
  }
  const t0 = performance.now();
  const uitkomst = await werk();
  const ms = performance.now() - t0;
  if (sessie && pad) {
    const { profile } = await sessie.post('Profiler.stop');
    await writeFile(pad, JSON.stringify(profile));
    sessie.disconnect();
  }
  return { uitkomst, ms };
}

/**
 * With PLAFOND_BENCH_SQL=FILE every query of pg's clients (TypeORM's included) is counted and timed
 * from send to answer, per statement shape, and the totals written to FILE when the work is done.
 */
function telSql(): (() => Promise<void>) | null {
  const pad = process.env.PLAFOND_BENCH_SQL;
  if (!pad) return null;
  const per = new Map<string, { n: number; ms: number }>();
  const origineel = pg.Client.prototype.query;
  const noteer = (tekst: string, t0: number) => {
    const k = normaliseerSql(tekst);
    const s = per.get(k) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += performance.now() - t0;
    per.set(k, s);
  };
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const eerste = args[0] as string | { text?: string; submit?: unknown; stappen?: { sql: string }[]; klaar?: Promise<unknown> };
    // A batch of statements sent in one round trip (packages/db's pipeline): one shape for the whole batch.
    if (typeof eerste === 'object' && Array.isArray(eerste.stappen) && eerste.klaar) {
      const t0 = performance.now();
      const tekst = `[${eerste.stappen.map((s) => normaliseerSql(s.sql).slice(0, 40)).join(' | ')}]`;
      eerste.klaar.then(() => noteer(tekst, t0), () => noteer(tekst, t0));
      return (origineel as (...a: unknown[]) => unknown).apply(this, args);
    }
    const tekst = typeof eerste === 'string' ? eerste : eerste?.text;
    if (typeof tekst !== 'string' || (typeof eerste === 'object' && eerste.submit)) return (origineel as (...a: unknown[]) => unknown).apply(this, args);
    const t0 = performance.now();
    const cb = args[args.length - 1];
    if (typeof cb === 'function') {
      args[args.length - 1] = (...r: unknown[]) => {
        noteer(tekst, t0);
        return (cb as (...a: unknown[]) => unknown)(...r);
      };
      return (origineel as (...a: unknown[]) => unknown).apply(this, args);
    }
    const p = (origineel as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    return p.finally(() => noteer(tekst, t0));
  } as typeof origineel;
  return async () => {
    const statements: SqlStatistiek[] = [...per.entries()].map(([sql, s]) => ({ sql, ...s })).sort((a, b) => b.ms - a.ms);
    await writeFile(pad, JSON.stringify(statements));
  };
}

async function check(pad: string): Promise<void> {
  const { uitkomst: r, ms } = await gemeten(() => checkBestand(pad));
  schrijf({ ms, schema: r.schema, geldig: r.geldig, retourcodes: r.retourcodes, eersteMelding: r.meldingen[0]?.tekst ?? null, ...meet() });
}

async function verwerk(dir: string, url: string): Promise<void> {
  const sqlKlaar = telSql();
  const db = await openDatabase({ url });
  try {
    const { uitkomst: uitkomsten, ms } = await gemeten(() => verwerkMap(db.dataSource, dir, { config: leesConfig() }));
    await sqlKlaar?.();
    const mislukt = uitkomsten.find((u) => u.outcome === 'niet-verwerkt');
    if (mislukt) throw new Error(`${mislukt.file} niet verwerkt: ${mislukt.fout}`);
    schrijf({ ms, berichten: uitkomsten.length, afgewezen: uitkomsten.filter((u) => u.outcome === 'afgewezen').length, ...meet() });
  } finally {
    await db.close();
  }
}

async function produceer(dir: string, url: string, redisUrl: string, prefix: string): Promise<void> {
  const db = await openDatabase({ url });
  const queue = maakBerichtenQueue(redisUrl, { prefix });
  try {
    const namen = await berichtBestanden(dir);
    const start = Date.now();
    // As an intake serving several aanbieders at once: up to 8 messages being stored and enqueued.
    let volgende = 0;
    const bezorger = async () => {
      while (volgende < namen.length) {
        const naam = namen[volgende++];
        const b = await slaOntvangenBerichtOp(db.dataSource, { inhoud: await readFile(join(dir, naam)), bestandsnaam: naam, correlationId: randomUUID() });
        await enqueueBericht(queue, { berichtId: b.id, correlationId: b.correlationId });
      }
    };
    await Promise.all(Array.from({ length: 8 }, bezorger));
    schrijf({ start, einde: Date.now(), berichten: namen.length, ...meet() });
  } finally {
    await queue.close();
    await db.close();
  }
}

async function ohw(pad: string, url: string, agb: string, maand: string): Promise<void> {
  const db = await openDatabase({ url });
  try {
    const inhoud = await readFile(pad);
    const { uitkomst: u, ms } = await gemeten(() => verwerkOhwBestand({ agb, maand, naam: basename(pad), inhoud, door: 'bench' }, { dataSource: db.dataSource }));
    if (u.outcome !== 'verwerkt') throw new Error(`OHW-werkmap afgewezen: ${u.reden}`);
    schrijf({ ms, opgeslagen: u.ohw.opgeslagen, afgewezen: u.ohw.afgewezen.length, ...meet() });
  } finally {
    await db.close();
  }
}

/** The floor of an OHW read: exceljs's streaming reader over the workbook in memory, every cell's value looked at. */
async function exceljs(pad: string): Promise<void> {
  const inhoud = await readFile(pad);
  const { uitkomst: rijen, ms } = await gemeten(async () => {
    let n = 0;
    let cellen = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([inhoud]), { entries: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit' });
    for await (const ws of reader) for await (const rij of ws) {
      n++;
      for (const v of rij.values as unknown[]) if (v !== undefined && v !== null) cellen++;
    }
    return cellen > 0 ? n : 0;
  });
  schrijf({ ms, rijen, ...meet() });
}

const [taak, ...args] = process.argv.slice(2);
const taken: Record<string, (...a: string[]) => Promise<void>> = { check, verwerk, produceer, ohw, exceljs };
const uitvoeren = taken[taak];
if (!uitvoeren) {
  process.stderr.write(`onbekende taak ${taak}\n`);
  process.exit(2);
}
uitvoeren(...args).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
