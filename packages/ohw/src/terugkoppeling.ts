import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { OhwAfwijzing } from './controle';
import { FOUTEN_KOLOM, OHW_KOLOMMEN, type OhwInvoerRij } from './kolommen';

export interface TerugkoppelingInvoer {
  agb: string;
  maand: string;
  versie: number;
  rijen: readonly OhwInvoerRij[];
  afgewezen: readonly OhwAfwijzing[];
}

const FOUT_KLEUR = 'FFFFC7CE';

/**
 * The feedback workbook: every row of the upload at its own row number with the original columns (as the text
 * that was read — never a formula, so text starting with =, +, - or @ stays plain text), a `fouten` column with
 * the reasons, and each bad cell filled red with its reason as a comment. Written streaming.
 */
export async function maakTerugkoppeling(t: TerugkoppelingInvoer): Promise<Buffer> {
  const uit = new PassThrough();
  const delen: Buffer[] = [];
  uit.on('data', (d: Buffer) => delen.push(d));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: uit, useStyles: true, useSharedStrings: false });
  wb.creator = 'Plafond — regionale backoffice Zaanstreek-Waterland';
  const ws = wb.addWorksheet('Terugkoppeling', { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }], pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' } });
  ws.columns = [...OHW_KOLOMMEN, FOUTEN_KOLOM].map((k) => ({ key: k, width: k === 'toelichting' || k === FOUTEN_KOLOM ? 40 : 14, style: { numFmt: '@' } }));
  const kop = ws.getRow(1);
  [...OHW_KOLOMMEN, FOUTEN_KOLOM].forEach((k, i) => {
    const cel = kop.getCell(i + 1);
    cel.value = k;
    cel.font = { bold: true };
  });
  kop.commit();
  const perRij = new Map<number, OhwAfwijzing[]>();
  for (const a of t.afgewezen) {
    const lijst = perRij.get(a.regel);
    if (lijst) lijst.push(a);
    else perRij.set(a.regel, [a]);
  }
  for (const r of t.rijen) {
    const rij = ws.getRow(r.regel);
    const fouten = perRij.get(r.regel) ?? [];
    OHW_KOLOMMEN.forEach((k, i) => {
      const cel = rij.getCell(i + 1);
      // A string value is written as a string cell: no spreadsheet evaluates it.
      cel.value = r.cellen[k];
      const hier = fouten.filter((f) => f.kolom === k);
      if (hier.length) {
        cel.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FOUT_KLEUR } };
        cel.note = hier.map((f) => f.reden).join('\n');
      }
    });
    if (fouten.length) {
      const cel = rij.getCell(OHW_KOLOMMEN.length + 1);
      cel.value = fouten.map((f) => `${f.kolom}: ${f.reden}`).join('; ');
      cel.font = { color: { argb: 'FF9C0006' } };
    }
    rij.commit();
  }
  ws.commit();
  const s = wb.addWorksheet('Samenvatting');
  s.columns = [{ width: 24 }, { width: 60 }];
  const geweigerd = new Set(t.afgewezen.map((a) => a.regel)).size;
  for (const [a, b] of [
    ['AGB', t.agb], ['Maand', t.maand], ['Versie', String(t.versie)], ['Regels opgeslagen', String(t.rijen.length - geweigerd)],
    ['Regels afgewezen', String(geweigerd)],
  ]) s.addRow([a, b]).commit();
  s.commit();
  await wb.commit();
  return Buffer.concat(delen);
}
