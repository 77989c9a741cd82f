import { expect } from 'chai';
import type { Maand } from '@plafond/core';
import { berekenUitnutting, perDomein } from './uitnutting';
import { bepaalSignalen } from './signalen';

const m = (s: string) => s as Maand;

describe('budget/uitnutting', () => {
  it('adds realisatie per month and forecasts by the run-rate of the last three months', () => {
    const rows = berekenUitnutting(
      [
        { agb: '12345678', domein: 'JW', gemeente: '0479', maand: m('2026-01'), toegekend: 100_00n },
        { agb: '12345678', domein: 'JW', gemeente: '0479', maand: m('2026-02'), toegekend: 200_00n },
        { agb: '12345678', domein: 'JW', gemeente: '0439', maand: m('2026-03'), toegekend: 300_00n },
        { agb: '12345678', domein: 'JW', gemeente: '0439', maand: m('2026-04'), toegekend: 999_00n },
      ],
      [{ agb: '12345678', domein: 'JW', gemeente: null, bedrag: 1000_00n }],
      2026,
      3,
    );
    expect(rows).to.have.length(1);
    expect(rows[0].realisatie).to.equal(600_00n);
    expect(rows[0].prognose).to.equal(600_00n + 9n * 200_00n);
    expect(rows[0].uitnuttingPct).to.equal('60.0');
    expect(perDomein(rows)[0].plafond).to.equal(1000_00n);
  });

  it('signals overbesteding by margin and the 70% warning early in the year', () => {
    const rows = berekenUitnutting(
      [{ agb: '11111111', domein: 'WMO', gemeente: '0479', maand: m('2026-03'), toegekend: 800_00n }],
      [
        { agb: '11111111', domein: 'WMO', gemeente: null, bedrag: 1000_00n },
        { agb: '22222222', domein: 'WMO', gemeente: null, bedrag: 1000_00n },
      ],
      2026,
      3,
    );
    const s = bepaalSignalen(rows, 3);
    expect(s[0]).to.include({ soort: 'overbesteding', agb: '11111111', ernst: 3 });
    expect(s.map((x) => x.soort)).to.include('waarschuwing-70');
    expect(s.find((x) => x.agb === '22222222')?.soort).to.equal('onderbesteding');
  });
});
