import { checkBestand, checkRegel } from '@plafond/istandaard';
import { UsageError, type Command } from '../command';

export const check: Command = {
  name: 'check',
  summary: 'stateless check of iJw/iWmo message files: schema and in-message rules',
  usage: 'plafond check [--json] FILE...',
  help: [
    'Checks each file against the XSD-equivalent validator and the in-message rules (niveau bericht).',
    'Hostile input (DTDs, entities, deep nesting, huge or truncated files) gets a verdict too.',
    '  --json  one JSON line per file: {"file","bericht","schema","geldig","retourcodes","meldingen"}',
    'Exit 0 when every file got a verdict.',
  ],
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }, io) {
    if (!positionals.length) throw new UsageError('name at least one file');
    for (const file of positionals) {
      const r = await checkBestand(file);
      if (values.json) {
        io.out(`${checkRegel(r)}\n`);
        continue;
      }
      io.out(`${file}: ${r.bericht ?? 'onbekend bericht'} — schema ${r.schema}, ${r.geldig ? 'geldig' : 'ongeldig'}${r.retourcodes.length ? ` (${r.retourcodes.join(', ')})` : ''}\n`);
      for (const m of r.meldingen) io.out(`  ${m.regel} ${m.pad}: ${m.tekst}\n`);
    }
    return 0;
  },
};
