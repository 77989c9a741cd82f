import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vandaag, type Datum, type PlafondConfig } from '@plafond/core';
import { sqlRijen, type DataSource } from '@plafond/db';
import { herberekenNaTariefwijziging, openBestedingsruimte, standaardPeildatum, uitnutting } from '@plafond/bewaking';
import { importeerStamdata } from '@plafond/stamdata';
import { voerBesluitenUit, type BesluitRegel, type BesluitUitkomst } from '@plafond/werkvoorraad';
import { leesBericht, verwerkNieuwBericht, verwerkSlot, type VerwerkUitkomst } from '@plafond/worker-berichten';
import type { Voortgang } from './progress';
import type { OhwBestandUitkomst } from './verwerk-ohw';

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

/**
 * Reads the Dagtekening and Identificatie from a message's first bytes, to order files the way they were
 * sent — the same key a worker orders an aanbieder's waiting messages by (migration 0009, `volg_orde`).
 */
function volgordeVan(pad: string, buf: Buffer): { dagtekening: string; identificatie: string } {
  const fd = openSync(pad, 'r');
  try {
    const n = readSync(fd, buf, 0, Math.min(buf.length, 4096), 0);
    const kop = buf.subarray(0, n).toString('latin1');
    const dag = /<(?:[\w.-]+:)?Dagtekening>\s*([^<\s]+)\s*</.exec(kop);
    const id = /<(?:[\w.-]+:)?Identificatie>\s*([^<\s]+)\s*</.exec(kop);
    return { dagtekening: dag ? dag[1] : '', identificatie: id ? id[1] : '' };
  } finally {
    closeSync(fd);
  }
}

/** A message file with its Dagtekening as read from its header ('' when unreadable). */
export interface BerichtBestand {
  naam: string;
  dagtekening: string;
}

/** The XML files of a directory in processing order: by Dagtekening, then Identificatie, then file name. */
export async function berichtBestandenMetDatum(dir: string): Promise<BerichtBestand[]> {
  const namen = (await readdir(dir)).filter((n) => n.toLowerCase().endsWith('.xml'));
  const buf = Buffer.alloc(4096);
  const sleutel = namen.map((n) => {
    const v = volgordeVan(join(dir, n), buf);
    return { naam: n, dagtekening: v.dagtekening, orde: `${v.dagtekening} ${v.identificatie}` };
  });
  return sleutel.sort((a, b) => (a.orde < b.orde ? -1 : a.orde > b.orde ? 1 : a.naam < b.naam ? -1 : a.naam > b.naam ? 1 : 0))
    .map(({ naam, dagtekening }) => ({ naam, dagtekening }));
}

/** The XML files of a directory in processing order (see `berichtBestandenMetDatum`). */
export async function berichtBestanden(dir: string): Promise<string[]> {
  return (await berichtBestandenMetDatum(dir)).map((b) => b.naam);
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

/**
 * Processes the *.xml files of a directory in Dagtekening order (see `verwerkBerichten`). With decisions
 * (`--besluiten`), each is taken after every message dated on or before its day and before the later ones,
 * so a whole flow — verzoek, decision, toewijzing, declaraties — runs from files.
 */
export async function verwerkStroom(ds: DataSource, dir: string, opts: VerwerkOpties & { besluiten?: readonly BesluitRegel[] }): Promise<{ uitkomsten: BestandUitkomst[]; besluiten: BesluitUitkomst[] }> {
  const bestanden = await berichtBestandenMetDatum(dir);
  opts.voortgang?.setTotal(bestanden.length);
  const uitkomsten: BestandUitkomst[] = [];
  const besluiten: BesluitUitkomst[] = [];
  const regels = [...(opts.besluiten ?? [])].sort((a, b) => (a.datum ?? '\uffff') < (b.datum ?? '\uffff') ? -1 : (a.datum ?? '\uffff') > (b.datum ?? '\uffff') ? 1 : a.regel - b.regel);
  let i = 0;
  const verwerkTot = async (grens: string | null) => {
    const deel: BerichtBestand[] = [];
    while (i < bestanden.length && (grens === null || bestanden[i].dagtekening <= grens)) deel.push(bestanden[i++]);
    function* lees() {
      for (const { naam } of deel) yield { naam, inhoud: readFileSync(join(dir, naam)) };
    }
    if (deel.length) uitkomsten.push(...(await verwerkBerichten(ds, lees(), opts)));
  };
  for (let r = 0; r < regels.length; ) {
    const dag = regels[r].datum;
    await verwerkTot(dag);
    const zelfdeDag: BesluitRegel[] = [];
    while (r < regels.length && regels[r].datum === dag) zelfdeDag.push(regels[r++]);
    besluiten.push(...(await voerBesluitenUit({ dataSource: ds, config: opts.config }, zelfdeDag, opts.peildatum ?? vandaag())));
  }
  await verwerkTot(null);
  return { uitkomsten, besluiten };
}

/** Processes the *.xml files of a directory in Dagtekening order (see `verwerkBerichten`). */
export async function verwerkMap(ds: DataSource, dir: string, opts: VerwerkOpties): Promise<BestandUitkomst[]> {
  return (await verwerkStroom(ds, dir, opts)).uitkomsten;
}

/**
 * Writes every outgoing message to `outDir`, one file each, plus `verwerking.json` (the messages' entries, then the
 * OHW files'), and `besluiten.json` when decisions were taken.
 */
export async function schrijfUitvoer(
  ds: DataSource, outDir: string, uitkomsten: BestandUitkomst[], ohw: readonly OhwBestandUitkomst[] = [], besluiten?: BesluitUitkomst[],
): Promise<number> {
  await mkdir(outDir, { recursive: true });
  const rijen = await sqlRijen<{ id: string; berichttype: string; ontvanger: string; identificatie: string; inhoud: Buffer }>(
    ds, `SELECT id::text, berichttype, ontvanger, identificatie, inhoud FROM bericht WHERE richting = 'uit' ORDER BY id`);
  for (const r of rijen) await writeFile(join(outDir, `${r.id.padStart(7, '0')}_${r.berichttype}_${r.ontvanger}_${r.identificatie}.xml`), r.inhoud);
  await writeFile(join(outDir, 'verwerking.json'), `${JSON.stringify([...uitkomsten, ...ohw], null, 2)}\n`);
  if (besluiten) {
    await writeFile(join(outDir, 'besluiten.json'), `${JSON.stringify(besluiten, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  }
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
