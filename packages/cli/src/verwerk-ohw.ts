import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource } from '@plafond/db';
import { verwerkOhwBestand } from '@plafond/worker-ohw';
import { ohwJson } from './commands/ohw';

/** One OHW entry of verwerking.json. */
export interface OhwBestandUitkomst {
  file: string;
  outcome: 'verwerkt' | 'afgewezen';
  ohw: ReturnType<typeof ohwJson>;
}

/** OHW files `verwerk` reads from its input directory: `ohw-<agb>-<YYYY-MM>.csv|xlsx`. */
export const OHW_BESTAND = /^ohw-(\d{8})-(\d{4}-\d{2})\.(csv|xlsx)$/i;
const LIJKT_OHW = /^ohw-.*\.(csv|xlsx)$/i;

/**
 * Reads, checks and stores every OHW file of a directory (in name order, after the messages, so the toewijzingen
 * they name are known) and writes each feedback workbook to `outDir` as `ohw-<agb>-<YYYY-MM>-terugkoppeling.xlsx`.
 * A file refused as a whole is an outcome too (`afgewezen`, nothing stored); `meld` gets its reason.
 */
export async function verwerkOhwMap(ds: DataSource, inDir: string, outDir: string, meld: (tekst: string) => void): Promise<OhwBestandUitkomst[]> {
  const namen = (await readdir(inDir)).filter((n) => LIJKT_OHW.test(n)).sort();
  const uit: OhwBestandUitkomst[] = [];
  for (const naam of namen) {
    const m = OHW_BESTAND.exec(naam);
    const agb = m?.[1] ?? '';
    const maand = m?.[2] ?? '';
    const u = await verwerkOhwBestand(
      m ? { agb, maand, naam, inhoud: await readFile(join(inDir, naam)), door: 'verwerk' } : { agb: '-', maand: '-', naam, inhoud: Buffer.alloc(0), door: 'verwerk' },
      { dataSource: ds },
    );
    if (u.outcome === 'afgewezen') meld(`${naam}: afgewezen, niets opgeslagen: ${m ? u.reden : 'de naam moet ohw-<AGB>-<JJJJ-MM>.csv of .xlsx zijn'}`);
    if (u.terugkoppeling) {
      await mkdir(outDir, { recursive: true });
      await writeFile(join(outDir, `ohw-${agb}-${maand}-terugkoppeling.xlsx`), u.terugkoppeling);
    }
    uit.push({ file: naam, outcome: u.outcome, ohw: m ? ohwJson(u) : { agb, maand, versie: null, opgeslagen: 0, afgewezen: [] } });
  }
  return uit;
}
