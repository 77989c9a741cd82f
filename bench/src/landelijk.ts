// National scale (issue 11): a year of prestaties the size of the whole country, loaded set-based into the real tables,
// then the uitnutting of one aanbieder and of one gemeente against a single-row primary-key SELECT in the same run, and
// a month of declaraties booked through the real pipeline on top, after which the aggregate must equal a recompute.
import { datum, leesConfig, type Datum } from '@plafond/core';
import { maakTestDatabase, sqlRijen, type DataSource, type TestDatabase } from '@plafond/db';
import { uitnutting, uitnuttingGemeente } from '@plafond/bewaking';
import { verwerkBerichten } from '@plafond/cli';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, STANDAARD_OPTIES, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { importeerStamdata } from '@plafond/stamdata';
import { bijAfbreken } from './proces';

export interface LandelijkOpties {
  /** Prestaties of the year loaded set-based (default 12 million). */
  prestaties: number;
  /** Synthetic aanbieders and gemeenten of the country. */
  aanbieders: number;
  gemeenten: number;
  /** Clients of the generated region whose month goes through the pipeline. */
  clienten: number;
  /** Timed calls per kind (after warming up). */
  metingen: number;
  log: (t: string) => void;
}

export const LANDELIJK_STANDAARD: Omit<LandelijkOpties, 'log'> = { prestaties: 12_000_000, aanbieders: 3000, gemeenten: 342, clienten: 2000, metingen: 300 };

export interface Latentie {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface LandelijkResultaat {
  prestaties: number;
  aanbieders: number;
  gemeenten: number;
  declaraties: number;
  laadS: number;
  herberekeningS: number;
  /** The aanbieder and gemeente measured, with how many rows their answer has. */
  aanbieder: { agb: string; gemeenten: number; regels: number };
  gemeente: { code: string; aanbieders: number; regels: number };
  pk: Latentie;
  uitnuttingAanbieder: Latentie;
  uitnuttingGemeente: Latentie;
  ratioAanbieder: number;
  ratioGemeente: number;
  pijplijn: { berichten: number; prestaties: number; s: number; prestatiesPerSeconde: number };
  /** Rows of the aggregate, the gemeente roll-up and the counted OHW that differ from a full recompute after the month: 0 expected. */
  afwijkingen: { budgetMaand: number; gemeenteRollup: number; ohw: number };
  eindRecomputeS: number;
}

function latentie(ms: number[]): Latentie {
  const s = [...ms].sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { p50Ms: p(0.5), p95Ms: p(0.95), maxMs: s[s.length - 1] };
}

async function tijd<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
}

/**
 * The country, set-based: gemeenten '1000'… (outside the region's CBS codes), aanbieders with AGB 3…, each serving a
 * run of gemeenten (1 to 40, so sizes differ), one declaratie per aanbieder × gemeente for the year, and the prestaties
 * spread over them and over the months: 97 % granted debets, 2 % refused, 1 % granted credits. Triggers are off for the
 * load (session_replication_role = replica); the aggregate is then built by the full recompute it is compared with later.
 */
