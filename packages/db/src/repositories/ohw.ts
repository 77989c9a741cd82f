import { createHash } from 'node:crypto';
import type { Cents, Datum, Maand } from '@plafond/core';
import { sqlRijen, type Db } from '../db';
import { voerSqlUit } from '../sql';
import type { DomeinCode } from '../types';

/** One refused OHW row: the row as a spreadsheet numbers it (header = 1), the column and a reason in Dutch. */
export interface OhwAfwijzing {
  regel: number;
  kolom: string;
  reden: string;
}

/** One checked OHW row as it is stored, linked to its toewijzing and client. */
export interface NieuweOhwRegel {
  regelnummer: number;
  gemeente: string;
  toewijzingNummer: string;
  toewijzingId: string;
  clientId: string;
  productcategorie: string;
  productcode: string | null;
  periode: Maand;
  volume: number;
  eenheid: string;
  bedrag: Cents;
  toelichting: string | null;
}

export type OhwBestandSoort = 'csv' | 'xlsx';
export type OhwOntvangstStatus = 'ontvangen' | 'verwerkt' | 'afgewezen';

export interface NieuweOhwOntvangst {
  aanbiederId: number;
  maand: Maand;
  door: string;
  bestandNaam: string;
  soort: OhwBestandSoort;
  bestand: Buffer;
  correlationId: string;
}

/** A received OHW file and what became of it. */
export interface OhwOntvangst {
  id: string;
  aanbiederId: number;
  agb: string;
  maand: Maand;
  door: string;
  bestandNaam: string;
  soort: OhwBestandSoort;
  sha256: string;
  grootte: number;
  correlationId: string;
  status: OhwOntvangstStatus;
  /** Why the file was refused as a whole. */
  reden: string | null;
  /** The version it became (status verwerkt). */
  versie: number | null;
  opgeslagen: number | null;
  afgewezen: OhwAfwijzing[];
  ontvangenOp: Date;
  verwerktOp: Date | null;
}

/** One OHW version of an aanbieder and month. */
export interface OhwVersie {
  uploadId: string;
  versie: number;
  uploadedAt: Date;
  door: string;
  bestandNaam: string;
  sha256: string;
  opgeslagen: number;
  afgewezen: OhwAfwijzing[];
  /** The latest version of the month: the one that counts. */
  geldend: boolean;
}

/** Stores a received OHW file before it is checked; returns its id. */
export async function slaOhwOntvangstOp(db: Db, o: NieuweOhwOntvangst): Promise<string> {
  const [r] = await sqlRijen<{ id: string }>(
    db,
    `INSERT INTO ohw_ontvangst (aanbieder_id, maand, door, bestand_naam, bestand_soort, bestand_sha256, bestand_grootte, bestand, correlation_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id::text AS id`,
    [o.aanbiederId, o.maand, o.door, o.bestandNaam, o.soort, createHash('sha256').update(o.bestand).digest('hex'), o.bestand.length, o.bestand, o.correlationId],
  );
  return r.id;
}

const ONTVANGST_KOLOMMEN = `o.id::text AS id, o.aanbieder_id, a.agb_code, o.maand, o.door, o.bestand_naam, o.bestand_soort, o.bestand_sha256,
  o.bestand_grootte::text AS bestand_grootte, o.correlation_id::text AS correlation_id, o.status, o.reden, u.versie, u.opgeslagen,
  coalesce(u.afgewezen, '[]') AS afgewezen, o.ontvangen_op, o.verwerkt_op`;

function naarOntvangst(r: Record<string, unknown>): OhwOntvangst {
  return {
    id: r.id as string, aanbiederId: r.aanbieder_id as number, agb: r.agb_code as string, maand: r.maand as Maand, door: r.door as string,
    bestandNaam: r.bestand_naam as string, soort: r.bestand_soort as OhwBestandSoort, sha256: r.bestand_sha256 as string,
    grootte: Number(r.bestand_grootte), correlationId: r.correlation_id as string, status: r.status as OhwOntvangstStatus,
    reden: r.reden as string | null, versie: r.versie as number | null, opgeslagen: r.opgeslagen as number | null,
    afgewezen: r.afgewezen as OhwAfwijzing[], ontvangenOp: r.ontvangen_op as Date, verwerktOp: r.verwerkt_op as Date | null,
  };
}

