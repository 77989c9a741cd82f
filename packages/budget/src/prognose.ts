import { type Cents, type Datum, Money, addDays, datumParts, daysInMonth, formatEuro, formatEuroNl, fromParts, toCents } from '@plafond/core';
import type { BudgetReeks } from './model';

/**
 * The prognose methods, side by side:
 * - `runrate`: realisatie + OHW so far, plus the average month of the last three observed months for every month left;
 * - `verplichtingen`: realisatie + OHW so far, plus what the running toewijzingen still allow until their einddatum or
 *   year end, times the verzilvering observed this year ((realisatie + OHW) per euro toegewezen);
 * - `instroom`: `verplichtingen` plus new toewijzingen arriving at this year's pace, all shaped by last year's
 *   season where a previous year exists;
 * - `seizoen` (only with a previous year): realisatie + OHW so far, continued at this year's level in last year's monthly shape;
 * - `gecombineerd`: the average of `instroom` and `runrate`, month by month (shown beside the others; not chosen,
 *   see the README: it halves what the toewijzingen say about later-starting care).
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

/** (realisatie + OHW) per euro toegewezen over the observed months, or null when nothing was toegewezen. */
export function verzilvering(r: BudgetReeks, p: number): Money | null {
  let gebruikt = 0n;
  let toegewezen = 0n;
  for (const m of r.maanden.slice(0, p)) {
    if (m.toegewezen <= 0n) continue;
    gebruikt += m.realisatie + m.onderhandenWerk;
    toegewezen += m.toegewezen;
  }
  if (toegewezen <= 0n) return null;
  // Bounded: a series where more is declared than toegewezen (e.g. budget toewijzingen spread unevenly) must not
  // multiply the whole remainder by a freak ratio.
  return Money.min(Money.max(dec(gebruikt).div(toegewezen.toString()), 0), 1.25);
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
 * What new clients arriving after the peildatum add in month `m`, at the pace of the observed months: each observed
 * new toewijzing stands for one arriving in every later month with the same monthly amount and looptijd (half a
 * month in its first month, nothing after its looptijd). Without detail the observed monthly amounts run open-ended.
 */
function instroomInMaand(r: BudgetReeks, p: number, m: number): Money {
  if (p <= 0) return new Money(0);
  const waargenomen = r.maanden.slice(0, p);
  const detail = waargenomen.flatMap((x) => x.instroomToewijzingen ?? []);
  const tempo = waargenomen.reduce((a, x) => a + x.instroomMaandbedrag, 0n);
  let som = new Money(0);
  for (let k = p + 1; k <= m; k++) {
    const j = m - k;
    // Toewijzingen already granted for month k are in the verplichtingen: only the rest of the month's pace is new.
    const alBekend = r.maanden[k - 1]?.instroomMaandbedrag ?? 0n;
    const deel = tempo > 0n ? Money.max(0, new Money(1).minus(dec(alBekend).mul(p).div(tempo.toString()))) : new Money(0);
    const gewicht = (j === 0 ? new Money(0.5) : new Money(1)).mul(deel);
    if (detail.length > 0) {
      const actief = detail.reduce((a, t) => (t.looptijdMaanden === null || j < t.looptijdMaanden ? a + t.maandbedrag : a), 0n);
      som = som.plus(dec(actief).mul(gewicht));
    } else {
      som = som.plus(dec(tempo).mul(gewicht));
    }
  }
  return som.div(p);
}

function instroomMethode(r: BudgetReeks, p: number, bekend: Cents[], v: Money, f: Money[] | null): MethodePrognose {
  const waargenomen = r.maanden.slice(0, p);
  const tempo = p > 0 ? dec(waargenomen.reduce((a, m) => a + m.instroomMaandbedrag, 0n)).div(p) : new Money(0);
  const aantal = p > 0 ? new Money(waargenomen.reduce((a, m) => a + m.instroomAantal, 0)).div(p) : new Money(0);
  // Verzilvering was measured in the observed months at their seasonal level; later months scale by theirs.
  const niveau = gemiddeldeFactor(f, 1, p);
  const perMaand = metProjectie(bekend, p, (m) => {
    const seizoen = f ? f[m - 1].div(niveau) : new Money(1);
    return dec(r.verplichtingenPerMaand[m - 1] ?? 0n).plus(instroomInMaand(r, p, m)).mul(v).mul(seizoen);
  });
  const grondslag: Record<string, string> = {
    'verplichtingen tot jaareinde': euro(r.verplichtingenPerMaand.slice(p).reduce((a, b) => a + b, 0n)),
    'verzilvering (realisatie + OHW / toegewezen)': procent(v),
    'nieuwe toewijzingen per maand': aantal.toFixed(1),
    'maandbedrag nieuwe toewijzingen per maand': euro(toCents(tempo)),
  };
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
    return {
      gekozen: 'instroom',
      reden: `Gekozen omdat de lopende toewijzingen (nog ${formatEuroNl(verplicht)} tot hun einddatum of jaareinde) tot nu toe voor ${g['verzilvering (realisatie + OHW / toegewezen)']}% verzilverd worden en er gemiddeld ${g['nieuwe toewijzingen per maand']} nieuwe toewijzingen per maand bijkomen${seizoen ? `, in het seizoenspatroon van vorig jaar (${seizoen}%)` : ''}: dit volgt aflopende, later startende en groeiende zorg.`,
    };
  }
  if (m.seizoen) {
    return { gekozen: 'seizoen', reden: 'Gekozen omdat er geen toewijzingsgegevens zijn en vorig jaar een seizoenspatroon laat zien: de realisatie tot nu toe wordt in dat patroon doorgetrokken.' };
  }
  return { gekozen: 'runrate', reden: 'Gekozen omdat er geen toewijzingsgegevens of vorig jaar zijn: de prognose trekt het gemiddelde van de laatste drie maanden (realisatie plus onderhanden werk) door.' };
}

