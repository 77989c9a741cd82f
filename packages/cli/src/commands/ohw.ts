import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { isMaand, type Maand } from '@plafond/core';
import { aanbiederOpAgb, ohwVersies } from '@plafond/db';
import { ohwTemplateVoor, verwerkOhwBestand, type OhwUitkomst } from '@plafond/worker-ohw';
import { UsageError, type Command, type Io } from '../command';
import { cliDatabase } from '../database';

/** The one JSON line of `ohw inlezen --json` and of `verwerking.json`: `{"ohw": {agb, maand, versie, opgeslagen, afgewezen}}`. */
export function ohwJson(u: OhwUitkomst): { agb: string; maand: string; versie: number | null; opgeslagen: number; afgewezen: { regel: number; kolom: string; reden: string }[] } {
  return { agb: u.ohw.agb, maand: u.ohw.maand, versie: u.ohw.versie, opgeslagen: u.ohw.opgeslagen, afgewezen: u.ohw.afgewezen.map((a) => ({ regel: a.regel, kolom: a.kolom, reden: a.reden })) };
}

function agbEnMaand(values: Record<string, unknown>): { agb: string; maand: Maand } {
  const agb = values.agb;
  const maand = values.maand;
  if (typeof agb !== 'string' || !/^\d{8}$/.test(agb)) throw new UsageError('--agb AGB is verplicht: de AGB-code van 8 cijfers');
  if (typeof maand !== 'string' || !isMaand(maand)) throw new UsageError('--maand JJJJ-MM is verplicht, bijvoorbeeld --maand 2026-03');
  return { agb, maand };
}

async function template(values: Record<string, unknown>, io: Io): Promise<number> {
  const { agb, maand } = agbEnMaand(values);
  const out = values.out;
  if (typeof out !== 'string' || !out) throw new UsageError('--out BESTAND.xlsx is verplicht');
  const db = await cliDatabase({ blijvend: true });
  try {
    if (!(await aanbiederOpAgb(db.dataSource, agb))) {
      io.err(`plafond ohw: aanbieder met AGB-code ${agb} is onbekend\n`);
      return 1;
    }
    await writeFile(out, await ohwTemplateVoor(db.dataSource, agb, maand));
    io.out(`template onderhanden werk ${maand} voor ${agb} geschreven naar ${out}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

async function inlezen(values: Record<string, unknown>, positionals: string[], io: Io): Promise<number> {
  const { agb, maand } = agbEnMaand(values);
  if (positionals.length !== 1) throw new UsageError('noem precies één bestand (.xlsx of .csv)');
  const pad = positionals[0];
  const inhoud = await readFile(pad).catch(() => undefined);
  if (!inhoud) {
    io.err(`plafond ohw: bestand ${pad} is niet te lezen\n`);
    return 1;
  }
  const db = await cliDatabase({ blijvend: true });
  try {
    const u = await verwerkOhwBestand({ agb, maand, naam: basename(pad), inhoud, door: 'cli' }, { dataSource: db.dataSource });
    if (u.outcome === 'afgewezen') {
      io.err(`plafond ohw: ${pad} afgewezen, niets opgeslagen: ${u.reden}\n`);
      return 1;
    }
    if (values.json) io.out(`${JSON.stringify({ ohw: ohwJson(u) })}\n`);
    else {
      io.out(`${pad}: onderhanden werk ${maand} van ${agb}, versie ${u.ohw.versie}: ${u.ohw.opgeslagen} regels opgeslagen, ${new Set(u.ohw.afgewezen.map((a) => a.regel)).size} afgewezen\n`);
      for (const a of u.ohw.afgewezen) io.out(`  rij ${a.regel}, kolom ${a.kolom}: ${a.reden}\n`);
    }
    if (typeof values.terugkoppeling === 'string' && u.terugkoppeling) await writeFile(values.terugkoppeling, await u.terugkoppeling());
    return 0;
  } finally {
    await db.close();
  }
}

async function versies(values: Record<string, unknown>, io: Io): Promise<number> {
  const { agb, maand } = agbEnMaand(values);
  const db = await cliDatabase({ blijvend: true });
  try {
    const aanbieder = await aanbiederOpAgb(db.dataSource, agb);
    if (!aanbieder) {
      io.err(`plafond ohw: aanbieder met AGB-code ${agb} is onbekend\n`);
      return 1;
    }
    const lijst = await ohwVersies(db.dataSource, aanbieder.id, maand);
    if (values.json) {
      io.out(`${JSON.stringify({
        ohw_versies: {
          agb, maand, versies: lijst.map((v) => ({
            versie: v.versie, geldend: v.geldend, ingelezen_op: v.uploadedAt.toISOString(), door: v.door, bestand: v.bestandNaam, sha256: v.sha256,
            opgeslagen: v.opgeslagen, afgewezen: v.afgewezen,
          })),
        },
      })}\n`);
      return 0;
    }
    if (!lijst.length) {
      io.out(`geen onderhanden werk van ${agb} voor ${maand}\n`);
      return 0;
    }
    io.out(`onderhanden werk ${maand} van ${agb} (${aanbieder.naam}):\n`);
    for (const v of lijst) {
      io.out(`  versie ${v.versie}${v.geldend ? ' (telt)' : ''}  ${v.uploadedAt.toISOString()}  ${v.bestandNaam}  door ${v.door}: ${v.opgeslagen} opgeslagen, ${new Set(v.afgewezen.map((a) => a.regel)).size} afgewezen\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

export const ohw: Command = {
  name: 'ohw',
  summary: 'onderhanden werk: template maken, bestand inlezen, versies tonen',
  usage: 'plafond ohw template --agb AGB --maand JJJJ-MM --out BESTAND.xlsx | ohw inlezen BESTAND --agb AGB --maand JJJJ-MM [--json] | ohw versies --agb AGB --maand JJJJ-MM [--json]',
  help: [
    'template  schrijft het Excel-template van een aanbieder en maand: één regel per toewijzing die in de maand actief is,',
    '          met gemeente, toewijzingnummer, bsn, productcategorie, productcode, periode en eenheid ingevuld.',
    'inlezen   leest een ingevuld .xlsx- of .csv-bestand (komma of puntkomma, decimale punt of komma) en controleert',
    '          elke regel; goede regels worden de nieuwe versie van die maand, afgewezen regels worden genoemd met rij,',
    '          kolom en reden. --terugkoppeling BESTAND.xlsx schrijft de werkmap met de fouten gemarkeerd.',
    '          --json: één regel {"ohw": {"agb","maand","versie","opgeslagen","afgewezen": [{"regel","kolom","reden"}]}}.',
    '          Exit 0 als het bestand gelezen is (afgewezen regels horen erbij); 1 als het hele bestand is geweigerd',
    '          (onleesbaar, te groot, macro\'s, formules, verkeerde kolommen): dan is niets opgeslagen.',
    'versies   toont alle versies van een aanbieder en maand; de laatste telt, de eerdere blijven bewaard.',
    'Database: DATABASE_URL, of de ingebouwde PostgreSQL in PLAFOND_HOME (zie plafond db).',
  ],
  options: { agb: { type: 'string' }, maand: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, terugkoppeling: { type: 'string' } },
  async run({ values, positionals }, io) {
    const [sub, ...rest] = positionals;
    if (sub === 'template') return template(values, io);
    if (sub === 'inlezen') return inlezen(values, rest, io);
    if (sub === 'versies') return versies(values, io);
    throw new UsageError(sub ? `onbekend onderdeel '${sub}': kies template, inlezen of versies` : 'kies template, inlezen of versies');
  },
};
