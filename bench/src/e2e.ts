import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { leesConfig } from '@plafond/core';
import { maakTestDatabase, type TestDatabase } from '@plafond/db';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, STANDAARD_OPTIES, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { importeerStamdata } from '@plafond/stamdata';
import { maakBerichtenQueue } from '@plafond/worker-berichten';
import { meetCopy, type CopyMeting } from './copy';
import { verwerkBerichten } from '@plafond/cli';
import { bijAfbreken, draaiKind, piekRss, REPO, start, wachtOpEinde } from './proces';
import { vatProfielSamen, type ProfielSamenvatting } from './profiel';
import type { SqlStatistiek } from './sql-statistiek';

export type Modus = 'in-process' | 1 | 2 | 4;

export interface E2eRun {
  modus: Modus;
  ms: number;
  prestaties: number;
  toegekend: number;
  berichten: number;
  berichtenAfgewezen: number;
  prestatiesPerSeconde: number;
  /** Peak RSS in KiB: the process that stores (and in-process also processes) the messages, and each worker. */
  piekRssKb: { hoofd: number | null; workers: (number | null)[] };
}

export interface E2eGrootte {
  naam: string;
  maanden: number;
  declaratieBerichten: number;
  megabytes: number;
  runs: E2eRun[];
  copy: CopyMeting;
  /** Best run's prestaties/s over COPY's rows/s. */
  ratio: number;
  beste: E2eRun;
}

export interface E2eResultaat {
  clienten: number;
  toewijzingBerichten: number;
  voorbereidingMs: number;
  workerConcurrency: number;
  groottes: E2eGrootte[];
  profiel: (ProfielSamenvatting & { sql: SqlSamenvatting }) | null;
}

/** Where the in-process run waits for PostgreSQL: every query timed from send to answer. */
export interface SqlSamenvatting {
  /** Distinct statement shapes. */
  statements: number;
  queries: number;
  ms: number;
  top: SqlStatistiek[];
}

export interface E2eOpties {
  clienten: number;
  /** Months in the big size (the small size is always the first month). 1: only the small size. */
  maanden: number;
  modi: Modus[];
  copyRuns: number;
  werk: string;
  redisUrl: string;
  profiel: boolean;
  log: (t: string) => void;
}

/**
 * The server and admin connection of the databases: the test server of `maakTestDatabase`. Every run
 * gets a clone of one prepared template (master data and toewijzingen loaded), so setup is paid once
 * and every run starts from the same fresh state.
 */
function beheerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

async function metBeheer<T>(f: (c: pg.Client) => Promise<T>, url = beheerUrl()): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

function urlVan(naam: string): string {
  const u = new URL(beheerUrl());
  u.pathname = `/${naam}`;
  return u.toString();
}

const klonen = new Set<string>();

