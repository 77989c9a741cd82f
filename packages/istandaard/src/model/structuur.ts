/**
 * A small declarative description of the iStandaarden message structures. One description per
 * class drives three things at once, so they cannot drift apart: the TypeScript model type (by
 * inference), the mapping from a parsed element tree to that model, and the canonical serializer.
 *
 * Field keys are the lower-camel element names of the standard (`ToewijzingNummer` →
 * `toewijzingNummer`); the element name is derived back by capitalising the first letter. Key
 * order is XSD sequence order.
 */
import { type Cents, type Datum } from '@plafond/core';
import { kortGetal } from '../schema/simple';
import type { BerichtType, XmlElement } from '../xml/node';
import { intern } from '../xml/tokenizer';

/** Which namespace a class's child elements live in: the message's own, or the basisschema's. */
export type Ns = 'bericht' | 'basis';

export interface Leaf<T> {
  readonly soort: 'leaf';
  lees(tekst: string): T;
  schrijf(waarde: T): string;
}

export interface Klasse<T> {
  readonly soort: 'klasse';
  readonly ns: Ns;
  readonly velden: Readonly<Record<string, Veld>>;
  /** Phantom: the model type this class maps to. */
  readonly _t?: T;
}

export type Type<T> = Leaf<T> | Klasse<T>;

/** Context a serializer needs for values that follow from the message type (BerichtCode, ...). */
export interface SchrijfContext {
  type: BerichtType;
}

export type Veld =
  | { readonly vorm: 'een'; readonly type: Type<unknown>; readonly optioneel: boolean; readonly nietIn?: readonly BerichtType[] }
  /** A wrapper element holding one or more items (`ToegewezenProducten/ToegewezenProduct`). */
  | { readonly vorm: 'lijst'; readonly item: string; readonly type: Type<unknown>; readonly optioneel: boolean; readonly leegIsAfwezig: boolean }
  /** An element whose value is fixed by the message type and therefore not in the model. */
  | { readonly vorm: 'vast'; readonly waarde: (ctx: SchrijfContext) => string };

/* Phantom-typed field descriptors so the model type can be inferred. */
declare const T_: unique symbol;
declare const O_: unique symbol;
export type Getypt<V extends Veld, T, O extends boolean> = V & { readonly [T_]?: T; readonly [O_]?: O };

type VeldType<V> = V extends { readonly [T_]?: infer T } ? Exclude<T, undefined> : never;
type IsOptioneel<V> = V extends { readonly [O_]?: infer O } ? Exclude<O, undefined> : never;

/** The model type of a class with these fields: required fields required, optional ones `?`. */
export type ModelVan<F> = {
  -readonly [K in keyof F as F[K] extends { vorm: 'vast' } ? never : IsOptioneel<F[K]> extends true ? never : K]: VeldType<F[K]>;
} & {
  -readonly [K in keyof F as F[K] extends { vorm: 'vast' } ? never : IsOptioneel<F[K]> extends true ? K : never]?: VeldType<F[K]>;
};

export function klasse<F extends Record<string, Veld>>(ns: Ns, velden: F): Klasse<ModelVan<F>> {
  return { soort: 'klasse', ns, velden };
}

export function een<T>(type: Type<T>): Getypt<Veld, T, false> {
  return { vorm: 'een', type, optioneel: false };
}

/** An optional element; `nietIn` lists message types whose schema lacks it (the Wmo variants of 315, 316, 319 and 320). */
export function opt<T>(type: Type<T>, nietIn?: readonly BerichtType[]): Getypt<Veld, T, true> {
  return nietIn ? { vorm: 'een', type, optioneel: true, nietIn } : { vorm: 'een', type, optioneel: true };
}

export function lijst<T>(item: string, type: Type<T>): Getypt<Veld, T[], false> {
  return { vorm: 'lijst', item, type, optioneel: false, leegIsAfwezig: false };
}

export function optLijst<T>(item: string, type: Type<T>): Getypt<Veld, T[], true> {
  return { vorm: 'lijst', item, type, optioneel: true, leegIsAfwezig: false };
}

export function vast(waarde: (ctx: SchrijfContext) => string): Getypt<Veld, never, true> & { vorm: 'vast' } {
  return { vorm: 'vast', waarde };
}

// ---- leaf types, parsed per the XSD lexical rules (xs:string keeps whitespace, the rest collapse)

const INTEGER_RE = /^[+-]?\d+$/;

