import type { Melding } from '@plafond/core';
import type { Readable } from 'node:stream';
import type { DeclaratieAntwoordClient, DeclaratieClient } from '../model/berichten';
import { declaratieAntwoordClient, declaratieClient } from '../model/klassen';
import { ModelBouwer, type Klasse } from '../model/structuur';
import { SchemaValidator } from '../schema/validator';
import type { BerichtType, XmlElement } from './node';
import { STANDAARD_LIMIETEN, XmlByteParser, XmlFout, type Limieten, type XmlAttribuut, type XmlHandler, type XmlTokenizer } from './tokenizer';

/** What `parseBericht` accepts: the whole message, or a stream of its bytes. */
export type BerichtInvoer = Uint8Array | string | Readable | AsyncIterable<Uint8Array | string>;

export interface ParseOpties {
  /** Overrides of the hostile-input limits (see `STANDAARD_LIMIETEN`). */
  limieten?: Partial<Limieten>;
  /**
   * Receives each record (`Client` of a JW323/WMO323 `Declaratie` or JW325/WMO325 `DeclaratieAntwoord`)
   * when its end tag was read, as long as the document is schema-valid up to there. The record is
   * detached from the tree afterwards. A returned promise is awaited before parsing goes on.
   */
  onRecord?: (record: XmlElement, root: XmlElement) => void | Promise<void>;
  /**
   * Instead of `onRecord`: receives each record as its typed model (`DeclaratieClient` of a 323,
   * `DeclaratieAntwoordClient` of a 325), built from the parse events without an element tree, under
   * the same conditions. A record whose values do not map is not handed over. Not with `onRecord`.
   * Called synchronously, at the record's end tag: the model is garbage as soon as it returns, never
   * queued with the rest of its chunk (that is what makes the garbage collector's work small).
   */
  onClient?: (client: DeclaratieClient | DeclaratieAntwoordClient, root: XmlElement) => void;
  /** Cap on the number of findings kept (default 100); counting goes on beyond it. */
  maxMeldingen?: number;
}

export interface ParseUitkomst {
  /** Message type named by the root element, or null when the root is not a known message. */
  berichtType: BerichtType | null;
  /** The element tree without the records; null when no root element was read. */
  root: XmlElement | null;
  /** Well-formedness (regel 'XML') and schema (regel 'XSD') findings, each with retourcode 0001. */
  schemaMeldingen: Melding[];
  welgevormd: boolean;
  /** Verdict of the XSD-equivalent validation: well-formed, a known message, and no schema error. */
  schemaGeldig: boolean;
  /** Records read (also those not handed to `onRecord`). */
  recordCount: number;
  bytes: number;
}

const RECORD_PAD: Partial<Record<string, readonly string[]>> = {
  '323': ['Bericht', 'Declaratie', 'Clienten', 'Client'],
  '325': ['Bericht', 'DeclaratieAntwoord', 'Clienten', 'Client'],
};

/** The class of the records of a 323/325, for `onClient`. */
const RECORD_KLASSE: Partial<Record<string, Klasse<unknown>>> = {
  '323': declaratieClient,
  '325': declaratieAntwoordClient,
};

/** Bytes handed to the tokenizer at a time for in-memory input. */
const BLOK = 256 * 1024;

/** The children of an element without any (yet): one shared, frozen array, replaced at the first child. */
const GEEN_KINDEREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];
/** Never changed: `slice` of it makes a new array without a literal (see `Element`), and cheaply. */
const LEEG: XmlElement[] = [];

/**
 * A node of the tree. Made by a constructor, and a leaf has no array of its own: V8 may conclude
 * from one garbage collection that happens to find them alive that an object or array literal's
 * objects live long, and then allocates all of them in the old generation ("pretenuring"). For
 * millions of short-lived elements that made some runs of a large file's check about a third slower,
 * with nearly twice the peak memory.
 */
class Element implements XmlElement {
  naam: string;
  ns: string;
  kinderen: XmlElement[];
  tekst: string;
  regel: number;

  constructor(naam: string, ns: string, regel: number) {
    this.naam = naam;
    this.ns = ns;
    this.kinderen = GEEN_KINDEREN;
    this.tekst = '';
    this.regel = regel;
  }
}

/** Builds the element tree (minus records) and feeds the validator, as one handler. */
class Sessie implements XmlHandler {
  readonly validator: SchemaValidator;
  tokens: XmlTokenizer | null = null;
  root: XmlElement | null = null;
  recordCount = 0;
  /** Records to hand over (`onRecord`). */
  readonly wachtrij: XmlElement[] = [];
  private readonly stapel: XmlElement[] = [];
  private recordPad: readonly string[] | null = null;
  /** With `onClient`: the class of this message's records, and the builder of the current one. */
  private recordKlasse: Klasse<unknown> | null = null;
  private readonly bouwer: ModelBouwer | null;
  private readonly resolve = (prefix: string): string | undefined => this.tokens?.resolve(prefix);

  constructor(
    maxMeldingen: number,
    private readonly metRecords: boolean,
    private readonly onClient: ParseOpties['onClient'] | null,
  ) {
    this.validator = new SchemaValidator(maxMeldingen);
    this.bouwer = onClient ? new ModelBouwer() : null;
  }

