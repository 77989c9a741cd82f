import { isUtf8 } from 'node:buffer';

/**
 * A streaming, non-validating XML 1.0 + Namespaces tokenizer, written for speed and for hostile input.
 *
 * It works on decoded string chunks with charCode scanning and native `indexOf`, never builds a DOM,
 * and keeps at most one incomplete token between chunks. Everything iStandaarden messages never need
 * is refused outright: any DOCTYPE (so no DTD, no entity expansion, no external entities), encodings
 * other than UTF-8, and input beyond the configured limits.
 */

/** Limits against hostile input; every one is checked while streaming. */
export interface Limieten {
  /** Maximum document size in bytes. */
  maxBytes: number;
  /** Maximum element nesting depth. */
  maxDepth: number;
  /** Maximum length (UTF-16 units) of one text node or CDATA section. */
  maxTextLength: number;
  /** Maximum length of an element or attribute name. */
  maxNameLength: number;
  /** Maximum length of one attribute value. */
  maxAttributeLength: number;
  /** Maximum number of attributes (namespace declarations included) on one element. */
  maxAttributes: number;
}

export const STANDAARD_LIMIETEN: Readonly<Limieten> = {
  maxBytes: 200 * 1024 * 1024,
  maxDepth: 64,
  maxTextLength: 1024 * 1024,
  maxNameLength: 256,
  maxAttributeLength: 64 * 1024,
  maxAttributes: 64,
};

/** A well-formedness or limit violation; parsing stops at the first one. */
export class XmlFout extends Error {
  constructor(
    message: string,
    /** 1-based line where the problem was found (0 when unknown). */
    readonly regel: number,
  ) {
    super(message);
    this.name = 'XmlFout';
  }
}

export interface XmlAttribuut {
  /** Local name. */
  naam: string;
  /** Namespace URI, '' for unprefixed attributes. */
  ns: string;
  /** The name as written, e.g. `xsi:type`. */
  qname: string;
  waarde: string;
}

/** Receives the parse events. `start`/`einde` nest properly; `tekst` comes in pieces. */
export interface XmlHandler {
  start(ns: string, naam: string, attributen: XmlAttribuut[] | null, regel: number): void;
  tekst(tekst: string): void;
  einde(): void;
}

export const NS_XML = 'http://www.w3.org/XML/1998/namespace';
export const NS_XMLNS = 'http://www.w3.org/2000/xmlns/';

// Character classes for ASCII names: 1 = NameStartChar, 2 = NameChar only.
const NAAM = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58) NAAM[c] = 1;
  else if ((c >= 48 && c <= 57) || c === 45 || c === 46) NAAM[c] = 2;
}

function isNaamStartNietAscii(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) || (c >= 0xd8 && c <= 0xf6) || (c >= 0xf8 && c <= 0x2ff) || (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) || c === 0x200c || c === 0x200d || (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) || (c >= 0x3001 && c <= 0xdbff) || (c >= 0xdc00 && c <= 0xdfff) ||
    (c >= 0xf900 && c <= 0xfdcf) || (c >= 0xfdf0 && c <= 0xfffd)
  );
}

function isNaamTekenNietAscii(c: number): boolean {
  return isNaamStartNietAscii(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/**
 * `s.charCodeAt(i)`, NaN past the end, without reading past the end: V8 inlines a charCodeAt only
 * while it has never read out of bounds at that place; after one such read (a tag at the end of a
 * piece) it calls the builtin there for the rest of the run.
 */
function teken(s: string, i: number): number {
  return i < s.length ? s.charCodeAt(i) : NaN;
}

function isWs(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** Global, so a search can start past the part of a string that was checked before. */
const ONGELDIG_TEKEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;

/** Whether `s` has a character XML 1.0 does not allow, from index `van` on. */
function heeftOngeldigTeken(s: string, van: number): boolean {
  ONGELDIG_TEKEN.lastIndex = van;
  return ONGELDIG_TEKEN.test(s);
}
const ENTITEITEN: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const XML_DECL =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])([^"']*)\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])([^"']*)\3)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])([^"']*)\5)?[ \t\r\n]*\?>$/;

interface BekendeNaam {
  qname: string;
  ns: string;
  naam: string;
  /** Char code of the last character of `qname`: a cheap first test before comparing the whole name. */
  laatste: number;
  /** `qname` as little-endian 32-bit words of its bytes (the last one padded), when it is ASCII; else null. */
  woorden: Int32Array | null;
}

/** The bytes of an ASCII name four at a time, for comparing it in the document's bytes (see `XmlTokenizer.gelijk`). */
function woordenVan(qname: string): Int32Array | null {
  const woorden = new Int32Array(qname.length >> 2);
  for (let i = 0; i < qname.length; i++) {
    const c = qname.charCodeAt(i);
    if (c > 127) return null;
    if (i >> 2 < woorden.length) woorden[i >> 2] |= c << ((i & 3) * 8);
  }
  return woorden;
}

/** Sentinel: the current token continues in the next chunk. */
const MEER = -1;

/**
 * The internalised copy of a string. Names compared against the schema's (internalised) names then
 * compare by pointer, and the copy does not pin the chunk it was sliced from.
 */
