import { expect } from 'chai';
import { datum } from '@plafond/core';
import {
  aantalFrequentieEenheden,
  berekendBedrag,
  dagenInPeriode,
  eenheidFactor,
  isoWekenInPeriode,
  maandenInPeriode,
  overlapPeriode,
  toegestaanVolume,
  volumeOverLooptijd,
  volumeOverschrijding,
} from './periode';
import type { Omvang } from './typen';

const p = (b: string, e: string) => ({ begindatum: datum(b), einddatum: datum(e) });

describe('declaratie/periode', () => {
  it('intersects periods and keeps an open end open', () => {
    expect(overlapPeriode(p('2026-01-01', '2026-03-31'), p('2026-03-15', '2026-05-01'))).to.deep.equal(p('2026-03-15', '2026-03-31'));
    expect(overlapPeriode({ begindatum: datum('2026-01-01') }, { begindatum: datum('2026-02-01') })).to.deep.equal({ begindatum: '2026-02-01' });
    expect(overlapPeriode(p('2026-01-01', '2026-01-31'), p('2026-02-01', '2026-02-28'))).to.equal(undefined);
  });

  it('counts the leap day in February 2028', () => {
    expect(dagenInPeriode(p('2028-02-01', '2028-02-29'))).to.equal(29);
    const perDag: Omvang = { volume: 2, eenheid: '04', frequentie: '1' };
    expect(toegestaanVolume(perDag, { begindatum: datum('2028-01-01') }, p('2028-02-01', '2028-02-29'))).to.equal(58);
  });

  it('lists ISO week 53 of 2026 as the last week of December', () => {
    const weken = isoWekenInPeriode(p('2026-12-01', '2026-12-31'));
    expect(weken.map((w) => w.week)).to.deep.equal([49, 50, 51, 52, 53]);
    expect(weken[4]).to.deep.equal({ jaar: 2026, week: 53, maandag: '2026-12-28', zondag: '2027-01-03' });
  });

  it('starts January 2027 in week 53 of 2026 (a week spanning the year boundary)', () => {
    const weken = isoWekenInPeriode(p('2027-01-01', '2027-01-31'));
    expect(weken.map((w) => `${w.jaar}-W${w.week}`)).to.deep.equal(['2026-W53', '2027-W1', '2027-W2', '2027-W3', '2027-W4']);
  });

  it('counts a partial week at both ends of a month as a full week', () => {
    const perWeek: Omvang = { volume: 2, eenheid: '04', frequentie: '2' };
    // April 2026 runs Wednesday to Thursday: weeks 14..18.
    expect(aantalFrequentieEenheden('2', p('2026-04-01', '2026-04-30'))).to.equal(5);
    expect(toegestaanVolume(perWeek, { begindatum: datum('2026-01-01') }, p('2026-04-01', '2026-04-30'))).to.equal(10);
    // Clipped to a looptijd starting Wednesday 15 April: weeks 16..18.
    expect(toegestaanVolume(perWeek, { begindatum: datum('2026-04-15') }, p('2026-04-01', '2026-04-30'))).to.equal(6);
    expect(toegestaanVolume(perWeek, p('2026-01-01', '2026-03-31'), p('2026-04-01', '2026-04-30'))).to.equal(0);
  });

  it('lists months across a year boundary', () => {
    expect(maandenInPeriode(p('2026-11-15', '2027-02-01'))).to.deep.equal(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(aantalFrequentieEenheden('4', p('2026-11-15', '2027-02-01'))).to.equal(4);
  });

  it('computes the total over the looptijd, none for an open einddatum unless the frequency is totaal', () => {
    expect(volumeOverLooptijd({ volume: 3, eenheid: '04', frequentie: '4' }, p('2026-01-15', '2026-06-30'))).to.equal(18);
    expect(volumeOverLooptijd({ volume: 3, eenheid: '04', frequentie: '4' }, { begindatum: datum('2026-01-15') })).to.equal(undefined);
    expect(volumeOverLooptijd({ volume: 40, eenheid: '04', frequentie: '6' }, { begindatum: datum('2026-01-15') })).to.equal(40);
  });

  it('allows minutes on an hourly toewijzing and nothing else across units', () => {
    expect(eenheidFactor('01', '04')).to.equal(60);
    expect(eenheidFactor('04', '04')).to.equal(1);
    expect(eenheidFactor('04', '01')).to.equal(undefined);
    expect(eenheidFactor('16', '04')).to.equal(undefined);
  });

  it('rounds minutes on an hourly tariff half up to whole cents (6543 x 50 / 60 = 5452.5 -> 5453)', () => {
    expect(berekendBedrag(50, 6543n, '01', '04')).to.equal(5453n);
    expect(berekendBedrag(4, 1250n, '04', '04')).to.equal(5000n);
    expect(berekendBedrag(30, 1250n, '01', '01')).to.equal(37500n);
  });

  it('holds the weekly maximum per ISO week across prestaties in neighbouring months', () => {
    const looptijd = { begindatum: datum('2026-01-01') };
    // March 2026 (Sunday 1 March) touches weeks 9..14 = 6 weeks; April weeks 14..18 = 5 weeks; week 14 is shared.
    const maart = { periode: p('2026-03-01', '2026-03-31'), volume: 12 };
    expect(volumeOverschrijding('2', 2, looptijd, [maart], { periode: p('2026-04-01', '2026-04-30'), volume: 8 })).to.equal(undefined);
    const over = volumeOverschrijding('2', 2, looptijd, [maart], { periode: p('2026-04-01', '2026-04-30'), volume: 10 });
    expect(over).to.deep.equal({ periode: p('2026-04-01', '2026-04-30'), toegestaan: 8, geclaimd: 10 });
    // On its own, April may use all five weeks.
    expect(volumeOverschrijding('2', 2, looptijd, [], { periode: p('2026-04-01', '2026-04-30'), volume: 10 })).to.equal(undefined);
  });

  it('does not blame a new claim for an old overbooking elsewhere', () => {
    const looptijd = { begindatum: datum('2026-01-01') };
    const oudTeVeel = { periode: p('2026-01-01', '2026-01-31'), volume: 100 };
    expect(volumeOverschrijding('2', 2, looptijd, [oudTeVeel], { periode: p('2026-04-01', '2026-04-30'), volume: 10 })).to.equal(undefined);
    // ...but a new claim sharing the overbooked week 5 (26 Jan - 1 Feb) only gets what is left there.
    expect(volumeOverschrijding('2', 2, looptijd, [oudTeVeel], { periode: p('2026-02-01', '2026-02-01'), volume: 1 })).to.deep.equal({
      periode: p('2026-02-01', '2026-02-01'),
      toegestaan: 0,
      geclaimd: 1,
    });
  });
});
