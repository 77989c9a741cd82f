import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { naarModel } from '../model/naar-model';
import { boom, ISTANDAARDEN_DIR, vereisReferentie, xmllintFouten } from '../model/testhulp';
import { serialiseer, schrijfDeclaratie } from './schrijf';
import { BERICHT_TYPES } from '../xml/node';
import type { Bericht, Bericht323, Bericht325 } from '../model/berichten';
import { declaratie, prestatie, voorbeeldBericht } from '../model/testmodellen';

// Known-invalid official examples (see the reference README): not usable for a round trip.
const ONGELDIG = new Set(['JW315.xml', 'JW318.xml']);

describe('serialiseer: official examples round-trip', function () {
  before(function () {
    vereisReferentie(this);
  });

  for (const map of ['ijw-3.2/voorbeelden', 'iwmo-3.2/voorbeelden']) {
    it(`re-serialises every valid example in ${map} to XSD-valid XML that maps back to the same model`, function () {
      const dir = join(ISTANDAARDEN_DIR, map);
      const bestanden = readdirSync(dir).filter((f) => f.endsWith('.xml') && !ONGELDIG.has(f));
      expect(bestanden.length).to.be.greaterThan(5);
      for (const f of bestanden) {
        const model = naarModel(boom(readFileSync(join(dir, f), 'utf8')));
        const xml = serialiseer(model);
        expect(xmllintFouten(model.type, xml), f).to.equal('');
        expect(naarModel(boom(xml)), f).to.deep.equal(model);
        expect(serialiseer(naarModel(boom(xml))), f).to.equal(xml);
      }
    });
  }
});

describe('serialiseer: every kind validates against the official XSD', function () {
  before(function () {
    vereisReferentie(this);
  });

  for (const type of BERICHT_TYPES) {
    it(`writes ${type} with every optional element and with none, both schema-valid and round-tripping`, function () {
      for (const vol of [true, false]) {
        const model = voorbeeldBericht(type, vol);
        const xml = serialiseer(model);
        expect(xmllintFouten(type, xml), `${type} vol=${vol}`).to.equal('');
        expect(naarModel(boom(xml))).to.deep.equal(model);
      }
    });
  }

  it('escapes markup characters in text and keeps them through a round trip', function () {
    const model = voorbeeldBericht('JW301', true);
    const xml = serialiseer(model);
    expect(xml).to.contain('<ijw:Identificatie>B&amp;1&lt;&quot;x&quot;&gt;</ijw:Identificatie>');
    expect(xml).to.contain('regel 2 &amp; &lt;meer&gt;');
    expect(naarModel(boom(xml)).header.berichtIdentificatie.identificatie).to.equal('B&1<"x">');
  });

  it('leaves Woonplaatsbeginsel and GezagsdragerBekend out of the Wmo messages whose schema lacks them', function () {
    const jw = voorbeeldBericht('JW319', true);
    const wmo = { ...jw, domein: 'WMO', type: 'WMO319' } as Bericht;
    expect(serialiseer(jw)).to.contain('Woonplaatsbeginsel');
    expect(serialiseer(wmo)).not.to.contain('Woonplaatsbeginsel');
    expect(xmllintFouten('WMO319', serialiseer(wmo))).to.equal('');
  });
});

describe('naarModel: XSD lexical forms', function () {
  it('reads integers with whitespace, sign and leading zeros and dates with surrounding whitespace', function () {
    const xml = serialiseer(voorbeeldBericht('JW323', true))
      .replace('<jw323:GeleverdVolume>4<', '<jw323:GeleverdVolume> +0004\n<')
      .replace('<ijw:Bedrag>5000<', '<ijw:Bedrag>\t005000 <')
      .replace('<jw323:DeclaratieDagtekening>2026-05-06<', '<jw323:DeclaratieDagtekening> 2026-05-06 <');
    const m = naarModel(boom(xml)) as Bericht323;
    const p = m.declaratie.clienten[0].prestaties[0];
    expect(p.geleverdVolume).to.equal(4);
    expect(p.ingediendBedrag.bedrag).to.equal(5000n);
    expect(m.declaratie.declaratieDagtekening).to.equal('2026-05-06');
  });
});

describe('schrijfDeclaratie', function () {
  before(function () {
    vereisReferentie(this);
  });

  it('streams a 323 chunk by chunk into the same document serialiseer writes', function () {
    const model = declaratie('JW323', [
      { bsn: '999900006', prestaties: [prestatie('RN1'), prestatie('RN2')] },
      { bsn: '999900018', prestaties: [prestatie('RN3')] },
    ]);
    const chunks: string[] = [];
    const { clienten, ...kop } = model.declaratie;
    schrijfDeclaratie({ domein: 'JW', type: 'JW323', header: model.header, declaratie: kop }, clienten, (c) => chunks.push(c));
    expect(chunks.length).to.be.greaterThan(2);
    expect(chunks.join('')).to.equal(serialiseer(model));
    expect(xmllintFouten('JW323', chunks.join(''))).to.equal('');
  });

  it('streams a 325 from a generator, with and without clients', function () {
    const model = voorbeeldBericht('WMO325', true) as Bericht325;
    const { clienten, ...kop } = model.declaratieAntwoord!;
    function* gen() {
      yield* clienten!;
    }
    let xml = '';
    schrijfDeclaratie({ domein: 'WMO', type: 'WMO325', header: model.header, declaratieAntwoord: kop }, gen(), (c) => { xml += c; });
    expect(xml).to.equal(serialiseer(model));
    let leeg = '';
    schrijfDeclaratie({ domein: 'WMO', type: 'WMO325', header: model.header, declaratieAntwoord: kop }, [], (c) => { leeg += c; });
    expect(leeg).not.to.contain('Clienten');
    expect(xmllintFouten('WMO325', leeg)).to.equal('');
    const { clienten: _c, ...zonder } = model.declaratieAntwoord!;
    expect(leeg).to.equal(serialiseer({ ...model, declaratieAntwoord: zonder }));
  });
});
