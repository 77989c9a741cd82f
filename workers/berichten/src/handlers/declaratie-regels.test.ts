import { expect } from 'chai';
import { datum, isGeldigBsn, type Datum } from '@plafond/core';
import { mailboxBericht, maakTestDatabase, slaOntvangenBerichtOp, sqlRijen, upsertAanbieders, upsertTarieven, type DataSource, type TestDatabase } from '@plafond/db';
import {
  declaratieAntwoordClient, declaratieAntwoordKop, parseBericht, type DeclaratieAntwoordClient, type DeclaratieAntwoordKop, type Prestatie,
} from '@plafond/istandaard';
import {
  AGB, basisStamdata, CONFIG, declaratie, prestatie, toewijzing, type DeclaratieOpties, type ToewijzingOpties,
} from '../../../../test/support/declaraties';
import { vereisIstandaarden, xsdFouten } from '../../../../test/support/istandaarden';
import { processBericht, type VerwerkUitkomst } from '../process';

const d = (s: string): Datum => datum(s);
const ANDERE_AGB = '87654321';
// After every dagtekening used below: the answers are dated on it.

/** One toewijzing of a case: its number and its client. */
interface Geval {
  nr: number;
  bsn: string;
}

/** A processed declaratie: the outcome, its JW325/WMO325 (head and clients, typed) and the prestaties booked from it. */
interface Verwerkt {
  u: VerwerkUitkomst;
  antwoord: DeclaratieAntwoordKop;
  geboekt: Map<string, { beslissing: string; retourcodes: string[] }>;
  clienten: DeclaratieAntwoordClient[];
  /** [] for a granted prestatie (absent from the answer); else its retourcodes in the answer. */
  codes(ref: string): string[];
}

/**
 * Every cross-message rule of the declaratie through the real pipeline (PostgreSQL, processBericht, the 323
 * handler, the mailbox): per rule one declaratie that fails with exactly its code and one that passes, and
 * every answer validated against the official XSD. Each case has its own toewijzing, client and numbers.
 */
