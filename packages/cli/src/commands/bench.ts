import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';

const HARNESS = fileURLToPath(new URL('../../../../bench/src/main.ts', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../../../../tsconfig.json', import.meta.url));

export const bench: Command = {
  name: 'bench',
  summary: 'benchmark harness: parse + validate vs xmllint, end to end vs COPY, in-process and with workers',
  usage: 'plafond bench [--quick] [--profile] [--last] [--out FILE]',
  help: [
    'Measures, always as ratios against a reference run in the same run (machines are noisy):',
    '  parse + validate  a generated ~100 MB JW323 through `plafond check` vs `xmllint --stream --schema`',
    '  end to end        one month of a generated region and ten months, parse → decide → persist → answer,',
    '                    in-process and with 1, 2 and 4 BullMQ worker processes, vs a plain COPY of the same rows',
    '  memory            peak RSS of every process involved',
    '  load              100 aanbieders posting declaraties at once to a real intake with 2 workers: throughput,',
    '                    p50/p95/p99 of 202 Accepted, accepted = booked = answered, nothing lost or doubled',
    'Needs xmllint, the local PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)',
    'and Redis (REDIS_URL, default redis://127.0.0.1:6379). Leaves no databases, queues, files or processes behind.',
    '  --quick    small sizes (10 MB, one month of 2000 clienten): about a minute',
    '  --profile  also profile checkBestand and the in-process run (V8 CPU profile, SQL time per statement)',
    '  --last     only the load test (1000 declaraties, about 2 minutes here); other figures in --out are kept',
    '  --out      where the JSON with every figure goes (default bench/results.json)',
  ],
  options: { quick: { type: 'boolean' }, profile: { type: 'boolean' }, last: { type: 'boolean' }, out: { type: 'string' } },
  // The harness runs as its own process: it starts and measures other processes, and it must not share this
  // one's state (it also imports the CLI's in-process pipeline, which would make an import cycle here).
  async run({ values }) {
    const args = [...(values.quick ? ['--quick'] : []), ...(values.profile ? ['--profile'] : []), ...(values.last ? ['--last'] : []), ...(typeof values.out === 'string' ? ['--out', values.out] : [])];
    const kind = spawn(process.execPath, ['--import', 'tsx', HARNESS, ...args], { stdio: 'inherit', env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG } });
    const stuurDoor = (s: NodeJS.Signals) => kind.kill(s);
    process.on('SIGINT', stuurDoor);
    process.on('SIGTERM', stuurDoor);
    try {
      return await new Promise<number>((ok) => kind.on('close', (code) => ok(code ?? 1)));
    } finally {
      process.off('SIGINT', stuurDoor);
      process.off('SIGTERM', stuurDoor);
    }
  },
};
