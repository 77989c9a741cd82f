import { type Cents, type Datum, Money, addDays, datumParts, daysInMonth, formatEuro, formatEuroNl, fromParts, toCents } from '@plafond/core';
import type { BudgetReeks } from './model';

/**
 * The prognose methods, side by side:
 * - `runrate`: realisatie + OHW so far, plus the average month of the last three observed months for every month left;
 * - `verplichtingen`: realisatie + OHW so far, plus what the running toewijzingen still allow until their einddatum or
 *   year end, times the verzilvering observed this year ((realisatie + OHW) per euro toegewezen);
 * - `instroom`: `verplichtingen` plus new toewijzingen arriving at this year's pace (the series' own, recent months
 *   weighing more, mixed by credibility with the region's pace per euro toegewezen where the region is given), all
 *   shaped by last year's season where a previous year exists;
 * - `seizoen` (only with a previous year): realisatie + OHW so far, continued at this year's level in last year's monthly shape;
 * - `gecombineerd`: the average of `instroom` and `runrate`, month by month (shown beside the others; not chosen,
 *   see the README: it halves what the toewijzingen say about later-starting care).
 * Every method starts from the observed months, with the peildatum month completed where an aanbieder that declares
 * late sent no OHW report for it (`nogNietZichtbaar`).
 */
export type PrognoseMethode = 'runrate' | 'verplichtingen' | 'instroom' | 'seizoen' | 'gecombineerd';
export const PROGNOSE_METHODEN: readonly PrognoseMethode[] = ['runrate', 'verplichtingen', 'instroom', 'seizoen', 'gecombineerd'];


/** Dutch names of the methods, for people. */
export const METHODE_NAAM: Record<PrognoseMethode, string> = {
  runrate: 'run-rate met OHW',
  verplichtingen: 'verplichtingen × verzilvering',
  instroom: 'verplichtingen, verzilvering en instroom',
  seizoen: 'run-rate met seizoenspatroon vorig jaar',
  gecombineerd: 'gemiddelde van instroom en run-rate',
};

/** One method's forecast with the figures it used. */
export interface MethodePrognose {
  methode: PrognoseMethode;
  /** Year-end total: sum of `perMaand`. */
  prognose: Cents;
  /** 12 entries: realisatie + OHW for the observed months, the forecast for the months after the peildatum. */
  perMaand: Cents[];
  /** The figures behind the forecast (amounts in euros, shares in percent), keyed in Dutch for people. */
  grondslag: Record<string, string>;
}

export interface Prognose {
  /** Last observed month (1–12): the month of the peildatum. */
  peilMaand: number;
  /** Realisatie + OHW of the observed months (and anything already known after them). */
  gerealiseerd: Cents;
  methoden: Partial<Record<PrognoseMethode, MethodePrognose>>;
  gekozen: PrognoseMethode;
  /** One Dutch sentence: why this method for this row, with its figures. */
  reden: string;
  prognose: Cents;
  /** The day the chosen forecast reaches the plafond in force at the peildatum, or null (not within the year / no plafond). */
  verwachteUitputting: Datum | null;
}

const nul = () => Array.from({ length: 12 }, () => 0n);
const dec = (c: Cents) => new Money(c.toString());
const euro = (c: Cents) => formatEuro(c);
const procent = (d: Money) => d.mul(100).toFixed(1);

/** Realisatie + OHW per month, what is known so far. */
function bekendPerMaand(r: BudgetReeks): Cents[] {
  return r.maanden.map((m) => m.realisatie + m.onderhandenWerk);
}

/** The month of the peildatum, 1–12 (a peildatum before the year is 0, after it 12). */
export function peilMaand(r: BudgetReeks): number {
  const { jaar, maand } = datumParts(r.peildatum);
  return jaar < r.jaar ? 0 : jaar > r.jaar ? 12 : maand;
}

/** Adds a projection for the months after `p` to the known figures. */
function metProjectie(bekend: Cents[], p: number, projectie: (maand: number) => Money): Cents[] {
  return bekend.map((v, i) => (i + 1 <= p ? v : v + toCents(projectie(i + 1))));
}

