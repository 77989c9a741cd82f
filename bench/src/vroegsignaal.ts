import {
  type BudgetReeks, type Jaareinde, type Prognose, type PrognoseMethode, PROGNOSE_METHODEN, type SignaalInstellingen, STANDAARD_SIGNALEN,
  berekenPrognose, bepaalSignalen, eindigdeBoven, eindigdeOnder, instroomReferenties, legeMaand, telReeksenOp, trefzekerheid,
} from '@plafond/budget';
import { type Cents, type Datum, Money, daysInMonth, fromParts } from '@plafond/core';
import { type Afwijker, type Regio, type WareCijfers, genereerRegio, waarheid } from '@plafond/fixtures';

/**
 * Early warning, measured (issue 11): on generated years with planted over- and underspenders, at the end of every
 * month, how many of the aanbieders that end the year above their plafond the `overbesteding` signal finds, and how
 * many of those it flags end below it; the same for `onderbesteding`. Evaluated on the generator's true figures
 * (`waarheid`), not through the message pipeline: the series are what the database would hold at each peildatum.
 */

/**
 * The seeds the prognose was tuned on (the instroom credibility INSTROOM_GEWICHT, the outlier bound of the
 * verzilvering, the recency weights); the measurement uses other seeds, never looked at while tuning.
 */
export const AFGESTEMD_OP = [1, 2, 3, 4, 5] as const;
export function meetSeeds(quick: boolean): number[] {
  return quick ? [101, 102] : [101, 102, 103, 104, 105, 106, 107, 108, 109, 110];
}

const DOMEIN = { jeugd: 'JW', wmo: 'WMO' } as const;
type Methode = PrognoseMethode | 'gekozen';
export const METHODEN: readonly Methode[] = ['gekozen', ...PROGNOSE_METHODEN];

const eindeMaand = (jaar: number, m: number): Datum => fromParts(jaar, m, daysInMonth(jaar, m));

/** Plafond per aanbieder × domein × gemeente in force at a day (initial plus every mutation dated on or before it). */
function plafondOp(regio: Regio, dag: Datum): Map<string, Cents> {
  const out = new Map<string, Cents>();
  const bij = (k: string, v: Cents) => out.set(k, (out.get(k) ?? 0n) + v);
  for (const p of regio.plafonds) bij(`${p.agb}|${p.gemeente}|${p.domein}`, p.bedragCents);
  for (const m of regio.plafondMutaties) if (m.datum <= dag) bij(`${m.agb}|${m.gemeente}|${m.domein}`, m.mutatieCents);
  return out;
}

/** The series of one aanbieder × gemeente × domein as the database would hold it at the end of month `p`. */
export function reeksOp(regio: Regio, c: WareCijfers, p: number, plafond: Cents): BudgetReeks {
  const peildatum = eindeMaand(regio.jaar, p);
  const maanden = Array.from({ length: 12 }, (_, i) => legeMaand(i + 1));
  for (const b of c.boekingen) {
    if (b.cyclus > p) continue;
    const m = maanden[b.maand - 1];
    m.realisatie += b.toegekend;
    m.gedeclareerd += b.ingediend;
    if (b.cyclus > b.maand && b.toegekend > 0n) m.laatGedeclareerd += b.toegekend;
    if (b.cyclus + 1 <= 12) maanden[b.cyclus].realisatieKas += b.toegekend;
  }
  if (!c.ohwOntbreekt[p - 1]) for (const l of c.leveringen) if (l.maand === p && l.cyclus > p) maanden[p - 1].onderhandenWerk += l.bedrag;
  for (let m = 0; m < p; m++) maanden[m].ohwOntbreekt = c.ohwOntbreekt[m];
  const verplichtingen = Array.from({ length: 12 }, (): Cents => 0n);
  for (const t of c.toewijzingen) {
    if (t.toewijzingsdatum > peildatum) continue;
    t.toegewezenPerMaand.forEach((v, i) => {
      if (i < p) maanden[i].toegewezen += v;
      else verplichtingen[i] += v;
    });
    if (+t.ingangsdatum.slice(0, 4) === regio.jaar) {
      const m = maanden[+t.ingangsdatum.slice(5, 7) - 1];
      m.instroomAantal += 1;
      m.instroomMaandbedrag += t.maandbedrag;
      const looptijd = t.einddatum ? (+t.einddatum.slice(0, 4) - regio.jaar) * 12 + +t.einddatum.slice(5, 7) - m.maand + 1 : null;
      (m.instroomToewijzingen ??= []).push({ maandbedrag: t.maandbedrag, looptijdMaanden: looptijd });
      m.instroomBedrag += t.toegewezenPerMaand.slice(m.maand - 1).reduce((a, b) => a + b, 0n);
    }
  }
  return {
    jaar: regio.jaar, domein: DOMEIN[c.domein], agb: c.agb, gemeente: c.gemeente, budgetlijn: null, peildatum, plafond, plafondMutaties: [],
    maanden, verplichtingenPerMaand: verplichtingen, vorigJaar: c.vorigJaar,
  };
}

