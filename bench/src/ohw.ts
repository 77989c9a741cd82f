import { PassThrough } from 'node:stream';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { datum } from '@plafond/core';
import { maakTestDatabase, sqlRijen, upsertAanbieders, upsertTarieven } from '@plafond/db';
import { OHW_KOLOMMEN } from '@plafond/ohw';
import { bijAfbreken, draaiKind } from './proces';

export interface OhwZijde {
  /** Best wall time of the runs, ms. */
  ms: number;
  alleMs: number[];
  rijenPerSeconde: number;
  /** Highest peak RSS over the runs, KiB. */
  piekRssKb: number;
}

export interface OhwResultaat {
  rijen: number;
  bytes: number;
  runs: number;
  /** `verwerkOhwBestand` (what `plafond ohw inlezen` runs): read under limits, check every row, store the version (the feedback workbook is made on request). */
  plafond: OhwZijde & { opgeslagen: number; afgewezen: number };
  /** exceljs's streaming WorkbookReader over the same workbook, every cell touched: the floor. */
  exceljs: OhwZijde;
  /** exceljs's best time / ours: 1 means as fast as a bare streaming read. */
  ratio: number;
}

const AGB = '99000001';
const MAAND = '2026-03';
const TARIEF = 6500n;

/** A valid BSN (elfproef) for a running number. */
function bsn(n: number): string {
  const acht = String(10_000_000 + n).padStart(8, '0').slice(-8);
  let som = 0;
  for (let i = 0; i < 8; i++) som += Number(acht[i]) * (9 - i);
  const laatste = som % 11;
  return laatste <= 9 ? `${acht}${laatste}` : bsn(n + 50_000_000);
}

/** The filled OHW workbook of `rijen` toewijzingen, written as Excel does (shared strings), all rows valid. */
export async function schrijfWerkmap(pad: string, bsns: string[]): Promise<number> {
  const uit = new PassThrough();
  const delen: Buffer[] = [];
  uit.on('data', (d: Buffer) => delen.push(d));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: uit, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Onderhanden werk');
  ws.addRow([...OHW_KOLOMMEN]).commit();
  bsns.forEach((b, i) => {
    const volume = 1 + (i % 9);
    ws.addRow(['0479', `OHW${i + 1}`, b, '45', '45A03', MAAND, volume, '04', Number(TARIEF * BigInt(volume)) / 100, i % 5 === 0 ? 'nog te declareren' : null]).commit();
  });
  ws.commit();
  await wb.commit();
  const buf = Buffer.concat(delen);
  await writeFile(pad, buf);
  return buf.length;
}

/**
 * OHW: a workbook of `rijen` rows (one per toewijzing of one aanbieder) read, checked against the toewijzingen
 * and the contract tariff and stored as a version, with its feedback workbook — against a bare streaming read of
 * the same workbook by exceljs. Each side runs in a process of its own, alternating, best of `runs`.
 */
export async function meetOhw(opts: { rijen: number; runs: number; werk: string; log: (t: string) => void }): Promise<OhwResultaat> {
  opts.log(`ohw: database met ${opts.rijen} toewijzingen, werkmap van ${opts.rijen} rijen…`);
  const db = await maakTestDatabase();
  const vergeet = bijAfbreken(() => db.drop());
  try {
    const ds = db.dataSource;
    await upsertAanbieders(ds, [{ agbCode: AGB, naam: 'OHW Benchmark BV' }]);
    await upsertTarieven(ds, [{ domein: 'JW', productcategorie: '45', productcode: '45A03', eenheid: '04', bedragCents: TARIEF, ingangsdatum: datum('2026-01-01'), einddatum: null, agbCode: null }]);
    const bsns = Array.from({ length: opts.rijen }, (_, i) => bsn(i * 7 + 1));
    await sqlRijen(ds, `INSERT INTO client (bsn, pseudoniem) SELECT b, 'P' || b FROM unnest($1::text[]) AS b`, [bsns]);
    await sqlRijen(ds,
      `INSERT INTO toewijzing (toewijzing_nummer, gemeente_code, domein, aanbieder_id, client_id, productcategorie, productcode, toewijzingsdatum, ingangsdatum,
         einddatum, omvang_volume, omvang_eenheid, omvang_frequentie, variant)
       SELECT 'OHW' || n, '0479', 'JW', a.id, c.id, '45', '45A03', '2026-01-01', '2026-01-01', '2026-12-31', 20, '04', '4', 'specifiek'
         FROM unnest($1::text[]) WITH ORDINALITY AS x(b, n) JOIN client c ON c.bsn = x.b CROSS JOIN aanbieder a WHERE a.agb_code = $2`,
      [bsns, AGB]);
    await sqlRijen(ds, 'ANALYZE');
    const pad = join(opts.werk, `ohw-${AGB}-${MAAND}.xlsx`);
    const bytes = await schrijfWerkmap(pad, bsns);
    const onze: { ms: number; maxRssKb: number; opgeslagen: number; afgewezen: number }[] = [];
    const kaal: { ms: number; maxRssKb: number; rijen: number }[] = [];
    for (let i = 0; i < opts.runs; i++) {
      opts.log(`ohw: run ${i + 1}/${opts.runs}`);
      kaal.push(await draaiKind('exceljs', [pad]));
      onze.push(await draaiKind('ohw', [pad, db.url, AGB, MAAND]));
    }
    const eerste = onze[0];
    if (eerste.opgeslagen !== opts.rijen) throw new Error(`ohw: ${eerste.opgeslagen} van ${opts.rijen} rijen opgeslagen (${eerste.afgewezen} afgewezen)`);
    const zijde = (r: { ms: number; maxRssKb: number }[]): OhwZijde => {
      const ms = Math.min(...r.map((x) => x.ms));
      return { ms, alleMs: r.map((x) => x.ms), rijenPerSeconde: opts.rijen / (ms / 1000), piekRssKb: Math.max(...r.map((x) => x.maxRssKb)) };
    };
    const plafond = { ...zijde(onze), opgeslagen: eerste.opgeslagen, afgewezen: eerste.afgewezen };
    const exceljs = zijde(kaal);
    return { rijen: opts.rijen, bytes, runs: opts.runs, plafond, exceljs, ratio: exceljs.ms / plafond.ms };
  } finally {
    vergeet();
    await db.drop();
  }
}
