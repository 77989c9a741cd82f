import { parse } from 'csv-parse/sync';
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

/** What `leesCsv` may be told: a cap on the data rows, beyond which it stops and says so. */
export interface CsvOpties {
  maxRijen?: number;
}

/** The separator of a CSV file: ';' or ',' — whichever occurs more often outside quotes in the header line. */
export function csvScheidingsteken(tekst: string): ';' | ',' {
  const eersteRegel = /^[^\r\n]*/.exec(tekst.replace(/^\uFEFF/, ''))?.[0] ?? '';
  const buitenQuotes = eersteRegel.replace(/"[^"]*"/g, '');
  return (buitenQuotes.match(/;/g)?.length ?? 0) > (buitenQuotes.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/**
 * Parses CSV text (RFC 4180 by csv-parse: quoted fields may hold separators, doubled quotes and line breaks;
 * a UTF-8 BOM is tolerated). The separator is detected by {@link csvScheidingsteken}; numbers stay text, so a
 * decimal comma is read where the value is (`parseEuro`, `leesGetal`). Rows with only empty cells are skipped;
 * each row keeps the line it starts on. Throws a `CsvFout` (Dutch message with the line) for broken quoting,
 * and one with `teVeel` when there are more than `maxRijen` data rows.
 */
export function leesCsv(tekst: string, opties: CsvOpties = {}): Tabel {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(tekst, {
      bom: true, delimiter: csvScheidingsteken(tekst), info: true, relax_column_count: true, skip_empty_lines: true, trim: true,
      skip_records_with_empty_values: true, ...(opties.maxRijen !== undefined && { to: opties.maxRijen + 2 }),
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const fout = e as { message: string; lines?: number };
    throw new CsvFout(`het CSV-bestand is niet te lezen${fout.lines ? ` (regel ${fout.lines})` : ''}: ${fout.message.replace(/^Invalid [^:]*: /, '')}`);
  }
  const rijen = records.map(({ record, info }) => ({
    // csv-parse counts the line a record ends on; a quoted field may span lines.
    regel: info.lines - record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0),
    cellen: record,
  }));
  if (opties.maxRijen !== undefined && rijen.length > opties.maxRijen + 1) {
    throw new CsvFout(`het CSV-bestand heeft meer dan ${opties.maxRijen} regels`, true);
  }
  const [kop, ...data] = rijen;
  return { kop: kop?.cellen ?? [], rijen: data };
}

/** A CSV file that cannot be read as a whole. */
export class CsvFout extends Error {
  constructor(message: string, readonly teVeel = false) {
    super(message);
    this.name = 'CsvFout';
  }
}

/** Reads the first worksheet of an .xlsx workbook; row 1 is the header. Dates become `YYYY-MM-DD`. */
export async function leesXlsx(inhoud: Buffer): Promise<Tabel> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(inhoud as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return { kop: [], rijen: [] };
  const breedte = ws.columnCount;
  const tabel: Rij[] = [];
  ws.eachRow({ includeEmpty: false }, (row, regel) => {
    const cellen: string[] = [];
    const numeriek: boolean[] = [];
    for (let k = 1; k <= breedte; k++) {
      const v = row.getCell(k).value;
      cellen.push(celTekst(v).trim());
      numeriek.push(typeof v === 'number');
    }
    if (cellen.some((c) => c !== '')) tabel.push({ regel, cellen, numeriek });
  });
  const kopRij = tabel[0]?.regel === 1 ? tabel.shift() : undefined;
  return { kop: kopRij?.cellen ?? [], rijen: tabel };
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