/** Aanbieder × domein totals (gemeente null) at the end of month `p`. */
export function aanbiederReeksen(regio: Regio, ware: WareCijfers[], p: number): BudgetReeks[] {
  const plafonds = plafondOp(regio, eindeMaand(regio.jaar, p));
  const groepen = new Map<string, BudgetReeks[]>();
  for (const c of ware) {
    const r = reeksOp(regio, c, p, plafonds.get(`${c.agb}|${c.gemeente}|${c.domein}`) ?? 0n);
    const k = `${c.agb}|${c.domein}`;
    const l = groepen.get(k);
    if (l) l.push(r);
    else groepen.set(k, [r]);
  }
  return [...groepen.values()].map((l) => telReeksenOp(l, { agb: l[0].agb, gemeente: null, budgetlijn: null })).filter((r) => r.plafond > 0n);
}

/** How every aanbieder × domein really ended the year: all realisatie, every plafond mutation. */
export function jaareinde(regio: Regio, ware: WareCijfers[]): Jaareinde[] {
  return aanbiederReeksen(regio, ware, 12).map((r) => ({ agb: r.agb, domein: r.domein, gemeente: null, plafond: r.plafond, werkelijk: r.maanden.reduce((a, m) => a + m.realisatie + m.onderhandenWerk, 0n) }));
}

/** A prognose as if `methode` were chosen (the run-rate where the method does not apply to the row). */
function alsMethode(p: Prognose, methode: Methode): Prognose {
  if (methode === 'gekozen') return p;
  const m = p.methoden[methode] ?? p.methoden.runrate;
  return m ? { ...p, gekozen: m.methode, prognose: m.prognose } : p;
}

export interface Telling {
  werkelijk: number;
  gesignaleerd: number;
  terecht: number;
}

export interface VroegsignaalRij {
  peilMaand: number;
  methode: Methode;
  overbesteding: Telling;
  onderbesteding: Telling;
  /** Σ |prognose − werkelijk| / Σ werkelijk × 100 over every aanbieder × domein. */
  afwijkingPct: number;
}

export interface VroegsignaalResultaat {
  afgestemdOp: number[];
  seeds: number[];
  aanbieders: number;
  clienten: number;
  reeksen: number;
  instellingen: Omit<SignaalInstellingen, 'sprongMinimum'>;
  rijen: VroegsignaalRij[];
  /** Per planted kind, at the end of March with the chosen method: found (over) or not flagged over (onder). */
  afwijkersMaart: { soort: string; richting: 'over' | 'onder'; aantal: number; goed: number }[];
  /** Share of rows per chosen method at the end of March. */
  keuzeMaart: Record<string, number>;
}

const sleutel = (r: { agb: string; domein: string }) => `${r.agb}|${r.domein}`;

