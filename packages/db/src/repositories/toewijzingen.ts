import type { Cents, Datum } from '@plafond/core';
import { sqlRijen, type Db } from '../db';
import type { DomeinCode } from '../types';

/** A client as the messages identify it; the pseudoniem is what reports and logs use instead of the BSN. */
export interface ClientGegevens {
  bsn: string;
  pseudoniem: string;
  /** Only the gemeente's 301 sets it; absent keeps what is stored. */
  geboortedatum?: Datum | null;
}

/** Key space of the client lock (the aanbieder slots and the partition lock use others). */
const CLIENT_LOCK = 7_432_003;

/**
 * Registers a client (or finds it by BSN) and returns its id. Two aanbieders' messages may register the same new
 * client at the same moment: ON CONFLICT (bsn) does not cover a conflict found first on the pseudonym's unique
 * index, so the client's BSN is locked for the rest of the transaction first and the second insert sees the first.
 */
export async function upsertClient(db: Db, c: ClientGegevens): Promise<string> {
  await sqlRijen(db, 'SELECT pg_advisory_xact_lock($1, hashtext($2))', [CLIENT_LOCK, c.bsn]);
  const [r] = await sqlRijen<{ id: string }>(
    db,
    `INSERT INTO client (bsn, pseudoniem, geboortedatum) VALUES ($1, $2, $3)
     ON CONFLICT (bsn) DO UPDATE SET geboortedatum = coalesce(EXCLUDED.geboortedatum, client.geboortedatum)
     RETURNING id::text`,
    [c.bsn, c.pseudoniem, c.geboortedatum ?? null],
  );
  return r.id;
}

export type ToewijzingStatus = 'actief' | 'gewijzigd' | 'ingetrokken' | 'beeindigd';
export type ToewijzingVariantCode = 'specifiek' | 'aspecifiek' | 'generiek';
export type BekostigingCode = 'inspanning' | 'output' | 'taakgericht';

/** Every field of a toewijzing as the 301 carried it, plus the registry's own columns. */
export interface ToewijzingGegevens {
  toewijzingNummer: string;
  gemeente: string;
  domein: DomeinCode;
  aanbiederId: number;
  clientId: string;
  referentieAanbieder: string | null;
  /** null for a generieke toewijzing (no Product). */
  productcategorie: string | null;
  productcode: string | null;
  toewijzingsdatum: Datum;
  toewijzingstijd: string | null;
  ingangsdatum: Datum;
  einddatum: Datum | null;
  redenWijziging: string | null;
  omvang: { volume: number; eenheid: string; frequentie: string } | null;
  budget: Cents | null;
  commentaar: string | null;
  variant: ToewijzingVariantCode;
  bekostiging: BekostigingCode | null;
  status: ToewijzingStatus;
}

/** The current state of a toewijzing, with the AGB of its aanbieder and the BSN of its client (for the rules only). */
export interface ToewijzingRij extends ToewijzingGegevens {
  id: string;
  aanbiederAgb: string;
  bsn: string;
  versie: number;
}

const TOEWIJZING_KOLOMMEN = `t.id::text AS id, t.toewijzing_nummer, t.gemeente_code, t.domein, t.aanbieder_id, a.agb_code, t.client_id::text AS client_id,
  c.bsn, t.referentie_aanbieder, t.productcategorie, t.productcode, t.toewijzingsdatum, t.toewijzingstijd::text AS toewijzingstijd,
  t.ingangsdatum, t.einddatum, t.reden_wijziging, t.omvang_volume, t.omvang_eenheid, t.omvang_frequentie,
  t.budget_cents::text AS budget_cents, t.commentaar, t.variant, t.bekostiging, t.status, t.versie`;
const TOEWIJZING_VAN = `FROM toewijzing t JOIN aanbieder a ON a.id = t.aanbieder_id JOIN client c ON c.id = t.client_id`;