export async function laadLand(ds: DataSource, o: LandelijkOpties, jaar: number): Promise<{ declaraties: number; laadS: number; herberekeningS: number }> {
  const t0 = performance.now();
  await ds.query(`INSERT INTO gemeente (cbs_code, naam) SELECT (1000 + g)::text, 'Gemeente ' || (1000 + g) FROM generate_series(0, $1 - 1) g`, [o.gemeenten]);
  await ds.query(`INSERT INTO aanbieder (agb_code, naam) SELECT (30000000 + a)::text, 'Aanbieder ' || a FROM generate_series(1, $1) a`, [o.aanbieders]);
  await ds.query(`
    CREATE UNLOGGED TABLE land_paar AS
    SELECT row_number() OVER () AS nr, a.id AS aanbieder_id, CASE WHEN x.n % 2 = 0 THEN 'JW' ELSE 'WMO' END AS domein,
           (1000 + ((x.n * 7 + k * 13) % $1))::text AS gemeente_code
      FROM aanbieder a CROSS JOIN LATERAL (SELECT (a.agb_code::int - 30000000) AS n) x
      CROSS JOIN LATERAL generate_series(0, x.n % 40) k
     WHERE a.agb_code LIKE '3%'`, [o.gemeenten]);
  const [{ n: paren }] = await sqlRijen<{ n: number }>(ds, 'SELECT count(*)::int AS n FROM land_paar');
  await ds.query(`
    WITH b AS (
      INSERT INTO bericht (richting, berichttype, afzender, ontvanger, identificatie, dagtekening, status, correlation_id, inhoud, sha256, aanbieder_id)
      SELECT 'in', CASE p.domein WHEN 'JW' THEN 'JW323' ELSE 'WMO323' END, a.agb_code, p.gemeente_code, 'L' || p.nr, make_date($1, 12, 31), 'verwerkt',
             gen_random_uuid(), '\\x00'::bytea, repeat('0', 64), p.aanbieder_id
        FROM land_paar p JOIN aanbieder a ON a.id = p.aanbieder_id
      RETURNING id, identificatie, aanbieder_id)
    INSERT INTO declaratie (bericht_id, aanbieder_id, gemeente_code, domein, declaratie_nummer, periode_begin, periode_eind, dagtekening,
      totaal_ingediend_cents, ingediend_debet_credit, status)
    SELECT b.id, p.aanbieder_id, p.gemeente_code, p.domein, 'L' || p.nr, make_date($1, 1, 1), make_date($1, 12, 31), make_date($1, 12, 31), 0, 'D', 'beantwoord'
      FROM b JOIN land_paar p ON 'L' || p.nr = b.identificatie`, [jaar]);
  await ds.query(`ALTER TABLE land_paar ADD COLUMN declaratie_id bigint`);
  await ds.query(`UPDATE land_paar p SET declaratie_id = d.id FROM declaratie d WHERE d.declaratie_nummer = 'L' || p.nr AND d.aanbieder_id = p.aanbieder_id`);
  await ds.query(`CREATE UNIQUE INDEX ON land_paar (nr)`);
  const perMaand = Math.ceil(o.prestaties / 12);
  // One connection with the triggers off, one month per statement.
  await ds.transaction(async (m) => {
    await m.query(`SET LOCAL session_replication_role = replica`);
    for (let maand = 1; maand <= 12; maand++) {
      const van = (maand - 1) * perMaand;
      const tot = Math.min(o.prestaties, maand * perMaand);
      if (tot <= van) break;
      await m.query(`
        INSERT INTO prestatie (declaratie_id, aanbieder_id, domein, gemeente_code, referentie_nummer, productcategorie, productcode, periode_begin, periode_eind,
          volume, eenheid, tarief_cents, ingediend_cents, debet_credit, toegekend_cents, beslissing, beslist_op)
        SELECT p.declaratie_id, p.aanbieder_id, p.domein, p.gemeente_code, 'L' || i, CASE p.domein WHEN 'JW' THEN '45' ELSE '02' END, NULL,
               make_date($1, $2, 1), (make_date($1, $2, 1) + interval '1 month' - interval '1 day')::date, 1, '04', b.bedrag, b.bedrag,
               CASE WHEN i % 100 = 0 THEN 'C' ELSE 'D' END, CASE WHEN i % 50 = 1 THEN NULL ELSE b.bedrag END,
               (CASE WHEN i % 50 = 1 THEN 'afgewezen' ELSE 'toegekend' END)::beslissing, make_date($1, $2, 1) + interval '40 days'
          FROM generate_series($3::bigint, $4::bigint) i
          JOIN land_paar p ON p.nr = 1 + (i * 7919) % $5
          CROSS JOIN LATERAL (SELECT 2000 + (i % 48000) AS bedrag) b`, [jaar, maand, van + 1, tot, paren]);
      o.log(`landelijk: maand ${maand}: ${tot.toLocaleString('en-US')} prestaties geladen (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  });
  const laadS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await ds.query('TRUNCATE budget_maand, budget_gemeente_maand');
  await ds.query(`INSERT INTO budget_maand (aanbieder_id, domein, jaar, gemeente_code, maand, realisatie_cents, realisatie_kas_cents, gedeclareerd_cents,
      aangehouden_cents, toegewezen_cents, instroom_aantal, instroom_cents, laat_cents, instroom_maand_cents)
    SELECT * FROM budget_maand_herberekend`);
  await ds.query(`INSERT INTO budget_gemeente_maand (domein, jaar, gemeente_code, maand, realisatie_cents, realisatie_kas_cents, gedeclareerd_cents,
      aangehouden_cents, toegewezen_cents, instroom_aantal, instroom_cents, laat_cents, instroom_maand_cents)
    SELECT domein, jaar, gemeente_code, maand, sum(realisatie_cents), sum(realisatie_kas_cents), sum(gedeclareerd_cents), sum(aangehouden_cents),
           sum(toegewezen_cents), sum(instroom_aantal), sum(instroom_cents), sum(laat_cents), sum(instroom_maand_cents)
      FROM budget_maand GROUP BY 1, 2, 3, 4`);
  const herberekeningS = (performance.now() - t1) / 1000;
  await ds.query('DROP TABLE land_paar');
  return { declaraties: paren, laadS, herberekeningS };
}

/** Rows where the aggregate (and its gemeente roll-up) and a recompute from every prestatie, OHW row and toewijzing differ. */
async function afwijkingen(ds: DataSource): Promise<LandelijkResultaat['afwijkingen']> {
  const rijen = await sqlRijen<{ tabel: string; n: number }>(ds, 'SELECT tabel, count(*)::int AS n FROM budget_maand_afwijking GROUP BY tabel');
  const n = (t: string) => rijen.find((r) => r.tabel === t)?.n ?? 0;
  return { budgetMaand: n('budget_maand'), gemeenteRollup: n('budget_gemeente_maand'), ohw: n('ohw_maand') };
}

/** Runs the national-scale section on a database of its own, dropped at the end. */
export async function meetLandelijk(o: LandelijkOpties): Promise<LandelijkResultaat> {
  const jaar = STANDAARD_OPTIES.jaar;
  const regio = genereerRegio({ ...STANDAARD_OPTIES, clienten: o.clienten, maanden: 1 });
  const db: TestDatabase = await maakTestDatabase();
  const vergeet = bijAfbreken(() => db.drop());
  const ds = db.dataSource;
  try {
    o.log(`landelijk: ${o.prestaties.toLocaleString('en-US')} prestaties van ${jaar} laden (${o.aanbieders} aanbieders, ${o.gemeenten} gemeenten)…`);
    const land = await laadLand(ds, o, jaar);
    o.log(`landelijk: geladen in ${land.laadS.toFixed(0)} s, aggregaat volledig herberekend in ${land.herberekeningS.toFixed(0)} s`);

    await importeerStamdata(ds, [
      { naam: 'aanbieders.csv', inhoud: Buffer.from(aanbiedersCsv(regio)) },
      { naam: 'plafonds.csv', inhoud: Buffer.from(plafondsCsv(regio)) },
      { naam: 'tarieven.csv', inhoud: Buffer.from(tarievenCsv(regio)) },
    ], 'bench');
    const config = { ...leesConfig(), lateTermijnMaanden: 120 };
    const maand = genereerMaand(regio, 0);
    const berichten = (type: string) => maand.berichten.filter((b) => b.type.endsWith(type)).map((b) => ({ naam: b.bestandsnaam, get inhoud() { return Buffer.from(serialiseer(b.model)); } }));
    o.log('landelijk: toewijzingen van de regio laden (niet gemeten)…');
    await verwerkBerichten(ds, berichten('301'), { config });
    await ds.query('ANALYZE');

    // The biggest synthetic aanbieder (most gemeenten) and the gemeente with the most aanbieders.
    const [groot] = await sqlRijen<{ agb: string; n: number }>(ds, `SELECT a.agb_code AS agb, count(DISTINCT b.gemeente_code)::int AS n FROM budget_maand b
      JOIN aanbieder a ON a.id = b.aanbieder_id WHERE a.agb_code LIKE '3%' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
    const [drukst] = await sqlRijen<{ code: string; n: number }>(ds, `SELECT gemeente_code AS code, count(DISTINCT aanbieder_id)::int AS n FROM budget_maand
      WHERE gemeente_code >= '1000' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`);
    // Keys spread over the table: a sample of the pages big enough to give some 500 rows whatever the size.
    const pkSleutels = await sqlRijen<{ id: string; periode_begin: Datum }>(
      ds, `SELECT id::text, periode_begin FROM prestatie TABLESAMPLE SYSTEM (least(100, 2000000.0 / $1)) LIMIT 500`, [o.prestaties]);
    const peildatum = datum(`${jaar}-06-30`);
    const vraagAanbieder = () => uitnutting(ds, { jaar, peildatum, agb: groot.agb });
    const vraagGemeente = () => uitnuttingGemeente(ds, { jaar, peildatum, gemeente: drukst.code });
    const vraagPk = (i: number) => sqlRijen(ds, 'SELECT * FROM prestatie WHERE id = $1 AND periode_begin = $2', [pkSleutels[i % pkSleutels.length].id, pkSleutels[i % pkSleutels.length].periode_begin]);
    const regelsAanbieder = (await vraagAanbieder()).regels.length;
    const regelsGemeente = (await vraagGemeente()).regels.length;
    for (let i = 0; i < 30; i++) {
      await vraagPk(i);
      await vraagAanbieder();
      await vraagGemeente();
    }
    o.log(`landelijk: ${o.metingen}× elk meten (aanbieder ${groot.agb}: ${groot.n} gemeenten; gemeente ${drukst.code}: ${drukst.n} aanbieders)…`);
    const pk: number[] = [];
    const a: number[] = [];
    const g: number[] = [];
    // Interleaved, so a drift of the shared machine hits all three alike.
    for (let i = 0; i < o.metingen; i++) {
      pk.push((await tijd(() => vraagPk(i)))[0]);
      a.push((await tijd(vraagAanbieder))[0]);
      g.push((await tijd(vraagGemeente))[0]);
    }

    o.log('landelijk: een maand declaraties van de regio door de echte verwerking…');
    const declaraties = berichten('323');
    const [voor] = await sqlRijen<{ n: number }>(ds, 'SELECT count(*)::int AS n FROM prestatie');
    const [ms] = await tijd(() => verwerkBerichten(ds, declaraties, { config }));
    const [na] = await sqlRijen<{ n: number }>(ds, 'SELECT count(*)::int AS n FROM prestatie');
    o.log(`landelijk: ${declaraties.length} berichten, ${na.n - voor.n} prestaties in ${(ms / 1000).toFixed(1)} s; aggregaat vergelijken met een volledige herberekening…`);
    const [eindMs, afw] = await tijd(() => afwijkingen(ds));
    const pkL = latentie(pk);
    const aL = latentie(a);
    const gL = latentie(g);
    return {
      prestaties: o.prestaties, aanbieders: o.aanbieders, gemeenten: o.gemeenten, declaraties: land.declaraties, laadS: land.laadS, herberekeningS: land.herberekeningS,
      aanbieder: { agb: groot.agb, gemeenten: groot.n, regels: regelsAanbieder }, gemeente: { code: drukst.code, aanbieders: drukst.n, regels: regelsGemeente },
      pk: pkL, uitnuttingAanbieder: aL, uitnuttingGemeente: gL, ratioAanbieder: aL.p95Ms / pkL.p95Ms, ratioGemeente: gL.p95Ms / pkL.p95Ms,
      pijplijn: { berichten: declaraties.length, prestaties: na.n - voor.n, s: ms / 1000, prestatiesPerSeconde: (na.n - voor.n) / (ms / 1000) },
      afwijkingen: afw, eindRecomputeS: eindMs / 1000,
    };
  } finally {
    await db.drop();
    vergeet();
  }
}

const f2 = (n: number) => n.toFixed(2);

/** The readable report of the section. */
export function landelijkRapport(r: LandelijkResultaat): string {
  return [
    `National scale: ${r.prestaties.toLocaleString('en-US')} prestaties of one year (${r.aanbieders} aanbieders, ${r.gemeenten} gemeenten, ${r.declaraties.toLocaleString('en-US')} declaraties), loaded set-based in ${r.laadS.toFixed(0)} s; full recompute of the aggregate ${r.herberekeningS.toFixed(0)} s`,
    `                                          p50 ms  p95 ms  max ms  p95 × PK`,
    `single-row primary-key SELECT (prestatie)  ${f2(r.pk.p50Ms).padStart(6)}  ${f2(r.pk.p95Ms).padStart(6)}  ${f2(r.pk.maxMs).padStart(6)}     1.00`,
    `uitnutting of aanbieder ${r.aanbieder.agb} (${r.aanbieder.regels} rows)  ${f2(r.uitnuttingAanbieder.p50Ms).padStart(6)}  ${f2(r.uitnuttingAanbieder.p95Ms).padStart(6)}  ${f2(r.uitnuttingAanbieder.maxMs).padStart(6)}  ${f2(r.ratioAanbieder).padStart(7)}`,
    `uitnutting of gemeente ${r.gemeente.code} (${r.gemeente.aanbieders} aanbieders)  ${f2(r.uitnuttingGemeente.p50Ms).padStart(6)}  ${f2(r.uitnuttingGemeente.p95Ms).padStart(6)}  ${f2(r.uitnuttingGemeente.maxMs).padStart(6)}  ${f2(r.ratioGemeente).padStart(7)}`,
    `target: p95 ≤ 10× the PK SELECT — aanbieder ${r.ratioAanbieder <= 10 ? 'met' : 'missed'}, gemeente ${r.ratioGemeente <= 10 ? 'met' : 'missed'}`,
    `a month through the real pipeline on top: ${r.pijplijn.berichten} berichten, ${r.pijplijn.prestaties.toLocaleString('en-US')} prestaties in ${r.pijplijn.s.toFixed(1)} s (${Math.round(r.pijplijn.prestatiesPerSeconde)} prestaties/s);`,
    `  aggregate vs full recompute afterwards: ${r.afwijkingen.budgetMaand} differing rows, gemeente roll-up ${r.afwijkingen.gemeenteRollup}, counted OHW ${r.afwijkingen.ohw} (recompute took ${r.eindRecomputeS.toFixed(0)} s)`,
  ].join('\n');
}
