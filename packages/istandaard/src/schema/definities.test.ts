import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { parseBericht } from '../xml/parse-bericht';
import { voorbeeldBericht } from '../model/testmodellen';
import { serialiseer } from '../serialize/schrijf';
import { vereisReferentie, xmllintFouten, xsdPad } from '../model/testhulp';
import { BERICHTEN } from './definities';
import type { ComplexTypeDef } from './types';

/** The local complex types of an official XSD as `naam type min max` per particle (anonymous types as `-`). */
function xsdTypes(pad: string): Record<string, string[]> {
  const xsd = readFileSync(pad, 'utf8');
  const uit: Record<string, string[]> = {};
  for (const m of xsd.matchAll(/<xs:complexType name="(\w+)">([\s\S]*?)<\/xs:complexType>/g)) {
    uit[m[1]] = [...m[2].matchAll(/<xs:element name="(\w+)"([^>]*)>/g)].map(([, naam, attrs]) => {
      const type = /type="(?:\w+:)?(\w+)"/.exec(attrs)?.[1] ?? '-';
      const min = /minOccurs="(\d+)"/.exec(attrs)?.[1] ?? '1';
      const max = /maxOccurs="(\w+)"/.exec(attrs)?.[1] ?? '1';
      return `${naam} ${type} ${min} ${max === 'unbounded' ? 'U' : max}`;
    });
  }
  return uit;
}

/** The same view of our definition of a message type (the iWmo differences applied). */
function eigenTypes(type: string): Record<string, string[]> {
  const domein = type.startsWith('JW') ? 'JW' : 'WMO';
  const def = BERICHTEN[type.slice(domein.length)];
  const types: Record<string, ComplexTypeDef> = { ...def.types, ...(domein === 'WMO' ? def.wmo : {}) };
  // Only the types reachable from the root are in the schema (an iWmo message may drop a class).
  const bereik = new Set(['Root']);
  for (const naam of bereik) for (const [, t] of types[naam]) if (typeof t === 'string' && Object.hasOwn(types, t)) bereik.add(t);
  return Object.fromEntries([...bereik].map((naam) => [naam, types[naam].map(([n, t, min, max]) =>
    `${n} ${typeof t === 'string' ? t : '-'} ${min} ${max === Infinity ? 'U' : max}`)]));
}

const TYPES = ['301', '302', '305', '306', '307', '308', '315', '316', '317', '318', '319', '320', '323', '325']
  .flatMap((s) => [`JW${s}`, `WMO${s}`]);

describe('schema definitions against the official XSDs', function () {
  before(function () {
    vereisReferentie(this);
  });

  for (const type of TYPES) {
    it(`defines ${type} with the classes, elements, types and cardinalities of its XSD`, function () {
      expect(eigenTypes(type)).to.deep.equal(xsdTypes(xsdPad(type)));
    });
  }

  it('takes GezagsdragerBekend out of WMO316 and Woonplaatsbeginsel out of WMO320, like the official XSDs', async function () {
    const wmo316 = serialiseer(voorbeeldBericht('WMO316', true)).replace('<wmo316:Commentaar>', '<wmo316:GezagsdragerBekend>1</wmo316:GezagsdragerBekend><wmo316:Commentaar>');
    const jw316 = serialiseer(voorbeeldBericht('JW316', true));
    expect(jw316).to.contain('GezagsdragerBekend');
    const wmo320 = serialiseer(voorbeeldBericht('WMO320', true)).replace(/(<wmo320:RedenAfwijzingVerzoek>\d<\/wmo320:RedenAfwijzingVerzoek>)/,
      '$1<wmo320:Woonplaatsbeginsel><wmo320:Gemeente>0479</wmo320:Gemeente><wmo320:RetourCodes><wmo320:RetourCode>0200</wmo320:RetourCode></wmo320:RetourCodes></wmo320:Woonplaatsbeginsel>');
    const jw320 = serialiseer(voorbeeldBericht('JW320', true));
    expect(jw320).to.contain('Woonplaatsbeginsel');
    for (const [type, xml, geldig] of [['WMO316', wmo316, false], ['JW316', jw316, true], ['WMO320', wmo320, false], ['JW320', jw320, true]] as const) {
      expect(xml.length, type).to.be.greaterThan(0);
      expect((await parseBericht(xml)).schemaGeldig, type).to.equal(geldig);
      expect(xmllintFouten(type, xml) === '', `xmllint ${type}`).to.equal(geldig);
    }
  });
});
