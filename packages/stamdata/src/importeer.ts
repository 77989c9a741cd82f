import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ValidatieFout, vandaag } from '@plafond/core';
import {
  aanbieders as alleAanbieders, inTransactie, overlappendeTarieven, schrijfAudit, upsertAanbieders, upsertBudgetplafonds,
  upsertTarieven, type DataSource, type UpsertAantallen,
} from '@plafond/db';
import { formatMelding, leesStamdata, tariefSleutel, type Bestand, type StamdataMelding } from './lees';

export interface ImportResultaat {
  aantallen: { aanbieders: UpsertAantallen; tarieven: UpsertAantallen; plafonds: UpsertAantallen };
}

/**
 * Validates all files together and imports them in one transaction: with any bad row nothing is
 * imported and a `ValidatieFout` lists every melding. Upserts, so importing the same files again
 * changes nothing; a changed plafond gets a mutation with reason 'import'.
 */
export async function importeerStamdata(dataSource: DataSource, bestanden: Bestand[], door: string): Promise<ImportResultaat> {
  return inTransactie(dataSource, async (tx) => {
    // Serialise imports: two at once could both pass the overlap check.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('plafond.stamdata-import'))`);
    const bekend = (await alleAanbieders(tx)).map((a) => a.agbCode);
    const data = await leesStamdata(bestanden, { bekendeAgbCodes: bekend });
    const meldingen: StamdataMelding[] = [...data.meldingen];
    // A stored tariff that this batch replaces (same key and ingangsdatum) is not an overlap.
    const vervangen = new Set(data.tarieven.map((t) => `${tariefSleutel(t)}|${t.ingangsdatum}`));
    for (const t of data.tarieven) {
      const botsend = (await overlappendeTarieven(tx, t)).filter((o) => !vervangen.has(`${tariefSleutel(o)}|${o.ingangsdatum}`));
      for (const o of botsend) {
        meldingen.push({
          pad: `${t.bron.bestand} regel ${t.bron.regel}, kolom ingangsdatum`, regel: 'stamdata.overlap', bestand: t.bron.bestand,
          regelnummer: t.bron.regel, kolom: 'ingangsdatum',
          tekst: `tarief overlapt met het bestaande tarief van ${o.ingangsdatum} tot ${o.einddatum ?? 'onbepaald'}`,
        });
      }
    }
    if (meldingen.length) {
      throw new ValidatieFout(`stamdata niet geïmporteerd, ${meldingen.length} fout(en):\n${meldingen.map(formatMelding).join('\n')}`, meldingen);
    }
    const aantallen = {
      aanbieders: await upsertAanbieders(tx, data.aanbieders.map(({ agbCode, naam }) => ({ agbCode, naam }))),
      tarieven: await upsertTarieven(tx, data.tarieven.map(({ bron: _bron, ...t }) => t)),
      plafonds: await upsertBudgetplafonds(tx, data.plafonds.map(({ bron: _bron, ...p }) => p), { reden: 'import', door, datum: vandaag() }),
    };
    const veranderd = Object.values(aantallen).some((a) => a.nieuw + a.gewijzigd > 0);
    if (veranderd) {
      await schrijfAudit(tx, {
        actor: door, action: 'stamdata.import', entity: 'stamdata', entityId: null,
        details: { bestanden: data.bestanden, aantallen },
      });
    }
    return { aantallen };
  });
}

/**
 * CLI glue: imports the files at `paden` and returns a printable summary. A `ValidatieFout`
 * propagates; its message lists every bad row.
 */
export async function importCommand(paden: string[], dataSource: DataSource, door = 'cli'): Promise<string> {
  const bestanden = await Promise.all(paden.map(async (p) => ({ naam: basename(p), inhoud: await readFile(p) })));
  const { aantallen } = await importeerStamdata(dataSource, bestanden, door);
  const regel = (naam: string, a: UpsertAantallen) => `${naam.padEnd(11)} ${a.nieuw} nieuw, ${a.gewijzigd} gewijzigd, ${a.ongewijzigd} ongewijzigd`;
  return [
    `stamdata geïmporteerd uit ${bestanden.map((b) => b.naam).join(', ')}`,
    regel('aanbieders', aantallen.aanbieders),
    regel('tarieven', aantallen.tarieven),
    regel('plafonds', aantallen.plafonds),
  ].join('\n');
}
