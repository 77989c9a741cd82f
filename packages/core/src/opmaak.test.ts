import { expect } from 'chai';
import { formatEuroNl, formatPercentNl } from './opmaak';

describe('Dutch formatting for people', () => {
  it('writes euros with a thousands dot and a decimal comma', () => {
    expect(formatEuroNl(1842951400n)).to.equal('€ 18.429.514,00');
    expect(formatEuroNl(5n)).to.equal('€ 0,05');
    expect(formatEuroNl(-123456n)).to.equal('-€ 1.234,56');
    expect(formatEuroNl(99999n)).to.equal('€ 999,99');
  });

  it('writes percentages with a decimal comma, rounded half away from zero', () => {
    expect(formatPercentNl('0.1')).to.equal('0,1%');
    expect(formatPercentNl(12.25)).to.equal('12,3%');
    expect(formatPercentNl('1234.5', 0)).to.equal('1.235%');
    expect(formatPercentNl('-0.04')).to.equal('0,0%');
  });
});
