import type { Melding } from '@plafond/core';
import { berichtTypeVanNamespace, type BerichtType } from '../xml/node';
import type { XmlAttribuut } from '../xml/tokenizer';
import { berichtSchema, isComplex, type ComplexType, type ElementDecl } from './compile';
import { checkSimple, isXsdWhitespace } from './simple';

export const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** One open element during validation; frames are reused per depth to avoid allocation. */
interface Frame {
  naam: string;
  /** 1-based index among its siblings when the declaration repeats, else 0. */
  index: number;
  /** The declaration, or null when the element is not validated (unexpected, or inside one). */
  decl: ElementDecl | null;
  /** Sequence position: current particle and how often it occurred. */
  pi: number;
  count: number;
  /** Set after a content-model error, so one mistake is reported once. */
  kapot: boolean;
  tekst: string;
}

const QNAME = /^(?:([^\s:]+):)?([^\s:]+)$/;

/**
 * Validates a stream of parse events against the iJw/iWmo 3.2 schema of the message type named by
 * the root element's namespace, with libxml2's verdicts: sequence order and cardinality, element
 * namespaces, no attributes besides namespace declarations and xsi:schemaLocation, element-only
 * content, and simple-type values (whitespace handling, lexical form, facets).
 */
export class SchemaValidator {
  readonly meldingen: Melding[] = [];
  /** Number of schema errors found, also those beyond the cap on `meldingen`. */
  fouten = 0;
  berichtType: BerichtType | null = null;
  private readonly frames: Frame[] = [];
  /**
   * Per simple type (by `nr`), short values found valid in this message: kept for one message only,
   * so no value of one message stays in memory for the next.
   */
  private readonly bekend: (Set<string> | undefined)[] = [];
  private diepte = 0;

  constructor(private readonly maxMeldingen = 100) {}

  /** True while no schema error has been found (and the root was a known message). */
  get geldig(): boolean {
    return this.fouten === 0;
  }

  /** Current depth (number of open elements). */
  get niveau(): number {
    return this.diepte;
  }

  start(ns: string, naam: string, attributen: XmlAttribuut[] | null, resolve: (prefix: string) => string | undefined): void {
    const d = this.diepte;
    let decl: ElementDecl | null = null;
    let index = 0;
    if (d === 0) {
      const type = berichtTypeVanNamespace(ns);
      if (naam === 'Bericht' && type !== null) {
        this.berichtType = type;
        decl = berichtSchema(type).root;
      } else {
        this.melding(`/${naam}`, `root-element {${ns}}${naam} is geen iJw/iWmo 3.2-bericht (verwacht Bericht in een berichtnamespace)`);
      }
    } else {
      const ouder = this.frames[d - 1];
      if (ouder.decl !== null && !ouder.kapot) {
        const t = ouder.decl.type;
        if (!isComplex(t)) {
          ouder.kapot = true;
          this.melding(this.pad(d), `element ${ouder.naam}: kindelement ${naam} niet toegestaan (enkelvoudig type)`);
        } else {
          decl = this.volgende(ouder, t, ns, naam, d);
          if (decl !== null && decl.max > 1) index = ouder.count;
        }
      }
    }
    let f = this.frames[d];
    if (f === undefined) {
      f = { naam, index, decl, pi: 0, count: 0, kapot: false, tekst: '' };
      this.frames[d] = f;
    } else {
      f.naam = naam;
      f.index = index;
      f.decl = decl;
      f.pi = 0;
      f.count = 0;
      f.kapot = false;
      f.tekst = '';
    }
    this.diepte = d + 1;
    if (attributen !== null && decl !== null) this.attributen(decl, attributen, resolve);
  }

  tekst(t: string): void {
    const f = this.frames[this.diepte - 1];
    if (f.decl === null || f.kapot) return;
    if (isComplex(f.decl.type)) {
      if (!isXsdWhitespace(t)) {
        f.kapot = true;
        this.melding(this.pad(this.diepte), `element ${f.naam}: tekst niet toegestaan (alleen kindelementen)`);
      }
    } else {
      f.tekst += t;
    }
  }

