import { importCommand } from '@plafond/stamdata';
import { UsageError, type Command } from '../command';
import { cliDatabase } from '../database';

export const importeer: Command = {
  name: 'import',
  summary: 'import master data: aanbieders, tarieven, plafonds, contracten, plafondmutaties (.csv or .xlsx)',
  usage: 'plafond import FILE...',
  help: [
    'Files (kind recognised by their header row):',
    '  aanbieders  agb,naam',
    '  tarieven    domein,productcategorie,productcode,eenheid,tarief_eur,ingangsdatum,einddatum,agb  (empty agb = regional)',
    '  plafonds    jaar,agb,domein,gemeente,bedrag_eur  (empty gemeente = all gemeenten)',
    '  contracten  jaar,agb,domein,beleid  (signaleren (default), aanhouden or afwijzen once realisatie passes the plafond)',
    '  plafondmutaties  jaar,agb,domein,gemeente,datum,mutatie_eur,reden  (positive or negative; each row applied once)',
    'Comma or semicolon separated, decimal point or comma. All files are imported in one transaction:',
    'a file with any bad row imports nothing, and every bad row and column is named.',
    'Database: DATABASE_URL, or an embedded PostgreSQL kept under .plafond/db.',
  ],
  options: {},
  async run({ positionals }, io) {
    if (!positionals.length) throw new UsageError('name at least one file');
    const db = await cliDatabase({ blijvend: true });
    try {
      io.out(`${await importCommand(positionals, db.dataSource)}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