function leesGeheel(tekst: string): bigint {
  const kort = kortGetal(tekst);
  if (kort >= 0) return BigInt(kort);
  const t = tekst.trim();
  if (!INTEGER_RE.test(t)) throw new RangeError(`geen geheel getal: ${JSON.stringify(tekst)}`);
  return BigInt(t);
}

export const tekst: Leaf<string> = { soort: 'leaf', lees: (s) => s, schrijf: (v) => v };

export const datumType: Leaf<Datum> = {
  soort: 'leaf',
  lees: (s) => {
    const t = s.trim();
    return t as Datum;
  },
  schrijf: (v) => v,
};

/** xs:time without zone (`LDT_Tijd`), kept as its collapsed lexical form. */
export const tijd: Leaf<string> = { soort: 'leaf', lees: (s) => s.trim(), schrijf: (v) => v };

/** Integers that count things (volume, nummer, huisnummer): all within Number's safe range per XSD. */
export const geheel: Leaf<number> = {
  soort: 'leaf',
  lees: (s) => {
    const kort = kortGetal(s);
    return kort >= 0 ? kort : Number(leesGeheel(s));
  },
  schrijf: (v) => String(v),
};

/** Amounts, tariffs and budgets in eurocent. */
export const centen: Leaf<Cents> = { soort: 'leaf', lees: leesGeheel, schrijf: (v) => v.toString() };

/** A code from a closed list; kept as its lexical form (codes are xs:string, so no trimming). */
export function code<const C extends readonly string[]>(..._waarden: C): Leaf<C[number]> {
  return { soort: 'leaf', lees: (s) => s as C[number], schrijf: (v) => v };
}

export const retourCode: Leaf<string> = tekst;

/** RetourCodes of a class that must carry them. */
export function retourCodes(): Getypt<Veld, string[], false> {
  return lijst('RetourCode', retourCode);
}

/** RetourCodes of a class where they are optional (retour headers): absent ↔ empty array. */
export function retourCodesOptioneel(): Getypt<Veld, string[], false> {
  return { vorm: 'lijst', item: 'RetourCode', type: retourCode, optioneel: true, leegIsAfwezig: true };
}

