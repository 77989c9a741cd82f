/**
 * Load test (issue 16, item 3): `aanbieders` aanbieders post their declaraties at once to a real intake
 * process over loopback, two berichten workers process them through Redis, and every aanbieder then reads
 * its mailbox. Bounded in count (aanbieders × berichten each) and in time (`maxS`). Measures throughput and
 * the latency of `202 Accepted`, and checks accepted = booked = answered, nothing lost, nothing doubled.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { datum, isGeldigBsn } from '@plafond/core';
import { maakApiSleutel, maakTestDatabase, sqlRijen, upsertAanbieders, type DataSource } from '@plafond/db';
import { maakBerichtenQueue } from '@plafond/worker-berichten';
import { basisStamdata, declaratie, prestatie } from '../../test/support/declaraties';
import { vrijePoort } from '../../test/support/processen';
import { bijAfbreken, piekRss, REPO, start, wachtOpEinde } from './proces';

export interface LastOpties {
  aanbieders: number;
  berichtenPerAanbieder: number;
  prestatiesPerBericht: number;
  workers: number;
  /** The whole run (posting and processing) must end within this many seconds. */
  maxS: number;
  redisUrl: string;
  log: (t: string) => void;
  /** Extra environment of the intake and workers (the privacy test sets LOG_LEVEL=debug). */
  env?: Record<string, string>;
  /** Receives every log line of the intake and workers. */
  logRegels?: (regel: string) => void;
  /** Receives every HTTP answer body the aanbieders got (JSON and XML). */
  antwoorden?: (body: string) => void;
}

export interface LastResultaat {
  aanbieders: number;
  berichten: number;
  prestaties: number;
  workers: number;
  workerConcurrency: number;
  /** From the first post to the last 202. */
  postenS: number;
  /** From the first post to the last message processed. */
  totaalS: number;
  /** Accepted messages per second while posting, and processed messages and prestaties per second end to end. */
  acceptatiesPerSeconde: number;
  berichtenPerSeconde: number;
  prestatiesPerSeconde: number;
  /** Latency of `202 Accepted` in ms. */
  latentieMs: { p50: number; p95: number; p99: number; max: number };
  geaccepteerd: number;
  geboekt: number;
  beantwoord: number;
  /** Answers the aanbieders found in their mailbox over the API. */
  inMailbox: number;
  verloren: number;
  dubbel: number;
  /** Requests answered otherwise than 202 (none expected). */
  geweigerd: number;
  piekRssKb: { intake: number | null; workers: (number | null)[] };
  /** The machine's 1-minute load average when posting began and when all was processed (other work on it shows here). */
  loadavg: { begin: number; eind: number };
}

const agbVan = (i: number) => `7${String(i).padStart(7, '0')}`;
const MAANDEN = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

function bsns(aantal: number): string[] {
  const uit: string[] = [];
  for (let n = 330_000_000; uit.length < aantal; n++) if (isGeldigBsn(String(n))) uit.push(String(n));
  return uit;
}

/** Aanbieders, a client and toewijzing per message (so every message is independent), and an API key each. */
async function bereidVoor(ds: DataSource, o: LastOpties): Promise<{ sleutels: string[]; berichten: string[][] }> {
  await basisStamdata(ds);
  const agbs = Array.from({ length: o.aanbieders }, (_, i) => agbVan(i));
  await upsertAanbieders(ds, agbs.map((agbCode) => ({ agbCode, naam: `Lastaanbieder ${agbCode}` })));
  const n = o.aanbieders * o.berichtenPerAanbieder;
  const bsn = bsns(n);
  const nummer = (i: number) => 800_000 + i;
  await sqlRijen(
    ds,
    `WITH c AS (INSERT INTO client (bsn, pseudoniem) SELECT b, 'L' || b FROM unnest($1::text[]) AS b RETURNING id, bsn)
     INSERT INTO toewijzing (toewijzing_nummer, gemeente_code, domein, aanbieder_id, client_id, productcategorie, productcode, toewijzingsdatum,
       ingangsdatum, einddatum, omvang_volume, omvang_eenheid, omvang_frequentie, variant)
     SELECT n.nr::text, '0479', 'JW', a.id, c.id, '45', '45A03', '2026-01-01', '2026-01-01', '2026-12-31', 40, '04', '4', 'specifiek'
       FROM unnest($1::text[], $2::int[], $3::text[]) AS n(bsn, nr, agb) JOIN c ON c.bsn = n.bsn JOIN aanbieder a ON a.agb_code = n.agb`,
    [bsn, bsn.map((_, i) => nummer(i)), bsn.map((_, i) => agbs[i % o.aanbieders])],
  );
  const sleutels: string[] = [];
  for (const agbCode of agbs) sleutels.push((await maakApiSleutel(ds, { agbCode, actor: 'bench' })).sleutel);
  const berichten = agbs.map(() => [] as string[]);
  for (let i = 0; i < n; i++) {
    const a = i % o.aanbieders;
    const prestaties = Array.from({ length: o.prestatiesPerBericht }, (_, k) => {
      const m = MAANDEN[k % 12];
      const eind = new Date(Date.UTC(2026, k % 12 + 1, 0)).toISOString().slice(0, 10);
      return prestatie(`L${i}-${k}`, nummer(i), 2, { begin: datum(`2026-${m}-01`), eind: datum(eind) });
    });
    const xml = declaratie(`L${i}`, `LDN${i}`, [{ bsn: bsn[i], prestaties }], undefined, {
      periode: { begindatum: datum('2026-01-01'), einddatum: datum('2026-10-31') }, dagtekening: datum('2026-11-05'),
    }).replace(/Afzender>12345678</, `Afzender>${agbs[a]}<`);
    berichten[a].push(xml);
  }
  return { sleutels, berichten };
}

