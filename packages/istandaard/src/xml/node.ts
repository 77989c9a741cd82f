/**
 * The generic element tree the streaming parser hands to the typed-model layer. Only element
 * content matters in the iStandaarden (no attributes, no mixed content), so a node is a local
 * name, its namespace, its child elements and its text (for leaf elements).
 */
export interface XmlElement {
  /** Local name, e.g. `Prestatie`. */
  naam: string;
  /** Namespace URI. */
  ns: string;
  /** Child elements; the parser gives every leaf one shared, frozen empty array. */
  kinderen: XmlElement[];
  /** Character content (entity- and char-references resolved); '' for elements with children. */
  tekst: string;
  /** 1-based line of the start tag, for messages. */
  regel: number;
}

/** Every message type of iJw 3.2 and iWmo 3.2. */
export const BERICHT_TYPES = [
  'JW301', 'JW302', 'JW305', 'JW306', 'JW307', 'JW308', 'JW315', 'JW316', 'JW317', 'JW318', 'JW319', 'JW320', 'JW323', 'JW325',
  'WMO301', 'WMO302', 'WMO305', 'WMO306', 'WMO307', 'WMO308', 'WMO315', 'WMO316', 'WMO317', 'WMO318', 'WMO319', 'WMO320', 'WMO323', 'WMO325',
] as const;
export type BerichtType = (typeof BERICHT_TYPES)[number];

export type Domein = 'JW' | 'WMO';

export const NS_BASIS: Record<Domein, string> = {
  JW: 'http://www.istandaarden.nl/ijw/3_2/basisschema/schema',
  WMO: 'http://www.istandaarden.nl/iwmo/3_2/basisschema/schema',
};

/** Namespace of a message type, e.g. `http://www.istandaarden.nl/ijw/3_2/jw323/schema`. */
export function berichtNamespace(type: BerichtType): string {
  const domein = domeinVan(type);
  const nr = type.slice(domein.length);
  return domein === 'JW'
    ? `http://www.istandaarden.nl/ijw/3_2/jw${nr}/schema`
    : `http://www.istandaarden.nl/iwmo/3_2/wmo${nr}/schema`;
}

export function domeinVan(type: BerichtType): Domein {
  return type.startsWith('JW') ? 'JW' : 'WMO';
}

/** The message type whose namespace this is, or null. */
export function berichtTypeVanNamespace(ns: string): BerichtType | null {
  const m = /^http:\/\/www\.istandaarden\.nl\/(ijw|iwmo)\/3_2\/(jw|wmo)(\d{3})\/schema$/.exec(ns);
  if (!m || (m[1] === 'ijw') !== (m[2] === 'jw')) return null;
  const t = `${m[2].toUpperCase()}${m[3]}`;
  return (BERICHT_TYPES as readonly string[]).includes(t) ? (t as BerichtType) : null;
}

/** First child with this local name. */
export function kind(el: XmlElement, naam: string): XmlElement | undefined {
  return el.kinderen.find((k) => k.naam === naam);
}

export function kinderen(el: XmlElement, naam: string): XmlElement[] {
  return el.kinderen.filter((k) => k.naam === naam);
}
