import { expect } from 'chai';
import { datum } from '@plafond/core';
import { isWerkdag, nationaleFeestdagen, paasZondag, werkdagenTermijn } from './werkdagen';

describe('declaratie/werkdagen', () => {
  it('computes Easter Sunday', () => {
    expect(paasZondag(2024)).to.equal('2024-03-31');
    expect(paasZondag(2025)).to.equal('2025-04-20');
    expect(paasZondag(2026)).to.equal('2026-04-05');
    expect(paasZondag(2038)).to.equal('2038-04-25');
  });

  it('lists the Dutch national holidays of 2026 with Ascension and Whit Monday from Easter', () => {
    expect(nationaleFeestdagen(2026)).to.deep.equal([
      '2026-01-01', '2026-04-05', '2026-04-06', '2026-04-27', '2026-05-05', '2026-05-14', '2026-05-24', '2026-05-25', '2026-12-25', '2026-12-26',
    ]);
  });

  it('moves Koningsdag to 26 April when 27 April is a Sunday', () => {
    expect(nationaleFeestdagen(2025)).to.include('2025-04-26');
    expect(nationaleFeestdagen(2025)).not.to.include('2025-04-27');
  });

  it('treats weekends and holidays as non-working days but Good Friday as a working day', () => {
    expect(isWerkdag(datum('2026-04-06'))).to.equal(false);
    expect(isWerkdag(datum('2026-04-04'))).to.equal(false);
    expect(isWerkdag(datum('2026-04-03'))).to.equal(true);
  });

  it('sets the answer deadline 10 werkdagen after receipt, skipping Easter Monday', () => {
    expect(werkdagenTermijn(datum('2026-04-01'), 10)).to.equal('2026-04-16');
  });

  it('skips Koningsdag, Bevrijdingsdag and Ascension Day', () => {
    expect(werkdagenTermijn(datum('2026-04-24'), 3)).to.equal('2026-04-30');
    expect(werkdagenTermijn(datum('2026-05-04'), 1)).to.equal('2026-05-06');
    expect(werkdagenTermijn(datum('2026-05-13'), 1)).to.equal('2026-05-15');
  });

  it('runs over Christmas and New Year', () => {
    // 24 Dec 2026 is a Thursday: 25/26 holiday, weekend, 28-31 Dec, 1 Jan holiday, weekend, 4 Jan.
    expect(werkdagenTermijn(datum('2026-12-24'), 5)).to.equal('2027-01-04');
  });
});
