import { berichtNamespace, domeinVan, NS_BASIS, type BerichtType } from '../xml/node';
import { intern } from '../xml/tokenizer';
import { BASIS_COMPLEX, BASIS_SIMPLE, BASIS_SIMPLE_PER_DOMEIN, BERICHTEN } from './definities';
import { compileSimple, type SimpleType } from './simple';
import type { ComplexTypeDef, SimpleTypeDef } from './types';

/** An element declaration inside a sequence, with its type resolved. */
export interface ElementDecl {
  naam: string;
  ns: string;
  min: number;
  max: number;
  type: ComplexType | SimpleType;
  /** Namespace and name of the named type (for xsi:type); null for anonymous types. */
  typeNs: string | null;
  typeNaam: string | null;
}

export interface ComplexType {
  base: 'complex';
  particles: ElementDecl[];
}

export function isComplex(t: ComplexType | SimpleType): t is ComplexType {
  return t.base === 'complex';
}

/** The compiled schema of one message type: the declaration of its root element `Bericht`. */
export interface BerichtSchema {
  type: BerichtType;
  ns: string;
  root: ElementDecl;
}

const cache = new Map<BerichtType, BerichtSchema>();

/** The compiled schema of a message type (compiled once, then cached). */
export function berichtSchema(type: BerichtType): BerichtSchema {
  let s = cache.get(type);
  if (!s) {
    s = compileer(type);
    cache.set(type, s);
  }
  return s;
}

function compileer(type: BerichtType): BerichtSchema {
  const domein = domeinVan(type);
  const def = BERICHTEN[type.slice(domein.length)];
  const nsBasis = intern(NS_BASIS[domein]);
  const nsBericht = intern(berichtNamespace(type));
  const lokaal: Record<string, ComplexTypeDef> = { ...def.types, ...(domein === 'WMO' ? def.wmo : {}) };
  const simpel = new Map<string, SimpleType>();
  const complex = new Map<string, ComplexType>();

  const simpleNamed = (naam: string): SimpleType => {
    let t = simpel.get(naam);
    if (!t) {
      const d: SimpleTypeDef | undefined = BASIS_SIMPLE_PER_DOMEIN[domein][naam] ?? BASIS_SIMPLE[naam];
      if (!d) throw new Error(`onbekend enkelvoudig type ${naam}`);
      t = compileSimple(d, simpleNamed);
      simpel.set(naam, t);
    }
    return t;
  };

  const complexNamed = (naam: string): ComplexType => {
    let t = complex.get(naam);
    if (!t) {
      const inBericht = Object.hasOwn(lokaal, naam);
      const d = inBericht ? lokaal[naam] : BASIS_COMPLEX[naam];
      // elementFormDefault="qualified": children are in the namespace of the schema that declares the type.
      const ns = inBericht ? nsBericht : nsBasis;
      t = { base: 'complex', particles: [] };
      complex.set(naam, t);
      for (const [kindNaam, kindType, min, max] of d) t.particles.push(decl(kindNaam, ns, kindType, min, max));
    }
    return t;
  };

  const decl = (naam: string, ns: string, t: string | SimpleTypeDef, min: number, max: number): ElementDecl => {
    naam = intern(naam);
    if (typeof t !== 'string') {
      return { naam, ns, min, max, type: compileSimple(t, simpleNamed, def.code[domein]), typeNs: null, typeNaam: null };
    }
    if (Object.hasOwn(lokaal, t)) return { naam, ns, min, max, type: complexNamed(t), typeNs: nsBericht, typeNaam: t };
    if (Object.hasOwn(BASIS_COMPLEX, t)) return { naam, ns, min, max, type: complexNamed(t), typeNs: nsBasis, typeNaam: t };
    return { naam, ns, min, max, type: simpleNamed(t), typeNs: nsBasis, typeNaam: t };
  };

  return { type, ns: nsBericht, root: decl('Bericht', nsBericht, 'Root', 1, 1) };
}
