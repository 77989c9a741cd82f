/**
 * Test-only helpers (not exported from the package): a minimal XML → XmlElement builder for
 * well-formed iStandaarden documents, xmllint schema validation and the reference-data location.
 */
import type { XmlElement } from '../xml/node';

export { ISTANDAARDEN_DIR, officieleXsd as xsdPad, xsdFouten as xmllintFouten } from '../../../../test/support/istandaarden';
import { vereisIstandaarden } from '../../../../test/support/istandaarden';

/** Skips the calling suite/test visibly when the reference data is not there. */
export const vereisReferentie = vereisIstandaarden;

const ENTITEITEN: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function ontsnap(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16))
      : e.startsWith('#') ? String.fromCodePoint(parseInt(e.slice(1), 10))
        : ENTITEITEN[e]);
}

/** Builds the element tree of a small, well-formed document (no DTD, CDATA or mixed content). */
export function boom(xml: string): XmlElement {
  const tokens = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/([^\s>]+)\s*>|<([^\s/>]+)((?:\s+[^\s=]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  const stapel: { el: XmlElement; ns: Map<string, string> }[] = [];
  let wortel: XmlElement | undefined;
  let regel = 1;
  for (const m of xml.matchAll(tokens)) {
    const [heel, eind, naam, attrs, leeg, tekst] = m;
    if (naam) {
      const ouderNs = stapel.at(-1)?.ns ?? new Map<string, string>();
      const ns = new Map(ouderNs);
      for (const a of (attrs ?? '').matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        const waarde = ontsnap(a[2] ?? a[3]);
        if (a[1] === 'xmlns') ns.set('', waarde);
        else if (a[1].startsWith('xmlns:')) ns.set(a[1].slice(6), waarde);
      }
      const [prefix, lokaal] = naam.includes(':') ? naam.split(':') : ['', naam];
      const el: XmlElement = { naam: lokaal, ns: ns.get(prefix) ?? '', kinderen: [], tekst: '', regel };
      if (stapel.length) stapel.at(-1)!.el.kinderen.push(el);
      else wortel = el;
      if (!leeg) stapel.push({ el, ns });
    } else if (eind) {
      const { el } = stapel.pop()!;
      if (el.kinderen.length) el.tekst = '';
    } else if (tekst !== undefined && stapel.length) {
      stapel.at(-1)!.el.tekst += ontsnap(tekst);
    }
    regel += (heel.match(/\n/g) ?? []).length;
  }
  if (!wortel) throw new Error('geen element gevonden');
  return wortel;
}