describe('workers/berichten: declaratie rules end to end (323 → 325)', function () {
  this.timeout(30_000);
  let db: TestDatabase;
  let ds: DataSource;
  let aanbiederId: number;
  let teller = 0;
  let bsnTeller = 10_000_000;

  before(async function () {
    vereisIstandaarden(this);
    db = await maakTestDatabase();
    ds = db.dataSource;
    await basisStamdata(ds);
    await upsertAanbieders(ds, [{ agbCode: ANDERE_AGB, naam: 'Andere Zorg BV' }]);
    await upsertTarieven(ds, [
      { domein: 'JW', productcategorie: '45', productcode: '45A04', eenheid: '04', bedragCents: 6500n, ingangsdatum: d('2026-01-01'), einddatum: null, agbCode: null },
      // Contracted only from April: a March prestatie has no contract tariff (TR418).
      { domein: 'JW', productcategorie: '45', productcode: '45A05', eenheid: '04', bedragCents: 6500n, ingangsdatum: d('2026-04-01'), einddatum: null, agbCode: null },
      // Taakgericht: declared in euro's (eenheid 83) against a Budget.
      { domein: 'JW', productcategorie: '45', productcode: '45A10', eenheid: '83', bedragCents: 1n, ingangsdatum: d('2026-01-01'), einddatum: null, agbCode: null },
      { domein: 'WMO', productcategorie: '02', productcode: '02A01', eenheid: '04', bedragCents: 5000n, ingangsdatum: d('2026-01-01'), einddatum: null, agbCode: null },
    ]);
    aanbiederId = (await sqlRijen<{ id: number }>(ds, `SELECT id FROM aanbieder WHERE agb_code = $1`, [AGB]))[0].id;
  });
  after(async () => db?.drop());

  const uniek = () => ++teller;
  const ref = () => `RG${uniek()}`;

  /** The next BSN that passes the elfproef. */
  function nieuweBsn(): string {
    for (;;) {
      const kop = String(bsnTeller++);
      let som = 0;
      for (let i = 0; i < 8; i++) som += Number(kop[i]) * (9 - i);
      const controle = som % 11;
      if (controle <= 9 && isGeldigBsn(kop + controle)) return kop + controle;
    }
  }

  async function nieuweToewijzing(opts: ToewijzingOpties = {}): Promise<Geval> {
    const g = { nr: 60_000 + uniek(), bsn: nieuweBsn() };
    await toewijzing(ds, String(g.nr), g.bsn, opts);
    return g;
  }

  /** A credit that mirrors a debet exactly. */
  function credit(debet: Prestatie, anders: Partial<Prestatie> = {}): Prestatie {
    return {
      ...debet,
      productReferentie: { referentieNummer: ref(), vorigReferentieNummer: debet.productReferentie.referentieNummer },
      ingediendBedrag: { ...debet.ingediendBedrag, debetCredit: 'C' },
      ...anders,
    };
  }

  /** Runs a message through the processor; its answer must be in the mailbox and valid against the official XSD. */
  async function verwerk(xml: string, domein: 'JW' | 'WMO' = 'JW'): Promise<Verwerkt> {
    const b = await slaOntvangenBerichtOp(ds, { inhoud: Buffer.from(xml), bestandsnaam: 't.xml' });
    const u = await processBericht({ berichtId: b.id, correlationId: b.correlationId }, { dataSource: ds, config: CONFIG, peildatumUitBericht: true });
    expect(u.antwoordId, 'an answer in the mailbox').to.be.a('string');
    const xmlAntwoord = (await mailboxBericht(ds, aanbiederId, u.antwoordId!))!.toString('utf8');
    expect(xsdFouten(`${domein}325`, xmlAntwoord)).to.equal('');
    // The parser streams a 325's clients away from the tree as records.
    const clienten: DeclaratieAntwoordClient[] = [];
    const { root } = await parseBericht(xmlAntwoord, { onRecord: (record) => void clienten.push(declaratieAntwoordClient(record)) });
    const antwoord = declaratieAntwoordKop(root!);
    const rijen = await sqlRijen<{ referentie_nummer: string; beslissing: string; retourcodes: string[] }>(
      ds,
      `SELECT p.referentie_nummer, p.beslissing, p.retourcodes FROM prestatie p JOIN declaratie dc ON dc.id = p.declaratie_id WHERE dc.bericht_id = $1`,
      [u.berichtId],
    );
    const geboekt = new Map(rijen.map((r) => [r.referentie_nummer, { beslissing: r.beslissing, retourcodes: r.retourcodes }]));
    const beantwoord = new Map(
      clienten.flatMap((c) => c.prestaties.map((p) => [p.productReferentie.referentieNummer, p.retourCodes] as const)),
    );
    return {
      u, antwoord, geboekt, clienten,
      codes(r: string): string[] {
        const rij = geboekt.get(r);
        expect(rij, `prestatie ${r} booked`).to.not.equal(undefined);
        if (rij!.beslissing === 'toegekend') {
          expect(beantwoord.has(r), `granted prestatie ${r} left out of the answer`).to.equal(false);
          return [];
        }
        expect(rij!.beslissing).to.equal('afgewezen');
        expect(beantwoord.get(r), `rejected prestatie ${r} in the answer`).to.deep.equal(rij!.retourcodes);
        return beantwoord.get(r)!;
      },
    };
  }

  /** Sends one declaratie with fresh identificatie and DeclaratieNummer. */
  function stuur(clienten: { bsn: string; prestaties: Prestatie[] }[], opts: DeclaratieOpties = {}): Promise<Verwerkt> {
    const n = uniek();
    return verwerk(declaratie(`IG${n}`, `DG${n}`, clienten, undefined, opts), opts.domein);
  }

  /** Declares one prestatie for the case's client and returns its retourcodes ([] when granted). */
  async function codes(g: Geval, p: Prestatie, opts: DeclaratieOpties = {}): Promise<string[]> {
    const v = await stuur([{ bsn: g.bsn, prestaties: [p] }], opts);
    return v.codes(p.productReferentie.referentieNummer);
  }

  it('answers a resent message (same BerichtIdentificatie) with 9056 at header level and books nothing (TR056)', async () => {
    const g = await nieuweToewijzing();
    const xml = declaratie(`IG${uniek()}`, `DG${uniek()}`, [{ bsn: g.bsn, prestaties: [prestatie(ref(), g.nr, 2)] }]);
    const eerste = await verwerk(xml);
    expect(eerste.u.retourcodes).to.deep.equal(['8001']);
    const opnieuw = await verwerk(xml);
    expect(opnieuw.u.retourcodes).to.deep.equal(['9056']);
    expect(opnieuw.antwoord.header.retourCodes).to.deep.equal(['9056']);
    expect(opnieuw.geboekt.size).to.equal(0);
    const [{ n }] = await sqlRijen<{ n: number }>(ds, `SELECT count(*)::int AS n FROM declaratie WHERE bericht_id = $1`, [opnieuw.u.berichtId]);
    expect(n).to.equal(0);
  });

  it('rejects a reused DeclaratieNummer with 9333 on the declaratie and books nothing (TR333)', async () => {
    const g = await nieuweToewijzing();
    const nummer = `DG${uniek()}`;
    const eerste = await verwerk(declaratie(`IG${uniek()}`, nummer, [{ bsn: g.bsn, prestaties: [prestatie(ref(), g.nr, 2)] }]));
    expect(eerste.u.retourcodes).to.deep.equal(['8001']);
    const tweede = await verwerk(declaratie(`IG${uniek()}`, nummer, [{ bsn: g.bsn, prestaties: [prestatie(ref(), g.nr, 2, { begin: d('2026-02-01'), eind: d('2026-02-28') })] }]));
    expect(tweede.antwoord.declaratieAntwoord!.retourCodes).to.deep.equal(['9333']);
    expect(tweede.antwoord.declaratieAntwoord!.totaalToegekendBedrag.totaalBedrag).to.equal(0n);
    expect(tweede.clienten).to.have.length(0);
    expect(tweede.geboekt.size).to.equal(0);
  });

  it('rejects a declaratieperiode that skips a month in which care was delivered with 8214, and accepts a gap without care (TR318)', async () => {
    const g = await nieuweToewijzing();
    const maand = (begin: string, eind: string) => ({ begindatum: d(begin), einddatum: d(eind) });
    const juni = await stuur([{ bsn: g.bsn, prestaties: [prestatie(ref(), g.nr, 2, { begin: d('2026-06-01'), eind: d('2026-06-30') })] }],
      { periode: maand('2026-06-01', '2026-06-30'), dagtekening: d('2026-07-03') });
    expect(juni.u.retourcodes).to.deep.equal(['8001']);
    // No delivery is known for July (no start message): August may follow June.
    const augustus = await stuur([{ bsn: g.bsn, prestaties: [prestatie(ref(), g.nr, 2, { begin: d('2026-08-01'), eind: d('2026-08-31') })] }],
      { periode: maand('2026-08-01', '2026-08-31'), dagtekening: d('2026-09-03') });
    expect(augustus.u.retourcodes).to.deep.equal(['8001']);
    // An accepted start (305) since August: care was delivered in September, so October may not skip it.
    await sqlRijen(ds, `INSERT INTO levering (bericht_id, soort, aanbieder_id, gemeente_code, domein, client_id, toewijzing_id, toewijzing_nummer, begindatum, status_aanlevering)
      SELECT $1, 'start', t.aanbieder_id, t.gemeente_code, t.domein, t.client_id, t.id, t.toewijzing_nummer, '2026-08-01', '1' FROM toewijzing t WHERE t.toewijzing_nummer = $2`,
      [juni.u.berichtId, String(g.nr)]);
    const oktober = await stuur([{ bsn: g.bsn, prestaties: [prestatie(ref(), g.nr, 2, { begin: d('2026-10-01'), eind: d('2026-10-31') })] }],
      { periode: maand('2026-10-01', '2026-10-31'), dagtekening: d('2026-11-03') });
    expect(oktober.antwoord.declaratieAntwoord!.retourCodes).to.deep.equal(['8214']);
    expect(oktober.geboekt.size).to.equal(0);
  });

  it('rejects a ReferentieNummer used in an earlier declaratie with 8021 (TR314)', async () => {
    const g = await nieuweToewijzing();
    const r = ref();
    expect(await codes(g, prestatie(r, g.nr, 2))).to.deep.equal([]);
    expect(await codes(g, prestatie(r, g.nr, 2, { begin: d('2026-02-01'), eind: d('2026-02-28') }))).to.deep.equal(['8021']);
    expect(await codes(g, prestatie(ref(), g.nr, 2, { begin: d('2026-02-01'), eind: d('2026-02-28') }))).to.deep.equal([]);
  });

  it('rejects a declaratie to a gemeente code no longer in the CBS list on the ProductPeriode begin with S300 (TR378)', async () => {
    const opgeheven = await nieuweToewijzing({ gemeente: '0370' });
    expect(await codes(opgeheven, prestatie(ref(), opgeheven.nr, 2), { gemeente: '0370' })).to.deep.equal(['S300']);
    const g = await nieuweToewijzing();
    expect(await codes(g, prestatie(ref(), g.nr, 2))).to.deep.equal([]);
  });

  it('rejects a ProductCode outside its ProductCategorie with S329 alone — not also 0611 for the tariff it cannot have (TR381 apart from TR418)', async () => {
    const g = await nieuweToewijzing({ code: null });
    expect(await codes(g, prestatie(ref(), g.nr, 2, { productCode: '46A01' }))).to.deep.equal(['S329']);
    expect(await codes(g, prestatie(ref(), g.nr, 2))).to.deep.equal([]);
  });

  it('rejects a ProductPeriode ending after the DeclaratiePeriode with 9319 (TR319)', async () => {
    const g = await nieuweToewijzing();
    const laat = { dagtekening: d('2026-05-06') };
    expect(await codes(g, prestatie(ref(), g.nr, 2, { begin: d('2026-04-01'), eind: d('2026-04-30') }), laat)).to.deep.equal(['9319']);
    expect(await codes(g, prestatie(ref(), g.nr, 2), laat)).to.deep.equal([]);
  });

  it('rejects a prestatie declared later than the configured term (3 months) with 9319, grants one within it', async () => {
    const g = await nieuweToewijzing();
    const juli = { periode: { begindatum: d('2026-04-01'), einddatum: d('2026-06-30') }, dagtekening: d('2026-07-03') };
    // March ended 31 March: declarable until 30 June. April: until 31 July.
    expect(await codes(g, prestatie(ref(), g.nr, 2), juli)).to.deep.equal(['9319']);
    expect(await codes(g, prestatie(ref(), g.nr, 2, { begin: d('2026-04-01'), eind: d('2026-04-30') }), juli)).to.deep.equal([]);
  });

  it('rejects a prestatie on an unknown toewijzing or one for another aanbieder with 9338 (TR338)', async () => {
    const g = await nieuweToewijzing();
    expect(await codes(g, prestatie(ref(), 59_999, 2))).to.deep.equal(['9338']);
    const ander = await nieuweToewijzing({ agb: ANDERE_AGB });
    expect(await codes(ander, prestatie(ref(), ander.nr, 2))).to.deep.equal(['9338']);
    expect(await codes(g, prestatie(ref(), g.nr, 2))).to.deep.equal([]);
  });

  it('rejects a prestatie on a removed toewijzing (RedenWijziging 13) with 9384 (TR384)', async () => {
    const weg = await nieuweToewijzing({ ingang: '2026-03-01', eind: '2026-03-01', redenWijziging: '13' });
    expect(await codes(weg, prestatie(ref(), weg.nr, 2))).to.deep.equal(['9384']);
    const g = await nieuweToewijzing({ ingang: '2026-03-01', eind: '2026-03-31' });
    expect(await codes(g, prestatie(ref(), g.nr, 2))).to.deep.equal([]);
  });

  it('rejects a prestatie for another client than the toewijzing with 8187 (TR304)', async () => {
    const g = await nieuweToewijzing();
    const ander = await nieuweToewijzing();
    expect(await codes(ander, prestatie(ref(), g.nr, 2))).to.deep.equal(['8187']);
    expect(await codes(g, prestatie(ref(), g.nr, 2))).to.deep.equal([]);
  });

  it('rejects a ProductCategorie other than the aspecifiek toewijzing with 9339 (TR339)', async () => {
    const anders = await nieuweToewijzing({ categorie: '41', code: null });
    expect(await codes(anders, prestatie(ref(), anders.nr, 2))).to.deep.equal(['9339']);
    const g = await nieuweToewijzing({ code: null });
    expect(await codes(g, prestatie(ref(), g.nr, 2))).to.deep.equal([]);
  });

  it('rejects a ProductCode other than the specifiek toewijzing with 9340 (TR340)', async () => {
    const g = await nieuweToewijzing();
    expect(await codes(g, prestatie(ref(), g.nr, 2, { productCode: '45A04' }))).to.deep.equal(['9340']);
    expect(await codes(g, prestatie(ref(), g.nr, 2))).to.deep.equal([]);
  });

  it('rejects a ProductPeriode beginning before the ingangsdatum with 9307 (TR307)', async () => {
    const g = await nieuweToewijzing({ ingang: '2026-03-10' });
    expect(await codes(g, prestatie(ref(), g.nr, 2))).to.deep.equal(['9307']);
    expect(await codes(g, prestatie(ref(), g.nr, 2, { begin: d('2026-03-10') }))).to.deep.equal([]);
  });

  it('rejects a ProductPeriode ending after the einddatum with 9308 (TR308)', async () => {
    const g = await nieuweToewijzing({ eind: '2026-03-20' });
    expect(await codes(g, prestatie(ref(), g.nr, 2))).to.deep.equal(['9308']);
    expect(await codes(g, prestatie(ref(), g.nr, 2, { eind: d('2026-03-20') }))).to.deep.equal([]);
  });

  it('rejects a ProductPeriode not beginning on the 1st with 9387 unless the toewijzing begins then (TR387)', async () => {
    const g = await nieuweToewijzing();
    expect(await codes(g, prestatie(ref(), g.nr, 2, { begin: d('2026-03-02') }))).to.deep.equal(['9387']);
    const midden = await nieuweToewijzing({ ingang: '2026-03-15' });
    expect(await codes(midden, prestatie(ref(), midden.nr, 2, { begin: d('2026-03-15') }))).to.deep.equal([]);
  });

  it('rejects a ProductPeriode not ending on the last day with 9388 unless the toewijzing ends then (TR388)', async () => {
    const g = await nieuweToewijzing();
    expect(await codes(g, prestatie(ref(), g.nr, 2, { eind: d('2026-03-30') }))).to.deep.equal(['9388']);
    const kort = await nieuweToewijzing({ eind: '2026-03-20' });
    expect(await codes(kort, prestatie(ref(), kort.nr, 2, { eind: d('2026-03-20') }))).to.deep.equal([]);
  });

  it('rejects an eenheid that does not fit the hourly toewijzing with 9341, accepts minutes on it (TR341)', async () => {
    const g = await nieuweToewijzing();
    expect(await codes(g, prestatie(ref(), g.nr, 2, { eenheid: '14' }))).to.deep.equal(['9341']);
    expect(await codes(g, prestatie(ref(), g.nr, 90, { eenheid: '01', bedrag: 9750n }))).to.deep.equal([]);
  });

  it('rejects a ProductTarief other than the contract tariff, or without a contract on the begin date, with 0611 (TR418)', async () => {
    const g = await nieuweToewijzing();
    expect(await codes(g, prestatie(ref(), g.nr, 2, { tarief: 7000n }))).to.deep.equal(['0611']);
    const later = await nieuweToewijzing({ code: '45A05' });
    expect(await codes(later, prestatie(ref(), later.nr, 2, { productCode: '45A05' }))).to.deep.equal(['0611']);
    expect(await codes(g, prestatie(ref(), g.nr, 2))).to.deep.equal([]);
  });

  it('rejects an IngediendBedrag that is not volume x tarief with 9346, accepts minutes on the hourly tariff rounded half up (TR346)', async () => {
    const g = await nieuweToewijzing();
    expect(await codes(g, prestatie(ref(), g.nr, 2, { bedrag: 12_999n }))).to.deep.equal(['9346']);
    // 50 minutes at 65.00 per uur = 54.1666…: 5417, never 5416.
    expect(await codes(g, prestatie(ref(), g.nr, 50, { eenheid: '01', bedrag: 5416n }))).to.deep.equal(['9346']);
    expect(await codes(g, prestatie(ref(), g.nr, 50, { eenheid: '01', bedrag: 5417n }))).to.deep.equal([]);
  });

  it('rejects a second debet for a period already declared with 9389, grants it once a credit in the same message (even later in document order) frees the period (TR389, OP366)', async () => {
    const g = await nieuweToewijzing();
    const eerste = prestatie(ref(), g.nr, 2);
    expect(await codes(g, eerste)).to.deep.equal([]);
    expect(await codes(g, prestatie(ref(), g.nr, 3))).to.deep.equal(['9389']);
    const nieuw = prestatie(ref(), g.nr, 3);
    const tegen = credit(eerste);
    const v = await stuur([{ bsn: g.bsn, prestaties: [nieuw, tegen] }]);
    expect(v.codes(nieuw.productReferentie.referentieNummer)).to.deep.equal([]);
    expect(v.codes(tegen.productReferentie.referentieNummer)).to.deep.equal([]);
    expect(v.u.retourcodes).to.deep.equal(['8001']);
    expect(v.antwoord.declaratieAntwoord!.totaalToegekendBedrag).to.deep.equal({ totaalBedrag: 6500n, debetCredit: 'D' });
  });

  it('rejects more volume than the toewijzing allows per month with 9321 (TR321)', async () => {
    const g = await nieuweToewijzing({ volume: 10, frequentie: '4' });
    expect(await codes(g, prestatie(ref(), g.nr, 11))).to.deep.equal(['9321']);
    expect(await codes(g, prestatie(ref(), g.nr, 10))).to.deep.equal([]);
  });

  it('rejects a debet that brings the sum over the looptijd above the total volume with 9322 (TR322)', async () => {
    const g = await nieuweToewijzing({ volume: 20, frequentie: '6' });
    expect(await codes(g, prestatie(ref(), g.nr, 15, { begin: d('2026-02-01'), eind: d('2026-02-28') }))).to.deep.equal([]);
    expect(await codes(g, prestatie(ref(), g.nr, 8))).to.deep.equal(['9322']);
    expect(await codes(g, prestatie(ref(), g.nr, 5))).to.deep.equal([]);
  });

  it('rejects declaring beyond the toegewezen Budget in euro\'s (eenheid 83) with 9369 (TR369)', async () => {
    const g = await nieuweToewijzing({ code: null, volume: null, budget: 100_000n, bekostiging: 'taakgericht' });
    const euros = (bedrag: bigint, maand: 'feb' | 'mrt') => prestatie(ref(), g.nr, Number(bedrag), {
      productCode: '45A10', eenheid: '83', tarief: null, bedrag,
      ...(maand === 'feb' && { begin: d('2026-02-01'), eind: d('2026-02-28') }),
    });
    expect(await codes(g, euros(60_000n, 'feb'))).to.deep.equal([]);
    expect(await codes(g, euros(50_000n, 'mrt'))).to.deep.equal(['9369']);
    expect(await codes(g, euros(40_000n, 'mrt'))).to.deep.equal([]);
  });

  it('rejects a credit without a known debit, or one that differs from its debit, with 8017 (TR323)', async () => {
    const g = await nieuweToewijzing();
    const debet = prestatie(ref(), g.nr, 2);
    expect(await codes(g, debet)).to.deep.equal([]);
    expect(await codes(g, credit(debet, { productReferentie: { referentieNummer: ref(), vorigReferentieNummer: 'ONBEKEND' } }))).to.deep.equal(['8017']);
    expect(await codes(g, credit(debet, { geleverdVolume: 1, ingediendBedrag: { bedrag: 6500n, debetCredit: 'C' } }))).to.deep.equal(['8017']);
    const goed = credit(debet);
    const v = await stuur([{ bsn: g.bsn, prestaties: [goed] }]);
    expect(v.codes(goed.productReferentie.referentieNummer)).to.deep.equal([]);
    expect(v.antwoord.declaratieAntwoord!.totaalToegekendBedrag).to.deep.equal({ totaalBedrag: 13_000n, debetCredit: 'C' });
  });

  it('credits the granted debet, not a later duplicate of its ReferentieNummer that was rejected with 8021', async () => {
    const g = await nieuweToewijzing();
    const debet = prestatie(ref(), g.nr, 2);
    expect(await codes(g, debet)).to.deep.equal([]);
    const duplicaat = { ...debet, productPeriode: { begindatum: d('2026-02-01'), einddatum: d('2026-02-28') } };
    expect(await codes(g, duplicaat)).to.deep.equal(['8021']);
    expect(await codes(g, credit(debet))).to.deep.equal([]);
    expect(await codes(g, credit(debet))).to.deep.equal(['9390']);
  });

  it('rejects a second credit of an already credited debit with 9390 (TR390)', async () => {
    const g = await nieuweToewijzing();
    const debet = prestatie(ref(), g.nr, 2);
    expect(await codes(g, debet)).to.deep.equal([]);
    expect(await codes(g, credit(debet))).to.deep.equal([]);
    expect(await codes(g, credit(debet))).to.deep.equal(['9390']);
  });

  it('decides a WMO323 by the same rules and answers with a WMO325 valid against the official XSD', async () => {
    const g = await nieuweToewijzing({ domein: 'WMO', categorie: '02', code: '02A01' });
    const wmo = (tarief: bigint) => prestatie(ref(), g.nr, 2, { productCategorie: '02', productCode: '02A01', tarief });
    expect(await codes(g, wmo(5500n), { domein: 'WMO' })).to.deep.equal(['0611']);
    expect(await codes(g, wmo(5000n), { domein: 'WMO' })).to.deep.equal([]);
    expect(await codes(g, prestatie(ref(), g.nr, 2, { productCategorie: '02', productCode: '02A01', tarief: 5000n, begin: d('2026-02-01'), eind: d('2026-02-28'), bedrag: 1n }), { domein: 'WMO' }))
      .to.deep.equal(['9346']);
  });
});