/** Measures one generated year; counts add over seeds. */
export function meetJaar(regio: Regio, inst: SignaalInstellingen = STANDAARD_SIGNALEN): { rijen: VroegsignaalRij[]; afwijkers: { af: Afwijker; goed: boolean }[]; keuze: Record<string, number>; reeksen: number } {
  const ware = waarheid(regio);
  const eind = jaareinde(regio, ware);
  const eindPer = new Map(eind.map((j) => [sleutel(j), j]));
  const boven = new Set(eind.filter(eindigdeBoven).map(sleutel));
  const onder = new Set(eind.filter((j) => eindigdeOnder(j, inst.onderbestedingPct)).map(sleutel));
  const rijen: VroegsignaalRij[] = [];
  let afwijkers: { af: Afwijker; goed: boolean }[] = [];
  const keuze: Record<string, number> = {};
  for (let p = 1; p <= 11; p++) {
    const reeksen = aanbiederReeksen(regio, ware, p).filter((r) => eindPer.has(sleutel(r)));
    // As the database answers every aanbieder at once: each series' instroom read against its domein's.
    const referentie = instroomReferenties(reeksen);
    const prognoses = reeksen.map((r) => ({ r, p: berekenPrognose(r, { referentie: referentie(r) }) }));
    for (const methode of METHODEN) {
      const over = new Set<string>();
      const ondr = new Set<string>();
      let fout = new Money(0);
      let totaal = 0n;
      for (const { r, p: pr } of prognoses) {
        const als = alsMethode(pr, methode);
        for (const s of bepaalSignalen(r, als, inst)) {
          if (s.soort === 'overbesteding') over.add(sleutel(r));
          if (s.soort === 'onderbesteding') ondr.add(sleutel(r));
        }
        const w = (eindPer.get(sleutel(r)) as Jaareinde).werkelijk;
        fout = fout.plus(new Money((als.prognose - w).toString()).abs());
        totaal += w;
      }
      const t1 = trefzekerheid('overbesteding', over, boven);
      const t2 = trefzekerheid('onderbesteding', ondr, onder);
      rijen.push({
        peilMaand: p, methode,
        overbesteding: { werkelijk: t1.werkelijk, gesignaleerd: t1.gesignaleerd, terecht: t1.terecht },
        onderbesteding: { werkelijk: t2.werkelijk, gesignaleerd: t2.gesignaleerd, terecht: t2.terecht },
        afwijkingPct: totaal > 0n ? Number(fout.mul(100).div(totaal.toString()).toFixed(2)) : 0,
      });
      if (p === 3 && methode === 'gekozen') {
        afwijkers = regio.afwijkers.map((af) => {
          const k = `${af.agb}|${DOMEIN[af.domein]}`;
          return { af, goed: af.richting === 'over' ? over.has(k) : !over.has(k) };
        });
        for (const { p: pr } of prognoses) keuze[pr.gekozen] = (keuze[pr.gekozen] ?? 0) + 1;
      }
    }
  }
  return { rijen, afwijkers, keuze, reeksen: eind.length };
}

