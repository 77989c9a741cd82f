import { Conflict, NietGevonden, type Cents, type Datum } from '@plafond/core';
import type { DataSource } from 'typeorm';
import { inTransactie, sqlRijen, Transactie, type Db } from '../db';
import type {
  Aanbieder, Budgetplafond, DomeinCode, Gemeente, NieuwBudgetplafond, NieuweAanbieder, NieuwTarief, PlafondBeleid, PlafondMutatie,
  Tarief, UpsertAantallen,
} from '../types';
import { schrijfAudit } from './audit';

const nulAantallen = (): UpsertAantallen => ({ nieuw: 0, gewijzigd: 0, ongewijzigd: 0 });

export async function gemeenten(db: Db): Promise<Gemeente[]> {
  const rijen = await sqlRijen<{ cbs_code: string; naam: string; geldig_van: Datum | null; geldig_tot: Datum | null }>(
    db, 'SELECT cbs_code, naam, geldig_van, geldig_tot FROM gemeente ORDER BY naam');
  return rijen.map((r) => ({ cbsCode: r.cbs_code, naam: r.naam, geldigVan: r.geldig_van, geldigTot: r.geldig_tot }));
}

export async function aanbieders(db: Db): Promise<Aanbieder[]> {
  const rijen = await sqlRijen<{ id: number; agb_code: string; naam: string }>(db, 'SELECT id, agb_code, naam FROM aanbieder ORDER BY agb_code');
  return rijen.map((r) => ({ id: r.id, agbCode: r.agb_code, naam: r.naam }));
}

export async function aanbiederOpAgb(db: Db, agbCode: string): Promise<Aanbieder | null> {
  const [r] = await sqlRijen<{ id: number; agb_code: string; naam: string }>(
    db, 'SELECT id, agb_code, naam FROM aanbieder WHERE agb_code = $1', [agbCode]);
  return r ? { id: r.id, agbCode: r.agb_code, naam: r.naam } : null;
}

/** Inserts new aanbieders and renames known ones (matched on AGB-code); unchanged rows are not touched. */
export async function upsertAanbieders(db: Db, lijst: NieuweAanbieder[]): Promise<UpsertAantallen> {
  const n = nulAantallen();
  for (const a of lijst) {
    const rijen = await sqlRijen<{ nieuw: boolean }>(
      db,
      `INSERT INTO aanbieder (agb_code, naam) VALUES ($1, $2)
       ON CONFLICT (agb_code) DO UPDATE SET naam = EXCLUDED.naam, bijgewerkt_op = now()
         WHERE aanbieder.naam IS DISTINCT FROM EXCLUDED.naam
       RETURNING (xmax = 0) AS nieuw`,
      [a.agbCode, a.naam],
    );
    if (rijen.length === 0) n.ongewijzigd++;
    else if (rijen[0].nieuw) n.nieuw++;
    else n.gewijzigd++;
  }
  return n;
}

interface RuwTarief {
  id: number;
  domein: DomeinCode;
  productcategorie: string;
  productcode: string | null;
  eenheid: string;
  bedrag_cents: string;
  ingangsdatum: Datum;
  einddatum: Datum | null;
  agb_code: string | null;
}

const TARIEF_KOLOMMEN = `t.id, t.domein, t.productcategorie, t.productcode, t.eenheid, t.bedrag_cents, t.ingangsdatum,
  t.einddatum, a.agb_code`;

function naarTarief(r: RuwTarief): Tarief {
  return {
    id: r.id, domein: r.domein, productcategorie: r.productcategorie, productcode: r.productcode, eenheid: r.eenheid,
    bedragCents: BigInt(r.bedrag_cents), ingangsdatum: r.ingangsdatum, einddatum: r.einddatum, agbCode: r.agb_code,
  };
}

export async function tarieven(db: Db): Promise<Tarief[]> {
  const rijen = await sqlRijen<RuwTarief>(db, `SELECT ${TARIEF_KOLOMMEN} FROM tarief t LEFT JOIN aanbieder a ON a.id = t.aanbieder_id
    ORDER BY t.domein, t.productcategorie, t.productcode NULLS FIRST, a.agb_code NULLS FIRST, t.ingangsdatum`);
  return rijen.map(naarTarief);
}

export interface TariefVraag {
  domein: DomeinCode;
  productcategorie: string;
  productcode: string | null;
  agbCode: string;
  datum: Datum;
}

