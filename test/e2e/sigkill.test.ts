import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { addMonths, endOfMonth, isGeldigBsn, startOfMonth, vandaag, type Datum } from '@plafond/core';
import { maakTestDatabase, slaOntvangenBerichtOp, sqlRijen, type DataSource, type TestDatabase } from '@plafond/db';
import { enqueueBericht, jobIdVoor, maakBerichtenQueue, processBericht } from '@plafond/worker-berichten';
import type { DeclaratieClient, Prestatie } from '@plafond/istandaard';
import { AGB, basisStamdata, CONFIG, declaratie, GEMEENTE, prestatie } from '../support/declaraties';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const ROOT = resolve(import.meta.dirname, '../..');
// Short enough that the restarted worker takes the dead worker's job up within seconds, long enough
// that the lock is renewed while a large message keeps the event loop busy.
const LOCK_MS = 3000;

const CLIENTEN = 2500;
const PER_CLIENT = 10;
/** Clients whose prestaties of the month before are credited in the large declaratie. */
const GECREDITEERD = 200;
const wacht = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `aantal` BSNs that pass the elfproef, deterministic, in a range no other test uses. */
function bsns(aantal: number): string[] {
  const uit: string[] = [];
  for (let n = 310_000_000; uit.length < aantal; n++) if (isGeldigBsn(String(n))) uit.push(String(n));
  return uit;
}

/** The toewijzingen of client `i`: one per prestatie of a month, as a monthly frequency wants. */
const toewijzingNummer = (i: number, d = 0) => 500_000 + i * PER_CLIENT + d;

/** Clients with their toewijzingen (45A03, 40 uur per maand, all of 2026) in one statement. */
async function stamdata(ds: DataSource, bsn: string[]): Promise<void> {
  await basisStamdata(ds);
  await sqlRijen(
    ds,
    `WITH c AS (INSERT INTO client (bsn, pseudoniem) SELECT b, 'P' || b FROM unnest($1::text[]) AS b RETURNING id, bsn)
     INSERT INTO toewijzing (toewijzing_nummer, gemeente_code, domein, aanbieder_id, client_id, productcategorie, productcode, toewijzingsdatum,
       ingangsdatum, einddatum, omvang_volume, omvang_eenheid, omvang_frequentie, variant)
     SELECT (n.eerste + d)::text, $3, 'JW', a.id, c.id, '45', '45A03', '2026-01-01', '2026-01-01', '2026-12-31', 40, '04', '4', 'specifiek'
       FROM unnest($1::text[], $2::int[]) AS n(bsn, eerste) JOIN c ON c.bsn = n.bsn CROSS JOIN generate_series(0, $5 - 1) AS d
            CROSS JOIN aanbieder a WHERE a.agb_code = $4`,
    [bsn, bsn.map((_, i) => toewijzingNummer(i)), GEMEENTE, AGB, PER_CLIENT],
  );
}

interface Maanden {
  vorige: { begindatum: Datum; einddatum: Datum };
  deze: { begindatum: Datum; einddatum: Datum };
  dagtekening: Datum;
}

/** The month before last, declared first: one prestatie per credited client. */
function eersteDeclaratie(bsn: string[], m: Maanden): string {
  const clienten: DeclaratieClient[] = bsn.slice(0, GECREDITEERD).map((b, i) => ({
    bsn: b, prestaties: [prestatie(`V${i}`, toewijzingNummer(i), 3, { begin: m.vorige.begindatum, eind: m.vorige.einddatum })],
  }));
  return declaratie('SIGKILLV', 'SKV1', clienten, undefined, { periode: m.vorige, dagtekening: m.dagtekening });
}

/**
 * The large declaratie of last month: a prestatie on each of the client's toewijzingen, with a realistic mix of
 * rejections (a tariff above the contract, a toewijzing that does not exist) and credits of the
 * earlier declaratie.
 */
