import { addDays, datumParts, fromParts, isoWeekday, type Datum } from '@plafond/core';

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function paasZondag(jaar: number): Datum {
  const a = jaar % 19;
  const b = Math.floor(jaar / 100);
  const c = jaar % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const maand = Math.floor((h + l - 7 * m + 114) / 31);
  const dag = ((h + l - 7 * m + 114) % 31) + 1;
  return fromParts(jaar, maand, dag);
}

/**
 * The general holidays of the Algemene termijnenwet (art. 3) in a year: Nieuwjaarsdag, Eerste en
 * Tweede Paasdag, Koningsdag (27 April, 26 April when the 27th is a Sunday), Bevrijdingsdag (5 May,
 * every year), Hemelvaartsdag, Eerste en Tweede Pinksterdag, Eerste en Tweede Kerstdag. Goede
 * Vrijdag is not one of them.
 */
export function nationaleFeestdagen(jaar: number): Datum[] {
  const pasen = paasZondag(jaar);
  const koningsdag = fromParts(jaar, 4, 27);
  return [
    fromParts(jaar, 1, 1),
    pasen,
    addDays(pasen, 1),
    isoWeekday(koningsdag) === 7 ? fromParts(jaar, 4, 26) : koningsdag,
    fromParts(jaar, 5, 5),
    addDays(pasen, 39),
    addDays(pasen, 49),
    addDays(pasen, 50),
    fromParts(jaar, 12, 25),
    fromParts(jaar, 12, 26),
  ].sort();
}

const feestdagenCache = new Map<number, ReadonlySet<string>>();

export function isWerkdag(d: Datum): boolean {
  if (isoWeekday(d) >= 6) return false;
  const { jaar } = datumParts(d);
  let feestdagen = feestdagenCache.get(jaar);
  if (!feestdagen) {
    feestdagen = new Set(nationaleFeestdagen(jaar));
    feestdagenCache.set(jaar, feestdagen);
  }
  return !feestdagen.has(d);
}

/**
 * The n-th werkdag after `datum` (the day itself does not count): the answer deadline of a
 * declaratie received on `datum` is `werkdagenTermijn(datum, 10)`.
 */
export function werkdagenTermijn(datum: Datum, n: number): Datum {
  let d = datum;
  for (let geteld = 0; geteld < n; ) {
    d = addDays(d, 1);
    if (isWerkdag(d)) geteld += 1;
  }
  return d;
}
