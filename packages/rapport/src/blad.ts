import type ExcelJS from 'exceljs';
import { parseEuro, type Cents } from '@plafond/core';
import { excelEuro } from './excel';

/** Format codes are stored locale-neutral (`,` thousands, `.` decimals); Excel and LibreOffice show them Dutch (1.234,56) on a Dutch system. */
export const EURO = '[$€-413] #,##0.00;[Red]-[$€-413] #,##0.00';
export const KLEUR = { donker: 'FF1F4E79', midden: 'FF2E75B6', licht: 'FFDDEBF7', rood: 'FFC00000', oranje: 'FFED7D31', grijs: 'FF595959', zacht: 'FFF2F2F2' } as const;

/** A column of a table sheet: header text for people, the cell format, width and an explanation for the notes. */
export interface Kolom<R> {
  kop: string;
  breedte: number;
  /** For `euro` columns: cents (bigint); formatted as euros at the edge. */
  waarde: (r: R) => string | number | bigint | Date | null;
  soort?: 'euro' | 'pct' | 'getal' | 'tekst' | 'datum';
  /** Shown as the header cell's note: what the figure means and where it comes from. */
  uitleg?: string;
  /** Long text (a toelichting, a reason): wraps within the column, the row as high as its lines need. */
  terugloop?: boolean;
}

/**
 * Text from outside (names, toelichtingen, reasons) always goes into a string cell, never into a formula — also when
 * it starts with `=`, `+`, `-` or `@` (formula injection): exceljs writes a string value as a shared string.
 */
export function tekstCel(c: ExcelJS.Cell, s: string): void {
  c.value = s;
}

/** Euro strings of the JSON figures ("1234.56") back to exact cents. */
export function centsUit(euro: string): Cents {
  return parseEuro(euro);
}

/** A percentage with two decimals as a string ("70.25") to the fraction Excel formats as 70,25 %. */
export function fractieUit(pct: string | null): number | null {
  if (pct === null || pct === '') return null;
  return Number(pct) / 100;
}

/** Landscape, fit to the page width, header rows repeated on every page, a footer with page numbers. */
export function afdrukInstelling(ws: ExcelJS.Worksheet, kopRijen: string | undefined): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    orientation: 'landscape',
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    ...(kopRijen ? { printTitlesRow: kopRijen } : {}),
  };
  ws.headerFooter = { oddFooter: '&L&8Plafond — Zaanstreek-Waterland&R&8pagina &P van &N' };
}

/** Title (row 1) and subtitle (row 2) of a sheet. */
export function bladTitel(ws: ExcelJS.Worksheet, tekst: string, sub?: string): void {
  ws.getCell('A1').value = tekst;
  ws.getCell('A1').font = { bold: true, size: 15, color: { argb: KLEUR.donker } };
  ws.getRow(1).height = 24;
  if (sub) {
    ws.getCell('A2').value = sub;
    ws.getCell('A2').font = { italic: true, color: { argb: KLEUR.grijs } };
  }
}

/**
 * A titled table sheet for people: title and subtitle, header in row 4 (bold, filled, wrapped, with notes explaining
 * each figure), frozen below the header, autofilter, euro / percentage formats, print setup. Returns the first and
 * last data row so callers can add conditional formatting and totals.
 */
