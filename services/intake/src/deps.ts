/**
 * The use cases the intake service calls. The transport only parses requests and maps results;
 * everything that touches the database or the queue sits behind this interface.
 *
 * Scoping contract: every function receives the authenticated AGB code and must only see that
 * aanbieder's data. A lookup for an id that does not exist OR belongs to another aanbieder returns
 * `null` (or throws `NietGevonden`); the transport answers 404 in both cases, so existence never
 * leaks. The transport also checks the `agb` on every returned resource as a second line.
 */
export interface IntakeDeps {
  /** Checks an aanbieder's credentials; `null` when the AGB code or password is wrong. */
  /** `bron`: where the attempt came from (the client's address), for the audit trail of a failed sign-in. */
  authenticeer(agb: string, wachtwoord: string, bron?: InlogBron): Promise<Aanbieder | null>;
  /** Checks an aanbieder's API key (`plk_…`); `null` when it is unknown, revoked or expired. */
  authenticeerSleutel?(sleutel: string, bron?: InlogBron): Promise<Aanbieder | null>;
  /**
   * Stores the raw message and enqueues its processing. Must check that the Afzender in the
   * message header equals `agb` (a mismatch or an unreadable message is answered by the processor
   * with a retourbericht, not by HTTP). Throws `ValidatieFout` for input it refuses outright.
   */
  ontvang(agb: string, inhoud: Buffer, meta: OntvangMeta): Promise<Ontvangen>;
  /**
   * A gemeente's case system hands over a beschikking (JW301/WMO301) or an antwoord (319): checks the
   * credentials of a user with role gemeente and gives the gemeenten it works for; `null` when wrong.
   * Optional: without it the route is absent.
   */
  authenticeerGemeente?(gebruiker: string, wachtwoord: string, bron?: InlogBron): Promise<{ gemeenten: string[] } | null>;
  /** Stores and enqueues a message from a gemeente; the processor checks its Afzender is that gemeente. */
  ontvangVanGemeente?(gemeente: string, inhoud: Buffer, meta: OntvangMeta): Promise<Ontvangen>;
  /** Processing outcome of a posted message. */
  status(agb: string, berichtId: string): Promise<BerichtStatus | null>;
  /** Outgoing messages that wait for this aanbieder (not yet acknowledged), oldest first. */
  mailbox(agb: string, filter: MailboxFilter): Promise<MailboxItem[]>;
  /** One outgoing message with its raw XML. */
  haalOp(agb: string, id: string): Promise<UitgaandBericht | null>;
  /**
   * Acknowledges receipt: the message leaves the waiting list. Idempotent — acknowledging again
   * returns the first acknowledgement.
   */
  bevestig(agb: string, id: string): Promise<Bevestiging | null>;
  /** Onderhanden werk (OHW) of the logged-in aanbieder; without it the /ohw routes are absent. */
  ohw?: OhwIntakeDeps;
}

/** The OHW use cases: always for the authenticated AGB only (another aanbieder's id is `null`, as unknown). */
export interface OhwIntakeDeps {
  /** The template of the aanbieder for a month (xlsx). Throws `NietGevonden` for an unknown aanbieder. */
  template(agb: string, maand: string): Promise<Buffer>;
  /**
   * Stores a filled OHW file and hands it to the checker (queue or in-process). Refuses a file that is hostile
   * or unreadable as a whole before storing anything (`ValidatieFout`).
   */
  ontvang(agb: string, maand: string, inhoud: Buffer, meta: OntvangMeta & { soort: 'csv' | 'xlsx' }): Promise<Ontvangen>;
  /** Outcome of an upload. */
  status(agb: string, id: string): Promise<OhwStatus | null>;
  /** The feedback workbook of a checked upload; `null` when unknown, another aanbieder's, or not checked yet. */
  terugkoppeling(agb: string, id: string): Promise<Buffer | null>;
}

export interface OhwStatus {
  id: string;
  agb: string;
  /** `ontvangen` (waiting for the check), `verwerkt` (a version was made) or `afgewezen` (the file as a whole refused). */
  status: 'ontvangen' | 'verwerkt' | 'afgewezen';
  maand: string;
  ontvangenOp: string;
  verwerktOp?: string;
  /** Why the file was refused as a whole. */
  reden?: string;
  versie: number | null;
  opgeslagen: number;
  afgewezen: { regel: number; kolom: string; reden: string }[];
}

export interface Aanbieder {
  /** AGB code (8 digits). */
  agb: string;
}

export interface OntvangMeta {
  /** File name the aanbieder gave (query `bestandsnaam`), untrusted. */
  bestandsnaam?: string;
  correlationId: string;
}

export interface Ontvangen {
  berichtId: string;
  /** Processing state right after receipt, e.g. `ontvangen`. */
  status: string;
}

/** One retourcode of the answer, with the element it is about. */
export interface Retourcode {
  /** Path of the element in the message, e.g. `Client[1]/Prestatie[2]`. */
  pad: string;
  /** Four-character retourcode, e.g. `0200` or `8017`. */
  code: string;
  omschrijving?: string;
}

export interface BerichtStatus {
  berichtId: string;
  /** Owner of the message; must equal the authenticated AGB. */
  agb: string;
  /** Processing state, e.g. `ontvangen`, `in_verwerking`, `verwerkt`, `afgekeurd`. */
  status: string;
  /** Berichtsoort when the header could be read, e.g. `JW323`. */
  berichtType?: string;
  /** ISO-8601 instant of receipt. */
  ontvangenOp: string;
  /** ISO-8601 instant processing finished. */
  verwerktOp?: string;
  retourcodes: Retourcode[];
  /** Id of the retourbericht in the aanbieder's mailbox, once produced. */
  antwoordId?: string;
}

export interface MailboxFilter {
  /** ISO-8601 date or instant: only messages available from then on. */
  sinds?: string;
  /** Maximum number of items (1..1000). */
  limit: number;
}

export interface MailboxItem {
  id: string;
  /** Berichtsoort, e.g. `JW325`. */
  type: string;
  /** Dagtekening of the message (`YYYY-MM-DD`). */
  dagtekening: string;
  /** ISO-8601 instant the message became available. */
  beschikbaarOp: string;
}

export interface UitgaandBericht {
  id: string;
  /** Owner (the addressee); must equal the authenticated AGB. */
  agb: string;
  type: string;
  xml: Buffer | string;
}

export interface Bevestiging {
  id: string;
  /** Owner; must equal the authenticated AGB. */
  agb: string;
  /** ISO-8601 instant of the (first) acknowledgement. */
  bevestigdOp: string;
}

/** Where a sign-in attempt came from. */
export interface InlogBron {
  ip: string;
}