function naarToewijzing(r: Record<string, unknown>): ToewijzingRij {
  return {
    id: r.id as string, toewijzingNummer: r.toewijzing_nummer as string, gemeente: r.gemeente_code as string, domein: r.domein as DomeinCode,
    aanbiederId: r.aanbieder_id as number, aanbiederAgb: r.agb_code as string, clientId: r.client_id as string, bsn: r.bsn as string,
    referentieAanbieder: r.referentie_aanbieder as string | null, productcategorie: r.productcategorie as string | null,
    productcode: r.productcode as string | null, toewijzingsdatum: r.toewijzingsdatum as Datum, toewijzingstijd: r.toewijzingstijd as string | null,
    ingangsdatum: r.ingangsdatum as Datum, einddatum: r.einddatum as Datum | null, redenWijziging: r.reden_wijziging as string | null,
    omvang: r.omvang_volume === null ? null : { volume: Number(r.omvang_volume), eenheid: r.omvang_eenheid as string, frequentie: r.omvang_frequentie as string },
    budget: r.budget_cents === null ? null : BigInt(r.budget_cents as string), commentaar: r.commentaar as string | null,
    variant: r.variant as ToewijzingVariantCode, bekostiging: r.bekostiging as BekostigingCode | null, status: r.status as ToewijzingStatus,
    versie: r.versie as number,
  };
}

/** The current toewijzingen of a gemeente and domein by number (TR332: the number is unique there). */
export async function huidigeToewijzingen(db: Db, gemeente: string, domein: DomeinCode, nummers: string[]): Promise<ToewijzingRij[]> {
  if (!nummers.length) return [];
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT ${TOEWIJZING_KOLOMMEN} ${TOEWIJZING_VAN} WHERE t.gemeente_code = $1 AND t.domein = $2 AND t.toewijzing_nummer = ANY($3::text[])`,
    [gemeente, domein, nummers],
  );
  return rijen.map(naarToewijzing);
}

/** Every toewijzing (removed ones too) of one client at one aanbieder in a gemeente and domein, by number. */
export async function toewijzingenVanClient(
  db: Db, w: { gemeente: string; domein: DomeinCode; aanbiederId: number; bsn: string },
): Promise<ToewijzingRij[]> {
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT ${TOEWIJZING_KOLOMMEN} ${TOEWIJZING_VAN}
      WHERE t.gemeente_code = $1 AND t.domein = $2 AND t.aanbieder_id = $3 AND c.bsn = $4 ORDER BY t.toewijzing_nummer`,
    [w.gemeente, w.domein, w.aanbiederId, w.bsn],
  );
  return rijen.map(naarToewijzing);
}

/**
 * Stores a new current state of a toewijzing (insert, or update of the row with the same gemeente, domein and
 * number with the next versie) and appends its snapshot to `toewijzing_versie` — the row as stored, client by id.
 */
export async function legToewijzingVast(db: Db, t: ToewijzingGegevens, berichtId: string): Promise<{ id: string; versie: number }> {
  const [r] = await sqlRijen<{ id: string; versie: number }>(
    db,
    `WITH t AS (
       INSERT INTO toewijzing (toewijzing_nummer, gemeente_code, domein, aanbieder_id, client_id, referentie_aanbieder, productcategorie, productcode,
         toewijzingsdatum, toewijzingstijd, ingangsdatum, einddatum, reden_wijziging, omvang_volume, omvang_eenheid, omvang_frequentie, budget_cents,
         commentaar, variant, bekostiging, status, bericht_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::time, $11, $12, $13, $14, $15, $16, $17, $18, $19::toewijzing_variant, $20::bekostiging, $21, $22)
       ON CONFLICT (gemeente_code, domein, toewijzing_nummer) DO UPDATE SET
         aanbieder_id = EXCLUDED.aanbieder_id, client_id = EXCLUDED.client_id, referentie_aanbieder = EXCLUDED.referentie_aanbieder,
         productcategorie = EXCLUDED.productcategorie, productcode = EXCLUDED.productcode, toewijzingsdatum = EXCLUDED.toewijzingsdatum,
         toewijzingstijd = EXCLUDED.toewijzingstijd, ingangsdatum = EXCLUDED.ingangsdatum, einddatum = EXCLUDED.einddatum,
         reden_wijziging = EXCLUDED.reden_wijziging, omvang_volume = EXCLUDED.omvang_volume, omvang_eenheid = EXCLUDED.omvang_eenheid,
         omvang_frequentie = EXCLUDED.omvang_frequentie, budget_cents = EXCLUDED.budget_cents, commentaar = EXCLUDED.commentaar,
         variant = EXCLUDED.variant, bekostiging = EXCLUDED.bekostiging, status = EXCLUDED.status, bericht_id = EXCLUDED.bericht_id,
         versie = toewijzing.versie + 1, bijgewerkt_op = now()
       RETURNING *)
     INSERT INTO toewijzing_versie (toewijzing_id, versie, bericht_id, gegevens)
     SELECT t.id, t.versie, t.bericht_id, to_jsonb(t) - 'bijgewerkt_op' FROM t
     RETURNING toewijzing_id::text AS id, versie`,
    [t.toewijzingNummer, t.gemeente, t.domein, t.aanbiederId, t.clientId, t.referentieAanbieder, t.productcategorie, t.productcode,
      t.toewijzingsdatum, t.toewijzingstijd, t.ingangsdatum, t.einddatum, t.redenWijziging, t.omvang?.volume ?? null, t.omvang?.eenheid ?? null,
      t.omvang?.frequentie ?? null, t.budget?.toString() ?? null, t.commentaar, t.variant, t.bekostiging, t.status, berichtId],
  );
  return r;
}

