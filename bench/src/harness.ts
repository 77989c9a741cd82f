import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { meetE2e, type E2eResultaat, type Modus } from './e2e';
import { LANDELIJK_STANDAARD, landelijkRapport, meetLandelijk, type LandelijkResultaat } from './landelijk';
import { meetLast, type LastResultaat } from './last';
import { meetOhw, type OhwResultaat } from './ohw';
import { mediaan, meetParse, meetStart, type ParseResultaat, type StartResultaat } from './parse';
import { bijAfbreken, draai, REPO, stopAlles } from './proces';
import { meetVroegsignaal, type VroegsignaalResultaat, vroegsignaalRapport } from './vroegsignaal';

export interface BenchOpties {
  quick: boolean;
  /** Only the load test; the other figures already in `uit` are kept. */
  alleenLast?: boolean;
  /** Also profile the in-process run and the parser with `node --cpu-prof`. */
  profiel: boolean;
  /** Where results.json goes. */
  uit: string;
  /** Only this section (`ohw`, `controle`): the others are skipped. */
  alleen?: 'ohw' | 'controle';
  log: (t: string) => void;
}

/** Sizes of a run. Full: the sizes; quick: small enough for a few minutes on a laptop. */
export function groottes(quick: boolean): {
  parseMb: number; parseRuns: number; clienten: number; maanden: number; modi: Modus[]; copyRuns: number; ohwRijen: number; ohwRuns: number;
  last: { aanbieders: number; berichtenPerAanbieder: number; prestatiesPerBericht: number; workers: number; maxS: number };
} {
  return quick
    ? { parseMb: 10, parseRuns: 1, clienten: 2000, maanden: 1, modi: ['in-process', 1, 2, 4], copyRuns: 3, ohwRijen: 1000, ohwRuns: 2, last: { aanbieders: 100, berichtenPerAanbieder: 2, prestatiesPerBericht: 3, workers: 2, maxS: 120 } }
    : { parseMb: 100, parseRuns: 3, clienten: 28500, maanden: 10, modi: ['in-process', 1, 2, 4], copyRuns: 3, ohwRijen: 10_000, ohwRuns: 3, last: { aanbieders: 100, berichtenPerAanbieder: 10, prestatiesPerBericht: 5, workers: 2, maxS: 300 } };
}

export interface Machine {
  cpus: number;
  model: string;
  geheugenGb: number;
  node: string;
  postgresql: string;
}

export interface BenchResultaat {
  datum: string;
  commit: string;
  /** Uncommitted changes in the work tree when measured. */
  gewijzigd: boolean;
  quick: boolean;
  machine: Machine;
  duurS: number;
  parse: ParseResultaat;
  start: StartResultaat;
  e2e: E2eResultaat;
  /** Early warning of the budget signals (issue 11): `--quick` 2 seeds, full 6. */
  vroegsignaal: VroegsignaalResultaat;
  /** National scale (issue 11): full runs only (it loads 12 million prestaties). */
  landelijk?: LandelijkResultaat;
  ohw?: OhwResultaat;
  /** The load test: many aanbieders posting to the intake at once, with workers. */
  last: LastResultaat | null;
}

/** The OHW section of the report. */
export function ohwRapport(o: OhwResultaat): string {
  return [
    `OHW: a workbook of ${f0(o.rijen)} rows (${f1(o.bytes / 1024 / 1024)} MB) read under limits, every row checked against its toewijzing and tariff, stored as a version; best of ${o.runs}, each run in its own process`,
    tabel([
      ['', 'best s', 'rows/s', 'peak RSS'],
      ['plafond ohw inlezen (verwerkOhwBestand)', (o.plafond.ms / 1000).toFixed(2), f0(o.plafond.rijenPerSeconde), mb(o.plafond.piekRssKb)],
      ['exceljs WorkbookReader, bare read', (o.exceljs.ms / 1000).toFixed(2), f0(o.exceljs.rijenPerSeconde), mb(o.exceljs.piekRssKb)],
    ]),
    `ratio: ${o.ratio.toFixed(2)}× a bare exceljs streaming read (target ≥ 0.50×)`,
  ].join('\n');
}