function runrate(r: BudgetReeks, p: number, bekend: Cents[]): MethodePrognose {
  const laatste = bekend.slice(Math.max(0, p - 3), p);
  const gemiddeld = laatste.length ? dec(laatste.reduce((a, b) => a + b, 0n)).div(laatste.length) : new Money(0);
  const perMaand = metProjectie(bekend, p, () => gemiddeld);
  return {
    methode: 'runrate', perMaand, prognose: perMaand.reduce((a, b) => a + b, 0n),
    grondslag: { 'gemiddelde maand (laatste 3 maanden)': euro(toCents(gemiddeld)), 'maanden te gaan': String(12 - p) },
  };
}

/** A month whose verzilvering is below this share of the median month's is left out of the verzilvering (80 %). */
export const UITSCHIETER_GRENS = 0.8;

/**
 * (realisatie + OHW) per euro toegewezen over the observed months, or null when nothing was toegewezen. `bekend`
 * gives the months' figures (default realisatie + OHW). A month far below the others (below UITSCHIETER_GRENS of
 * the median month's verzilvering: a message rejected whole, care declared late without an OHW report) is an event
 * of that month, not a level the rest of the year will follow, and is left out.
 */
export function verzilvering(r: BudgetReeks, p: number, bekend: Cents[] = bekendPerMaand(r)): Money | null {
  const maanden = r.maanden.slice(0, p).map((m, i) => ({ gebruikt: bekend[i] ?? 0n, toegewezen: m.toegewezen })).filter((m) => m.toegewezen > 0n);
  if (maanden.length === 0) return null;
  const ratio = (m: { gebruikt: Cents; toegewezen: Cents }) => dec(m.gebruikt).div(m.toegewezen.toString());
  const gesorteerd = maanden.map(ratio).sort((a, b) => a.comparedTo(b));
  const mediaan = gesorteerd[Math.floor((gesorteerd.length - 1) / 2)].plus(gesorteerd[Math.ceil((gesorteerd.length - 1) / 2)]).div(2);
  const telt = maanden.length >= 3 && mediaan.gt(0) ? maanden.filter((m) => ratio(m).gte(mediaan.mul(UITSCHIETER_GRENS))) : maanden;
  const gebruikt = telt.reduce((a, m) => a + m.gebruikt, 0n);
  const toegewezen = telt.reduce((a, m) => a + m.toegewezen, 0n);
  // Bounded: a series where more is declared than toegewezen (e.g. budget toewijzingen spread unevenly) must not
  // multiply the whole remainder by a freak ratio.
  return Money.min(Money.max(dec(gebruikt).div(toegewezen.toString()), 0), 1.25);
}

/**
 * What the peildatum month will still show of care already delivered: an aanbieder that declares late shows its
 * last month as onderhanden werk, so without an OHW report for that month its late part is missing. Estimated as
 * the late share of the months before (laat gedeclareerd / realisatie) of what the month would hold: its
 * toegewezen at the verzilvering of those months, or (without toewijzingen) their average month. 0 with a report.
 */
export function nogNietZichtbaar(r: BudgetReeks, p: number): Cents {
  if (p < 2 || p > 12 || !r.maanden[p - 1]?.ohwOntbreekt) return 0n;
  const eerder = r.maanden.slice(0, p - 1);
  const realisatie = eerder.reduce((a, m) => a + m.realisatie, 0n);
  const laat = eerder.reduce((a, m) => a + m.laatGedeclareerd, 0n);
  if (realisatie <= 0n || laat <= 0n) return 0n;
  const laatDeel = Money.min(dec(laat).div(realisatie.toString()), 1);
  const v = verzilvering(r, p - 1);
  const nu = r.maanden[p - 1];
  const verwacht = v !== null && nu.toegewezen > 0n ? dec(nu.toegewezen).mul(v) : dec(eerder.reduce((a, m) => a + m.realisatie + m.onderhandenWerk, 0n)).div(eerder.length);
  // The late part of what the month would hold, but never more than brings it to that.
  const tekort = toCents(verwacht) - (nu.realisatie + nu.onderhandenWerk);
  const ontbreekt = toCents(verwacht.mul(laatDeel));
  if (tekort <= 0n || ontbreekt <= 0n) return 0n;
  return ontbreekt < tekort ? ontbreekt : tekort;
}

/**
 * Last year's monthly shape: factor per month (mean 1 over the year), or null without a usable previous year or
 * when it shows no season.
 * Used relative to the observed months, so a year that is uniformly bigger or smaller does not matter.
 */
