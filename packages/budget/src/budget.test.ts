import { expect } from 'chai';
import { Money, type Cents, type Datum } from '@plafond/core';
import { type BudgetReeks, legeMaand, telReeksenOp } from './model';
import { berekenPrognose, effectiefAantal, instroomTrend, nogNietZichtbaar, uitputtingsdatum, verzilvering } from './prognose';
import { STANDAARD_SIGNALEN, bepaalSignalen, signaalInstellingen } from './signalen';
import { bewaakReeks, bewaakReeksen, perDomein, percentage } from './uitnutting';
import { herverdelingsvoorstel } from './herverdeling';

const e = (euro: number): Cents => BigInt(Math.round(euro * 100));

interface Opbouw {
  peilMaand?: number;
  plafond?: number;
  realisatie?: number[];
  ohw?: number[];
  toegewezen?: number[];
  verplichtingen?: number[];
  instroom?: number[];
  instroomAantal?: number[];
  zonderOhw?: number[];
  laat?: number[];
  vorigJaar?: number[];
}

/** A series in euros (hand-computed scenarios); the peildatum is the end of `peilMaand` 2026. */
function reeks(o: Opbouw): BudgetReeks {
  const p = o.peilMaand ?? 3;
  const peildatum = `2026-${String(p).padStart(2, '0')}-${[31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][p - 1]}` as Datum;
  return {
    jaar: 2026, domein: 'JW', agb: '12345678', gemeente: null, budgetlijn: null, peildatum,
    plafond: e(o.plafond ?? 0), plafondMutaties: [],
    maanden: Array.from({ length: 12 }, (_, i) => ({
      ...legeMaand(i + 1),
      realisatie: e(o.realisatie?.[i] ?? 0),
      realisatieKas: e(o.realisatie?.[i] ?? 0),
      onderhandenWerk: e(o.ohw?.[i] ?? 0),
      toegewezen: e(o.toegewezen?.[i] ?? 0),
      instroomMaandbedrag: e(o.instroom?.[i] ?? 0),
      instroomAantal: o.instroomAantal?.[i] ?? 0,
      ohwOntbreekt: o.zonderOhw?.includes(i + 1) ?? false,
      laatGedeclareerd: e(o.laat?.[i] ?? 0),
    })),
    verplichtingenPerMaand: Array.from({ length: 12 }, (_, i) => e(o.verplichtingen?.[i] ?? 0)),
    ...(o.vorigJaar ? { vorigJaar: o.vorigJaar.map(e) } : {}),
  };
}

const rij = (n: number, v: number) => Array.from({ length: n }, () => v);
/** Verplichtingen: 0 up to the peildatum month, then the given amounts. */
const vanaf = (p: number, rest: number[]) => [...rij(p, 0), ...rest];