/** The last line of an OHW-only run. */
export function ohwSlotregel(o: OhwResultaat): string {
  return `bench: ohw ${o.ratio.toFixed(2)}x exceljs, ${Math.round(o.plafond.rijenPerSeconde)} rows/s, peak RSS ${Math.round(o.plafond.piekRssKb / 1024)} MB`;
}

async function machine(): Promise<Machine> {
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
  await c.connect();
  try {
    const { rows } = await c.query<{ server_version: string }>('SHOW server_version');
    const cpu = cpus();
    return { cpus: cpu.length, model: cpu[0]?.model ?? '?', geheugenGb: Math.round(totalmem() / 1024 ** 3), node: process.version, postgresql: rows[0].server_version };
  } finally {
    await c.end();
  }
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const f1 = (n: number) => n.toFixed(1);
const mb = (kb: number | null) => (kb === null ? '?' : `${Math.round(kb / 1024)} MB`);
export const modusNaam = (m: Modus): string => (m === 'in-process' ? 'in-process' : `${m} worker${m > 1 ? 's' : ''}`);

/** A table with the first column left-aligned and the rest right-aligned. */
export function tabel(rijen: string[][]): string {
  const breedte = rijen[0].map((_, i) => Math.max(...rijen.map((r) => (r[i] ?? '').length)));
  return rijen.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(breedte[i]) : c.padStart(breedte[i]))).join('  ').trimEnd()).join('\n');
}

const g0 = (r: BenchResultaat) => r.e2e.groottes[0];

/** The readable report: machine, parse + validate, end to end, memory, and the profile when taken. */
/** The load test's lines of the report. */
export function lastRapport(l: LastResultaat): string[] {
  return [
    `Load: ${l.aanbieders} aanbieders posting at once to the intake (real process, loopback, API keys), ${l.workers} workers × ${l.workerConcurrency} jobs;`,
    `${f0(l.berichten)} declaraties (${f0(l.prestaties)} prestaties), posted in ${f1(l.postenS)} s, all processed and answered ${f1(l.totaalS)} s after the first post`,
    tabel([
      ['', 'value'],
      ['accepted (202) per s while posting', f1(l.acceptatiesPerSeconde)],
      ['messages processed per s, end to end', f1(l.berichtenPerSeconde)],
      ['prestaties per s, end to end', f0(l.prestatiesPerSeconde)],
      ['202 latency p50 / p95 / p99 / max (ms)', `${f0(l.latentieMs.p50)} / ${f0(l.latentieMs.p95)} / ${f0(l.latentieMs.p99)} / ${f0(l.latentieMs.max)}`],
      ['accepted = booked = answered (mailbox via API)', `${l.geaccepteerd} = ${l.geboekt} = ${l.beantwoord} (${l.inMailbox})`],
      ['lost / doubled / refused', `${l.verloren} / ${l.dubbel} / ${l.geweigerd}`],
      ['peak RSS intake / workers', `${mb(l.piekRssKb.intake)} / ${l.piekRssKb.workers.map(mb).join(' / ')}`],
      ['machine load average (1 min) at begin / end', `${l.loadavg.begin.toFixed(1)} / ${l.loadavg.eind.toFixed(1)}`],
    ]),
  ];
}

