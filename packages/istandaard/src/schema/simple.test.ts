import { expect } from 'chai';
import { BASIS_SIMPLE } from './definities';
import { checkSimple, compileSimple, type SimpleType } from './simple';
import { xsdRegex } from './xsd-regex';

function basis(naam: string): SimpleType {
  return compileSimple(BASIS_SIMPLE[naam], basis);
}

const geldig = (type: string, v: string): boolean => checkSimple(basis(type), v, type).length === 0;

describe('xsdRegex', () => {
  it('anchors implicitly and treats ^ and $ as ordinary characters', () => {
    expect(xsdRegex('[0-9]{4}').test('12345')).to.equal(false);
    expect(xsdRegex('a^b$').test('a^b$')).to.equal(true);
  });

  it('lets . match anything but \\n and \\r, and \\s only the four XSD whitespace characters', () => {
    const r = xsdRegex('.*[^\\s].*');
    expect(r.test('\u2028x')).to.equal(true);
    expect(r.test('\u00a0')).to.equal(true);
    expect(r.test(' \t')).to.equal(false);
    expect(r.test('a\nb')).to.equal(false);
  });

  it('reads [.\\s] as a literal dot or whitespace', () => {
    const r = xsdRegex('([.\\s]*\\S+[.\\s]*)+');
    expect(r.test(' . ')).to.equal(true);
    expect(r.test('   ')).to.equal(false);
    expect(r.test('tekst met spaties')).to.equal(true);
  });

  it('matches the Unicode range of LDT_Voorletters', () => {
    const r = xsdRegex('([a-zA-ZÀ-ỳ])+');
    expect(r.test('ÀỳÄb')).to.equal(true);
    expect(r.test('A.')).to.equal(false);
  });
});

describe('simple types', () => {
  it('accepts xs:integer with sign, leading zeros and surrounding whitespace, within the bounds', () => {
    expect(geldig('LDT_Bedrag', ' +0079000\n')).to.equal(true);
    expect(geldig('LDT_Bedrag', '-0')).to.equal(true);
    expect(geldig('LDT_Bedrag', '-1')).to.equal(false);
    expect(geldig('LDT_Bedrag', '100000000')).to.equal(false);
    expect(geldig('LDT_Bedrag', '79 000')).to.equal(false);
    expect(geldig('LDT_Bedrag', '1.0')).to.equal(false);
    expect(geldig('LDT_TotaalBedrag', '9'.repeat(60))).to.equal(false);
  });

  it('checks xs:date calendars and LDT_Datum forbidding time zones', () => {
    expect(geldig('LDT_Datum', '2028-02-29')).to.equal(true);
    expect(geldig('LDT_Datum', '2027-02-29')).to.equal(false);
    expect(geldig('LDT_Datum', '2100-02-29')).to.equal(false);
    expect(geldig('LDT_Datum', '2000-02-29')).to.equal(true);
    expect(geldig('LDT_Datum', '2027-06-31')).to.equal(false);
    expect(geldig('LDT_Datum', ' 2026-05-06 ')).to.equal(true);
    expect(geldig('LDT_Datum', '12026-05-06')).to.equal(true);
    expect(geldig('LDT_Datum', '02026-05-06')).to.equal(false);
    expect(geldig('LDT_Datum', '0000-05-06')).to.equal(false);
    expect(geldig('LDT_Datum', '-0001-05-06')).to.equal(true);
    expect(geldig('LDT_Datum', '2026-05-06+01:00')).to.equal(false);
    expect(geldig('LDT_Datum', '2026-05-06+0100')).to.equal(false);
    expect(geldig('LDT_Datum', '2026-05-06Z')).to.equal(false);
  });

  it('checks xs:time like libxml2, and LDT_Tijd forbidding zones', () => {
    expect(geldig('LDT_Tijd', '12:34:56')).to.equal(true);
    expect(geldig('LDT_Tijd', '24:00:00')).to.equal(true);
    expect(geldig('LDT_Tijd', '12:00:00.5')).to.equal(true);
    expect(geldig('LDT_Tijd', '23:59:60')).to.equal(false);
    expect(geldig('LDT_Tijd', '12:00')).to.equal(false);
    expect(geldig('LDT_Tijd', '12:00:00Z')).to.equal(false);
  });

  it('keeps xs:string whitespace and counts length in code points', () => {
    expect(geldig('LDT_Eenheid', ' 01')).to.equal(false);
    expect(checkSimple(basis('LDT_Eenheid'), '05', 'Eenheid')).to.deep.equal([
      "element Eenheid: waarde '05' niet toegestaan (verwacht een van 01, 04, 14, 16, 82, 83, 84)",
    ]);
    expect(geldig('LDT_HuisnummerToevoeging', '😀😀😀😀')).to.equal(true);
    expect(geldig('LDT_HuisnummerToevoeging', '😀😀😀😀😀')).to.equal(false);
  });
});
