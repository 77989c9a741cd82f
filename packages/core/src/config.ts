import { ConfiguratieFout } from './errors';

/** Log levels in increasing severity; `silent` writes nothing (tests). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Fixed pseudonym key outside production, so a developer's demo gives stable pseudonyms. It is
 * public (it is in the source), which is why production refuses to start without its own key.
 */
export const ONTWIKKEL_PSEUDONIEM_SLEUTEL = 'plafond-ontwikkelsleutel-niet-voor-productie-gebruiken';

/** Shortest accepted pseudonym key: 32 characters keeps a guessed key out of reach of brute force. */
export const MIN_SLEUTEL_LENGTE = 32;

/**
 * The configuration of every Plafond process, read from the environment once at start-up by
 * {@link leesConfig}. Each field names the environment key it comes from.
 */
export interface PlafondConfig {
  /** `NODE_ENV` — `production` makes the pseudonym key mandatory. Default `development`. */
  readonly nodeEnv: string;
  /** True when `NODE_ENV=production`. */
  readonly productie: boolean;
  /**
   * `DATABASE_URL` — PostgreSQL connection string (`postgres://` or `postgresql://`). Absent: the
   * CLI starts an embedded PostgreSQL; the services and workers require it.
   */
  readonly databaseUrl?: string;
  /**
   * `REDIS_URL` — Redis connection string (`redis://` or `rediss://`). Absent: messages are
   * processed in-process instead of through the BullMQ queue.
   */
  readonly redisUrl?: string;
  /**
   * `PLAFOND_PSEUDONIEM_SLEUTEL` — secret for the keyed BSN pseudonyms (at least 32 characters).
   * Required when `NODE_ENV=production`; otherwise a fixed development key is used with a warning.
   */
  readonly pseudoniemSleutel: string;
  /** `INTAKE_PORT`, else `PORT` — HTTP port of the intake service. Default 3001; 0 = any free port. */
  readonly intakePort: number;
  /** `BACKOFFICE_PORT` — HTTP port of the back-office service. Default 3002; 0 = any free port. */
  readonly backofficePort: number;
  /** `PLAFOND_MAX_BERICHT_MB` — largest accepted message in megabytes (MiB). Default 25, the file limit of the standard (OP179). */
  readonly maxBerichtMb: number;
  /** The same limit in bytes, as HTTP body parsers and the XML parser want it. */
  readonly maxBerichtBytes: number;
  /** `PLAFOND_WORKER_CONCURRENCY` — jobs one worker process handles at the same time. Default 8 (a job mostly waits for PostgreSQL). */
  readonly workerConcurrency: number;
  /** `PLAFOND_QUEUE_PREFIX` — prefix of every BullMQ key in Redis. Default `plafond`. */
  readonly queuePrefix: string;
  /**
   * `PLAFOND_LATE_TERMIJN_MAANDEN` — a declaratie whose prestatie ended more than this many months
   * ago is refused as late. Default 3.
   */
  readonly lateTermijnMaanden: number;
  /** `ISTANDAARDEN_DIR` — directory with the official XSDs and code lists; used by tests only. */
  readonly istandaardenDir?: string;
  /** `LOG_LEVEL` — `debug`, `info`, `warn`, `error` or `silent`. Default `info`. */
  readonly logLevel: LogLevel;
  /**
   * `PLAFOND_WORKER_LOCK_MS` — how long a worker's lock on a running job lasts without renewal, and how
   * often workers look for jobs whose lock ran out (a worker that died): a job of a killed worker is
   * taken up again within about twice this time. Default 30000 (BullMQ's own); must exceed the longest
   * stretch a processor keeps the event loop busy, or a live job is taken for stalled.
   */
  readonly workerLockMs: number;
  /** True when no own `PLAFOND_PSEUDONIEM_SLEUTEL` was given and the public development key is in use. */
  readonly ontwikkelSleutel: boolean;
  /**
   * `PLAFOND_BODY_STILTE_MS` — a request body that sends nothing for this long is cut off with 408 (a
   * slow or stalled upload must not hold a connection and its buffer). Default 30000.
   */
  readonly bodyStilteMs: number;
  /** `PLAFOND_MAX_UPLOADS` — message bodies read at the same time per intake process; more get 503. Default 16. */
  readonly maxUploads: number;
  /** `PLAFOND_RATE_LIMIT_PER_MINUUT` — requests per minute per client address and per account. Default 600. */
  readonly rateLimitPerMinuut: number;
  /**
   * `PLAFOND_INLOG_POGINGEN` — failed sign-ins per 15 minutes per account (ten times as many per client
   * address); after that the intake answers 429 until the window has passed. Default 10.
   */
  readonly inlogPogingen: number;
  /** `PLAFOND_VEGER_INTERVAL_MS` — how often the sweeper looks for received messages nobody processes. Default 60000. */
  readonly vegerIntervalMs: number;
  /** `PLAFOND_VEGER_WACHT_MS` — a received message is handed on again by the sweeper after waiting this long. Default 120000. */
  readonly vegerWachtMs: number;
  /**
   * Thresholds of the budget signals, whole percentages: `PLAFOND_SIGNAAL_DREMPEL_PCT` (drempel, default 70),
   * `PLAFOND_SIGNAAL_ONDERBESTEDING_PCT` (onderbesteding, 85), `PLAFOND_SIGNAAL_OVERBESTEDING_MARGE_PCT` (overbesteding only
   * beyond this margin above the plafond, 0), `PLAFOND_SIGNAAL_SPRONG_PCT` (sprong: a month at or beyond this share of
   * the months before, or its inverse, 150) and `PLAFOND_SIGNAAL_LATE_PCT` (late-declaratie, 10).
   */
  readonly signalen: { readonly drempelPct: number; readonly onderbestedingPct: number; readonly overbestedingMargePct: number; readonly sprongPct: number; readonly lateDeclaratiePct: number };
  /** Non-fatal remarks found while reading (e.g. the development key is in use); log them at start. */
  readonly waarschuwingen: readonly string[];
}

