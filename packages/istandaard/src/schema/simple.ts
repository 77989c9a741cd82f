import type { SimpleTypeDef, XsdBase } from './types';
import { xsdRegex } from './xsd-regex';

/** A simple type with all restriction steps flattened, ready to check values. */
export interface SimpleType {
  base: XsdBase;
  /** One entry per restriction step; a value must match at least one pattern of every step. */
  patronen: { bron: string[]; regex: RegExp[] }[];
  /** One entry per step that has an enumeration; the value must be in each. */
  enumeraties: string[][];
  /** The same as sets, to test a value against (a code list can be long: LandCode has 249). */
  enumeratieSets: ReadonlySet<string>[];
  minLength: number;
  maxLength: number;
  minInclusive: bigint | null;
  maxInclusive: bigint | null;
  /**
   * The bounds as Numbers where they are exactly that, else null: the usual short value is a Number,
   * and comparing a Number with a BigInt costs several times a comparison of two Numbers.
   */
  minGetal: number | null;
  maxGetal: number | null;
  /** Number of this type in the process, for a validator's store of values found valid (see `checkSimple`). */
  nr: number;
  /** The rule code a failing value is reported under (see `SimpleTypeDef.regel`); absent: `XSD`. */
  regel?: string;
}

/** Flattens a restriction chain; `resolve` looks up the named type a step restricts. */
export function compileSimple(def: SimpleTypeDef, resolve: (naam: string) => SimpleType, code?: string): SimpleType {
  const basis: SimpleType = def.restrict
    ? resolve(def.restrict)
    : {
      base: def.base ?? 'string', patronen: [], enumeraties: [], enumeratieSets: [], minLength: 0, maxLength: Infinity,
      minInclusive: null, maxInclusive: null, minGetal: null, maxGetal: null, nr: 0,
    };
  const t: SimpleType = {
    ...basis, patronen: [...basis.patronen], enumeraties: [...basis.enumeraties], enumeratieSets: [...basis.enumeratieSets], nr: volgendNr++,
  };
  if (def.patterns) {
    const bron = def.patterns.map((p) => (p === '$code' && code !== undefined ? code : p));
    t.patronen.push({ bron, regex: bron.map(xsdRegex) });
  }
  if (def.enumeration) {
    t.enumeraties.push(def.enumeration);
    t.enumeratieSets.push(new Set(def.enumeration));
  }
  if (def.minLength !== undefined) t.minLength = Math.max(t.minLength, def.minLength);
  if (def.maxLength !== undefined) t.maxLength = Math.min(t.maxLength, def.maxLength);
  if (def.minInclusive !== undefined) {
    t.minInclusive = BigInt(def.minInclusive);
    t.minGetal = alsNumber(t.minInclusive);
  }
  if (def.maxInclusive !== undefined) {
    t.maxInclusive = BigInt(def.maxInclusive);
    t.maxGetal = alsNumber(t.maxInclusive);
  }
  if (def.regel !== undefined) t.regel = def.regel;
  return t;
}

function alsNumber(n: bigint): number | null {
  const g = Number(n);
  return Number.isSafeInteger(g) ? g : null;
}

const COLLAPSE_NODIG = /[\t\n\r]| {2}|^ | $/;

/** XSD whiteSpace="collapse": tabs/newlines become spaces, runs shrink to one, ends trimmed. */
export function collapse(v: string): string {
  // Nearly every value has no whitespace at all: a loop over its few characters says so before a regex.
  let i = 0;
  while (i < v.length && v.charCodeAt(i) > 32) i++;
  if (i === v.length || !COLLAPSE_NODIG.test(v)) return v;
  return v.replace(/[ \t\n\r]+/g, ' ').trim();
}

/** True for XSD whitespace only (space, tab, newline, carriage return — not NBSP). */
export function isXsdWhitespace(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9 && c !== 13) return false;
  }
  return true;
}

let volgendNr = 0;