/**
 * The tariff valid on `datum` for a product and aanbieder: the aanbieder's own tariff wins over
 * the regional one. null when neither exists.
 */
export async function tariefOpDatum(db: Db, v: TariefVraag): Promise<Tarief | null> {
  const [r] = await sqlRijen<RuwTarief>(
    db,
    `SELECT ${TARIEF_KOLOMMEN} FROM tarief t LEFT JOIN aanbieder a ON a.id = t.aanbieder_id
      WHERE t.domein = $1 AND t.productcategorie = $2 AND t.productcode IS NOT DISTINCT FROM $3
        AND (t.aanbieder_id IS NULL OR a.agb_code = $4)
        AND t.ingangsdatum <= $5 AND (t.einddatum IS NULL OR t.einddatum >= $5)
      ORDER BY t.aanbieder_id IS NULL LIMIT 1`,
    [v.domein, v.productcategorie, v.productcode, v.agbCode, v.datum],
  );
  return r ? naarTarief(r) : null;
}

/**
 * Stored tariffs for the same product and aanbieder whose validity overlaps `t` and that are not
 * `t` itself (same ingangsdatum = the same tariff, which an upsert updates).
 */
export async function overlappendeTarieven(db: Db, t: NieuwTarief): Promise<Tarief[]> {
  const rijen = await sqlRijen<RuwTarief>(
    db,
    `SELECT ${TARIEF_KOLOMMEN} FROM tarief t LEFT JOIN aanbieder a ON a.id = t.aanbieder_id
      WHERE t.domein = $1 AND t.productcategorie = $2 AND t.productcode IS NOT DISTINCT FROM $3
        AND a.agb_code IS NOT DISTINCT FROM $4 AND t.ingangsdatum <> $5
        AND daterange(t.ingangsdatum, t.einddatum, '[]') && daterange($5::date, $6::date, '[]')
      ORDER BY t.ingangsdatum`,
    [t.domein, t.productcategorie, t.productcode, t.agbCode, t.ingangsdatum, t.einddatum],
  );
  return rijen.map(naarTarief);
}

/**
 * Upserts tariffs keyed on (domein, productcategorie, productcode, aanbieder, ingangsdatum):
 * a known key gets the new eenheid/bedrag/einddatum, a new key is inserted. A tariff whose
 * validity overlaps another for the same product and aanbieder is a `Conflict`.
 */