function groteDeclaratie(bsn: string[], m: Maanden): { xml: string; prestaties: number } {
  let aantal = 0;
  const clienten: DeclaratieClient[] = bsn.map((b, i) => {
    const prestaties: Prestatie[] = [];
    for (let d = 0; d < PER_CLIENT; d++) {
      const n = i * PER_CLIENT + d;
      const nummer = i % 97 === 13 ? 990_000 + n : toewijzingNummer(i, d);
      prestaties.push(prestatie(`G${n}`, nummer, 2, { begin: m.deze.begindatum, eind: m.deze.einddatum, ...(n % 53 === 7 && { tarief: 7250n }) }));
    }
    if (i < GECREDITEERD) {
      prestaties.push(prestatie(`C${i}`, toewijzingNummer(i), 3, { begin: m.vorige.begindatum, eind: m.vorige.einddatum, dc: 'C', vorig: `V${i}` }));
    }
    aantal += prestaties.length;
    return { bsn: b, prestaties };
  });
  return { xml: declaratie('SIGKILLG', 'SKG1', clienten, undefined, { periode: m.deze, dagtekening: m.dagtekening }), prestaties: aantal };
}

/**
 * Everything the processing of a message leaves behind, as canonical text lines: generated ids,
 * timestamps and the identificatie of our own answers are left out or normalised, references
 * between rows go through their business keys.
 */
async function toestand(ds: DataSource): Promise<Record<string, string[]>> {
  const regels = async (sql: string) => (await sqlRijen<{ r: string }>(ds, sql)).map((x) => x.r);
  const uit = await sqlRijen<{ identificatie: string; inhoud: Buffer }>(ds, `SELECT identificatie, inhoud FROM bericht WHERE richting = 'uit' ORDER BY identificatie`);
  return {
    aantallen: await regels(
      `SELECT concat_ws(' ', t, n) AS r FROM (
         SELECT 'bericht' AS t, count(*) AS n FROM bericht UNION ALL SELECT 'mailbox', count(*) FROM mailbox
         UNION ALL SELECT 'declaratie', count(*) FROM declaratie UNION ALL SELECT 'prestatie', count(*) FROM prestatie
         UNION ALL SELECT 'prestatie_referentie', count(*) FROM prestatie_referentie UNION ALL SELECT 'levering', count(*) FROM levering
         UNION ALL SELECT 'verzoek', count(*) FROM verzoek UNION ALL SELECT 'audit_log', count(*) FROM audit_log
         UNION ALL SELECT 'toewijzing', count(*) FROM toewijzing UNION ALL SELECT 'client', count(*) FROM client) x ORDER BY t`,
    ),
    berichtenIn: await regels(
      `SELECT json_build_array(identificatie, berichttype, afzender, ontvanger, dagtekening, status, duplicaat_van IS NULL,
         (SELECT count(*) FROM bericht u WHERE u.retour_van = b.id),
         uitkomst - 'berichtId' - 'antwoordId' || jsonb_build_object('details', (uitkomst -> 'details') - 'declaratieId'))::text AS r
         FROM bericht b WHERE richting = 'in' ORDER BY identificatie`,
    ),
    berichtenUit: await regels(
      `SELECT json_build_array(u.berichttype, u.afzender, u.ontvanger, u.dagtekening, u.status, i.identificatie, m.bericht_id IS NOT NULL)::text AS r
         FROM bericht u JOIN bericht i ON i.id = u.retour_van LEFT JOIN mailbox m ON m.bericht_id = u.id
        WHERE u.richting = 'uit' ORDER BY i.identificatie`,
    ),
    antwoorden: uit.map((b) => b.inhoud.toString('utf8').replaceAll(`>${b.identificatie}<`, '>ANTWOORD<')),
    declaraties: await regels(
      `SELECT json_build_array(d.declaratie_nummer, b.identificatie, d.gemeente_code, d.periode_begin, d.periode_eind, d.dagtekening,
         d.totaal_ingediend_cents, d.ingediend_debet_credit, d.totaal_toegekend_cents, d.toegekend_debet_credit, d.status,
         a.retour_van = d.bericht_id, d.beantwoord_op IS NULL)::text AS r
         FROM declaratie d JOIN bericht b ON b.id = d.bericht_id LEFT JOIN bericht a ON a.id = d.antwoord_bericht_id ORDER BY d.declaratie_nummer`,
    ),
    prestaties: await regels(
      `SELECT json_build_array(p.referentie_nummer, p.vorig_referentie_nummer, d.declaratie_nummer, p.domein, p.gemeente_code, md5(c.bsn), t.toewijzing_nummer,
         p.toewijzing_nummer, p.productcategorie, p.productcode, p.periode_begin, p.periode_eind, p.volume, p.eenheid, p.tarief_cents,
         p.ingediend_cents, p.debet_credit, p.toegekend_cents, p.beslissing, p.retourcodes, p.gecrediteerd, p.beslist_op IS NULL)::text AS r
         FROM prestatie p JOIN declaratie d ON d.id = p.declaratie_id LEFT JOIN client c ON c.id = p.client_id LEFT JOIN toewijzing t ON t.id = p.toewijzing_id
        ORDER BY p.referentie_nummer, d.declaratie_nummer`,
    ),
    referenties: await regels(
      `SELECT json_build_array(r.domein, r.referentie_nummer, r.periode_begin, p.referentie_nummer, p.periode_begin, d.declaratie_nummer)::text AS r
         FROM prestatie_referentie r LEFT JOIN prestatie p ON p.id = r.prestatie_id LEFT JOIN declaratie d ON d.id = p.declaratie_id
        ORDER BY r.referentie_nummer`,
    ),
  };
}

