import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { datum } from '@plafond/core';
import { auditVan, maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';
import { serialiseer, type Bericht } from '@plafond/istandaard';
import { aangevraagdProduct, startBericht, startProduct, votBericht } from '../../../test/support/berichten';
import { declaratie, prestatie } from '../../../test/support/declaraties';
import { vereisIstandaarden, xsdFouten } from '../../../test/support/istandaarden';
import { opname } from './opname';
import { main } from './main';

const met = <T extends Bericht>(b: T, dagtekening: string): T => ({ ...b, header: { ...b.header, berichtIdentificatie: { ...b.header.berichtIdentificatie, dagtekening: datum(dagtekening) } } });
const KOP = 'datum,soort,agb,sleutel,besluit,referentienummer,reden_afwijzing,woonplaats,postcode,huisnummer,door,reden\n';

describe('plafond CLI: werkvoorraad, verzoek, declaratie besluit and verwerk --besluiten', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let dir: string;
  const oudeUrl = process.env.DATABASE_URL;

  before(async function () {
    vereisIstandaarden(this);
    db = await maakTestDatabase();
    process.env.DATABASE_URL = db.url;
    dir = await mkdtemp(join(tmpdir(), 'plafond-wv-'));
  });
  after(async () => {
    if (oudeUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oudeUrl;
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('explains verzoek, declaratie and werkvoorraad with --help, and the decisions file columns in verwerk --help', async () => {
    for (const cmd of ['verzoek', 'declaratie', 'werkvoorraad']) {
      const io = opname();
      expect(await main([cmd, '--help'], io)).to.equal(0);
      expect(io.uit).to.contain(`gebruik: plafond ${cmd}`);
    }
    const io = opname();
    expect(await main(['verwerk', '--help'], io)).to.equal(0);
    for (const kolom of ['datum', 'soort', 'agb', 'sleutel', 'besluit', 'referentienummer', 'reden_afwijzing', 'woonplaats', 'door', 'reden']) expect(io.uit).to.contain(kolom);
  });

  it('refuses a decisions file with a bad row before processing anything, naming the row', async () => {
    const invoer = join(dir, 'slecht');
    await mkdir(invoer, { recursive: true });
    await writeFile(join(invoer, 'aanbieders.csv'), 'agb,naam\n12345678,Zorg Test BV\n');
    await writeFile(join(invoer, 'v.xml'), serialiseer(votBericht('CV0', '999900006', [aangevraagdProduct('CLI-0')])));
    await writeFile(join(dir, 'slecht.csv'), `${KOP}2026-05-07,verzoek,12345678,CLI-0,vergeten,,,,,,jan,omdat\n`);
    const io = opname();
    expect(await main(['verwerk', '--in', invoer, '--out', join(dir, 'uit0'), '--besluiten', join(dir, 'slecht.csv')], io)).to.equal(1);
    expect(io.fout).to.contain('regel 2').and.contain("besluit 'vergeten'");
    const [{ n }] = await sqlRijen<{ n: string }>(db.dataSource, `SELECT count(*)::text AS n FROM bericht`);
    expect(n).to.equal('0');
  });

  it('runs a flow from files: VOT, the decision to honour it on its day, then the start on the new toewijzing', async () => {
    const invoer = join(dir, 'in');
    const uit = join(dir, 'uit');
    await mkdir(invoer, { recursive: true });
    await writeFile(join(invoer, 'aanbieders.csv'), 'agb,naam\n12345678,Zorg Test BV\n');
    await writeFile(join(invoer, 'a-vot.xml'), serialiseer(met(votBericht('CV1', '999900006', [aangevraagdProduct('CLI-1', { toewijzingIngangsdatum: datum('2026-02-01') })]), '2026-01-05')));
    // The back office draws toewijzingnummers from 900000001 on: the first one is this.
    await writeFile(join(invoer, 'b-start.xml'), serialiseer(met(startBericht('CS1', '999900006', [startProduct(900000001, '2026-02-02')]), '2026-02-03')));
    await writeFile(join(dir, 'besluiten.csv'), `${KOP}2026-01-07,verzoek,12345678,CLI-1,toekennen,,,,1501AB,3,backoffice.kees,indicatie akkoord\n`);
    const io = opname();
    expect(await main(['verwerk', '--in', invoer, '--out', uit, '--besluiten', join(dir, 'besluiten.csv')], io), io.fout).to.equal(0);
    const verwerking = JSON.parse(await readFile(join(uit, 'verwerking.json'), 'utf8')) as { file: string; retourcodes: string[] }[];
    expect(verwerking.map((v) => [v.file, v.retourcodes])).to.deep.equal([['a-vot.xml', ['0200']], ['b-start.xml', ['0200']]]);
    const besluiten = JSON.parse(await readFile(join(uit, 'besluiten.json'), 'utf8')) as { regels: number[]; uitkomst: { status: string; toewijzingNummers: string[] } }[];
    expect(besluiten).to.have.length(1);
    expect(besluiten[0].uitkomst).to.deep.include({ status: 'gehonoreerd', toewijzingNummers: ['900000001'] });
    const bestanden = (await readdir(uit)).filter((f) => f.endsWith('.xml'));
    for (const type of ['JW316', 'JW301', 'JW306']) {
      const f = bestanden.find((b) => b.includes(`_${type}_`));
      expect(f, type).to.be.a('string');
      expect(xsdFouten(type, await readFile(join(uit, f!)))).to.equal('');
    }
    const [audit] = await auditVan(db.dataSource, 'verzoek');
    expect(audit).to.deep.include({ actor: 'backoffice.kees', action: 'verzoek.toekennen' });
  });

  it('refuses a verzoek and decides a held declaratie from the command line; werkvoorraad lists and then forgets them', async () => {
    const ds = db.dataSource;
    // The database now holds the flow above; add a VOT to refuse and a held declaratie.
    const invoer = join(dir, 'in2');
    await mkdir(invoer, { recursive: true });
    await writeFile(join(invoer, 'tarieven.csv'), 'domein,productcategorie,productcode,eenheid,tarief_eur,ingangsdatum,einddatum,agb\nJW,45,45A03,04,65.00,2026-01-01,,\n');
    await writeFile(join(invoer, 'c-vot.xml'), serialiseer(met(votBericht('CV2', '999900018', [aangevraagdProduct('CLI-2')]), '2026-03-02')));
    await sqlRijen(ds, `INSERT INTO contract (aanbieder_id, domein, jaar, plafond_beleid) SELECT id, 'JW', 2026, 'aanhouden' FROM aanbieder`);
    await sqlRijen(ds, `INSERT INTO budgetplafond (jaar, aanbieder_id, domein, bedrag_cents) SELECT 2026, id, 'JW', 1000 FROM aanbieder`);
    await writeFile(join(invoer, 'd-323.xml'), declaratie('CD1', 'CDN1', [{ bsn: '999900006', prestaties: [prestatie('CRN1', 900000001, 2)] }]));
    const io = opname();
    expect(await main(['verwerk', '--in', invoer, '--out', join(dir, 'uit2')], io), io.fout).to.equal(0);

    const lijst = opname();
    expect(await main(['werkvoorraad', '--peildatum', '2026-04-06', '--json'], lijst)).to.equal(0);
    const items = JSON.parse(lijst.uit) as { soort: string; id: string }[];
    const verzoekId = items.find((i) => i.soort === 'verzoek')!.id;
    const declaratieId = items.find((i) => i.soort === 'declaratie')!.id;

    const zonderReden = opname();
    expect(await main(['verzoek', 'afwijzen', verzoekId, '--reden-afwijzing', '3'], zonderReden)).to.equal(2);
    expect(zonderReden.fout).to.contain('--reden is verplicht');
    const af = opname();
    expect(await main(['verzoek', 'afwijzen', '--agb', '12345678', '--referentie', 'CLI-2', '--reden-afwijzing', '3', '--door', 'jan', '--reden', 'geen contract', '--peildatum', '2026-03-04'], af), af.fout).to.equal(0);
    expect(af.uit).to.contain('afgewezen: JW319');

    const besluit = opname();
    expect(await main(['declaratie', 'besluit', declaratieId, '--prestatie', 'CRN1=toekennen', '--door', 'jan', '--reden', 'crisisplek', '--peildatum', '2026-04-07'], besluit), besluit.fout).to.equal(0);
    expect(besluit.uit).to.contain('toegekend CRN1').and.contain('325');
    const [{ som }] = await sqlRijen<{ som: string }>(ds, `SELECT sum(toegekend_cents)::text AS som FROM prestatie WHERE beslissing = 'toegekend'`);
    expect(som).to.equal('13000');

    const leeg = opname();
    expect(await main(['werkvoorraad', '--peildatum', '2026-04-07'], leeg)).to.equal(0);
    expect(leeg.uit).to.not.contain('verzoek ').and.not.contain('Declaratie CDN1');

    const termijn = opname();
    expect(await main(['werkvoorraad', '--binnen-termijn', '--peildatum', '2026-04-30'], termijn)).to.equal(0);
    expect(termijn.uit).to.contain('2026-04 declaratie: 1 van 1 binnen de termijn (100.0%)');
  });
});