describe('budget/prognose', () => {
  it('runrate: realisatie + OHW so far plus the average of the last three months for every month left', () => {
    const p = berekenPrognose(reeks({ realisatie: [100, 200, 300], ohw: [0, 0, 60] }));
    expect(p.gerealiseerd).to.equal(e(660));
    // (100 + 200 + 360) / 3 = 220 a month, 9 months left.
    expect(p.methoden.runrate?.prognose).to.equal(e(660 + 9 * 220));
    expect(p.gekozen).to.equal('runrate');
    expect(p.reden).to.match(/^Gekozen omdat er geen toewijzingsgegevens/);
  });

  it('verplichtingen: toewijzingen that end soon are only counted until their einddatum, at the observed verzilvering', () => {
    // 800 of 1000 toegewezen used each month (the third month partly as OHW): verzilvering 80 %.
    const r = reeks({ realisatie: [800, 800, 700], ohw: [0, 0, 100], toegewezen: [1000, 1000, 1000], verplichtingen: vanaf(3, [1000, 1000, 1000]), instroomAantal: [20] });
    const p = berekenPrognose(r);
    expect(p.methoden.verplichtingen?.prognose).to.equal(e(2400 + 3 * 800));
    expect(p.methoden.verplichtingen?.grondslag['verzilvering (realisatie + OHW / toegewezen)']).to.equal('80.0');
    expect(p.methoden.runrate?.prognose).to.equal(e(2400 + 9 * 800));
    expect(p.gekozen).to.equal('instroom');
    expect(p.prognose).to.equal(e(4800));
  });

  it('verplichtingen: a toewijzing already granted that starts in June adds from June on', () => {
    const r = reeks({ realisatie: [500, 500, 500], toegewezen: [500, 500, 500], verplichtingen: vanaf(3, [500, 500, ...rij(7, 1500)]) });
    const p = berekenPrognose(r);
    expect(p.methoden.verplichtingen?.prognose).to.equal(e(1500 + 1000 + 7 * 1500));
    expect(p.methoden.runrate?.prognose).to.equal(e(6000));
  });

  it('instroom: a caseload growing month by month adds new clients at this year\'s pace, recent months weighing more (half a month in their first month)', () => {
    const r = reeks({
      realisatie: [800, 800, 800], toegewezen: [1000, 1000, 1000], verplichtingen: vanaf(3, rij(9, 1000)),
      instroom: [100, 200, 300], instroomAantal: [5, 10, 15],
    });
    const p = berekenPrognose(r);
    // Pace (1 × 100 + 2 × 200 + 3 × 300) / 6 = 233.33 a month. Month m > 3: (1000 + 233.33 × (m − 3.5)) × 0.8, each
    // month to the cent; Σ (m − 3.5) over m = 4..12 is 40.5, so the months add up to (9 × 1000 + 9450) × 0.8.
    expect(p.methoden.instroom?.perMaand[3]).to.equal(e(893.33));
    expect(p.methoden.instroom?.prognose).to.equal(e(2400 + (9 * 1000 + 9450) * 0.8));
    expect(p.methoden.verplichtingen?.prognose).to.equal(e(2400 + 9 * 800));
    expect(p.methoden.instroom?.grondslag['nieuwe toewijzingen per maand']).to.equal('10.0');
    expect(p.gekozen).to.equal('instroom');
    expect(p.reden).to.contain('80.0% verzilverd').and.contain('10.0 nieuwe toewijzingen per maand');
  });

  it('gecombineerd: the average of instroom and run-rate month by month, shown beside the chosen instroom', () => {
    const r = reeks({ realisatie: [800, 800, 700], ohw: [0, 0, 100], toegewezen: rij(3, 1000), verplichtingen: vanaf(3, [1000, 1000, 1000]), instroomAantal: [4, 5, 6] });
    const p = berekenPrognose(r);
    // instroom 4800 (no pace amount: the toewijzingen end in June), run-rate 9600.
    expect(p.methoden.gecombineerd?.prognose).to.equal(e(7200));
    expect(p.methoden.gecombineerd?.perMaand[3]).to.equal(e(800));
    expect(p.methoden.gecombineerd?.perMaand[6]).to.equal(e(400));
    expect(p.gekozen).to.equal('instroom');
  });

  it('instroom: new clients also leave after the looptijd of the observed new toewijzingen, and those already granted are not counted twice', () => {
    const r = reeks({ realisatie: [1000, 1000, 1000], toegewezen: rij(3, 1000), instroom: [300], instroomAantal: [1] });
    r.maanden[0].instroomToewijzingen = [{ maandbedrag: e(300), looptijdMaanden: 2 }];
    // January weighs 1 of 1 + 2 + 3: a cohort of 50 a month, each for two months: 25 in April, 75 a month from May.
    expect(berekenPrognose(r).methoden.instroom?.prognose).to.equal(e(3000 + 25 + 8 * 75));
    // Half of April's usual instroom (100 a month) is already granted (and so in the verplichtingen): April's cohort counts half.
    r.maanden[3].instroomMaandbedrag = e(50);
    expect(berekenPrognose(r).methoden.instroom?.prognose).to.equal(e(3000 + 12.5 + 50 + 7 * 75));
  });

  it('an aanbieder that declares late but reports OHW keeps its run-rate', () => {
    const p = berekenPrognose(reeks({ realisatie: [800, 400, 0], ohw: [0, 400, 800] }));
    expect(p.methoden.runrate?.prognose).to.equal(e(9600));
  });

  it('an aanbieder that declares late without an OHW report for the peildatum month: the late part is estimated, not read as a drop', () => {
    // Everything of January and February came in late; March has neither declaraties nor a report yet.
    const r = reeks({ realisatie: [800, 800, 0], laat: [800, 800, 0], zonderOhw: [3], toegewezen: rij(3, 1000), verplichtingen: vanaf(3, rij(9, 1000)), instroomAantal: [20] });
    // March at the 80 % verzilvering of January and February, all of it late: 800 still to come.
    expect(nogNietZichtbaar(r, 3)).to.equal(e(800));
    const p = berekenPrognose(r);
    expect(p.gerealiseerd).to.equal(e(1600));
    expect(p.methoden.verplichtingen?.prognose).to.equal(e(2400 + 9 * 800));
    expect(p.methoden.verplichtingen?.grondslag['bijgeschat: nog niet zichtbaar over de peilmaand (geen OHW)']).to.equal('800.00');
    expect(p.reden).to.contain('€ 800,00 geleverde maar nog niet zichtbare zorg bijgeschat');
    // Half of it late: the on-time half of March is there, the other half is estimated.
    expect(nogNietZichtbaar(reeks({ realisatie: [800, 800, 400], laat: [400, 400, 0], zonderOhw: [3], toegewezen: rij(3, 1000) }), 3)).to.equal(e(400));
    // An aanbieder that declares on time misses nothing without a report, and with a report nothing is estimated.
    expect(nogNietZichtbaar(reeks({ realisatie: [800, 800, 800], zonderOhw: [3], toegewezen: rij(3, 1000) }), 3)).to.equal(0n);
    expect(nogNietZichtbaar({ ...r, maanden: r.maanden.map((m) => ({ ...m, ohwOntbreekt: false })) }, 3)).to.equal(0n);
  });

  it('verzilvering leaves out a month far below the median month (a message rejected whole), not one within its range', () => {
    expect(verzilvering(reeks({ realisatie: [800, 200, 800], toegewezen: rij(3, 1000) }), 3)?.toFixed(2)).to.equal('0.80');
    expect(verzilvering(reeks({ realisatie: [800, 700, 800], toegewezen: rij(3, 1000) }), 3)?.toFixed(4)).to.equal('0.7667');
    // With two months there is no median to judge by: both count.
    expect(verzilvering(reeks({ realisatie: [800, 200], toegewezen: rij(2, 1000) }), 2)?.toFixed(2)).to.equal('0.50');
  });

  it('instroom against the region: few new toewijzingen of its own weigh n / (n + 20), the rest is the region\'s pace per euro toegewezen', () => {
    // Own: 1000 toegewezen a month, 5 new toewijzingen in January allowing 600 a month together (open-ended).
    const r = reeks({ realisatie: rij(3, 1000), toegewezen: rij(3, 1000), verplichtingen: vanaf(3, rij(9, 1000)), instroom: [600], instroomAantal: [5] });
    r.maanden[0].instroomToewijzingen = rij(5, 120).map((a) => ({ maandbedrag: e(a), looptijdMaanden: null }));
    // A later-starting toewijzing of its own, granted already for April: in the verplichtingen, not in place of others.
    r.maanden[3].instroomMaandbedrag = e(1000);
    // The region: 10 000 toegewezen a month, new toewijzingen allowing 300 a month every month (nothing granted ahead).
    const regio = reeks({ realisatie: rij(3, 10000), toegewezen: rij(3, 10000), instroom: rij(3, 300), instroomAantal: rij(3, 3) });
    // Own cohort 600 × 1 / 6 = 100 (January weighs 1 of 6); the region's 300 × 1000 / 10 000 = 30; 0.2 × 100 + 0.8 × 30 = 44
    // a month, half in its first month: 44 × 40.5 after March.
    const p = berekenPrognose(r, { referentie: regio });
    expect(p.methoden.instroom?.prognose).to.equal(e(3000 + 9000 + 44 * 40.5));
    expect(p.methoden.instroom?.grondslag['gewicht eigen instroom (t.o.v. regio)']).to.equal('20.0');
    expect(p.reden).to.contain('dat tempo telt voor 20.0% mee');
    // Alone, its own pace of 100 a month counts, but its own April grant (more than its pace) leaves April without new clients.
    expect(berekenPrognose(r).methoden.instroom?.prognose).to.equal(e(3000 + 9000 + 100 * 40.5 - 100 * 0.5 - 100 * 8));
  });

  it('instroom against the region: a few expensive new toewijzingen count as the evidence they are, not by their number', () => {
    // Ten new toewijzingen allowing 600 a month together, one of them 240: (240 + 9 × 40)² / (240² + 9 × 40²) = 5.
    const r = reeks({ realisatie: rij(3, 1000), toegewezen: rij(3, 1000), verplichtingen: vanaf(3, rij(9, 1000)), instroom: [600], instroomAantal: [10] });
    r.maanden[0].instroomToewijzingen = [240, ...rij(9, 40)].map((a) => ({ maandbedrag: e(a), looptijdMaanden: null }));
    expect(effectiefAantal(r, 3).toFixed(2)).to.equal('5.00');
    const regio = reeks({ realisatie: rij(3, 10000), toegewezen: rij(3, 10000), instroom: rij(3, 300), instroomAantal: rij(3, 3) });
    // Worth five, as the five alike of the test before: weight 5 / 25, the same 44 a month.
    const p = berekenPrognose(r, { referentie: regio });
    expect(p.methoden.instroom?.grondslag['gewicht eigen instroom (t.o.v. regio)']).to.equal('20.0');
    expect(p.methoden.instroom?.prognose).to.equal(e(3000 + 9000 + 44 * 40.5));
  });

  it('short care (crisis, short placements) keeps its own pace: the caseload the region\'s pace is scaled to hardly holds it', () => {
    // January: five toewijzingen of 120 a month (open-ended) and one crisis placement of 600 for one month.
    const r = reeks({ realisatie: rij(3, 1000), toegewezen: rij(3, 1000), verplichtingen: vanaf(3, rij(9, 1000)), instroom: [1200], instroomAantal: [6] });
    r.maanden[0].instroomToewijzingen = [...rij(5, 120).map((a) => ({ maandbedrag: e(a), looptijdMaanden: null })), { maandbedrag: e(600), looptijdMaanden: 1 }];
    const regio = reeks({ realisatie: rij(3, 10000), toegewezen: rij(3, 10000), instroom: rij(3, 300), instroomAantal: rij(3, 3) });
    const p = berekenPrognose(r, { referentie: regio });
    // The five read against the region as before (44 a month, weight 5 / 25); the crisis pace 600 / 6 = 100 on top in
    // the first month of each later cohort only (half a month): 9 × 50 more than 44 × 40.5.
    expect(p.methoden.instroom?.grondslag['gewicht eigen instroom (t.o.v. regio)']).to.equal('20.0');
    expect(p.methoden.instroom?.grondslag['waarvan kortdurend (tot 2 maanden, eigen tempo)']).to.equal('100.00');
    expect(p.methoden.instroom?.prognose).to.equal(e(3000 + 9000 + 44 * 40.5 + 9 * 50));
    expect(p.reden).to.contain('nieuwe kortdurende zorg (crisis, korte plaatsingen: tot 2 maanden, € 100,00 per maand) volgt het eigen tempo');
  });

  it('a growing caseload: new toewijzingen rising month by month beyond chance keep their own recent pace instead of the region\'s', () => {
    expect(instroomTrend(reeks({ instroomAantal: [8, 8, 8] }), 3)).to.equal(0);
    expect(instroomTrend(reeks({ peilMaand: 4, instroomAantal: [1, 2, 3, 4] }), 4).toFixed(3)).to.equal('1.414');
    expect(instroomTrend(reeks({ peilMaand: 2, instroomAantal: [1, 9] }), 2)).to.equal(0);
    // 2, 8 and 14 new toewijzingen of 25 a month each (open-ended): trend (14 − 2) / √(8 × 2) = 3.0, past the 1 % level.
    const groeiend = (bedrag: number) => {
      const r = reeks({ realisatie: rij(3, 1000), toegewezen: rij(3, 1000), verplichtingen: vanaf(3, rij(9, 1000)), instroom: [2, 8, 14].map((n) => n * bedrag), instroomAantal: [2, 8, 14] });
      [2, 8, 14].forEach((n, i) => (r.maanden[i].instroomToewijzingen = rij(n, bedrag).map((a) => ({ maandbedrag: e(a), looptijdMaanden: null }))));
      return r;
    };
    const regio = reeks({ realisatie: rij(3, 10000), toegewezen: rij(3, 10000), instroom: rij(3, 300), instroomAantal: rij(3, 3) });
    const p = berekenPrognose(groeiend(25), { referentie: regio });
    // Own pace (50 + 2 × 200 + 3 × 350) / 6 = 250 a month in full (the region's would be 30): 250 × 40.5 after March.
    expect(p.methoden.instroom?.prognose).to.equal(e(3000 + 9000 + 250 * 40.5));
    expect(p.methoden.instroom?.grondslag['gewicht eigen instroom (t.o.v. regio)']).to.equal('100.0');
    expect(p.methoden.instroom?.grondslag['stijging nieuwe toewijzingen per maand (trendtoets)']).to.equal('3.00');
    expect(p.reden).to.contain('een groeiende caseload, dus telt het eigen recente tempo voor 100.0% mee');
    // The same rise to a pace still below the region's (1 a month each: 10 against 30) leaves the region in charge:
    // 24 alike new toewijzingen weigh 24 / 44.
    const q = berekenPrognose(groeiend(1), { referentie: regio });
    expect(q.methoden.instroom?.grondslag['gewicht eigen instroom (t.o.v. regio)']).to.equal('54.5');
    expect(q.methoden.instroom?.grondslag['stijging nieuwe toewijzingen per maand (trendtoets)']).to.equal(undefined);
  });

  it('a credit larger than a month\'s debets lowers the run-rate by its net amount; verzilvering leaves that month out and cannot become negative', () => {
    const p = berekenPrognose(reeks({ realisatie: [900, -300, 900], toegewezen: [1000, 1000, 1000], verplichtingen: vanaf(3, rij(9, 1000)) }));
    expect(p.methoden.runrate?.prognose).to.equal(e(1500 + 9 * 500));
    // February (−30 %) is far below the median month (90 %): a one-off, not the level of the rest of the year.
    expect(p.methoden.verplichtingen?.prognose).to.equal(e(1500 + 9 * 900));
    const q = berekenPrognose(reeks({ realisatie: [-100, 0, 0], toegewezen: [1000, 1000, 1000], verplichtingen: vanaf(3, rij(9, 1000)) }));
    expect(q.methoden.verplichtingen?.prognose).to.equal(e(-100));
  });

  it('seizoen: last year\'s summer dip and December shape the rest of the year', () => {
    const vorigJaar = [...rij(6, 110), 60, 60, 110, 110, 110, 90];
    const p = berekenPrognose(reeks({ realisatie: [1100, 1100, 1100], vorigJaar }));
    // level 3300 / 3.3 = 1000 per average month: 3 × 1100 + 2 × 600 + 3 × 1100 + 900 after March.
    expect(p.methoden.seizoen?.prognose).to.equal(e(12000));
    expect(p.methoden.runrate?.prognose).to.equal(e(13200));
    expect(p.gekozen).to.equal('seizoen');
    const q = berekenPrognose(reeks({ realisatie: [1100, 1100, 1100], toegewezen: rij(3, 1375), verplichtingen: vanaf(3, rij(9, 1375)), vorigJaar, instroomAantal: [20] }));
    expect(q.methoden.instroom?.prognose).to.equal(e(12000));
    expect(q.gekozen).to.equal('instroom');
    expect(q.reden).to.contain('seizoenspatroon van vorig jaar');
  });

  it('verwachteUitputting: the day the cumulative forecast reaches the plafond, interpolated within the month', () => {
    const r = reeks({ plafond: 3000, realisatie: [800, 800, 800] });
    // 2400 after March, 800 in April: 600 more after 22.5 of 30 days → 23 April.
    expect(berekenPrognose(r).verwachteUitputting).to.equal('2026-04-23');
    expect(uitputtingsdatum(2026, [e(800), e(800), e(800), e(800), e(800)], e(4000))).to.equal('2026-05-31');
    expect(uitputtingsdatum(2026, rij(12, 100).map(e), e(1201))).to.equal(null);
    expect(uitputtingsdatum(2026, [e(5000)], e(1000))).to.equal('2026-01-07');
    expect(uitputtingsdatum(2026, [e(5000)], 0n)).to.equal(null);
  });
});