export function seizoensfactoren(r: BudgetReeks): Money[] | null {
  const v = r.vorigJaar;
  if (!v || v.length !== 12) return null;
  const som = v.reduce((a, b) => a + b, 0n);
  if (som <= 0n || v.some((x) => x < 0n)) return null;
  const gemiddeld = dec(som).div(12);
  const f = v.map((x) => dec(x).div(gemiddeld));
  // A year whose months all lie within SEIZOEN_DREMPEL of its average shows no season, only noise: projecting that
  // noise would scale the whole remainder by the chance level of the observed months.
  return f.some((x) => x.minus(1).abs().gt(SEIZOEN_DREMPEL)) ? f : null;
}

/** The least deviation of a month from last year's average that counts as a seasonal pattern (10 %). */
export const SEIZOEN_DREMPEL = 0.1;

function gemiddeldeFactor(f: Money[] | null, van: number, tot: number): Money {
  if (!f || tot < van) return new Money(1);
  const deel = f.slice(van - 1, tot);
  const som = deel.reduce((a, b) => a.plus(b), new Money(0));
  return som.gt(0) ? som.div(deel.length) : new Money(1);
}

function verplichtingenMethode(r: BudgetReeks, p: number, bekend: Cents[], v: Money): MethodePrognose {
  const perMaand = metProjectie(bekend, p, (m) => dec(r.verplichtingenPerMaand[m - 1] ?? 0n).mul(v));
  const rest = r.verplichtingenPerMaand.slice(p).reduce((a, b) => a + b, 0n);
  return {
    methode: 'verplichtingen', perMaand, prognose: perMaand.reduce((a, b) => a + b, 0n),
    grondslag: { 'verplichtingen tot jaareinde': euro(rest), 'verzilvering (realisatie + OHW / toegewezen)': procent(v) },
  };
}

/**
 * The longest looptijd (in calendar months) of care that counts as short: crisis care and short placements, in the
 * caseload for a month or two only, so that the caseload cannot tell how much of it arrives (2).
 */
export const KORTDUREND_MAANDEN = 2;

/** Which new toewijzingen a cohort takes: all, only the short ones (KORTDUREND_MAANDEN), or all but those. */
type CohortDeel = 'alle' | 'kortdurend' | 'overig';
const kortdurend = (t: { looptijdMaanden: number | null }) => t.looptijdMaanden !== null && t.looptijdMaanden <= KORTDUREND_MAANDEN;

/**
 * What one month's new toewijzingen allow, month by month after their start (index 0: their first month): per
 * observed month the sum of the monthly amounts of its new toewijzingen still running after `j` months (without
 * detail the monthly amounts run open-ended, and count as `overig`), averaged over the observed months — with
 * `recent`, weighted 1, 2, …, p so that a pace that has been rising counts at its latest level more than at January's.
 */
function cohortVan(r: BudgetReeks, p: number, recent: boolean, deel: CohortDeel = 'alle'): Money[] {
  const uit = Array.from({ length: 12 }, () => new Money(0));
  if (p <= 0) return uit;
  let gewichten = 0;
  r.maanden.slice(0, p).forEach((m, i) => {
    const w = recent ? i + 1 : 1;
    gewichten += w;
    const alle = m.instroomToewijzingen ?? [];
    const detail = deel === 'alle' ? alle : alle.filter((t) => kortdurend(t) === (deel === 'kortdurend'));
    for (let j = 0; j < 12; j++) {
      const zonderDetail = deel === 'kortdurend' ? 0n : m.instroomMaandbedrag;
      const actief = alle.length > 0 ? detail.reduce((a, t) => (t.looptijdMaanden === null || j < t.looptijdMaanden ? a + t.maandbedrag : a), 0n) : zonderDetail;
      uit[j] = uit[j].plus(dec(actief).mul(w));
    }
  });
  return uit.map((x) => x.div(gewichten));
}

/** What the toewijzingen allowed in the observed months: the caseload new clients are measured against. */
function toegewezenTotNu(r: BudgetReeks, p: number): Cents {
  return r.maanden.slice(0, p).reduce((a, m) => a + (m.toegewezen > 0n ? m.toegewezen : 0n), 0n);
}