export function intern(s: string): string {
  return Object.keys({ [s]: 0 })[0] ?? s;
}

function normaliseerRegeleinden(t: string): string {
  return t.replace(/\r\n?/g, '\n');
}

function isGeldigXmlTeken(cp: number): boolean {
  return cp === 9 || cp === 10 || cp === 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

export class XmlTokenizer {
  private buf = '';
  private pos = 0;
  /** Buffer index up to which lines were counted, and the line number there. */
  private regelPos = 0;
  private regelNr = 1;
  /**
   * The first newline at or after `regelPos` when it was last looked for (-1: not known), so asking
   * for the line of an index before it costs no search: tags are asked for in order, several per line.
   */
  private volgendeNl = -1;
  /**
   * No newline lies in `buf` from `regelPos` up to here (-1: not known). `parse` counts the newlines of
   * the stretches between tags as it passes them, and the tags of the fast paths have none: asking for
   * the line of a tag then costs nothing, and no newline is searched for.
   */
  private zonderNlTot = -1;
  private begin = true;
  /**
   * True once a child of the current element has ended: text from there to the next tag can only be
   * indentation between children (an element with children has no value), or a finding when it is not.
   */
  private naKind = false;
  private wortelGezien = false;
  private wortelGesloten = false;
  /** Open elements, for matching end tags. */
  private readonly open: BekendeNaam[] = [];
  /**
   * The bytes `buf` was decoded from, when it is ASCII (one byte a character), and where in them it
   * begins; otherwise null. Names are then compared four bytes at a time, several times faster than
   * comparing a slice of `buf` (a sliced string of 13 characters or more goes through the runtime).
   */
  private bytes: DataView | null = null;
  /** The same bytes, for reading one at a time (a typed-array read is much cheaper than a charCodeAt). */
  private tekens: Uint8Array | null = null;
  private bytesBegin = 0;
  /** Namespace bindings in scope; `nsAantal[i]` is how many element i added. */
  private readonly nsPrefix: string[] = ['xml'];
  private readonly nsUri: string[] = [NS_XML];
  private readonly nsAantal: number[] = [];
  /** Resolved element names by length, for the current bindings; cleared whenever the bindings change. */
  private naamCache: (BekendeNaam[] | undefined)[] = [];

  constructor(
    private readonly handler: XmlHandler,
    private readonly limieten: Limieten = STANDAARD_LIMIETEN,
  ) {}

  /** Feeds the next decoded chunk of the document. */
  write(chunk: string): void {
    // Line ends are normalised per text node and attribute value (XML 1.0 §2.11), not per chunk:
    // most CRs sit in indentation nobody reads, and a chunk-wide replace costs more than the parse.
    ONGELDIG_TEKEN.lastIndex = 0;
    const fout = ONGELDIG_TEKEN.exec(chunk);
    if (fout) {
      this.voegToe(chunk.slice(0, fout.index));
      throw this.fout(`ongeldig XML-teken U+${fout[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, this.buf.length);
    }
    this.voegToe(chunk);
    this.parse(false);
    this.begrens();
  }

  /** Length of the not yet consumed end of the buffer (an incomplete token). */
  get staartLengte(): number {
    return this.buf.length - this.pos;
  }

  /** The not yet consumed end of the buffer. */
  staart(): string {
    return this.buf.slice(this.pos);
  }

  /**
   * `write` in parts, for `XmlByteParser`: parses a piece of a chunk that the caller has already
   * checked for invalid characters, without the length limit of an incomplete token (`begrens`
   * follows at the end of the chunk, as with `write`). With `herhaalt` the piece starts with the
   * unconsumed end of the buffer, decoded again from the bytes: the buffer then becomes this flat
   * string rather than a concatenation (a cons string), which every charCodeAt, startsWith and
   * indexOf would pay for. `bytes` from `begin`, `bytesLengte` long, are what `stuk` was decoded from.
   */
  voed(stuk: string, herhaalt: boolean, bytes: DataView | null = null, begin = 0, bytesLengte = -1): void {
    if (herhaalt) {
      if (this.pos > 0) this.regelBij(this.pos);
      this.regelPos -= this.pos;
      this.buf = stuk;
      this.pos = 0;
      this.volgendeNl = -1;
      this.zonderNlTot = -1;
    } else {
      this.voegToe(stuk);
    }
    // `buf` is exactly these bytes when it is this piece alone and as long as they are (so ASCII).
    if (bytes !== null && this.buf === stuk && stuk.length === bytesLengte) {
      this.bytes = bytes;
      this.tekens = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      this.bytesBegin = begin;
    }
    this.parse(false);
    this.bytes = null;
    this.tekens = null;
  }

  /** Rejects an incomplete token that grew beyond what the limits allow. */
  begrens(): void {
    if (this.buf.length - this.pos > this.limieten.maxTextLength + this.limieten.maxAttributeLength) {
      throw this.fout(`tekst of tag langer dan de limiet (${this.limieten.maxTextLength} tekens)`, this.pos);
    }
  }

  /** Signals the end of the document; throws when it is incomplete. */
  close(): void {
    this.parse(true);
    if (this.pos < this.buf.length) throw this.fout('onverwacht einde van het document (onvolledige tag)', this.pos);
    if (this.open.length > 0) {
      throw this.fout(`onverwacht einde van het document: <${this.open[this.open.length - 1].qname}> is niet gesloten`, this.pos);
    }
    if (!this.wortelGezien) throw this.fout('geen root-element', this.pos);
  }

  /** Namespace URI bound to a prefix ('' = default namespace) in the current scope. */
  resolve(prefix: string): string | undefined {
    for (let i = this.nsPrefix.length - 1; i >= 0; i--) if (this.nsPrefix[i] === prefix) return this.nsUri[i];
    return undefined;
  }

  private voegToe(chunk: string): void {
    if (this.pos > 0) {
      // Count the lines of the part that is dropped, so line numbers survive the shift.
      this.regelBij(this.pos);
      this.buf = this.buf.slice(this.pos) + chunk;
      this.regelPos -= this.pos;
      this.pos = 0;
    } else {
      this.buf += chunk;
    }
    this.volgendeNl = -1;
    this.zonderNlTot = -1;
  }

  private regelBij(index: number): number {
    const buf = this.buf;
    let p = this.regelPos;
    let n = this.regelNr;
    if (index < p || index <= this.volgendeNl || index <= this.zonderNlTot) return n;
    // The newline found last time (if any) is the first one to count. (`regelPos` can be negative
    // after a shift: the line began before the buffer does.)
    let nl = this.volgendeNl >= 0 && this.volgendeNl >= p ? this.volgendeNl : buf.indexOf('\n', p);
    while (nl !== -1 && nl < index) {
      n++;
      p = nl + 1;
      nl = buf.indexOf('\n', p);
    }
    this.regelPos = p;
    this.regelNr = n;
    // Not found: a later chunk may still bring one (voegToe resets this).
    this.volgendeNl = nl;
    return n;
  }

  private fout(tekst: string, index: number): XmlFout {
    return new XmlFout(tekst, this.regelBij(Math.min(index, this.buf.length)));
  }

  private parse(laatste: boolean): void {
    const buf = this.buf;
    let pos = this.pos;
    for (;;) {
      // With the bytes at hand (ASCII), the next '<' by hand while it is near (nearly always:
      // indentation or a short value), noting the newlines on the way and whether all of it is
      // whitespace; otherwise, or further on, a native search.
      const tekens = this.tekens;
      const grens = tekens === null ? pos : Math.min(buf.length, pos + 64);
      let i = pos;
      let nl = -1;
      let nlAantal = 0;
      let ws = true;
      if (tekens !== null) {
        for (let b = this.bytesBegin + i; i < grens; i++, b++) {
          const c = tekens[b];
          if (c === 60) break;
          if (c === 10) {
            nl = i;
            nlAantal++;
          } else if (c !== 32 && c !== 9 && c !== 13) ws = false;
        }
      }
      let lt = i;
      if (i === grens) {
        lt = buf.indexOf('<', i);
        ws = false;
      } else if ((ws || nlAantal === 0) && (this.zonderNlTot >= pos || this.volgendeNl >= pos)) {
        // No newline between the line count and `pos`: the ones up to `lt` are just counted. (Not
        // in a value over several lines: a finding in it gets the line of its own place.)
        if (nlAantal > 0) {
          this.regelNr += nlAantal;
          this.regelPos = nl + 1;
          this.volgendeNl = -1;
        }
        this.zonderNlTot = lt;
      }
      if (lt === -1) {
        if (laatste && pos < buf.length) {
          this.tekst(buf, pos, buf.length);
          pos = buf.length;
        }
        break;
      }
      const c = teken(buf, lt + 1);
      if (lt > pos) {
        // Whitespace before a start tag or after a child is indentation, as `tekst` would find.
        if (ws && this.open.length > 0 && (this.naKind || !(c === 47 || c === 33 || c === 63 || c !== c))) this.begin = false;
        else this.tekst(buf, pos, lt);
        pos = lt;
        this.pos = pos;
      }
      // Past the end reads NaN; tested first, so the read itself stays in bounds (see `teken`).
      if (c !== c) break;
      let eind: number;
      if (c === 47) eind = this.eindTag(buf, lt);
      else if (c === 33) eind = this.uitroep(buf, lt, laatste);
      else if (c === 63) eind = this.verwerkingsinstructie(buf, lt);
      else eind = this.startTag(buf, lt);
      if (eind === MEER) break;
      pos = eind;
      this.begin = false;
    }
    this.pos = pos;
  }

  private tekst(buf: string, s: number, e: number): void {
    this.begin = false;
    if (this.open.length === 0) {
      for (let i = s; i < e; i++) {
        if (!isWs(buf.charCodeAt(i))) {
          throw this.fout(this.wortelGezien ? 'tekst na het root-element' : 'tekst voor het root-element', i);
        }
      }
      return;
    }
    const volgend = teken(buf, e + 1);
    const voorStartTag = !(volgend === 47 || volgend === 33 || volgend === 63 || volgend !== volgend);
    if (voorStartTag || this.naKind) {
      // Whitespace before a start tag or after a child is indentation: it can never become a value (see below).
      let i = s;
      while (i < e && isWs(buf.charCodeAt(i))) i++;
      if (i === e) return;
    }
    if (e - s > this.limieten.maxTextLength) throw this.fout(`tekst langer dan ${this.limieten.maxTextLength} tekens`, s);
    let t = buf.slice(s, e);
    // A short value (nearly all of them) is looked over once for '>', CR and '&' instead of searched three times.
    if (e - s <= 32) {
      let i = s;
      for (; i < e; i++) {
        const c = buf.charCodeAt(i);
        if (c === 62 || c === 13 || c === 38) break;
      }
      if (i === e) {
        this.handler.tekst(t);
        return;
      }
    }
    if (t.indexOf('>') !== -1 && t.indexOf(']]>') !== -1) throw this.fout("']]>' is niet toegestaan in tekst", s);
    // Text right before a start tag never becomes a value (an element with children has none, and a
    // simple-typed one may not have children), so its line ends need no normalisation.
    if (!voorStartTag && t.indexOf('\r') !== -1) t = normaliseerRegeleinden(t);
    if (t.indexOf('&') !== -1) t = this.entiteiten(t, s);
    this.handler.tekst(t);
  }

  /** Resolves the predefined entities and character references; anything else is an error. */
  private entiteiten(t: string, index: number): string {
    let uit = '';
    let p = 0;
    for (;;) {
      const amp = t.indexOf('&', p);
      if (amp === -1) break;
      const semi = t.indexOf(';', amp + 1);
      if (semi === -1 || semi - amp > 40) throw this.fout("'&' zonder geldige entiteit (gebruik &amp;)", index + amp);
      const naam = t.slice(amp + 1, semi);
      let vervanging: string | undefined;
      if (naam.charCodeAt(0) === 35) {
        const hex = naam.charCodeAt(1) === 120;
        const cijfers = naam.slice(hex ? 2 : 1);
        if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(cijfers)) throw this.fout(`ongeldige tekenreferentie &${naam};`, index + amp);
        const cp = parseInt(cijfers, hex ? 16 : 10);
        if (!isGeldigXmlTeken(cp)) throw this.fout(`tekenreferentie &${naam}; verwijst naar een ongeldig XML-teken`, index + amp);
        vervanging = String.fromCodePoint(cp);
      } else {
        vervanging = Object.hasOwn(ENTITEITEN, naam) ? ENTITEITEN[naam] : undefined;
        if (vervanging === undefined) throw this.fout(`onbekende entiteit &${naam};`, index + amp);
      }
      uit += t.slice(p, amp) + vervanging;
      p = semi + 1;
    }
    return uit + t.slice(p);
  }

  /** Scans a name from `i`; returns its end index, or MEER. Sets `this.dubbelepunt` to the colon index or -1. */
  private dubbelepunt = -1;
  private naam(buf: string, i: number): number {
    const start = i;
    this.dubbelepunt = -1;
    let c = buf.charCodeAt(i);
    if (c !== c) return MEER;
    if (c < 128 ? NAAM[c] !== 1 || c === 58 : !isNaamStartNietAscii(c)) {
      throw this.fout(`ongeldig teken '${buf[i]}' aan het begin van een naam`, i);
    }
    i++;
    for (;;) {
      c = buf.charCodeAt(i);
      if (c !== c) return MEER;
      if (c < 128) {
        const k = NAAM[c];
        if (k === 0) break;
        if (c === 58) {
          if (this.dubbelepunt !== -1) throw this.fout('naam met meer dan één dubbele punt', i);
          this.dubbelepunt = i;
        }
      } else if (!isNaamTekenNietAscii(c)) break;
      i++;
    }
    if (i - start > this.limieten.maxNameLength) throw this.fout(`naam langer dan ${this.limieten.maxNameLength} tekens`, start);
    if (this.dubbelepunt === i - 1) throw this.fout('naam eindigt op een dubbele punt', start);
    return i;
  }

  private startTag(buf: string, lt: number): number {
    // Fast path for the tags iStandaarden messages consist of: `<qname>` or `<qname/>` with a name
    // already resolved under the current bindings. One native search for '>' and one comparison
    // replace the character-by-character scan; a match is exactly a known (so valid) name, hence no
    // attributes or whitespace. Anything else takes the full path below.
    const gt = buf.indexOf('>', lt + 1);
    if (gt !== -1) {
      const leeg = buf.charCodeAt(gt - 1) === 47;
      const naamEind = leeg ? gt - 1 : gt;
      const emmer = this.naamCache[naamEind - lt - 1];
      if (emmer !== undefined) {
        const laatste = buf.charCodeAt(naamEind - 1);
        for (let k = 0; k < emmer.length; k++) {
          const b = emmer[k];
          if (b.laatste === laatste && this.gelijk(buf, lt + 1, b)) {
            if (this.wortelGesloten) throw this.fout(`tweede root-element <${b.qname}>`, lt);
            if (this.open.length >= this.limieten.maxDepth) throw this.fout(`nesting dieper dan ${this.limieten.maxDepth}`, lt);
            this.element(b, null, 0, leeg, this.regelBij(lt));
            // `<qname>` or `<qname/>`: no newline in it.
            if (this.zonderNlTot >= lt) this.zonderNlTot = gt + 1;
            return gt + 1;
          }
        }
      }
    }
    let i = this.naam(buf, lt + 1);
    if (i === MEER) return MEER;
    const dp = this.dubbelepunt;
    // Look the name up in place (no slice, no hashing): names repeat, and per length there are few.
    const lengte = i - lt - 1;
    const emmer = this.naamCache[lengte];
    let bekend: BekendeNaam | undefined;
    if (emmer !== undefined) {
      for (let k = 0; k < emmer.length; k++) {
        if (emmer[k].laatste === buf.charCodeAt(i - 1) && buf.startsWith(emmer[k].qname, lt + 1)) {
          bekend = emmer[k];
          break;
        }
      }
    }
    const qname = bekend !== undefined ? bekend.qname : buf.slice(lt + 1, i);
    let ruw: string[] | null = null;
    let leeg = false;
    for (;;) {
      const s = i;
      let c = buf.charCodeAt(i);
      while (c === 32 || c === 10 || c === 9 || c === 13) c = buf.charCodeAt(++i);
      if (c !== c) return MEER;
      if (c === 62) {
        i++;
        break;
      }
      if (c === 47) {
        const n = buf.charCodeAt(i + 1);
        if (n !== n) return MEER;
        if (n !== 62) throw this.fout(`'>' verwacht na '/' in <${qname}>`, i);
        i += 2;
        leeg = true;
        break;
      }
      if (i === s) throw this.fout(`spatie verwacht voor attribuut in <${qname}>`, i);
      const naamStart = i;
      i = this.naam(buf, i);
      if (i === MEER) return MEER;
      const anaam = buf.slice(naamStart, i);
      c = buf.charCodeAt(i);
      while (c === 32 || c === 10 || c === 9 || c === 13) c = buf.charCodeAt(++i);
      if (c !== c) return MEER;
      if (c !== 61) throw this.fout(`'=' verwacht na attribuut ${anaam}`, i);
      c = buf.charCodeAt(++i);
      while (c === 32 || c === 10 || c === 9 || c === 13) c = buf.charCodeAt(++i);
      if (c !== c) return MEER;
      if (c !== 34 && c !== 39) throw this.fout(`aanhalingsteken verwacht bij attribuut ${anaam}`, i);
      const eind = buf.indexOf(c === 34 ? '"' : "'", i + 1);
      if (eind === MEER) {
        if (buf.length - i > this.limieten.maxAttributeLength) throw this.fout(`attribuutwaarde langer dan ${this.limieten.maxAttributeLength}`, i);
        return MEER;
      }
      if (eind - i - 1 > this.limieten.maxAttributeLength) throw this.fout(`attribuutwaarde langer dan ${this.limieten.maxAttributeLength}`, i);
      let waarde = buf.slice(i + 1, eind);
      if (waarde.indexOf('\r') !== -1) waarde = normaliseerRegeleinden(waarde);
      if (waarde.indexOf('<') !== -1) throw this.fout(`'<' is niet toegestaan in attribuutwaarde ${anaam}`, i);
      if (waarde.indexOf('&') !== -1) waarde = this.entiteiten(waarde, i + 1);
      // Attribute-value normalisation (XML 1.0 §3.3.3) for literal whitespace.
      if (/[\t\n]/.test(waarde)) waarde = waarde.replace(/[\t\n]/g, ' ');
      ruw ??= [];
      for (let k = 0; k < ruw.length; k += 2) if (ruw[k] === anaam) throw this.fout(`attribuut ${anaam} komt dubbel voor`, naamStart);
      ruw.push(anaam, waarde);
      if (ruw.length / 2 > this.limieten.maxAttributes) throw this.fout(`meer dan ${this.limieten.maxAttributes} attributen`, naamStart);
      i = eind + 1;
    }

    if (this.wortelGesloten) throw this.fout(`tweede root-element <${qname}>`, lt);
    if (this.open.length >= this.limieten.maxDepth) throw this.fout(`nesting dieper dan ${this.limieten.maxDepth}`, lt);
    const regel = this.regelBij(lt);
    let attributen: XmlAttribuut[] | null = null;
    let aantalNs = 0;
    if (ruw !== null) {
      for (let k = 0; k < ruw.length; k += 2) {
        const a = ruw[k];
        if (a === 'xmlns' || a.startsWith('xmlns:')) {
          this.declareer(a === 'xmlns' ? '' : a.slice(6), ruw[k + 1], lt);
          aantalNs++;
        }
      }
      for (let k = 0; k < ruw.length; k += 2) {
        const a = ruw[k];
        if (a === 'xmlns' || a.startsWith('xmlns:')) continue;
        const p = a.indexOf(':');
        let ns = '';
        if (p !== -1) {
          const uri = this.resolve(a.slice(0, p));
          if (uri === undefined) throw this.fout(`namespace-prefix '${a.slice(0, p)}' van attribuut ${a} is niet gedeclareerd`, lt);
          ns = uri;
        }
        const naam = p === -1 ? a : a.slice(p + 1);
        attributen ??= [];
        for (const b of attributen) if (b.ns === ns && b.naam === naam) throw this.fout(`attribuut {${ns}}${naam} komt dubbel voor`, lt);
        attributen.push({ naam, ns, qname: a, waarde: ruw[k + 1] });
      }
    }
    if (aantalNs > 0) {
      this.naamCache = [];
      bekend = undefined;
    }
    if (bekend === undefined) {
      const prefix = dp === -1 ? '' : qname.slice(0, dp - lt - 1);
      const uri = this.resolve(prefix);
      if (uri === undefined && dp !== -1) throw this.fout(`namespace-prefix '${prefix}' van <${qname}> is niet gedeclareerd`, lt);
      if (prefix === 'xmlns') throw this.fout(`element <${qname}> gebruikt het gereserveerde prefix xmlns`, lt);
      bekend = {
        qname: intern(qname),
        ns: intern(uri ?? ''),
        naam: intern(dp === -1 ? qname : qname.slice(dp - lt)),
        laatste: qname.charCodeAt(qname.length - 1),
        woorden: woordenVan(qname),
      };
      (this.naamCache[lengte] ??= []).push(bekend);
    }
    this.element(bekend, attributen, aantalNs, leeg, regel);
    return i;
  }

  /** Reports a checked start tag (and, for an empty-element tag, its end) and opens its scope. */
  private element(bekend: BekendeNaam, attributen: XmlAttribuut[] | null, aantalNs: number, leeg: boolean, regel: number): void {
    this.wortelGezien = true;
    this.handler.start(bekend.ns, bekend.naam, attributen, regel);
    this.naKind = leeg;
    if (leeg) {
      this.handler.einde();
      this.sluitScope(aantalNs);
      if (this.open.length === 0) this.wortelGesloten = true;
    } else {
      this.open.push(bekend);
      this.nsAantal.push(aantalNs);
    }
  }

  private declareer(prefix: string, uri: string, index: number): void {
    if (prefix === 'xmlns') throw this.fout('het prefix xmlns mag niet gedeclareerd worden', index);
    if (prefix === 'xml' ? uri !== NS_XML : uri === NS_XML) throw this.fout(`prefix '${prefix}' en de XML-namespace horen bij elkaar`, index);
    if (uri === NS_XMLNS) throw this.fout('de xmlns-namespace mag niet gebonden worden', index);
    if (prefix !== '' && uri === '') throw this.fout(`namespace-prefix '${prefix}' mag niet leeg gedeclareerd worden`, index);
    this.nsPrefix.push(prefix);
    this.nsUri.push(uri);
  }

  private sluitScope(aantalNs: number): void {
    if (aantalNs > 0) {
      this.nsPrefix.length -= aantalNs;
      this.nsUri.length -= aantalNs;
      this.naamCache = [];
    }
  }

  /** Whether `b`'s name is written at `at` in `buf` (which has room for it). */
  private gelijk(buf: string, at: number, b: BekendeNaam): boolean {
    const bytes = this.bytes;
    const woorden = b.woorden;
    if (bytes === null || woorden === null) return buf.slice(at, at + b.qname.length) === b.qname;
    let p = this.bytesBegin + at;
    for (let j = 0; j < woorden.length; j++, p += 4) if (bytes.getInt32(p, true) !== woorden[j]) return false;
    for (let j = woorden.length * 4; j < b.qname.length; j++, p++) if (bytes.getUint8(p) !== b.qname.charCodeAt(j)) return false;
    return true;
  }

  private eindTag(buf: string, lt: number): number {
    const open = this.open;
    // The usual `</qname>` of the open element: its '>' right after the name. A qname has no '>', so
    // that is the first one, as the search below would find.
    if (open.length > 0) {
      const b = open[open.length - 1];
      const naamEind = lt + 2 + b.qname.length;
      if (naamEind < buf.length && buf.charCodeAt(naamEind) === 62 && this.gelijk(buf, lt + 2, b)) {
        open.pop();
        this.sluit();
        if (this.zonderNlTot >= lt) this.zonderNlTot = naamEind + 1;
        return naamEind + 1;
      }
    }
    const gt = buf.indexOf('>', lt + 2);
    if (gt === -1) {
      if (buf.length - lt > this.limieten.maxNameLength + 64) throw this.fout('eindtag zonder >', lt);
      return MEER;
    }
    const verwacht = open.pop()?.qname;
    if (verwacht === undefined) throw this.fout(`eindtag </${buf.slice(lt + 2, gt).trim()}> zonder starttag`, lt);
    let e = lt + 2 + verwacht.length;
    if (!buf.startsWith(verwacht, lt + 2)) e = -1;
    else while (e < gt && isWs(buf.charCodeAt(e))) e++;
    if (e !== gt) throw this.fout(`eindtag </${buf.slice(lt + 2, gt).trim()}> past niet bij <${verwacht}>`, lt);
    this.sluit();
    return gt + 1;
  }

  /** Reports the end of the element whose end tag was just read and closes its scope. */
  private sluit(): void {
    this.handler.einde();
    this.naKind = true;
    this.sluitScope(this.nsAantal.pop() ?? 0);
    if (this.open.length === 0) this.wortelGesloten = true;
  }

  private uitroep(buf: string, lt: number, laatste: boolean): number {
    if (buf.startsWith('<!--', lt)) {
      const eind = buf.indexOf('-->', lt + 4);
      if (eind === -1) return MEER;
      const dubbel = buf.indexOf('--', lt + 4);
      if (dubbel < eind) throw this.fout("'--' is niet toegestaan in commentaar", dubbel);
      return eind + 3;
    }
    if (buf.startsWith('<![CDATA[', lt)) {
      if (this.open.length === 0) throw this.fout('CDATA buiten het root-element', lt);
      const eind = buf.indexOf(']]>', lt + 9);
      if (eind === -1) return MEER;
      if (eind - lt - 9 > this.limieten.maxTextLength) throw this.fout(`CDATA langer dan ${this.limieten.maxTextLength} tekens`, lt);
      const t = buf.slice(lt + 9, eind);
      this.handler.tekst(t.indexOf('\r') !== -1 ? normaliseerRegeleinden(t) : t);
      return eind + 3;
    }
    const rest = buf.slice(lt, lt + 9);
    if (rest.toUpperCase() === '<!DOCTYPE') {
      throw this.fout('DOCTYPE is niet toegestaan (geen DTD, geen entiteiten)', lt);
    }
    if (!laatste && rest.length < 9 && ['<!--', '<![CDATA[', '<!DOCTYPE'].some((t) => t.startsWith(rest))) return MEER;
    throw this.fout(`ongeldige markup '${rest}'`, lt);
  }

  private verwerkingsinstructie(buf: string, lt: number): number {
    const eind = buf.indexOf('?>', lt + 2);
    if (eind === -1) return MEER;
    const n = this.naam(buf, lt + 2);
    if (n === MEER || n > eind) throw this.fout('ongeldige verwerkingsinstructie', lt);
    const doel = buf.slice(lt + 2, n);
    if (doel.toLowerCase() === 'xml') {
      if (!(this.begin && lt === 0 && doel === 'xml')) throw this.fout('XML-declaratie is alleen toegestaan aan het begin van het document', lt);
      this.declaratie(buf.slice(lt, eind + 2));
    } else if (this.dubbelepunt !== -1) {
      throw this.fout(`dubbele punt in verwerkingsinstructie ${doel}`, lt);
    } else if (n < eind && !isWs(buf.charCodeAt(n))) {
      throw this.fout('ongeldige verwerkingsinstructie', lt);
    }
    return eind + 2;
  }

  private declaratie(decl: string): void {
    const m = XML_DECL.exec(decl);
    if (!m) throw this.fout('ongeldige XML-declaratie', 0);
    if (!/^1\.[0-9]+$/.test(m[2])) throw this.fout(`XML-versie '${m[2]}' wordt niet ondersteund`, 0);
    if (m[4] !== undefined && m[4].toLowerCase() !== 'utf-8') {
      throw this.fout(`encoding '${m[4]}' wordt niet ondersteund: berichten moeten UTF-8 zijn`, 0);
    }
    if (m[6] !== undefined && m[6] !== 'yes' && m[6] !== 'no') throw this.fout("standalone moet 'yes' of 'no' zijn", 0);
  }
}

/**
 * Bytes decoded into one string at most (more when an incomplete token is decoded again in front):
 * V8 allocates strings over 128 KiB in the large-object space, fresh pages each time, and for a
 * 256 KiB chunk that costs several times the decoding itself. 60 KiB stays under it even as UTF-16.
 */
const STUK = 60 * 1024;

/**
 * Wraps a tokenizer with UTF-8 decoding and the byte-size limit, for Buffer/stream input.
 *
 * A chunk is checked as a whole (valid UTF-8, then no invalid XML character) before any of it is
 * parsed, and then decoded and parsed in pieces that end after a '>' where possible. The bytes of an
 * incomplete last token are decoded again in front of the next piece, so the tokenizer always works
 * on one flat string.
 */
export class XmlByteParser {
  private readonly tokenizer: XmlTokenizer;
  /** Bytes of the tokenizer's unconsumed rest (`herhaald` of them), then of a character split over two chunks. */
  private rest: Buffer | null = null;
  private herhaald = 0;
  private readonly stukken: string[] = [];
  private readonly grenzen: number[] = [];
  bytes = 0;

  constructor(
    handler: XmlHandler,
    private readonly limieten: Limieten = STANDAARD_LIMIETEN,
  ) {
    this.tokenizer = new XmlTokenizer(handler, limieten);
  }

  get tokens(): XmlTokenizer {
    return this.tokenizer;
  }

  write(bytes: Uint8Array): void {
    const begin = this.bytes === 0;
    this.bytes += bytes.length;
    if (this.bytes > this.limieten.maxBytes) throw new XmlFout(`document groter dan ${this.limieten.maxBytes} bytes`, 0);
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const rest = this.rest;
    if (rest === null) {
      this.verwerk(b, begin);
      return;
    }
    this.rest = null;
    // The rest goes in front of the chunk up to its first '>' only (where the incomplete tag usually
    // ends), as if the chunk had come in two parts: the bulk of it then is not copied. Only while that
    // head stays under the text limit, so it is never refused where the whole chunk would not be.
    const gt = b.indexOf(0x3e);
    if (gt === -1 || gt + 1 === b.length || rest.length + gt + 1 > this.limieten.maxTextLength) {
      this.verwerk(Buffer.concat([rest, b]), begin);
      return;
    }
    this.verwerk(Buffer.concat([rest, b.subarray(0, gt + 1)]), begin);
    const staart = b.subarray(gt + 1);
    const nieuw = this.rest as Buffer | null;
    this.rest = null;
    this.verwerk(nieuw === null ? staart : Buffer.concat([nieuw, staart]), false);
  }

  /** Checks, decodes and parses the bytes `b` (the previous rest in front), keeping a new rest. */
  private verwerk(b: Buffer, begin: boolean): void {
    if (begin && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    const eind = volledigeTekens(b);
    const herhaald = this.herhaald;
    const t = this.tokenizer;
    // The repeated bytes were checked with the chunk they came in; isUtf8 + toString (both SIMD in
    // Node) is markedly faster than a streaming TextDecoder.
    if (!isUtf8(b.subarray(herhaald, eind))) throw new XmlFout('ongeldige UTF-8-bytes', 0);
    const { stukken, grenzen } = this;
    stukken.length = 0;
    grenzen.length = 0;
    for (let van = 0; van < eind; ) {
      const max = Math.max(van, herhaald) + STUK;
      let tot = eind;
      if (max < eind) {
        const gt = b.lastIndexOf(0x3e, max - 1);
        tot = gt >= van && gt >= herhaald ? gt + 1 : tekenGrens(b, max);
      }
      stukken.push(b.toString('utf8', van, tot));
      grenzen.push(tot);
      van = tot;
    }
    const ongeldig = ongeldigeBytes(b, herhaald, eind);
    for (let k = 0; k < stukken.length && ongeldig !== false; k++) {
      if (ongeldig === true || heeftOngeldigTeken(stukken[k], k === 0 ? t.staartLengte : 0)) {
        // Rare: `write` gets the whole chunk as one string and throws for the first one, exactly as
        // it always did.
        t.write(b.toString('utf8', herhaald, eind));
      }
    }
    const dv = new DataView(b.buffer, b.byteOffset, b.length);
    t.voed(stukken[0] ?? '', herhaald > 0, dv, 0, grenzen[0] ?? 0);
    for (let k = 1; k < stukken.length; k++) {
      const onverwerkt = t.staartLengte;
      if (onverwerkt === 0) {
        t.voed(stukken[k], false, dv, grenzen[k - 1], grenzen[k] - grenzen[k - 1]);
        continue;
      }
      // An incomplete token at the end of the previous piece: decode its bytes again in front (valid
      // UTF-8 encodes one way only, so they are the last ones before the piece). A long one (a big
      // text node) takes the rest of the chunk along, so it is decoded again once per chunk at most.
      const van = grenzen[k - 1] - Buffer.byteLength(t.staart(), 'utf8');
      const tot = onverwerkt > STUK ? eind : grenzen[k];
      t.voed(b.toString('utf8', van, tot), true, dv, van, tot - van);
      if (tot === eind) break;
    }
    stukken.length = 0;
    t.begrens();
    this.herhaald = Buffer.byteLength(t.staart(), 'utf8');
    if (this.herhaald > 0 || eind < b.length) this.rest = Buffer.from(b.subarray(eind - this.herhaald));
  }

  close(): void {
    if (this.rest !== null && this.rest.length > this.herhaald) throw new XmlFout('ongeldige UTF-8-bytes aan het einde van het document', 0);
    this.tokenizer.close();
  }
}

/** Control characters XML 1.0 does not allow (all but tab, LF and CR); in UTF-8 each is its own byte. */
const ONGELDIGE_BYTES = Array.from({ length: 32 }, (_, c) => c).filter((c) => c !== 9 && c !== 10 && c !== 13);

/**
 * Whether valid UTF-8 `b[van, tot)` holds a character XML 1.0 does not allow: one of those bytes, or
 * U+FFFE/U+FFFF (EF BF BE/BF). A native byte search per value is several times faster than the regex
 * over the decoded text. Null when the answer is not worth it: text with many EF lead bytes (U+F000
 * and up) is left to the regex.
 */
function ongeldigeBytes(b: Buffer, van: number, tot: number): boolean | null {
  const s = b.subarray(van, tot);
  for (let i = 0; i < ONGELDIGE_BYTES.length; i++) if (s.indexOf(ONGELDIGE_BYTES[i]) !== -1) return true;
  let n = 0;
  for (let p = s.indexOf(0xef); p !== -1; p = s.indexOf(0xef, p + 1)) {
    if (s[p + 1] === 0xbf && (s[p + 2] === 0xbe || s[p + 2] === 0xbf)) return true;
    if (++n > 64) return null;
  }
  return false;
}

/** The last character boundary at or before `i` in valid UTF-8. */
function tekenGrens(b: Buffer, i: number): number {
  while (i > 0 && (b[i] & 0xc0) === 0x80) i--;
  return i;
}

/** Length of the prefix of `b` that ends on a character boundary (at most 3 bytes are held back). */
function volledigeTekens(b: Buffer): number {
  const n = b.length;
  let i = n - 1;
  while (i >= 0 && i > n - 4 && (b[i] & 0xc0) === 0x80) i--;
  if (i < 0) return n;
  const lead = b[i];
  const nodig = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return n - i < nodig ? i : n;
}