describe('budget/signalen', () => {
  const soorten = (r: BudgetReeks, inst = STANDAARD_SIGNALEN) => bepaalSignalen(r, undefined, inst).map((s) => s.soort);

  it('overbesteding with severity by margin above the plafond, against the plafond in force after a mutation', () => {
    const basis = { realisatie: [800, 800, 800] };
    expect(soorten(reeks({ ...basis, plafond: 10000 }))).to.deep.equal([]);
    const verlaagd = bepaalSignalen(reeks({ ...basis, plafond: 8000 }));
    expect(verlaagd[0]).to.include({ soort: 'overbesteding', ernst: 3, verwachteUitputting: '2026-10-31' });
    expect(verlaagd[0].cijfers).to.include({ marge: '20.0', 'boven plafond': '1600.00' });
    expect(verlaagd[0].toelichting).to.equal('Prognose € 9.600,00 (run-rate met OHW) is 20,0% boven het plafond van € 8.000,00; het plafond is naar verwachting op 2026-10-31 bereikt.');
    expect(bepaalSignalen(reeks({ ...basis, plafond: 9000 }))[0]).to.include({ soort: 'overbesteding', ernst: 2 });
    expect(bepaalSignalen(reeks({ ...basis, plafond: 9500 }))[0]).to.include({ soort: 'overbesteding', ernst: 1 });
    expect(soorten(reeks({ ...basis, plafond: 9500 }), { ...STANDAARD_SIGNALEN, overbestedingMargePct: 2 })).to.deep.equal([]);
  });

  it('drempel at 70 % realisatie + OHW while less of the year has passed', () => {
    const s = bepaalSignalen(reeks({ plafond: 3000, realisatie: [800, 800, 700], ohw: [0, 0, 100] })).find((x) => x.soort === 'drempel');
    expect(s?.cijfers).to.include({ uitnutting: '80.0', jaarVerstreken: '24.7' });
    expect(soorten(reeks({ plafond: 3500, realisatie: [800, 800, 800] }))).not.to.include('drempel');
    expect(soorten(reeks({ plafond: 3500, realisatie: [800, 800, 800] }), { ...STANDAARD_SIGNALEN, drempelPct: 60 })).to.include('drempel');
    // In October (more than 70 % of the year gone) 80 % is no longer early.
    expect(soorten(reeks({ peilMaand: 10, plafond: 10000, realisatie: rij(10, 800) }))).not.to.include('drempel');
  });

  it('onderbesteding below 85 % of the plafond, with the headroom', () => {
    const r = reeks({ plafond: 10000, realisatie: [800, 800, 700], ohw: [0, 0, 100], toegewezen: rij(3, 1000), verplichtingen: vanaf(3, [1000, 1000, 1000]), instroomAantal: [25] });
    const s = bepaalSignalen(r);
    expect(s.map((x) => x.soort)).to.deep.equal(['onderbesteding']);
    expect(s[0].cijfers).to.include({ prognose: '4800.00', ruimte: '5200.00', 'prognose / plafond': '48.0' });
    expect(soorten(r, { ...STANDAARD_SIGNALEN, onderbestedingPct: 40 })).to.deep.equal([]);
  });

  it('geen-ohw when the peildatum month has no OHW report, more severe when the month before lacked one too', () => {
    expect(bepaalSignalen(reeks({ realisatie: [1, 1, 1], zonderOhw: [3] }))[0]).to.include({ soort: 'geen-ohw', ernst: 1 });
    const s = bepaalSignalen(reeks({ realisatie: [1, 1, 1], zonderOhw: [2, 3] }))[0];
    expect(s).to.include({ soort: 'geen-ohw', ernst: 2, toelichting: 'Geen onderhanden werk ontvangen over maart 2026 (ook niet over februari).' });
    expect(soorten(reeks({ realisatie: [1, 1, 1], zonderOhw: [2] }))).to.deep.equal([]);
  });

  it('late-declaratie when OHW of earlier months is still not declared, or realisatie came in late', () => {
    const s = bepaalSignalen(reeks({ realisatie: [800, 400, 0], ohw: [0, 400, 800] })).find((x) => x.soort === 'late-declaratie');
    // 400 of the 1600 of January and February is still OHW: 25 %.
    expect(s?.cijfers).to.include({ 'OHW eerdere maanden': '400.00', 'OHW eerdere maanden %': '25.0' });
    expect(s?.ernst).to.equal(1);
    expect(soorten(reeks({ realisatie: [1000, 1000, 1000], laat: [300, 0, 0] }))).to.include('late-declaratie');
    expect(soorten(reeks({ realisatie: [1000, 1000, 1000], laat: [250, 0, 0] }))).not.to.include('late-declaratie');
    expect(soorten(reeks({ realisatie: [800, 800, 0], ohw: [0, 0, 800] }))).not.to.include('late-declaratie');
  });

  it('compares shares with their thresholds exactly and shows them rounded half away from zero, as Decimal did', () => {
    // 2100 of 3000 is exactly 70 %: at the threshold counts.
    expect(soorten(reeks({ plafond: 3000, realisatie: [700, 700, 700] }))).to.include('drempel');
    expect(soorten(reeks({ plafond: 3000.01, realisatie: [700, 700, 700] }))).not.to.include('drempel');
    // 367,50 of 3000 declared late is 12,25 %: shown as 12,3 %, and a threshold of 12.25 is met, 12.26 not.
    const r = reeks({ realisatie: [1000, 1000, 1000], laat: [367.5, 0, 0] });
    const s = bepaalSignalen(r, undefined, { ...STANDAARD_SIGNALEN, lateDeclaratiePct: 12.25 }).find((x) => x.soort === 'late-declaratie');
    expect(s?.cijfers['laat gedeclareerd %']).to.equal('12.3');
    expect(s?.toelichting).to.contain('(12,3%)');
    expect(soorten(r, { ...STANDAARD_SIGNALEN, lateDeclaratiePct: 12.26 })).not.to.include('late-declaratie');
    // Against the Decimal computation the signals used before, on amounts of every size and sign.
    let x = 7n;
    for (let i = 0; i < 200; i++) {
      x = (x * 48271n) % 2147483647n;
      const realisatie = (x % 2n === 0n ? 1n : -1n) * (1n + (x % 900000000n));
      const laat = 1n + ((x * 31n) % 400000000n);
      const rr = reeks({});
      rr.maanden[0].realisatie = realisatie;
      rr.maanden[0].laatGedeclareerd = laat;
      const t = bepaalSignalen(rr, undefined, { ...STANDAARD_SIGNALEN, lateDeclaratiePct: -1e9 }).find((y) => y.soort === 'late-declaratie');
      expect(t?.cijfers['laat gedeclareerd %'], `${laat} / ${realisatie}`).to.equal(new Money(laat.toString()).mul(100).div(realisatie.toString()).toFixed(1));
      expect(percentage(laat, realisatie), `${laat} / ${realisatie}`).to.equal(new Money(laat.toString()).mul(100).div(realisatie.toString()).toFixed(2));
    }
  });

  it('takes its thresholds from the configuration', () => {
    expect(signaalInstellingen({ drempelPct: 75, onderbestedingPct: 80, overbestedingMargePct: 2, sprongPct: 200, lateDeclaratiePct: 5 })).to.deep.equal({
      ...STANDAARD_SIGNALEN, drempelPct: 75, onderbestedingPct: 80, overbestedingMargePct: 2, sprongFactor: 2, lateDeclaratiePct: 5,
    });
  });

  it('sprong when a month differs from the three before beyond the factor and the minimum amount', () => {
    const r = reeks({ peilMaand: 4, realisatie: [1000, 1000, 1000, 2000] });
    expect(soorten(r)).to.deep.equal([]);
    const s = bepaalSignalen(r, undefined, { ...STANDAARD_SIGNALEN, sprongMinimum: e(500) });
    expect(s[0]).to.include({ soort: 'sprong', ernst: 1, toelichting: 'April (€ 2.000,00) is 2,00 keer het gemiddelde van de 3 maanden ervoor (€ 1.000,00).' });
    expect(soorten(reeks({ peilMaand: 4, realisatie: [10000, 10000, 10000, 6000] }))).to.include('sprong');
    expect(soorten(reeks({ peilMaand: 4, realisatie: [10000, 10000, 10000, 7000] }))).not.to.include('sprong');
  });
});

