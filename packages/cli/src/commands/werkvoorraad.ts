import { datum, vandaag } from '@plafond/core';
import { binnenTermijn, werkvoorraad as leesWerkvoorraad } from '@plafond/werkvoorraad';
import type { Command } from '../command';
import { cliDatabase } from '../database';

export const werkvoorraad: Command = {
  name: 'werkvoorraad',
  summary: 'toon wat op de backoffice wacht, met de termijn in werkdagen',
  usage: 'plafond werkvoorraad [--peildatum JJJJ-MM-DD] [--json] [--binnen-termijn [--van JJJJ-MM-DD]]',
  help: [
    'Verzoeken (5 werkdagen; in onderzoek 8 weken), declaraties met aangehouden prestaties (10 werkdagen),',
    'niet verwerkte berichten en toewijzingen zonder 302 na 3 werkdagen; het dringendste eerst.',
    '  --peildatum  de dag waarop de termijnen worden bekeken (standaard vandaag)',
    '  --json       als JSON (bedragen in centen als tekst)',
    '  --binnen-termijn  in plaats daarvan: per maand van ontvangst het aandeel declaraties en verzoeken dat binnen',
    '               de termijn beantwoord is (vanaf --van, standaard 1 januari van het jaar van de peildatum)',
  ],
  options: { peildatum: { type: 'string' }, json: { type: 'boolean' }, 'binnen-termijn': { type: 'boolean' }, van: { type: 'string' } },
  async run({ values }, io) {
    const peildatum = typeof values.peildatum === 'string' ? datum(values.peildatum) : vandaag();
    const db = await cliDatabase({ blijvend: true });
    try {
      if (values['binnen-termijn']) {
        const van = typeof values.van === 'string' ? datum(values.van) : datum(`${peildatum.slice(0, 4)}-01-01`);
        const maanden = await binnenTermijn(db.dataSource, van, peildatum, peildatum);
        if (values.json) io.out(`${JSON.stringify(maanden, null, 2)}\n`);
        else for (const m of maanden) io.out(`${m.maand} ${m.soort}: ${m.binnenTermijn} van ${m.beoordeeld} binnen de termijn (${m.aandeelPct ?? '-'}%), ${m.ontvangen} ontvangen\n`);
        return 0;
      }
      const items = await leesWerkvoorraad(db.dataSource, { peildatum });
      if (values.json) {
        io.out(`${JSON.stringify(items, null, 2)}\n`);
        return 0;
      }
      if (!items.length) io.out('de werkvoorraad is leeg\n');
      for (const i of items) {
        const stand = i.werkdagenResterend < 0 ? `${-i.werkdagenResterend} werkdag(en) te laat` : `nog ${i.werkdagenResterend} werkdag(en)`;
        const signaal = i.signaal === 'termijn-verstreken' ? ' [TE LAAT]' : i.signaal === 'termijn-nadert' ? ' [SIGNAAL]' : '';
        io.out(`${i.soort} ${i.id}: ${i.omschrijving} — termijn ${i.termijn} (${stand})${signaal}\n`);
      }
      return 0;
    } finally {
      await db.close();
    }
  },
};
