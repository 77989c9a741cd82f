import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { genereerRegio, schrijfGroteDeclaratie, STANDAARD_OPTIES } from '@plafond/fixtures';
import { BIN, draai, draaiKind, REPO } from './proces';
import { vatProfielSamen, type ProfielSamenvatting } from './profiel';

export interface ParseZijde {
  /** Best wall time of the runs, ms. */
  ms: number;
  alleMs: number[];
  mbPerSeconde: number;
  prestatiesPerSeconde: number;
  /** Highest peak RSS over the runs, KiB (null when it could not be read). */
  piekRssKb: number | null;
}

export interface ParseResultaat {
  megabytes: number;
  bytes: number;
  prestaties: number;
  runs: number;
  plafond: ParseZijde;
  xmllint: ParseZijde & { versie: string };
  /** xmllint's best time / ours: 1 means as fast as xmllint. */
  ratio: number;
  /** `plafond check FILE` as a whole command (bin/plafond.mjs: start-up, loading, checking, exit), timed from outside. */
  commando: ParseZijde;
  /** xmllint as a whole command / `plafond check` as a whole command, same file: 1 means as fast. */
  commandoRatio: number;
  /** The same from the medians of the runs (less flattering to either side than the best run). */
  commandoRatioMediaan: number;
  /** Self-time profile of one extra, untimed `checkBestand` run (with --profile). */
  profiel: ProfielSamenvatting | null;
}

/** The JW323 XSD of the reference set: `ISTANDAARDEN_DIR` or `../shared/istandaarden` beside the repository. */
export function jw323Xsd(): string {
  const dir = process.env.ISTANDAARDEN_DIR ? resolve(process.env.ISTANDAARDEN_DIR) : resolve(REPO, '../shared/istandaarden');
  const xsd = join(dir, 'ijw-3.2', 'xsd', 'JW323.xsd');
  if (!existsSync(xsd)) throw new Error(`JW323.xsd niet gevonden op ${xsd}; zet ISTANDAARDEN_DIR`);
  return xsd;
}

/**
 * The last year whose declaratie of December (dagtekening 5 January after) is no longer in the future:
 * a later one is refused under TR135, and `plafond check` as a whole command has to accept the file.
 */
function afgelopenJaar(nu = new Date()): number {
  const jaar = nu.getUTCFullYear();
  return nu.getUTCMonth() === 0 && nu.getUTCDate() < 5 ? jaar - 2 : jaar - 1;
}