export function tabelBlad<R>(
  wb: ExcelJS.Workbook,
  naam: string,
  titel: string,
  sub: string,
  kolommen: Kolom<R>[],
  rijen: R[],
  opties: { tabKleur?: string; totaal?: boolean } = {},
): { ws: ExcelJS.Worksheet; eerste: number; laatste: number } {
  const ws = wb.addWorksheet(naam, { properties: { tabColor: { argb: opties.tabKleur ?? KLEUR.donker } }, views: [{ state: 'frozen', ySplit: 4, xSplit: 0 }] });
  bladTitel(ws, titel, sub);
  const KOP = 4;
  const kop = ws.getRow(KOP);
  kolommen.forEach((k, i) => {
    const c = kop.getCell(i + 1);
    c.value = k.kop;
    if (k.uitleg) c.note = { texts: [{ text: k.uitleg }] };
    ws.getColumn(i + 1).width = k.breedte;
  });
  kop.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  kop.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: KLEUR.donker } };
  kop.alignment = { vertical: 'middle', wrapText: true };
  kop.height = 32;
  const formaat = (k: Kolom<R>): string | undefined => (k.soort === 'euro' ? EURO : k.soort === 'pct' ? '0.00%' : k.soort === 'getal' ? '#,##0' : k.soort === 'datum' ? 'dd-mm-yyyy' : undefined);
  rijen.forEach((r, j) => {
    const row = ws.getRow(KOP + 1 + j);
    let regels = 1;
    kolommen.forEach((k, i) => {
      const c = row.getCell(i + 1);
      const v = k.waarde(r);
      if (typeof v === 'string') tekstCel(c, v);
      else c.value = typeof v === 'bigint' ? excelEuro(v) : v;
      const f = formaat(k);
      if (f) c.numFmt = f;
      if (k.terugloop) {
        c.alignment = { wrapText: true, vertical: 'top' };
        // A reader does not grow a row for wrapped text by itself: about one character per unit of column width.
        if (typeof v === 'string') regels = Math.max(regels, Math.ceil(v.length / k.breedte));
      }
    });
    if (regels > 1) {
      row.height = regels * 15;
      // The row's other figures at the top, beside the first line of the text.
      kolommen.forEach((k, i) => { if (!k.terugloop) row.getCell(i + 1).alignment = { vertical: 'top' }; });
    }
    if (j % 2 === 1) row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: KLEUR.zacht } };
  });
  const eerste = KOP + 1;
  const laatste = KOP + rijen.length;
  if (opties.totaal && rijen.length) {
    const t = ws.getRow(laatste + 1);
    t.getCell(1).value = 'Totaal';
    kolommen.forEach((k, i) => {
      if (k.soort !== 'euro') return;
      const kol = ws.getColumn(i + 1).letter;
      // A formula over our own cells (never over outside text); the cached result is the exact sum so a reader
      // that does not calculate still shows the right total.
      const som = rijen.reduce((s, r) => { const v = k.waarde(r); return s + (typeof v === 'bigint' ? v : 0n); }, 0n);
      t.getCell(i + 1).value = { formula: `SUM(${kol}${eerste}:${kol}${laatste})`, result: excelEuro(som) };
      t.getCell(i + 1).numFmt = EURO;
    });
    t.font = { bold: true };
    t.border = { top: { style: 'thin', color: { argb: KLEUR.donker } } };
  }
  ws.autoFilter = { from: { row: KOP, column: 1 }, to: { row: KOP, column: kolommen.length } };
  afdrukInstelling(ws, `${KOP}:${KOP}`);
  return { ws, eerste, laatste };
}

/** Data bars on a percentage or euro column. */
export function dataBalk(ws: ExcelJS.Worksheet, kolom: number, eerste: number, laatste: number, kleur: string = KLEUR.midden): void {
  if (laatste < eerste) return;
  const l = ws.getColumn(kolom).letter;
  ws.addConditionalFormatting({
    ref: `${l}${eerste}:${l}${laatste}`,
    rules: [{ type: 'dataBar', priority: 1, cfvo: [{ type: 'min' }, { type: 'max' }], color: { argb: kleur } } as unknown as ExcelJS.ConditionalFormattingRule],
  });
}

/** Traffic-light fill on a uitnutting/prognose fraction column: ≥ 100 % red, ≥ 70 % orange (text stays readable). */
export function drempelKleur(ws: ExcelJS.Worksheet, kolom: number, eerste: number, laatste: number): void {
  if (laatste < eerste) return;
  const l = ws.getColumn(kolom).letter;
  ws.addConditionalFormatting({
    ref: `${l}${eerste}:${l}${laatste}`,
    rules: [
      { type: 'cellIs', operator: 'greaterThan', formulae: ['1'], priority: 2, style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFF8CBAD' } }, font: { bold: true, color: { argb: 'FF9C0006' } } } },
      { type: 'cellIs', operator: 'between', formulae: ['0.7', '1'], priority: 3, style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFEB9C' } }, font: { color: { argb: 'FF9C5700' } } } },
    ],
  });
}

/** A notes block below a table: one explained figure per line. */
export function toelichting(ws: ExcelJS.Worksheet, vanafRij: number, regels: [string, string][]): void {
  ws.getCell(vanafRij, 1).value = 'Toelichting';
  ws.getCell(vanafRij, 1).font = { bold: true, color: { argb: KLEUR.donker } };
  regels.forEach(([kop, tekst], i) => {
    const r = ws.getRow(vanafRij + 1 + i);
    r.getCell(1).value = kop;
    r.getCell(1).font = { bold: true };
    r.getCell(2).value = tekst;
    r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    ws.mergeCells(vanafRij + 1 + i, 2, vanafRij + 1 + i, 8);
    r.height = Math.max(15, Math.ceil(tekst.length / 110) * 15);
  });
}