/** The parse + validate and start-up sections of the report. */
export function controleRapport(p: ParseResultaat, start: StartResultaat): string[] {
  const regels: string[] = [];
  regels.push(`Parse + validate: one JW323 of ${f1(p.bytes / 1024 / 1024)} MB, ${f0(p.prestaties)} prestaties, best of ${p.runs}, each run in its own process`);
  regels.push(tabel([
    ['', 'best s', 'MB/s', 'prestaties/s', 'peak RSS'],
    ['plafond check (checkBestand)', (p.plafond.ms / 1000).toFixed(2), f1(p.plafond.mbPerSeconde), f0(p.plafond.prestatiesPerSeconde), mb(p.plafond.piekRssKb)],
    ['xmllint --stream --schema', (p.xmllint.ms / 1000).toFixed(2), f1(p.xmllint.mbPerSeconde), f0(p.xmllint.prestatiesPerSeconde), mb(p.xmllint.piekRssKb)],
  ]));
  regels.push(`ratio: ${p.ratio.toFixed(2)}× xmllint (target ≥ 0.50×)`);
  regels.push('');
  regels.push(`Whole command on the same file (spawn to exit, start-up included), best of ${p.runs}`);
  regels.push(tabel([
    ['', 'best s', 'MB/s', 'peak RSS'],
    ['plafond check FILE', (p.commando.ms / 1000).toFixed(2), f1(p.commando.mbPerSeconde), mb(p.commando.piekRssKb)],
    ['xmllint --stream --noout --schema', (p.xmllint.ms / 1000).toFixed(2), f1(p.xmllint.mbPerSeconde), mb(p.xmllint.piekRssKb)],
  ]));
  regels.push(`ratio: ${p.commandoRatio.toFixed(2)}× xmllint (target ≥ 1.00×); from the medians of the runs ${p.commandoRatioMediaan.toFixed(2)}×`);
  regels.push('');
  regels.push(`Start-up, best of ${start.runs}: plafond --help ${f0(start.helpMs)} ms, node -e 0 ${f0(start.nodeMs)} ms (+${f0(start.helpMs - start.nodeMs)} ms); `
    + `medians ${f0(mediaan(start.alleHelpMs))} ms and ${f0(mediaan(start.alleNodeMs))} ms`);
  return regels;
}

export function rapport(r: BenchResultaat): string {
  const p = r.parse;
  const m = r.machine;
  const regels: string[] = [];
  regels.push(`Plafond benchmark${r.quick ? ' (--quick)' : ''} — ${r.datum}, commit ${r.commit.slice(0, 12)}${r.gewijzigd ? ' (+ uncommitted changes)' : ''}`);
  regels.push(`machine: ${m.cpus} × ${m.model}, ${m.geheugenGb} GB, node ${m.node}, PostgreSQL ${m.postgresql}; took ${f0(r.duurS)} s`);
  regels.push('');
  if (r.last) regels.push(...lastRapport(r.last), '');
  regels.push(...controleRapport(p, r.start));
  const e = r.e2e;
  regels.push('');
  regels.push(`End to end: parse → decide → persist → answer; ${f0(e.clienten)} clienten, ${f0(e.toewijzingBerichten)} toewijzingsberichten (301) loaded beforehand, untimed (${f0(e.voorbereidingMs / 1000)} s);`);
  regels.push(`workers run PLAFOND_WORKER_CONCURRENCY=${e.workerConcurrency} each; every run on a fresh clone of the prepared database`);
  for (const g of e.groottes) {
    regels.push('');
    regels.push(`${g.naam}: ${f0(g.declaratieBerichten)} declaratieberichten (323), ${f1(g.megabytes)} MB, ${f0(g.runs[0]?.prestaties ?? 0)} prestaties`);
    regels.push(tabel([
      ['mode', 's', 'prestaties/s', '× COPY', 'toegekend', 'peak RSS main', 'peak RSS workers'],
      ...g.runs.map((x) => [
        modusNaam(x.modus), f1(x.ms / 1000), f0(x.prestatiesPerSeconde), (x.prestatiesPerSeconde / g.copy.rijenPerSeconde).toFixed(3), f0(x.toegekend),
        mb(x.piekRssKb.hoofd), x.piekRssKb.workers.length ? x.piekRssKb.workers.map(mb).join(' / ') : '—',
      ]),
      ['COPY FROM STDIN (reference)', f1(g.copy.ms / 1000), f0(g.copy.rijenPerSeconde), '1.000', '', '', ''],
    ]));
  }
  if (e.profiel) {
    const pr = e.profiel;
    regels.push('');
    regels.push(`Profile of the in-process run (1 maand; V8 CPU profile of the processing, self time): ${f1(pr.runMs / 1000)} s processing, ${f1(pr.bemonsterdMs / 1000)} s sampled, ${f1(pr.idleProcent)}% idle (waiting for PostgreSQL / I/O)`);
    regels.push(tabel([['area', 'ms', '%'], ...pr.gebieden.map((x) => [x.naam, f0(x.ms), f1(x.procent)])]));
    regels.push('');
    regels.push(tabel([['function', 'ms', '%'], ...pr.functies.map((x) => [x.naam, f0(x.ms), f1(x.procent)])]));
    const s = pr.sql;
    const per = (n: number) => (n / Math.max(1, g0(r).declaratieBerichten)).toFixed(1);
    regels.push('');
    regels.push(`SQL of that run: ${f0(s.queries)} queries (${per(s.queries)} per declaratiebericht, ${(s.queries / Math.max(1, g0(r).runs[0]?.prestaties ?? 1)).toFixed(1)} per prestatie) in ${s.statements} shapes, ${f1(s.ms / 1000)} s waiting`);
    regels.push(tabel([['statement', 'n', 'ms', 'ms/query'], ...s.top.map((x) => [x.sql.slice(0, 100), f0(x.n), f0(x.ms), (x.ms / x.n).toFixed(2)])]));
  }
  regels.push('');
  regels.push(vroegsignaalRapport(r.vroegsignaal, tabel));
  if (r.ohw) {
    regels.push('');
    regels.push(ohwRapport(r.ohw));
  }
  if (p.profiel) {
    regels.push('');
    regels.push(`Profile of plafond check on the big JW323 (V8 CPU profile, self time): ${f1(p.profiel.bemonsterdMs / 1000)} s sampled`);
    regels.push(tabel([['function', 'ms', '%'], ...p.profiel.functies.map((x) => [x.naam, f0(x.ms), f1(x.procent)])]));
  }
  if (r.landelijk) regels.push('', landelijkRapport(r.landelijk));
  return regels.join('\n');
}