describe('budget/uitnutting', () => {
  it('puts figures, every prognose, the chosen method and the signals of a series together', () => {
    const u = bewaakReeks(reeks({ plafond: 8000, realisatie: [800, 800, 700], ohw: [0, 0, 100], toegewezen: rij(3, 1000), verplichtingen: vanaf(3, rij(9, 1000)), instroomAantal: [30] }));
    expect(u).to.include({ realisatie: e(2300), onderhandenWerk: e(100), verplichtingen: e(9000), uitnuttingPct: '30.00', prognoseMethode: 'instroom', prognose: e(9600) });
    expect(u.prognoses).to.deep.equal({ runrate: e(9600), verplichtingen: e(9600), instroom: e(9600), gecombineerd: e(9600) });
    expect(u.signalen.map((s) => s.soort)).to.deep.equal(['overbesteding']);
    expect(perDomein([u, u])[0]).to.include({ plafond: e(16000), prognose: e(19200), uitnuttingPct: '30.00' });
  });

  it('reads every series against the totals of its domein in the list', () => {
    const a = { ...reeks({ plafond: 8000, realisatie: rij(3, 1000), toegewezen: rij(3, 1000), verplichtingen: vanaf(3, rij(9, 1000)), instroomAantal: [1] }), agb: '11111111' };
    const b = { ...reeks({ plafond: 8000, realisatie: rij(3, 9000), toegewezen: rij(3, 9000), verplichtingen: vanaf(3, rij(9, 9000)), instroom: rij(3, 900), instroomAantal: rij(3, 10) }), agb: '22222222' };
    const deel = { ...a, gemeente: '0479' };
    const [ua, ub, ud] = bewaakReeksen([a, b, deel]);
    const regio = telReeksenOp([a, b], { agb: '', gemeente: null, budgetlijn: null });
    expect(ua.prognose).to.equal(bewaakReeks(a, STANDAARD_SIGNALEN, { referentie: regio }).prognose);
    expect(ua.prognose > bewaakReeks(a).prognose).to.equal(true);
    expect(ub.prognose).to.equal(bewaakReeks(b, STANDAARD_SIGNALEN, { referentie: regio }).prognose);
    expect(ud.prognose).to.equal(ua.prognose);
  });

  it('adds gemeente series into the aanbieder total', () => {
    const a = { ...reeks({ plafond: 100, realisatie: [10, 20, 30], zonderOhw: [3] }), gemeente: '0479' };
    const b = { ...reeks({ plafond: 50, realisatie: [1, 2, 3], ohw: [0, 0, 4] }), gemeente: '0439' };
    const t = telReeksenOp([a, b], { agb: a.agb, gemeente: null, budgetlijn: null });
    expect(t.plafond).to.equal(e(150));
    expect(t.maanden[2]).to.include({ realisatie: e(33), onderhandenWerk: e(4), ohwOntbreekt: true });
    expect(t.gemeente).to.equal(null);
  });
});

