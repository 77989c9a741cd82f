import { expect } from 'chai';
import { datum, type Cents } from '@plafond/core';
import {
  beslisAangehouden,
  beslisDeclaratie,
  type BeslisContext,
  type DeclaratieInvoer,
  type EerderePrestatie,
  type PrestatieInvoer,
} from './beslis';
import type { GeslotenPeriode, Toewijzing } from './typen';

const BSN = '999900006';
const AGB = '65656055';
const p = (b: string, e: string): GeslotenPeriode => ({ begindatum: datum(b), einddatum: datum(e) });
const APRIL = p('2026-04-01', '2026-04-30');
const MAART = p('2026-03-01', '2026-03-31');

/** Specifiek, 2 uur per week, all of 2026, contract tariff 6543 per uur. */
function toewijzing(extra: Partial<Toewijzing> = {}): Toewijzing {
  return {
    gemeente: '0479',
    domein: 'JW',
    toewijzingNummer: 'T1',
    aanbieder: AGB,
    bsn: BSN,
    product: { categorie: '45', code: '45A03' },
    toewijzingsdatum: datum('2025-12-15'),
    ingangsdatum: datum('2026-01-01'),
    einddatum: datum('2026-12-31'),
    omvang: { volume: 2, eenheid: '04', frequentie: '2' },
    variant: 'specifiek',
    bekostiging: 'inspanning',
    verwijderd: false,
    ...extra,
  };
}

function prestatie(extra: Partial<PrestatieInvoer> = {}): PrestatieInvoer {
  const basis: PrestatieInvoer = {
    referentieNummer: 'RN1',
    toewijzingNummer: 'T1',
    productCategorie: '45',
    productCode: '45A03',
    productPeriode: APRIL,
    geleverdVolume: 8,
    eenheid: '04',
    productTarief: 6543n,
    ingediendBedrag: { bedrag: 8n * 6543n, debetCredit: 'D' },
  };
  return { ...basis, ...extra };
}

function debet(extra: Partial<PrestatieInvoer> & { geleverdVolume?: number } = {}): PrestatieInvoer {
  const pr = prestatie(extra);
  if (!extra.ingediendBedrag) pr.ingediendBedrag = { bedrag: BigInt(pr.geleverdVolume) * (pr.productTarief ?? 0n), debetCredit: 'D' };
  return pr;
}

function eerder(pr: PrestatieInvoer, extra: Partial<EerderePrestatie> = {}): EerderePrestatie {
  return { ...pr, beslissing: 'toegekend', gecrediteerd: false, ...extra };
}

function declaratie(prestaties: PrestatieInvoer[], bsn = BSN): DeclaratieInvoer {
  let totaal = 0n;
  for (const pr of prestaties) totaal += pr.ingediendBedrag.debetCredit === 'D' ? pr.ingediendBedrag.bedrag : -pr.ingediendBedrag.bedrag;
  return {
    afzender: AGB,
    ontvanger: '0479',
    domein: 'JW',
    berichtIdentificatie: 'B1',
    dagtekening: datum('2026-05-06'),
    declaratieNummer: 'DN1',
    declaratiePeriode: APRIL,
    declaratieDagtekening: datum('2026-05-06'),
    totaalIngediendBedrag: totaal < 0n ? { bedrag: -totaal, debetCredit: 'C' } : { bedrag: totaal, debetCredit: 'D' },
    clienten: [{ bsn, prestaties }],
  };
}

interface Wereld {
  toewijzingen?: Toewijzing[];
  eerder?: EerderePrestatie[];
  tarief?: Cents;
  tariefEenheid?: string;
  extra?: Partial<BeslisContext>;
}

function context(w: Wereld = {}): BeslisContext {
  const toewijzingen = w.toewijzingen ?? [toewijzing()];
  const eerdere = w.eerder ?? [];
  return {
    berichtAlOntvangen: false,
    declaratieNummerBekend: false,
    vorigeDeclaratiePeriodes: [MAART],
    toewijzing: (nr) => toewijzingen.find((t) => t.toewijzingNummer === nr),
    prestatie: (ref) => eerdere.find((e) => e.referentieNummer === ref),
    prestatiesOpToewijzing: (nr) => eerdere.filter((e) => e.toewijzingNummer === nr),
    contractTarief: () => ({ tarief: w.tarief ?? 6543n, eenheid: w.tariefEenheid ?? '04' }),
    productCodeGeldig: (categorie, code) => code.startsWith(categorie),
    gemeenteGeldig: (g, d) => g !== '0370' || d < '2022-01-01',
    ...w.extra,
  };
}

