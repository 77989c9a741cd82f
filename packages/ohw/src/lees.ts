import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { CsvFout, leesCsv } from '@plafond/stamdata';
import { FOUTEN_KOLOM, OHW_KOLOMMEN, STANDAARD_LIMIETEN, type OhwInvoerRij, type OhwKolom, type OhwLimieten, type OhwTabel } from './kolommen';

/** A file refused as a whole (unreadable, hostile, too big, wrong columns): nothing of it is stored. */
export class OhwBestandFout extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OhwBestandFout';
  }
}

export type OhwSoort = 'csv' | 'xlsx';

/** The kind of an OHW file by its name (`.csv` / `.xlsx`); undefined for anything else. */
export function ohwSoortVan(naam: string): OhwSoort | undefined {
  if (/\.xlsx$/i.test(naam)) return 'xlsx';
  if (/\.csv$/i.test(naam)) return 'csv';
  return undefined;
}

const MB = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/**
 * Reads an OHW file (CSV or xlsx) into rows of text under limits. Refuses the whole file (`OhwBestandFout`,
 * a Dutch message) when it is too big, not the kind it claims, hostile (zip bomb, macros, external links,
 * formulas), has too many rows or columns, or its header is not the OHW columns in order.
 */
export async function leesOhwBestand(inhoud: Buffer, soort: OhwSoort, limieten: OhwLimieten = STANDAARD_LIMIETEN): Promise<OhwTabel> {
  if (inhoud.length > limieten.maxBytes) {
    throw new OhwBestandFout(`het bestand is ${MB(inhoud.length)}; de grens is ${MB(limieten.maxBytes)}`);
  }
  const ruw = soort === 'csv' ? leesCsvRuw(inhoud, limieten) : await leesXlsxRuw(inhoud, limieten);
  return naarTabel(ruw.kop, ruw.rijen);
}

interface RuweRij {
  regel: number;
  cellen: string[];
}

function leesCsvRuw(inhoud: Buffer, limieten: OhwLimieten): { kop: string[]; rijen: RuweRij[] } {
  if (inhoud.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) throw new OhwBestandFout('het bestand is een zip- of Excel-bestand, geen CSV');
  const tekst = inhoud.toString('utf8');
  if (tekst.includes('\u0000')) throw new OhwBestandFout('het bestand is geen tekst (CSV)');
  try {
    const t = leesCsv(tekst, { maxRijen: limieten.maxRijen });
    const breedst = Math.max(t.kop.length, ...t.rijen.map((r) => r.cellen.length));
    if (breedst > limieten.maxKolommen) throw new OhwBestandFout(`het bestand heeft ${breedst} kolommen; de grens is ${limieten.maxKolommen}`);
    return t;
  } catch (e) {
    if (e instanceof CsvFout) throw new OhwBestandFout(e.teVeel ? `het bestand heeft meer dan ${limieten.maxRijen} regels` : e.message);
    throw e;
  }
}

/**
 * Checks the zip of an xlsx before any XML of it is parsed: the central directory (entry count, declared
 * unpacked sizes and ratios, macro and external-link parts) and then every entry inflated with a counter, so
 * sizes that lie are caught too (yauzl refuses an entry that inflates beyond its declared size).
 */
export async function controleerXlsxZip(inhoud: Buffer, limieten: OhwLimieten = STANDAARD_LIMIETEN): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((ok, fout) =>
    yauzl.fromBuffer(inhoud, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (e, z) => (e ? fout(e) : ok(z))),
  ).catch(() => {
    throw new OhwBestandFout('het bestand is geen geldig xlsx-bestand (geen leesbaar zip-archief)');
  });
  try {
    if (zip.entryCount > limieten.maxEntries) throw new OhwBestandFout(`het xlsx-bestand bevat ${zip.entryCount} onderdelen; de grens is ${limieten.maxEntries}`);
    let totaal = 0;
    let contentTypes = '';
    let heeftWerkblad = false;
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((ok, fout) => {
        zip.once('entry', ok);
        zip.once('end', () => ok(null));
        zip.once('error', fout);
        zip.readEntry();
      }).catch((e: Error) => {
        throw new OhwBestandFout(`het xlsx-bestand is beschadigd: ${e.message}`);
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (!entry) break;
      const naam = entry.fileName;
      if (/(^|\/)vbaProject\.bin$/i.test(naam) || /^xl\/activeX\//i.test(naam)) {
        throw new OhwBestandFout('het bestand bevat macro\'s of ActiveX-onderdelen; lever een gewoon .xlsx-bestand aan');
      }
      if (/^xl\/externalLinks\//i.test(naam)) throw new OhwBestandFout('het bestand bevat koppelingen naar andere bestanden (externe verwijzingen); lever het zonder koppelingen aan');
      if (/^xl\/worksheets\/sheet\d+\.xml$/i.test(naam)) heeftWerkblad = true;
      totaal += entry.uncompressedSize;
      if (totaal > limieten.maxUitgepakt) throw new OhwBestandFout(`het xlsx-bestand is uitgepakt groter dan ${MB(limieten.maxUitgepakt)} (zip-bom?)`);
      if (entry.uncompressedSize > 1024 * 1024 && entry.uncompressedSize / Math.max(entry.compressedSize, 1) > limieten.maxRatio) {
        throw new OhwBestandFout(`het onderdeel ${naam} is meer dan ${limieten.maxRatio} keer samengeperst (zip-bom?)`);
      }
      const inhoudEntry = await leesEntry(zip, entry, naam === '[Content_Types].xml' ? 1024 * 1024 : 0);
      if (naam === '[Content_Types].xml') contentTypes = inhoudEntry;
    }
    if (/macroEnabled|vbaProject/i.test(contentTypes)) throw new OhwBestandFout('het bestand is een werkmap met macro\'s (.xlsm); lever een gewoon .xlsx-bestand aan');
    if (!contentTypes || !heeftWerkblad) throw new OhwBestandFout('het bestand is geen xlsx-werkmap (geen werkblad gevonden)');
  } finally {
    zip.close();
  }
}

/** Inflates one entry, counting (yauzl stops it beyond its declared size); keeps the text when `bewaar` > 0 bytes fit. */
function leesEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, bewaar: number): Promise<string> {
  return new Promise((ok, fout) => {
    zip.openReadStream(entry, (e, stroom) => {
      if (e || !stroom) return fout(new OhwBestandFout(`het xlsx-bestand is beschadigd (${entry.fileName})`));
      const delen: Buffer[] = [];
      let n = 0;
      stroom.on('data', (d: Buffer) => {
        n += d.length;
        if (bewaar && n <= bewaar) delen.push(d);
      });
      stroom.on('error', () => fout(new OhwBestandFout(`het xlsx-bestand is beschadigd of misleidend over zijn grootte (${entry.fileName})`)));
      stroom.on('end', () => ok(Buffer.concat(delen).toString('utf8')));
    });
  });
}