type Env = Record<string, string | undefined>;

/**
 * Reads and checks the configuration. Collects every bad key and throws one
 * {@link ConfiguratieFout} naming them all, so an operator fixes the environment in one go.
 * Empty values count as absent. The result is frozen.
 */
export function leesConfig(env: Env = process.env): PlafondConfig {
  const fouten: string[] = [];
  const waarschuwingen: string[] = [];
  const waarde = (key: string): string | undefined => {
    const v = env[key]?.trim();
    return v ? v : undefined;
  };

  const geheelGetal = (key: string, standaard: number, min: number, max: number): number => {
    const v = waarde(key);
    if (v === undefined) return standaard;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      fouten.push(`${key}: moet een geheel getal van ${min} tot en met ${max} zijn, is '${v}'`);
      return standaard;
    }
    return Number(v);
  };

  const url = (key: string, protocollen: string[]): string | undefined => {
    const v = waarde(key);
    if (v === undefined) return undefined;
    let protocol: string;
    try {
      protocol = new URL(v).protocol;
    } catch {
      // The value may hold a password: never echo it.
      fouten.push(`${key}: geen geldige URL`);
      return undefined;
    }
    if (!protocollen.includes(protocol)) {
      fouten.push(`${key}: protocol moet ${protocollen.join(' of ')} zijn, is '${protocol}'`);
      return undefined;
    }
    return v;
  };

  const nodeEnv = waarde('NODE_ENV') ?? 'development';
  const productie = nodeEnv === 'production';

  let pseudoniemSleutel = waarde('PLAFOND_PSEUDONIEM_SLEUTEL');
  const ontwikkelSleutel = pseudoniemSleutel === undefined || pseudoniemSleutel === ONTWIKKEL_PSEUDONIEM_SLEUTEL;
  if (pseudoniemSleutel === undefined) {
    if (productie) fouten.push('PLAFOND_PSEUDONIEM_SLEUTEL: verplicht wanneer NODE_ENV=production');
    else waarschuwingen.push('PLAFOND_PSEUDONIEM_SLEUTEL ontbreekt: de vaste ontwikkelsleutel wordt gebruikt; pseudoniemen zijn niet geheim');
    pseudoniemSleutel = ONTWIKKEL_PSEUDONIEM_SLEUTEL;
  } else if (pseudoniemSleutel.length < MIN_SLEUTEL_LENGTE) {
    fouten.push(`PLAFOND_PSEUDONIEM_SLEUTEL: moet minstens ${MIN_SLEUTEL_LENGTE} tekens lang zijn`);
  } else if (productie && pseudoniemSleutel === ONTWIKKEL_PSEUDONIEM_SLEUTEL) {
    fouten.push('PLAFOND_PSEUDONIEM_SLEUTEL: de openbare ontwikkelsleutel mag niet in productie');
  }

  const intakeKey = waarde('INTAKE_PORT') !== undefined ? 'INTAKE_PORT' : 'PORT';
  const intakePort = geheelGetal(intakeKey, 3001, 0, 65535);
  const backofficePort = geheelGetal('BACKOFFICE_PORT', 3002, 0, 65535);
  const maxBerichtMb = geheelGetal('PLAFOND_MAX_BERICHT_MB', 25, 1, 4096);
  const bodyStilteMs = geheelGetal('PLAFOND_BODY_STILTE_MS', 30_000, 100, 600_000);
  const maxUploads = geheelGetal('PLAFOND_MAX_UPLOADS', 16, 1, 10_000);
  const rateLimitPerMinuut = geheelGetal('PLAFOND_RATE_LIMIT_PER_MINUUT', 600, 1, 1_000_000);
  const inlogPogingen = geheelGetal('PLAFOND_INLOG_POGINGEN', 10, 1, 100_000);
  const vegerIntervalMs = geheelGetal('PLAFOND_VEGER_INTERVAL_MS', 60_000, 100, 3_600_000);
  const vegerWachtMs = geheelGetal('PLAFOND_VEGER_WACHT_MS', 120_000, 100, 86_400_000);
  const workerConcurrency = geheelGetal('PLAFOND_WORKER_CONCURRENCY', 8, 1, 256);
  const lateTermijnMaanden = geheelGetal('PLAFOND_LATE_TERMIJN_MAANDEN', 3, 1, 120);
  const workerLockMs = geheelGetal('PLAFOND_WORKER_LOCK_MS', 30_000, 1000, 600_000);
  const signalen = Object.freeze({
    drempelPct: geheelGetal('PLAFOND_SIGNAAL_DREMPEL_PCT', 70, 1, 100),
    onderbestedingPct: geheelGetal('PLAFOND_SIGNAAL_ONDERBESTEDING_PCT', 85, 1, 100),
    overbestedingMargePct: geheelGetal('PLAFOND_SIGNAAL_OVERBESTEDING_MARGE_PCT', 0, 0, 100),
    sprongPct: geheelGetal('PLAFOND_SIGNAAL_SPRONG_PCT', 150, 101, 1000),
    lateDeclaratiePct: geheelGetal('PLAFOND_SIGNAAL_LATE_PCT', 10, 1, 100),
  });

  const queuePrefix = waarde('PLAFOND_QUEUE_PREFIX') ?? 'plafond';
  // BullMQ separates key parts with ':'; a prefix containing one would collide with its layout.
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(queuePrefix)) {
    fouten.push(`PLAFOND_QUEUE_PREFIX: alleen letters, cijfers, '_', '.' en '-' (max 64), is '${queuePrefix}'`);
  }

  const logLevelWaarde = waarde('LOG_LEVEL') ?? 'info';
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelWaarde) ? (logLevelWaarde as LogLevel) : 'info';
  if (logLevel !== logLevelWaarde) {
    fouten.push(`LOG_LEVEL: moet een van ${LOG_LEVELS.join(', ')} zijn, is '${logLevelWaarde}'`);
  }

  const databaseUrl = url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url('REDIS_URL', ['redis:', 'rediss:']);

  if (fouten.length > 0) {
    throw new ConfiguratieFout(`ongeldige configuratie:\n- ${fouten.join('\n- ')}`);
  }

  return Object.freeze({
    nodeEnv,
    productie,
    databaseUrl,
    redisUrl,
    pseudoniemSleutel,
    intakePort,
    backofficePort,
    maxBerichtMb,
    maxBerichtBytes: maxBerichtMb * 1024 * 1024,
    workerConcurrency,
    queuePrefix,
    lateTermijnMaanden,
    istandaardenDir: waarde('ISTANDAARDEN_DIR'),
    logLevel,
    workerLockMs,
    ontwikkelSleutel,
    bodyStilteMs,
    maxUploads,
    rateLimitPerMinuut,
    inlogPogingen,
    vegerIntervalMs,
    vegerWachtMs,
    signalen,
    waarschuwingen: Object.freeze(waarschuwingen),
  });
}

/**
 * For a service or worker process: refuses to start against a real database (`DATABASE_URL`) with the public
 * development pseudonym key — pseudonyms made with it are not secret, and once stored they cannot be
 * re-keyed without the BSNs. Only the CLI on its own embedded database may use that key.
 */
export function vereisEigenPseudoniemSleutel(config: Pick<PlafondConfig, 'databaseUrl' | 'ontwikkelSleutel'>, dienst: string): void {
  if (config.databaseUrl && config.ontwikkelSleutel) {
    throw new ConfiguratieFout(
      `${dienst} start niet: PLAFOND_PSEUDONIEM_SLEUTEL ontbreekt (of is de openbare ontwikkelsleutel) terwijl DATABASE_URL naar een echte database wijst; ` +
        `zet een eigen geheime sleutel van minstens ${MIN_SLEUTEL_LENGTE} tekens`,
    );
  }
}
