// The benchmark harness as a process: `node --import tsx bench/src/main.ts [--quick] [--profile] [--out FILE]`
// (what `npm run bench` and `plafond bench` start). See bench/README-performance.md.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { draaiBench, lastRapport, rapport, RESULTATEN, slotregel } from './harness';
import { noodstop } from './proces';
import { ensureXmllint } from '../../scripts/services.mjs';

const { values } = parseArgs({ options: { quick: { type: 'boolean' }, profile: { type: 'boolean' }, out: { type: 'string' }, last: { type: 'boolean' } }, strict: true });

// Ctrl-C: whatever step is running, stop the children and remove databases, queues and files.
const onderbreek = () => {
  process.stderr.write('bench: afbreken, opruimen…\n');
  void noodstop().finally(() => process.exit(130));
};
process.once('SIGINT', onderbreek);
process.once('SIGTERM', onderbreek);

// The reference of parse + validate is libxml2's xmllint: Debian's libxml2-utils, installed when missing.
const xmllint = ensureXmllint();
if (xmllint === 'failed' || xmllint === 'absent') process.stderr.write('bench: xmllint niet beschikbaar (apt-get install libxml2-utils)\n');
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
