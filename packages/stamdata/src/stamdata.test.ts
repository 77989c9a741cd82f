import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ValidatieFout } from '@plafond/core';
import { aanbieders, auditVan, budgetplafonds, maakTestDatabase, plafondMutaties, sqlRijen, tarieven, type TestDatabase } from '@plafond/db';
import { importCommand, importeerStamdata, leesCsv, leesStamdata } from './index';

const bestand = (naam: string, tekst: string) => ({ naam, inhoud: Buffer.from(tekst, 'utf8') });

const AANBIEDERS = 'agb,naam\n12345678,Zorg BV\n87654321,"Hulp, Zorg & Co ""Noord"""\n';
const TARIEVEN = [
  'domein,productcategorie,productcode,eenheid,tarief_eur,ingangsdatum,einddatum,agb',
  'JW,45,45A01,04,80.50,2025-01-01,2025-12-31,',
  'Jeugd,45,45A01,04,85,2025-01-01,,12345678',
  'WMO,02,02A03,16,"45,25",2025-01-01,,',
].join('\n');
const PLAFONDS = 'jaar,agb,domein,gemeente,bedrag_eur\n2025,12345678,JW,0479,250000\n2025,12345678,WMO,,1000000.00\n';

describe('stamdata: reading files', () => {
  it('parses RFC 4180 quoting with separators, doubled quotes and line breaks inside fields, and tolerates a BOM', () => {
    const t = leesCsv('\uFEFFagb;naam\r\n12345678;"Zorg; ""Zuid""\nafdeling 2"\r\n\r\n87654321;Hulp\r\n');
    expect(t.kop).to.deep.equal(['agb', 'naam']);
    expect(t.rijen).to.deep.equal([
      { regel: 2, cellen: ['12345678', 'Zorg; "Zuid"\nafdeling 2'] },
      { regel: 5, cellen: ['87654321', 'Hulp'] },
    ]);
  });

  it('reads a semicolon file with decimal commas into exact cents', async () => {
    const s = await leesStamdata([
      bestand('aanbieders.csv', 'agb;naam\n12345678;Zorg BV\n'),
      bestand('tarieven.csv', 'domein;productcategorie;productcode;eenheid;tarief_eur;ingangsdatum;einddatum;agb\nwmo;02;02a03;16;45,25;01-01-2025;31-12-2025;12345678\nJW;45;;04;1.234,56;2025-01-01;;\n'),
    ]);
    expect(s.meldingen).to.deep.equal([]);
    expect(s.tarieven.map((t) => [t.domein, t.productcode, t.bedragCents, t.ingangsdatum, t.einddatum, t.agbCode])).to.deep.equal([
      ['WMO', '02A03', 4525n, '2025-01-01', '2025-12-31', '12345678'],
      ['JW', null, 123456n, '2025-01-01', null, null],
    ]);
  });

  it('names every bad row and column in one report', async () => {
    const s = await leesStamdata([
      bestand('aanbieders.csv', AANBIEDERS),
      bestand('tarieven.csv', [
        'domein,productcategorie,productcode,eenheid,tarief_eur,ingangsdatum,einddatum,agb',
        'JW,39,45A01,04,80,2025-01-01,,',
        'Zorg,45,45A01,05,0,2025-02-30,2024-01-01,1234',
        'WMO,02,,04,"12,345",2025-01-01,2024-12-31,99999999',
      ].join('\n')),
      bestand('plafonds.csv', 'jaar,agb,domein,gemeente,bedrag_eur\n2025,12345678,JW,0370,100\n2025,12345678,JW,9999,-5\n'),
    ]);
    expect(s.meldingen.map((m) => `${m.pad}: ${m.tekst}`)).to.deep.equal([
      'plafonds.csv regel 2, kolom gemeente: Beemster (0370) bestaat niet meer in 2025',
      'plafonds.csv regel 3, kolom gemeente: "9999" is geen CBS-code van een gemeente in Zaanstreek-Waterland',
      'plafonds.csv regel 3, kolom bedrag_eur: "-5" moet nul of meer zijn',
      'tarieven.csv regel 2, kolom productcategorie: "39" is geen productcategorie van JW (JZ020)',
      'tarieven.csv regel 3, kolom domein: "Zorg" is geen domein (JW of WMO)',
      'tarieven.csv regel 3, kolom eenheid: "05" is geen eenheid (WJ756: 01, 04, 14, 16, 82, 83, 84)',
      'tarieven.csv regel 3, kolom tarief_eur: "0" moet groter dan nul zijn',
      'tarieven.csv regel 3, kolom ingangsdatum: "2025-02-30" is geen geldige datum (JJJJ-MM-DD of DD-MM-JJJJ)',
      'tarieven.csv regel 3, kolom agb: "1234" is geen AGB-code van 8 cijfers',
      'tarieven.csv regel 4, kolom tarief_eur: "12,345" heeft meer dan twee decimalen',
      'tarieven.csv regel 4, kolom einddatum: einddatum 2024-12-31 ligt voor ingangsdatum 2025-01-01',
      'tarieven.csv regel 4, kolom agb: aanbieder 99999999 bestaat niet (niet in aanbieders en niet in de database)',
    ]);
    expect(s.tarieven).to.deep.equal([]);
  });

  it('reports tariffs for the same product and aanbieder whose validity overlaps within the batch', async () => {
    const s = await leesStamdata([bestand('tarieven.csv', [
      'domein,productcategorie,productcode,eenheid,tarief_eur,ingangsdatum,einddatum,agb',
      'JW,45,45A01,04,80,2025-01-01,2025-06-30,',
      'JW,45,45A01,04,82,2025-07-01,,',
      'JW,45,45A01,04,81,2025-06-30,2025-12-31,',
    ].join('\n'))]);
    expect(s.meldingen.map((m) => m.pad)).to.deep.equal(['tarieven.csv regel 4, kolom ingangsdatum', 'tarieven.csv regel 4, kolom ingangsdatum']);
    expect(s.tarieven.map((t) => t.bedragCents)).to.deep.equal([8000n, 8200n]);
  });

  it('tells the kind of file from its header whatever its name, and refuses an unknown header', async () => {
    const s = await leesStamdata([bestand('export (3).csv', PLAFONDS.replace(/12345678/g, '11111111')), bestand('x.csv', 'a,b\n1,2\n')], { bekendeAgbCodes: ['11111111'] });
    expect(s.bestanden.map((b) => b.soort)).to.deep.equal(['plafonds', null]);
    expect(s.plafonds).to.have.length(2);
    expect(s.meldingen.map((m) => m.pad)).to.deep.equal(['x.csv regel 1']);
  });
});