/** The stored snapshots of a toewijzing, oldest first. */
export async function toewijzingVersies(db: Db, toewijzingId: string): Promise<{ versie: number; berichtId: string | null; gegevens: Record<string, unknown> }[]> {
  const rijen = await sqlRijen<{ versie: number; bericht_id: string | null; gegevens: Record<string, unknown> }>(
    db, `SELECT versie, bericht_id::text AS bericht_id, gegevens FROM toewijzing_versie WHERE toewijzing_id = $1 ORDER BY versie`, [toewijzingId]);
  return rijen.map((r) => ({ versie: r.versie, berichtId: r.bericht_id, gegevens: r.gegevens }));
}

/** TR385: the toewijzingen (of these ids) with a granted debet prestatie that no credit cancelled. */
export async function toewijzingenMetToegekendePrestaties(db: Db, toewijzingIds: string[]): Promise<Set<string>> {
  if (!toewijzingIds.length) return new Set();
  const rijen = await sqlRijen<{ id: string }>(
    db,
    `SELECT DISTINCT toewijzing_id::text AS id FROM prestatie
      WHERE toewijzing_id = ANY($1::bigint[]) AND beslissing = 'toegekend' AND debet_credit = 'D' AND NOT gecrediteerd`,
    [toewijzingIds],
  );
  return new Set(rijen.map((r) => r.id));
}

/** TR379: per ReferentieAanbieder, the numbers of the toewijzingen of an aanbieder that already carry it. */
export async function toewijzingNummersOpReferentie(db: Db, aanbiederId: number, domein: DomeinCode, refs: string[]): Promise<Map<string, string[]>> {
  const uit = new Map<string, string[]>();
  if (!refs.length) return uit;
  const rijen = await sqlRijen<{ ref: string; nummer: string }>(
    db,
    `SELECT referentie_aanbieder AS ref, toewijzing_nummer AS nummer FROM toewijzing
      WHERE aanbieder_id = $1 AND domein = $2 AND referentie_aanbieder = ANY($3::text[])`,
    [aanbiederId, domein, refs],
  );
  for (const r of rijen) uit.set(r.ref, [...(uit.get(r.ref) ?? []), r.nummer]);
  return uit;
}

/** TR381: per ProductCode, the categories the region's product list files it under. */
export async function productCategorieenVanCodes(db: Db, domein: DomeinCode, codes: string[]): Promise<Map<string, string[]>> {
  const uit = new Map<string, string[]>();
  if (!codes.length) return uit;
  const rijen = await sqlRijen<{ code: string; categorie: string }>(
    db, `SELECT productcode AS code, productcategorie AS categorie FROM product WHERE domein = $1 AND productcode = ANY($2::text[])`, [domein, codes]);
  for (const r of rijen) uit.set(r.code, [...(uit.get(r.code) ?? []), r.categorie]);
  return uit;
}