/** Valid values a validator keeps per simple type, at most. */
const MAX_BEKEND = 1024;

/** The answer for a valid value: shared, so the common case allocates nothing. */
const GEEN_FOUTEN: readonly string[] = Object.freeze([]);

/**
 * Checks one value against a simple type the way libxml2 does: whitespace normalisation per base
 * type, lexical space of the base type, then the facets. Returns the problems (Dutch), empty when valid.
 * `bekend` holds short values of this type already found valid, and gets this one when it is: dates,
 * codes and categories repeat throughout a large declaratie (integers are not kept: amounts hardly
 * repeat, and they are cheap to check).
 */
export function checkSimple(t: SimpleType, ruw: string, naam: string, bekend?: Set<string>): readonly string[] {
  // Only values that can be in `bekend` (see the end) are looked up: hashing every amount and every
  // long reference for a lookup that cannot hit costs more than a check.
  if (bekend !== undefined && ruw.length < 13 && t.base !== 'integer' && bekend.has(ruw)) return GEEN_FOUTEN;
  const v = t.base === 'string' ? ruw : collapse(ruw);
  let fouten: string[] | null = null;
  // A Number for short values, else a BigInt; JavaScript compares the two exactly.
  let getal: number | bigint | null = null;
  if (t.base === 'integer') {
    getal = parseInteger(v);
    if (getal === null) return [`element ${naam}: '${kort(v)}' is geen geheel getal`];
  } else if (t.base === 'date') {
    if (!isDate(v)) return [`element ${naam}: '${kort(v)}' is geen geldige datum (JJJJ-MM-DD)`];
  } else if (t.base === 'time') {
    if (!isTime(v)) return [`element ${naam}: '${kort(v)}' is geen geldige tijd (uu:mm:ss)`];
  }
  if (t.base === 'string' && (t.minLength > 0 || t.maxLength !== Infinity)) {
    // A UTF-16 length is one to two code points a unit: when both facets hold either way, no count.
    const len = v.length <= t.maxLength && Math.ceil(v.length / 2) >= t.minLength ? v.length : codePointLength(v);
    if (len < t.minLength) (fouten ??= []).push(`element ${naam}: waarde '${kort(v)}' is korter dan ${t.minLength} teken(s)`);
    if (len > t.maxLength) (fouten ??= []).push(`element ${naam}: waarde '${kort(v)}' is langer dan ${t.maxLength} teken(s) (${len})`);
  }
  if (getal !== null) {
    const klein = typeof getal === 'number';
    if (t.minInclusive !== null && (klein && t.minGetal !== null ? getal < t.minGetal : getal < t.minInclusive)) {
      (fouten ??= []).push(`element ${naam}: waarde ${kort(v)} is kleiner dan ${t.minInclusive}`);
    }
    if (t.maxInclusive !== null && (klein && t.maxGetal !== null ? getal > t.maxGetal : getal > t.maxInclusive)) {
      (fouten ??= []).push(`element ${naam}: waarde ${kort(v)} is groter dan ${t.maxInclusive}`);
    }
  }
  for (let i = 0; i < t.enumeraties.length; i++) {
    const lijst = t.enumeraties[i];
    if (!t.enumeratieSets[i].has(v)) {
      const opties = lijst.length > 20 ? `${lijst.slice(0, 20).join(', ')}, …` : lijst.join(', ');
      (fouten ??= []).push(`element ${naam}: waarde '${kort(v)}' niet toegestaan (verwacht een van ${opties})`);
    }
  }
  // Long values are only matched when the length facets passed: a failed length already decides, and
  // patterns like `.*[^\s].*` backtrack quadratically on long all-whitespace input.
  if (fouten === null) {
    for (const p of t.patronen) {
      if (!past(p.regex, v)) {
        (fouten ??= []).push(`element ${naam}: waarde '${kort(v)}' voldoet niet aan patroon '${p.bron.join("' | '")}'`);
      }
    }
  }
  if (fouten !== null) return fouten;
  // Under 13 characters a value sliced from the document is a copy: keeping it pins no buffer.
  if (bekend !== undefined && ruw.length < 13 && t.base !== 'integer' && bekend.size < MAX_BEKEND) bekend.add(ruw);
  return GEEN_FOUTEN;
}

