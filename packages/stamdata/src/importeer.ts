import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Conflict, ValidatieFout, vandaag } from '@plafond/core';
import {
  aanbieders as alleAanbieders, budgetlijnen as alleBudgetlijnen, inTransactie, upsertBudgetlijnen, muteerBudgetplafond, overlappendeTarieven, schrijfAudit, upsertAanbieders, upsertBudgetplafonds,
  upsertContracten, upsertTarieven, zoekBudgetplafond, type DataSource, type Transactie, type UpsertAantallen,
} from '@plafond/db';
import { formatMelding, leesStamdata, tariefSleutel, type Bestand, type GelezenBudgetlijn, type GelezenPlafondMutatie, type StamdataMelding } from './lees';

export interface ImportResultaat {
  aantallen: {
    aanbieders: UpsertAantallen; tarieven: UpsertAantallen; budgetlijnen: UpsertAantallen; plafonds: UpsertAantallen; contracten: UpsertAantallen;
    /** nieuw: applied now; ongewijzigd: read before (same row of the same file). */
    plafondmutaties: UpsertAantallen;
  };
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
    // A plafond or mutation on a budgetlijn names one of its domein and year, in this batch or already stored.
    const lijnen = new Set([...(await alleBudgetlijnen(tx)), ...data.budgetlijnen].map((b) => `${b.jaar}|${b.domein}|${b.code}`));
    for (const p of [...data.plafonds, ...data.plafondMutaties]) {
      if (p.budgetlijn && !lijnen.has(`${p.jaar}|${p.domein}|${p.budgetlijn}`)) {
        meldingen.push({
          pad: `${p.bron.bestand} regel ${p.bron.regel}, kolom budgetlijn`, regel: 'stamdata.budgetlijn', bestand: p.bron.bestand, regelnummer: p.bron.regel,
          kolom: 'budgetlijn', tekst: `budgetlijn ${p.budgetlijn} bestaat niet voor ${p.domein} ${p.jaar} (zet hem in budgetlijnen.csv)`,
        });
      }
    }
    if (meldingen.length) {
      throw new ValidatieFout(`stamdata niet geïmporteerd, ${meldingen.length} fout(en):\n${meldingen.map(formatMelding).join('\n')}`, meldingen);
    }
    const aantallen = {
      aanbieders: await upsertAanbieders(tx, data.aanbieders.map(({ agbCode, naam }) => ({ agbCode, naam }))),
      tarieven: await upsertTarieven(tx, data.tarieven.map(({ bron: _bron, ...t }) => t)),
      budgetlijnen: await importeerBudgetlijnen(tx, data.budgetlijnen),
      plafonds: await upsertBudgetplafonds(tx, data.plafonds.map(({ bron: _bron, ...p }) => p), { reden: 'import', door, datum: vandaag() }),
      contracten: await upsertContracten(tx, data.contracten.map(({ bron: _bron, ...c }) => c)),
      plafondmutaties: await pasMutatiesToe(tx, data.plafondMutaties, door),
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
 * Applies the rows of plafondmutaties.csv in file order, each once (its key), each with its own mutation row and
 * audit entry. A row for a plafond that does not exist, or that would make one negative, refuses the whole import.
 */
async function pasMutatiesToe(tx: Transactie, mutaties: GelezenPlafondMutatie[], door: string): Promise<UpsertAantallen> {
  const n = { nieuw: 0, gewijzigd: 0, ongewijzigd: 0 };
  for (const m of mutaties) {
    const waar = `${m.bron.bestand} regel ${m.bron.regel}`;
    const plafond = await zoekBudgetplafond(tx, m, { voorWijziging: true });
    if (!plafond) {
      throw new ValidatieFout(`stamdata niet geïmporteerd: ${waar}: er is geen plafond voor ${m.jaar}, ${m.agbCode}, ${m.domein}, ${m.gemeenteCode ?? 'alle gemeenten'}${m.budgetlijn ? `, budgetlijn ${m.budgetlijn}` : ''} (zet het in plafonds.csv)`);
    }
    let uitkomst;
    try {
      uitkomst = await muteerBudgetplafond(tx, plafond, { mutatie: m.mutatie, reden: m.reden, door, datum: m.datum, importSleutel: m.sleutel });
    } catch (e) {
      throw new ValidatieFout(`stamdata niet geïmporteerd: ${waar}: ${(e as Error).message}`);
    }
    if (!uitkomst) {
      n.ongewijzigd++;
      continue;
    }
    n.nieuw++;
    await schrijfAudit(tx, {
      actor: door, action: 'budgetplafond.mutatie', entity: 'budgetplafond', entityId: String(plafond.id),
      details: { bron: waar, jaar: m.jaar, agb: m.agbCode, domein: m.domein, gemeente: m.gemeenteCode, budgetlijn: m.budgetlijn, mutatieCents: m.mutatie, oudCents: uitkomst.oud, nieuwCents: uitkomst.nieuw, reden: m.reden, datum: m.datum },
    });
  }
  return n;
}

/** The budgetlijnen of the batch; a category another stored budgetlijn holds refuses the import by name. */
async function importeerBudgetlijnen(tx: Transactie, lijnen: GelezenBudgetlijn[]): Promise<UpsertAantallen> {
  try {
    const { herbouwd: _h, ...n } = await upsertBudgetlijnen(tx, lijnen.map(({ bron: _bron, ...b }) => b));
    return n;
  } catch (e) {
    if (e instanceof Conflict) throw new ValidatieFout(`stamdata niet geïmporteerd: ${e.message}`);
    throw e;
  }
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
    ...(Object.values(aantallen.budgetlijnen).some((x) => x > 0) ? [regel('budgetlijnen', aantallen.budgetlijnen)] : []),
    regel('plafonds', aantallen.plafonds),
    regel('contracten', aantallen.contracten),
    `${'mutaties'.padEnd(11)} ${aantallen.plafondmutaties.nieuw} toegepast, ${aantallen.plafondmutaties.ongewijzigd} al eerder ingelezen`,
  ].join('\n');
}
