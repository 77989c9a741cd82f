import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBericht } from '../xml/parse-bericht';

/**
 * Conformance with libxml2: every official example and a few hundred deterministic mutations of them
 * must get the same schema verdict from `parseBericht` as from `xmllint --schema` on the same bytes.
 */
import { ISTANDAARDEN_DIR as DIR } from '../../../../test/support/istandaarden';

function xmllintAanwezig(): boolean {
  return spawnSync('xmllint', ['--version']).status === 0;
}

function xsdVoor(type: string): string {
  const jw = type.startsWith('JW');
  const gewoon = join(DIR, jw ? 'ijw-3.2/xsd' : 'iwmo-3.2/xsd', `${type}.xsd`);
  return existsSync(gewoon) ? gewoon : join(DIR, 'iwmo-3.2/xsd-afgeleid', `${type}.xsd`);
}

/** Runs xmllint once for many files against one XSD; returns the set of files that validate. */
function xmllintGeldig(xsd: string, bestanden: string[]): Set<string> {
  const r = spawnSync('xmllint', ['--noout', '--schema', xsd, ...bestanden], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const geldig = new Set<string>();
  for (const regel of r.stderr.split('\n')) {
    if (regel.endsWith(' validates')) geldig.add(regel.slice(0, -' validates'.length));
  }
  return geldig;
}

/** A deterministic pseudo-random generator (mulberry32), so the mutants are the same every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface El {
  naam: string;
  /** Offsets: start tag begin, end of start tag, begin of end tag, end of end tag. */
  s: number;
  se: number;
  es: number;
  e: number;
  blad: boolean;
  diepte: number;
}

/** Locates the elements of an example (they are plain: no comments, CDATA or '>' in values). */
function elementen(xml: string): El[] {
  const uit: El[] = [];
  const open: { naam: string; s: number; se: number; kinderen: number; diepte: number }[] = [];
  const re = /<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[1]) {
      const o = open.pop()!;
      if (open.length) open[open.length - 1].kinderen++;
      uit.push({ naam: o.naam, s: o.s, se: o.se, es: m.index, e: m.index + m[0].length, blad: o.kinderen === 0, diepte: o.diepte });
    } else if (!m[3]) {
      open.push({ naam: m[2], s: m.index, se: m.index + m[0].length, kinderen: 0, diepte: open.length });
    }
  }
  return uit.sort((a, b) => a.s - b.s);
}

const WAARDEN = [
  'abc', '', ' ', '12x', '2027-02-29', '2028-02-29', '2026-13-01', '2026-01-01+01:00', '2026-01-01Z', '-0001-01-01',
  '99999999999999', '-1', '+5', '007', '0', '05', 'A'.repeat(300), '1.5', '12:00:00', '24:00:00', '3', '2', '490',
  '999900006', '0384', 'D', 'C', '1', 'Ä', '&lt;', '&#x41;', '&#65;', '<![CDATA[12]]>', '1<!-- c -->2',
];

type Mutatie = (xml: string, els: El[], r: () => number) => [string, string] | null;

const kies = <T,>(lijst: T[], r: () => number): T => lijst[Math.floor(r() * lijst.length)];

const MUTATIES: Mutatie[] = [
  (x, els, r) => {
    const el = kies(els.filter((e) => e.diepte > 0), r);
    return [x.slice(0, el.s) + x.slice(el.e), `verwijder ${el.naam}@${el.s}`];
  },
  (x, els, r) => {
    const el = kies(els.filter((e) => e.diepte > 0), r);
    return [x.slice(0, el.e) + x.slice(el.s, el.e) + x.slice(el.e), `dupliceer ${el.naam}@${el.s}`];
  },
  (x, els, r) => {
    const el = kies(els.filter((e) => e.diepte > 0), r);
    const volgende = els.find((e) => e.s > el.e && e.diepte === el.diepte && /^\s*$/.test(x.slice(el.e, e.s)));
    if (!volgende) return null;
    return [x.slice(0, el.s) + x.slice(volgende.s, volgende.e) + x.slice(el.e, volgende.s) + x.slice(el.s, el.e) + x.slice(volgende.e), `wissel ${el.naam}/${volgende.naam}`];
  },
  (x, els, r) => {
    const el = kies(els.filter((e) => e.blad), r);
    const w = kies(WAARDEN, r);
    return [x.slice(0, el.se) + w + x.slice(el.es), `waarde ${el.naam}='${w.slice(0, 20)}'`];
  },
  (x, els, r) => {
    const el = kies(els.filter((e) => e.blad), r);
    const v = x.slice(el.se, el.es);
    const w = kies([` ${v}`, `${v} `, `\t${v}\n`, `${v}${v}`, v.slice(1), `${v}0`, v.toLowerCase(), v.repeat(40)], r);
    return [x.slice(0, el.se) + w + x.slice(el.es), `variant ${el.naam}='${w.slice(0, 20)}'`];
  },
  (x, els, r) => {
    const el = kies(els.filter((e) => e.diepte > 0), r);
    const [prefix, naam] = el.naam.includes(':') ? el.naam.split(':') : ['', el.naam];
    const andere = x.includes('xmlns:ijw=') ? (prefix === 'ijw' ? x.match(/xmlns:(jw\d+)=/)![1] : 'ijw') : prefix === 'iwmo' ? x.match(/xmlns:(wmo\d+)=/)![1] : 'iwmo';
    const nieuw = `${andere}:${naam}`;
    return [x.slice(0, el.s) + `<${nieuw}` + x.slice(el.s + el.naam.length + 1, el.es) + `</${nieuw}>` + x.slice(el.e), `namespace ${el.naam}->${nieuw}`];
  },
  (x, els, r) => {
    const el = kies(els, r);
    const attr = kies([' a="1"', ' xsi:schemaLocation="urn:x y.xsd"', ' xsi:nil="false"', ' xml:lang="nl"', ' xmlns:q="urn:q"', ' xsi:foo="1"'], r);
    const decl = attr.includes('xsi:') ? ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' : '';
    const p = el.s + el.naam.length + 1;
    return [x.slice(0, p) + decl + attr + x.slice(p), `attribuut ${el.naam}${attr}`];
  },
  (x, els, r) => {
    const el = kies(els.filter((e) => !e.blad), r);
    const t = kies(['x', '\u00a0', ' \n ', '&#32;', '<!-- c -->', '<?pi x?>'], r);
    return [x.slice(0, el.se) + t + x.slice(el.se), `tekst in ${el.naam}: ${JSON.stringify(t)}`];
  },
  (x, els, r) => {
    const el = kies(els.filter((e) => e.diepte > 0), r);
    return [x.slice(0, el.se) + x.slice(el.es), `leeg ${el.naam}`];
  },
  (x, els, r) => {
    const el = kies(els.filter((e) => e.blad), r);
    return [x.slice(0, el.es) + `<${el.naam}>1</${el.naam}>` + x.slice(el.es), `kind in ${el.naam}`];
  },
  (x, els, r) => {
    const el = kies(els.filter((e) => e.diepte > 0), r);
    const nieuw = el.naam + 'X';
    return [x.slice(0, el.s) + `<${nieuw}` + x.slice(el.s + el.naam.length + 1, el.es) + `</${nieuw}>` + x.slice(el.e), `hernoem ${el.naam}`];
  },
];

