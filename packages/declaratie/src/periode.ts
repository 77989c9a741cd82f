import {
  addDays,
  datumParts,
  daysBetween,
  isoWeek,
  isoWeekday,
  maandVan,
  maxDatum,
  minDatum,
  Money,
  toCents,
  toEpochDay,
  type Cents,
  type Datum,
  type Maand,
} from '@plafond/core';
import { EENHEID, type Frequentie, type GeslotenPeriode, type Omvang, type Periode } from './typen';

/** The common part of two periods (open ends stay open), or undefined when they do not meet. */
export function overlapPeriode(a: Periode, b: Periode): Periode | undefined {
  const begindatum = maxDatum(a.begindatum, b.begindatum);
  const einddatum = a.einddatum && b.einddatum ? minDatum(a.einddatum, b.einddatum) : (a.einddatum ?? b.einddatum);
  if (einddatum !== undefined && einddatum < begindatum) return undefined;
  return einddatum === undefined ? { begindatum } : { begindatum, einddatum };
}

export function overlapt(a: Periode, b: Periode): boolean {
  return overlapPeriode(a, b) !== undefined;
}

/** Clips a closed period to a possibly open one; undefined when nothing is left. */
export function clipPeriode(p: GeslotenPeriode, binnen: Periode): GeslotenPeriode | undefined {
  const o = overlapPeriode(p, binnen);
  return o ? { begindatum: o.begindatum, einddatum: o.einddatum ?? p.einddatum } : undefined;
}

export function binnenPeriode(d: Datum, p: Periode): boolean {
  return d >= p.begindatum && (p.einddatum === undefined || d <= p.einddatum);
}

/** Number of calendar days in a period, both ends included. */
export function dagenInPeriode(p: GeslotenPeriode): number {
  return daysBetween(p.begindatum, p.einddatum) + 1;
}

export interface IsoWeek {
  jaar: number;
  week: number;
  maandag: Datum;
  zondag: Datum;
}

/** Every ISO-8601 week the period touches, including partial weeks at either end, in order. */
export function isoWekenInPeriode(p: GeslotenPeriode): IsoWeek[] {
  const weken: IsoWeek[] = [];
  for (let maandag = addDays(p.begindatum, 1 - isoWeekday(p.begindatum)); maandag <= p.einddatum; maandag = addDays(maandag, 7)) {
    weken.push({ ...isoWeek(maandag), maandag, zondag: addDays(maandag, 6) });
  }
  return weken;
}

/** Every calendar month the period touches, in order. */
export function maandenInPeriode(p: GeslotenPeriode): Maand[] {
  const laatste = maandVan(p.einddatum);
  const maanden: Maand[] = [];
  let { jaar, maand } = datumParts(p.begindatum);
  for (;;) {
    const m = `${String(jaar).padStart(4, '0')}-${String(maand).padStart(2, '0')}` as Maand;
    maanden.push(m);
    if (m >= laatste) return maanden;
    maand += 1;
    if (maand > 12) {
      maand = 1;
      jaar += 1;
    }
  }
}

/**
 * A running number of the frequency unit (day, ISO week, month) a date falls in. Consecutive units
 * have consecutive numbers, so a period maps to a contiguous range [eerste, laatste].
 */
export function frequentieEenheidIndex(frequentie: Exclude<Frequentie, '6'>, d: Datum): number {
  switch (frequentie) {
    case '1':
      return toEpochDay(d);
    case '2':
      // Epoch day 4 (1970-01-05) is a Monday; weeks are numbered from there.
      return Math.floor((toEpochDay(d) - 4) / 7);
    case '4': {
      const { jaar, maand } = datumParts(d);
      return jaar * 12 + maand - 1;
    }
  }
}

/**
 * How many frequency units (days, ISO weeks, months) a period touches. A unit only partly inside
 * the period counts as a whole unit: the standard gives the volume per unit, and a partial week
 * still allows the full weekly volume once (across all prestaties, see {@link volumeOverschrijding}).
 * Frequentie 6 (totaal) is one unit.
 */
export function aantalFrequentieEenheden(frequentie: Frequentie, p: GeslotenPeriode): number {
  if (frequentie === '6') return 1;
  return frequentieEenheidIndex(frequentie, p.einddatum) - frequentieEenheidIndex(frequentie, p.begindatum) + 1;
}

/**
 * How many declared units one unit of the toewijzing is: 1 for the same eenheid, 60 for minutes
 * declared on an hourly toewijzing (TR341), undefined when the eenheid does not fit.
 */
