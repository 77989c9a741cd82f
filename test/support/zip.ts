/**
 * Test support: a minimal zip writer (stored entries deflated, sizes and CRC as given or as they are), so the
 * hostile-workbook tests can build each hostile file themselves — including ones whose central directory lies.
 */
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipDeel {
  naam: string;
  /** The content, or chunks of it (a big entry is deflated as it comes, never held whole). */
  inhoud: Buffer | string | Iterable<Buffer>;
  /** Declare this unpacked size instead of the real one (a lying zip). */
  liegGrootte?: number;
}

async function deflate(chunks: Iterable<Buffer>): Promise<{ data: Buffer; crc: number; grootte: number }> {
  const d = createDeflateRaw({ level: 9 });
  const uit: Buffer[] = [];
  d.on('data', (b: Buffer) => uit.push(b));
  let crc = 0;
  let grootte = 0;
  for (const c of chunks) {
    crc = crc32(c, crc);
    grootte += c.length;
    if (!d.write(c)) await new Promise((r) => d.once('drain', r));
  }
  const klaar = new Promise<void>((r) => d.once('end', r));
  d.end();
  await klaar;
  return { data: Buffer.concat(uit), crc, grootte };
}

export async function bouwZip(delen: ZipDeel[]): Promise<Buffer> {
  const lokaal: Buffer[] = [];
  const centraal: Buffer[] = [];
  let offset = 0;
  for (const deel of delen) {
    const inhoud = typeof deel.inhoud === 'string' ? Buffer.from(deel.inhoud) : deel.inhoud;
    const { data, crc, grootte } = Buffer.isBuffer(inhoud)
      ? { data: deflateRawSync(inhoud), crc: crc32(inhoud), grootte: inhoud.length }
      : await deflate(inhoud);
    const gemeld = deel.liegGrootte ?? grootte;
    const naam = Buffer.from(deel.naam);
    const kop = Buffer.alloc(30);
    kop.writeUInt32LE(0x04034b50, 0);
    kop.writeUInt16LE(20, 4);
    kop.writeUInt16LE(0, 6);
    kop.writeUInt16LE(8, 8);
    kop.writeUInt32LE(crc >>> 0, 14);
    kop.writeUInt32LE(data.length, 18);
    kop.writeUInt32LE(gemeld, 22);
    kop.writeUInt16LE(naam.length, 26);
    lokaal.push(kop, naam, data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc >>> 0, 16);
    c.writeUInt32LE(data.length, 20);
    c.writeUInt32LE(gemeld, 24);
    c.writeUInt16LE(naam.length, 28);
    c.writeUInt32LE(offset, 42);
    centraal.push(c, naam);
    offset += 30 + naam.length + data.length;
  }
  const cd = Buffer.concat(centraal);
  const eind = Buffer.alloc(22);
  eind.writeUInt32LE(0x06054b50, 0);
  eind.writeUInt16LE(delen.length, 8);
  eind.writeUInt16LE(delen.length, 10);
  eind.writeUInt32LE(cd.length, 12);
  eind.writeUInt32LE(offset, 16);
  return Buffer.concat([...lokaal, cd, eind]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet xlsx around `sheet` (the sheet XML, or chunks of it), plus `extra` parts. */
export function xlsxDelen(sheet: ZipDeel['inhoud'], opties: { extra?: ZipDeel[]; contentTypesExtra?: string; liegGrootte?: number; macro?: boolean } = {}): ZipDeel[] {
  const hoofd = opties.macro ? 'application/vnd.ms-excel.sheet.macroEnabled.main+xml' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
  return [
    {
      naam: '[Content_Types].xml',
      inhoud: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="${hoofd}"/>` +
        `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>${opties.contentTypesExtra ?? ''}</Types>`,
    },
    { naam: '_rels/.rels', inhoud: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { naam: 'xl/workbook.xml', inhoud: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${R}"><sheets><sheet name="Onderhanden werk" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { naam: 'xl/_rels/workbook.xml.rels', inhoud: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
    { naam: 'xl/worksheets/sheet1.xml', inhoud: sheet, liegGrootte: opties.liegGrootte },
    ...(opties.extra ?? []),
  ];
}

/** An inline-string cell. */
export const cel = (ref: string, tekst: string) => `<c r="${ref}" t="inlineStr"><is><t>${tekst}</t></is></c>`;
export const SHEET_BEGIN = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>`;
export const SHEET_EIND = '</sheetData></worksheet>';