  einde(): void {
    const d = this.diepte;
    const f = this.frames[d - 1];
    if (f.decl !== null && !f.kapot) {
      const t = f.decl.type;
      if (isComplex(t)) {
        const ps = t.particles;
        let pi = f.pi;
        let count = f.count;
        while (pi < ps.length) {
          const p = ps[pi];
          if (count < p.min) {
            this.melding(this.pad(d), `element ${f.naam}: verplicht element ${p.naam} ontbreekt`);
            break;
          }
          pi++;
          count = 0;
        }
      } else {
        const fouten = checkSimple(t, f.tekst, f.naam, (this.bekend[t.nr] ??= new Set()));
        for (let i = 0; i < fouten.length; i++) this.melding(this.pad(d), fouten[i], t.regel);
      }
    }
    f.tekst = '';
    this.diepte = d - 1;
  }

  /** Path of the open elements up to depth `d`, e.g. `/Bericht/Declaratie/Clienten/Client[2]`. */
  pad(d: number): string {
    let p = '';
    for (let i = 0; i < d; i++) {
      const f = this.frames[i];
      p += f.index > 0 ? `/${f.naam}[${f.index}]` : `/${f.naam}`;
    }
    return p;
  }

  /** Advances the parent's sequence for a child; returns its declaration or null (error reported). */
  private volgende(ouder: Frame, t: ComplexType, ns: string, naam: string, d: number): ElementDecl | null {
    const ps = t.particles;
    let pi = ouder.pi;
    let count = ouder.count;
    while (pi < ps.length) {
      const p = ps[pi];
      if (p.naam === naam && p.ns === ns) {
        if (count < p.max) {
          ouder.pi = pi;
          ouder.count = count + 1;
          return p;
        }
      } else if (count < p.min) {
        break;
      }
      pi++;
      count = 0;
    }
    ouder.kapot = true;
    const verwacht = this.verwacht(ouder, t);
    const pad = `${this.pad(d)}/${naam}`;
    const zelfdeNaam = ps.find((p) => p.naam === naam && p.ns !== ns);
    if (zelfdeNaam) {
      this.melding(pad, `element ${naam} in namespace '${ns}' niet verwacht (verwacht namespace '${zelfdeNaam.ns}')`);
    } else {
      this.melding(pad, `element ${naam} niet verwacht ${verwacht.length > 0 ? `(verwacht: ${verwacht.join(', ')})` : '(geen elementen meer verwacht)'}`);
    }
    return null;
  }

  private verwacht(f: Frame, t: ComplexType): string[] {
    const namen: string[] = [];
    let pi = f.pi;
    let count = f.count;
    const ps = t.particles;
    while (pi < ps.length) {
      const p = ps[pi];
      if (count < p.max) namen.push(p.naam);
      if (count < p.min) break;
      pi++;
      count = 0;
    }
    return namen;
  }

  private attributen(decl: ElementDecl, attributen: XmlAttribuut[], resolve: (prefix: string) => string | undefined): void {
    const pad = this.pad(this.diepte);
    for (const a of attributen) {
      if (a.ns === NS_XSI) {
        if (a.naam === 'schemaLocation' || a.naam === 'noNamespaceSchemaLocation') continue;
        if (a.naam === 'nil') {
          this.melding(pad, `element ${decl.naam}: xsi:nil niet toegestaan (element is niet nillable)`);
          continue;
        }
        if (a.naam === 'type') {
          const m = QNAME.exec(a.waarde);
          const typeNs = m ? resolve(m[1] ?? '') : undefined;
          if (!m || typeNs === undefined || decl.typeNaam === null || typeNs !== decl.typeNs || m[2] !== decl.typeNaam) {
            this.melding(pad, `element ${decl.naam}: xsi:type '${a.waarde}' is niet het gedeclareerde type`);
          }
          continue;
        }
      }
      this.melding(pad, `element ${decl.naam}: attribuut ${a.qname} niet toegestaan`);
    }
  }

  private melding(pad: string, tekst: string, regel = 'XSD'): void {
    this.fouten++;
    if (this.meldingen.length < this.maxMeldingen) this.meldingen.push({ pad, regel, tekst, retourcode: '0001' });
  }
}
