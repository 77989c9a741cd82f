import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { declaratieAntwoordClient, declaratieClient } from '../model/naar-model';
import type { XmlElement } from './node';
import { parseBericht } from './parse-bericht';

const DIR = process.env.ISTANDAARDEN_DIR ?? resolve(import.meta.dirname, '../../../../../shared/istandaarden');
const K = '<?xml version="1.0" encoding="UTF-8"?>\n';

function voorbeeld(this: Mocha.Context, pad: string): string {
  const f = join(DIR, pad);
  if (!existsSync(f)) {
    console.log(`    (overgeslagen: ${f} ontbreekt; zet ISTANDAARDEN_DIR)`);
    this.skip();
  }
  return readFileSync(f, 'utf8');
}

/** Plain data view of a tree, for comparing parses. */
function vorm(el: XmlElement): unknown {
  return [el.naam, el.ns, el.tekst, el.regel, el.kinderen.map(vorm)];
}

async function* inStukjes(b: Buffer, grootte: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i += grootte) yield b.subarray(i, i + grootte);
}

describe('parseBericht: well-formedness', () => {
  // Verdicts as `xmllint --noout` gives them, except where noted.
  const gevallen: [string, string, boolean][] = [
    ['two root elements', `${K}<a/><b/>`, false],
    ['mismatched end tag', `${K}<a><b></a></b>`, false],
    // Names are compared in the bytes four at a time, then byte by byte: a difference in either part.
    ['end tag of the same length, one letter off in the first four bytes', `${K}<Prestatie></Prestatio></Prestatie>`, false],
    ['end tag of the same length, one letter off in the last bytes', `${K}<jw:Prestatie></jw:Prestatie><jw:Prestatie></jw:Prestatia>`, false],
    ['end tag with a non-ASCII letter off', `${K}<café></cafè>`, false],
    ['duplicate attribute', `${K}<a b="1" b="2"/>`, false],
    ["'<' in an attribute value", `${K}<a b="<"/>`, false],
    ["'--' inside a comment", `${K}<a><!-- a -- b --></a>`, false],
    ['CDATA outside the root', `${K}<![CDATA[x]]><a/>`, false],
    ['XML declaration not at the start', ` ${K}<a/>`, false],
    ['text after the root', `${K}<a/>x`, false],
    ['text before the root', 'x<a/>', false],
    ['character reference to U+0000', `${K}<a>&#0;</a>`, false],
    ['raw control character', `${K}<a>\x01</a>`, false],
    ['raw unit separator (U+001F)', `${K}<a>x\x1fy</a>`, false],
    ['U+FFFE', `${K}<a>\ufffe</a>`, false],
    ['U+FFFF after many characters from U+F000 on', `${K}<a>${'\uff01'.repeat(100)}\uffff</a>`, false],
    ['many characters from U+F000 on, U+FFFD among them', `${K}<a>${'\uff01'.repeat(100)}\ufffd</a>`, true],
    ["bare '&'", `${K}<a>a & b</a>`, false],
    ["']]>' in text", `${K}<a>]]></a>`, false],
    ['attributes without space between', `${K}<a b="1"c="2"/>`, false],
    ['unquoted attribute', `${K}<a b=1/>`, false],
    ["'<?xml' inside the document", `${K}<a><?xml foo?></a>`, false],
    ['lowercase doctype', `${K}<!doctype a><a/>`, false],
    ['name starting with a digit', `${K}<1a/>`, false],
    ['XML declaration without version', '<?xml encoding="UTF-8"?><a/>', false],
    ['empty document', '', false],
    ['only a declaration', K, false],
    // libxml2 reports these as namespace errors but goes on; Namespaces in XML makes them errors and so do we.
    ['undeclared element prefix', `${K}<q:a/>`, false],
    ['undeclared attribute prefix', `${K}<a q:b="1"/>`, false],
    ['empty prefixed namespace declaration', `${K}<a xmlns:p=""/>`, false],
    ['encoding other than UTF-8 (libxml2 would transcode)', '<?xml version="1.0" encoding="ISO-8859-1"?><a/>', false],
    ['character references to valid characters', `${K}<a>&#x1F600;&#65;&lt;&amp;</a>`, true],
    ["'>' in text", `${K}<a>></a>`, true],
    ['processing instruction', `${K}<a><?foo bar?></a>`, true],
    ['standalone declaration', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a/>', true],
    ['space before the end of an end tag', `${K}<a></a >`, true],
    ['long and non-ASCII names, repeated', `${K}<ProductReferentieNummer><café>1</café><café>2</café></ProductReferentieNummer>`, true],
    ['byte order mark', `\ufeff${K}<a/>`, true],
    ['single-quoted attribute holding a double quote', `${K}<a b='x"y'/>`, true],
    ['undeclaring the default namespace', `${K}<a xmlns=""/>`, true],
  ];
  for (const [wat, xml, welgevormd] of gevallen) {
    it(`${welgevormd ? 'accepts' : 'rejects'} ${wat}`, async () => {
      const u = await parseBericht(xml);
      expect(u.welgevormd, JSON.stringify(u.schemaMeldingen)).to.equal(welgevormd);
      if (!welgevormd) expect(u.schemaMeldingen.at(-1)).to.include({ regel: 'XML', retourcode: '0001' });
    });
  }

  it('reports the line of a well-formedness error', async () => {
    const u = await parseBericht(`${K}<a>\n<b>\n</c></a>`);
    expect(u.schemaMeldingen.at(-1)?.tekst).to.equal('regel 4: eindtag </c> past niet bij <b>');
    expect(u.schemaMeldingen.at(-1)?.pad).to.equal('/a/b');
  });

  for (const [soort, letter] of [['ASCII', 'x'], ['non-ASCII', 'é']]) it(`gives every element and every well-formedness error the line it is on, whatever the chunk size (${soort})`, async () => {
    // Newlines in indentation, values over several lines, CRLF, a comment, CDATA, attributes over lines, empty tags.
    const delen = [
      `${K}<r xmlns="urn:x">`, '\r\n  <e0>a</e0>\n\n\t<e1>b\nc\nd</e1><e2/>', '\n  <!-- x\ny -->\n  <e3><![CDATA[p\nq]]></e3>',
      '\n  <e4\n    a="1"\n  >v</e4 \n>\n', '  <e5>\n    <e6>w</e6>\n  </e5>\n', ...Array.from({ length: 40 }, (_, i) => `  <f${i}>${i % 3 ? (i % 10 ? 'x' : letter) : 'y\nz'}</f${i}>\n`), '</r>\n',
    ];
    const xml = delen.join('');
    const regelVan = (index: number) => xml.slice(0, index).split('\n').length;
    const verwacht = new Map<string, number>();
    for (const m of xml.matchAll(/<([ef]\d+)/g)) verwacht.set(m[1], regelVan(m.index));
    const regels = (el: XmlElement, uit: Map<string, number>) => {
      for (const k of el.kinderen) {
        uit.set(k.naam, k.regel);
        regels(k, uit);
      }
      return uit;
    };
    for (const grootte of [1, 2, 5, 13, 64, 100000]) {
      const u = await parseBericht(inStukjes(Buffer.from(xml), grootte));
      expect(u.welgevormd, `${grootte}`).to.equal(true);
      expect([...regels(u.root!, new Map())], `${grootte}`).to.deep.equal([...verwacht]);
    }
    // A mismatched end tag, and an unknown entity in a value over several lines, at several places.
    for (const [fout, teken] of [['</f7 >', '</f7>'], ['</f30>', '</f31>'], ['&q;', '</f39>'], ['&q;', 'z</f9>']] as const) {
      const plek = xml.indexOf(teken);
      const kapot = `${xml.slice(0, plek)}${fout === '&q;' ? `\n\n${fout}` : fout === '</f7 >' ? '</f8>' : fout}${xml.slice(plek + (fout === '&q;' ? 0 : teken.length))}`;
      const regel = regelVan(plek) + (fout === '&q;' ? 2 : 0);
      for (const grootte of [1, 7, 64, 100000]) {
        const u = await parseBericht(inStukjes(Buffer.from(kapot), grootte));
        expect(u.welgevormd, `${fout} ${grootte}`).to.equal(false);
        expect(u.schemaMeldingen.at(-1)?.tekst, `${fout} ${grootte}`).to.match(new RegExp(`^regel ${regel}: `));
      }
    }
  });

  it('rejects invalid UTF-8', async () => {
    const u = await parseBericht(Buffer.concat([Buffer.from(`${K}<a>`), Buffer.from([0xc3, 0x28]), Buffer.from('</a>')]));
    expect(u.schemaMeldingen[0].tekst).to.match(/UTF-8/);
  });

  it('resolves entities, CDATA and CRLF line ends in values, and keeps leaf text only', async () => {
    const u = await parseBericht(`${K}<r xmlns="urn:x">\r\n  <a>x &amp; &#x41;<![CDATA[<y>]]>\r\nz</a><b>1<!-- c -->2</b>\r\n</r>`);
    expect(u.root?.tekst).to.equal('');
    expect(u.root?.kinderen.map((k) => [k.naam, k.ns, k.tekst, k.regel])).to.deep.equal([
      ['a', 'urn:x', 'x & A<y>\nz', 3],
      ['b', 'urn:x', '12', 4],
    ]);
    expect(u.berichtType).to.equal(null);
    expect(u.schemaGeldig).to.equal(false);
  });
});

describe('parseBericht: records and streaming', () => {
  it('hands each Client of a JW323 to onRecord, detached from the tree that keeps everything else', async function () {
    const xml = voorbeeld.call(this, 'ijw-3.2/voorbeelden/JW323.xml');
    const records: XmlElement[] = [];
    const roots = new Set<string>();
    const u = await parseBericht(xml, {
      onRecord: (r, root) => {
        records.push(r);
        roots.add(root.naam);
      },
    });
    expect([...roots]).to.deep.equal(['Bericht']);
    expect(u).to.include({ berichtType: 'JW323', welgevormd: true, schemaGeldig: true, recordCount: 2, bytes: Buffer.byteLength(xml) });
    expect(records.map((r) => r.kinderen[0].tekst)).to.deep.equal(['999900006', '999900018']);
    expect(records[0].kinderen[1].kinderen.length).to.be.greaterThan(0);
    const clienten = u.root!.kinderen[1].kinderen.find((k) => k.naam === 'Clienten')!;
    expect(clienten.kinderen).to.deep.equal([]);
    expect(u.root!.kinderen[0].kinderen[0]).to.include({ naam: 'BerichtCode', tekst: '490' });
  });

  it('awaits an async onRecord before reading on, in document order', async function () {
    const xml = voorbeeld.call(this, 'ijw-3.2/voorbeelden/JW325.xml');
    const volgorde: string[] = [];
    const u = await parseBericht(Readable.from(inStukjes(Buffer.from(xml), 100)), {
      onRecord: async (r) => {
        volgorde.push(`begin ${r.kinderen[0].tekst}`);
        await new Promise((ok) => setTimeout(ok, 5));
        volgorde.push(`eind ${r.kinderen[0].tekst}`);
      },
    });
    expect(u.recordCount).to.equal(2);
    expect(volgorde).to.have.length(4);
    expect(volgorde[0].replace('begin', 'eind')).to.equal(volgorde[1]);
    expect(volgorde[2].replace('begin', 'eind')).to.equal(volgorde[3]);
  });

  it('stops handing records after the first schema error but keeps collecting findings', async function () {
    const xml = voorbeeld.call(this, 'ijw-3.2/voorbeelden/JW323.xml');
    let eerste = true;
    const fout = xml.replace(/<jw323:Eenheid>[^<]*</g, (m) => {
      if (eerste) return (eerste = false), m;
      return '<jw323:Eenheid>05<';
    });
    const gezien: string[] = [];
    const u = await parseBericht(fout, { onRecord: (r) => void gezien.push(r.kinderen[0].tekst) });
    expect(u.schemaGeldig).to.equal(false);
    expect(u.recordCount).to.equal(2);
    expect(u.schemaMeldingen.length).to.be.greaterThan(1);
    expect(u.schemaMeldingen[0]).to.deep.equal({
      pad: u.schemaMeldingen[0].pad,
      regel: 'XSD',
      tekst: "element Eenheid: waarde '05' niet toegestaan (verwacht een van 01, 04, 14, 16, 82, 83, 84)",
      retourcode: '0001',
    });
    expect(u.schemaMeldingen[0].pad).to.match(/^\/Bericht\/Declaratie\/Clienten\/Client\[1\]\/Prestaties\/Prestatie\[\d\]\/Eenheid$/);
    expect(gezien.length).to.be.below(2);
  });

  it('gives the same tree and verdict whatever the chunk size, also with multibyte characters split', async function () {
    const xml = voorbeeld.call(this, 'ijw-3.2/voorbeelden/JW301.xml').replace(/(<ijw:Voorletters>)[^<]*/, '$1ÀỳÄ');
    const heel = await parseBericht(xml);
    expect(heel.schemaGeldig, JSON.stringify(heel.schemaMeldingen)).to.equal(true);
    for (const grootte of [1, 2, 3, 7, 64, 4096]) {
      const u = await parseBericht(inStukjes(Buffer.from(xml), grootte));
      expect(u.schemaGeldig).to.equal(true);
      expect(vorm(u.root!)).to.deep.equal(vorm(heel.root!));
    }
  });

  it('gives the same tree when a chunk ends inside a tag, a comment with \'>\' in it or a multibyte character', async function () {
    const xml = voorbeeld.call(this, 'ijw-3.2/voorbeelden/JW301.xml')
      .replace(/(<ijw:Voorletters>)[^<]*/, '$1ÀỳÄ')
      .replace('<jw301:Client>', '<jw301:Client><!-- a > b, é >> c -->');
    const heel = await parseBericht(xml);
    expect(heel.schemaGeldig, JSON.stringify(heel.schemaMeldingen)).to.equal(true);
    const bytes = Buffer.from(xml);
    const plekken = [bytes.indexOf('<!--'), bytes.indexOf('ÀỳÄ'), bytes.indexOf('<jw301:Bsn>')];
    for (const plek of plekken) {
      for (let knip = plek - 3; knip < plek + 36; knip++) {
        // Three chunks: the second begins inside what the first left incomplete, and ends there again.
        const delen = [bytes.subarray(0, knip), bytes.subarray(knip, knip + 5), bytes.subarray(knip + 5)];
        const u = await parseBericht((async function* () { yield* delen; })());
        expect(u.schemaGeldig, `knip ${knip}`).to.equal(true);
        expect(vorm(u.root!), `knip ${knip}`).to.deep.equal(vorm(heel.root!));
      }
    }
  });

  it('reports schema findings with 1-based indexes for repeated elements and caps them', async function () {
    const xml = voorbeeld.call(this, 'ijw-3.2/voorbeelden/JW323.xml');
    const client = '<jw323:Client><jw323:Bsn>x</jw323:Bsn></jw323:Client>';
    const fout = xml.replace(/<jw323:Clienten>[^]*<\/jw323:Clienten>/, `<jw323:Clienten>${client.repeat(300)}</jw323:Clienten>`);
    const u = await parseBericht(fout, { maxMeldingen: 10 });
    expect(u.schemaMeldingen).to.have.length(10);
    expect(u.schemaMeldingen.slice(0, 3)).to.deep.equal([
      { pad: '/Bericht/Declaratie/Clienten/Client[1]/Bsn', regel: 'XSD', tekst: "element Bsn: waarde 'x' voldoet niet aan patroon '[0-9]{9}'", retourcode: '0001' },
      { pad: '/Bericht/Declaratie/Clienten/Client[1]', regel: 'XSD', tekst: 'element Client: verplicht element Prestaties ontbreekt', retourcode: '0001' },
      { pad: '/Bericht/Declaratie/Clienten/Client[2]/Bsn', regel: 'XSD', tekst: "element Bsn: waarde 'x' voldoet niet aan patroon '[0-9]{9}'", retourcode: '0001' },
    ]);
    expect(u.recordCount).to.equal(300);
  });

  /** A model as JSON with its keys in order (BigInts as text), so key order counts too. */
  const json = (m: unknown) => JSON.stringify(m, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

  for (const [naam, lees] of [['JW323', declaratieClient], ['JW325', declaratieAntwoordClient], ['WMO323', declaratieClient], ['WMO325', declaratieAntwoordClient]] as const) {
    it(`hands onClient the model of each ${naam} record that onRecord's element maps to`, async function () {
      const xml = voorbeeld.call(this, `${naam.startsWith('JW') ? 'ijw' : 'iwmo'}-3.2/voorbeelden/${naam}.xml`);
      const elementen: string[] = [];
      const modellen: string[] = [];
      const a = await parseBericht(xml, { onRecord: (r) => void elementen.push(json(lees(r))) });
      // Small chunks, so records are built across chunk boundaries too.
      const b = await parseBericht(inStukjes(Buffer.from(xml), 7), { onClient: (c) => void modellen.push(json(c)) });
      expect(modellen.length).to.be.greaterThan(0);
      expect(modellen).to.deep.equal(elementen);
      expect(vorm(b.root!)).to.deep.equal(vorm(a.root!));
      expect(b).to.deep.include({ recordCount: a.recordCount, schemaGeldig: true, schemaMeldingen: [] });
    });
  }

  it('hands onClient no record after the first schema error, as onRecord', async function () {
    const xml = voorbeeld.call(this, 'ijw-3.2/voorbeelden/JW323.xml');
    let eerste = true;
    const fout = xml.replace(/<jw323:Eenheid>[^<]*</g, (m) => {
      if (eerste) return (eerste = false), m;
      return '<jw323:Eenheid>05<';
    }).replace(/(<jw323:GeleverdVolume>)[^<]*/g, '$1x');
    const a: string[] = [];
    const b: string[] = [];
    const ua = await parseBericht(fout, { onRecord: (r) => void a.push(r.kinderen[0].tekst) });
    const ub = await parseBericht(fout, { onClient: (c) => void b.push(c.bsn) });
    expect(b).to.deep.equal(a);
    expect(ub.schemaMeldingen).to.deep.equal(ua.schemaMeldingen);
    expect(ub.recordCount).to.equal(ua.recordCount);
  });

  it('keeps onClient in step through elements inside a value and unknown elements, handing nothing over', async function () {
    const xml = voorbeeld.call(this, 'ijw-3.2/voorbeelden/JW323.xml');
    const fout = xml.replace(/(<jw323:Bsn>)(\d+)/, '$1$2<jw323:X><jw323:Y/>z</jw323:X>').replace('<jw323:ProductCode>', '<jw323:Onbekend><jw323:ProductCode>1</jw323:ProductCode></jw323:Onbekend><jw323:ProductCode>');
    const a: string[] = [];
    const b: string[] = [];
    const ua = await parseBericht(fout, { onRecord: (r) => void a.push(r.kinderen[0].tekst) });
    const ub = await parseBericht(fout, { onClient: (c) => void b.push(c.bsn) });
    expect(ua.schemaGeldig).to.equal(false);
    expect(b).to.deep.equal(a).and.to.deep.equal([]);
    expect(ub.schemaMeldingen).to.deep.equal(ua.schemaMeldingen);
    expect(ub.recordCount).to.equal(ua.recordCount);
  });

  it('names a root that is not an iJw/iWmo message', async () => {
    const u = await parseBericht(`<Bericht xmlns="http://www.istandaarden.nl/ijw/3_1/jw323/schema"/>`);
    expect(u.berichtType).to.equal(null);
    expect(u.welgevormd).to.equal(true);
    expect(u.schemaMeldingen[0].tekst).to.match(/geen iJw\/iWmo 3\.2-bericht/);
  });
});