/**
 * The number of new toewijzingen at which a series' own instroom counts as much as the region's (credibility
 * n / (n + INSTROOM_GEWICHT)). Chosen on the benchmark's tuning seeds (1–5), see bench/src/vroegsignaal.ts.
 */
export const INSTROOM_GEWICHT = 20;

/**
 * The one-sided levels of the trend test on the instroom counts between which a rising pace takes over from the
 * region: below 1.645 (5 %) the rise is within chance and the series is read against the region as usual, from
 * 2.326 (1 %) its own recent pace counts in full, linearly in between.
 */
export const STIJGING_VANAF = 1.645;
export const STIJGING_VOLLEDIG = 2.326;

/**
 * The Poisson score test for a linear trend in the monthly counts of new toewijzingen of the observed months:
 * Σ (i − ī) cᵢ / √(c̄ Σ (i − ī)²), about standard normal while the pace is constant. Read within the series, so its
 * product mix (which makes the count per euro toegewezen differ from the region's) does not matter. 0 before three
 * observed months or without instroom.
 */
export function instroomTrend(r: BudgetReeks, p: number): number {
  if (p < 3) return 0;
  const c = r.maanden.slice(0, p).map((m) => m.instroomAantal);
  const gemiddeld = c.reduce((a, b) => a + b, 0) / p;
  if (gemiddeld <= 0) return 0;
  const midden = (p + 1) / 2;
  const score = c.reduce((a, x, i) => a + (i + 1 - midden) * x, 0);
  const spreiding = c.reduce((a, _, i) => a + (i + 1 - midden) ** 2, 0);
  return score / Math.sqrt(gemiddeld * spreiding);
}

/**
 * How many new toewijzingen the series' own instroom amount is worth as evidence: (Σ a)² / Σ a² over their monthly
 * amounts a — their number when they are alike, fewer when a few expensive ones make up most of the amount (two
 * crisis placements of € 8.000 a month among ten of € 150 tell about as much as two). Without the detail, the count.
 * Short care (KORTDUREND_MAANDEN) is left out: it is not read against the region (see `instroomCohort`).
 */
export function effectiefAantal(r: BudgetReeks, p: number): Money {
  const bedragen = r.maanden.slice(0, p).flatMap((m) => (m.instroomToewijzingen ?? []).filter((t) => !kortdurend(t)).map((t) => dec(t.maandbedrag)));
  const kwadraten = bedragen.reduce((a, b) => a.plus(b.mul(b)), new Money(0));
  if (kwadraten.lte(0)) return new Money(r.maanden.slice(0, p).reduce((a, m) => a + (m.instroomToewijzingen?.length ? m.instroomToewijzingen.filter((t) => !kortdurend(t)).length : m.instroomAantal), 0));
  const som = bedragen.reduce((a, b) => a.plus(b), new Money(0));
  return som.mul(som).div(kwadraten);
}

/**
 * The instroom cohort of a series: its own (recent months weighing more), or, with a `referentie` (the domein's
 * roll-up over all aanbieders at the same peildatum), a credibility-weighted mix of its own and the region's cohort
 * scaled to this series' caseload (toegewezen so far). A handful of new toewijzingen in three months says little
 * about the pace of a year — one more or less moves a small aanbieder's forecast by percents — while the region's
 * hundreds say a lot; the series' own pace takes over as it gathers evidence (weight n / (n + INSTROOM_GEWICHT), n the
 * `effectiefAantal` of its new toewijzingen).
 * A caseload that is growing is the exception the region cannot know: when the series' own counts rise month by
 * month beyond chance (`instroomTrend` from STIJGING_VANAF to STIJGING_VOLLEDIG), its own recent pace takes over
 * from the region's, as far as the evidence goes. The pace is held at its recent level, not extrapolated further.
 * Short care (crisis, short placements: KORTDUREND_MAANDEN) is not read against the region at all: it stays in the
 * caseload a month or two, so the caseload the region's pace is scaled to holds little of it however much of it an
 * aanbieder takes in; its own recent pace is projected as it is (`kortdurend`, also without a referentie).
 */
