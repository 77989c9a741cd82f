import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isMaand } from '@plafond/core';
import { aanbieders, gemeenten, voerSqlUit, type DataSource } from '@plafond/db';
import { betalingSpec, type BetalingDeclaratie } from '@plafond/rapport';
import { UsageError, type Command } from '../command';
import { cliDatabase } from '../database';

const DOMEIN = { JW: 'jeugd', WMO: 'wmo' } as const;

/** The payment specification of one month from the declaratie-antwoorden in the database. */
export async function betalingWerkboek(ds: DataSource, periode: string, aangemaakt: string) {
  const [j, m] = periode.split('-').map(Number);
  const van = `${periode}-01`;
  const tot = m === 12 ? `${j + 1}-01-01` : `${j}-${String(m + 1).padStart(2, '0')}-01`;
  const rijen = await voerSqlUit<{ agb_code: string; gemeente_code: string; domein: 'JW' | 'WMO'; declaratie_nummer: string; antwoord_identificatie: string; beantwoord_op: string; ingediend_cents: string; toegekend_cents: string }>(ds, 'betaling-per-declaratie', { van, tot });
  const declaraties: BetalingDeclaratie[] = rijen.map((r) => ({
    agb: r.agb_code, gemeente: r.gemeente_code, domein: DOMEIN[r.domein], declaratieNummer: r.declaratie_nummer, antwoordIdentificatie: r.antwoord_identificatie,
    beantwoordOp: r.beantwoord_op, ingediend: BigInt(r.ingediend_cents), toegekend: BigInt(r.toegekend_cents),
  }));
  return {
    declaraties,
    werkboek: await betalingSpec({
      periode, aangemaakt, declaraties,
      aanbiederNamen: new Map((await aanbieders(ds)).map((a) => [a.agbCode, a.naam])),
      gemeenteNamen: new Map((await gemeenten(ds)).map((g) => [g.cbsCode, g.naam])),
    }),
  };
}

export const rapport: Command = {
  name: 'rapport',
  summary: 'Excel-rapporten: betaalspecificatie per aanbieder en per gemeente',
  usage: 'plafond rapport betaling --periode JJJJ-MM [--out BESTAND.xlsx]',
  help: [
    'betaling  de toegekende bedragen van de declaratie-antwoorden (JW325/WMO325) met een dagtekening in de',
    '          periode: per aanbieder (te betalen), per gemeente (doorbelasting) en per declaratie, zodat de',
    '          totalen aansluiten op de antwoorden. Creditdeclaraties tellen negatief.',
    '  --periode JJJJ-MM  de maand',
    '  --out BESTAND      waar het werkboek komt (standaard out/betaling-JJJJ-MM.xlsx)',
    'Database: DATABASE_URL, of de embedded PostgreSQL van de andere commando\'s.',
  ],
  options: { periode: { type: 'string' }, out: { type: 'string' } },
  async run({ values, positionals }, io) {
    const [soort, ...rest] = positionals;
    if (rest.length) throw new UsageError(`onverwacht argument: ${rest[0]}`);
    if (soort !== 'betaling') throw new UsageError(soort ? `onbekend rapport '${soort}'` : 'welk rapport? (betaling)');
    const periode = values.periode;
    if (typeof periode !== 'string' || !isMaand(periode)) throw new UsageError('--periode moet een maand zijn als JJJJ-MM, bijvoorbeeld 2026-03');
    const out = resolve(typeof values.out === 'string' ? values.out : `out/betaling-${periode}.xlsx`);
    const db = await cliDatabase({ blijvend: true });
    try {
      const { declaraties, werkboek } = await betalingWerkboek(db.dataSource, periode, new Date().toISOString());
      await mkdir(dirname(out), { recursive: true });
      await werkboek.xlsx.writeFile(out);
      io.out(`betaalspecificatie ${periode}: ${declaraties.length} declaratie-antwoorden → ${out}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
