import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maakTestDatabase, sqlRijen, type TestDatabase } from '@plafond/db';
import { aanbiedersCsv, genereerMaand, genereerRegio, plafondsCsv, tarievenCsv } from '@plafond/fixtures';
import { serialiseer } from '@plafond/istandaard';
import { vereisIstandaarden } from '../../../test/support/istandaarden';
import { opname } from './opname';
import { main } from './main';

const REGEL_SLEUTELS = ['jaar', 'domein', 'agb', 'gemeente', 'plafond', 'realisatie', 'onderhandenWerk', 'verplichtingen', 'prognose', 'prognoses',
  'prognoseMethode', 'verwachteUitputting', 'uitnutting', 'signalen'];

describe('plafond CLI: budget figures (uitnutting.json, plafond wijzig/herverdeel/bestedingsruimte)', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let dir: string;
  const oudeUrl = process.env.DATABASE_URL;
  let plafondRegel: { jaar: string; agb: string; domein: string; gemeente: string };

  before(async () => {
    db = await maakTestDatabase();
    process.env.DATABASE_URL = db.url;
    dir = await mkdtemp(join(tmpdir(), 'plafond-bewaking-cli-'));
  });
  after(async () => {
    if (oudeUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = oudeUrl;
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('verwerk reads contracten.csv and plafondmutaties.csv and writes uitnutting.json in the issue\'s shape', async function () {
    vereisIstandaarden(this);
    const regio = genereerRegio({ seed: 11, aanbieders: 6, clienten: 80, maanden: 2 });
    const invoer = join(dir, 'in');
    const uit = join(dir, 'uit');
    await mkdir(invoer, { recursive: true });
    await writeFile(join(invoer, 'aanbieders.csv'), aanbiedersCsv(regio));
    await writeFile(join(invoer, 'tarieven.csv'), tarievenCsv(regio));
    const plafonds = plafondsCsv(regio);
    await writeFile(join(invoer, 'plafonds.csv'), plafonds);
    const [kop, eerste] = plafonds.trim().split('\n');
    const k = kop.split(',');
    const w = eerste.split(',');
    plafondRegel = { jaar: w[k.indexOf('jaar')], agb: w[k.indexOf('agb')], domein: w[k.indexOf('domein')], gemeente: w[k.indexOf('gemeente')] };
    await writeFile(join(invoer, 'contracten.csv'), `jaar,agb,domein,beleid\n${plafondRegel.jaar},${plafondRegel.agb},${plafondRegel.domein},aanhouden\n`);
    const mutatie = `${plafondRegel.jaar},${plafondRegel.agb},${plafondRegel.domein},${plafondRegel.gemeente},${plafondRegel.jaar}-02-01`;
    await writeFile(join(invoer, 'plafondmutaties.csv'), `jaar,agb,domein,gemeente,datum,mutatie_eur,reden\n${mutatie},1000.00,ophoging\n${mutatie},-250.50,correctie\n`);
    for (const m of [0, 1]) for (const b of genereerMaand(regio, m).berichten) await writeFile(join(invoer, b.bestandsnaam), serialiseer(b.model));

    const io = opname();
    expect(await main(['verwerk', '--in', invoer, '--out', uit], io), io.fout).to.equal(0);
    const json = JSON.parse(await readFile(join(uit, 'uitnutting.json'), 'utf8')) as { peildatum: string; regels: Record<string, unknown>[] };
    expect(Object.keys(json)).to.deep.equal(['peildatum', 'regels']);
    expect(json.peildatum).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(json.regels.length).to.be.greaterThan(0);
    for (const r of json.regels) {
      expect(Object.keys(r)).to.deep.equal(REGEL_SLEUTELS);
      for (const f of ['plafond', 'realisatie', 'onderhandenWerk', 'verplichtingen', 'prognose']) expect(r[f]).to.match(/^-?\d+\.\d{2}$/);
      expect(['jeugd', 'wmo']).to.include(r.domein);
      expect(r.uitnutting === null || /^\d+\.\d{2}$/.test(r.uitnutting as string)).to.equal(true);
      for (const v of Object.values(r.prognoses as Record<string, string>)) expect(v).to.match(/^-?\d+\.\d{2}$/);
    }
    // One total (gemeente null) per aanbieder × domein × jaar.
    const totalen = json.regels.filter((r) => r.gemeente === null).map((r) => `${r.jaar}|${r.agb}|${r.domein}`);
    expect(new Set(totalen).size).to.equal(totalen.length);
    // The total's realisatie is the sum of its gemeenten.
    for (const t of json.regels.filter((r) => r.gemeente === null)) {
      const som = json.regels.filter((r) => r.gemeente !== null && r.agb === t.agb && r.domein === t.domein)
        .reduce((a, r) => a + BigInt((r.realisatie as string).replace('.', '')), 0n);
      expect(som.toString()).to.equal(BigInt((t.realisatie as string).replace('.', '')).toString());
    }
    const mutaties = await sqlRijen<{ mutatie_cents: string }>(db.dataSource, `SELECT mutatie_cents::text FROM budgetplafond_mutatie WHERE import_sleutel IS NOT NULL ORDER BY id`);
    expect(mutaties.map((m) => m.mutatie_cents)).to.deep.equal(['100000', '-25050']);
    const [{ beleid }] = await sqlRijen<{ beleid: string }>(db.dataSource, `SELECT plafond_beleid::text AS beleid FROM contract`);
    expect(beleid).to.equal('aanhouden');
    const [{ verschil }] = await sqlRijen<{ verschil: number }>(db.dataSource, 'SELECT count(*)::int AS verschil FROM budget_maand_afwijking');
    expect(verschil).to.equal(0);

    // Reading the same mutations again adds nothing; --peildatum sets the peildatum of the figures.
    const io2 = opname();
    expect(await main(['verwerk', '--in', invoer, '--out', uit, '--peildatum', `${plafondRegel.jaar}-01-31`], io2), io2.fout).to.equal(0);
    expect((await sqlRijen(db.dataSource, `SELECT 1 FROM budgetplafond_mutatie WHERE import_sleutel IS NOT NULL`)).length).to.equal(2);
    expect(JSON.parse(await readFile(join(uit, 'uitnutting.json'), 'utf8')).peildatum).to.equal(`${plafondRegel.jaar}-01-31`);
  });

  it('plafond wijzig and historie record every mutation with its reason and who', async function () {
    vereisIstandaarden(this);
    const g = plafondRegel.gemeente ? ['--gemeente', plafondRegel.gemeente] : [];
    const dom = plafondRegel.domein;
    let io = opname();
    expect(await main(['plafond', 'wijzig', '--jaar', plafondRegel.jaar, '--agb', plafondRegel.agb, '--domein', dom, ...g, '--mutatie-eur', '-100,00', '--reden', 'verlaging', '--door', 'cm', '--datum', `${plafondRegel.jaar}-03-01`], io), io.fout).to.equal(0);
    expect(io.uit).to.match(/→/);
    io = opname();
    expect(await main(['plafond', 'wijzig', '--jaar', plafondRegel.jaar, '--agb', plafondRegel.agb, '--domein', dom, ...g, '--mutatie-eur', 'veel', '--reden', 'x'], io)).to.equal(2);
    expect(io.fout).to.contain('geen bedrag');
    io = opname();
    expect(await main(['plafond', 'wijzig', '--jaar', plafondRegel.jaar, '--agb', '99999999', '--domein', dom, '--mutatie-eur', '10', '--reden', 'x'], io)).to.equal(1);
    expect(io.fout).to.contain('geen plafond');
    io = opname();
    expect(await main(['plafond', 'herverdeel', '--jaar', plafondRegel.jaar, '--domein', dom, '--van-agb', plafondRegel.agb, ...(plafondRegel.gemeente ? ['--van-gemeente', plafondRegel.gemeente] : []),
      '--naar-agb', plafondRegel.agb, ...(plafondRegel.gemeente ? ['--naar-gemeente', plafondRegel.gemeente] : []), '--bedrag-eur', '10', '--reden', 'x'], io)).to.equal(1);
    expect(io.fout).to.contain('naar een ander plafond');
    io = opname();
    expect(await main(['plafond', 'historie', '--jaar', plafondRegel.jaar, '--agb', plafondRegel.agb], io), io.fout).to.equal(0);
    expect(io.uit).to.contain('verlaging (cm)');
    expect(io.uit).to.contain('ophoging');
    const [{ n }] = await sqlRijen<{ n: number }>(db.dataSource, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'budgetplafond.mutatie'`);
    expect(n).to.equal(3);
  });

  it('plafond voorstel shows the herverdelingsvoorstel and records it once with --aanvaard', async function () {
    vereisIstandaarden(this);
    let io = opname();
    expect(await main(['plafond', 'voorstel', '--jaar', plafondRegel.jaar], io), io.fout).to.equal(0);
    const getoond = io.uit;
    expect(getoond).to.match(/herverdelingsvoorstel \d{4} (jeugd|wmo)/);
    const overdrachten = (getoond.match(/^ {2}€ [\d.,]+ van \d{8} naar \d{8}$/gm) ?? []).length;
    expect(overdrachten).to.be.above(0);
    io = opname();
    expect(await main(['plafond', 'voorstel', '--jaar', plafondRegel.jaar, '--aanvaard'], io)).to.equal(2);
    expect(io.fout).to.contain('--reden is verplicht');
    io = opname();
    expect(await main(['plafond', 'voorstel', '--jaar', plafondRegel.jaar, '--aanvaard', '--reden', 'voorstel eind maart', '--door', 'cm'], io), io.fout).to.equal(0);
    expect(io.uit).to.contain('aanvaard per');
    const [{ n }] = await sqlRijen<{ n: number }>(db.dataSource, 'SELECT count(*)::int AS n FROM plafond_herverdeling WHERE voorstel IS NOT NULL');
    expect(n).to.equal(overdrachten);
    io = opname();
    expect(await main(['plafond', 'voorstel', '--jaar', plafondRegel.jaar, '--aanvaard', '--reden', 'nog eens'], io)).to.equal(1);
    expect(io.fout).to.contain('al aanvaard door cm');
    const [{ m }] = await sqlRijen<{ m: number }>(db.dataSource, 'SELECT count(*)::int AS m FROM plafond_herverdeling WHERE voorstel IS NOT NULL');
    expect(m).to.equal(overdrachten);
  });

  it('plafond bestedingsruimte opens a procedure, records steps in order and lists overdue steps', async function () {
    vereisIstandaarden(this);
    const basis = ['--jaar', plafondRegel.jaar, '--agb', plafondRegel.agb, '--domein', 'wmo'];
    let io = opname();
    expect(await main(['plafond', 'bestedingsruimte', 'open', ...basis, '--signaal', 'drempel', '--toelichting', '71% na drie maanden', '--datum', `${plafondRegel.jaar}-04-01`], io), io.fout).to.equal(0);
    io = opname();
    expect(await main(['plafond', 'bestedingsruimte', 'stap', ...basis, '--stap', 'besluit', '--notitie', 'x', '--datum', `${plafondRegel.jaar}-04-02`], io)).to.equal(1);
    expect(io.fout).to.contain('eerst de stap');
    io = opname();
    expect(await main(['plafond', 'bestedingsruimte', 'stap', ...basis, '--stap', 'waarschuwing', '--notitie', 'brief', '--door', 'cm', '--datum', `${plafondRegel.jaar}-04-02`], io), io.fout).to.equal(0);
    expect(io.uit).to.contain(`overleg uiterlijk ${plafondRegel.jaar}-04-16`);
    io = opname();
    expect(await main(['plafond', 'bestedingsruimte', 'lijst', '--jaar', plafondRegel.jaar, '--peildatum', `${plafondRegel.jaar}-05-01`], io), io.fout).to.equal(0);
    expect(io.uit).to.contain('TE LAAT');
    expect(io.uit).to.contain('signaal: De overleg');
  });
});