/** A received OHW file with its outcome (without its bytes); undefined when unknown. */
export async function ohwOntvangst(db: Db, id: string): Promise<OhwOntvangst | undefined> {
  const [r] = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT ${ONTVANGST_KOLOMMEN} FROM ohw_ontvangst o JOIN aanbieder a ON a.id = o.aanbieder_id
       LEFT JOIN ohw_upload u ON u.id = o.upload_id WHERE o.id = $1::bigint`,
    [id],
  );
  return r && naarOntvangst(r);
}

/**
 * Opens a received OHW file for its check: locks its row (a second run of the same job waits, then finds it
 * done) and returns it with its bytes while it still waits; undefined when it was already checked or is unknown.
 */
export async function openOhwOntvangst(db: Db, id: string): Promise<(OhwOntvangst & { bestand: Buffer }) | undefined> {
  const [r] = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT ${ONTVANGST_KOLOMMEN}, o.bestand FROM ohw_ontvangst o JOIN aanbieder a ON a.id = o.aanbieder_id
       LEFT JOIN ohw_upload u ON u.id = o.upload_id WHERE o.id = $1::bigint AND o.status = 'ontvangen' FOR UPDATE OF o`,
    [id],
  );
  return r && { ...naarOntvangst(r), bestand: r.bestand as Buffer };
}

/** The feedback workbook of a checked OHW file; undefined when there is none (yet). */
export async function ohwTerugkoppeling(db: Db, id: string): Promise<Buffer | undefined> {
  const [r] = await sqlRijen<{ terugkoppeling: Buffer | null }>(db, 'SELECT terugkoppeling FROM ohw_ontvangst WHERE id = $1::bigint', [id]);
  return r?.terugkoppeling ?? undefined;
}

/**
 * Stores a checked OHW file as the next version of its aanbieder and month: the version with its refused rows,
 * its valid rows, and the outcome and feedback workbook on the received file. Run it in a transaction that
 * holds the aanbieder's slot (`inTransactie(…, { slot: agb })`), after `openOhwOntvangst` in the same one.
 */
export async function legOhwVersieVast(
  db: Db, ontvangst: OhwOntvangst, uitkomst: { versie: number; regels: NieuweOhwRegel[]; afgewezen: OhwAfwijzing[]; terugkoppeling: Buffer },
): Promise<{ uploadId: string; versie: number }> {
  const [u] = await sqlRijen<{ id: string; versie: number }>(
    db,
    `INSERT INTO ohw_upload (aanbieder_id, maand, versie, door, bestand_naam, bestand_sha256, opgeslagen, afgewezen)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING id::text AS id, versie`,
    [ontvangst.aanbiederId, ontvangst.maand, uitkomst.versie, ontvangst.door, ontvangst.bestandNaam, ontvangst.sha256, uitkomst.regels.length,
      JSON.stringify(uitkomst.afgewezen)],
  );
  if (uitkomst.regels.length) {
    // Positional rows in one jsonb array: one statement for any number of rows.
    const rijen = uitkomst.regels.map((r) => [
      r.regelnummer, r.gemeente, r.toewijzingNummer, r.toewijzingId, r.clientId, r.productcategorie, r.productcode, r.periode, r.volume,
      r.eenheid, r.bedrag.toString(), r.toelichting,
    ]);
    await sqlRijen(
      db,
      `INSERT INTO ohw_regel (upload_id, regelnummer, gemeente_code, toewijzing_nummer, toewijzing_id, client_id, productcategorie, productcode,
         periode, volume, eenheid, bedrag_cents, toelichting)
       SELECT $1::bigint, (r->>0)::integer, r->>1, r->>2, (r->>3)::bigint, (r->>4)::bigint, r->>5, r->>6, r->>7, (r->>8)::bigint, r->>9,
              (r->>10)::bigint, r->>11
         FROM jsonb_array_elements($2::jsonb) AS r`,
      [u.id, JSON.stringify(rijen)],
    );
  }
  await sqlRijen(
    db,
    `UPDATE ohw_ontvangst SET status = 'verwerkt', upload_id = $2::bigint, terugkoppeling = $3, verwerkt_op = now() WHERE id = $1::bigint`,
    [ontvangst.id, u.id, uitkomst.terugkoppeling],
  );
  return { uploadId: u.id, versie: u.versie };
}

/** The number the next OHW version of an aanbieder and month gets (ask it in the transaction that stores it, holding the slot). */
export async function volgendeOhwVersie(db: Db, aanbiederId: number, maand: Maand): Promise<number> {
  const [r] = await sqlRijen<{ n: number }>(db, 'SELECT coalesce(max(versie), 0) + 1 AS n FROM ohw_upload WHERE aanbieder_id = $1 AND maand = $2', [aanbiederId, maand]);
  return r.n;
}

