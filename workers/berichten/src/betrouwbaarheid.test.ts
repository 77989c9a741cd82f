import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { UnrecoverableError } from 'bullmq';
import { datum } from '@plafond/core';
import { berichtInfo, maakTestDatabase, slaOntvangenBerichtOp, sqlRijen, upsertAanbieders, type DataSource, type TestDatabase } from '@plafond/db';
import { basisStamdata, CONFIG, declaratie, prestatie, toewijzing } from '../../../test/support/declaraties';
import { ISTANDAARDEN_DIR, vereisIstandaarden } from '../../../test/support/istandaarden';
import { processBericht } from './process';

/** The official examples that are heenberichten (the gemeente side answers them). */
function voorbeelden(): { naam: string; xml: string }[] {
  const uit: { naam: string; xml: string }[] = [];
  for (const dir of ['ijw-3.2/voorbeelden', 'iwmo-3.2/voorbeelden']) {
    for (const naam of readdirSync(join(ISTANDAARDEN_DIR, dir)).sort()) {
      if (/(301|305|307|315|317|319|323)\.xml$/.test(naam)) uit.push({ naam, xml: readFileSync(join(ISTANDAARDEN_DIR, dir, naam), 'utf8') });
    }
  }
  return uit;
}

/** Values that have broken parsers and databases before: empty, huge, out of range, foreign, unknown codes. */
const LASTIGE_WAARDEN = [
  '', ' ', '0', '-1', '00', '1e9', '99999999999999999999999', '9223372036854775808', '0384', '9999', '0000', '2023-02-30', '0000-01-01',
  '9999-12-31', '2023-13-01', 'abc', 'D', 'C', 'X', '&amp;', '&lt;x&gt;', 'é', '\u{1F600}', 'x'.repeat(300), '12345678', '99999999', '999900006', '123456782',
];

/** A mutation of a message's text: a text node replaced, an element dropped or doubled, the bytes cut short. */
const mutatie = fc.oneof(
  fc.record({ soort: fc.constant('tekst' as const), plek: fc.nat(), waarde: fc.oneof(fc.constantFrom(...LASTIGE_WAARDEN), fc.string({ maxLength: 12 })) }),
  fc.record({ soort: fc.constant('weg' as const), plek: fc.nat() }),
  fc.record({ soort: fc.constant('dubbel' as const), plek: fc.nat() }),
  fc.record({ soort: fc.constant('afkappen' as const), plek: fc.nat() }),
);
type Mutatie = typeof mutatie extends fc.Arbitrary<infer T> ? T : never;

function escape(s: string): string {
  return s.replace(/&(?!amp;|lt;|gt;)/g, '&amp;').replace(/</g, '&lt;');
}

function muteer(xml: string, m: Mutatie): string {
  if (m.soort === 'afkappen') return xml.slice(0, m.plek % xml.length);
  if (m.soort === 'tekst') {
    const teksten = [...xml.matchAll(/>([^<>]+)</g)].filter((t) => t[1].trim() !== '');
    if (teksten.length === 0) return xml;
    const t = teksten[m.plek % teksten.length];
    const begin = t.index + 1;
    return xml.slice(0, begin) + escape(m.waarde) + xml.slice(begin + t[1].length);
  }
  // A leaf element (start tag, text, end tag) on a line of its own.
  const bladeren = [...xml.matchAll(/\n[ \t]*<([\w]+:[\w]+)>[^<]*<\/\1>/g)];
  if (bladeren.length === 0) return xml;
  const b = bladeren[m.plek % bladeren.length];
  return m.soort === 'weg' ? xml.slice(0, b.index) + xml.slice(b.index + b[0].length) : xml.slice(0, b.index) + b[0] + xml.slice(b.index);
}

