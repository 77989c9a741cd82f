// The early-warning section on its own: `node --import tsx bench/src/vroegsignaal-main.ts [--quick] [--seeds 1,2] [--out FILE]`.
// Prints the section and stores it under `vroegsignaal` in bench/results.json (the rest of the file is kept).
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RESULTATEN, tabel } from './harness';
import { meetVroegsignaal, vroegsignaalRapport } from './vroegsignaal';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, seeds: { type: 'string' }, out: { type: 'string' } }, strict: true });
const seeds = values.seeds?.split(',').map(Number);
if (seeds?.some((s) => !Number.isInteger(s))) throw new Error('--seeds: gehele getallen, gescheiden door komma\'s');
const v = meetVroegsignaal({ quick: values.quick === true, ...(seeds ? { seeds } : {}), log: (t) => process.stderr.write(`${t}\n`) });
process.stdout.write(`${vroegsignaalRapport(v, tabel)}\n`);
if (!seeds) {
  const uit = typeof values.out === 'string' ? resolve(values.out) : RESULTATEN;
  const oud = await readFile(uit, 'utf8').then((s) => JSON.parse(s) as Record<string, unknown>, () => ({}));
  await writeFile(uit, `${JSON.stringify({ ...oud, vroegsignaal: { ...v, quick: values.quick === true, datum: new Date().toISOString() } }, null, 2)}\n`);
}