/** Records that a received OHW file was refused as a whole: its reason stays, its bytes go, no version is made. */
export async function weigerOhwOntvangst(db: Db, id: string, reden: string): Promise<void> {
  await sqlRijen(
    db,
    `UPDATE ohw_ontvangst SET status = 'afgewezen', reden = $2, bestand = NULL, verwerkt_op = now() WHERE id = $1::bigint AND status = 'ontvangen'`,
    [id, reden],
  );
}

/** Every OHW version of an aanbieder and month, oldest first; the last one counts. */
export async function ohwVersies(db: Db, aanbiederId: number, maand: Maand): Promise<OhwVersie[]> {
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT id::text AS id, versie, uploaded_at, door, bestand_naam, bestand_sha256, opgeslagen, afgewezen,
            versie = max(versie) OVER () AS geldend
       FROM ohw_upload WHERE aanbieder_id = $1 AND maand = $2 ORDER BY versie`,
    [aanbiederId, maand],
  );
  return rijen.map((r) => ({
    uploadId: r.id as string, versie: r.versie as number, uploadedAt: r.uploaded_at as Date, door: r.door as string,
    bestandNaam: r.bestand_naam as string, sha256: r.bestand_sha256 as string, opgeslagen: r.opgeslagen as number,
    afgewezen: r.afgewezen as OhwAfwijzing[], geldend: r.geldend as boolean,
  }));
}

/** The stored rows of one OHW version, in row order. */
export async function ohwVersieRegels(db: Db, uploadId: string): Promise<NieuweOhwRegel[]> {
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT regelnummer, gemeente_code, toewijzing_nummer, toewijzing_id::text AS toewijzing_id, client_id::text AS client_id, productcategorie,
            productcode, periode, volume::text AS volume, eenheid, bedrag_cents::text AS bedrag_cents, toelichting
       FROM ohw_regel WHERE upload_id = $1::bigint ORDER BY regelnummer`,
    [uploadId],
  );
  return rijen.map((r) => ({
    regelnummer: r.regelnummer as number, gemeente: r.gemeente_code as string, toewijzingNummer: r.toewijzing_nummer as string,
    toewijzingId: r.toewijzing_id as string, clientId: r.client_id as string, productcategorie: r.productcategorie as string,
    productcode: (r.productcode as string | null)?.trim() || null, periode: r.periode as Maand, volume: Number(r.volume), eenheid: r.eenheid as string,
    bedrag: BigInt(r.bedrag_cents as string), toelichting: r.toelichting as string | null,
  }));
}

/** A toewijzing of an aanbieder as the OHW template and check need it (BSN included: the aanbieder knows its own clients). */
export interface OhwToewijzing {
  id: string;
  toewijzingNummer: string;
  gemeente: string;
  domein: DomeinCode;
  clientId: string;
  bsn: string;
  productcategorie: string | null;
  productcode: string | null;
  ingangsdatum: Datum;
  einddatum: Datum | null;
  omvang: { volume: number; eenheid: string; frequentie: string } | null;
  status: string;
}

const OHW_TOEWIJZING = `t.id::text AS id, t.toewijzing_nummer, t.gemeente_code, t.domein, t.client_id::text AS client_id, c.bsn, t.productcategorie,
  t.productcode, t.ingangsdatum, t.einddatum, t.omvang_volume, t.omvang_eenheid, t.omvang_frequentie, t.status`;

function naarOhwToewijzing(r: Record<string, unknown>): OhwToewijzing {
  return {
    id: r.id as string, toewijzingNummer: r.toewijzing_nummer as string, gemeente: r.gemeente_code as string, domein: r.domein as DomeinCode,
    clientId: r.client_id as string, bsn: r.bsn as string, productcategorie: r.productcategorie as string | null,
    productcode: r.productcode as string | null, ingangsdatum: r.ingangsdatum as Datum, einddatum: r.einddatum as Datum | null,
    omvang: r.omvang_volume === null ? null : { volume: Number(r.omvang_volume), eenheid: r.omvang_eenheid as string, frequentie: r.omvang_frequentie as string },
    status: r.status as string,
  };
}

