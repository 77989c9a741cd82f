import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { Maand } from '@plafond/core';
import { maakTestDatabase, type TestDatabase } from '@plafond/db';
import { ensureSoffice } from '../../../scripts/services.mjs';
import { AGB, basisStamdata, toewijzing } from '../../../test/support/declaraties';
import { ohwTemplateVoor, verwerkOhwBestand } from './index';

const MAAND = '2026-03' as Maand;

/**
 * Fills the template the way another program would: by editing the sheet XML inside the zip with jszip, not
 * with exceljs (which wrote it). Every pre-filled row gets volume 2 (uur), bedrag 130 (2 × € 65,00) and a
 * toelichting as an inline string.
 */
async function vulMetJszip(template: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(template);
  const pad = 'xl/worksheets/sheet1.xml';
  let xml = await zip.file(pad)!.async('string');
  const rijen = [...xml.matchAll(/<c r="A(\d+)" s="\d+" t="s">/g)].map((m) => Number(m[1])).filter((r) => r > 1);
  expect(rijen.length).to.be.greaterThan(0);
  for (const r of rijen) {
    xml = xml
      .replace(new RegExp(`<c r="G${r}" s="(\\d+)"/>`), `<c r="G${r}" s="$1"><v>2</v></c>`)
      .replace(new RegExp(`<c r="I${r}" s="(\\d+)"/>`), `<c r="I${r}" s="$1"><v>130</v></c>`)
      .replace(new RegExp(`<c r="J${r}" s="(\\d+)"/>`), `<c r="J${r}" s="$1" t="inlineStr"><is><t>ingevuld buiten exceljs, rij ${r}</t></is></c>`);
  }
  zip.file(pad, xml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

describe('OHW round trip: template → filled by another program → upload (also after LibreOffice saved it)', function () {
  this.timeout(180_000);
  let tdb: TestDatabase;
  let dir: string;
  let ingevuld: Buffer;
  const aantal = 5;

  before(async () => {
    tdb = await maakTestDatabase();
    await basisStamdata(tdb.dataSource);
    for (const [i, bsn] of ['999900006', '999900018', '999900031', '999900043', '999900055'].entries()) await toewijzing(tdb.dataSource, `R${i + 1}`, bsn);
    dir = await mkdtemp(join(tmpdir(), 'plafond-ohw-rondreis-'));
    ingevuld = await vulMetJszip(await ohwTemplateVoor(tdb.dataSource, AGB, MAAND));
  });
  after(async () => {
    await tdb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts every row of the template filled in with jszip', async () => {
    const uit = await verwerkOhwBestand({ agb: AGB, maand: MAAND, naam: 'ingevuld.xlsx', inhoud: ingevuld, door: 'test' }, { dataSource: tdb.dataSource });
    expect(uit.ohw.afgewezen).to.deep.equal([]);
    expect(uit.ohw.opgeslagen).to.equal(aantal);
  });

  it('accepts every row after LibreOffice Calc opened and saved the filled workbook', async function () {
    const soffice = ensureSoffice();
    if (soffice !== 'up' && soffice !== 'installed') {
      process.stdout.write(`      overgeslagen: soffice (libreoffice-calc-nogui) ontbreekt en kon niet worden geïnstalleerd (${soffice})\n`);
      this.skip();
    }
    const bron = join(dir, 'ingevuld.xlsx');
    const uitDir = join(dir, 'libreoffice');
    await writeFile(bron, ingevuld);
    // A profile of its own: a running LibreOffice of someone else would otherwise take the conversion over.
    const r = spawnSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profiel')}`, '--headless', '--norestore', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', uitDir, bron], {
      encoding: 'utf8', timeout: 150_000, env: { ...process.env, HOME: dir },
    });
    expect(r.status, r.stderr).to.equal(0);
    const opgeslagen = await readFile(join(uitDir, 'ingevuld.xlsx'));
    expect(opgeslagen.equals(ingevuld)).to.equal(false);
    const uit = await verwerkOhwBestand({ agb: AGB, maand: MAAND, naam: 'libreoffice.xlsx', inhoud: opgeslagen, door: 'test' }, { dataSource: tdb.dataSource });
    expect(uit.ohw.afgewezen).to.deep.equal([]);
    expect([uit.ohw.versie, uit.ohw.opgeslagen]).to.deep.equal([2, aantal]);
  });
});