function instroomCohort(r: BudgetReeks, p: number, referentie?: BudgetReeks, gewicht = INSTROOM_GEWICHT): { cohort: Money[]; eigenGewicht: Money; trend: number | null; kortdurend: Money } {
  const kort = cohortVan(r, p, true, 'kortdurend');
  const eigen = cohortVan(r, p, true, 'overig');
  const basis = toegewezenTotNu(r, p);
  const regioBasis = referentie ? toegewezenTotNu(referentie, p) : 0n;
  if (!referentie || regioBasis <= 0n || basis <= 0n) return { cohort: eigen.map((x, j) => x.plus(kort[j])), eigenGewicht: new Money(1), trend: null, kortdurend: kort[0] };
  const n = effectiefAantal(r, p);
  const geloofwaardig = n.plus(gewicht).gt(0) ? n.div(n.plus(gewicht)) : new Money(1);
  const schaal = dec(basis).div(regioBasis.toString());
  const regio = cohortVan(referentie, p, false, 'overig');
  // A rise to a pace still below the region's says nothing against the region's.
  const trend = instroomTrend(r, p);
  const stijging = eigen[0].gt(regio[0].mul(schaal)) ? Math.min(1, Math.max(0, (trend - STIJGING_VANAF) / (STIJGING_VOLLEDIG - STIJGING_VANAF))) : 0;
  const z = geloofwaardig.plus(new Money(1).minus(geloofwaardig).mul(stijging));
  const cohort = eigen.map((x, j) => x.mul(z).plus(regio[j].mul(schaal).mul(new Money(1).minus(z))).plus(kort[j]));
  return { cohort, eigenGewicht: z, trend: stijging > 0 ? trend : null, kortdurend: kort[0] };
}

/**
 * Per month after the peildatum (index = month − 1), the share of its new toewijzingen not yet granted at the
 * peildatum (those granted are in the verplichtingen). Read from the region where there is one: how far ahead
 * toewijzingen are granted is a habit of the region's process, while one series' few early grants say nothing about
 * how many others will still come (and care granted early to start later comes on top of the usual instroom).
 */
function nogNieuw(r: BudgetReeks, p: number, referentie?: BudgetReeks): Money[] {
  const bron = referentie ?? r;
  const tempo = cohortVan(bron, p, false)[0];
  return bron.maanden.map((m) => (tempo.gt(0) ? Money.max(0, new Money(1).minus(dec(m.instroomMaandbedrag).div(tempo))) : new Money(0)));
}

/**
 * What new clients arriving after the peildatum add in month `m`: a cohort arrives in every later month (half a
 * month in its first month), each running as the cohort says, less the part already granted.
 */
function instroomInMaand(p: number, m: number, cohort: Money[], nieuw: Money[]): Money {
  let som = new Money(0);
  for (let k = p + 1; k <= m; k++) {
    const j = m - k;
    som = som.plus(cohort[j].mul(j === 0 ? 0.5 : 1).mul(nieuw[k - 1] ?? 0));
  }
  return som;
}

function instroomMethode(r: BudgetReeks, p: number, bekend: Cents[], v: Money, f: Money[] | null, opties: PrognoseOpties): MethodePrognose {
  const waargenomen = r.maanden.slice(0, p);
  const { cohort, eigenGewicht, trend, kortdurend: kort } = instroomCohort(r, p, opties.referentie, opties.instroomGewicht);
  const nieuw = p > 0 ? nogNieuw(r, p, opties.referentie) : [];
  const tempo = cohort[0];
  const aantal = p > 0 ? new Money(waargenomen.reduce((a, m) => a + m.instroomAantal, 0)).div(p) : new Money(0);
  // Verzilvering was measured in the observed months at their seasonal level; later months scale by theirs.
  const niveau = gemiddeldeFactor(f, 1, p);
  const perMaand = metProjectie(bekend, p, (m) => {
    const seizoen = f ? f[m - 1].div(niveau) : new Money(1);
    return dec(r.verplichtingenPerMaand[m - 1] ?? 0n).plus(instroomInMaand(p, m, cohort, nieuw)).mul(v).mul(seizoen);
  });
  const grondslag: Record<string, string> = {
    'verplichtingen tot jaareinde': euro(r.verplichtingenPerMaand.slice(p).reduce((a, b) => a + b, 0n)),
    'verzilvering (realisatie + OHW / toegewezen)': procent(v),
    'nieuwe toewijzingen per maand': aantal.toFixed(1),
    'maandbedrag nieuwe toewijzingen per maand': euro(toCents(tempo)),
  };
  if (eigenGewicht.lt(1) || trend !== null) grondslag['gewicht eigen instroom (t.o.v. regio)'] = procent(eigenGewicht);
  if (trend !== null) grondslag['stijging nieuwe toewijzingen per maand (trendtoets)'] = trend.toFixed(2);
  if (kort.gt(0)) grondslag[`waarvan kortdurend (tot ${KORTDUREND_MAANDEN} maanden, eigen tempo)`] = euro(toCents(kort));
  if (f) grondslag['seizoen vorig jaar (resterende maanden t.o.v. tot nu toe)'] = procent(gemiddeldeFactor(f, p + 1, 12).div(niveau));
  return { methode: 'instroom', perMaand, prognose: perMaand.reduce((a, b) => a + b, 0n), grondslag };
}

