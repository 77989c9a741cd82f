// The benchmark harness as a process: `node --import tsx bench/src/main.ts [--quick] [--profile] [--out FILE]`
// (what `npm run bench` and `plafond bench` start). See bench/README-performance.md.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { controleRapport, draaiBench, draaiControleBench, draaiLandelijk, draaiOhwBench, lastRapport, ohwRapport, ohwSlotregel, rapport, RESULTATEN, slotregel } from './harness';
import { landelijkRapport } from './landelijk';
import { noodstop } from './proces';
import { ensureXmllint } from '../../scripts/services.mjs';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' }, profile: { type: 'boolean' }, out: { type: 'string' }, landelijk: { type: 'boolean' }, 'landelijk-prestaties': { type: 'string' },
    alleen: { type: 'string' }, last: { type: 'boolean' },
  },
  strict: true,
});
if (values.alleen !== undefined && values.alleen !== 'ohw' && values.alleen !== 'controle') {
  process.stderr.write(`bench: --alleen kent 'ohw' en 'controle'\n`);
  process.exit(2);
}

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

if (values.alleen === 'ohw') {
  const o = await draaiOhwBench({
    quick: values.quick === true, profiel: false, uit: typeof values.out === 'string' ? resolve(values.out) : RESULTATEN.replace(/\.json$/, '-ohw.json'),
    log: (t) => process.stderr.write(`${t}\n`),
  });
  process.stdout.write(`${ohwRapport(o.ohw)}\n\n${ohwSlotregel(o.ohw)}\n`);
  process.exit(0);
}

// The reference of parse + validate is libxml2's xmllint: Debian's libxml2-utils, installed when missing.
const xmllint = ensureXmllint();
if (xmllint === 'failed' || xmllint === 'absent') process.stderr.write('bench: xmllint niet beschikbaar (apt-get install libxml2-utils)\n');

if (values.alleen === 'controle') {
  const c = await draaiControleBench({
    quick: values.quick === true, profiel: values.profile === true, uit: typeof values.out === 'string' ? resolve(values.out) : RESULTATEN.replace(/\.json$/, '-controle.json'),
    log: (t) => process.stderr.write(`${t}\n`),
  });
  const p = c.parse;
  process.stdout.write(`${controleRapport(p, c.start).join('\n')}\n\nbench: check ${p.commandoRatio.toFixed(2)}x xmllint as whole commands (median ${p.commandoRatioMediaan.toFixed(2)}x), `
    + `${(p.bytes / 1024 / 1024).toFixed(1)} MB; --help ${Math.round(c.start.helpMs)} ms, node -e 0 ${Math.round(c.start.nodeMs)} ms\n`);
  process.exit(0);
}
const r = await draaiBench({
  quick: values.quick === true,
  alleenLast: values.last === true,
  profiel: values.profile === true,
  uit: typeof values.out === 'string' ? resolve(values.out) : RESULTATEN,
  log: (t) => process.stderr.write(`${t}\n`),
});
if (values.last && r.last) {
  const l = r.last;
  process.stdout.write(`${lastRapport(l).join('\n')}\n\nbench: load ${l.aanbieders} aanbieders, ${l.berichtenPerSeconde.toFixed(1)} messages/s, 202 p99 ${Math.round(l.latentieMs.p99)} ms, lost ${l.verloren}, doubled ${l.dubbel}\n`);
} else {
  process.stdout.write(`${rapport(r)}\n\n${slotregel(r)}\n`);
}
process.exit(0);
