import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { datum, leesConfig } from '@plafond/core';
import { leesBesluiten } from '@plafond/werkvoorraad';
import { UsageError, type Command } from '../command';
import { cliDatabase } from '../database';
import { Voortgang } from '../progress';
import { importeerStamdataUit, schrijfUitnutting, schrijfUitvoer, verwerkStroom } from '../verwerk';
import { verwerkOhwMap } from '../verwerk-ohw';

export const verwerk: Command = {
  name: 'verwerk',
  summary: 'process a directory of iJw/iWmo messages (and master data) through the real pipeline',
  usage: 'plafond verwerk --in DIR --out DIR [--peildatum YYYY-MM-DD] [--besluiten FILE.csv]',
  help: [
    'Loads aanbieders/tarieven/plafonds/contracten/plafondmutaties (.csv/.xlsx) found in DIR, then every *.xml in DIR ordered by',
    'Dagtekening, Identificatie and then file name, through the same processors as the workers (in-process, no Redis),',
    'then every onderhanden-werk file ohw-<AGB>-<JJJJ-MM>.csv|xlsx (feedback to OUT/ohw-<AGB>-<JJJJ-MM>-terugkoppeling.xlsx).',
    'Writes every outgoing message to OUT (one file each) and OUT/verwerking.json (per input file: bericht,',
    'identificatie, outcome, retourcodes; per OHW file: file, outcome, ohw). Rejections are normal outcomes: exit 0 when all input was processed.',
    'Without DATABASE_URL it runs on a fresh temporary embedded PostgreSQL.',
    'Also writes OUT/uitnutting.json: per aanbieder × domein (gemeente null) and per gemeente the plafond, realisatie,',
    'onderhanden werk, verplichtingen, prognoses and signals at the peildatum; drempel/overbesteding open the',
    'bestedingsruimte procedure.',
    '  --peildatum  peildatum of uitnutting.json (default: end of the latest ProductPeriode month processed); messages',
    '               dated on or before it are processed on this date, later ones on their own Dagtekening',
    '               (default: each message on its own Dagtekening)',
    '  --besluiten  back-office decisions (CSV with a header row, "," or ";"), each taken after the messages dated',
    '               on or before its datum; what they send (301, 319, 325) is written to OUT with the rest, their',
    '               outcomes to OUT/besluiten.json. Kolommen:',
    '                 datum             dag van het besluit (JJJJ-MM-DD; leeg: na alle berichten, op de peildatum)',
    '                 soort             verzoek | declaratie',
    '                 agb               AGB-code van de aanbieder',
    '                 sleutel           ReferentieAanbieder van het verzoek, of het DeclaratieNummer',
    '                 besluit           verzoek: toekennen | afwijzen | onderzoek; declaratie: toekennen | afwijzen',
    '                 referentienummer  declaratie: ReferentieNummer van de aangehouden prestatie (leeg: alle)',
    '                 reden_afwijzing   verzoek afwijzen: RedenAfwijzingVerzoek 1-9 (8 = Woonplaatsbeginsel)',
    '                 woonplaats        bij reden 8 (Jeugdwet): CBS-code van de verantwoordelijke gemeente',
    '                 postcode, huisnummer  toekennen van een eerste toewijzing: adres van de client',
    '                 door, reden       wie beslist en waarom (verplicht; in de audit trail)',
    '               The whole file is checked first: one bad row and nothing is processed.',
  ],
  options: { in: { type: 'string' }, out: { type: 'string' }, peildatum: { type: 'string' }, besluiten: { type: 'string' } },
  async run({ values }, io) {
    if (typeof values.in !== 'string' || typeof values.out !== 'string') throw new UsageError('--in and --out are required');
    const peildatum = typeof values.peildatum === 'string' ? datum(values.peildatum) : undefined;
    const besluiten = typeof values.besluiten === 'string' ? leesBesluiten(readFileSync(resolve(values.besluiten))) : undefined;
    const config = leesConfig();
    const db = await cliDatabase({ blijvend: false });
    try {
      const stamdata = await importeerStamdataUit(db.dataSource, resolve(values.in));
      if (stamdata.length) io.err(`stamdata: ${stamdata.join(', ')}\n`);
      const voortgang = new Voortgang(io, 'verwerk', 0);
      const { uitkomsten, besluiten: genomen } = await verwerkStroom(db.dataSource, resolve(values.in), { config, peildatum, voortgang, besluiten });
      const ohw = await verwerkOhwMap(db.dataSource, resolve(values.in), resolve(values.out), (t) => io.err(`${t}\n`));
      const n = await schrijfUitvoer(db.dataSource, resolve(values.out), uitkomsten, ohw, besluiten && genomen);
      const peil = await schrijfUitnutting(db.dataSource, resolve(values.out), peildatum);
      if (peil) io.err(`uitnutting.json op peildatum ${peil}\n`);
      const afgewezen = uitkomsten.filter((u) => u.outcome === 'afgewezen').length;
      voortgang.finish(`${uitkomsten.length} berichten (${afgewezen} afgewezen)${besluiten ? `, ${genomen.length} besluiten` : ''}, ${n} uitgaande berichten`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
