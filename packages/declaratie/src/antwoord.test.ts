import { expect } from 'chai';
import { Conflict, datum } from '@plafond/core';
import { bouwDeclaratieAntwoord } from './antwoord';
import { beslisDeclaratie, type BeslisContext, type DeclaratieInvoer, type PrestatieInvoer } from './beslis';
import type { Toewijzing } from './typen';

const APRIL = { begindatum: datum('2026-04-01'), einddatum: datum('2026-04-30') };

const toewijzingen: Toewijzing[] = ['T1', 'T2'].map((nr, i) => ({
  gemeente: '0479',
  domein: 'JW',
  toewijzingNummer: nr,
  aanbieder: '65656055',
  bsn: i === 0 ? '999900006' : '999900018',
  product: { categorie: '45', code: '45A03' },
  toewijzingsdatum: datum('2025-12-15'),
  ingangsdatum: datum('2026-01-01'),
  variant: 'specifiek',
  verwijderd: false,
}));

function prestatie(ref: string, toewijzingNummer: string, bedrag: bigint): PrestatieInvoer {
  return {
    referentieNummer: ref,
    toewijzingNummer,
    productCategorie: '45',
    productCode: '45A03',
    productPeriode: APRIL,
    geleverdVolume: 4,
    eenheid: '04',
    productTarief: 1250n,
    ingediendBedrag: { bedrag, debetCredit: 'D' },
  };
}

function invoer(prestaties: PrestatieInvoer[][]): DeclaratieInvoer {
  return {
    afzender: '65656055',
    ontvanger: '0479',
    domein: 'JW',
    berichtIdentificatie: '765432198',
    dagtekening: datum('2026-05-06'),
    declaratieNummer: 'DN001',
    declaratiePeriode: APRIL,
    declaratieDagtekening: datum('2026-05-06'),
    totaalIngediendBedrag: { bedrag: 15000n, debetCredit: 'D' },
    clienten: prestaties.map((p, i) => ({ bsn: i === 0 ? '999900006' : '999900018', prestaties: p })),
  };
}

function context(extra: Partial<BeslisContext> = {}): BeslisContext {
  return {
    berichtAlOntvangen: false,
    declaratieNummerBekend: false,
    vorigeDeclaratiePeriodes: [],
    toewijzing: (nr) => toewijzingen.find((t) => t.toewijzingNummer === nr),
    prestatie: () => undefined,
    prestatiesOpToewijzing: () => [],
    contractTarief: () => ({ tarief: 1250n, eenheid: '04' }),
    productCodeGeldig: () => true,
    gemeenteGeldig: () => true,
    ...extra,
  };
}

describe('declaratie/antwoord', () => {
  it('answers a fully granted declaratie with 8001, no clients and the granted total', () => {
    const inv = invoer([[prestatie('RN1', 'T1', 5000n)], [prestatie('RN2', 'T2', 5000n)]]);
    const a = bouwDeclaratieAntwoord(inv, beslisDeclaratie(inv, context()));
    expect(a.headerRetourcodes).to.deep.equal(['0200']);
    expect(a.afzender).to.equal('0479');
    expect(a.ontvanger).to.equal('65656055');
    expect(a.declaratieIdentificatie).to.deep.equal({ identificatie: '765432198', dagtekening: '2026-05-06' });
    expect(a.declaratieAntwoord).to.deep.equal({
      declaratieNummer: 'DN001',
      totaalIngediendBedrag: { bedrag: 15000n, debetCredit: 'D' },
      totaalToegekendBedrag: { bedrag: 10000n, debetCredit: 'D' },
      clienten: [],
      retourcodes: ['8001'],
    });
  });

  it('returns only clients with a rejected prestatie and only their rejected prestaties, echoing the original values', () => {
    const fout = prestatie('RN3', 'T2', 4999n);
    const inv = invoer([[prestatie('RN1', 'T1', 5000n)], [prestatie('RN2', 'T2', 5000n), fout]]);
    inv.clienten[1].prestaties[1].productPeriode = { begindatum: datum('2026-03-01'), einddatum: datum('2026-03-31') };
    const a = bouwDeclaratieAntwoord(inv, beslisDeclaratie(inv, context()));
    expect(a.declaratieAntwoord!.retourcodes).to.deep.equal(['0200']);
    expect(a.declaratieAntwoord!.totaalToegekendBedrag).to.deep.equal({ bedrag: 10000n, debetCredit: 'D' });
    expect(a.declaratieAntwoord!.clienten).to.deep.equal([
      { bsn: '999900018', retourcodes: ['0200'], prestaties: [{ ...inv.clienten[1].prestaties[1], retourcodes: ['9346'] }] },
    ]);
  });

  it('answers a declaratie rejected at declaratie level without prestaties and with TotaalToegekendBedrag 0 (TR342)', () => {
    const inv = invoer([[prestatie('RN1', 'T1', 5000n)]]);
    const a = bouwDeclaratieAntwoord(inv, beslisDeclaratie(inv, context({ declaratieNummerBekend: true })));
    expect(a.headerRetourcodes).to.deep.equal(['0200']);
    expect(a.declaratieAntwoord).to.deep.equal({
      declaratieNummer: 'DN001',
      totaalIngediendBedrag: { bedrag: 15000n, debetCredit: 'D' },
      totaalToegekendBedrag: { bedrag: 0n, debetCredit: 'D' },
      clienten: [],
      retourcodes: ['9333'],
    });
  });

  it('answers a resent message with 9056 in the header and no DeclaratieAntwoord', () => {
    const inv = invoer([[prestatie('RN1', 'T1', 5000n)]]);
    const a = bouwDeclaratieAntwoord(inv, beslisDeclaratie(inv, context({ berichtAlOntvangen: true })));
    expect(a.headerRetourcodes).to.deep.equal(['9056']);
    expect(a.declaratieAntwoord).to.equal(undefined);
  });

  it('refuses to answer while prestaties are still held', () => {
    const inv = invoer([[prestatie('RN1', 'T1', 5000n)]]);
    const b = beslisDeclaratie(inv, context({ budgetBeleid: () => 'aanhouden' }));
    expect(() => bouwDeclaratieAntwoord(inv, b)).to.throw(Conflict, /aangehouden/);
  });
});