/** The aanbieder's toewijzingen active in a month (not withdrawn, looptijd touching the month): the rows of its template. */
export async function actieveToewijzingenInMaand(db: Db, aanbiederId: number, maand: Maand): Promise<OhwToewijzing[]> {
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT ${OHW_TOEWIJZING} FROM toewijzing t JOIN client c ON c.id = t.client_id
      WHERE t.aanbieder_id = $1 AND t.status <> 'ingetrokken'
        AND t.ingangsdatum < (to_date($2, 'YYYY-MM') + interval '1 month')::date
        AND (t.einddatum IS NULL OR t.einddatum >= to_date($2, 'YYYY-MM'))
      ORDER BY t.gemeente_code, t.toewijzing_nummer, t.domein`,
    [aanbiederId, maand],
  );
  return rijen.map(naarOhwToewijzing);
}

/**
 * The toewijzingen with these numbers, of any aanbieder (so the check can tell "unknown" from "another
 * aanbieder's"), with the AGB of the aanbieder each is addressed to.
 */
export async function toewijzingenOpNummer(db: Db, nummers: string[]): Promise<(OhwToewijzing & { aanbiederId: number })[]> {
  if (!nummers.length) return [];
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT ${OHW_TOEWIJZING}, t.aanbieder_id FROM toewijzing t JOIN client c ON c.id = t.client_id
      WHERE t.toewijzing_nummer = ANY($1::text[])`,
    [nummers],
  );
  return rijen.map((r) => ({ ...naarOhwToewijzing(r), aanbiederId: r.aanbieder_id as number }));
}

/** Filter of the counted OHW. */
export interface OhwFilter {
  peilmaand: Maand;
  aanbiederId?: number;
  /** CBS code. */
  gemeente?: string;
}

/** One counted OHW row: what an aanbieder reported outstanding on a toewijzing for a month (`maand`: the row's periode). */
export interface GeteldeOhw {
  agb: string;
  gemeente: string;
  domein: DomeinCode;
  maand: Maand;
  toewijzingId: string;
  bedrag: Cents;
}

/**
 * The counted onderhanden werk at a peilmaand (`sql/ohw-geteld.sql`, which states the definition): per aanbieder
 * the latest version of its most recent report month on or before the peilmaand, without the rows a granted
 * prestatie for the same toewijzing and month has replaced. Sum the rows per agb × gemeente × domein × maand
 * for the budget figures.
 */
export async function getoldeOhw(db: Db, filter: OhwFilter): Promise<GeteldeOhw[]> {
  const rijen = await voerSqlUit<Record<string, string>>(db, 'ohw-geteld', {
    peilmaand: filter.peilmaand, aanbieder_id: filter.aanbiederId ?? null, gemeente: filter.gemeente ?? null,
  });
  return rijen.map((r) => ({
    agb: r.agb, gemeente: r.gemeente, domein: r.domein as DomeinCode, maand: r.maand as Maand, toewijzingId: r.toewijzing_id, bedrag: BigInt(r.bedrag_cents),
  }));
}

/** One row of a month's OHW report (latest version), with whether it still counts. */
export interface GerapporteerdeOhw extends GeteldeOhw {
  rapportmaand: Maand;
  versie: number;
  geteld: boolean;
}

/** The history view: what the latest version of one report month says, row by row, and which rows still count. */
export async function ohwPerRapportmaand(db: Db, filter: { rapportmaand: Maand; aanbiederId?: number; gemeente?: string }): Promise<GerapporteerdeOhw[]> {
  const rijen = await voerSqlUit<Record<string, unknown>>(db, 'ohw-per-rapportmaand', {
    rapportmaand: filter.rapportmaand, aanbieder_id: filter.aanbiederId ?? null, gemeente: filter.gemeente ?? null,
  });
  return rijen.map((r) => ({
    agb: r.agb as string, gemeente: r.gemeente as string, domein: r.domein as DomeinCode, maand: r.maand as Maand,
    toewijzingId: r.toewijzing_id as string, bedrag: BigInt(r.bedrag_cents as string), rapportmaand: r.rapportmaand as Maand,
    versie: r.versie as number, geteld: r.geteld as boolean,
  }));
}

/** An aanbieder with toewijzingen active in a month but no OHW version for it. */
export interface OntbrekendeOhw {
  aanbiederId: number;
  agb: string;
  naam: string;
  actieveToewijzingen: number;
}

/** The missing OHW reports of a month (`sql/ohw-ontbrekend.sql`): the input of the budget signal `geen-ohw`. */
export async function ontbrekendeOhw(db: Db, maand: Maand): Promise<OntbrekendeOhw[]> {
  const rijen = await voerSqlUit<Record<string, unknown>>(db, 'ohw-ontbrekend', { maand });
  return rijen.map((r) => ({
    aanbiederId: r.aanbieder_id as number, agb: r.agb as string, naam: r.naam as string, actieveToewijzingen: r.actieve_toewijzingen as number,
  }));
}