/** The early-warning section over several seeds (sizes of the default region). */
export function meetVroegsignaal(opts: { quick: boolean; seeds?: number[]; log?: (t: string) => void; instellingen?: SignaalInstellingen }): VroegsignaalResultaat {
  const seeds = opts.seeds ?? meetSeeds(opts.quick);
  const inst = opts.instellingen ?? STANDAARD_SIGNALEN;
  const totaal = new Map<string, VroegsignaalRij & { n: number }>();
  const af = new Map<string, { soort: string; richting: 'over' | 'onder'; aantal: number; goed: number }>();
  const keuze: Record<string, number> = {};
  let reeksen = 0;
  let clienten = 0;
  let aanbieders = 0;
  for (const seed of seeds) {
    const t0 = Date.now();
    const regio = genereerRegio({ seed });
    clienten = regio.clienten.length;
    aanbieders = regio.aanbieders.length;
    const j = meetJaar(regio, inst);
    reeksen += j.reeksen;
    for (const r of j.rijen) {
      const k = `${r.peilMaand}|${r.methode}`;
      const t = totaal.get(k);
      if (!t) totaal.set(k, { ...r, overbesteding: { ...r.overbesteding }, onderbesteding: { ...r.onderbesteding }, n: 1 });
      else {
        for (const s of ['overbesteding', 'onderbesteding'] as const) {
          t[s].werkelijk += r[s].werkelijk;
          t[s].gesignaleerd += r[s].gesignaleerd;
          t[s].terecht += r[s].terecht;
        }
        t.afwijkingPct += r.afwijkingPct;
        t.n++;
      }
    }
    for (const { af: a, goed } of j.afwijkers) {
      const k = `${a.soort}|${a.richting}`;
      const x = af.get(k) ?? { soort: a.soort, richting: a.richting, aantal: 0, goed: 0 };
      x.aantal++;
      if (goed) x.goed++;
      af.set(k, x);
    }
    for (const [m, n] of Object.entries(j.keuze)) keuze[m] = (keuze[m] ?? 0) + n;
    opts.log?.(`vroegsignaal: seed ${seed}, ${j.reeksen} aanbieder × domein, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const { sprongMinimum: _, ...instellingen } = inst;
  return {
    afgestemdOp: [...AFGESTEMD_OP], seeds, aanbieders, clienten, reeksen, instellingen,
    rijen: [...totaal.values()].map(({ n, ...r }) => ({ ...r, afwijkingPct: Number((r.afwijkingPct / n).toFixed(2)) })),
    afwijkersMaart: [...af.values()], keuzeMaart: keuze,
  };
}

const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);

/** Hit rate (terecht / werkelijk) and share of false alarms ((gesignaleerd − terecht) / gesignaleerd). */
export function trefkans(t: Telling): { trefkans: string; valsAlarm: string } {
  return { trefkans: pct(t.terecht, t.werkelijk), valsAlarm: pct(t.gesignaleerd - t.terecht, t.gesignaleerd) };
}

const MAAND = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov'];

/** The readable section of the report. */
export function vroegsignaalRapport(v: VroegsignaalResultaat, tabel: (r: string[][]) => string): string {
  const regels: string[] = [];
  regels.push(`Early warning (issue 11): seeds ${v.seeds.join(', ')} (tuned on ${v.afgestemdOp.join(', ')}), ${v.aanbieders} aanbieders, ${v.clienten.toLocaleString('en-US')} clienten each, ${v.reeksen} aanbieder × domein in all;`);
  regels.push('evaluated on the generator\'s true figures at each peildatum (end of month), not through the message pipeline');
  for (const soort of ['overbesteding', 'onderbesteding'] as const) {
    regels.push('');
    regels.push(`${soort}: found = share of the aanbieders that end the year ${soort === 'overbesteding' ? 'above their plafond' : `below ${v.instellingen.onderbestedingPct}% of it`} flagged at the peildatum; false = share of the flagged that do not`);
    const kop = ['method', ...MAAND.map((m) => `${m} found/false`)];
    const rijen = METHODEN.map((m) => [m, ...MAAND.map((_, i) => {
      const r = v.rijen.find((x) => x.peilMaand === i + 1 && x.methode === m);
      if (!r) return '';
      const t = trefkans(r[soort]);
      return `${t.trefkans}/${t.valsAlarm}`;
    })]);
    regels.push(tabel([kop, ...rijen]));
  }
  regels.push('');
  regels.push('forecast error Σ|prognose − year end| / Σ year end');
  regels.push(tabel([['method', ...MAAND], ...METHODEN.map((m) => [m, ...MAAND.map((_, i) => `${(v.rijen.find((x) => x.peilMaand === i + 1 && x.methode === m)?.afwijkingPct ?? 0).toFixed(1)}%`)])]));
  regels.push('');
  regels.push('planted aanbieders at the end of March (chosen method): over = flagged overbesteding, onder = not flagged');
  regels.push(tabel([['kind', 'direction', 'planted', 'right'], ...v.afwijkersMaart.map((a) => [a.soort, a.richting, String(a.aantal), String(a.goed)])]));
  const maart = v.rijen.find((r) => r.peilMaand === 3 && r.methode === 'gekozen');
  if (maart) {
    const o = trefkans(maart.overbesteding);
    regels.push('');
    regels.push(`end of March, chosen method: overbesteding found ${o.trefkans} (target ≥ 90%), false alarms ${o.valsAlarm} (target ≤ 10%); onderbesteding found ${trefkans(maart.onderbesteding).trefkans}, false ${trefkans(maart.onderbesteding).valsAlarm}`);
  }
  return regels.join('\n');
}
