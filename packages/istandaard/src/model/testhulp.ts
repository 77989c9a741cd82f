/**
 * Test-only helpers (not exported from the package): a minimal XML → XmlElement builder for
 * well-formed iStandaarden documents, xmllint schema validation and the reference-data location.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { domeinVan, type BerichtType, type XmlElement } from '../xml/node';

export const ISTANDAARDEN_DIR = process.env.ISTANDAARDEN_DIR ?? resolve(import.meta.dirname, '../../../../../shared/istandaarden');

/** Skips the calling suite/test visibly when the reference data is not there. */
export function vereisReferentie(ctx: Mocha.Context): void {
  if (!existsSync(ISTANDAARDEN_DIR)) {
    process.stdout.write(`    (overgeslagen: iStandaarden-referentie niet gevonden in ${ISTANDAARDEN_DIR}; zet ISTANDAARDEN_DIR)\n`);
    ctx.skip();
  }
}

export function xsdPad(type: BerichtType): string {
  const domein = domeinVan(type);
  if (domein === 'JW') return join(ISTANDAARDEN_DIR, 'ijw-3.2/xsd', `${type}.xsd`);
  const officieel = join(ISTANDAARDEN_DIR, 'iwmo-3.2/xsd', `${type}.xsd`);
  return existsSync(officieel) ? officieel : join(ISTANDAARDEN_DIR, 'iwmo-3.2/xsd-afgeleid', `${type}.xsd`);
}

/** Validates a document with xmllint against the official XSD; returns '' when valid, else the errors. */
export function xmllintFouten(type: BerichtType, xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'istd-'));
  const bestand = join(dir, `${type}.xml`);
  writeFileSync(bestand, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', xsdPad(type), bestand], { stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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
