import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { NietGevonden } from '@plafond/core';
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

/**
 * After the warning step is recorded: the letter is made and stored with it at once, so what was recorded as sent
 * exists. Without figures for the aanbieder (nothing booked yet) the step stands and the letter can follow with
 * `brief` later.
 */
export async function briefBijWaarschuwing(ds: DataSource, v: { jaar: number; agbCode: string; domein: DomeinCode; door: string }, io: Io): Promise<void> {
  try {
    const brief = await maakWaarschuwingsbrief(ds, v);
    io.out(`waarschuwingsbrief ${brief.kenmerk} opgeslagen bij de stap; als PDF: plafond plafond bestedingsruimte brief --jaar ${v.jaar} --agb ${v.agbCode} --domein ${v.domein === 'JW' ? 'jeugd' : 'wmo'} --out BESTAND.pdf\n`);
  } catch (e) {
    if (!(e instanceof NietGevonden)) throw e;
    io.err(`geen waarschuwingsbrief gemaakt: ${e.message}\n`);
  }
}