function percentiel(gesorteerd: number[], p: number): number {
  if (gesorteerd.length === 0) return 0;
  return gesorteerd[Math.min(gesorteerd.length - 1, Math.ceil((p / 100) * gesorteerd.length) - 1)];
}

/** Starts a child and resolves once its log says `klaar`; rejects when it exits first. */
function gestart(kind: ChildProcess, klaar: string, regels?: (r: string) => void): Promise<void> {
  return new Promise((ok, fout) => {
    let log = '';
    const lees = (d: Buffer) => {
      const t = d.toString();
      regels?.(t);
      log = (log + t).slice(-20_000);
      if (log.includes(klaar)) ok();
    };
    kind.stdout?.on('data', lees);
    kind.stderr?.on('data', lees);
    kind.once('exit', (code) => fout(new Error(`proces stopte (${code}) voor '${klaar}':\n${log.slice(-3000)}`)));
  });
}

export async function meetLast(o: LastOpties): Promise<LastResultaat> {
  const db = await maakTestDatabase();
  const prefix = `plafond-last-${randomBytes(4).toString('hex')}`;
  const queue = maakBerichtenQueue(o.redisUrl, { prefix });
  const kinderen: ChildProcess[] = [];
  const ruimOp = async () => {
    for (const k of kinderen) if (k.exitCode === null && k.signalCode === null) k.kill('SIGKILL');
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close().catch(() => undefined);
    await db.drop();
  };
  const vergeet = bijAfbreken(ruimOp);
  try {
    o.log(`last: ${o.aanbieders} aanbieders × ${o.berichtenPerAanbieder} declaraties × ${o.prestatiesPerBericht} prestaties voorbereiden…`);
    const { sleutels, berichten } = await bereidVoor(db.dataSource, o);
    const port = await vrijePoort();
    const env: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: db.url, REDIS_URL: o.redisUrl, PLAFOND_QUEUE_PREFIX: prefix, INTAKE_PORT: String(port),
      PLAFOND_PSEUDONIEM_SLEUTEL: `last-${randomBytes(24).toString('hex')}`, PLAFOND_LATE_TERMIJN_MAANDEN: '120', LOG_LEVEL: 'info',
      // All aanbieders come from 127.0.0.1 here; in production each has its own address.
      PLAFOND_RATE_LIMIT_PER_MINUUT: '1000000', PLAFOND_MAX_UPLOADS: String(Math.max(16, o.aanbieders)), ...o.env,
    };
    const intake = start(process.execPath, ['--import', 'tsx', join(REPO, 'services/intake/src/main.ts')], { env });
    kinderen.push(intake);
    const workers = Array.from({ length: o.workers }, () => start(process.execPath, ['--import', 'tsx', join(REPO, 'workers/berichten/src/main.ts')], { env }));
    kinderen.push(...workers);
    await Promise.all([gestart(intake, 'intake gestart', o.logRegels), ...workers.map((w) => gestart(w, 'worker gestart', o.logRegels))]);

    const url = `http://127.0.0.1:${port}`;
    const latenties: number[] = [];
    const ids: string[] = [];
    const idsPer: string[][] = berichten.map(() => []);
    let geweigerd = 0;
    const deadline = Date.now() + o.maxS * 1000;
    const t0 = performance.now();
    const loadBegin = loadavg()[0];
    // Every aanbieder at once, each posting its declaraties one after the other, as its own system would.
    await Promise.all(berichten.map(async (lijst, a) => {
      for (const xml of lijst) {
        if (Date.now() > deadline) throw new Error(`last: niet klaar binnen ${o.maxS} s`);
        const t = performance.now();
        const res = await fetch(`${url}/berichten`, { method: 'POST', headers: { Authorization: `Bearer ${sleutels[a]}`, 'Content-Type': 'application/xml' }, body: xml });
        const tekst = await res.text();
        o.antwoorden?.(tekst);
        if (res.status !== 202) {
          geweigerd++;
          continue;
        }
        latenties.push(performance.now() - t);
        const id = (JSON.parse(tekst) as { id: string }).id;
        ids.push(id);
        idsPer[a].push(id);
      }
    }));
    const tPosten = performance.now();
    const totaal = o.aanbieders * o.berichtenPerAanbieder;
    for (;;) {
      const [{ open }] = await sqlRijen<{ open: number }>(db.dataSource, `SELECT count(*)::int AS open FROM bericht WHERE richting = 'in' AND status = 'ontvangen'`);
      if (open === 0) break;
      if (Date.now() > deadline) throw new Error(`last: ${open} berichten niet verwerkt binnen ${o.maxS} s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const tKlaar = performance.now();
    const loadEind = loadavg()[0];

    // Every aanbieder reads its mailbox (and the answers themselves), as it would after posting.
    let inMailbox = 0;
    await Promise.all(sleutels.map(async (sleutel) => {
      const res = await fetch(`${url}/mailbox?limit=1000`, { headers: { Authorization: `Bearer ${sleutel}` } });
      const tekst = await res.text();
      o.antwoorden?.(tekst);
      const lijst = (JSON.parse(tekst) as { berichten: { id: string }[] }).berichten;
      inMailbox += lijst.length;
      for (const b of lijst.slice(0, 2)) o.antwoorden?.(await (await fetch(`${url}/mailbox/${b.id}`, { headers: { Authorization: `Bearer ${sleutel}` } })).text());
    }));
    for (let a = 0; a < Math.min(20, sleutels.length); a++) {
      for (const id of idsPer[a].slice(0, 1)) o.antwoorden?.(await (await fetch(`${url}/berichten/${id}`, { headers: { Authorization: `Bearer ${sleutels[a]}` } })).text());
    }

    const [t] = await sqlRijen<{ geboekt: number; beantwoord: number; verloren: number; dubbel: number; prestaties: number }>(
      db.dataSource,
      `WITH g AS (SELECT unnest($1::bigint[]) AS id)
       SELECT (SELECT count(*) FROM declaratie d JOIN g ON g.id = d.bericht_id)::int AS geboekt,
              (SELECT count(*) FROM bericht u JOIN mailbox m ON m.bericht_id = u.id JOIN g ON g.id = u.retour_van)::int AS beantwoord,
              (SELECT count(*) FROM g LEFT JOIN bericht b ON b.id = g.id WHERE b.id IS NULL OR b.status NOT IN ('verwerkt', 'afgewezen'))::int AS verloren,
              ((SELECT count(*) FROM bericht WHERE richting = 'in' AND duplicaat_van IS NOT NULL)
               + (SELECT count(*) FROM (SELECT retour_van FROM bericht WHERE retour_van IS NOT NULL GROUP BY retour_van HAVING count(*) > 1) x)
               + (SELECT count(*) FROM (SELECT bericht_id FROM declaratie GROUP BY bericht_id HAVING count(*) > 1) y)
               + (SELECT count(*) FROM (SELECT aanbieder_id, referentie_nummer FROM prestatie GROUP BY 1, 2 HAVING count(*) > 1) z))::int AS dubbel,
              (SELECT count(*) FROM prestatie)::int AS prestaties`,
      [ids],
    );
    const rss = { intake: intake.pid ? piekRss(intake.pid) : null, workers: workers.map((w) => (w.pid ? piekRss(w.pid) : null)) };
    for (const k of kinderen) k.kill('SIGTERM');
    await Promise.all(kinderen.map((k) => wachtOpEinde(k, 15_000)));
    const gesorteerd = [...latenties].sort((x, y) => x - y);
    const postenS = (tPosten - t0) / 1000;
    const totaalS = (tKlaar - t0) / 1000;
    return {
      aanbieders: o.aanbieders, berichten: totaal, prestaties: t.prestaties, workers: o.workers, workerConcurrency: Number(env.PLAFOND_WORKER_CONCURRENCY ?? 8),
      postenS, totaalS, acceptatiesPerSeconde: ids.length / postenS, berichtenPerSeconde: ids.length / totaalS, prestatiesPerSeconde: t.prestaties / totaalS,
      latentieMs: { p50: percentiel(gesorteerd, 50), p95: percentiel(gesorteerd, 95), p99: percentiel(gesorteerd, 99), max: gesorteerd.at(-1) ?? 0 },
      geaccepteerd: ids.length, geboekt: t.geboekt, beantwoord: t.beantwoord, inMailbox, verloren: t.verloren + (totaal - ids.length - geweigerd), dubbel: t.dubbel,
      geweigerd, piekRssKb: rss, loadavg: { begin: loadBegin, eind: loadEind },
    };
  } finally {
    await ruimOp();
    vergeet();
  }
}