export function eenheidFactor(gedeclareerd: string, toegewezen: string): number | undefined {
  if (gedeclareerd === toegewezen) return 1;
  if (gedeclareerd === EENHEID.minuut && toegewezen === EENHEID.uur) return 60;
  return undefined;
}

/**
 * The volume (in the toewijzing's eenheid) a toewijzing allows for one ProductPeriode on its own:
 * volume x the frequency units the period touches inside the looptijd. Frequentie 6 allows the
 * whole total in any period. 0 when the period lies outside the looptijd.
 */
export function toegestaanVolume(omvang: Omvang, looptijd: Periode, productPeriode: GeslotenPeriode): number {
  const binnen = clipPeriode(productPeriode, looptijd);
  if (!binnen) return 0;
  return omvang.volume * aantalFrequentieEenheden(omvang.frequentie, binnen);
}

/**
 * The maximum volume over the whole looptijd (TR322): the total for frequentie 6, otherwise volume
 * x units in the looptijd. Undefined for an open einddatum, where no total can be checked.
 */
export function volumeOverLooptijd(omvang: Omvang, looptijd: Periode): number | undefined {
  if (omvang.frequentie === '6') return omvang.volume;
  if (looptijd.einddatum === undefined) return undefined;
  return omvang.volume * aantalFrequentieEenheden(omvang.frequentie, { begindatum: looptijd.begindatum, einddatum: looptijd.einddatum });
}

/** A volume claimed for a period, in one common unit. */
export interface VolumeClaim {
  periode: GeslotenPeriode;
  volume: number;
}

export interface Overschrijding {
  /** The new claim's period, clipped to the looptijd. */
  periode: GeslotenPeriode;
  /** The room left for the new claim next to the existing ones. */
  toegestaan: number;
  geclaimd: number;
}

interface Bereik {
  lo: number;
  hi: number;
  volume: number;
}

/**
 * The most volume that can be placed in frequency units lo..hi with `maximum` per unit. Earliest
 * deadline first, unit by unit, is optimal for claims that each span a run of consecutive units.
 */
function maximaalPlaatsbaar(claims: readonly Bereik[], maximum: number): number {
  const wachtend = [...claims].sort((a, b) => a.lo - b.lo);
  const actief: { hi: number; rest: number }[] = [];
  let geplaatst = 0;
  let i = 0;
  let t = wachtend.length > 0 ? wachtend[0].lo : 0;
  while (i < wachtend.length || actief.length > 0) {
    if (actief.length === 0 && wachtend[i].lo > t) t = wachtend[i].lo;
    while (i < wachtend.length && wachtend[i].lo === t) {
      actief.push({ hi: wachtend[i].hi, rest: wachtend[i].volume });
      i += 1;
    }
    actief.sort((a, b) => a.hi - b.hi);
    let ruimte = maximum;
    for (const c of actief) {
      const deel = Math.min(ruimte, c.rest);
      c.rest -= deel;
      ruimte -= deel;
      geplaatst += deel;
      if (ruimte === 0) break;
    }
    for (let k = actief.length - 1; k >= 0; k -= 1) if (actief[k].rest === 0 || actief[k].hi <= t) actief.splice(k, 1);
    t += 1;
  }
  return geplaatst;
}

/**
 * Checks that `nieuw` fits next to `bestaand` under a per-unit maximum (TR321), counting ISO weeks
 * (or days, months) shared by neighbouring ProductPeriodes once: the weekly maximum holds per week
 * across prestaties. A prestatie's volume may lie in any unit its period touches; the room for the
 * new claim is how much more can be placed with it than without it, so an old overbooking is not
 * blamed on a new prestatie unless they compete for the same units.
 *
 * `maximumPerEenheid` and the claims must be in the same unit; claims are clipped to `looptijd`.
 * Returns undefined when the new claim fits.
 */
export function volumeOverschrijding(
  frequentie: Exclude<Frequentie, '6'>,
  maximumPerEenheid: number,
  looptijd: Periode,
  bestaand: readonly VolumeClaim[],
  nieuw: VolumeClaim,
): Overschrijding | undefined {
  const bereik = (c: VolumeClaim): Bereik | undefined => {
    const p = clipPeriode(c.periode, looptijd);
    return p && { lo: frequentieEenheidIndex(frequentie, p.begindatum), hi: frequentieEenheidIndex(frequentie, p.einddatum), volume: c.volume };
  };
  const binnen = clipPeriode(nieuw.periode, looptijd);
  const n = bereik(nieuw);
  if (!binnen || !n) return nieuw.volume > 0 ? { periode: nieuw.periode, toegestaan: 0, geclaimd: nieuw.volume } : undefined;
  const oud = bestaand.map(bereik).filter((b): b is Bereik => b !== undefined);
  const zonder = maximaalPlaatsbaar(oud, maximumPerEenheid);
  const met = maximaalPlaatsbaar([...oud, n], maximumPerEenheid);
  const ruimte = met - zonder;
  return ruimte < nieuw.volume ? { periode: binnen, toegestaan: ruimte, geclaimd: nieuw.volume } : undefined;
}

