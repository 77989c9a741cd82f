import type pg from 'pg';

/**
 * `pg` speaks the COPY sub-protocol but ships no stream for it (that is the separate pg-copy-streams
 * package, not installed here). A query object with `submit` is a pg "Submittable": the client hands
 * it the raw connection and forwards the protocol messages, which is all COPY needs.
 */
interface Verbinding {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

abstract class CopyOpdracht {
  readonly klaar: Promise<void>;
  private gereed!: () => void;
  private mislukt!: (e: Error) => void;

  constructor(private readonly text: string) {
    this.klaar = new Promise((ok, nok) => {
      this.gereed = ok;
      this.mislukt = nok;
    });
  }

  submit(connection: Verbinding): void {
    connection.query(this.text);
  }

  // pg forgets the active query when an error arrives (no ReadyForQuery reaches it then): settle here.
  handleError(err: Error): void {
    this.mislukt(err);
  }

  handleReadyForQuery(): void {
    this.gereed();
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(connection: Verbinding): void {
    connection.endCopyFrom();
  }
  handleCopyData(_msg: { chunk: Buffer }): void {}
}

class CopyUit extends CopyOpdracht {
  readonly delen: Buffer[] = [];
  override handleCopyData(msg: { chunk: Buffer }): void {
    // The chunk is a view on pg's receive buffer, which is reused for the next packet.
    this.delen.push(Buffer.from(msg.chunk));
  }
}

class CopyIn extends CopyOpdracht {
  constructor(text: string, private readonly data: Buffer[]) {
    super(text);
  }
  override handleCopyInResponse(connection: Verbinding): void {
    for (const deel of this.data) connection.sendCopyFromChunk(deel);
    connection.endCopyFrom();
  }
}

/** Runs `COPY ... TO STDOUT` and returns its data (text format) as received, chunk by chunk. */
export async function copyNaar(client: pg.Client, sql: string): Promise<Buffer[]> {
  const q = new CopyUit(sql);
  client.query(q as unknown as pg.QueryConfig);
  await q.klaar;
  return q.delen;
}

/** Runs `COPY ... FROM STDIN` with `data` (in the format the statement names) as its input. */
export async function copyVan(client: pg.Client, sql: string, data: Buffer[]): Promise<void> {
  const q = new CopyIn(sql, data);
  client.query(q as unknown as pg.QueryConfig);
  await q.klaar;
}

export interface CopyMeting {
  rijen: number;
  bytes: number;
  /** Best time of the runs, in ms. */
  ms: number;
  rijenPerSeconde: number;
}

/**
 * The reference for end to end: the prestatie rows a run produced, copied with plain `COPY FROM STDIN`
 * into a table of the same shape (`LIKE prestatie INCLUDING ALL`: columns, defaults, checks, indexes; no
 * partitions, foreign keys or triggers), best of `runs`, emptied in between. The table is dropped after.
 */
export async function meetCopy(client: pg.Client, runs: number): Promise<CopyMeting> {
  const data = await copyNaar(client, 'COPY (SELECT * FROM prestatie) TO STDOUT');
  const bytes = data.reduce((n, d) => n + d.length, 0);
  const rijen = data.reduce((n, d) => n + telRegels(d), 0);
  await client.query('DROP TABLE IF EXISTS bench_copy_prestatie');
  await client.query('CREATE TABLE bench_copy_prestatie (LIKE prestatie INCLUDING ALL)');
  try {
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
      await client.query('TRUNCATE bench_copy_prestatie');
      const t0 = performance.now();
      await copyVan(client, 'COPY bench_copy_prestatie FROM STDIN', data);
      best = Math.min(best, performance.now() - t0);
    }
    const { rows } = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM bench_copy_prestatie');
    if (Number(rows[0].n) !== rijen) throw new Error(`COPY laadde ${rows[0].n} rijen, verwacht ${rijen}`);
    return { rijen, bytes, ms: best, rijenPerSeconde: rijen / (best / 1000) };
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_copy_prestatie');
  }
}

function telRegels(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) n++;
  return n;
}
