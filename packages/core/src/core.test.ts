import { expect } from 'chai';
import { addDays, addMonths, daysBetween, endOfMonth, fromEpochDay, isDatum, isoWeek, isoWeekday, toEpochDay, datum, vandaag } from './datum';
import { formatEuro, parseEuro, toCents } from './geld';
import { isGeldigBsn } from './bsn';
import { pseudoniem } from './pseudoniem';

describe('core/datum', () => {
  it('gives today in the Amsterdam calendar, around midnight in summer and winter time alike, call after call', () => {
    expect(vandaag(new Date('2024-06-30T21:59:59Z'))).to.equal('2024-06-30');
    expect(vandaag(new Date('2024-06-30T22:00:00Z'))).to.equal('2024-07-01');
    expect(vandaag(new Date('2024-12-31T22:59:59Z'))).to.equal('2024-12-31');
    expect(vandaag(new Date('2024-12-31T23:00:00Z'))).to.equal('2025-01-01');
    expect(vandaag(new Date('2024-06-30T22:00:00Z'))).to.equal('2024-07-01');
  });
  it('rejects days that do not exist', () => {
    expect(isDatum('2027-06-31')).to.equal(false);
    expect(isDatum('2024-02-29')).to.equal(true);
    expect(isDatum('2023-02-29')).to.equal(false);
    expect(isDatum('2026-1-01')).to.equal(false);
  });
  it('round-trips epoch days over four centuries', () => {
    for (let n = -200000; n < 200000; n += 97) expect(toEpochDay(fromEpochDay(n))).to.equal(n);
    expect(toEpochDay(datum('1970-01-01'))).to.equal(0);
    expect(toEpochDay(datum('2000-03-01'))).to.equal(11017);
  });
  it('does month and day arithmetic without time zones', () => {
    expect(addDays(datum('2026-12-31'), 1)).to.equal('2027-01-01');
    expect(daysBetween(datum('2026-01-01'), datum('2027-01-01'))).to.equal(365);
    expect(endOfMonth(datum('2028-02-10'))).to.equal('2028-02-29');
    expect(addMonths(datum('2026-01-31'), 1)).to.equal('2026-02-28');
  });
  it('numbers ISO-8601 weeks across year boundaries', () => {
    expect(isoWeekday(datum('2026-11-23'))).to.equal(1);
    expect(isoWeek(datum('2026-01-01'))).to.deep.equal({ jaar: 2026, week: 1 });
    expect(isoWeek(datum('2027-01-01'))).to.deep.equal({ jaar: 2026, week: 53 });
    expect(isoWeek(datum('2024-12-30'))).to.deep.equal({ jaar: 2025, week: 1 });
  });
});

describe('core/geld', () => {
  it('parses euro amounts with point or comma into exact cents', () => {
    expect(parseEuro('1234.5')).to.equal(123450n);
    expect(parseEuro('1.234,56')).to.equal(123456n);
    expect(parseEuro('1,234.56')).to.equal(123456n);
    expect(parseEuro('0,1')).to.equal(10n);
    expect(parseEuro('1.234.567')).to.equal(123456700n);
    expect(() => parseEuro('1.234')).to.throw(/decimalen/);
    expect(() => parseEuro('1.2345')).to.throw(/decimalen/);
    expect(() => parseEuro('abc')).to.throw(/geen geldig bedrag/);
  });
  it('rounds half away from zero to whole cents', () => {
    expect(toCents('2.5')).to.equal(3n);
    expect(toCents('-2.5')).to.equal(-3n);
    expect(formatEuro(-123456n)).to.equal('-1234.56');
  });
});

describe('core/bsn and pseudoniem', () => {
  it('accepts BSNs that pass the elfproef and rejects others', () => {
    expect(isGeldigBsn('999900006')).to.equal(true);
    expect(isGeldigBsn('999900018')).to.equal(true);
    expect(isGeldigBsn('999900007')).to.equal(false);
    expect(isGeldigBsn('12345678')).to.equal(false);
  });
  it('gives a stable keyed pseudonym that does not contain the BSN', () => {
    const p = pseudoniem('999900006', 'k1');
    expect(p).to.equal(pseudoniem('999900006', 'k1'));
    expect(p).to.not.equal(pseudoniem('999900006', 'k2'));
    expect(p).to.not.contain('999900006');
  });
});