/**
 * The amount TR346 expects: volume x tarief; minutes on an hourly tariff are `uurtarief x volume /
 * 60`, rounded to whole cents half up. Not for eenheid 83 (the volume is itself the amount).
 */
export function berekendBedrag(volume: number, tarief: Cents, eenheid: string, tariefEenheid?: string): Cents {
  if (eenheid === EENHEID.minuut && tariefEenheid === EENHEID.uur) {
    return toCents(new Money(tarief.toString()).mul(volume).div(60));
  }
  return tarief * BigInt(volume);
}

/** The number of Sundays in a period. */
function zondagenIn(p: GeslotenPeriode): number {
  const eersteZondag = addDays(p.begindatum, (7 - isoWeekday(p.begindatum)) % 7);
  return eersteZondag > p.einddatum ? 0 : Math.floor(daysBetween(eersteZondag, p.einddatum) / 7) + 1;
}

/** How a week volume is counted for one ProductPeriode (IV077). */
export interface WeekRekenwijze {
  /** Outputgericht (eenheid 82/83): Sundays instead of calendar weeks. */
  outputgericht: boolean;
  /** Wmo productcategorie 01 (huishoudelijke hulp), inspanningsgericht: always 6 weeks. */
  huishoudelijkeHulp: boolean;
}

/**
 * IV077 — the maximum volume of one ProductPeriode on a toewijzing with frequentie per week (TR321):
 *
 * "Rekenmethode inspanningsgerichte toewijzing met frequentie per week: Het maximale volume wordt bepaald
 * op basis van het aantal (eventueel gebroken) kalenderweken die de productperiode beslaat, binnen de
 * toewijzing. Dit aantal wordt vermenigvuldigd met het volume uit de toewijzing. Voor het bepalen van het
 * aantal kalenderweken, worden de weeknummers geteld. […] Echter indien de toewijzing een Product uit de
 * Wmo Productcategorie 01 (huishoudelijke hulp) betreft, dan wordt het maximale volume bepaald door
 * standaard 6 maal het weekvolume uit de toewijzing te nemen."
 *
 * "Rekenmethode Outputgerichte toewijzing met frequentie per week: Het maximale volume van de
 * productperiode wordt bepaald op basis van het aantal zondagen dat binnen de productperiode ligt (plus 1
 * indien in die productperiode de laatste zondag van de toewijzing ligt en de einddatum van de toewijzing
 * geen zondag is). Dit aantal wordt vermenigvuldigd met het volume uit de toewijzing."
 *
 * This matches how IV076 has the volume filled: inspanningsgericht the deliveries of the days in the
 * ProductPeriode (a week split over two months may be declared in both, each up to the week volume);
 * outputgericht the weeks whose Sunday lies in the ProductPeriode, the last broken week with the
 * toewijzing's last Sunday. The maximum depends on the ProductPeriode and the toewijzing only — never on
 * other prestaties — so it cannot depend on the order in which messages arrive; TR322 bounds the sum
 * ({@link volumeOverLooptijd}: the weeks, possibly broken, of the whole toewijzing × the week volume).
 * A toewijzing without any Sunday (shorter than a week) has its one broken week in the period of its einddatum.
 */
export function iv077Maximum(weekVolume: number, looptijd: Periode, productPeriode: GeslotenPeriode, wijze: WeekRekenwijze): number {
  const binnen = clipPeriode(productPeriode, looptijd);
  if (!binnen) return 0;
  if (!wijze.outputgericht) return weekVolume * (wijze.huishoudelijkeHulp ? 6 : aantalFrequentieEenheden('2', binnen));
  let weken = zondagenIn(binnen);
  const eind = looptijd.einddatum;
  if (eind !== undefined && isoWeekday(eind) !== 7) {
    const laatsteZondag = addDays(eind, -isoWeekday(eind));
    const extraIn = laatsteZondag >= looptijd.begindatum ? laatsteZondag : eind;
    if (extraIn >= binnen.begindatum && extraIn <= binnen.einddatum) weken += 1;
  }
  return weekVolume * weken;
}