function seizoenMethode(p: number, bekend: Cents[], f: Money[]): MethodePrognose {
  const totNu = bekend.slice(0, p).reduce((a, b) => a + b, 0n);
  const gewicht = f.slice(0, p).reduce((a, b) => a.plus(b), new Money(0));
  const niveau = gewicht.gt(0) ? dec(totNu).div(gewicht) : new Money(0);
  const perMaand = metProjectie(bekend, p, (m) => niveau.mul(f[m - 1]));
  return {
    methode: 'seizoen', perMaand, prognose: perMaand.reduce((a, b) => a + b, 0n),
    grondslag: { 'niveau per gemiddelde maand': euro(toCents(niveau)), 'seizoen resterende maanden': procent(gemiddeldeFactor(f, p + 1, 12)) },
  };
}

/** The first day the cumulative monthly amounts reach `plafond`, interpolated within the month; null when never. */
export function uitputtingsdatum(jaar: number, perMaand: Cents[], plafond: Cents): Datum | null {
  if (plafond <= 0n) return null;
  let cumulatief = 0n;
  for (let i = 0; i < 12; i++) {
    const maand = perMaand[i] ?? 0n;
    if (maand > 0n && cumulatief + maand >= plafond) {
      const dagen = daysInMonth(jaar, i + 1);
      // The day within the month on which the remaining headroom is used at an even pace (at least day 1).
      const dag = Math.max(1, Number(dec(plafond - cumulatief).mul(dagen).div(maand.toString()).ceil().toFixed(0)));
      return addDays(fromParts(jaar, i + 1, 1), Math.min(dagen, dag) - 1);
    }
    cumulatief += maand;
  }
  return null;
}

function kiesMethode(r: BudgetReeks, p: number, m: Prognose['methoden'], v: Money | null): { gekozen: PrognoseMethode; reden: string } {
  if (p >= 12) return { gekozen: 'runrate', reden: 'Het jaar is voorbij: de prognose is de realisatie plus het onderhanden werk.' };
  const verplicht = r.verplichtingenPerMaand.slice(p).reduce((a, b) => a + b, 0n);
  if (m.instroom && v !== null) {
    const g = m.instroom.grondslag;
    const seizoen = g['seizoen vorig jaar (resterende maanden t.o.v. tot nu toe)'];
    const eigen = g['gewicht eigen instroom (t.o.v. regio)'];
    const stijgt = g['stijging nieuwe toewijzingen per maand (trendtoets)'];
    const kort = g[`waarvan kortdurend (tot ${KORTDUREND_MAANDEN} maanden, eigen tempo)`];
    const kortdurendZin = kort ? `; nieuwe kortdurende zorg (crisis, korte plaatsingen: tot ${KORTDUREND_MAANDEN} maanden, ${formatEuroNl(BigInt(kort.replace('.', '')))} per maand) volgt het eigen tempo, want die zit te kort in de caseload om naar de regio te schatten` : '';
    const tempo = !eigen ? ''
      : stijgt ? ` en dat aantal stijgt van maand tot maand meer dan toeval verklaart (trendtoets ${stijgt}): een groeiende caseload, dus telt het eigen recente tempo voor ${eigen}% mee in plaats van het tempo van de regio`
      : ` (dat tempo telt voor ${eigen}% mee, de rest volgt het tempo van de regio naar verhouding van de toewijzingen)`;
    return {
      gekozen: 'instroom',
      reden: `Gekozen omdat de lopende toewijzingen (nog ${formatEuroNl(verplicht)} tot hun einddatum of jaareinde) tot nu toe voor ${g['verzilvering (realisatie + OHW / toegewezen)']}% verzilverd worden en er gemiddeld ${g['nieuwe toewijzingen per maand']} nieuwe toewijzingen per maand bijkomen${tempo}${kortdurendZin}${seizoen ? `, in het seizoenspatroon van vorig jaar (${seizoen}%)` : ''}: dit volgt aflopende, later startende en groeiende zorg.`,
    };
  }
  if (m.seizoen) {
    return { gekozen: 'seizoen', reden: 'Gekozen omdat er geen toewijzingsgegevens zijn en vorig jaar een seizoenspatroon laat zien: de realisatie tot nu toe wordt in dat patroon doorgetrokken.' };
  }
  return { gekozen: 'runrate', reden: 'Gekozen omdat er geen toewijzingsgegevens of vorig jaar zijn: de prognose trekt het gemiddelde van de laatste drie maanden (realisatie plus onderhanden werk) door.' };
}

