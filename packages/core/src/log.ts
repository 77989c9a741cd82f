import type { LogLevel } from './config';

/** Structured fields of one log line. Values are redacted before they are written. */
export type LogVelden = Record<string, unknown>;

/** A structured JSON-lines logger; `child` binds fields (e.g. a correlationId) to every line. */
export interface Logger {
  readonly level: LogLevel;
  debug(msg: string, velden?: LogVelden): void;
  info(msg: string, velden?: LogVelden): void;
  warn(msg: string, velden?: LogVelden): void;
  error(msg: string, velden?: LogVelden): void;
  child(velden: LogVelden): Logger;
}

export interface LoggerOpties {
  /** Lowest level that is written. Default `info`. */
  level?: LogLevel;
  /** Fields bound to every line. */
  velden?: LogVelden;
  /** Where a finished line (without newline) goes. Default: stderr. */
  schrijf?: (regel: string) => void;
}

/** What replaces personal data in a log line. */
export const VERWIJDERD = '[verwijderd]';

const RANG: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: Infinity };

/**
 * Field names that carry personal data (AVG). A substring match on purpose: `clientBsn`,
 * `geslachtsnaam`, `huisadres` are all caught; over-redacting a harmless name is the safe error.
 */
const PERSOONLIJK_VELD = /bsn|naam|voornamen|voorletters|adres|telefoon|geboortedatum|e-?mail|postcode/i;

/**
 * Nine digits standing alone (optionally grouped 3-3-3 by '.', '-' or a space) look like a BSN;
 * longer digit runs (ids, amounts in cents) are left alone.
 */
const NEGEN_CIJFERS = /(?<![\d])\d{3}([.\- ]?)\d{3}\1\d{3}(?![\d])/g;

const MAX_DIEPTE = 8;

/** Replaces every BSN-like digit run in a string by {@link VERWIJDERD}. */
export function redigeerTekst(tekst: string): string {
  return tekst.replace(NEGEN_CIJFERS, VERWIJDERD);
}

/**
 * A copy of `waarde` safe to log: personal-data fields and BSN-like digit runs in strings are
 * replaced, errors become `{name, message, code, stack}`, bigints become strings, and cycles or
 * very deep nesting are cut off.
 */
export function redigeer(waarde: unknown): unknown {
  return redigeerIn(waarde, 0, new WeakSet());
}

function redigeerIn(waarde: unknown, diepte: number, gezien: WeakSet<object>): unknown {
  if (typeof waarde === 'string') return redigeerTekst(waarde);
  if (typeof waarde === 'bigint') return waarde.toString();
  if (waarde === null || typeof waarde !== 'object') return waarde;
  if (gezien.has(waarde)) return '[kringverwijzing]';
  if (diepte >= MAX_DIEPTE) return '[te diep]';
  gezien.add(waarde);
  if (waarde instanceof Error) {
    const code = (waarde as { code?: unknown }).code;
    return redigeerIn({ name: waarde.name, message: waarde.message, ...(code !== undefined ? { code } : {}), stack: waarde.stack }, diepte, gezien);
  }
  if (Buffer.isBuffer(waarde)) return `[${waarde.length} bytes]`;
  if (Array.isArray(waarde)) return waarde.map((w) => redigeerIn(w, diepte + 1, gezien));
  if (waarde instanceof Date) return Number.isNaN(waarde.getTime()) ? 'Invalid Date' : waarde.toISOString();
  const uit: Record<string, unknown> = {};
  for (const [sleutel, w] of Object.entries(waarde)) {
    uit[sleutel] = PERSOONLIJK_VELD.test(sleutel) ? VERWIJDERD : redigeerIn(w, diepte + 1, gezien);
  }
  return uit;
}

/**
 * Creates a logger writing one JSON object per line: `{time, level, msg, ...fields}`. The message
 * and every field are redacted (see {@link redigeer}); the core keys cannot be overwritten by a field.
 */
export function maakLogger(opties: LoggerOpties = {}): Logger {
  const level = opties.level ?? 'info';
  const schrijf = opties.schrijf ?? ((regel: string) => process.stderr.write(regel + '\n'));
  return bouw(level, opties.velden ?? {}, schrijf);
}

function bouw(level: LogLevel, gebonden: LogVelden, schrijf: (regel: string) => void): Logger {
  const drempel = RANG[level];
  const log = (niveau: Exclude<LogLevel, 'silent'>, msg: string, velden?: LogVelden): void => {
    if (RANG[niveau] < drempel) return;
    const { time: _t, level: _l, msg: _m, ...veilig } = redigeer({ ...gebonden, ...velden }) as LogVelden;
    schrijf(JSON.stringify({ time: new Date().toISOString(), level: niveau, msg: redigeerTekst(msg), ...veilig }));
  };
  return {
    level,
    debug: (msg, velden) => log('debug', msg, velden),
    info: (msg, velden) => log('info', msg, velden),
    warn: (msg, velden) => log('warn', msg, velden),
    error: (msg, velden) => log('error', msg, velden),
    child: (velden) => bouw(level, { ...gebonden, ...velden }, schrijf),
  };
}
