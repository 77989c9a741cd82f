import ExcelJS from 'exceljs';

/** One data row of a file with the 1-based line number it starts on in the file (header = 1). */
export interface Rij {
  regel: number;
  cellen: string[];
  /** xlsx only: which cells held a number (Excel drops leading zeros of codes typed as numbers). */
  numeriek?: boolean[];
}

export interface Tabel {
  kop: string[];
  rijen: Rij[];
}

/**
 * Parses CSV text per RFC 4180 (quoted fields may hold separators, doubled quotes and line
 * breaks), with a UTF-8 BOM tolerated. The separator is ';' or ',' — whichever occurs more often
 * outside quotes in the header line. Rows with only empty cells are skipped.
 */
export function leesCsv(tekst: string): Tabel {
  const t = tekst.replace(/^\uFEFF/, '');
  const eersteRegel = t.split(/\r?\n/, 1)[0] ?? '';
  const buitenQuotes = eersteRegel.replace(/"[^"]*"/g, '');
  const sep = (buitenQuotes.match(/;/g)?.length ?? 0) > (buitenQuotes.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records: Rij[] = [];
  let cel = '';
  let cellen: string[] = [];
  let regel = 1;
  let beginRegel = 1;
  let inQuotes = false;
  const sluitRecord = () => {
    cellen.push(cel);
    if (cellen.some((c) => c.trim() !== '')) records.push({ regel: beginRegel, cellen });
    cellen = [];
    cel = '';
  };
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (inQuotes) {
      if (c === '"' && t[i + 1] === '"') {
        cel += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else {
        if (c === '\n') regel++;
        cel += c;
      }
    } else if (c === '"' && cel === '') inQuotes = true;
    else if (c === sep) {
      cellen.push(cel);
      cel = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && t[i + 1] === '\n') i++;
      sluitRecord();
      regel++;
      beginRegel = regel;
    } else cel += c;
  }
  if (cel !== '' || cellen.length) sluitRecord();
  const [kop, ...rijen] = records;
  return { kop: (kop?.cellen ?? []).map((k) => k.trim()), rijen: rijen.map((r) => ({ regel: r.regel, cellen: r.cellen.map((c) => c.trim()) })) };
}

/** Reads the first worksheet of an .xlsx workbook; row 1 is the header. Dates become `YYYY-MM-DD`. */
export async function leesXlsx(inhoud: Buffer): Promise<Tabel> {
  return (await leesXlsxBladen(inhoud))[0]?.tabel ?? { kop: [], rijen: [] };
}

/**
 * Reads every worksheet of an .xlsx workbook, in workbook order, with its name; row 1 of each is its
 * header. Every cell up to the sheet's last used column is read, so a value beyond the header is kept
 * (and can be reported) rather than dropped.
 */
export async function leesXlsxBladen(inhoud: Buffer): Promise<{ naam: string; tabel: Tabel }[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(inhoud as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => ({ naam: ws.name, tabel: leesBlad(ws) }));
}

function leesBlad(ws: ExcelJS.Worksheet): Tabel {
  const breedte = ws.columnCount;
  const tabel: Rij[] = [];
  ws.eachRow({ includeEmpty: false }, (row, regel) => {
    const cellen: string[] = [];
    const numeriek: boolean[] = [];
    for (let k = 1; k <= Math.max(breedte, row.cellCount); k++) {
      const v = row.getCell(k).value;
      cellen.push(celTekst(v).trim());
      numeriek.push(typeof v === 'number');
    }
    if (cellen.some((c) => c !== '')) tabel.push({ regel, cellen, numeriek });
  });
  const kopRij = tabel[0]?.regel === 1 ? tabel.shift() : undefined;
  // Trailing empty header cells (a formatted but unused column) are no columns.
  const kop = kopRij?.cellen ?? [];
  while (kop.length && kop[kop.length - 1] === '') kop.pop();
  return { kop, rijen: tabel };
}

function celTekst(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  // Excel stores dates as a day number; exceljs hands them over as UTC midnight.
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return celTekst(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((d) => d.text).join('');
    if ('text' in v) return String(v.text);
    return '';
  }
  return String(v);
}
