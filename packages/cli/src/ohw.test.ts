import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Datum, formatEuro } from '@plafond/core';
import { berekendBedrag } from '@plafond/declaratie';
import { maakTestDatabase, sqlRijen, tariefOpDatum, type TestDatabase } from '@plafond/db';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { leesOhwBestand, OHW_KOLOMMEN } from '@plafond/ohw';
import { opname } from './opname';
import { main } from './main';

describe('plafond ohw and verwerk with OHW files', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let dir: string;
  let agb: string;
  let maand: string;
  let csv: string;
  const oudeUrl = process.env.DATABASE_URL;

  before(async () => {
    db = await maakTestDatabase();
    process.env.DATABASE_URL = db.url;
    dir = await mkdtemp(join(tmpdir(), 'plafond-ohw-cli-'));
    const regio = genereerRegio({ seed: 11, aanbieders: 4, clienten: 40, maanden: 1 });
    maand = `${regio.jaar}-01`;
    const invoer = join(dir, 'berichten');
    await mkdir(invoer, { recursive: true });
    await writeFile(join(invoer, 'aanbieders.csv'), aanbiedersCsv(regio));
    await writeFile(join(invoer, 'tarieven.csv'), tarievenCsv(regio));
    await writeFile(join(invoer, 'plafonds.csv'), plafondsCsv(regio));
    for (const b of genereerMaand(regio, 0).berichten.filter((x) => /301/.test(x.model.type))) await writeFile(join(invoer, b.bestandsnaam), serialiseer(b.model));
    expect(await main(['verwerk', '--in', invoer, '--out', join(dir, 'berichten-uit')], opname())).to.equal(0);
    [{ agb }] = await sqlRijen<{ agb: string }>(db.dataSource,
      `SELECT a.agb_code AS agb FROM toewijzing t JOIN aanbieder a ON a.id = t.aanbieder_id WHERE t.productcode IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  });
  after(async () => {
    if (oudeUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oudeUrl;
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the template, reads it back filled in as CSV with --json, and lists the versions', async () => {
    const template = join(dir, 'template.xlsx');
    expect(await main(['ohw', 'template', '--agb', agb, '--maand', maand, '--out', template], opname())).to.equal(0);
    const tabel = await leesOhwBestand(await readFile(template), 'xlsx');
    expect(tabel.rijen.length).to.be.greaterThan(0);
    const regels: string[] = [];
    for (const r of tabel.rijen) {
      const [dom] = await sqlRijen<{ domein: string }>(db.dataSource, 'SELECT domein FROM toewijzing WHERE toewijzing_nummer = $1 AND gemeente_code = $2', [r.cellen.toewijzingnummer, r.cellen.gemeente]);
      if (!r.cellen.productcode) {
        // An aspecifieke toewijzing: the aanbieder picks the product it delivered.
        const [p] = await sqlRijen<{ productcode: string; eenheid: string }>(db.dataSource,
          'SELECT productcode, eenheid FROM tarief WHERE domein = $1 AND productcategorie = $2 AND productcode IS NOT NULL ORDER BY productcode LIMIT 1', [dom.domein, r.cellen.productcategorie]);
        r.cellen.productcode = p.productcode;
        r.cellen.eenheid ||= p.eenheid;
      }
      const t = await tariefOpDatum(db.dataSource, { domein: dom.domein as 'JW' | 'WMO', agbCode: agb, productcategorie: r.cellen.productcategorie, productcode: r.cellen.productcode || null, datum: `${maand}-01` as Datum });
      const bedrag = t && r.cellen.eenheid !== '83' ? berekendBedrag(1, t.bedragCents, r.cellen.eenheid, t.eenheid) : 100n;
      regels.push(OHW_KOLOMMEN.map((k) => (k === 'volume' ? '1' : k === 'bedrag_eur' ? formatEuro(bedrag).replace('.', ',') : r.cellen[k])).join(';'));
    }
    csv = `${OHW_KOLOMMEN.join(';')}\n${regels.join('\n')}\n`;
    await writeFile(join(dir, 'ingevuld.csv'), csv);
    const io = opname();
    expect(await main(['ohw', 'inlezen', join(dir, 'ingevuld.csv'), '--agb', agb, '--maand', maand, '--json'], io)).to.equal(0);
    const regelsUit = io.uit.trim().split('\n');
    expect(regelsUit).to.have.length(1);
    const json = JSON.parse(regelsUit[0]) as { ohw: Record<string, unknown> };
    expect(Object.keys(json)).to.deep.equal(['ohw']);
    expect(json.ohw).to.deep.equal({ agb, maand, versie: 1, opgeslagen: tabel.rijen.length, afgewezen: [] });
    const versies = opname();
    expect(await main(['ohw', 'versies', '--agb', agb, '--maand', maand], versies)).to.equal(0);
    expect(versies.uit).to.match(/versie 1 \(telt\)/);
  });

  it('exits 1 with a clear message and stores nothing for a file refused as a whole', async () => {
    await writeFile(join(dir, 'kapot.xlsx'), 'geen werkmap');
    const [{ n: voor }] = await sqlRijen<{ n: number }>(db.dataSource, 'SELECT count(*)::int AS n FROM ohw_upload');
    const io = opname();
    expect(await main(['ohw', 'inlezen', join(dir, 'kapot.xlsx'), '--agb', agb, '--maand', maand, '--json'], io)).to.equal(1);
    expect(io.fout).to.match(/afgewezen, niets opgeslagen: het bestand is geen geldig xlsx-bestand/);
    expect(io.uit).to.equal('');
    const [{ n: na }] = await sqlRijen<{ n: number }>(db.dataSource, 'SELECT count(*)::int AS n FROM ohw_upload');
    expect(na).to.equal(voor);
    expect(await main(['ohw', 'inlezen', join(dir, 'kapot.xlsx'), '--maand', maand], opname())).to.equal(2);
  });

  it('reads ohw-<agb>-<maand> files in verwerk: one verwerking.json entry each and the feedback workbook in OUT', async () => {
    const invoer = join(dir, 'ohw-in');
    const uit = join(dir, 'ohw-uit');
    await mkdir(invoer, { recursive: true });
    await writeFile(join(invoer, `ohw-${agb}-${maand}.csv`), csv);
    await writeFile(join(invoer, `ohw-${agb}-2099-13.xlsx`), 'x');
    expect(await main(['verwerk', '--in', invoer, '--out', uit], opname())).to.equal(0);
    const verwerking = JSON.parse(await readFile(join(uit, 'verwerking.json'), 'utf8')) as { file: string; outcome: string; ohw: Record<string, unknown> }[];
    const eerste = verwerking.find((v) => v.file === `ohw-${agb}-${maand}.csv`)!;
    expect(eerste).to.deep.equal({ file: `ohw-${agb}-${maand}.csv`, outcome: 'verwerkt', ohw: { agb, maand, versie: 2, opgeslagen: csv.trim().split('\n').length - 1, afgewezen: [] } });
    expect(verwerking.find((v) => v.file === `ohw-${agb}-2099-13.xlsx`)?.outcome).to.equal('afgewezen');
    expect(await readdir(uit)).to.include(`ohw-${agb}-${maand}-terugkoppeling.xlsx`);
  });
});