/** Decides one prestatie and returns its retourcodes. */
function codes(pr: PrestatieInvoer, w: Wereld = {}, bsn = BSN): string[] {
  const b = beslisDeclaratie(declaratie([pr], bsn), context(w));
  return b.prestaties[0].retourcodes;
}

describe('declaratie/beslis', () => {
  it('grants a correct debet in full and books it', () => {
    const b = beslisDeclaratie(declaratie([debet()]), context());
    expect(b.prestaties[0]).to.include({ beslissing: 'toegekend', toegekendBedrag: 52344n });
    expect(b.prestaties[0].retourcodes).to.deep.equal([]);
    expect(b.volledigToegekend).to.equal(true);
    expect(b.totaalToegekendBedrag).to.deep.equal({ bedrag: 52344n, debetCredit: 'D' });
    expect(b.boeking.boeken).to.equal(true);
    expect(b.boeking.toegekend.map((x) => x.referentieNummer)).to.deep.equal(['RN1']);
  });

  it('answers a resent message with 9056 at header level and books nothing', () => {
    const b = beslisDeclaratie(declaratie([debet()]), context({ extra: { berichtAlOntvangen: true } }));
    expect(b.headerRetourcodes).to.deep.equal(['9056']);
    expect(b.prestaties).to.deep.equal([]);
    expect(b.boeking.boeken).to.equal(false);
    expect(b.volledigToegekend).to.equal(false);
  });

  it('rejects the whole declaratie with 9333 when the DeclaratieNummer is already known', () => {
    const b = beslisDeclaratie(declaratie([debet()]), context({ extra: { declaratieNummerBekend: true } }));
    expect(b.declaratieRetourcodes).to.deep.equal(['9333']);
    expect(b.prestaties).to.have.length(0);
    expect(b.totaalToegekendBedrag).to.deep.equal({ bedrag: 0n, debetCredit: 'D' });
    expect(b.boeking.boeken).to.equal(false);
  });

  it('rejects a declaratieperiode that skips a month with care with 8214, accepts a connecting one', () => {
    const gat = context({ extra: { vorigeDeclaratiePeriodes: [p('2026-01-01', '2026-01-31')], zorgGeleverdIn: () => true } });
    expect(beslisDeclaratie(declaratie([debet()]), gat).declaratieRetourcodes).to.deep.equal(['8214']);
    const zonderZorg = context({ extra: { vorigeDeclaratiePeriodes: [p('2026-01-01', '2026-01-31')], zorgGeleverdIn: () => false } });
    expect(beslisDeclaratie(declaratie([debet()]), zonderZorg).declaratieRetourcodes).to.deep.equal([]);
    const aansluitend = context({ extra: { zorgGeleverdIn: () => true } });
    expect(beslisDeclaratie(declaratie([debet()]), aansluitend).declaratieRetourcodes).to.deep.equal([]);
  });

  it('rejects a prestatie for another client than the toewijzing with 8187', () => {
    expect(codes(debet(), {}, '999900018')).to.deep.equal(['8187']);
  });

  it('rejects a ReferentieNummer used before with 8021, also within one message', () => {
    expect(codes(debet(), { eerder: [eerder(debet({ productPeriode: MAART }), { beslissing: 'afgewezen' })] })).to.deep.equal(['8021']);
    const b = beslisDeclaratie(declaratie([debet({ geleverdVolume: 1 }), debet({ geleverdVolume: 1, productPeriode: MAART })]), context());
    expect(b.prestaties.map((x) => x.retourcodes)).to.deep.equal([[], ['8021']]);
  });

  it('rejects a ProductPeriode before the ingangsdatum with 9307 and after the einddatum with 9308', () => {
    expect(codes(debet(), { toewijzingen: [toewijzing({ ingangsdatum: datum('2026-04-10') })] })).to.include('9307');
    expect(codes(debet(), { toewijzingen: [toewijzing({ einddatum: datum('2026-04-20') })] })).to.include('9308');
    expect(codes(debet(), { toewijzingen: [toewijzing({ einddatum: datum('2026-04-30') })] })).to.deep.equal([]);
  });

  it('rejects a ProductPeriode after the declaratieperiode with 9319, accepts an earlier month', () => {
    expect(codes(debet({ productPeriode: p('2026-05-01', '2026-05-31') }))).to.include('9319');
    expect(codes(debet({ productPeriode: MAART }))).to.deep.equal([]);
  });

  it('rejects a declaratie older than the configured term with the configured code (default 9319)', () => {
    const ontvangstdatum = datum('2026-05-06');
    const termijn = { extra: { termijnLateDeclaratie: { maanden: 1, ontvangstdatum } } };
    // March ended 31 March; one month later is 30 April, the declaratie is received 6 May.
    expect(codes(debet({ productPeriode: MAART }), termijn)).to.deep.equal(['9319']);
    expect(codes(debet(), termijn)).to.deep.equal([]);
    expect(codes(debet({ productPeriode: MAART }), { extra: { termijnLateDeclaratie: { maanden: 3, ontvangstdatum } } })).to.deep.equal([]);
  });

  it('measures the late term from the date received, not from the aanbieder\'s own DeclaratieDagtekening', () => {
    // A January prestatie received in December, the DeclaratieDagtekening set back to February.
    const jan = debet({ productPeriode: p('2026-01-01', '2026-01-31') });
    const d = { ...declaratie([jan]), declaratiePeriode: p('2026-01-01', '2026-01-31'), declaratieDagtekening: datum('2026-02-03') };
    const laat = beslisDeclaratie(d, context({ extra: { termijnLateDeclaratie: { maanden: 3, ontvangstdatum: datum('2026-12-01') } } }));
    expect(laat.prestaties[0].retourcodes).to.deep.equal(['9319']);
    const opTijd = beslisDeclaratie(d, context({ extra: { termijnLateDeclaratie: { maanden: 3, ontvangstdatum: datum('2026-04-30') } } }));
    expect(opTijd.prestaties[0].retourcodes).to.deep.equal([]);
  });

  it('rejects more volume than the week allows with 9321', () => {
    expect(codes(debet({ geleverdVolume: 11 }))).to.deep.equal(['9321']);
    expect(codes(debet({ geleverdVolume: 10 }))).to.deep.equal([]);
  });

  it('allows each ProductPeriode its calendar weeks x the week volume, also a week shared with the neighbouring month (IV077)', () => {
    // March 2026 touches ISO weeks 9-14 (6 x 2 uur), April weeks 14-18 (5 x 2 uur); week 14 counts in both.
    const maart = eerder(debet({ referentieNummer: 'RN0', productPeriode: MAART, geleverdVolume: 12 }));
    expect(codes(debet({ geleverdVolume: 10 }), { eerder: [maart] })).to.deep.equal([]);
    expect(codes(debet({ geleverdVolume: 11 }), { eerder: [maart] })).to.deep.equal(['9321']);
    expect(codes(debet({ geleverdVolume: 10 }))).to.deep.equal([]);
  });

  it('accumulates volume of two debets within one message in document order against the total over the toewijzing (TR322)', () => {
    // March-April 2026: ISO weeks 9-18, 10 weeks x 2 uur = 20 uur in all.
    const kort = { toewijzingen: [toewijzing({ ingangsdatum: datum('2026-03-01'), einddatum: datum('2026-04-30') })] };
    const b = beslisDeclaratie(
      declaratie([debet({ referentieNummer: 'RN1', productPeriode: MAART, geleverdVolume: 12 }), debet({ referentieNummer: 'RN2', geleverdVolume: 10 })]),
      context(kort),
    );
    expect(b.prestaties.map((x) => x.beslissing)).to.deep.equal(['toegekend', 'afgewezen']);
    expect(b.prestaties[1].retourcodes).to.deep.equal(['9322']);
  });

  describe('IV077 with the examples of the rule text', () => {
    // Inspanningsgericht: 3 uur per week from 11-10-2022 to 28-12-2022.
    const inspanning = toewijzing({ ingangsdatum: datum('2022-10-11'), einddatum: datum('2022-12-28'), omvang: { volume: 3, eenheid: '04', frequentie: '2' } });
    const maand = (ref: string, b: string, e: string, volume: number) => debet({ referentieNummer: ref, productPeriode: p(b, e), geleverdVolume: volume });
    const oktober = (v: number) => maand('OKT', '2022-10-11', '2022-10-31', v);
    const november = (v: number) => maand('NOV', '2022-11-01', '2022-11-30', v);
    const december = (v: number) => maand('DEC', '2022-12-01', '2022-12-28', v);
    const wereld2022 = (w: { toewijzingen: Toewijzing[]; eerder?: EerderePrestatie[] }) => ({
      ...w, extra: { gemeenteGeldig: () => true, productCodeGeldig: () => true },
    });
    const beslis = (pr: PrestatieInvoer, w: { toewijzingen: Toewijzing[]; eerder?: EerderePrestatie[] }) => {
      const d = { ...declaratie([pr]), declaratiePeriode: p('2022-12-01', '2022-12-31'), declaratieDagtekening: datum('2023-01-05') };
      return beslisDeclaratie(d, context(wereld2022(w))).prestaties[0].retourcodes;
    };

    it('inspanningsgericht: October 4 weeks (41-44) = 12 uur, November 5 (44-48) = 15, December 5 (48-52) = 15', () => {
      expect(beslis(oktober(12), { toewijzingen: [inspanning] })).to.deep.equal([]);
      expect(beslis(oktober(13), { toewijzingen: [inspanning] })).to.deep.equal(['9321']);
      expect(beslis(november(15), { toewijzingen: [inspanning], eerder: [eerder(oktober(12))] })).to.deep.equal([]);
      expect(beslis(november(16), { toewijzingen: [inspanning] })).to.deep.equal(['9321']);
    });

    it('inspanningsgericht: the sum is bounded by the weeks of the whole toewijzing, 41-52 = 12 x 3 = 36 uur (TR322)', () => {
      const eerdere = [eerder(oktober(12)), eerder(november(15))];
      expect(beslis(december(9), { toewijzingen: [inspanning], eerder: eerdere })).to.deep.equal([]);
      expect(beslis(december(10), { toewijzingen: [inspanning], eerder: eerdere })).to.deep.equal(['9322']);
      expect(beslis(december(15), { toewijzingen: [inspanning] })).to.deep.equal([]);
    });

    it('outputgericht: the Sundays of the period, plus one week where the toewijzing\'s last Sunday lies when it ends on another day', () => {
      // 1 stuk per week from 11-10-2022 to 31-12-2022 (a Saturday): October 3 Sundays, November 4, December 4 + 1.
      const output = toewijzing({ ingangsdatum: datum('2022-10-11'), einddatum: datum('2022-12-31'), omvang: { volume: 1, eenheid: '82', frequentie: '2' }, bekostiging: 'output' });
      const stuks = (ref: string, b: string, e: string, v: number) => debet({ referentieNummer: ref, productPeriode: p(b, e), geleverdVolume: v, eenheid: '82' });
      const w = { toewijzingen: [output] };
      const tarief = { tarief: 6543n, tariefEenheid: '82' };
      const uitkomst = (pr: PrestatieInvoer) => {
        const d = { ...declaratie([pr]), declaratiePeriode: p('2022-12-01', '2022-12-31'), declaratieDagtekening: datum('2023-01-05') };
        return beslisDeclaratie(d, context({ ...wereld2022(w), ...tarief })).prestaties[0].retourcodes;
      };
      expect(uitkomst(stuks('O1', '2022-10-11', '2022-10-31', 3))).to.deep.equal([]);
      expect(uitkomst(stuks('O2', '2022-10-11', '2022-10-31', 4))).to.deep.equal(['9321']);
      expect(uitkomst(stuks('O3', '2022-11-01', '2022-11-30', 4))).to.deep.equal([]);
      expect(uitkomst(stuks('O4', '2022-11-01', '2022-11-30', 5))).to.deep.equal(['9321']);
      expect(uitkomst(stuks('O5', '2022-12-01', '2022-12-31', 5))).to.deep.equal([]);
      expect(uitkomst(stuks('O6', '2022-12-01', '2022-12-31', 6))).to.deep.equal(['9321']);
    });

    it('Wmo huishoudelijke hulp (categorie 01): always 6 x the week volume', () => {
      const hh = toewijzing({ domein: 'WMO', product: { categorie: '01', code: '01A01' }, omvang: { volume: 2, eenheid: '04', frequentie: '2' } });
      const feb = (v: number) => debet({ productCategorie: '01', productCode: '01A01', productPeriode: p('2026-02-01', '2026-02-28'), geleverdVolume: v });
      const wmo = (pr: PrestatieInvoer) => beslisDeclaratie({ ...declaratie([pr]), domein: 'WMO' }, context({ toewijzingen: [hh], extra: { productCodeGeldig: () => true } })).prestaties[0].retourcodes;
      expect(wmo(feb(12))).to.deep.equal([]);
      expect(wmo(feb(13))).to.deep.equal(['9321']);
    });
  });

  it('rejects the sum over the looptijd above a total volume with 9322 (frequentie 6)', () => {
    const totaal = toewijzing({ omvang: { volume: 20, eenheid: '04', frequentie: '6' } });
    const maart = eerder(debet({ referentieNummer: 'RN0', productPeriode: MAART, geleverdVolume: 15 }));
    expect(codes(debet({ geleverdVolume: 8 }), { toewijzingen: [totaal], eerder: [maart] })).to.deep.equal(['9322']);
    expect(codes(debet({ geleverdVolume: 5 }), { toewijzingen: [totaal], eerder: [maart] })).to.deep.equal([]);
    expect(codes(debet({ geleverdVolume: 21 }), { toewijzingen: [totaal] })).to.deep.equal(['9321', '9322']);
  });

  it('frees the volume of a credited debet', () => {
    const maart = eerder(debet({ referentieNummer: 'RN0', productPeriode: MAART, geleverdVolume: 12 }), { gecrediteerd: true });
    expect(codes(debet({ geleverdVolume: 10 }), { eerder: [maart] })).to.deep.equal([]);
  });

  it('rejects a credit without a known debit with 8017', () => {
    const credit = prestatie({ referentieNummer: 'RC1', vorigReferentieNummer: 'RN0', ingediendBedrag: { bedrag: 52344n, debetCredit: 'C' } });
    expect(codes(credit)).to.deep.equal(['8017']);
    expect(codes(credit, { eerder: [eerder(debet({ referentieNummer: 'RN0' }), { beslissing: 'afgewezen' })] })).to.deep.equal(['8017']);
  });

  it('rejects a credit that differs from its debit with 8017', () => {
    const credit = prestatie({ referentieNummer: 'RC1', vorigReferentieNummer: 'RN0', ingediendBedrag: { bedrag: 100n, debetCredit: 'C' } });
    expect(codes(credit, { eerder: [eerder(debet({ referentieNummer: 'RN0' }))] })).to.deep.equal(['8017']);
  });

  it('grants a credit of a granted debit as a negative amount and marks the debit credited', () => {
    const credit = prestatie({ referentieNummer: 'RC1', vorigReferentieNummer: 'RN0', ingediendBedrag: { bedrag: 52344n, debetCredit: 'C' } });
    const b = beslisDeclaratie(declaratie([credit]), context({ eerder: [eerder(debet({ referentieNummer: 'RN0' }))] }));
    expect(b.prestaties[0]).to.include({ beslissing: 'toegekend', toegekendBedrag: -52344n, crediteert: 'RN0' });
    expect(b.totaalToegekendBedrag).to.deep.equal({ bedrag: 52344n, debetCredit: 'C' });
    expect(b.boeking.gecrediteerdeDebets).to.deep.equal(['RN0']);
  });

  it('rejects a second credit of the same debit with 9390', () => {
    const credit = prestatie({ referentieNummer: 'RC2', vorigReferentieNummer: 'RN0', ingediendBedrag: { bedrag: 52344n, debetCredit: 'C' } });
    expect(codes(credit, { eerder: [eerder(debet({ referentieNummer: 'RN0' }), { gecrediteerd: true })] })).to.deep.equal(['9390']);
  });

  it('rejects a second debet for the same period with 9389 unless the first is credited', () => {
    const eerste = eerder(debet({ referentieNummer: 'RN0', geleverdVolume: 2 }));
    expect(codes(debet({ geleverdVolume: 2 }), { eerder: [eerste] })).to.deep.equal(['9389']);
    expect(codes(debet({ geleverdVolume: 2 }), { eerder: [{ ...eerste, gecrediteerd: true }] })).to.deep.equal([]);
  });

  it('processes credits before debits: a credit later in the message frees the period for an earlier debet', () => {
    const eerste = eerder(debet({ referentieNummer: 'RN0', geleverdVolume: 10 }));
    const nieuw = debet({ referentieNummer: 'RN1', geleverdVolume: 9 });
    const credit = prestatie({ referentieNummer: 'RC1', vorigReferentieNummer: 'RN0', geleverdVolume: 10, ingediendBedrag: { bedrag: 65430n, debetCredit: 'C' } });
    const b = beslisDeclaratie(declaratie([nieuw, credit]), context({ eerder: [eerste] }));
    expect(b.prestaties.map((x) => [x.referentieNummer, x.beslissing, x.retourcodes])).to.deep.equal([
      ['RN1', 'toegekend', []],
      ['RC1', 'toegekend', []],
    ]);
    expect(b.totaalToegekendBedrag).to.deep.equal({ bedrag: 6543n, debetCredit: 'C' });
  });

  it('rejects a prestatie without a toegewezen product with 9338', () => {
    expect(codes(debet({ toewijzingNummer: 'T9' }))).to.deep.equal(['9338']);
    expect(codes(debet(), { toewijzingen: [toewijzing({ aanbieder: '12345678' })] })).to.deep.equal(['9338']);
  });

  it('rejects another ProductCategorie with 9339 and another ProductCode with 9340', () => {
    expect(codes(debet({ productCategorie: '46', productCode: '46A03' }))).to.deep.equal(['9339', '9340']);
    expect(codes(debet({ productCode: '45A04' }))).to.deep.equal(['9340']);
  });

  it('checks neither category nor code against a generiek toewijzing, only the category for aspecifiek', () => {
    const generiek = toewijzing({ product: undefined, variant: 'generiek', omvang: undefined });
    expect(codes(debet({ productCategorie: '41', productCode: '41A01' }), { toewijzingen: [generiek] })).to.deep.equal([]);
    const aspecifiek = toewijzing({ product: { categorie: '45' }, variant: 'aspecifiek', omvang: undefined });
    expect(codes(debet({ productCode: '45A99' }), { toewijzingen: [aspecifiek] })).to.deep.equal([]);
    expect(codes(debet({ productCategorie: '41', productCode: '41A01' }), { toewijzingen: [aspecifiek] })).to.deep.equal(['9339']);
  });

  it('accepts minutes on an hourly toewijzing and rounds the amount half up (TR341, TR346)', () => {
    const minuten = debet({ geleverdVolume: 50, eenheid: '01', ingediendBedrag: { bedrag: 5453n, debetCredit: 'D' } });
    expect(codes(minuten)).to.deep.equal([]);
    expect(codes({ ...minuten, ingediendBedrag: { bedrag: 5452n, debetCredit: 'D' } })).to.deep.equal(['9346']);
  });

  it('counts minutes against the hourly weekly volume', () => {
    const minuten = (n: number) => debet({ geleverdVolume: n, eenheid: '01', ingediendBedrag: { bedrag: (6543n * BigInt(n) * 2n + 60n) / 120n, debetCredit: 'D' } });
    expect(codes(minuten(600))).to.deep.equal([]);
    expect(codes(minuten(601))).to.deep.equal(['9321']);
  });

  it('rejects an eenheid that does not fit the toewijzing with 9341', () => {
    expect(codes(debet({ eenheid: '14' }))).to.deep.equal(['9341']);
  });

  it('takes the eenheid from the contract for a toewijzing without Omvang (TR341)', () => {
    const aspecifiek = toewijzing({ product: { categorie: '45' }, variant: 'aspecifiek', omvang: undefined });
    expect(codes(debet(), { toewijzingen: [aspecifiek], tariefEenheid: '14' })).to.deep.equal(['9341']);
    expect(codes(debet({ eenheid: '14' }), { toewijzingen: [aspecifiek], tariefEenheid: '14' })).to.deep.equal([]);
  });

  it('rejects an amount that is not volume x tariff with 9346, and does not apply TR346 to eenheid 83', () => {
    expect(codes(debet({ ingediendBedrag: { bedrag: 50000n, debetCredit: 'D' } }))).to.deep.equal(['9346']);
    const budget = toewijzing({ product: { categorie: '45' }, variant: 'aspecifiek', omvang: undefined, budget: 100000n, bekostiging: 'taakgericht' });
    const euros = debet({ eenheid: '83', geleverdVolume: 30000, productTarief: undefined, ingediendBedrag: { bedrag: 30000n, debetCredit: 'D' } });
    expect(codes(euros, { toewijzingen: [budget], tariefEenheid: '83' })).to.deep.equal([]);
  });

  it('rejects a tariff other than the contract tariff with 0611', () => {
    expect(codes(debet({ productTarief: 7000n }))).to.deep.equal(['0611']);
    expect(codes(debet(), { extra: { contractTarief: () => undefined } })).to.deep.equal(['0611']);
  });

  it('rejects declaring beyond the toegewezen budget with 9369', () => {
    const budget = toewijzing({ product: { categorie: '45' }, variant: 'aspecifiek', omvang: undefined, budget: 100000n, bekostiging: 'taakgericht' });
    const euros = (ref: string, bedrag: bigint, periode = APRIL) =>
      debet({ referentieNummer: ref, productPeriode: periode, eenheid: '83', geleverdVolume: Number(bedrag), productTarief: undefined, ingediendBedrag: { bedrag, debetCredit: 'D' } });
    const maart = eerder(euros('RN0', 60000n, MAART));
    expect(codes(euros('RN1', 50000n), { toewijzingen: [budget], eerder: [maart], tariefEenheid: '83' })).to.deep.equal(['9369']);
    expect(codes(euros('RN1', 40000n), { toewijzingen: [budget], eerder: [maart], tariefEenheid: '83' })).to.deep.equal([]);
  });

  it('rejects a gemeente code that is not in the CBS list on the date with S300', () => {
    const d = declaratie([debet()]);
    const b = beslisDeclaratie({ ...d, ontvanger: '0370' }, context());
    expect(b.prestaties[0].retourcodes).to.deep.equal(['S300']);
  });

  it('checks TR378 on the Ingangsdatum of the toewijzing declared on (a herindeling after it keeps the old code valid)', () => {
    // Beemster (0370) ceased on 2022-01-01; a toewijzing it granted from 2021 is still declared to it in 2022.
    const oud = toewijzing({ gemeente: '0370', ingangsdatum: datum('2021-06-01'), einddatum: datum('2022-12-31') });
    const jan22 = debet({ productPeriode: p('2022-01-01', '2022-01-31') });
    const d = { ...declaratie([jan22]), ontvanger: '0370', declaratiePeriode: p('2022-01-01', '2022-01-31') };
    expect(beslisDeclaratie(d, context({ toewijzingen: [oud] })).prestaties[0].retourcodes).to.deep.equal([]);
    const nieuw = toewijzing({ gemeente: '0370', ingangsdatum: datum('2022-01-01'), einddatum: datum('2022-12-31') });
    expect(beslisDeclaratie(d, context({ toewijzingen: [nieuw] })).prestaties[0].retourcodes).to.deep.equal(['S300']);
  });

  it('rejects an unknown product with S329 alone, not also 0611 for its missing tariff; a known product without tariff gets 0611', () => {
    const onbekend = { toewijzingen: [toewijzing({ product: { categorie: '45' }, variant: 'aspecifiek' })], extra: { contractTarief: () => undefined } };
    expect(codes(debet({ productCode: '45Z99' }), { ...onbekend, extra: { ...onbekend.extra, productCodeGeldig: (_c: string, code: string) => code !== '45Z99' } }))
      .to.deep.equal(['S329']);
    expect(codes(debet(), onbekend)).to.deep.equal(['0611']);
  });

  it('judges TR381 on the product list of the ProductPeriode\'s date', () => {
    const lijst = { extra: { productCodeGeldig: (_c: string, _code: string, d: string) => d >= '2026-04-01' } };
    expect(codes(debet(), lijst)).to.deep.equal([]);
    expect(codes(debet({ productPeriode: MAART }), lijst)).to.deep.equal(['S329']);
  });

  it('rejects a product code outside its category with S329', () => {
    expect(codes(debet({ productCode: '46A03' }), { toewijzingen: [toewijzing({ product: { categorie: '45' }, variant: 'aspecifiek' })] })).to.deep.equal(['S329']);
  });

  it('rejects declaring on a removed toewijzing with 9384', () => {
    expect(codes(debet(), { toewijzingen: [toewijzing({ verwijderd: true, redenWijziging: '13', einddatum: datum('2026-01-01') })] })).to.deep.equal(['9384']);
  });

  it('rejects a ProductPeriode not starting on the 1st with 9387 unless the toewijzing starts then', () => {
    expect(codes(debet({ productPeriode: p('2026-04-02', '2026-04-30') }))).to.deep.equal(['9387']);
    expect(codes(debet({ productPeriode: p('2026-04-15', '2026-04-30'), geleverdVolume: 6 }), { toewijzingen: [toewijzing({ ingangsdatum: datum('2026-04-15') })] })).to.deep.equal([]);
  });

  it('rejects a ProductPeriode not ending on the last day with 9388 unless the toewijzing ends then', () => {
    expect(codes(debet({ productPeriode: p('2026-04-01', '2026-04-29') }))).to.deep.equal(['9388']);
    expect(codes(debet({ productPeriode: p('2026-04-01', '2026-04-20') }), { toewijzingen: [toewijzing({ einddatum: datum('2026-04-20') })] })).to.deep.equal([]);
  });

  it('reports every rule a prestatie breaks', () => {
    const slecht = debet({ productCode: '45A04', productPeriode: p('2026-04-02', '2026-04-29'), eenheid: '14', productTarief: 7000n, ingediendBedrag: { bedrag: 1n, debetCredit: 'D' } });
    expect(codes(slecht, {}, '999900018')).to.deep.equal(['8187', '9340', '9387', '9388', '9341', '0611', '9346']);
  });

  describe('budgetplafond policy', () => {
    const beleid = (besluit: 'toekennen' | 'aanhouden' | 'afwijzen') => ({ extra: { budgetBeleid: () => besluit } });

    it('holds a debet the policy holds, without granting its amount yet', () => {
      const b = beslisDeclaratie(declaratie([debet()]), context(beleid('aanhouden')));
      expect(b.prestaties[0]).to.include({ beslissing: 'aangehouden', toegekendBedrag: 0n });
      expect(b.volledigToegekend).to.equal(false);
      expect(b.boeking.aangehouden).to.have.length(1);
    });

    it('never holds a crisis product', () => {
      const crisis = toewijzing({ product: { categorie: '46', code: '46A01' } });
      const b = beslisDeclaratie(declaratie([debet({ productCategorie: '46', productCode: '46A01' })]), context({ ...beleid('aanhouden'), toewijzingen: [crisis] }));
      expect(b.prestaties[0].beslissing).to.equal('toegekend');
    });

    it('rejects a debet the policy rejects with the configured code', () => {
      const b = beslisDeclaratie(declaratie([debet()]), context({ extra: { budgetBeleid: () => 'afwijzen', retourcodeBudgetAfwijzing: '9369' } }));
      expect(b.prestaties[0]).to.include({ beslissing: 'afgewezen' });
      expect(b.prestaties[0].retourcodes).to.deep.equal(['9369']);
    });

    it('counts a held debet against the volume of later ones', () => {
      const kort = [toewijzing({ ingangsdatum: datum('2026-03-01'), einddatum: datum('2026-04-30') })];
      const b = beslisDeclaratie(
        declaratie([debet({ referentieNummer: 'RN1', productPeriode: MAART, geleverdVolume: 12 }), debet({ referentieNummer: 'RN2', geleverdVolume: 10 })]),
        context({ ...beleid('aanhouden'), toewijzingen: kort }),
      );
      expect(b.prestaties.map((x) => x.beslissing)).to.deep.equal(['aangehouden', 'afgewezen']);
    });

    it('settles held prestaties with the back-office decision and recomputes the totals', () => {
      const invoer = declaratie([debet({ referentieNummer: 'RN1', productPeriode: MAART }), debet({ referentieNummer: 'RN2' })]);
      const b = beslisDeclaratie(invoer, context(beleid('aanhouden')));
      const besluiten = new Map<string, 'toekennen' | 'afwijzen'>([['RN1', 'toekennen'], ['RN2', 'afwijzen']]);
      const na = beslisAangehouden(b, besluiten, invoer);
      expect(na.prestaties.map((x) => [x.beslissing, x.retourcodes])).to.deep.equal([['toegekend', []], ['afgewezen', ['9369']]]);
      expect(na.totaalToegekendBedrag).to.deep.equal({ bedrag: 52344n, debetCredit: 'D' });
      expect(na.boeking.aangehouden).to.have.length(0);
    });
  });
});
