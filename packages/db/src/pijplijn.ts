import { createRequire } from 'node:module';
import type pg from 'pg';

// pg's own row parser and value serializer (public files of the package, not re-exported by its index), so
// a batch parses rows and sends parameters exactly as `client.query` does.
const require = createRequire(import.meta.url);
interface PgResultaat {
  rows: Record<string, unknown>[];
  addFields(fields: unknown[]): void;
  parseRow(data: unknown[]): Record<string, unknown>;
  addRow(row: Record<string, unknown>): void;
}
const PgResult = require('pg/lib/result.js') as new () => PgResultaat;
const { prepareValue } = require('pg/lib/utils.js') as { prepareValue(v: unknown): unknown };

/** One statement of a batch: a prepared statement (by name; '' for one planned with its values) with its parameters. */
export interface Stap {
  naam: string;
  sql: string;
  params: unknown[];
}

/** What pg's connection offers a Submittable (its extended-protocol messages). */
interface Verbinding {
  parsedStatements: Record<string, string>;
  stream: { cork?(): void; uncork?(): void };
  parse(q: { text: string; name: string; types: unknown[] }): void;
  bind(c: { statement: string; values: unknown[]; valueMapper: (v: unknown) => unknown }): void;
  describe(m: { type: 'P'; name: string }): void;
  execute(c: { portal: string; rows: number }): void;
  sync(): void;
}

/**
 * Statements sent to PostgreSQL in one go and answered together (the extended protocol with a single
 * Sync, a pipeline): one round trip for several statements of a transaction. The server runs them in
 * order and stops at the first error, which rejects the whole batch. A pg "Submittable": the client hands
 * it the connection and forwards every protocol message until the server is ready again.
 */
class Batch {
  readonly klaar: Promise<Record<string, unknown>[][]>;
  private readonly resultaten: PgResultaat[] = [];
  private huidig = new PgResult();
  private fout: Error | null = null;
  private gereed!: (r: Record<string, unknown>[][]) => void;
  private mislukt!: (e: Error) => void;
  /** Names this batch prepared on the connection (unsure on the server when the batch fails). */
  readonly nieuw: string[] = [];

  constructor(private readonly stappen: Stap[]) {
    this.klaar = new Promise((ok, nok) => {
      this.gereed = ok;
      this.mislukt = nok;
    });
  }

  submit(c: Verbinding): void {
    c.stream.cork?.();
    try {
      for (const s of this.stappen) {
        if (s.naam === '') {
          c.parse({ text: s.sql, name: '', types: [] });
        } else if (c.parsedStatements[s.naam] === undefined) {
          c.parse({ text: s.sql, name: s.naam, types: [] });
          c.parsedStatements[s.naam] = s.sql;
          this.nieuw.push(s.naam);
        }
        c.bind({ statement: s.naam, values: s.params, valueMapper: prepareValue });
        c.describe({ type: 'P', name: '' });
        c.execute({ portal: '', rows: 0 });
      }
      c.sync();
    } finally {
      c.stream.uncork?.();
    }
  }

  handleRowDescription(msg: { fields: unknown[] }): void {
    this.huidig.addFields(msg.fields);
  }

  handleDataRow(msg: { fields: unknown[] }): void {
    this.huidig.addRow(this.huidig.parseRow(msg.fields));
  }

  handleCommandComplete(): void {
    this.resultaten.push(this.huidig);
    this.huidig = new PgResult();
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete();
  }

  // pg forgets the active query when an error arrives (the ReadyForQuery after it reaches nobody): settle here.
  handleError(err: Error): void {
    this.fout = err;
    this.mislukt(err);
  }

  handleReadyForQuery(): void {
    if (this.fout) return;
    if (this.resultaten.length !== this.stappen.length) {
      this.mislukt(new Error(`batch: ${this.resultaten.length} van ${this.stappen.length} statements beantwoord`));
      return;
    }
    this.gereed(this.resultaten.map((r) => r.rows));
  }

  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}
}

/**
 * Runs `stappen` in one round trip on `client` and returns the rows of each. When the batch fails, the
 * statements it prepared may or may not exist on the server: `onzeker` is then true and the connection
 * must not be reused.
 */
export async function voerBatchUit(client: pg.PoolClient, stappen: Stap[]): Promise<{ rijen: Record<string, unknown>[][] } | { fout: Error; onzeker: boolean }> {
  const b = new Batch(stappen);
  client.query(b as unknown as pg.QueryConfig);
  try {
    return { rijen: await b.klaar };
  } catch (e) {
    return { fout: e as Error, onzeker: b.nieuw.length > 0 };
  }
}
