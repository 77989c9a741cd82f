import { existsSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { leesConfig, ValidatieFout } from '@plafond/core';
import { plafondHome, sqlRijen } from '@plafond/db';
import { leesBesluiten } from '@plafond/werkvoorraad';
import { signaalInstellingen } from '@plafond/budget';
import { datumOptie, EXIT, invoerMap, tekstOptie, UsageError, uitvoerMap, type Command } from '../command';
import { cliDatabase } from '../database';
import { Voortgang } from '../progress';
import { importeerStamdataUit, schrijfUitnutting, schrijfUitvoer, STAMDATA, verwerkStroom } from '../verwerk';
import { verwerkOhwMap } from '../verwerk-ohw';

export const verwerk: Command = {
  name: 'verwerk',
  summary: 'verwerk een map met iJw/iWmo-berichten (en stamdata) door de echte verwerking',
  usage: 'plafond verwerk --in MAP --out MAP [--peildatum JJJJ-MM-DD] [--besluiten BESTAND.csv] [--tijdelijk | --gedeeld]',
  help: [
    'Laadt de stamdata in MAP (aanbieders, tarieven, budgetlijnen, plafonds, contracten, plafondmutaties als .csv/.xlsx, of één',
    'stamdata.xlsx met een blad per soort) en verwerkt dan elk *.xml in MAP op volgorde van Dagtekening en',
    'bestandsnaam, met dezelfde verwerking als de workers (in dit proces, zonder Redis), en daarna elk bestand',
    'onderhanden werk ohw-<AGB>-<JJJJ-MM>.csv|xlsx (terugkoppeling naar OUT/ohw-<AGB>-<JJJJ-MM>-terugkoppeling.xlsx).',
    'Schrijft elk uitgaand bericht naar OUT (<afzender>_<berichttype>_<ontvanger>_<identificatie>.xml) en',
    'OUT/verwerking.json: per invoerbestand bericht, identificatie, outcome (verwerkt, afgewezen of niet-verwerkt),',
    'retourcodes, meldingen (pad, regel, retourcode, tekst) en de naam van het antwoordbestand; per OHW-bestand de naam,',
    'de uitkomst en ohw. Schrijft ook OUT/uitnutting.json: per aanbieder × domein (gemeente null) en per gemeente het',
    'plafond, de realisatie, het onderhanden werk, de verplichtingen, de prognoses en de signalen op de peildatum;',
    'een signaal drempel of overbesteding opent de procedure bestedingsruimte.',
    'Exitcode 0 als elk bestand verwerkt is (afwijzingen zijn gewone uitkomsten); 1 als een bestand niet verwerkt',
    'kon worden — verwerking.json en de antwoorden van de andere bestanden worden dan toch geschreven.',
    'Database: DATABASE_URL. Zonder DATABASE_URL is een MAP met eigen stamdata een afgeronde partij en gaat die op',
    'een nieuwe tijdelijke database; een MAP zonder stamdata gaat op de gedeelde database in PLAFOND_HOME (zie',
    'plafond db), met de stamdata en toewijzingen die daar al staan (plafond import, eerdere runs). Staat er nergens',
    'stamdata, dan weigert verwerk voordat er iets wordt opgeslagen.',
    '  --peildatum  peildatum van uitnutting.json (standaard: einde van de laatste verwerkte ProductPeriode-maand);',
    '               berichten met een Dagtekening tot en met die datum worden op die datum verwerkt, latere op hun',
    '               eigen Dagtekening — zo telt alles wat binnen is, zoals in een maandrapportage (standaard: elk',
    '               bericht op zijn eigen Dagtekening)',
    '  --besluiten  besluiten van de backoffice (CSV met kopregel, "," of ";"), elk genomen na de berichten met een',
    '               Dagtekening tot en met zijn datum; wat ze versturen (301, 319, 325) komt met de rest in OUT, hun',
    '               uitkomsten in OUT/besluiten.json. Kolommen:',
    '                 datum             dag van het besluit (JJJJ-MM-DD; leeg: na alle berichten, op de peildatum)',
    '                 soort             verzoek | declaratie',
    '                 agb               AGB-code van de aanbieder',
    '                 sleutel           ReferentieAanbieder van het verzoek, of het DeclaratieNummer',
    '                 besluit           verzoek: toekennen | afwijzen | onderzoek; declaratie: toekennen | afwijzen',
    '                 referentienummer  declaratie: ReferentieNummer van de aangehouden prestatie (leeg: alle)',
    '                 reden_afwijzing   verzoek afwijzen: RedenAfwijzingVerzoek 1-9 (8 = Woonplaatsbeginsel)',
    '                 woonplaats        bij reden 8 (Jeugdwet): CBS-code van de verantwoordelijke gemeente',
    '                 postcode, huisnummer  toekennen van een eerste toewijzing: adres van de cliënt',
    '                 door, reden       wie beslist en waarom (verplicht; in de audit trail)',
    '               Het hele bestand wordt eerst gecontroleerd: met één foute regel wordt niets verwerkt.',
    '  --tijdelijk  altijd een nieuwe, lege tijdelijke database die na afloop verdwijnt',
    '  --gedeeld    altijd de gedeelde database in PLAFOND_HOME (de stamdata in MAP wordt daar geïmporteerd)',
  ],
  options: { in: { type: 'string' }, out: { type: 'string' }, peildatum: { type: 'string' }, besluiten: { type: 'string' }, tijdelijk: { type: 'boolean' }, gedeeld: { type: 'boolean' } },
  positionals: false,
  async run({ values }, io) {
    const peildatum = datumOptie(values, 'peildatum');
    const invoer = await invoerMap(tekstOptie(values, 'in', true), '--in');
    const uitvoer = await uitvoerMap(tekstOptie(values, 'out', true), '--out');
    if (invoer === uitvoer) throw new UsageError('--in en --out zijn dezelfde map; kies voor de antwoorden een andere map');
    const besluitenPad = tekstOptie(values, 'besluiten', false);
    let besluitenInhoud: Buffer | undefined;
    if (besluitenPad !== undefined) {
      try {
        besluitenInhoud = readFileSync(besluitenPad);
      } catch {
        throw new UsageError(`--besluiten ${besluitenPad}: het bestand is niet te lezen`);
      }
    }
    const besluiten = besluitenInhoud ? leesBesluiten(besluitenInhoud) : undefined;
    const namen = await readdir(invoer);
    const heeftStamdata = namen.some((n) => STAMDATA.test(n));
    if (values.tijdelijk && values.gedeeld) throw new UsageError('kies --tijdelijk of --gedeeld, niet allebei');
    const geenStamdata = (waar: string) => new ValidatieFout(`geen stamdata: ${invoer} bevat geen aanbieders.csv, tarieven.csv of plafonds.csv (of .xlsx) `
      + `en ${waar}; importeer ze eerst met plafond import of leg ze in ${invoer}`);
    const blijvend = values.gedeeld === true || (!values.tijdelijk && !heeftStamdata);
    // Nothing to decide against: refused before a database is started (a new one would be empty anyway).
    if (!heeftStamdata && !process.env.DATABASE_URL) {
      if (!blijvend) throw geenStamdata('een tijdelijke database heeft er geen');
      if (!existsSync(join(plafondHome(), 'postgres', 'PG_VERSION'))) throw geenStamdata(`de database in ${plafondHome()} bestaat nog niet`);
    }
    const config = leesConfig();
    const db = await cliDatabase({ blijvend, door: 'verwerk' });
    try {
      if (heeftStamdata) io.err(`stamdata: ${(await importeerStamdataUit(db.dataSource, invoer)).join(', ')}\n`);
      else {
        const [n] = await sqlRijen<{ aanbieders: number; tarieven: number; plafonds: number }>(db.dataSource,
          'SELECT (SELECT count(*) FROM aanbieder)::int AS aanbieders, (SELECT count(*) FROM tarief)::int AS tarieven, (SELECT count(*) FROM budgetplafond)::int AS plafonds');
        if (n.aanbieders === 0 || n.tarieven === 0) throw geenStamdata(`de database heeft ${n.aanbieders === 0 ? 'geen aanbieders' : 'geen tarieven'}`);
        io.err(`geen stamdata in ${invoer}: de stamdata in de database wordt gebruikt (${n.aanbieders} aanbieders, ${n.tarieven} tarieven, ${n.plafonds} plafonds)\n`);
      }
      const voortgang = new Voortgang(io, 'verwerk', 0);
      const { uitkomsten, besluiten: genomen } = await verwerkStroom(db.dataSource, invoer, { config, peildatum, voortgang, besluiten });
      const ohw = await verwerkOhwMap(db.dataSource, invoer, uitvoer, (t) => io.err(`${t}\n`));
      const n = await schrijfUitvoer(db.dataSource, uitvoer, uitkomsten, ohw, besluiten && genomen);
      const peil = await schrijfUitnutting(db.dataSource, uitvoer, peildatum, signaalInstellingen(config.signalen));
      if (peil) io.err(`uitnutting.json op peildatum ${peil}\n`);
      const afgewezen = uitkomsten.filter((u) => u.outcome === 'afgewezen').length;
      const mislukt = uitkomsten.filter((u) => u.outcome === 'niet-verwerkt');
      voortgang.finish(`${uitkomsten.length} berichten (${afgewezen} afgewezen${mislukt.length ? `, ${mislukt.length} niet verwerkt` : ''})${besluiten ? `, ${genomen.length} besluiten` : ''}, ${n} uitgaande berichten in ${uitvoer}`);
      for (const u of mislukt) io.err(`plafond verwerk: ${u.file}: ${u.fout}\n`);
      return mislukt.length ? EXIT.fout : EXIT.ok;
    } finally {
      await db.close();
    }
  },
};