async function kloon(template: string): Promise<string> {
  const naam = `plafond_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  klonen.add(naam);
  await metBeheer((c) => c.query(`CREATE DATABASE ${naam} TEMPLATE ${template}`));
  return naam;
}

async function verwijder(naam: string): Promise<void> {
  await metBeheer((c) => c.query(`DROP DATABASE IF EXISTS ${naam} WITH (FORCE)`));
  klonen.delete(naam);
}

/** Drops the clones still there (a failed or interrupted run). */
async function ruimKlonenOp(): Promise<void> {
  for (const naam of [...klonen]) await verwijder(naam);
}

/** What a run left in its database: prestaties, their decisions, and the incoming messages. */
async function telling(url: string): Promise<{ prestaties: number; toegekend: number; berichten: number; afgewezen: number; open: number }> {
  return metBeheer(async (c) => {
    const p = await c.query<{ n: string; t: string }>(`SELECT count(*)::text AS n, count(*) FILTER (WHERE beslissing = 'toegekend')::text AS t FROM prestatie`);
    const b = await c.query<{ n: string; a: string; o: string }>(
      `SELECT count(*)::text AS n, count(*) FILTER (WHERE status = 'afgewezen')::text AS a, count(*) FILTER (WHERE status = 'ontvangen')::text AS o
         FROM bericht WHERE richting = 'in'`,
    );
    return { prestaties: Number(p.rows[0].n), toegekend: Number(p.rows[0].t), berichten: Number(b.rows[0].n), afgewezen: Number(b.rows[0].a), open: Number(b.rows[0].o) };
  }, url);
}

/**
 * Environment of the children. The late-declaration term is stretched to ten years: workers decide with
 * today as peildatum and the CLI with each message's dagtekening, and the generated year lies in the
 * past, so only then do both modes take the same decisions and do the same work.
 */
// One key for the whole run: every process of it writes pseudonyms the others can match.
const SLEUTEL = process.env.PLAFOND_PSEUDONIEM_SLEUTEL ?? `bench-${randomBytes(24).toString('hex')}`;

function kindEnv(url: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // A real database: the processes refuse the public development pseudonym key there.
  return { ...process.env, DATABASE_URL: url, PLAFOND_PSEUDONIEM_SLEUTEL: SLEUTEL, PLAFOND_LATE_TERMIJN_MAANDEN: '120', LOG_LEVEL: 'info', ...extra };
}

async function inProcess(url: string, dir: string, extra: Record<string, string> = {}): Promise<{ ms: number; rss: number }> {
  const r = await draaiKind<{ ms: number; maxRssKb: number }>('verwerk', [dir, url], { env: kindEnv(url, extra) });
  return { ms: r.ms, rss: r.maxRssKb };
}

async function metWorkers(url: string, dir: string, aantal: number, redisUrl: string, log: (t: string) => void): Promise<{ ms: number; rss: number; workers: (number | null)[] }> {
  const prefix = `plafond-bench-${randomBytes(4).toString('hex')}`;
  const env = kindEnv(url, { REDIS_URL: redisUrl, PLAFOND_QUEUE_PREFIX: prefix });
  const n = (await readdir(dir)).filter((f) => f.endsWith('.xml')).length;
  const basis = (await telling(url)).berichten;
  const queue = maakBerichtenQueue(redisUrl, { prefix });
  // Once only: an interrupt may already have removed the queue while this run unwinds.
  let weg: Promise<void> | null = null;
  const ruimQueueOp = () => (weg ??= queue.obliterate({ force: true }).then(() => queue.close()));
  const vergeet = bijAfbreken(ruimQueueOp);
  const workers = Array.from({ length: aantal }, () => start(process.execPath, ['--import', 'tsx', join(REPO, 'workers/berichten/src/main.ts')], { env }));
  const stderr = workers.map(() => '');
  try {
    await Promise.all(workers.map((w, i) => new Promise<void>((ok, nok) => {
      const t = setTimeout(() => nok(new Error(`worker ${i + 1} start niet: ${stderr[i].slice(-2000)}`)), 60_000);
      w.stderr?.on('data', (d: Buffer) => {
        stderr[i] = (stderr[i] + d.toString()).slice(-20_000);
        if (stderr[i].includes('worker gestart')) {
          clearTimeout(t);
          ok();
        }
      });
      w.once('exit', (code) => nok(new Error(`worker ${i + 1} stopte (exit ${code}): ${stderr[i].slice(-2000)}`)));
    })));
    const producent = draaiKind<{ start: number; einde: number; maxRssKb: number }>('produceer', [dir, url, redisUrl, prefix], { env });
    let klaar = 0;
    let fout: Error | null = null;
    producent.catch((e: Error) => (fout = e));
    for (const [i, w] of workers.entries()) w.once('exit', (code) => (fout ??= new Error(`worker ${i + 1} stopte tijdens de run (exit ${code}): ${stderr[i].slice(-2000)}`)));
    const deadline = Date.now() + 60 * 60_000;
    while (!fout) {
      const t = await telling(url);
      if (t.berichten === basis + n && t.open === 0) {
        klaar = Date.now();
        break;
      }
      const { failed } = await queue.getJobCounts('failed');
      if (failed > 0) fout = new Error(`${failed} jobs definitief mislukt; worker-log: ${stderr.join('\n').slice(-3000)}`);
      if (Date.now() > deadline) fout = new Error('workers niet klaar binnen een uur');
      await new Promise((ok) => setTimeout(ok, 100));
    }
    if (fout) throw fout;
    const p = await producent;
    const rss = workers.map((w) => (w.pid ? piekRss(w.pid) : null));
    log(`    ${n} berichten opgeslagen in ${((p.einde - p.start) / 1000).toFixed(1)} s, verwerkt in ${((klaar - p.start) / 1000).toFixed(1)} s`);
    return { ms: klaar - p.start, rss: p.maxRssKb, workers: rss };
  } finally {
    for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => wachtOpEinde(w, 15_000)));
    await ruimQueueOp();
    vergeet();
  }
}

/** Writes the serialised messages of `berichten` into `dir`, one file each. */
async function schrijfBerichten(dir: string, berichten: { bestandsnaam: string; model: Parameters<typeof serialiseer>[0] }[]): Promise<number> {
  let bytes = 0;
  for (const b of berichten) {
    const xml = serialiseer(b.model);
    bytes += Buffer.byteLength(xml);
    await writeFile(join(dir, b.bestandsnaam), xml);
  }
  return bytes;
}

/**
 * End to end: the region's declaraties (JW323/WMO323) of the first month, and of `maanden` months,
 * through parse → decide → persist → answer, in-process and with 1, 2, 4 BullMQ worker processes, each on
 * a fresh clone of a database with the master data and every toewijzing (from the months' 301s) loaded.
 */
export async function meetE2e(opts: E2eOpties): Promise<E2eResultaat> {
  const t0 = Date.now();
  const regio = genereerRegio({ ...STANDAARD_OPTIES, clienten: opts.clienten, maanden: opts.maanden });
  const stamdata = [
    { naam: 'aanbieders.csv', inhoud: Buffer.from(aanbiedersCsv(regio)) },
    { naam: 'plafonds.csv', inhoud: Buffer.from(plafondsCsv(regio)) },
    { naam: 'tarieven.csv', inhoud: Buffer.from(tarievenCsv(regio)) },
  ];

  const groottes = [{ naam: '1 maand', maanden: 1, dir: join(opts.werk, 'maand-1') }];
  if (opts.maanden > 1) groottes.push({ naam: `${opts.maanden} maanden`, maanden: opts.maanden, dir: join(opts.werk, `maanden-${opts.maanden}`) });
  for (const g of groottes) await mkdir(g.dir);
  const megabytes = groottes.map(() => 0);
  const aantallen = groottes.map(() => 0);

  const template: TestDatabase = await maakTestDatabase();
  const templateNaam = new URL(template.url).pathname.slice(1);
  const vergeet = bijAfbreken(async () => {
    await ruimKlonenOp();
    await template.drop();
  });
  let toewijzingBerichten = 0;
  try {
    await importeerStamdata(template.dataSource, stamdata, 'bench');
    const config = { ...leesConfig(), lateTermijnMaanden: 120 };
    for (let m = 0; m < opts.maanden; m++) {
      const maand = genereerMaand(regio, m);
      const toewijzingen = maand.berichten.filter((b) => b.type.endsWith('301'));
      opts.log(`e2e: maand ${m + 1}/${opts.maanden}: ${toewijzingen.length} toewijzingsberichten (301) laden (niet gemeten)…`);
      const geladen = await verwerkBerichten(template.dataSource, toewijzingen.map((b) => ({ naam: b.bestandsnaam, get inhoud() { return Buffer.from(serialiseer(b.model)); } })), { config });
      const mislukt = geladen.find((u) => u.outcome === 'niet-verwerkt');
      if (mislukt) throw new Error(`e2e: toewijzing ${mislukt.file} niet geladen: ${mislukt.fout}`);
      toewijzingBerichten += toewijzingen.length;
      const declaraties = maand.berichten.filter((b) => b.type.endsWith('323'));
      for (const [i, g] of groottes.entries()) {
        if (m >= g.maanden) continue;
        megabytes[i] += (await schrijfBerichten(g.dir, declaraties)) / 1024 / 1024;
        aantallen[i] += declaraties.length;
      }
    }
    // Fresh statistics, as autovacuum keeps them on a running system (the loading above may have outrun it):
    // only the tables that hold rows. Autovacuum never analyzes a table nobody wrote to, and statistics that
    // say "empty" make cached plans (the foreign-key checks' among them) scan tables that then grow.
    const gevuld = await template.dataSource.query(`SELECT format('%I.%I', schemaname, relname) AS t FROM pg_stat_user_tables WHERE n_live_tup > 0`);
    for (const { t } of gevuld as { t: string }[]) await template.dataSource.query(`ANALYZE ${t}`);
    // A template database must have no connections while it is cloned.
    await template.dataSource.destroy();
    const voorbereidingMs = Date.now() - t0;
    const workerConcurrency = leesConfig().workerConcurrency;

    const uit: E2eGrootte[] = [];
    for (const [gi, g] of groottes.entries()) {
      const runs: E2eRun[] = [];
      let copy: CopyMeting | null = null;
      for (const modus of opts.modi) {
        const naam = await kloon(templateNaam);
        const url = urlVan(naam);
        try {
          opts.log(`e2e: ${g.naam}, ${modus === 'in-process' ? 'in-process' : `${modus} worker${modus > 1 ? 's' : ''}`}…`);
          const voor = await telling(url);
          const r = modus === 'in-process' ? { ...(await inProcess(url, g.dir)), workers: [] } : await metWorkers(url, g.dir, modus, opts.redisUrl, opts.log);
          const na = await telling(url);
          if (na.open > 0) throw new Error(`${na.open} berichten niet verwerkt`);
          const prestaties = na.prestaties - voor.prestaties;
          runs.push({
            modus, ms: r.ms, prestaties, toegekend: na.toegekend - voor.toegekend, berichten: na.berichten - voor.berichten, berichtenAfgewezen: na.afgewezen - voor.afgewezen,
            prestatiesPerSeconde: prestaties / (r.ms / 1000), piekRssKb: { hoofd: r.rss, workers: r.workers },
          });
          opts.log(`    ${prestaties} prestaties in ${(r.ms / 1000).toFixed(1)} s`);
          if (copy === null) {
            copy = await metBeheer((c) => meetCopy(c, opts.copyRuns), url);
            opts.log(`    COPY van dezelfde ${copy.rijen} rijen: ${copy.ms.toFixed(0)} ms`);
          }
        } finally {
          await verwijder(naam);
        }
      }
      const beste = runs.reduce((a, b) => (b.prestatiesPerSeconde > a.prestatiesPerSeconde ? b : a));
      uit.push({ naam: g.naam, maanden: g.maanden, declaratieBerichten: aantallen[gi], megabytes: megabytes[gi], runs, copy: copy!, ratio: beste.prestatiesPerSeconde / copy!.rijenPerSeconde, beste });
    }

    let profiel: E2eResultaat['profiel'] = null;
    if (opts.profiel) {
      const naam = await kloon(templateNaam);
      try {
        opts.log('e2e: profiel van de in-process run (1 maand; CPU-profiel en SQL-tijden)…');
        const cpu = join(opts.werk, 'e2e.cpuprofile');
        const sqlPad = join(opts.werk, 'e2e-sql.json');
        const r = await inProcess(urlVan(naam), groottes[0].dir, { PLAFOND_BENCH_PROFIEL: cpu, PLAFOND_BENCH_SQL: sqlPad });
        const sql = JSON.parse(await readFile(sqlPad, 'utf8')) as SqlStatistiek[];
        profiel = { ...(await vatProfielSamen(cpu, r.ms)), sql: { statements: sql.length, queries: sql.reduce((n, x) => n + x.n, 0), ms: sql.reduce((n, x) => n + x.ms, 0), top: sql.slice(0, 15) } };
      } finally {
        await verwijder(naam);
      }
    }
    return { clienten: opts.clienten, toewijzingBerichten, voorbereidingMs, workerConcurrency, groottes: uit, profiel };
  } finally {
    await ruimKlonenOp();
    await template.drop();
    vergeet();
  }
}