/** Whether one of the patterns matches (a loop: this runs for nearly every value). */
function past(regex: RegExp[], v: string): boolean {
  for (let i = 0; i < regex.length; i++) if (regex[i].test(v)) return true;
  return false;
}

function kort(v: string): string {
  return v.length > 60 ? `${v.slice(0, 57)}...` : v;
}

function codePointLength(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}

const INTEGER = /^[+-]?[0-9]+$/;

/**
 * The value of a plain run of at most 15 digits (exact as a Number), else -1: the usual short unsigned
 * values, read without regex, string surgery or a BigInt.
 */
export function kortGetal(tekst: string): number {
  if (tekst.length === 0 || tekst.length > 15) return -1;
  let n = 0;
  for (let i = 0; i < tekst.length; i++) {
    const c = tekst.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** xs:integer lexical form; huge magnitudes are clamped (they exceed every facet anyway). */
function parseInteger(v: string): number | bigint | null {
  const kort = kortGetal(v);
  if (kort >= 0) return kort;
  if (!INTEGER.test(v)) return null;
  const neg = v[0] === '-';
  const digits = v.replace(/^[+-]?0*/, '');
  if (digits.length > 40) return neg ? -(10n ** 40n) : 10n ** 40n;
  const n = digits === '' ? 0n : BigInt(digits);
  return neg ? -n : n;
}

const DATE = /^(-?)([0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$/;
const TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$/;

function isLeap(y: number): boolean {
  return (y & 3) === 0 && (y % 25 !== 0 || (y & 15) === 0);
}

const DAGEN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function cijfers(v: string, van: number, tot: number): number {
  let n = 0;
  for (let i = van; i < tot; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function isDate(v: string): boolean {
  // Fast path for the plain YYYY-MM-DD form that nearly every value has.
  if (v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
    const jaar = cijfers(v, 0, 4);
    const maand = cijfers(v, 5, 7);
    const dag = cijfers(v, 8, 10);
    if (jaar > 0 && maand >= 1 && maand <= 12 && dag >= 1) return dag <= (maand === 2 && isLeap(jaar) ? 29 : DAGEN[maand - 1]);
  }
  const m = DATE.exec(v);
  if (!m) return false;
  const jaarTekst = m[2];
  if (jaarTekst.length > 4 && jaarTekst[0] === '0') return false;
  if (/^0+$/.test(jaarTekst)) return false;
  const jaar = Number(jaarTekst) * (m[1] ? -1 : 1);
  const maand = Number(m[3]);
  const dag = Number(m[4]);
  if (maand < 1 || maand > 12 || dag < 1) return false;
  const max = maand === 2 && isLeap(jaar) ? 29 : DAGEN[maand - 1];
  if (dag > max) return false;
  return m[5] === undefined || isTimezone(m[5]);
}

function isTime(v: string): boolean {
  const m = TIME.exec(v);
  if (!m) return false;
  const uur = Number(m[1]);
  const min = Number(m[2]);
  const sec = Number(m[3]);
  if (uur === 24) {
    if (min !== 0 || sec !== 0 || (m[4] !== undefined && /[1-9]/.test(m[4]))) return false;
  } else if (uur > 23 || min > 59 || sec > 59) return false;
  return m[5] === undefined || isTimezone(m[5]);
}

function isTimezone(tz: string): boolean {
  if (tz === 'Z') return true;
  const uur = Number(tz.slice(1, 3));
  const min = Number(tz.slice(4, 6));
  return min <= 59 && (uur < 14 || (uur === 14 && min === 0));
}