describe('schema conformance with xmllint', function () {
  this.timeout(120_000);
  let tmp: string;

  before(function () {
    if (!existsSync(DIR)) {
      console.log(`    (overgeslagen: ${DIR} ontbreekt; zet ISTANDAARDEN_DIR)`);
      this.skip();
    }
    if (!xmllintAanwezig()) {
      console.log('    (overgeslagen: xmllint niet gevonden; apt-get install libxml2-utils)');
      this.skip();
    }
    tmp = mkdtempSync(join(tmpdir(), 'plafond-conf-'));
  });

  after(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const voorbeelden = (): string[] =>
    ['ijw-3.2/voorbeelden', 'iwmo-3.2/voorbeelden'].flatMap((d) => readdirSync(join(DIR, d)).filter((f) => f.endsWith('.xml')).map((f) => join(DIR, d, f)));

  it('gives every official example the same verdict as xmllint (JW315 and JW318 invalid)', async () => {
    const verschillen: string[] = [];
    const ongeldig: string[] = [];
    for (const f of voorbeelden()) {
      const type = f.split('/').pop()!.replace('.xml', '');
      const lint = xmllintGeldig(xsdVoor(type), [f]).has(f);
      const u = await parseBericht(readFileSync(f));
      if (u.schemaGeldig !== lint) verschillen.push(`${type}: wij ${u.schemaGeldig}, xmllint ${lint} ${JSON.stringify(u.schemaMeldingen)}`);
      if (!u.schemaGeldig) ongeldig.push(type);
      expect(u.berichtType).to.equal(type);
    }
    expect(verschillen).to.deep.equal([]);
    expect(ongeldig.sort()).to.deep.equal(['JW315', 'JW318']);
  });

  it('agrees with xmllint on the verdict of 800+ mutated examples', async () => {
    const r = rng(20260323);
    const perXsd = new Map<string, { bestand: string; wat: string }[]>();
    let n = 0;
    for (const f of voorbeelden()) {
      const type = f.split('/').pop()!.replace('.xml', '');
      const xml = readFileSync(f, 'utf8');
      const els = elementen(xml);
      for (let i = 0; i < 40; i++) {
        const m = MUTATIES[(i + n) % MUTATIES.length](xml, els, r);
        if (!m) continue;
        const bestand = join(tmp, `${type}-${i}.xml`);
        writeFileSync(bestand, m[0]);
        const lijst = perXsd.get(type) ?? [];
        lijst.push({ bestand, wat: m[1] });
        perXsd.set(type, lijst);
      }
      n++;
    }
    const verschillen: string[] = [];
    let totaal = 0;
    let ongeldig = 0;
    for (const [type, lijst] of perXsd) {
      const lint = xmllintGeldig(xsdVoor(type), lijst.map((l) => l.bestand));
      for (const { bestand, wat } of lijst) {
        const u = await parseBericht(readFileSync(bestand));
        totaal++;
        if (!lint.has(bestand)) ongeldig++;
        if (u.schemaGeldig !== lint.has(bestand)) {
          verschillen.push(`${type} ${wat}: wij ${u.schemaGeldig}, xmllint ${lint.has(bestand)} ${JSON.stringify(u.schemaMeldingen.slice(0, 2))}`);
        }
      }
    }
    expect(verschillen).to.deep.equal([]);
    expect(totaal).to.be.greaterThan(800);
    // The mutants must exercise both verdicts, or the comparison proves little.
    expect(ongeldig).to.be.within(totaal * 0.3, totaal * 0.95);
  });
});
