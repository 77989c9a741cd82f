import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkBericht, checkBestand, checkRegel, type CheckResultaat } from '@plafond/istandaard';
import { EXIT, UsageError, type Command } from '../command';

/** The *.xml files under a directory, recursively, in name order (so a run is reproducible). */
async function xmlBestanden(dir: string): Promise<string[]> {
  const uit: string[] = [];
  const items = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const item of items) {
    const pad = join(dir, item.name);
    if (item.isDirectory()) uit.push(...(await xmlBestanden(pad)));
    else if (item.name.toLowerCase().endsWith('.xml')) uit.push(pad);
  }
  return uit;
}

/** What to check for each argument: `-` is standard input, a directory its *.xml files, anything else a file. */
async function invoer(argumenten: string[]): Promise<string[]> {
  const uit: string[] = [];
  for (const a of argumenten) {
    if (a === '-') {
      uit.push(a);
      continue;
    }
    const s = await stat(a).catch(() => null);
    if (s?.isDirectory()) {
      const xml = await xmlBestanden(a);
      if (xml.length === 0) throw new UsageError(`map ${a} bevat geen .xml-bestanden`);
      uit.push(...xml);
    } else uit.push(a); // a missing or unreadable file gets its own verdict below
  }
  if (uit.filter((a) => a === '-').length > 1) throw new UsageError('standaardinvoer (-) kan maar één keer gelezen worden');
  return uit;
}

export const check: Command = {
  name: 'check',
  summary: 'controleer iJw/iWmo-berichten zonder database: schema en regels binnen het bericht',
  usage: 'plafond check [--json] BESTAND|MAP|- ...',
  help: [
    'Controleert elk bestand tegen de XSD-gelijke validatie en de regels op berichtniveau (TR, niveau bericht).',
    'Een MAP wordt doorzocht op *.xml (ook in submappen); - leest één bericht van standaardinvoer.',
    'Vijandige invoer (DTD\'s, entiteiten, diepe nesting, enorme of afgebroken bestanden) krijgt ook een oordeel.',
    '  --json  één JSON-regel per bestand: {"file","bericht","schema","geldig","retourcodes","meldingen"}',
    'Exitcode 0 als elk bestand geldig is; 1 als een bestand ongeldig, onleesbaar of afwezig is.',
  ],
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }, io) {
    if (!positionals.length) throw new UsageError('noem minstens één bestand, map of -');
    const bestanden = await invoer(positionals);
    let ongeldig = 0;
    for (const file of bestanden) {
      const r: CheckResultaat = file === '-' ? await checkBericht(process.stdin, '-') : await checkBestand(file);
      if (!r.geldig) ongeldig++;
      if (values.json) {
        io.out(`${checkRegel(r)}\n`);
        continue;
      }
      io.out(`${file}: ${r.bericht ?? 'onbekend bericht'} — schema ${r.schema}, ${r.geldig ? 'geldig' : 'ongeldig'}${r.retourcodes.length ? ` (${r.retourcodes.join(', ')})` : ''}\n`);
      for (const m of r.meldingen) io.out(`  ${m.regel} ${m.pad}: ${m.tekst}\n`);
    }
    if (bestanden.length > 1) io.err(`check: ${bestanden.length} bestanden, ${bestanden.length - ongeldig} geldig, ${ongeldig} ongeldig of onleesbaar\n`);
    return ongeldig ? EXIT.fout : EXIT.ok;
  },
};
