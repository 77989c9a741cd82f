import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { DataSource, DomeinCode } from '@plafond/db';
import { maakWaarschuwingsbrief } from '@plafond/rapportage';
import type { Io } from '../command';

/**
 * `plafond plafond bestedingsruimte brief`: the written warning as a PDF, made and stored with the recorded warning
 * step the first time, the stored letter itself every time after; written to `out` (default out/<kenmerk>.pdf).
 */
export async function bestedingsruimteBrief(ds: DataSource, v: { jaar: number; agbCode: string; domein: DomeinCode; door: string; out?: string }, io: Io): Promise<number> {
  const brief = await maakWaarschuwingsbrief(ds, { jaar: v.jaar, agbCode: v.agbCode, domein: v.domein, door: v.door });
  const out = resolve(v.out ?? `out/${brief.bestandsnaam}`);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, brief.pdf);
  io.out(`${brief.nieuw ? 'waarschuwingsbrief gemaakt en opgeslagen bij de stap' : 'opgeslagen waarschuwingsbrief'} ${brief.kenmerk} (sha256 ${brief.sha256}) → ${out}\n`);
  return 0;
}
