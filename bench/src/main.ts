// The benchmark harness as a process: `node --import tsx bench/src/main.ts [--quick] [--profile] [--out FILE]`
// (what `npm run bench` and `plafond bench` start). See bench/README-performance.md.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { draaiBench, draaiLandelijk, rapport, RESULTATEN, slotregel } from './harness';
import { landelijkRapport } from './landelijk';
import { noodstop } from './proces';
import { ensureXmllint } from '../../scripts/services.mjs';

const { values } = parseArgs({
  options: { quick: { type: 'boolean' }, profile: { type: 'boolean' }, out: { type: 'string' }, landelijk: { type: 'boolean' }, 'landelijk-prestaties': { type: 'string' } },
  strict: true,
});

// Ctrl-C: whatever step is running, stop the children and remove databases, queues and files.
const onderbreek = () => {
  process.stderr.write('bench: afbreken, opruimen…\n');
  void noodstop().finally(() => process.exit(130));
};
process.once('SIGINT', onderbreek);
process.once('SIGTERM', onderbreek);

// --landelijk: only the national-scale section (issue 11), which the full run includes and --quick leaves out.
if (values.landelijk) {
  const n = typeof values['landelijk-prestaties'] === 'string' ? Number(values['landelijk-prestaties']) : undefined;
  if (n !== undefined && !(Number.isInteger(n) && n > 0)) {
    process.stderr.write('bench: --landelijk-prestaties is een positief geheel getal\n');
    process.exit(2);
  }
  const r = await draaiLandelijk({ prestaties: n, uit: typeof values.out === 'string' ? resolve(values.out) : RESULTATEN.replace(/results\.json$/, 'landelijk.json'), log: (t) => process.stderr.write(`${t}\n`) });
  process.stdout.write(`${landelijkRapport(r)}\n\nbench: landelijk uitnutting p95 ${r.ratioAanbieder.toFixed(2)}x PK (aanbieder), ${r.ratioGemeente.toFixed(2)}x PK (gemeente), ${r.afwijkingen.budgetMaand} afwijkingen\n`);
  process.exit(0);
}

// The reference of parse + validate is libxml2's xmllint: Debian's libxml2-utils, installed when missing.
const xmllint = ensureXmllint();
if (xmllint === 'failed' || xmllint === 'absent') process.stderr.write('bench: xmllint niet beschikbaar (apt-get install libxml2-utils)\n');
const r = await draaiBench({
  quick: values.quick === true,
  profiel: values.profile === true,
  uit: typeof values.out === 'string' ? resolve(values.out) : RESULTATEN,
  log: (t) => process.stderr.write(`${t}\n`),
});
process.stdout.write(`${rapport(r)}\n\n${slotregel(r)}\n`);
process.exit(0);