describe('stamdata: import into PostgreSQL', function () {
  let tdb: TestDatabase;
  beforeEach(async () => {
    tdb = await maakTestDatabase();
  });
  afterEach(async () => tdb?.drop());

  it('imports nothing from a batch whose tarieven.csv has one bad row, and names that row and column', async () => {
    const bad = TARIEVEN.replace('"45,25"', '"12,345"');
    let fout: unknown;
    try {
      await importeerStamdata(tdb.dataSource, [bestand('aanbieders.csv', AANBIEDERS), bestand('tarieven.csv', bad), bestand('plafonds.csv', PLAFONDS)], 'admin');
    } catch (e) {
      fout = e;
    }
    expect(fout).to.be.instanceOf(ValidatieFout);
    const v = fout as ValidatieFout;
    expect(v.meldingen.map((m) => `${m.pad}: ${m.tekst}`)).to.deep.equal(['tarieven.csv regel 4, kolom tarief_eur: "12,345" heeft meer dan twee decimalen']);
    expect(v.message).to.include('tarieven.csv regel 4, kolom tarief_eur: "12,345" heeft meer dan twee decimalen');
    expect(await aanbieders(tdb.dataSource)).to.deep.equal([]);
    expect(await tarieven(tdb.dataSource)).to.deep.equal([]);
    expect(await budgetplafonds(tdb.dataSource)).to.deep.equal([]);
  });

  it('reads contracten.csv and plafondmutaties.csv; a bad beleid or a mutation without its plafond imports nothing', async () => {
    const fout = await leesStamdata([bestand('contracten.csv', 'jaar,agb,domein,beleid\n2025,12345678,JW,weigeren\n2025,12345678,WMO,\n')], { bekendeAgbCodes: ['12345678'] });
    expect(fout.meldingen.map((m) => m.pad)).to.deep.equal(['contracten.csv regel 2, kolom beleid']);
    expect(fout.contracten.map((c) => c.beleid)).to.deep.equal(['signaleren']);
    const m = await leesStamdata([bestand('plafondmutaties.csv', 'jaar;agb;domein;gemeente;datum;mutatie_eur;reden\n2025;12345678;JW;;2025-03-01;-1.000,50;lager\n')], { bekendeAgbCodes: ['12345678'] });
    expect(m.meldingen).to.deep.equal([]);
    expect(m.plafondMutaties.map((x) => [x.mutatie, x.reden, x.gemeenteCode])).to.deep.equal([[-100_050n, 'lager', null]]);
    await importeerStamdata(tdb.dataSource, [bestand('aanbieders.csv', AANBIEDERS), bestand('plafondmutaties.csv', 'jaar,agb,domein,gemeente,datum,mutatie_eur,reden\n2031,12345678,JW,,2031-03-01,100,hoger\n')], 'admin')
      .then(() => expect.fail('verwacht een fout'), (e: Error) => expect(e.message).to.contain('plafondmutaties.csv regel 2: er is geen plafond'));
    expect(await aanbieders(tdb.dataSource)).to.deep.equal([]);
  });

  it('imports the same files a second time without changing anything, and books a changed plafond as an import mutation', async () => {
    const batch = [bestand('aanbieders.csv', AANBIEDERS), bestand('tarieven.csv', TARIEVEN), bestand('plafonds.csv', PLAFONDS)];
    const eerste = await importeerStamdata(tdb.dataSource, batch, 'admin');
    expect(eerste.aantallen).to.deep.equal({
      aanbieders: { nieuw: 2, gewijzigd: 0, ongewijzigd: 0 },
      tarieven: { nieuw: 3, gewijzigd: 0, ongewijzigd: 0 },
      budgetlijnen: { nieuw: 0, gewijzigd: 0, ongewijzigd: 0 },
      plafonds: { nieuw: 2, gewijzigd: 0, ongewijzigd: 0 },
      contracten: { nieuw: 0, gewijzigd: 0, ongewijzigd: 0 },
      plafondmutaties: { nieuw: 0, gewijzigd: 0, ongewijzigd: 0 },
    });
    expect((await aanbieders(tdb.dataSource))[1].naam).to.equal('Hulp, Zorg & Co "Noord"');
    const tellen = async () => sqlRijen<{ t: string; n: number }>(tdb.dataSource,
      `SELECT 'mutatie' AS t, count(*)::int AS n FROM budgetplafond_mutatie UNION ALL SELECT 'audit', count(*)::int FROM audit_log ORDER BY 1`);
    const voor = await tellen();
    const tweede = await importeerStamdata(tdb.dataSource, batch, 'admin');
    expect(tweede.aantallen).to.deep.equal({
      aanbieders: { nieuw: 0, gewijzigd: 0, ongewijzigd: 2 },
      tarieven: { nieuw: 0, gewijzigd: 0, ongewijzigd: 3 },
      budgetlijnen: { nieuw: 0, gewijzigd: 0, ongewijzigd: 0 },
      plafonds: { nieuw: 0, gewijzigd: 0, ongewijzigd: 2 },
      contracten: { nieuw: 0, gewijzigd: 0, ongewijzigd: 0 },
      plafondmutaties: { nieuw: 0, gewijzigd: 0, ongewijzigd: 0 },
    });
    expect(await tellen()).to.deep.equal(voor);

    await importeerStamdata(tdb.dataSource, [bestand('plafonds.csv', 'jaar;agb;domein;gemeente;bedrag_eur\n2025;12345678;Jeugd;0479;275.000,50\n')], 'cm');
    const plafond = (await budgetplafonds(tdb.dataSource, { jaar: 2025 })).find((p) => p.gemeenteCode === '0479')!;
    expect(plafond.bedragCents).to.equal(27_500_050n);
    const mutaties = await plafondMutaties(tdb.dataSource, plafond.id);
    expect(mutaties.map((m) => [m.bedragOudCents, m.bedragNieuwCents, m.reden, m.door])).to.deep.equal([
      [null, 25_000_000n, 'import', 'admin'],
      [25_000_000n, 27_500_050n, 'import', 'cm'],
    ]);
    expect(await auditVan(tdb.dataSource, 'stamdata')).to.have.length(2);
  });

  it('imports budgetlijnen.csv with its categories and plafonds split per budgetlijn; an unknown budgetlijn or a category on two lijnen imports nothing', async () => {
    const LIJNEN = 'jaar,domein,code,naam,bedrag_eur,productcategorieen\n2025,JW,spec,Bovenregionaal specialistisch,"1.500.000,00",43 44;45\n2025,JW,AMB,Ambulant,800000,41|42\n';
    const gelezen = await leesStamdata([bestand('budgetlijnen.csv', LIJNEN)]);
    expect(gelezen.meldingen).to.deep.equal([]);
    expect(gelezen.budgetlijnen.map((b) => [b.code, b.bedragCents, b.productcategorieen.join(' ')])).to.deep.equal([['SPEC', 150_000_000n, '43 44 45'], ['AMB', 80_000_000n, '41 42']]);
    const dubbel = await leesStamdata([bestand('budgetlijnen.csv', `${LIJNEN}2025,JW,X,Dubbel,0,45 99\n`)]);
    expect(dubbel.meldingen.map((m) => `${m.pad}: ${m.tekst}`)).to.deep.equal([
      'budgetlijnen.csv regel 4, kolom productcategorieen: "99" is geen productcategorie van JW (JZ020)',
      'budgetlijnen.csv regel 4, kolom productcategorieen: productcategorie 45 staat ook op budgetlijn SPEC (regel 2); een categorie hoort bij één budgetlijn',
    ]);
    const plafonds = 'jaar,agb,domein,gemeente,bedrag_eur,budgetlijn\n2025,12345678,JW,,100000,SPEC\n2025,12345678,JW,,50000,amb\n2025,12345678,JW,,150000,\n';
    const onbekend = await importeerStamdata(tdb.dataSource, [bestand('aanbieders.csv', AANBIEDERS), bestand('plafonds.csv', plafonds)], 'admin').then(() => null, (e: Error) => e);
    expect(onbekend?.message).to.contain('plafonds.csv regel 2, kolom budgetlijn: budgetlijn SPEC bestaat niet voor JW 2025 (zet hem in budgetlijnen.csv)');
    expect(await aanbieders(tdb.dataSource)).to.deep.equal([]);
    const r = await importeerStamdata(tdb.dataSource, [bestand('aanbieders.csv', AANBIEDERS), bestand('budgetlijnen.csv', LIJNEN), bestand('plafonds.csv', plafonds),
      bestand('plafondmutaties.csv', 'jaar,agb,domein,gemeente,datum,mutatie_eur,reden,budgetlijn\n2025,12345678,JW,,2025-04-01,-10000,naar ambulant,SPEC\n')], 'admin');
    expect(r.aantallen.budgetlijnen).to.deep.equal({ nieuw: 2, gewijzigd: 0, ongewijzigd: 0 });
    expect(r.aantallen.plafonds.nieuw).to.equal(3);
    const rijen = await sqlRijen<{ code: string | null; bedrag: string }>(tdb.dataSource,
      'SELECT l.code, p.bedrag_cents::text AS bedrag FROM budgetplafond p LEFT JOIN budgetlijn l ON l.id = p.budgetlijn_id ORDER BY l.code NULLS FIRST');
    expect(rijen).to.deep.equal([{ code: null, bedrag: '15000000' }, { code: 'AMB', bedrag: '5000000' }, { code: 'SPEC', bedrag: '9000000' }]);
    // A category the batch puts on a new lijn while a stored one holds it: refused by name, nothing changes.
    const bezet = await importeerStamdata(tdb.dataSource, [bestand('budgetlijnen.csv', 'jaar,domein,code,naam,bedrag_eur,productcategorieen\n2025,JW,NIEUW,Nieuw,1,45\n')], 'admin')
      .then(() => null, (e: Error) => e);
    expect(bezet).to.be.instanceOf(ValidatieFout);
    expect(bezet?.message).to.contain('productcategorie 45 staat al op budgetlijn SPEC');
  });

  it('refuses a tariff that overlaps one already in the database, naming the row', async () => {
    await importeerStamdata(tdb.dataSource, [bestand('tarieven.csv', TARIEVEN.split('\n').slice(0, 2).join('\n'))], 'admin');
    const nieuw = 'domein,productcategorie,productcode,eenheid,tarief_eur,ingangsdatum,einddatum,agb\nJW,45,45A01,04,90,2025-06-01,,\n';
    let fout: ValidatieFout | undefined;
    try {
      await importeerStamdata(tdb.dataSource, [bestand('tarieven-2.csv', nieuw)], 'admin');
    } catch (e) {
      fout = e as ValidatieFout;
    }
    expect(fout?.meldingen.map((m) => `${m.pad}: ${m.tekst}`)).to.deep.equal([
      'tarieven-2.csv regel 2, kolom ingangsdatum: tarief overlapt met het bestaande tarief van 2025-01-01 tot 2025-12-31',
    ]);
    // Closing the old tariff in the same batch makes room for the new one.
    const beide = 'domein,productcategorie,productcode,eenheid,tarief_eur,ingangsdatum,einddatum,agb\nJW,45,45A01,04,80.50,2025-01-01,2025-05-31,\nJW,45,45A01,04,90,2025-06-01,,\n';
    const r = await importeerStamdata(tdb.dataSource, [bestand('tarieven-3.csv', beide)], 'admin');
    expect(r.aantallen.tarieven).to.deep.equal({ nieuw: 1, gewijzigd: 1, ongewijzigd: 0 });
  });

  it('imports an .xlsx workbook with the same columns, restoring leading zeros Excel dropped from codes', async () => {
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('aanbieders');
    a.addRow(['agb', 'naam']);
    a.addRow([1234567, 'Nul Zorg']);
    const wb2 = new ExcelJS.Workbook();
    const t = wb2.addWorksheet('Tarieven');
    t.addRow(['domein', 'productcategorie', 'productcode', 'eenheid', 'tarief_eur', 'ingangsdatum', 'einddatum', 'agb']);
    t.addRow(['WMO', 2, '02A03', 16, 45.25, new Date(Date.UTC(2025, 0, 1)), null, '01234567']);
    t.addRow(['JW', '45', null, '04', '61,10', '2025-01-01', '2025-12-31', null]);
    const dir = await mkdtemp(join(tmpdir(), 'stamdata-'));
    try {
      await writeFile(join(dir, 'aanbieders.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
      await writeFile(join(dir, 'tarieven.xlsx'), Buffer.from(await wb2.xlsx.writeBuffer()));
      const samenvatting = await importCommand([join(dir, 'aanbieders.xlsx'), join(dir, 'tarieven.xlsx')], tdb.dataSource);
      expect(samenvatting).to.include('tarieven    2 nieuw, 0 gewijzigd, 0 ongewijzigd');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect((await aanbieders(tdb.dataSource)).map((x) => x.agbCode)).to.deep.equal(['01234567']);
    expect((await tarieven(tdb.dataSource)).map((x) => [x.domein, x.productcategorie, x.eenheid, x.bedragCents, x.ingangsdatum, x.einddatum, x.agbCode])).to.deep.equal([
      ['JW', '45', '04', 6110n, '2025-01-01', '2025-12-31', null],
      ['WMO', '02', '16', 4525n, '2025-01-01', null, '01234567'],
    ]);
  });
});
