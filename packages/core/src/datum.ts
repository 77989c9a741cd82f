/**
 * Calendar dates of the standard (`YYYY-MM-DD`, no time zone). Represented as the ISO string,
 * with arithmetic on epoch-day integers so nothing can shift with a time zone.
 */
export type Datum = string & { readonly __datum: unique symbol };

const DATUM_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** True when `s` is a `YYYY-MM-DD` string naming a day that exists. */
export function isDatum(s: string): s is Datum {
  const m = DATUM_RE.exec(s);
  if (!m) return false;
  const y = +m[1], mo = +m[2], d = +m[3];
  // xs:date has no year 0000 (nor has PostgreSQL): such a header date is as unreadable as '2023-02-30'.
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Parses a calendar date or throws a RangeError naming the bad value. */
export function datum(s: string): Datum {
  if (!isDatum(s)) throw new RangeError(`geen geldige datum: ${JSON.stringify(s)}`);
  return s;
}

export function datumParts(d: Datum): { jaar: number; maand: number; dag: number } {
  return { jaar: +d.slice(0, 4), maand: +d.slice(5, 7), dag: +d.slice(8, 10) };
}

export function fromParts(jaar: number, maand: number, dag: number): Datum {
  return `${String(jaar).padStart(4, '0')}-${String(maand).padStart(2, '0')}-${String(dag).padStart(2, '0')}` as Datum;
}

const cijfer = (d: string, i: number): number => d.charCodeAt(i) - 48;

// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm). The digits are read by
// char code: this runs for every date of every prestatie a declaratie is checked on, and slices cost more than the sum.
export function toEpochDay(d: Datum): number {
  const m = cijfer(d, 5) * 10 + cijfer(d, 6);
  const dag = cijfer(d, 8) * 10 + cijfer(d, 9);
  let y = cijfer(d, 0) * 1000 + cijfer(d, 1) * 100 + cijfer(d, 2) * 10 + cijfer(d, 3);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + dag - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(n: number): Datum {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dag = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const maand = mp < 10 ? mp + 3 : mp - 9;
  const jaar = yoe + era * 400 + (maand <= 2 ? 1 : 0);
  return fromParts(jaar, maand, dag);
}

export function addDays(d: Datum, n: number): Datum {
  return fromEpochDay(toEpochDay(d) + n);
}

/** Number of days from `a` to `b` (b - a). */
export function daysBetween(a: Datum, b: Datum): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function compareDatum(a: Datum, b: Datum): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDatum(a: Datum, b: Datum): Datum {
  return a <= b ? a : b;
}

export function maxDatum(a: Datum, b: Datum): Datum {
  return a >= b ? a : b;
}

export function startOfMonth(d: Datum): Datum {
  return `${d.slice(0, 8)}01` as Datum;
}

export function endOfMonth(d: Datum): Datum {
  const { jaar, maand } = datumParts(d);
  return fromParts(jaar, maand, daysInMonth(jaar, maand));
}

export function addMonths(d: Datum, n: number): Datum {
  const { jaar, maand, dag } = datumParts(d);
  const idx = jaar * 12 + (maand - 1) + n;
  const y = Math.floor(idx / 12), m = (idx % 12) + 1;
  return fromParts(y, m, Math.min(dag, daysInMonth(y, m)));
}

/** Day of week, ISO numbering: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: Datum): number {
  return ((((toEpochDay(d) + 3) % 7) + 7) % 7) + 1;
}

/** ISO-8601 week of a date: the week-numbering year and week number. */
export function isoWeek(d: Datum): { jaar: number; week: number } {
  const thursday = addDays(d, 4 - isoWeekday(d));
  const { jaar } = datumParts(thursday);
  const week = Math.floor(daysBetween(fromParts(jaar, 1, 1), thursday) / 7) + 1;
  return { jaar, week };
}

/** A `YYYY-MM` month key. */
export type Maand = string & { readonly __maand: unique symbol };

export function maandVan(d: Datum): Maand {
  return d.slice(0, 7) as Maand;
}

export function isMaand(s: string): s is Maand {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** Made at the first call and kept: a formatter costs far more than formatting (time-zone data). */
let amsterdam: Intl.DateTimeFormat | undefined;

/** Today in the Europe/Amsterdam calendar. */
export function vandaag(now: Date = new Date()): Datum {
  amsterdam ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });
  return datum(amsterdam.format(now));
}
