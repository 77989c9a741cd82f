import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { vandaag, type Datum, type PlafondConfig } from '@plafond/core';
import { sqlRijen, type DataSource } from '@plafond/db';
import { RETOURCODES } from '@plafond/istandaard';
import { herberekenNaTariefwijziging, openBestedingsruimte, standaardPeildatum } from '@plafond/bewaking';
import type { SignaalInstellingen } from '@plafond/budget';
import { importeerStamdata } from '@plafond/stamdata';
import { uitnuttingMetTermijnen, voerBesluitenUit, type BesluitRegel, type BesluitUitkomst } from '@plafond/werkvoorraad';
import { leesBericht, verwerkNieuwBericht, verwerkSlot, type VerwerkUitkomst } from '@plafond/worker-berichten';
import type { Voortgang } from './progress';
import type { OhwBestandUitkomst } from './verwerk-ohw';

/** One finding about an input file, as the intake's status endpoint gives it: where, which rule, which retourcode, what. */
export interface BestandMelding {
  pad: string;
  regel: string | null;
  retourcode: string | null;
  tekst: string;
}

/**
 * One entry of verwerking.json. `outcome` is `verwerkt` or `afgewezen` (both normal outcomes: the file
 * was processed and answered) or `niet-verwerkt` (the file could not be processed: `fout` says why).
 * `antwoord` is the name of the outgoing file in OUT (null when there is none).
 */
export interface BestandUitkomst {
  file: string;
  bericht: string | null;
  identificatie: string | null;
  outcome: 'verwerkt' | 'afgewezen' | 'niet-verwerkt';
  retourcodes: string[];
  meldingen: BestandMelding[];
  antwoord: string | null;
  fout?: string;
  details: Record<string, unknown>;
  /** The database id of the answer; not written to verwerking.json (`antwoord` names its file). */
  antwoordId?: string | null;
}

function meldingenVan(u: VerwerkUitkomst): BestandMelding[] {
  if (u.meldingen.length) return u.meldingen.map((m) => ({ pad: m.pad, regel: m.regel ?? null, retourcode: m.retourcode ?? null, tekst: m.tekst }));
  // A decision without findings of its own (e.g. a 325's 8001): its retourcodes, explained.
  return u.retourcodes.map((code) => ({ pad: '/Bericht', regel: null, retourcode: code, tekst: RETOURCODES[code] ?? code }));
}

function nietVerwerkt(file: string, e: unknown): BestandUitkomst {
  const f = e as NodeJS.ErrnoException;
  const fout = f?.code === 'EACCES' || f?.code === 'EPERM' ? 'het bestand is niet te lezen (geen toegang)'
    : f?.code === 'ENOENT' ? 'het bestand is verdwenen (of een verwijzing naar niets)'
      : f?.code === 'EISDIR' ? 'is een map, geen bestand'
      : `niet verwerkt: ${(e as Error)?.message ?? String(e)}`;
  return { file, bericht: null, identificatie: null, outcome: 'niet-verwerkt', retourcodes: [], meldingen: [], antwoord: null, fout, details: {} };
}

/** Master-data files that `verwerk` loads from its input directory. */
export const STAMDATA = /^(aanbieders|tarieven|budgetlijnen|plafonds|contracten|plafondmutaties|stamdata)\.(csv|xlsx)$/i;

// Small local files are read synchronously: a read through the thread pool costs more than it takes.

/**
 * Reads the Dagtekening and Identificatie from a message's first bytes, to order files the way they were
 * sent — the same key a worker orders an aanbieder's waiting messages by (migration 0009, `volg_orde`).
 */