  start(ns: string, naam: string, attributen: XmlAttribuut[] | null, regel: number): void {
    this.validator.start(ns, naam, attributen, this.resolve);
    const bouwer = this.bouwer;
    if (bouwer !== null && bouwer.actief) {
      bouwer.start(naam);
      return;
    }
    const n = this.stapel.length;
    if (n === 0) {
      const el = new Element(naam, ns, regel);
      this.root = el;
      const type = this.validator.berichtType;
      const soort = type ? type.slice(-3) : '';
      this.recordPad = RECORD_PAD[soort] ?? null;
      if (bouwer !== null) this.recordKlasse = RECORD_KLASSE[soort] ?? null;
      this.stapel.push(el);
      return;
    }
    const ouder = this.stapel[n - 1];
    if (ouder.kinderen === GEEN_KINDEREN) ouder.kinderen = LEEG.slice();
    ouder.tekst = '';
    if (bouwer !== null && n === 3 && this.isRecord(naam) && this.recordKlasse !== null) {
      // Not in the tree at all, as if it were detached at its end tag as below.
      bouwer.begin(this.recordKlasse);
      return;
    }
    const el = new Element(naam, ns, regel);
    ouder.kinderen.push(el);
    this.stapel.push(el);
  }

  tekst(tekst: string): void {
    this.validator.tekst(tekst);
    const bouwer = this.bouwer;
    if (bouwer !== null && bouwer.actief) {
      bouwer.tekst(tekst);
      return;
    }
    const el = this.stapel[this.stapel.length - 1];
    if (el.kinderen.length === 0) el.tekst += tekst;
  }

  einde(): void {
    this.validator.einde();
    const bouwer = this.bouwer;
    if (bouwer !== null && bouwer.actief) {
      if (bouwer.einde(this.validator.geldig)) {
        this.recordCount++;
        const model = bouwer.neem();
        if (model !== null && this.onClient && this.validator.geldig) this.onClient(model as DeclaratieClient | DeclaratieAntwoordClient, this.root as XmlElement);
      }
      return;
    }
    const el = this.stapel.pop() as XmlElement;
    if (this.stapel.length === 3 && this.isRecord(el.naam)) {
      this.stapel[2].kinderen.pop();
      this.recordCount++;
      if (this.metRecords && this.validator.geldig) this.wachtrij.push(el);
    }
  }

  /** Whether an element named `naam` under the open elements (three of them) is a record. */
  private isRecord(naam: string): boolean {
    const pad = this.recordPad;
    return pad !== null && naam === pad[3] && this.stapel[2].naam === pad[2] && this.stapel[1].naam === pad[1];
  }

  pad(): string {
    return this.validator.niveau > 0 ? this.validator.pad(this.validator.niveau) : '/';
  }
}

/**
 * Parses and validates one iJw/iWmo 3.2 message in a single streaming pass: well-formedness
 * (strict, hostile-input safe), then the XSD-equivalent schema of the message type named by the root
 * namespace. Never throws on bad input — problems become findings; only I/O errors of a stream and
 * errors thrown by `onRecord` propagate.
 */
export async function parseBericht(invoer: BerichtInvoer, opts: ParseOpties = {}): Promise<ParseUitkomst> {
  const limieten: Limieten = { ...STANDAARD_LIMIETEN, ...opts.limieten };
  if (opts.onRecord !== undefined && opts.onClient !== undefined) throw new TypeError('parseBericht: onRecord en onClient gaan niet samen');
  const sessie = new Sessie(opts.maxMeldingen ?? 100, opts.onRecord !== undefined, opts.onClient ?? null);
  const parser = new XmlByteParser(sessie, limieten);
  sessie.tokens = parser.tokens;
  const meldingen = sessie.validator.meldingen;
  let welgevormd = true;
  const lever = async (): Promise<void> => {
    const onRecord = opts.onRecord;
    if (!onRecord || sessie.wachtrij.length === 0) return;
    const records = sessie.wachtrij.splice(0);
    for (const r of records) await onRecord(r, sessie.root as XmlElement);
  };
  try {
    for await (const blok of blokken(invoer)) {
      parser.write(blok);
      await lever();
    }
    parser.close();
    await lever();
  } catch (e) {
    if (!(e instanceof XmlFout)) throw e;
    welgevormd = false;
    sessie.wachtrij.length = 0;
    const waar = e.regel > 0 ? `regel ${e.regel}: ` : '';
    meldingen.push({ pad: sessie.pad(), regel: 'XML', tekst: `${waar}${e.message}`, retourcode: '0001' });
  }
  const berichtType = sessie.validator.berichtType;
  return {
    berichtType,
    root: sessie.root,
    schemaMeldingen: meldingen,
    welgevormd,
    schemaGeldig: welgevormd && berichtType !== null && sessie.validator.geldig,
    recordCount: sessie.recordCount,
    bytes: parser.bytes,
  };
}

async function* blokken(invoer: BerichtInvoer): AsyncGenerator<Uint8Array> {
  if (typeof invoer === 'string') invoer = Buffer.from(invoer, 'utf8');
  if (invoer instanceof Uint8Array) {
    for (let i = 0; i < invoer.length; i += BLOK) yield invoer.subarray(i, i + BLOK);
    return;
  }
  for await (const blok of invoer) yield typeof blok === 'string' ? Buffer.from(blok, 'utf8') : blok;
}
