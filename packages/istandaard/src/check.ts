import { vandaag, type Datum, type Melding } from '@plafond/core';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dagtekeningControle, inBerichtControle, type InBerichtControle } from './regels';
import { berichtTypeVanNamespace, kind, type BerichtType, type XmlElement } from './xml/node';
import { parseBericht, type BerichtInvoer, type ParseOpties } from './xml/parse-bericht';
import { STANDAARD_LIMIETEN } from './xml/tokenizer';

/** One line of `plafond check`: the verdict on one file. Keys in this order. */
export interface CheckResultaat {
  file: string;
  bericht: BerichtType | null;
  /** Verdict of the XSD-equivalent validation alone. */
  schema: 'ok' | 'fout';
  /** Schema ok and no in-message rule (TR, CD, CS) rejects the message. */
  geldig: boolean;
  /** Sorted unique retourcodes of all findings. */
  retourcodes: string[];
  meldingen: { pad: string; regel: string; tekst: string }[];
}

export interface CheckOpties extends Pick<ParseOpties, 'limieten' | 'maxMeldingen'> {
  /** The processing date TR135 measures the Dagtekening against; default today. */
  verwerkingsdatum?: Datum;
}

/**
 * Checks one message: schema (XSD-equivalent) and, when that is ok, the in-message rules.
 * Never throws on bad input; I/O errors of the input stream become a finding too.
 */
export async function checkBericht(invoer: BerichtInvoer, file = '-', opts: CheckOpties = {}): Promise<CheckResultaat> {
  // TR135's processing date, settled once the Dagtekening is known (see `vandaagVoor`).
  let verwerkingsdatum = opts.verwerkingsdatum;
  const datumVoor = (root: XmlElement): Datum => (verwerkingsdatum ??= vandaagVoor(dagtekeningTekst(root)));
  const maakControle = (root: XmlElement): InBerichtControle | null => {
    const type = berichtTypeVanNamespace(root.ns);
    return type ? inBerichtControle(type, { verwerkingsdatum: datumVoor(root) }) : null;
  };
  let controle: InBerichtControle | null = null;
  let uitkomst: Awaited<ReturnType<typeof parseBericht>>;
  try {
    uitkomst = await parseBericht(invoer, {
      ...opts,
      onClient: (client, root) => {
        controle ??= maakControle(root);
        controle?.client(client);
      },
    });
  } catch (e) {
    if (!isIoFout(e)) throw e;
    return resultaat(file, null, false, [{ pad: '/', regel: 'IO', tekst: `${file}: ${e.message}` }], false);
  }
  let trMeldingen: Melding[] = [];
  if (uitkomst.schemaGeldig && uitkomst.root !== null) {
    controle ??= maakControle(uitkomst.root);
    if (controle) trMeldingen = controle.einde(uitkomst.root);
  } else if (uitkomst.root !== null && uitkomst.berichtType !== null) {
    // TR135 refuses a Dagtekening that is no existing date with 8848; the schema rejects it as well.
    const tekst = dagtekeningTekst(uitkomst.root);
    if (tekst !== null) trMeldingen = dagtekeningControle(uitkomst.berichtType, tekst, datumVoor(uitkomst.root));
  }
  // concat, not push(...): a large declaratie can yield more findings than the call stack takes arguments.
  // Like the schema findings, rule findings are capped; the retourcodes still count every one.
  const max = opts.maxMeldingen ?? 100;
  const meldingen = uitkomst.schemaMeldingen.concat(trMeldingen.slice(0, max));
  if (trMeldingen.length > max) {
    const codes = [...new Set(trMeldingen.slice(max).map((m) => m.retourcode ?? ''))].filter(Boolean);
    meldingen.push({ pad: '/Bericht', regel: 'MAX', tekst: `nog ${trMeldingen.length - max} meldingen niet getoond`, retourcode: codes[0] });
  }
  const geldig = uitkomst.schemaGeldig && trMeldingen.length === 0;
  return resultaat(file, uitkomst.berichtType, uitkomst.schemaGeldig, meldingen, geldig);
}

/** `checkBericht` on a file; a file over the size limit is rejected without reading it. */
export async function checkBestand(pad: string, opts: CheckOpties = {}): Promise<CheckResultaat> {
  const maxBytes = opts.limieten?.maxBytes ?? STANDAARD_LIMIETEN.maxBytes;
  try {
    const s = await stat(pad);
    if (!s.isFile()) return resultaat(pad, null, false, [{ pad: '/', regel: 'IO', tekst: `${pad}: geen bestand` }], false);
    if (s.size > maxBytes) {
      const tekst = `document groter dan ${maxBytes} bytes (${s.size})`;
      return resultaat(pad, null, false, [{ pad: '/', regel: 'XML', tekst, retourcode: '0001' }], false);
    }
  } catch (e) {
    if (!isIoFout(e)) throw e;
    return resultaat(pad, null, false, [{ pad: '/', regel: 'IO', tekst: `${pad}: ${ioTekst(e)}` }], false);
  }
  return checkBericht(createReadStream(pad, { highWaterMark: 256 * 1024 }), pad, opts);
}

/** The JSON line of a result, with keys in the fixed order of `CheckResultaat`. */
export function checkRegel(r: CheckResultaat): string {
  return JSON.stringify({
    file: r.file,
    bericht: r.bericht,
    schema: r.schema,
    geldig: r.geldig,
    retourcodes: r.retourcodes,
    meldingen: r.meldingen.map((m) => ({ pad: m.pad, regel: m.regel, tekst: m.tekst })),
  });
}

/**
 * The processing date of a message with this Dagtekening: today in the Netherlands. That date is never
 * behind today in UTC, so for a Dagtekening up to today in UTC the UTC date gives TR135 the same verdict
 * (the processing date only shows in a finding) without loading the time-zone data, which costs some
 * 30 ms: as long as checking a megabyte.
 */
function vandaagVoor(dagtekening: string | null): Datum {
  const utc = new Date().toISOString().slice(0, 10);
  return dagtekening !== null && dagtekening <= utc ? (utc as Datum) : vandaag();
}

function dagtekeningTekst(root: XmlElement): string | null {
  const header = kind(root, 'Header');
  const id = header && kind(header, 'BerichtIdentificatie');
  const el = id && kind(id, 'Dagtekening');
  return el && el.kinderen.length === 0 ? el.tekst.trim() : null;
}

/** The reason a file cannot be read, for people. */
function ioTekst(e: NodeJS.ErrnoException): string {
  const teksten: Record<string, string> = {
    ENOENT: 'het bestand bestaat niet', EACCES: 'geen toegang tot het bestand', EPERM: 'geen toegang tot het bestand',
    EISDIR: 'is een map, geen bestand', ENOTDIR: 'een deel van het pad is geen map', ELOOP: 'te veel symbolische verwijzingen',
  };
  return teksten[e.code ?? ''] ?? `niet te lezen (${e.code})`;
}

function isIoFout(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).syscall !== undefined;
}

function resultaat(file: string, bericht: BerichtType | null, schemaOk: boolean, meldingen: Melding[], geldig: boolean): CheckResultaat {
  const retourcodes = [...new Set(meldingen.flatMap((m) => (m.retourcode ? [m.retourcode] : [])))].sort();
  return {
    file,
    bericht,
    schema: schemaOk ? 'ok' : 'fout',
    geldig,
    retourcodes,
    meldingen: meldingen.map((m) => ({ pad: m.pad, regel: m.regel, tekst: m.tekst })),
  };
}
