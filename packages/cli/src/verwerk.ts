import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Datum, PlafondConfig } from '@plafond/core';
import { sqlRijen, type DataSource } from '@plafond/db';
import { herberekenNaTariefwijziging, openBestedingsruimte, standaardPeildatum, uitnutting } from '@plafond/bewaking';
import { importeerStamdata } from '@plafond/stamdata';
import { leesBericht, verwerkNieuwBericht, verwerkSlot, type VerwerkUitkomst } from '@plafond/worker-berichten';
import type { Voortgang } from './progress';

/** One line of verwerking.json. */
export interface BestandUitkomst {
  file: string;
  bericht: string | null;
  identificatie: string | null;
  outcome: 'verwerkt' | 'afgewezen';
  retourcodes: string[];
  antwoord: string | null;
  details: Record<string, unknown>;
}

const STAMDATA = /^(aanbieders|tarieven|plafonds|contracten|plafondmutaties)\.(csv|xlsx)$/i;

// Small local files are read synchronously: a read through the thread pool costs more than it takes.

/** Reads the Dagtekening from a message's first bytes, to order files the way they were sent. */
function dagtekeningVan(pad: string, buf: Buffer): string {
  const fd = openSync(pad, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    const m = /<(?:[\w.-]+:)?Dagtekening>\s*(\d{4}-\d{2}-\d{2})\s*</.exec(buf.subarray(0, n).toString('utf8'));
    return m ? m[1] : '';
  } finally {
    closeSync(fd);
  }
}

/** The XML files of a directory in processing order: by Dagtekening, then by file name. */
export async function berichtBestanden(dir: string): Promise<string[]> {
  const namen = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.xml'));
  const buf = Buffer.alloc(8192);
  const metDatum = namen.map((n) => ({ n, d: dagtekeningVan(join(dir, n), buf) }));
  return metDatum.sort((a, b) => (a.d < b.d ? -1 : a.d > b.d ? 1 : a.n < b.n ? -1 : a.n > b.n ? 1 : 0)).map((x) => x.n);
}

export async function importeerStamdataUit(ds: DataSource, dir: string): Promise<string[]> {
  const namen = (await readdir(dir)).filter((n) => STAMDATA.test(n)).sort();
  if (namen.length) {
    const { aantallen } = await importeerStamdata(ds, await Promise.all(namen.map(async (n) => ({ naam: n, inhoud: await readFile(join(dir, n)) }))), 'verwerk');
    if (aantallen.tarieven.nieuw + aantallen.tarieven.gewijzigd > 0) await herberekenNaTariefwijziging(ds);
  }
  return namen;
}

export interface VerwerkOpties {
  config: Pick<PlafondConfig, 'pseudoniemSleutel' | 'lateTermijnMaanden'>;
  peildatum?: Datum;
  voortgang?: Voortgang;
  /** Messages processed at the same time (each in its own transaction and connection). Default 8. */
  gelijktijdig?: number;
}

/** A message to process: its (file) name and its bytes. */
export interface InvoerBericht {
  naam: string;
  inhoud: Buffer;
}

/**
 * Processes messages through the same processor the workers run, in-process, each message stored and
 * processed in one transaction of its own. Messages of one aanbieder are processed in the order given,
 * one after the other, while those of different aanbieders run side by side (up to `gelijktijdig` at
 * once): a message is only ever decided against its own aanbieder's earlier messages, so the outcome is
 * the same as processing everything one by one. Returns the outcome per message, in the order given.
 */