export async function upsertTarieven(db: Db, lijst: NieuwTarief[]): Promise<UpsertAantallen> {
  const n = nulAantallen();
  for (const t of lijst) {
    let aanbiederId: number | null = null;
    if (t.agbCode !== null) {
      const a = await aanbiederOpAgb(db, t.agbCode);
      if (!a) throw new NietGevonden(`aanbieder ${t.agbCode} bestaat niet`);
      aanbiederId = a.id;
    }
    const [bestaand] = await sqlRijen<{ id: number; eenheid: string; bedrag_cents: string; einddatum: Datum | null }>(
      db,
      `SELECT id, eenheid, bedrag_cents, einddatum FROM tarief
        WHERE domein = $1 AND productcategorie = $2 AND productcode IS NOT DISTINCT FROM $3
          AND aanbieder_id IS NOT DISTINCT FROM $4 AND ingangsdatum = $5 FOR UPDATE`,
      [t.domein, t.productcategorie, t.productcode, aanbiederId, t.ingangsdatum],
    );
    try {
      if (!bestaand) {
        await db.query(
          `INSERT INTO tarief (domein, productcategorie, productcode, eenheid, bedrag_cents, ingangsdatum, einddatum, aanbieder_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [t.domein, t.productcategorie, t.productcode, t.eenheid, t.bedragCents.toString(), t.ingangsdatum, t.einddatum, aanbiederId],
        );
        n.nieuw++;
      } else if (bestaand.eenheid !== t.eenheid || BigInt(bestaand.bedrag_cents) !== t.bedragCents || bestaand.einddatum !== t.einddatum) {
        await db.query('UPDATE tarief SET eenheid = $2, bedrag_cents = $3, einddatum = $4 WHERE id = $1',
          [bestaand.id, t.eenheid, t.bedragCents.toString(), t.einddatum]);
        n.gewijzigd++;
      } else n.ongewijzigd++;
    } catch (e) {
      if ((e as { code?: string }).code === '23P01') {
        throw new Conflict(`tarief ${t.domein} ${t.productcategorie} ${t.productcode ?? '-'} vanaf ${t.ingangsdatum} overlapt met een bestaand tarief`);
      }
      throw e;
    }
  }
  return n;
}

interface RuwPlafond {
  id: number;
  jaar: number;
  agb_code: string;
  domein: DomeinCode;
  gemeente_code: string | null;
  budgetlijn_id: number | null;
  bedrag_cents: string;
}

const PLAFOND_SELECT = `SELECT p.id, p.jaar, a.agb_code, p.domein, p.gemeente_code, p.budgetlijn_id, p.bedrag_cents
  FROM budgetplafond p JOIN aanbieder a ON a.id = p.aanbieder_id`;

function naarPlafond(r: RuwPlafond): Budgetplafond {
  return {
    id: r.id, jaar: r.jaar, agbCode: r.agb_code, domein: r.domein, gemeenteCode: r.gemeente_code,
    budgetlijnId: r.budgetlijn_id, bedragCents: BigInt(r.bedrag_cents),
  };
}

export async function budgetplafonds(db: Db, filter: { jaar?: number; agbCode?: string } = {}): Promise<Budgetplafond[]> {
  const rijen = await sqlRijen<RuwPlafond>(
    db,
    `${PLAFOND_SELECT} WHERE ($1::int IS NULL OR p.jaar = $1) AND ($2::text IS NULL OR a.agb_code = $2)
      ORDER BY p.jaar, a.agb_code, p.domein, p.gemeente_code NULLS FIRST, p.budgetlijn_id NULLS FIRST`,
    [filter.jaar ?? null, filter.agbCode ?? null],
  );
  return rijen.map(naarPlafond);
}

export interface MutatieContext {
  reden: string;
  door: string;
  /** The date the change takes effect. */
  datum: Datum;
}

/**
 * Upserts plafonds keyed on (jaar, aanbieder, domein, gemeente, budgetlijn). A new plafond and
 * every changed amount get a mutation row with the context's reason; equal amounts change nothing.
 */
export async function upsertBudgetplafonds(db: Db, lijst: NieuwBudgetplafond[], ctx: MutatieContext): Promise<UpsertAantallen> {
  const n = nulAantallen();
  for (const p of lijst) {
    const a = await aanbiederOpAgb(db, p.agbCode);
    if (!a) throw new NietGevonden(`aanbieder ${p.agbCode} bestaat niet`);
    let budgetlijnId = p.budgetlijnId ?? null;
    if (p.budgetlijn) {
      const [l] = await sqlRijen<{ id: number }>(db, 'SELECT id FROM budgetlijn WHERE jaar = $1 AND domein = $2 AND code = $3', [p.jaar, p.domein, p.budgetlijn]);
      if (!l) throw new NietGevonden(`budgetlijn ${p.budgetlijn} bestaat niet voor ${p.domein} ${p.jaar}`);
      budgetlijnId = l.id;
    }
    const [bestaand] = await sqlRijen<{ id: number; bedrag_cents: string }>(
      db,
      `SELECT id, bedrag_cents FROM budgetplafond
        WHERE jaar = $1 AND aanbieder_id = $2 AND domein = $3 AND gemeente_code IS NOT DISTINCT FROM $4
          AND budgetlijn_id IS NOT DISTINCT FROM $5 FOR UPDATE`,
      [p.jaar, a.id, p.domein, p.gemeenteCode, budgetlijnId],
    );
    if (!bestaand) {
      const [{ id }] = await sqlRijen<{ id: number }>(
        db,
        `INSERT INTO budgetplafond (jaar, aanbieder_id, domein, gemeente_code, budgetlijn_id, bedrag_cents)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [p.jaar, a.id, p.domein, p.gemeenteCode, budgetlijnId, p.bedragCents.toString()],
      );
      await voegMutatieToe(db, id, null, p.bedragCents, ctx);
      n.nieuw++;
    } else if (BigInt(bestaand.bedrag_cents) !== p.bedragCents) {
      await zetPlafondBedrag(db, bestaand.id, BigInt(bestaand.bedrag_cents), p.bedragCents, ctx);
      n.gewijzigd++;
    } else n.ongewijzigd++;
  }
  return n;
}

/**
 * Changes one plafond's amount (a mid-year herverdeling, say) atomically: the new amount, a
 * mutation row with the old and new amount, and an audit entry.
 */
export async function wijzigBudgetplafond(ds: DataSource, id: number, bedragCents: Cents, ctx: MutatieContext): Promise<Budgetplafond> {
  return inTransactie(ds, async (tx) => {
    const [huidig] = await sqlRijen<{ bedrag_cents: string }>(tx, 'SELECT bedrag_cents FROM budgetplafond WHERE id = $1 FOR UPDATE', [id]);
    if (!huidig) throw new NietGevonden(`budgetplafond ${id} bestaat niet`);
    const oud = BigInt(huidig.bedrag_cents);
    await zetPlafondBedrag(tx, id, oud, bedragCents, ctx);
    await schrijfAudit(tx, {
      actor: ctx.door, action: 'budgetplafond.gewijzigd', entity: 'budgetplafond', entityId: String(id),
      details: { bedragOudCents: oud, bedragNieuwCents: bedragCents, reden: ctx.reden, datum: ctx.datum },
    });
    const [r] = await sqlRijen<RuwPlafond>(tx, `${PLAFOND_SELECT} WHERE p.id = $1`, [id]);
    return naarPlafond(r);
  });
}

/** The mutation history of a plafond, oldest first. */
export async function plafondMutaties(db: Db, budgetplafondId: number): Promise<PlafondMutatie[]> {
  const rijen = await sqlRijen<{
    id: string; budgetplafond_id: number; datum: Datum; bedrag_oud_cents: string | null; bedrag_nieuw_cents: string;
    reden: string; door: string; vastgelegd_op: Date;
  }>(db, 'SELECT * FROM budgetplafond_mutatie WHERE budgetplafond_id = $1 ORDER BY id', [budgetplafondId]);
  return rijen.map((r) => ({
    id: r.id, budgetplafondId: r.budgetplafond_id, datum: r.datum,
    bedragOudCents: r.bedrag_oud_cents === null ? null : BigInt(r.bedrag_oud_cents), bedragNieuwCents: BigInt(r.bedrag_nieuw_cents),
    reden: r.reden, door: r.door, vastgelegdOp: r.vastgelegd_op,
  }));
}

async function zetPlafondBedrag(db: Db, id: number, oud: Cents, nieuw: Cents, ctx: MutatieContext): Promise<void> {
  await db.query('UPDATE budgetplafond SET bedrag_cents = $2, bijgewerkt_op = now() WHERE id = $1', [id, nieuw.toString()]);
  await voegMutatieToe(db, id, oud, nieuw, ctx);
}

async function voegMutatieToe(db: Db, id: number, oud: Cents | null, nieuw: Cents, ctx: MutatieContext): Promise<void> {
  await db.query(
    `INSERT INTO budgetplafond_mutatie (budgetplafond_id, datum, bedrag_oud_cents, bedrag_nieuw_cents, reden, door)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, ctx.datum, oud === null ? null : oud.toString(), nieuw.toString(), ctx.reden, ctx.door],
  );
}

/**
 * Where a plafond applies: a year, an aanbieder, a domein, optionally one gemeente (null: all gemeenten) and one
 * budgetlijn by its code (null or absent: not split per budgetlijn).
 */
export interface PlafondSleutel {
  jaar: number;
  agbCode: string;
  domein: DomeinCode;
  gemeenteCode: string | null;
  budgetlijn?: string | null;
}

/** The plafond with exactly this key, locked for a change, or null. */
export async function zoekBudgetplafond(db: Db, k: PlafondSleutel, opties: { voorWijziging?: boolean } = {}): Promise<Budgetplafond | null> {
  const [r] = await sqlRijen<RuwPlafond>(
    db,
    `${PLAFOND_SELECT} WHERE p.jaar = $1 AND a.agb_code = $2 AND p.domein = $3 AND p.gemeente_code IS NOT DISTINCT FROM $4
        AND (CASE WHEN $5::text IS NULL THEN p.budgetlijn_id IS NULL
                  ELSE p.budgetlijn_id = (SELECT b.id FROM budgetlijn b WHERE b.jaar = $1 AND b.domein = $3 AND b.code = $5) END)
      ${opties.voorWijziging ? 'FOR UPDATE OF p' : ''}`,
    [k.jaar, k.agbCode, k.domein, k.gemeenteCode, k.budgetlijn ?? null],
  );
  return r ? naarPlafond(r) : null;
}

/** A budgetlijn (perceel) of a domein and year: its budget and the productcategorieën it covers. */
export interface NieuweBudgetlijn {
  jaar: number;
  domein: DomeinCode;
  code: string;
  naam: string;
  bedragCents: Cents;
  productcategorieen: string[];
}

export interface Budgetlijn extends NieuweBudgetlijn {
  id: number;
}

/** The budgetlijnen, optionally of one year, with their categories; by year, domein, code. */
export async function budgetlijnen(db: Db, filter: { jaar?: number } = {}): Promise<Budgetlijn[]> {
  const rijen = await sqlRijen<{ id: number; jaar: number; domein: DomeinCode; code: string; naam: string; bedrag_cents: string; categorieen: string[] }>(
    db,
    `SELECT b.id, b.jaar, b.domein, b.code, b.naam, b.bedrag_cents::text,
            coalesce((SELECT array_agg(c.productcategorie::text ORDER BY c.productcategorie) FROM budgetlijn_categorie c WHERE c.budgetlijn_id = b.id), '{}') AS categorieen
       FROM budgetlijn b WHERE ($1::int IS NULL OR b.jaar = $1) ORDER BY b.jaar, b.domein, b.code`,
    [filter.jaar ?? null],
  );
  return rijen.map((r) => ({
    id: r.id, jaar: r.jaar, domein: r.domein, code: r.code, naam: r.naam, bedragCents: BigInt(r.bedrag_cents), productcategorieen: r.categorieen,
  }));
}

/**
 * Upserts budgetlijnen keyed on (domein, jaar, code) and sets the categories of each to the ones given. A category on
 * another budgetlijn of the same domein and year that this batch does not move is refused by name. Where the category
 * map of a domein and year changed, its per-budgetlijn figures are recomputed (`budget_lijn_herbouw`), under a lock on
 * the map: bookings that read the old map finish first, new ones wait for the new one.
 */
export async function upsertBudgetlijnen(db: Db, lijst: NieuweBudgetlijn[]): Promise<UpsertAantallen & { herbouwd: string[] }> {
  if (!(db instanceof Transactie)) return inTransactie(db, (tx) => upsertBudgetlijnen(tx, lijst));
  const n = { ...nulAantallen(), herbouwd: [] as string[] };
  if (!lijst.length) return n;
  await db.query('LOCK TABLE budgetlijn_categorie IN ACCESS EXCLUSIVE MODE');
  const geraakt = new Set<string>();
  const ids: number[] = [];
  for (const b of lijst) {
    const [r] = await sqlRijen<{ id: number; nieuw: boolean; veranderd: boolean }>(
      db,
      `WITH oud AS (SELECT naam, bedrag_cents FROM budgetlijn WHERE domein = $1 AND jaar = $2 AND code = $3)
       INSERT INTO budgetlijn AS b (domein, jaar, code, naam, bedrag_cents) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (domein, jaar, code) DO UPDATE SET naam = EXCLUDED.naam, bedrag_cents = EXCLUDED.bedrag_cents
       RETURNING b.id, (SELECT count(*) = 0 FROM oud) AS nieuw,
                 (SELECT o.naam IS DISTINCT FROM $4 OR o.bedrag_cents IS DISTINCT FROM $5::bigint FROM oud o) AS veranderd`,
      [b.domein, b.jaar, b.code, b.naam, b.bedragCents.toString()],
    );
    ids.push(r.id);
    const [c] = await sqlRijen<{ was: string[] }>(
      db, `SELECT coalesce(array_agg(productcategorie::text ORDER BY productcategorie), '{}') AS was FROM budgetlijn_categorie WHERE budgetlijn_id = $1`, [r.id]);
    const nieuw = [...b.productcategorieen].sort();
    const categorieenAnders = c.was.join(',') !== nieuw.join(',');
    if (categorieenAnders) geraakt.add(`${b.domein}|${b.jaar}`);
    if (r.nieuw) n.nieuw++;
    else if (r.veranderd || categorieenAnders) n.gewijzigd++;
    else n.ongewijzigd++;
  }
  // The map of the lijnen in the batch replaced as a whole, so a category may move between two of them.
  await db.query('DELETE FROM budgetlijn_categorie WHERE budgetlijn_id = ANY($1::int[])', [ids]);
  for (let i = 0; i < lijst.length; i++) {
    const b = lijst[i];
    for (const cat of b.productcategorieen) {
      const [bezet] = await sqlRijen<{ code: string }>(
        db,
        `SELECT l.code FROM budgetlijn_categorie c JOIN budgetlijn l ON l.id = c.budgetlijn_id WHERE c.domein = $1 AND c.jaar = $2 AND c.productcategorie = $3`,
        [b.domein, b.jaar, cat],
      );
      if (bezet) throw new Conflict(`productcategorie ${cat} staat al op budgetlijn ${bezet.code} (${b.domein} ${b.jaar}); een categorie hoort bij één budgetlijn`);
      await db.query('INSERT INTO budgetlijn_categorie (budgetlijn_id, domein, jaar, productcategorie) VALUES ($1, $2, $3, $4)', [ids[i], b.domein, b.jaar, cat]);
    }
  }
  for (const k of [...geraakt].sort()) {
    const [domein, jaar] = k.split('|');
    await db.query('SELECT budget_lijn_herbouw($1, $2)', [domein, Number(jaar)]);
    n.herbouwd.push(`${domein} ${jaar}`);
  }
  return n;
}

export interface PlafondMutatieInvoer extends MutatieContext {
  /** Signed change in cents. */
  mutatie: Cents;
  /** Links the two mutations of one herverdeling. */
  herverdelingId?: string | null;
  /** A mutation read from a file carries a key, so reading the file again adds nothing. */
  importSleutel?: string | null;
}

/**
 * Adds a signed amount to a plafond (run in the caller's transaction, the plafond locked by `zoekBudgetplafond`):
 * the new amount and a mutation row with date, old and new amount, reason and who. A result below zero is refused;
 * a mutation whose import key is known changes nothing and returns null.
 */
export async function muteerBudgetplafond(db: Db, plafond: Budgetplafond, m: PlafondMutatieInvoer): Promise<{ oud: Cents; nieuw: Cents; mutatieId: string } | null> {
  if (m.importSleutel) {
    const [bekend] = await sqlRijen(db, 'SELECT 1 FROM budgetplafond_mutatie WHERE import_sleutel = $1', [m.importSleutel]);
    if (bekend) return null;
  }
  const oud = plafond.bedragCents;
  const nieuw = oud + m.mutatie;
  if (nieuw < 0n) {
    throw new Conflict(`plafond ${plafond.jaar} ${plafond.agbCode} ${plafond.domein}${plafond.gemeenteCode ? ` gemeente ${plafond.gemeenteCode}` : ''} zou negatief worden (${oud} + ${m.mutatie} cent)`);
  }
  await db.query('UPDATE budgetplafond SET bedrag_cents = $2, bijgewerkt_op = now() WHERE id = $1', [plafond.id, nieuw.toString()]);
  const [r] = await sqlRijen<{ id: string }>(
    db,
    `INSERT INTO budgetplafond_mutatie (budgetplafond_id, datum, bedrag_oud_cents, bedrag_nieuw_cents, reden, door, herverdeling_id, import_sleutel)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text`,
    [plafond.id, m.datum, oud.toString(), nieuw.toString(), m.reden, m.door, m.herverdelingId ?? null, m.importSleutel ?? null],
  );
  plafond.bedragCents = nieuw;
  return { oud, nieuw, mutatieId: r.id };
}

/** Sets the plafond policy of aanbieders' contracts (per year and domein); returns the counts. */
export async function upsertContracten(db: Db, lijst: { jaar: number; agbCode: string; domein: DomeinCode; beleid: PlafondBeleid }[]): Promise<UpsertAantallen> {
  const n = nulAantallen();
  for (const c of lijst) {
    const a = await aanbiederOpAgb(db, c.agbCode);
    if (!a) throw new NietGevonden(`aanbieder ${c.agbCode} bestaat niet`);
    const rijen = await sqlRijen<{ nieuw: boolean }>(
      db,
      `INSERT INTO contract (aanbieder_id, domein, jaar, plafond_beleid) VALUES ($1, $2, $3, $4::plafond_beleid)
       ON CONFLICT (aanbieder_id, domein, jaar) DO UPDATE SET plafond_beleid = EXCLUDED.plafond_beleid
         WHERE contract.plafond_beleid IS DISTINCT FROM EXCLUDED.plafond_beleid
       RETURNING (xmax = 0) AS nieuw`,
      [a.id, c.domein, c.jaar, c.beleid],
    );
    if (rijen.length === 0) n.ongewijzigd++;
    else if (rijen[0].nieuw) n.nieuw++;
    else n.gewijzigd++;
  }
  return n;
}