/** Compares two states part by part, naming the first line that differs instead of dumping 30k rows. */
function vergelijk(a: Record<string, string[]>, b: Record<string, string[]>): void {
  for (const deel of Object.keys(b)) {
    const x = a[deel], y = b[deel];
    const i = x.findIndex((r, n) => r !== y[n]);
    expect({ deel, aantal: x.length, eersteVerschil: i === -1 ? null : { regel: i, A: x[i], B: y[i] } })
      .to.deep.equal({ deel, aantal: y.length, eersteVerschil: null });
  }
}

/** The worker's transaction on the message, as seen from PostgreSQL. */
interface Verwerking {
  pid: number;
  state: string;
  query: string;
  schrijft: string[];
}

/**
 * The backend whose transaction holds the row lock on the bericht (its xid is the row's xmax), if that
 * transaction is still open, with the statement it runs (or ran last) and the tables it has written.
 */
async function verwerkingVan(c: pg.Client, berichtId: string): Promise<Verwerking | null> {
  const { rows } = await c.query<Verwerking>(
    `SELECT a.pid, a.state, left(a.query, 60) AS query,
            coalesce(array_agg(DISTINCT k.relname::text) FILTER (WHERE l.mode = 'RowExclusiveLock' AND k.relkind IN ('r', 'p')), '{}') AS schrijft
       FROM bericht b JOIN pg_stat_activity a ON a.backend_xid = b.xmax AND a.datname = current_database()
       LEFT JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'relation' AND l.granted AND l.database = a.datid
       LEFT JOIN pg_class k ON k.oid = l.relation
      WHERE b.id = $1 AND a.xact_start IS NOT NULL
      GROUP BY a.pid, a.state, a.query`,
    [berichtId],
  );
  return rows[0] ?? null;
}