async function leesXlsxRuw(inhoud: Buffer, limieten: OhwLimieten): Promise<{ kop: string[]; rijen: RuweRij[] }> {
  await controleerXlsxZip(inhoud, limieten);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([inhoud]), {
    entries: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit',
  });
  let kop: string[] | undefined;
  const rijen: RuweRij[] = [];
  try {
    for await (const werkblad of reader) {
      if (kop !== undefined) break;
      kop = [];
      for await (const rij of werkblad) {
        if (rij.number > limieten.maxRijen + 1) throw new OhwBestandFout(`het werkblad heeft meer dan ${limieten.maxRijen} rijen`);
        const waarden = rij.values as ExcelJS.CellValue[];
        if (waarden.length - 1 > limieten.maxKolommen) {
          throw new OhwBestandFout(`rij ${rij.number} gebruikt ${waarden.length - 1} kolommen; de grens is ${limieten.maxKolommen}`);
        }
        const cellen: string[] = [];
        for (let k = 1; k < waarden.length; k++) cellen.push(celTekst(waarden[k], rij.number, k).trim());
        if (rij.number === 1) kop = cellen;
        else if (cellen.some((c) => c !== '')) rijen.push({ regel: rij.number, cellen });
      }
    }
  } catch (e) {
    if (e instanceof OhwBestandFout) throw e;
    throw new OhwBestandFout(`het xlsx-bestand is niet te lezen: ${(e as Error).message}`);
  }
  return { kop: kop ?? [], rijen };
}

function kolomLetter(k: number): string {
  let s = '';
  for (let n = k; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * A cell as text. Formulas are never evaluated and their cached result is never trusted: a cell with a formula
 * refuses the file. Numbers are written without float noise; dates become `YYYY-MM-DD`.
 */
function celTekst(v: ExcelJS.CellValue, rij: number, kolom: number): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number(v.toPrecision(15))) : '';
  if (typeof v === 'boolean') return v ? 'WAAR' : 'ONWAAR';
  if (typeof v === 'string') return v;
  if ('formula' in v || 'sharedFormula' in v) {
    throw new OhwBestandFout(`cel ${kolomLetter(kolom)}${rij} bevat een formule; formules worden niet uitgevoerd — vul de waarde zelf in`);
  }
  if ('richText' in v) return v.richText.map((d) => d.text).join('');
  if ('text' in v) return String(v.text);
  if ('error' in v) return String(v.error);
  return '';
}

/** Checks the header (the OHW columns in order; a trailing `fouten` column of a feedback workbook is ignored) and keys the cells. */
function naarTabel(kop: string[], rijen: RuweRij[]): OhwTabel {
  const genormaliseerd = kop.map((k) => k.trim().toLowerCase());
  while (genormaliseerd.length && genormaliseerd[genormaliseerd.length - 1] === '') genormaliseerd.pop();
  if (genormaliseerd[genormaliseerd.length - 1] === FOUTEN_KOLOM) genormaliseerd.pop();
  const klopt = genormaliseerd.length === OHW_KOLOMMEN.length && OHW_KOLOMMEN.every((k, i) => genormaliseerd[i] === k);
  if (!klopt) {
    throw new OhwBestandFout(
      genormaliseerd.length === 0
        ? `de kopregel (rij 1) ontbreekt; verwacht: ${OHW_KOLOMMEN.join(', ')}`
        : `de kopregel (rij 1) moet precies deze kolommen in deze volgorde hebben: ${OHW_KOLOMMEN.join(', ')}; gevonden: ${genormaliseerd.join(', ')}`,
    );
  }
  return {
    rijen: rijen.map((r): OhwInvoerRij => {
      const cellen = {} as Record<OhwKolom, string>;
      OHW_KOLOMMEN.forEach((k, i) => (cellen[k] = (r.cellen[i] ?? '').trim()));
      return { regel: r.regel, cellen };
    }),
  };
}