/**
 * The year-end prognose of one series by every applicable method, the chosen one with its reason, and the projected
 * date the plafond (in force at the peildatum) is used up. Pure; uses nothing after the peildatum except what the
 * series already knows at that moment.
 */
export function berekenPrognose(r: BudgetReeks): Prognose {
  const p = peilMaand(r);
  const bekend = r.maanden.length === 12 ? bekendPerMaand(r) : nul();
  const gerealiseerd = bekend.reduce((a, b) => a + b, 0n);
  const methoden: Prognose['methoden'] = { runrate: runrate(r, p, bekend) };
  const v = verzilvering(r, p);
  const f = seizoensfactoren(r);
  if (v !== null) {
    methoden.verplichtingen = verplichtingenMethode(r, p, bekend, v);
    methoden.instroom = instroomMethode(r, p, bekend, v, f);
  }
  if (f && p > 0) methoden.seizoen = seizoenMethode(p, bekend, f);
  if (methoden.instroom && methoden.runrate && p < 12) {
    const a = methoden.instroom.perMaand;
    const b = methoden.runrate.perMaand;
    const perMaand = a.map((x, i) => (i < p ? x : toCents(dec(x + b[i]).div(2))));
    methoden.gecombineerd = { methode: 'gecombineerd', perMaand, prognose: perMaand.reduce((x, y) => x + y, 0n), grondslag: { 'prognose instroom': euro(methoden.instroom.prognose), 'prognose run-rate': euro(methoden.runrate.prognose) } };
  }
  const { gekozen, reden } = kiesMethode(r, p, methoden, v);
  const keuze = methoden[gekozen] as MethodePrognose;
  return {
    peilMaand: p, gerealiseerd, methoden, gekozen, reden, prognose: keuze.prognose,
    verwachteUitputting: uitputtingsdatum(r.jaar, keuze.perMaand, r.plafond),
  };
}