export interface PrognoseOpties {
  /**
   * The domein's series over all aanbieders at the same peildatum (the region's roll-up): the instroom of a series
   * is read against the region's pace per euro toegewezen. Without it a series projects only its own instroom.
   */
  referentie?: BudgetReeks;
  /** Credibility constant of the instroom against the referentie (INSTROOM_GEWICHT). */
  instroomGewicht?: number;
}

/**
 * The year-end prognose of one series by every applicable method, the chosen one with its reason, and the projected
 * date the plafond (in force at the peildatum) is used up. Pure; uses nothing after the peildatum except what the
 * series already knows at that moment.
 */
export function berekenPrognose(r: BudgetReeks, opties: PrognoseOpties = {}): Prognose {
  const p = peilMaand(r);
  const gezien = r.maanden.length === 12 ? bekendPerMaand(r) : nul();
  const gerealiseerd = gezien.reduce((a, b) => a + b, 0n);
  // The peildatum month with what is delivered but not yet visible: every method starts from there.
  const aanvulling = r.maanden.length === 12 ? nogNietZichtbaar(r, p) : 0n;
  const bekend = gezien.map((x, i) => (i === p - 1 ? x + aanvulling : x));
  const methoden: Prognose['methoden'] = { runrate: runrate(r, p, bekend) };
  const v = verzilvering(r, p, bekend);
  const f = seizoensfactoren(r);
  if (v !== null) {
    methoden.verplichtingen = verplichtingenMethode(r, p, bekend, v);
    methoden.instroom = instroomMethode(r, p, bekend, v, f, opties);
  }
  if (f && p > 0) methoden.seizoen = seizoenMethode(p, bekend, f);
  if (methoden.instroom && methoden.runrate && p < 12) {
    const a = methoden.instroom.perMaand;
    const b = methoden.runrate.perMaand;
    const perMaand = a.map((x, i) => (i < p ? x : toCents(dec(x + b[i]).div(2))));
    methoden.gecombineerd = { methode: 'gecombineerd', perMaand, prognose: perMaand.reduce((x, y) => x + y, 0n), grondslag: { 'prognose instroom': euro(methoden.instroom.prognose), 'prognose run-rate': euro(methoden.runrate.prognose) } };
  }
  const { gekozen, reden: keuzeReden } = kiesMethode(r, p, methoden, v);
  if (aanvulling > 0n) for (const m of Object.values(methoden)) m.grondslag['bijgeschat: nog niet zichtbaar over de peilmaand (geen OHW)'] = euro(aanvulling);
  const reden = aanvulling > 0n
    ? `${keuzeReden} Over de peilmaand kwam geen onderhanden werk binnen; deze aanbieder declareert laat, dus is ${formatEuroNl(aanvulling)} geleverde maar nog niet zichtbare zorg bijgeschat.`
    : keuzeReden;
  const keuze = methoden[gekozen] as MethodePrognose;
  return {
    peilMaand: p, gerealiseerd, methoden, gekozen, reden, prognose: keuze.prognose,
    verwachteUitputting: uitputtingsdatum(r.jaar, keuze.perMaand, r.plafond),
  };
}