describe('budget/herverdeling', () => {
  it('moves headroom of underspenders to the largest overruns first, keeping a safety margin', () => {
    const rij = (agb: string, plafond: number, prognose: number) => ({ jaar: 2026, domein: 'JW' as const, agb, gemeente: null, budgetlijn: 'JW-BOVENREG', plafond: e(plafond), prognose: e(prognose) });
    const [v] = herverdelingsvoorstel([rij('A', 10000, 5000), rij('B', 10000, 12000), rij('C', 5000, 8000), rij('D', 10000, 9000)]);
    // A may give 10000 − 5000 × 1.1 = 4500: 3000 to C (largest overrun), 1500 to B, 500 of B's overrun not covered.
    expect(v.overdrachten).to.deep.equal([{ van: 'A', naar: 'C', bedrag: e(3000) }, { van: 'A', naar: 'B', bedrag: e(1500) }]);
    expect(v.nietGedekt).to.equal(e(500));
    expect(v.restRuimte).to.equal(0n);
    expect(v.aanbieders.map((a) => [a.agb, a.rol, a.plafondNa])).to.deep.equal([['A', 'gever', e(5500)], ['C', 'ontvanger', e(8000)], ['B', 'ontvanger', e(11500)]]);
    expect(v.aanbieders.find((a) => a.agb === 'C')).to.include({ prognosePctVoor: '160.00', prognosePctNa: '100.00' });
    expect(herverdelingsvoorstel([rij('A', 10000, 5000), { ...rij('B', 10000, 12000), budgetlijn: 'JW-REG' }])).to.deep.equal([]);
  });
});
