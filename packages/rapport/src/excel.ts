import type ExcelJS from 'exceljs';
import type { Cents } from '@plafond/core';

export const EURO_FORMAT = '€ #,##0.00;[Red]-€ #,##0.00';
export const PCT_FORMAT = '0.0%';

/**
 * The display edge: Excel stores numbers as doubles, so cents become euros only here, for the cell value.
 * Every figure is computed exactly before (bigint cents); this is presentation, not arithmetic.
 */
export function excelEuro(c: Cents): number {
  return Number(c) / 100;
}

/** Bold header row with a fill, frozen, with autofilter and column widths. */
export function kopRij(ws: ExcelJS.Worksheet, kolommen: { header: string; key: string; width: number; format?: string }[]): void {
  ws.columns = kolommen.map((k) => ({ header: k.header, key: k.key, width: k.width, style: k.format ? { numFmt: k.format } : {} }));
  const row = ws.getRow(1);
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.height = 30;
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: kolommen.length } };
}

export function titel(ws: ExcelJS.Worksheet, tekst: string, sub?: string): void {
  ws.getCell('A1').value = tekst;
  ws.getCell('A1').font = { bold: true, size: 16, color: { argb: 'FF1F4E79' } };
  if (sub) {
    ws.getCell('A2').value = sub;
    ws.getCell('A2').font = { italic: true, color: { argb: 'FF595959' } };
  }
}