export async function verwerkBerichten(ds: DataSource, berichten: Iterable<InvoerBericht> | AsyncIterable<InvoerBericht>, opts: VerwerkOpties): Promise<BestandUitkomst[]> {
  const uit: BestandUitkomst[] = [];
  const deps = { dataSource: ds, config: opts.config, peildatum: opts.peildatum, peildatumUitBericht: true };
  const max = Math.max(1, opts.gelijktijdig ?? 8);
  // The last message scheduled per slot (aanbieder): the next one of that slot starts when it is done.
  const laatstePerSlot = new Map<number, Promise<void>>();
  const lopend = new Set<Promise<void>>();
  let fout: unknown;
  let index = 0;
  for await (const { naam, inhoud } of berichten) {
    if (fout) break;
    const i = index++;
    const gelezen = await leesBericht(inhoud);
    const slot = verwerkSlot(gelezen);
    const taak: Promise<void> = (laatstePerSlot.get(slot) ?? Promise.resolve())
      .then(() => (fout ? null : verwerkNieuwBericht({ inhoud, bestandsnaam: naam, correlationId: randomUUID() }, gelezen, deps)))
      .then((u: VerwerkUitkomst | null) => {
        if (!u) return;
        uit[i] = { file: naam, bericht: u.bericht, identificatie: u.identificatie, outcome: u.status, retourcodes: u.retourcodes, antwoord: u.antwoordId, details: u.details };
        opts.voortgang?.tick();
      })
      .catch((e: unknown) => {
        fout ??= e;
      })
      .finally(() => {
        lopend.delete(taak);
        if (laatstePerSlot.get(slot) === taak) laatstePerSlot.delete(slot);
      });
    laatstePerSlot.set(slot, taak);
    lopend.add(taak);
    while (lopend.size >= max) await Promise.race(lopend);
  }
  await Promise.all(lopend);
  if (fout) throw fout;
  return uit;
}

/** Processes the *.xml files of a directory in Dagtekening order (see `verwerkBerichten`). */
export async function verwerkMap(ds: DataSource, dir: string, opts: VerwerkOpties): Promise<BestandUitkomst[]> {
  const bestanden = await berichtBestanden(dir);
  opts.voortgang?.setTotal(bestanden.length);
  function* lees() {
    for (const naam of bestanden) yield { naam, inhoud: readFileSync(join(dir, naam)) };
  }
  return verwerkBerichten(ds, lees(), opts);
}

/** Writes every outgoing message to `outDir`, one file each, plus `verwerking.json`. */
export async function schrijfUitvoer(ds: DataSource, outDir: string, uitkomsten: BestandUitkomst[]): Promise<number> {
  await mkdir(outDir, { recursive: true });
  const rijen = await sqlRijen<{ id: string; berichttype: string; ontvanger: string; identificatie: string; inhoud: Buffer }>(
    ds, `SELECT id::text, berichttype, ontvanger, identificatie, inhoud FROM bericht WHERE richting = 'uit' ORDER BY id`);
  for (const r of rijen) await writeFile(join(outDir, `${r.id.padStart(7, '0')}_${r.berichttype}_${r.ontvanger}_${r.identificatie}.xml`), r.inhoud);
  await writeFile(join(outDir, 'verwerking.json'), `${JSON.stringify(uitkomsten, null, 2)}\n`);
  return rijen.length;
}

/**
 * Writes `uitnutting.json` to `outDir`: the budget picture of the peildatum's year at the peildatum (default: the end of
 * the latest ProductPeriode month processed), every processed message counted. Drempel and overbesteding signals open
 * the bestedingsruimte procedure of their aanbieder × domein × jaar. Returns the peildatum used (null: nothing booked).
 */
export async function schrijfUitnutting(ds: DataSource, outDir: string, peildatum?: Datum): Promise<Datum | null> {
  const peil = peildatum ?? (await standaardPeildatum(ds));
  if (!peil) return null;
  const jaar = Number(peil.slice(0, 4));
  const antwoord = await uitnutting(ds, { jaar, peildatum: peil });
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'uitnutting.json'), `${JSON.stringify(antwoord, null, 2)}\n`);
  for (const r of antwoord.regels) {
    if (r.gemeente !== null) continue;
    const s = r.signalen.find((x) => x.soort === 'overbesteding') ?? r.signalen.find((x) => x.soort === 'drempel');
    if (s) {
      await openBestedingsruimte(ds, {
        jaar: r.jaar, agbCode: r.agb, domein: r.domein === 'jeugd' ? 'JW' : 'WMO', signaal: s.soort as 'drempel' | 'overbesteding', toelichting: s.toelichting, datum: peil,
      });
    }
  }
  return peil;
}
