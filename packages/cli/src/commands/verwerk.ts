import { resolve } from 'node:path';
import { datum, leesConfig } from '@plafond/core';
import { UsageError, type Command } from '../command';
import { cliDatabase } from '../database';
import { Voortgang } from '../progress';
import { importeerStamdataUit, schrijfUitnutting, schrijfUitvoer, verwerkMap } from '../verwerk';

export const verwerk: Command = {
  name: 'verwerk',
  summary: 'process a directory of iJw/iWmo messages (and master data) through the real pipeline',
  usage: 'plafond verwerk --in DIR --out DIR [--peildatum YYYY-MM-DD]',
  help: [
    'Loads aanbieders/tarieven/plafonds/contracten/plafondmutaties (.csv/.xlsx) found in DIR, then every *.xml in DIR ordered by',
    'Dagtekening and then file name, through the same processors as the workers (in-process, no Redis).',
    'Writes every outgoing message to OUT (one file each) and OUT/verwerking.json (per input file: bericht,',
    'identificatie, outcome, retourcodes). Rejections are normal outcomes: exit 0 when all input was processed.',
    'Without DATABASE_URL it runs on a fresh temporary embedded PostgreSQL.',
    'Also writes OUT/uitnutting.json: per aanbieder × domein (gemeente null) and per gemeente the plafond, realisatie,',
    'onderhanden werk, verplichtingen, prognoses and signals at the peildatum; drempel/overbesteding open the',
    'bestedingsruimte procedure.',
    '  --peildatum  peildatum of uitnutting.json (default: end of the latest ProductPeriode month processed); messages',
    '               dated on or before it are processed on this date, later ones on their own Dagtekening',
    '               (default: each message on its own Dagtekening)',
  ],
  options: { in: { type: 'string' }, out: { type: 'string' }, peildatum: { type: 'string' } },
  async run({ values }, io) {
    if (typeof values.in !== 'string' || typeof values.out !== 'string') throw new UsageError('--in and --out are required');
    const peildatum = typeof values.peildatum === 'string' ? datum(values.peildatum) : undefined;
    const config = leesConfig();
    const db = await cliDatabase({ blijvend: false });
    try {
      const stamdata = await importeerStamdataUit(db.dataSource, resolve(values.in));
      if (stamdata.length) io.err(`stamdata: ${stamdata.join(', ')}\n`);
      const voortgang = new Voortgang(io, 'verwerk', 0);
      const uitkomsten = await verwerkMap(db.dataSource, resolve(values.in), { config, peildatum, voortgang });
      const n = await schrijfUitvoer(db.dataSource, resolve(values.out), uitkomsten);
      const peil = await schrijfUitnutting(db.dataSource, resolve(values.out), peildatum);
      if (peil) io.err(`uitnutting.json op peildatum ${peil}\n`);
      const afgewezen = uitkomsten.filter((u) => u.outcome === 'afgewezen').length;
      voortgang.finish(`${uitkomsten.length} berichten (${afgewezen} afgewezen), ${n} uitgaande berichten`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
