import { expect } from 'chai';
import { datum } from '@plafond/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ISTANDAARDEN_DIR, vereisIstandaarden } from '../../../test/support/istandaarden';
import { binnenTermijnPerMaand, onderzoekStand, termijnStand, TERMIJNEN, werkdagenTussen } from './termijnen';
import { REDEN_AFWIJZING_TEKST, REDENEN_AFWIJZING } from './verzoek';

const d = datum;

describe('werkvoorraad/termijnen', () => {
  it('counts werkdagen without weekends and Algemene termijnenwet holidays (Koningsdag, Hemelvaart)', () => {
    expect(werkdagenTussen(d('2026-04-24'), d('2026-04-28'))).to.equal(1); // Sat, Sun, Mon 27 April Koningsdag, Tue
    expect(werkdagenTussen(d('2026-05-13'), d('2026-05-15'))).to.equal(1); // Thu 14 May Hemelvaart
    expect(werkdagenTussen(d('2026-05-15'), d('2026-05-13'))).to.equal(-1);
  });

  it('signals a declaratie after 8 werkdagen and when its 10-werkdagen term has passed', () => {
    const ontvangen = d('2026-06-01');
    expect(termijnStand(ontvangen, d('2026-06-10'), TERMIJNEN.declaratie)).to.deep.equal({ termijn: '2026-06-15', werkdagenResterend: 3, signaal: null });
    expect(termijnStand(ontvangen, d('2026-06-11'), TERMIJNEN.declaratie).signaal).to.equal('termijn-nadert');
    expect(termijnStand(ontvangen, d('2026-06-15'), TERMIJNEN.declaratie)).to.deep.equal({ termijn: '2026-06-15', werkdagenResterend: 0, signaal: 'termijn-nadert' });
    expect(termijnStand(ontvangen, d('2026-06-16'), TERMIJNEN.declaratie)).to.deep.equal({ termijn: '2026-06-15', werkdagenResterend: -1, signaal: 'termijn-verstreken' });
  });

  it('signals a verzoek after 4 of its 5 werkdagen; in onderzoek its term is 8 weeks after the dagtekening', () => {
    expect(termijnStand(d('2026-06-01'), d('2026-06-04'), TERMIJNEN.verzoek).signaal).to.equal(null);
    expect(termijnStand(d('2026-06-01'), d('2026-06-05'), TERMIJNEN.verzoek).signaal).to.equal('termijn-nadert');
    expect(onderzoekStand(d('2026-06-01'), d('2026-06-10'))).to.deep.include({ termijn: '2026-07-27', signaal: null });
    expect(onderzoekStand(d('2026-06-01'), d('2026-07-28')).signaal).to.equal('termijn-verstreken');
  });

  it('gives the share answered within term per month of receipt, judging only what is answered or past its term', () => {
    const rijen = [
      { soort: 'declaratie' as const, ontvangstdatum: d('2026-06-01'), beantwoord: d('2026-06-15') },
      { soort: 'declaratie' as const, ontvangstdatum: d('2026-06-01'), beantwoord: d('2026-06-16') },
      { soort: 'declaratie' as const, ontvangstdatum: d('2026-06-02'), beantwoord: null },
      { soort: 'declaratie' as const, ontvangstdatum: d('2026-06-29'), beantwoord: null },
      { soort: 'verzoek' as const, ontvangstdatum: d('2026-07-01'), beantwoord: d('2026-07-02') },
    ];
    expect(binnenTermijnPerMaand(rijen, d('2026-07-03'))).to.deep.equal([
      { maand: '2026-06', soort: 'declaratie', ontvangen: 4, beoordeeld: 3, binnenTermijn: 1, aandeelPct: '33.3' },
      { maand: '2026-07', soort: 'verzoek', ontvangen: 1, beoordeeld: 1, binnenTermijn: 1, aandeelPct: '100.0' },
    ]);
  });

  it('names every RedenAfwijzingVerzoek as the official code list WJ759 does', function () {
    vereisIstandaarden(this);
    const regels = readFileSync(join(ISTANDAARDEN_DIR, 'codelijsten', 'diverse.csv'), 'utf8').split('\n').filter((r) => r.startsWith('WJ759 '));
    const officieel = Object.fromEntries(regels.map((r) => r.split(',')).map(([, code, ...tekst]) => [code, tekst.join(',').trim()]));
    expect(REDEN_AFWIJZING_TEKST).to.deep.equal(officieel);
    expect([...REDENEN_AFWIJZING]).to.deep.equal(Object.keys(officieel));
  });
});