function volgordeVan(pad: string, buf: Buffer): { dagtekening: string; identificatie: string } {
  let fd: number;
  try {
    fd = openSync(pad, 'r');
  } catch {
    return { dagtekening: '', identificatie: '' }; // unreadable: it gets its outcome (niet-verwerkt) when it is read for processing
  }
  try {
    const n = readSync(fd, buf, 0, Math.min(buf.length, 4096), 0);
    const kop = buf.subarray(0, n).toString('latin1');
    const dag = /<(?:[\w.-]+:)?Dagtekening>\s*([^<\s]+)\s*</.exec(kop);
    const id = /<(?:[\w.-]+:)?Identificatie>\s*([^<\s]+)\s*</.exec(kop);
    return { dagtekening: dag ? dag[1] : '', identificatie: id ? id[1] : '' };
  } catch {
    return { dagtekening: '', identificatie: '' };
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

/** A message to process: its (file) name and its bytes (a getter may throw when the file cannot be read). */
export interface InvoerBericht {
  naam: string;
  inhoud: Buffer;
}

/**
 * Processes messages through the same processor the workers run, in-process, each message stored and
 * processed in one transaction of its own. Messages of one aanbieder are processed in the order given,
 * one after the other, while those of different aanbieders run side by side (up to `gelijktijdig` at
 * once): a message is only ever decided against its own aanbieder's earlier messages, so the outcome is
 * the same as processing everything one by one. Returns the outcome per message, in the order given; a
 * message that cannot be read or processed gets the outcome `niet-verwerkt` and the others go on.
 */
export async function verwerkBerichten(ds: DataSource, berichten: Iterable<InvoerBericht> | AsyncIterable<InvoerBericht>, opts: VerwerkOpties): Promise<BestandUitkomst[]> {
  const uit: BestandUitkomst[] = [];
  const deps = { dataSource: ds, config: opts.config, peildatum: opts.peildatum, peildatumUitBericht: true };
  const max = Math.max(1, opts.gelijktijdig ?? 8);
  // The last message scheduled per slot (aanbieder): the next one of that slot starts when it is done.
  const laatstePerSlot = new Map<number, Promise<void>>();
  const lopend = new Set<Promise<void>>();
  let index = 0;
  for await (const b of berichten) {
    const i = index++;
    const naam = b.naam;
    let inhoud: Buffer;
    let gelezen: Awaited<ReturnType<typeof leesBericht>>;
    try {
      inhoud = b.inhoud;
      // Each message is processed on its own dagtekening (or on --peildatum when dated before it), so it is
      // never dated in the future (TR135): the check would only refuse what a monthly report must count.
      gelezen = await leesBericht(inhoud);
    } catch (e) {
      uit[i] = nietVerwerkt(naam, e);
      opts.voortgang?.tick();
      continue;
    }
    const slot = verwerkSlot(gelezen);
    const taak: Promise<void> = (laatstePerSlot.get(slot) ?? Promise.resolve())
      .then(() => verwerkNieuwBericht({ inhoud, bestandsnaam: naam, correlationId: randomUUID() }, gelezen, deps))
      .then((u: VerwerkUitkomst) => {
        uit[i] = {
          file: naam, bericht: u.bericht, identificatie: u.identificatie, outcome: u.status, retourcodes: u.retourcodes,
          meldingen: meldingenVan(u), antwoord: null, details: u.details, antwoordId: u.antwoordId,
        };
      })
      .catch((e: unknown) => {
        uit[i] = nietVerwerkt(naam, e);
      })
      .finally(() => {
        opts.voortgang?.tick();
        lopend.delete(taak);
        if (laatstePerSlot.get(slot) === taak) laatstePerSlot.delete(slot);
      });
    laatstePerSlot.set(slot, taak);
    lopend.add(taak);
    while (lopend.size >= max) await Promise.race(lopend);
  }
  await Promise.all(lopend);
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
      for (const { naam } of deel) yield { naam, get inhoud() { return readFileSync(join(dir, naam)); } };
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

/** The file name of an outgoing message in OUT: sender, message type, receiver and identificatie (unique per TR056). */
function uitvoerNaam(r: { berichttype: string; afzender: string; ontvanger: string; identificatie: string }): string {
  return `${r.afzender}_${r.berichttype}_${r.ontvanger}_${r.identificatie}.xml`.replace(/[^\w.-]/g, '_');
}

/**
 * Writes the answers of these outcomes to `outDir`, one file each, and `verwerking.json` (per input file:
 * its outcome, retourcodes, findings and the name of its answer file; then the OHW files'), the messages the decisions
 * produced and `besluiten.json` when decisions were taken. Returns the number of messages written.
 */
export async function schrijfUitvoer(
  ds: DataSource, outDir: string, uitkomsten: BestandUitkomst[], ohw: readonly OhwBestandUitkomst[] = [], besluiten?: BesluitUitkomst[],
): Promise<number> {
  await mkdir(outDir, { recursive: true });
  // The answers to the input files, and the messages the decisions produced (301, 319, 325).
  const besluitIds = (besluiten ?? []).flatMap((b) => {
    const u = b.uitkomst as { berichtId?: string | null; antwoordId?: string | null };
    return [u.berichtId, u.antwoordId].filter((x): x is string => typeof x === 'string');
  });
  const ids = [...uitkomsten.flatMap((u) => (u.antwoordId ? [u.antwoordId] : [])), ...besluitIds];
  const namen = new Map<string, string>();
  if (ids.length) {
    const rijen = await sqlRijen<{ id: string; berichttype: string; afzender: string; ontvanger: string; identificatie: string; inhoud: Buffer }>(
      ds, `SELECT id::text, berichttype, afzender, ontvanger, identificatie, inhoud FROM bericht WHERE richting = 'uit' AND id = ANY($1::bigint[]) ORDER BY id`, [ids]);
    for (const r of rijen) {
      const naam = uitvoerNaam(r);
      namen.set(r.id, naam);
      await writeFile(join(outDir, naam), r.inhoud);
    }
  }
  const json = [...uitkomsten.map(({ antwoordId, ...u }) => ({ ...u, antwoord: antwoordId ? namen.get(antwoordId) ?? null : null })), ...ohw];
  await writeFile(join(outDir, 'verwerking.json'), `${JSON.stringify(json, null, 2)}\n`);
  if (besluiten) {
    await writeFile(join(outDir, 'besluiten.json'), `${JSON.stringify(besluiten, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  }
  return namen.size;
}

/**
 * Writes `uitnutting.json` to `outDir`: the budget picture of the peildatum's year at the peildatum (default: the end of
 * the latest ProductPeriode month processed), every processed message counted. Drempel and overbesteding signals open
 * the bestedingsruimte procedure of their aanbieder × domein × jaar. Returns the peildatum used (null: nothing booked).
 */
export async function schrijfUitnutting(ds: DataSource, outDir: string, peildatum?: Datum, inst?: SignaalInstellingen): Promise<Datum | null> {
  const peil = peildatum ?? (await standaardPeildatum(ds));
  if (!peil) return null;
  const jaar = Number(peil.slice(0, 4));
  const antwoord = await uitnuttingMetTermijnen(ds, { jaar, peildatum: peil }, inst);
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
