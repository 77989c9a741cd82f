import { expect } from 'chai';
import pg from 'pg';
import { copyNaar, copyVan } from './copy';
import { slotregel, tabel, type BenchResultaat } from './harness';
import { gebiedVan, vatProfielSamenUit } from './profiel';
import { normaliseerSql } from './sql-statistiek';

describe('bench', () => {
  describe('COPY through pg without pg-copy-streams', () => {
    let client: pg.Client;
    before(async function () {
      client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
      try {
        await client.connect();
      } catch (e) {
        console.log(`      (PostgreSQL niet bereikbaar: ${(e as Error).message})`);
        this.skip();
      }
    });
    after(() => client?.end());

    it('copies rows out and back in unchanged, arrays and nulls included', async () => {
      await client.query('CREATE TEMP TABLE bron (id int, t text, codes text[], d date)');
      await client.query(`INSERT INTO bron VALUES (1, 'a\tb', '{8001,8017}', '2026-01-31'), (2, NULL, '{}', NULL)`);
      await client.query('CREATE TEMP TABLE doel (LIKE bron)');
      const data = await copyNaar(client, 'COPY bron TO STDOUT');
      await copyVan(client, 'COPY doel FROM STDIN', data);
      const { rows } = await client.query('SELECT id, t, codes, d::text FROM doel ORDER BY id');
      expect(rows).to.deep.equal([{ id: 1, t: 'a\tb', codes: ['8001', '8017'], d: '2026-01-31' }, { id: 2, t: null, codes: [], d: null }]);
    });

    it('reports a COPY error and leaves the connection usable', async () => {
      await client.query('CREATE TEMP TABLE smal (id int)');
      let fout: Error | null = null;
      await copyVan(client, 'COPY smal FROM STDIN', [Buffer.from('geen getal\n')]).catch((e: Error) => (fout = e));
      expect(fout).to.be.instanceOf(Error);
      expect((await client.query('SELECT 1 AS een')).rows[0].een).to.equal(1);
    });
  });

  describe('profile summary', () => {
    it('charges each sample to the function on top of the stack and counts idle apart', () => {
      const s = vatProfielSamenUit({
        nodes: [
          { id: 1, callFrame: { functionName: 'tokenize', url: 'file:///x/packages/istandaard/src/xml/tokenizer.ts', lineNumber: 9 } },
          { id: 2, callFrame: { functionName: 'query', url: 'file:///x/node_modules/pg/lib/client.js', lineNumber: 0 } },
          { id: 3, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
        ],
        samples: [1, 1, 2, 3],
        timeDeltas: [1000, 1000, 1000, 1000],
      }, 4);
      expect(s.idleProcent).to.equal(25);
      expect(s.functies[0]).to.include({ ms: 2, procent: 50 });
      expect(s.functies[0].naam).to.match(/^tokenize .*tokenizer\.ts:10$/);
      expect(s.gebieden.map((g) => g.naam)).to.deep.equal(['packages/istandaard', 'pg']);
    });

    it('names source areas by workspace package, npm package or node internals', () => {
      expect(gebiedVan('file:///r/workers/berichten/src/process.ts', 'verwerk')).to.equal('workers/berichten');
      expect(gebiedVan('file:///r/node_modules/@scope/pkg/a.js', 'f')).to.equal('@scope/pkg');
      expect(gebiedVan('node:internal/streams/readable', 'read')).to.equal('node:internal');
      expect(gebiedVan('', '(garbage collector)')).to.equal('(garbage collector)');
    });
  });

  describe('SQL statement shapes', () => {
    it('counts one statement with different row counts and literals as one shape', () => {
      const a = normaliseerSql(`INSERT INTO prestatie (a, b)\n  VALUES ($1, $2), ($3, $4) RETURNING id`);
      const b = normaliseerSql(`INSERT INTO prestatie (a, b) VALUES ($1, $2), ($3, $4), ($5, $6) RETURNING id`);
      expect(a).to.equal(b);
      expect(a).to.equal('INSERT INTO prestatie (a, b) VALUES (?, ?), … RETURNING id');
      expect(normaliseerSql(`SELECT 1 FROM x WHERE y = 'it''s' AND z = 42`)).to.equal('SELECT ? FROM x WHERE y = ? AND z = ?');
    });
  });

  describe('report', () => {
    it('aligns the first column left and the others right', () => {
      expect(tabel([['a', 'bb'], ['ccc', 'd']])).to.equal('a    bb\nccc   d');
    });

    it('ends with the fixed summary line of the biggest size', () => {
      const run = (modus: 'in-process' | 2, pps: number) => ({ modus, prestatiesPerSeconde: pps });
      const r = {
        parse: { ratio: 0.4321 },
        e2e: { groottes: [{ ratio: 9, beste: run('in-process', 10) }, { ratio: 0.0512, beste: run(2, 1234.6) }] },
      } as unknown as BenchResultaat;
      expect(slotregel(r)).to.equal('bench: parse 0.43x xmllint, e2e 0.05x COPY, best 1235 prestaties/s with 2 workers');
    });
  });
});
