import { stat } from 'node:fs/promises';
import { importCommand } from '@plafond/stamdata';
import { UsageError, type Command } from '../command';
import { cliDatabase } from '../database';

export const importeer: Command = {
  name: 'import',
  summary: 'importeer stamdata: aanbieders, tarieven, budgetlijnen, plafonds, contracten, plafondmutaties (.csv of .xlsx)',
  usage: 'plafond import BESTAND...',
  help: [
    'Bestanden (soort herkend aan de kopregel):',
    '  aanbieders  agb,naam',
    '  tarieven    domein,productcategorie,productcode,eenheid,tarief_eur,ingangsdatum,einddatum,agb  (lege agb = regionaal)',
    '  budgetlijnen  jaar,domein,code,naam,bedrag_eur,productcategorieen  (een perceel met zijn budget; categorieën',
    '              gescheiden door spatie, ; of |, elke categorie op één budgetlijn)',
    '  plafonds    jaar,agb,domein,gemeente,bedrag_eur[,budgetlijn]  (lege gemeente = alle gemeenten; budgetlijn: code,',
    '              voor een plafond dat per budgetlijn is verdeeld)',
    '  contracten  jaar,agb,domein,beleid  (signaleren (standaard), aanhouden of afwijzen zodra de realisatie het plafond passeert)',
    '  plafondmutaties  jaar,agb,domein,gemeente,datum,mutatie_eur,reden[,budgetlijn]  (positief of negatief; elke regel één keer toegepast)',
    'Gescheiden door komma of puntkomma, decimale punt of komma. Een .xlsx met meer werkbladen importeert elk blad',
    'onder zijn naam (aanbieders, tarieven, plafonds, …) en weigert een blad met een andere naam.',
    'Alles gaat in één transactie: met één foute regel wordt niets geïmporteerd, en elke foute regel en kolom',
    'wordt genoemd (ook een regel met meer velden dan de kop).',
    'Database: DATABASE_URL, of de ingebouwde PostgreSQL in PLAFOND_HOME (zie plafond db).',
  ],
  options: {},
  async run({ positionals }, io) {
    if (!positionals.length) throw new UsageError('noem minstens één bestand');
    // Every file is checked before the database is touched: a typo imports nothing and starts nothing.
    for (const p of positionals) {
      const s = await stat(p).catch(() => null);
      if (!s) throw new UsageError(`${p} bestaat niet`);
      if (!s.isFile()) throw new UsageError(`${p} is een map, geen bestand`);
    }
    const db = await cliDatabase({ blijvend: true, door: 'import' });
    try {
      io.out(`${await importCommand(positionals, db.dataSource)}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