/** The XML element name of a field key. */
export function elementNaam(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

// ---- reading a (schema-valid) tree

type Lezer = (el: XmlElement) => unknown;

/** Per class its reader, compiled once (reading is on the hot path of every record). */
const LEZERS = new WeakMap<Klasse<unknown>, Lezer>();

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The reader of a class as one generated function: a fixed sequence of name tests and stores with
 * constant keys. A loop over the field descriptions stores with a key that varies, which V8 serves
 * from its megamorphic cache, and reads every description again for every element; for the
 * millions of prestatie fields of a large declaratie that cost more than the parse.
 */
function lezerVan(k: Klasse<unknown>): Lezer {
  const bestaand = LEZERS.get(k);
  if (bestaand) return bestaand;
  const leaves: ((tekst: string) => unknown)[] = [];
  const klassen: Lezer[] = [];
  /** The expression reading element `el` as type `t`. */
  const lees = (t: Type<unknown>, el: string): string => {
    if (t.soort === 'leaf') return `L[${leaves.push(t.lees) - 1}](${el}.tekst)`;
    klassen.push(lezerVan(t));
    return `K[${klassen.length - 1}](${el})`;
  };
  const regels = ['const k = el.kinderen;', 'let i = 0;', 'let c = k[0];', 'const uit = {};'];
  for (const [key, veld] of Object.entries(k.velden)) {
    if (!IDENTIFIER.test(key)) throw new Error(`veldnaam ${key} is geen identifier`);
    const test = `if (c !== undefined && c.naam === ${JSON.stringify(elementNaam(key))})`;
    if (veld.vorm === 'vast') regels.push(`${test} c = k[++i];`);
    else if (veld.vorm === 'een') regels.push(`${test} { uit.${key} = ${lees(veld.type, 'c')}; c = k[++i]; }`);
    else {
      const item = lees(veld.type, 'x');
      regels.push(`${test} { const xs = c.kinderen; const lijst = []; for (let j = 0; j < xs.length; j++) { const x = xs[j]; lijst.push(${item}); } uit.${key} = lijst; c = k[++i]; }${veld.leegIsAfwezig ? ` else uit.${key} = [];` : ''}`);
    }
  }
  regels.push('return uit;');
  // Generated from the class descriptions in klassen.ts only: no input ever reaches this source text.
  const lezer = new Function('L', 'K', `return function leesKlasse(el) {\n${regels.join('\n')}\n};`)(leaves, klassen) as Lezer;
  LEZERS.set(k, lezer);
  return lezer;
}

/**
 * Maps an element to the model of its class. Children are consumed in sequence order, which
 * a schema-valid tree guarantees, so a class costs one pass over its children.
 */
export function leesKlasse<T>(k: Klasse<T>, el: XmlElement): T {
  return lezerVan(k)(el) as T;
}

/** A class with the same fields plus RetourCodes as last element, as in every retour message. */
export function metRetour<F extends Record<string, Veld>>(velden: F): F & { retourCodes: ReturnType<typeof retourCodes> } {
  return { ...velden, retourCodes: retourCodes() };
}

// ---- building a model straight from parse events (no element tree)

/** What a field of a class is to the builder. */
const VAST = 0;
const LEAF = 1;
const KLASSE = 2;
const LIJST = 3;

/**
 * A class compiled for `ModelBouwer`, once: per field its element name and what it holds, and
 * generated functions with constant keys (as the readers above, and for the same reason).
 */
interface BouwPlan {
  /** Per field its element's local name, internalised: the parser's names are, so they compare by pointer. */
  namen: string[];
  /** A new, empty model object of this class. */
  maak: () => Record<string, unknown>;
  /** Stores a field's value by index. */
  zet: (o: Record<string, unknown>, i: number, v: unknown) => void;
  /** Per field: VAST, LEAF, KLASSE or LIJST. */
  vorm: number[];
  /** Per field: the leaf's reader, or for a list of leaves the item's; else null. */
  lees: (((tekst: string) => unknown) | null)[];
  /** Per field: the class's plan, or for a list of classes the item's; else null. */
  plan: (BouwPlan | null)[];
  /** Indexes of the lists that read as [] when absent (retour headers' RetourCodes); mostly none. */
  leegIsAfwezig: number[];
}

const PLANNEN = new WeakMap<Klasse<unknown>, BouwPlan>();

function planVan(k: Klasse<unknown>): BouwPlan {
  const bestaand = PLANNEN.get(k);
  if (bestaand) return bestaand;
  const plan: BouwPlan = { namen: [], maak: () => ({}), zet: () => undefined, vorm: [], lees: [], plan: [], leegIsAfwezig: [] };
  PLANNEN.set(k, plan);
  const stores: string[] = [];
  Object.entries(k.velden).forEach(([key, veld], i) => {
    if (!IDENTIFIER.test(key)) throw new Error(`veldnaam ${key} is geen identifier`);
    plan.namen.push(intern(elementNaam(key)));
    stores.push(`case ${i}: o.${key} = v; return;`);
    if (veld.vorm === 'vast') {
      plan.vorm.push(VAST);
      plan.lees.push(null);
      plan.plan.push(null);
      return;
    }
    plan.vorm.push(veld.vorm === 'lijst' ? LIJST : veld.type.soort === 'leaf' ? LEAF : KLASSE);
    plan.lees.push(veld.type.soort === 'leaf' ? veld.type.lees : null);
    plan.plan.push(veld.type.soort === 'klasse' ? planVan(veld.type) : null);
    if (veld.vorm === 'lijst' && veld.leegIsAfwezig) plan.leegIsAfwezig.push(i);
  });
  // Generated from the class descriptions in klassen.ts only: no input ever reaches this source text.
  plan.maak = new Function('return {};') as BouwPlan['maak'];
  plan.zet = new Function('o', 'i', 'v', `switch (i) {\n${stores.join('\n')}\n}`) as BouwPlan['zet'];
  return plan;
}

/** What an open element is to the builder. */
const OVERSLAAN = 0;
const IN_OBJECT = 1;
const IN_LIJST = 2;
const OBJECT = 3;
const LIJST_FRAME = 4;

/**
 * One open object, list or skipped element inside the record (a value element has none, see
 * `ModelBouwer.blad`). A new one each time: a young object written while it is young
 * costs less than the write barriers of reusing old ones.
 */
class BouwFrame {
  constructor(
    readonly soort: number,
    readonly doel: Record<string, unknown> | unknown[] | null,
    readonly plan: BouwPlan | null,
    /** Object frame: index of its last field seen (-1: none); value or list frame: its field's index. */
    public veld: number,
    readonly ouder: BouwFrame | null,
  ) {}
}

/**
 * Builds the model of one record element (a `Client`) from its parse events, as `leesKlasse` reads
 * it from a tree, without the tree: `begin` at its start tag, then `start`/`tekst`/`einde` for
 * everything inside it and its own end tag. Like the readers it trusts a schema-valid record and
 * takes the fields in sequence order; it is told at each end tag whether the message is still valid
 * and stops reading values once it is not (a value that is not valid may not read): such a record
 * has no model.
 */
export class ModelBouwer {
  private top: BouwFrame | null = null;
  /**
   * The open value element (most elements are one) without a frame of its own: IN_OBJECT or IN_LIJST
   * (its object or list is `top`'s), or -1; its field, its text so far, and how deep elements inside
   * it are open (only in a message that is not valid).
   */
  private blad = -1;
  private bladVeld = 0;
  private bladTekst = '';
  private bladDiepte = 0;
  private kapot = false;
  private model: Record<string, unknown> | null = null;

  /** True between `begin` and the record's end tag. */
  get actief(): boolean {
    return this.top !== null;
  }

  /** The start tag of a record of class `k`. */
  begin(k: Klasse<unknown>): void {
    const plan = planVan(k);
    const o = plan.maak();
    this.model = o;
    this.kapot = false;
    this.blad = -1;
    this.bladDiepte = 0;
    this.top = new BouwFrame(OBJECT, o, plan, -1, null);
  }

  start(naam: string): void {
    if (this.blad !== -1) {
      this.bladDiepte++;
      return;
    }
    const f = this.top as BouwFrame;
    const s = f.soort;
    if (s === OBJECT) {
      const p = f.plan as BouwPlan;
      const namen = p.namen;
      let i = f.veld + 1;
      while (i < namen.length && namen[i] !== naam) i++;
      if (i < namen.length) {
        if (p.leegIsAfwezig.length > 0) this.vulLeeg(f, i);
        f.veld = i;
        const v = p.vorm[i];
        const o = f.doel as Record<string, unknown>;
        if (v === LEAF) {
          this.blad = IN_OBJECT;
          this.bladVeld = i;
          this.bladTekst = '';
          return;
        }
        if (v === KLASSE) {
          const sub = p.plan[i] as BouwPlan;
          const kind = sub.maak();
          p.zet(o, i, kind);
          this.top = new BouwFrame(OBJECT, kind, sub, -1, f);
          return;
        }
        if (v === LIJST) {
          const lijst: unknown[] = [];
          p.zet(o, i, lijst);
          this.top = new BouwFrame(LIJST_FRAME, lijst, p, i, f);
          return;
        }
      }
    } else if (s === LIJST_FRAME) {
      const p = f.plan as BouwPlan;
      const lijst = f.doel as unknown[];
      const sub = p.plan[f.veld];
      if (sub === null) {
        this.blad = IN_LIJST;
        this.bladVeld = f.veld;
        this.bladTekst = '';
        return;
      }
      const kind = sub.maak();
      lijst.push(kind);
      this.top = new BouwFrame(OBJECT, kind, sub, -1, f);
      return;
    }
    this.top = new BouwFrame(OVERSLAAN, null, null, -1, f);
  }

  tekst(t: string): void {
    if (this.blad !== -1 && this.bladDiepte === 0) this.bladTekst += t;
  }

  /**
   * An end tag; `geldig`: the message is schema-valid up to and including it. True when it was the
   * record's own: its model is then `neem()`'s.
   */
  einde(geldig: boolean): boolean {
    if (!geldig) this.kapot = true;
    const f = this.top as BouwFrame;
    if (this.blad !== -1) {
      if (this.bladDiepte > 0) {
        this.bladDiepte--;
        return false;
      }
      if (!this.kapot) {
        const p = f.plan as BouwPlan;
        try {
          const v = (p.lees[this.bladVeld] as (tekst: string) => unknown)(this.bladTekst);
          if (this.blad === IN_OBJECT) p.zet(f.doel as Record<string, unknown>, this.bladVeld, v);
          else (f.doel as unknown[]).push(v);
        } catch {
          this.kapot = true;
        }
      }
      this.blad = -1;
      this.bladTekst = '';
      return false;
    }
    this.top = f.ouder;
    const s = f.soort;
    if (s === OBJECT && (f.plan as BouwPlan).leegIsAfwezig.length > 0) {
      this.vulLeeg(f, (f.plan as BouwPlan).namen.length);
    }
    return f.ouder === null;
  }

  /** The model of the record that just ended, or null when it was not valid. */
  neem(): unknown {
    const m = this.kapot ? null : this.model;
    this.model = null;
    return m;
  }

  /** The lists that read as [] when absent, between the object's last field seen and field `tot`. */
  private vulLeeg(f: BouwFrame, tot: number): void {
    const p = f.plan as BouwPlan;
    for (const i of p.leegIsAfwezig) if (i > f.veld && i < tot) p.zet(f.doel as Record<string, unknown>, i, []);
  }
}