// ---- verzoeken om toewijzing (315) en om wijziging (317)

export type VerzoekStatus = 'ontvangen' | 'in_onderzoek' | 'gehonoreerd' | 'afgewezen';

export interface NieuwVerzoek {
  berichtId: string;
  soort: 'VOT' | 'VOW';
  aanbiederId: number;
  gemeente: string;
  domein: DomeinCode;
  clientId: string;
  referentieAanbieder: string;
  /** What was asked, without BSN or other client data (the client is referenced by id). */
  gegevens: Record<string, unknown>;
}

export interface VerzoekRij extends Omit<NieuwVerzoek, 'berichtId'> {
  id: string;
  berichtId: string;
  status: VerzoekStatus;
}

/** Stores a received verzoek with status 'ontvangen'; amounts in `gegevens` are kept as decimal strings. */
export async function slaVerzoekOp(db: Db, v: NieuwVerzoek): Promise<string> {
  const [r] = await sqlRijen<{ id: string }>(
    db,
    `INSERT INTO verzoek (bericht_id, soort, aanbieder_id, gemeente_code, domein, client_id, referentie_aanbieder, gegevens)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING id::text`,
    [v.berichtId, v.soort, v.aanbiederId, v.gemeente, v.domein, v.clientId, v.referentieAanbieder,
      JSON.stringify(v.gegevens, (_k, w) => (typeof w === 'bigint' ? w.toString() : w))],
  );
  return r.id;
}

/** The verzoeken of an aanbieder in a domein by ReferentieAanbieder (TR347 uniqueness, TR379). */
export async function verzoekenOpReferentie(db: Db, aanbiederId: number, domein: DomeinCode, refs: string[]): Promise<VerzoekRij[]> {
  if (!refs.length) return [];
  const rijen = await sqlRijen<Record<string, unknown>>(
    db,
    `SELECT id::text AS id, bericht_id::text AS bericht_id, soort, aanbieder_id, gemeente_code, domein, client_id::text AS client_id,
            referentie_aanbieder, status, gegevens
       FROM verzoek WHERE aanbieder_id = $1 AND domein = $2 AND referentie_aanbieder = ANY($3::text[]) ORDER BY id`,
    [aanbiederId, domein, refs],
  );
  return rijen.map((r) => ({
    id: r.id as string, berichtId: r.bericht_id as string, soort: r.soort as 'VOT' | 'VOW', aanbiederId: r.aanbieder_id as number,
    gemeente: r.gemeente_code as string, domein: r.domein as DomeinCode, clientId: r.client_id as string,
    referentieAanbieder: r.referentie_aanbieder as string, status: r.status as VerzoekStatus, gegevens: r.gegevens as Record<string, unknown>,
  }));
}

/** TR374: is a verzoek of this client at this aanbieder still being handled (received or under investigation)? */
export async function heeftOpenVerzoek(db: Db, w: { bsn: string; aanbiederId: number; domein: DomeinCode }): Promise<boolean> {
  const r = await sqlRijen(
    db,
    `SELECT 1 FROM verzoek v JOIN client c ON c.id = v.client_id
      WHERE c.bsn = $1 AND v.aanbieder_id = $2 AND v.domein = $3 AND v.status IN ('ontvangen', 'in_onderzoek') LIMIT 1`,
    [w.bsn, w.aanbiederId, w.domein],
  );
  return r.length > 0;
}

/** Marks the open verzoek with this ReferentieAanbieder as honoured (a 301 carried it for the first time). */
export async function verzoekGehonoreerd(db: Db, aanbiederId: number, domein: DomeinCode, referentieAanbieder: string): Promise<void> {
  await sqlRijen(
    db,
    `UPDATE verzoek SET status = 'gehonoreerd' WHERE aanbieder_id = $1 AND domein = $2 AND referentie_aanbieder = $3 AND status IN ('ontvangen', 'in_onderzoek')`,
    [aanbiederId, domein, referentieAanbieder],
  );
}
