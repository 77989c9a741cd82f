import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isDatum, isMaand, type Datum } from '@plafond/core';
import { betalingWerkboek, contractmanagerWerkboek, gemeenteWerkboek, regioWerkboek } from '@plafond/rapportage';
import { UsageError, type Command } from '../command';
import { cliDatabase } from '../database';

type Waarden = Record<string, unknown>;

function jaarVan(v: Waarden): number {
  const j = v.jaar;
  if (typeof j !== 'string') throw new UsageError('--jaar JJJJ is verplicht');
  if (!/^\d{4}$/.test(j) || +j < 2000 || +j > 2100) throw new UsageError(`--jaar ${JSON.stringify(j)} is geen jaar (JJJJ, 2000–2100)`);
  return +j;
}

function peildatumVan(v: Waarden): Datum | undefined {
  const p = v.peildatum;
  if (p === undefined) return undefined;
  if (typeof p !== 'string' || !isDatum(p)) throw new UsageError(`--peildatum ${JSON.stringify(p)} is geen datum (JJJJ-MM-DD)`);
  return p as Datum;
}

function codeVan(v: Waarden, naam: 'agb' | 'gemeente'): string {
  const c = v[naam];
  const [lengte, wat] = naam === 'agb' ? [8, 'AGB-code van 8 cijfers'] : [4, 'CBS-code van 4 cijfers'];
  if (typeof c !== 'string') throw new UsageError(`--${naam} is verplicht`);
  if (!new RegExp(`^\\d{${lengte}}$`).test(c)) throw new UsageError(`--${naam} ${JSON.stringify(c)} is geen ${wat}`);
  return c;
}

export const rapport: Command = {
  name: 'rapport',
  summary: 'Excel-rapporten: voortgangsgesprek, gemeente, regio en betaalspecificatie',
  usage: 'plafond rapport contractmanager|gemeente|regio|betaling [opties]',
  help: [
    'contractmanager --agb AGB --jaar JJJJ [--out BESTAND.xlsx] [--peildatum JJJJ-MM-DD]',
    '          het pakket voor het voortgangsgesprek met één aanbieder: samenvatting tegen het plafond met grafiek,',
    '          maanden, gemeenten, producten met verzilvering, cliënten (alleen pseudoniem), prognosemethoden met de',
    '          reden van de keuze, signalen en de stappen van de bestedingsruimteprocedure.',
    'gemeente --gemeente CBS --jaar JJJJ [--out BESTAND.xlsx] [--peildatum]',
    '          de uitnutting van één gemeente per domein, budgetlijn en aanbieder en haar aandeel in de regionale',
    '          kosten; alleen de eigen cijfers van de gemeente, geen BSN.',
    'regio --jaar JJJJ [--out BESTAND.xlsx] [--peildatum]',
    '          alle aanbieders en gemeenten, signalen gerangschikt naar ernst.',
    'betaling --periode JJJJ-MM [--out BESTAND.xlsx]',
    '          de toegekende bedragen van de declaratie-antwoorden (JW325/WMO325) met een dagtekening in de',
    '          periode: per aanbieder (te betalen), per gemeente (doorbelasting) en per declaratie, zodat de',
    '          totalen aansluiten op de antwoorden. Creditdeclaraties tellen negatief.',
    'De totalen zijn die van uitnutting.json / GET /api/uitnutting op dezelfde peildatum (standaard het einde van de',
    'laatste maand met cijfers in het jaar, anders 31 december). Zonder --out komt het werkboek in out/.',
    'Database: DATABASE_URL, of de ingebouwde PostgreSQL in PLAFOND_HOME (zie plafond db).',
  ],
  options: { periode: { type: 'string' }, out: { type: 'string' }, agb: { type: 'string' }, gemeente: { type: 'string' }, jaar: { type: 'string' }, peildatum: { type: 'string' } },
  async run({ values, positionals }, io) {
    const [soort, ...rest] = positionals;
    if (rest.length) throw new UsageError(`onverwacht argument: ${rest[0]}`);
    const soorten = ['contractmanager', 'gemeente', 'regio', 'betaling'];
    if (!soort || !soorten.includes(soort)) throw new UsageError(soort ? `onbekend rapport '${soort}': kies ${soorten.join(', ')}` : `welk rapport? (${soorten.join(', ')})`);
    // Check every flag before the database is opened: a typo costs nothing.
    let maak: (ds: Parameters<typeof regioWerkboek>[0]) => Promise<{ werkboek: Awaited<ReturnType<typeof regioWerkboek>>['werkboek']; bestandsnaam: string; melding: string }>;
    if (soort === 'betaling') {
      const periode = values.periode;
      if (typeof periode !== 'string' || !isMaand(periode)) throw new UsageError('--periode moet een maand zijn als JJJJ-MM, bijvoorbeeld 2026-03');
      maak = async (ds) => {
        const b = await betalingWerkboek(ds, periode, new Date().toISOString());
        return { ...b, melding: `betaalspecificatie ${periode}: ${b.declaraties.length} declaratie-antwoorden` };
      };
    } else {
      const jaar = jaarVan(values);
      const peildatum = peildatumVan(values);
      if (soort === 'contractmanager') {
        const agb = codeVan(values, 'agb');
        maak = async (ds) => {
          const p = await contractmanagerWerkboek(ds, { agb, jaar, peildatum });
          return { ...p, melding: `voortgangsgesprek ${p.invoer.aanbieder.naam} ${jaar} (peildatum ${p.peildatum}): ${p.invoer.regels.length} regels` };
        };
      } else if (soort === 'gemeente') {
        const gemeente = codeVan(values, 'gemeente');
        maak = async (ds) => {
          const p = await gemeenteWerkboek(ds, { gemeente, jaar, peildatum });
          return { ...p, melding: `uitnutting ${p.invoer.gemeente.naam} ${jaar} (peildatum ${p.peildatum}): ${p.invoer.regels.length} regels` };
        };
      } else {
        maak = async (ds) => {
          const p = await regioWerkboek(ds, { jaar, peildatum });
          return { ...p, melding: `regio-overzicht ${jaar} (peildatum ${p.peildatum}): ${p.invoer.regels.length} regels` };
        };
      }
    }
    const db = await cliDatabase({ blijvend: true });
    try {
      const r = await maak(db.dataSource);
      const out = resolve(typeof values.out === 'string' ? values.out : `out/${r.bestandsnaam}`);
      await mkdir(dirname(out), { recursive: true });
      await r.werkboek.xlsx.writeFile(out);
      io.out(`${r.melding} → ${out}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