describe('workers/berichten: no input makes processing throw (issue 16)', function () {
  this.timeout(240_000);
  let db: TestDatabase;
  let ds: DataSource;

  before(async function () {
    vereisIstandaarden(this);
    db = await maakTestDatabase();
    ds = db.dataSource;
    await basisStamdata(ds);
    await upsertAanbieders(ds, [{ agbCode: '65656055', naam: 'Voorbeeld Aanbieder' }, { agbCode: '42420001', naam: 'Voorbeeld Aanbieder 2' }]);
    await toewijzing(ds, '5001', '999900006');
  });
  after(async () => db?.drop());

  async function verwerk(inhoud: Buffer | string) {
    const b = await slaOntvangenBerichtOp(ds, { inhoud: Buffer.from(inhoud), bestandsnaam: 'p.xml' });
    const u = await processBericht({ berichtId: b.id, correlationId: b.correlationId }, { dataSource: ds, config: CONFIG, peildatum: datum('2026-04-06') });
    return { b, u };
  }

  it('answers the official WMO323 example, addressed to a gemeente outside the master data (0384), with TR378 on its header instead of failing on a foreign key', async () => {
    const xml = readFileSync(join(ISTANDAARDEN_DIR, 'iwmo-3.2/voorbeelden/WMO323.xml'));
    const { b, u } = await verwerk(xml);
    expect(u.status).to.equal('afgewezen');
    expect(u.retourcodes).to.deep.equal(['S300']);
    expect(u.meldingen.map((m) => m.regel)).to.include('TR378');
    expect(u.antwoordId).to.be.a('string');
    expect((await berichtInfo(ds, b.id))!.status).to.equal('afgewezen');
    const [{ n }] = await sqlRijen<{ n: number }>(ds, `SELECT count(*)::int AS n FROM declaratie WHERE bericht_id = $1`, [b.id]);
    expect(n).to.equal(0);
    const [{ m }] = await sqlRijen<{ m: number }>(ds, `SELECT count(*)::int AS m FROM mailbox WHERE bericht_id = $1`, [u.antwoordId]);
    expect(m).to.equal(1);
  });

  it('answers every official heenbericht example (all addressed outside the region or from unknown parties) without throwing', async () => {
    for (const v of voorbeelden()) {
      const { u } = await verwerk(v.xml);
      expect(['verwerkt', 'afgewezen'], v.naam).to.include(u.status);
    }
  });

  it('fails a job for a message that does not exist with UnrecoverableError, so it is not retried', async () => {
    let fout: unknown;
    await processBericht({ berichtId: '987654321', correlationId: 'c' }, { dataSource: ds, config: CONFIG }).catch((e: unknown) => (fout = e));
    expect(fout).to.be.instanceOf(UnrecoverableError);
  });

  it('property: every mutated message ends verwerkt or afgewezen, never a throw', async () => {
    let volgnummer = 0;
    const basis = [
      ...voorbeelden().map((v) => v.xml),
      // The same examples addressed to a gemeente of the region, so they reach the handlers and the booking.
      ...voorbeelden().map((v) => v.xml.replace(/>(0384|0363)</g, '>0479<')),
      declaratie('PBASIS', 'PDN', [{ bsn: '999900006', prestaties: [prestatie('PR1', 5001, 2), prestatie('PR2', 5001, 1, { dc: 'C', vorig: 'PR1' })] }]),
    ];
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: basis.length - 1 }), fc.array(mutatie, { minLength: 1, maxLength: 3 }), async (i, mutaties) => {
        // A fresh identificatie each run, so most runs are not simply TR056 duplicates of the one before.
        let xml = basis[i].replace(/(<[\w]+:BerichtIdentificatie>\s*<[\w]+:Identificatie>)[^<]*/, `$1P${++volgnummer}`);
        for (const m of mutaties) xml = muteer(xml, m);
        const { b, u } = await verwerk(xml);
        expect(['verwerkt', 'afgewezen']).to.include(u.status);
        expect((await berichtInfo(ds, b.id))!.status).to.equal(u.status);
      }),
      { numRuns: Number(process.env.PLAFOND_PROPERTY_RUNS ?? 300), seed: process.env.PLAFOND_PROPERTY_SEED ? Number(process.env.PLAFOND_PROPERTY_SEED) : undefined },
    );
  });
});