/** The median of some run times. */
export function mediaan(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function zijde(alleMs: number[], bytes: number, prestaties: number, rss: (number | null)[]): ParseZijde {
  const ms = Math.min(...alleMs);
  const bekend = rss.filter((r): r is number => r !== null);
  return { ms, alleMs, mbPerSeconde: bytes / 1024 / 1024 / (ms / 1000), prestatiesPerSeconde: prestaties / (ms / 1000), piekRssKb: bekend.length ? Math.max(...bekend) : null };
}

/**
 * xmllint's streaming schema validation of `pad`, with its peak RSS from GNU time when installed.
 * Throws when xmllint does not say the file validates: the comparison is only fair on a valid file.
 */
async function xmllint(pad: string, xsd: string, werk: string): Promise<{ ms: number; rssKb: number | null }> {
  const args = ['--stream', '--noout', '--schema', xsd, pad];
  const tijd = existsSync('/usr/bin/time');
  const rssBestand = join(werk, 'xmllint.rss');
  const a = tijd ? await draai('/usr/bin/time', ['-f', '%M', '-o', rssBestand, 'xmllint', ...args]) : await draai('xmllint', args);
  if (a.code !== 0 || !a.stderr.includes('validates')) throw new Error(`xmllint keurt het benchmarkbestand af (exit ${a.code}): ${a.stderr.slice(0, 2000)}`);
  const rssKb = tijd ? Number(readFileSync(rssBestand, 'utf8').trim().split('\n').pop()) : null;
  await rm(rssBestand, { force: true });
  return { ms: a.ms, rssKb: Number.isFinite(rssKb) ? rssKb : null };
}

/** `plafond check pad` as a whole command, timed from spawn to exit, with its peak RSS from GNU time when installed. */
async function plafondCheck(pad: string, werk: string): Promise<{ ms: number; rssKb: number | null }> {
  const tijd = existsSync('/usr/bin/time');
  const rssBestand = join(werk, 'plafond.rss');
  const args = [BIN, 'check', pad];
  const a = tijd ? await draai('/usr/bin/time', ['-f', '%M', '-o', rssBestand, process.execPath, ...args]) : await draai(process.execPath, args);
  if (a.code !== 0) throw new Error(`plafond check keurt het benchmarkbestand af (exit ${a.code}): ${a.stdout.slice(0, 2000)}${a.stderr.slice(0, 2000)}`);
  const rssKb = tijd ? Number(readFileSync(rssBestand, 'utf8').trim().split('\n').pop()) : null;
  await rm(rssBestand, { force: true });
  return { ms: a.ms, rssKb: Number.isFinite(rssKb) ? rssKb : null };
}

/**
 * Parse + validate: one generated JW323 of about `megabytes` MB (the fixtures' streamed big-file
 * generator), checked `runs` times by `checkBestand` and by `xmllint --stream --schema`, each run in a
 * child process of its own, alternating sides so drift on the machine hits both. Each run also times
 * `plafond check` as a whole command against xmllint as a whole command (xmllint's run is that already).
 */
export async function meetParse(opts: { megabytes: number; runs: number; werk: string; profiel: boolean; log: (t: string) => void }): Promise<ParseResultaat> {
  const xsd = jw323Xsd();
  const versie = (await draai('xmllint', ['--version'])).stderr.split('\n')[0] ?? '?';
  // The generator needs about 2600 clients per MB in the biggest aanbieder's share of the region.
  const clienten = Math.max(STANDAARD_OPTIES.clienten, Math.ceil(opts.megabytes * 3000));
  opts.log(`parse: regio met ${clienten} clienten, JW323 van ${opts.megabytes} MB schrijven…`);
  const regio = genereerRegio({ ...STANDAARD_OPTIES, clienten, aanbieders: 30, maanden: 12, jaar: afgelopenJaar() });
  const pad = join(opts.werk, 'groot-JW323.xml');
  const groot = schrijfGroteDeclaratie(regio, pad, { megabytes: opts.megabytes, domein: 'jeugd' });
  const plafondMs: number[] = [];
  const plafondRss: (number | null)[] = [];
  const lintMs: number[] = [];
  const lintRss: (number | null)[] = [];
  const cmdMs: number[] = [];
  const cmdRss: (number | null)[] = [];
  // Untimed: makes sure the CLI's build is that of these sources (the bin rebuilds a stale one first).
  await draai(process.execPath, [BIN, '--version']);
  for (let i = 0; i < opts.runs; i++) {
    opts.log(`parse: run ${i + 1}/${opts.runs} (${(groot.bytes / 1024 / 1024).toFixed(1)} MB, ${groot.prestaties} prestaties)`);
    const r = await draaiKind<{ ms: number; maxRssKb: number; schema: string; geldig: boolean; eersteMelding: string | null }>('check', [pad]);
    if (r.schema !== 'ok') throw new Error(`checkBestand keurt het benchmarkbestand af: ${r.eersteMelding}`);
    plafondMs.push(r.ms);
    plafondRss.push(r.maxRssKb);
    const l = await xmllint(pad, xsd, opts.werk);
    lintMs.push(l.ms);
    lintRss.push(l.rssKb);
    const c = await plafondCheck(pad, opts.werk);
    cmdMs.push(c.ms);
    cmdRss.push(c.rssKb);
  }
  let profiel: ProfielSamenvatting | null = null;
  if (opts.profiel) {
    opts.log('parse: profiel van checkBestand…');
    const cpu = join(opts.werk, 'parse.cpuprofile');
    const r = await draaiKind<{ ms: number }>('check', [pad], { env: { ...process.env, PLAFOND_BENCH_PROFIEL: cpu } });
    profiel = await vatProfielSamen(cpu, r.ms);
  }
  await rm(pad, { force: true });
  const plafond = zijde(plafondMs, groot.bytes, groot.prestaties, plafondRss);
  const lint = zijde(lintMs, groot.bytes, groot.prestaties, lintRss);
  const commando = zijde(cmdMs, groot.bytes, groot.prestaties, cmdRss);
  return {
    megabytes: opts.megabytes, bytes: groot.bytes, prestaties: groot.prestaties, runs: opts.runs, plafond, xmllint: { ...lint, versie }, ratio: lint.ms / plafond.ms,
    commando, commandoRatio: lint.ms / commando.ms, commandoRatioMediaan: mediaan(lintMs) / mediaan(cmdMs), profiel,
  };
}

export interface StartResultaat {
  runs: number;
  /** Best wall time of `plafond --help` (bin/plafond.mjs), ms. */
  helpMs: number;
  /** Best wall time of `node -e 0`, ms: the floor any node command starts from. */
  nodeMs: number;
  alleHelpMs: number[];
  alleNodeMs: number[];
}

/** Start-up: `plafond --help` beside `node -e 0`, best of `runs` each, alternating. */
export async function meetStart(runs: number): Promise<StartResultaat> {
  await draai(process.execPath, [BIN, '--version']); // untimed: a stale build is rebuilt here, not in the timing
  const alleHelpMs: number[] = [];
  const alleNodeMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const h = await draai(process.execPath, [BIN, '--help']);
    if (h.code !== 0) throw new Error(`plafond --help faalde (exit ${h.code}): ${h.stderr}`);
    alleHelpMs.push(h.ms);
    alleNodeMs.push((await draai(process.execPath, ['-e', '0'])).ms);
  }
  return { runs, helpMs: Math.min(...alleHelpMs), nodeMs: Math.min(...alleNodeMs), alleHelpMs, alleNodeMs };
}