/** The last line of the output, fixed in form so scripts can grep it. */
export function slotregel(r: BenchResultaat): string {
  const g = r.e2e.groottes[r.e2e.groottes.length - 1];
  const w = g.beste.modus === 'in-process' ? 'in-process' : String(g.beste.modus);
  return `bench: parse ${r.parse.ratio.toFixed(2)}x xmllint, e2e ${g.ratio.toFixed(2)}x COPY, best ${Math.round(g.beste.prestatiesPerSeconde)} prestaties/s with ${w} workers`;
}

async function git(args: string[]): Promise<string> {
  const a = await draai('git', args);
  return a.code === 0 ? a.stdout.trim() : '';
}

/**
 * Runs the whole benchmark. Everything it creates — temp files, databases, queues, child processes —
 * is removed at the end, also when a step fails.
 */
export async function draaiBench(opts: BenchOpties): Promise<BenchResultaat> {
  const t0 = Date.now();
  const g = groottes(opts.quick);
  const werk = await mkdtemp(join(tmpdir(), 'plafond-bench-'));
  const vergeet = bijAfbreken(() => rm(werk, { recursive: true, force: true }));
  try {
    const m = await machine();
    const last = await meetLast({ ...g.last, redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', log: opts.log });
    if (opts.alleenLast) {
      // Only the load figures are new; the rest of an earlier run stays as it was measured.
      const eerder = await readFile(opts.uit, 'utf8').then((t) => JSON.parse(t) as Partial<BenchResultaat>, () => ({}));
      const r = { ...eerder, datum: new Date().toISOString(), commit: await git(['rev-parse', 'HEAD']), gewijzigd: (await git(['status', '--porcelain'])).length > 0, machine: m, last };
      await writeFile(opts.uit, `${JSON.stringify(r, null, 2)}\n`);
      return r as BenchResultaat;
    }
    // Pure and in this process: the generator's true figures through the prognoses and signals.
    const vroegsignaal = meetVroegsignaal({ quick: opts.quick, log: opts.log });
    const parse = await meetParse({ megabytes: g.parseMb, runs: g.parseRuns, werk, profiel: opts.profiel, log: opts.log });
    opts.log('start: plafond --help naast node -e 0…');
    const start = await meetStart(opts.quick ? 5 : 10);
    const e2e = await meetE2e({
      clienten: g.clienten, maanden: g.maanden, modi: g.modi, copyRuns: g.copyRuns, werk, profiel: opts.profiel, log: opts.log,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    });
    const ohw = await meetOhw({ rijen: g.ohwRijen, runs: g.ohwRuns, werk, log: opts.log });
    const landelijk = opts.quick ? undefined : await meetLandelijk({ ...LANDELIJK_STANDAARD, log: opts.log });
    const r: BenchResultaat = {
      datum: new Date().toISOString(), commit: await git(['rev-parse', 'HEAD']), gewijzigd: (await git(['status', '--porcelain'])).length > 0,
      quick: opts.quick, machine: m, duurS: (Date.now() - t0) / 1000, parse, start, e2e, vroegsignaal, ohw, last, ...(landelijk ? { landelijk } : {}),
    };
    await writeFile(opts.uit, `${JSON.stringify(r, null, 2)}\n`);
    return r;
  } finally {
    stopAlles();
    await rm(werk, { recursive: true, force: true });
    vergeet();
  }
}

/** Only parse + validate and start-up (`--alleen controle`): their figures go to `uit` as JSON too. */
export async function draaiControleBench(opts: BenchOpties): Promise<{ machine: Machine; parse: ParseResultaat; start: StartResultaat }> {
  const g = groottes(opts.quick);
  const werk = await mkdtemp(join(tmpdir(), 'plafond-bench-controle-'));
  const vergeet = bijAfbreken(() => rm(werk, { recursive: true, force: true }));
  try {
    const m = await machine();
    const parse = await meetParse({ megabytes: g.parseMb, runs: g.parseRuns, werk, profiel: opts.profiel, log: opts.log });
    opts.log('start: plafond --help naast node -e 0…');
    const start = await meetStart(opts.quick ? 5 : 10);
    const r = { datum: new Date().toISOString(), commit: await git(['rev-parse', 'HEAD']), quick: opts.quick, machine: m, parse, start };
    await writeFile(opts.uit, `${JSON.stringify(r, null, 2)}\n`);
    return { machine: m, parse, start };
  } finally {
    stopAlles();
    await rm(werk, { recursive: true, force: true });
    vergeet();
  }
}

/** Only the OHW section (`--alleen ohw`): its figures go to `uit` as JSON too. */
export async function draaiOhwBench(opts: BenchOpties): Promise<{ machine: Machine; ohw: OhwResultaat }> {
  const g = groottes(opts.quick);
  const werk = await mkdtemp(join(tmpdir(), 'plafond-bench-ohw-'));
  const vergeet = bijAfbreken(() => rm(werk, { recursive: true, force: true }));
  try {
    const m = await machine();
    const ohw = await meetOhw({ rijen: g.ohwRijen, runs: g.ohwRuns, werk, log: opts.log });
    const r = { datum: new Date().toISOString(), commit: await git(['rev-parse', 'HEAD']), quick: opts.quick, machine: m, ohw };
    await writeFile(opts.uit, `${JSON.stringify(r, null, 2)}\n`);
    return { machine: m, ohw };
  } finally {
    stopAlles();
    await rm(werk, { recursive: true, force: true });
    vergeet();
  }
}

export const RESULTATEN = join(REPO, 'bench', 'results.json');

/** The national-scale section alone (`--landelijk`), its figures written to `uit` under `landelijk`. */
export async function draaiLandelijk(opts: { prestaties?: number; uit: string; log: (t: string) => void }): Promise<LandelijkResultaat> {
  const t0 = Date.now();
  try {
    const r = await meetLandelijk({ ...LANDELIJK_STANDAARD, ...(opts.prestaties ? { prestaties: opts.prestaties } : {}), log: opts.log });
    const m = await machine();
    await writeFile(opts.uit, `${JSON.stringify({ datum: new Date().toISOString(), commit: await git(['rev-parse', 'HEAD']), machine: m, duurS: (Date.now() - t0) / 1000, landelijk: r }, null, 2)}\n`);
    return r;
  } finally {
    stopAlles();
  }
}