describe('crash safety (issue 4): a worker killed with SIGKILL in the middle of a large declaratie', function () {
  this.timeout(150_000);
  let a: TestDatabase | undefined;
  let b: TestDatabase | undefined;
  let kijker: pg.Client | undefined;
  let queue: ReturnType<typeof maakBerichtenQueue> | undefined;
  const kinderen: ChildProcess[] = [];
  const uitvoer: string[] = [];
  const prefix = `plafond-sigkill-${randomUUID().slice(0, 8)}`;

  function startWorker(db: TestDatabase): ChildProcess {
    const kind = spawn(process.execPath, ['--import', 'tsx', 'workers/berichten/src/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env, DATABASE_URL: db.url, REDIS_URL, PLAFOND_QUEUE_PREFIX: prefix, PLAFOND_WORKER_LOCK_MS: String(LOCK_MS),
        PLAFOND_WORKER_CONCURRENCY: '1', PLAFOND_PSEUDONIEM_SLEUTEL: CONFIG.pseudoniemSleutel,
        PLAFOND_LATE_TERMIJN_MAANDEN: String(CONFIG.lateTermijnMaanden), LOG_LEVEL: 'info', NODE_ENV: 'test',
      },
    });
    const nr = kinderen.push(kind);
    kind.stdout?.on('data', (d: Buffer) => uitvoer.push(`[worker ${nr}] ${d.toString()}`));
    kind.stderr?.on('data', (d: Buffer) => uitvoer.push(`[worker ${nr}] ${d.toString()}`));
    return kind;
  }

  after(async () => {
    for (const k of kinderen) if (k.exitCode === null && k.signalCode === null) k.kill('SIGKILL');
    await kijker?.end().catch(() => undefined);
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    await a?.drop();
    await b?.drop();
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') process.stdout.write(uitvoer.join(''));
  });

  it('books nothing, and after a restart ends in exactly the state of an uninterrupted run', async () => {
    const t0 = Date.now();
    const maand = startOfMonth(addMonths(vandaag(), -1));
    const m: Maanden = {
      vorige: { begindatum: addMonths(maand, -1), einddatum: endOfMonth(addMonths(maand, -1)) },
      deze: { begindatum: maand, einddatum: endOfMonth(maand) },
      dagtekening: vandaag(),
    };
    const bsn = bsns(CLIENTEN);
    const eerste = Buffer.from(eersteDeclaratie(bsn, m));
    const groot = groteDeclaratie(bsn, m);
    const xml = Buffer.from(groot.xml);
    [a, b] = await Promise.all([maakTestDatabase(), maakTestDatabase()]);
    for (const db of [a, b]) {
      await stamdata(db.dataSource, bsn);
      const vooraf = await slaOntvangenBerichtOp(db.dataSource, { inhoud: eerste });
      const u = await processBericht({ berichtId: vooraf.id, correlationId: vooraf.correlationId }, { dataSource: db.dataSource, config: CONFIG });
      expect(u.status, JSON.stringify(u.meldingen.slice(0, 5))).to.equal('verwerkt');
    }
    const tVoorbereid = Date.now();

    // B: the uninterrupted run, in-process.
    const inB = await slaOntvangenBerichtOp(b.dataSource, { inhoud: xml });
    const uitkomstB = await processBericht({ berichtId: inB.id, correlationId: inB.correlationId }, { dataSource: b.dataSource, config: CONFIG });
    const tB = Date.now();
    expect(uitkomstB.status).to.equal('verwerkt');
    expect(uitkomstB.details).to.include({ prestaties: groot.prestaties });
    // The mix is real: most granted, some rejected, the credits granted.
    expect(uitkomstB.details.toegekend).to.be.within(groot.prestaties * 0.9, groot.prestaties - 1);
    expect(uitkomstB.details.afgewezen).to.be.greaterThan(100);
    expect(uitkomstB.retourcodes).to.deep.equal(['0611', '9338']);
    expect((await sqlRijen<{ n: string }>(b.dataSource, `SELECT count(*)::text AS n FROM prestatie WHERE gecrediteerd`))[0].n).to.equal(String(GECREDITEERD));

    // A: a real worker process, killed while its transaction on the message is open and it is deciding.
    const inA = await slaOntvangenBerichtOp(a.dataSource, { inhoud: xml });
    const voorA = await toestand(a.dataSource);
    kijker = new pg.Client({ connectionString: a.url });
    await kijker.connect();
    queue = maakBerichtenQueue(REDIS_URL, { prefix });
    const eersteWorker = startWorker(a);
    const gestopt = new Promise((r) => eersteWorker.once('exit', r));
    await enqueueBericht(queue, { berichtId: inA.id, correlationId: inA.correlationId });
    const tEnqueue = Date.now();
    let gezien: Verwerking | null = null;
    let eerstGezien: number | null = null;
    while (Date.now() - tEnqueue < 60_000) {
      const v = await verwerkingVan(kijker, inA.id);
      if (v && eerstGezien === null) eerstGezien = Date.now();
      // In the middle: the transaction is open — the message locked, its context read — and the worker is
      // deciding the 25,200 prestaties. (The booking itself travels with COMMIT in one round trip: once it is
      // sent, PostgreSQL finishes and commits it, or rolls it all back, whatever becomes of the worker.)
      if (v && (v.state === 'idle in transaction' || v.state === 'active') && /^\s*WITH tw/.test(v.query)) {
        eersteWorker.kill('SIGKILL');
        gezien = v;
        break;
      }
      expect(eersteWorker.exitCode, 'de worker stopte vanzelf').to.equal(null);
      // The transaction came and went between two looks: the kill would come too late.
      if (!v && eerstGezien !== null) break;
      await wacht(10);
    }
    const tKill = Date.now();
    expect(gezien, 'de worker is niet betrapt midden in de verwerking').to.not.equal(null);
    await gestopt;
    expect(eersteWorker.signalCode).to.equal('SIGKILL');
    // PostgreSQL rolls the dead worker's transaction back once it notices the connection is gone.
    while ((await verwerkingVan(kijker, inA.id)) !== null) await wacht(20);
    const tRollback = Date.now();

    const [na] = await sqlRijen<{ status: string; declaraties: string; prestaties: string; referenties: string; mailbox: string; uit: string }>(
      a.dataSource,
      `SELECT (SELECT status::text FROM bericht WHERE id = $1) AS status, (SELECT count(*) FROM declaratie WHERE bericht_id = $1)::text AS declaraties,
              (SELECT count(*) FROM prestatie p JOIN declaratie d ON d.id = p.declaratie_id WHERE d.bericht_id = $1)::text AS prestaties,
              (SELECT count(*) FROM prestatie_referentie WHERE referentie_nummer LIKE 'G%' OR referentie_nummer LIKE 'C%')::text AS referenties,
              (SELECT count(*) FROM mailbox)::text AS mailbox, (SELECT count(*) FROM bericht WHERE retour_van = $1)::text AS uit`,
      [inA.id],
    );
    // Only the answer to the first, small declaratie is in the mailbox.
    expect(na).to.deep.equal({ status: 'ontvangen', declaraties: '0', prestaties: '0', referenties: '0', mailbox: '1', uit: '0' });
    expect((await sqlRijen<{ n: string }>(a.dataSource, `SELECT count(*)::text AS n FROM prestatie WHERE gecrediteerd`))[0].n).to.equal('0');
    vergelijk(await toestand(a.dataSource), voorA);

    // A again: a fresh worker takes the stalled job up and finishes it.
    startWorker(a);
    let status = 'ontvangen';
    while (status === 'ontvangen' && Date.now() - tRollback < 60_000) {
      await wacht(100);
      [{ status }] = await sqlRijen<{ status: string }>(a.dataSource, `SELECT status::text AS status FROM bericht WHERE id = $1`, [inA.id]);
    }
    const tKlaar = Date.now();
    expect(status).to.equal('verwerkt');
    // The job the dead worker held is the one that finished: no second job, no failure.
    const job = await queue.getJob(jobIdVoor(inA.id));
    let jobStatus = await job?.getState();
    for (let i = 0; i < 100 && jobStatus === 'active'; i++) jobStatus = await wacht(50).then(() => job?.getState());
    expect(jobStatus).to.equal('completed');
    expect(await queue.getJobCounts('wait', 'active', 'delayed', 'failed', 'completed')).to.deep.equal({ wait: 0, active: 0, delayed: 0, failed: 0, completed: 1 });

    vergelijk(await toestand(a.dataSource), await toestand(b.dataSource));

    process.stdout.write(
      `      ${groot.prestaties} prestaties, ${CLIENTEN} clienten, ${(xml.length / 1e6).toFixed(1)} MB; voorbereiden ${tVoorbereid - t0} ms, ` +
        `ononderbroken (B, in-process) ${tB - tVoorbereid} ms; A: transactie open na ${(eerstGezien ?? tKill) - tEnqueue} ms, ` +
        `SIGKILL na ${tKill - tEnqueue} ms (${gezien!.state}, '${gezien!.query.replace(/\s+/g, ' ')}…', schrijft ${gezien!.schrijft.join(', ')}), ` +
        `rollback na ${tRollback - tKill} ms, herstart tot verwerkt ${tKlaar - tRollback} ms\n`,
    );
  });
});
