import type { Cents, Datum } from '@plafond/core';
import { sqlRijen, type Db } from '@plafond/db';
import { toegewezenInJaar, type TariefOpDatum } from './toegewezen';

interface TwRij {
  id: string;
  aanbieder_id: number;
  agb_code: string;
  gemeente_code: string;
  domein: string;
  productcategorie: string | null;
  productcode: string | null;
  ingangsdatum: Datum;
  einddatum: Datum | null;
  omvang_volume: number | null;
  omvang_eenheid: string | null;
  omvang_frequentie: string | null;
  budget_cents: string | null;
  status: string;
  reden_wijziging: string | null;
}

interface TariefRij {
  domein: string;
  productcategorie: string;
  productcode: string | null;
  eenheid: string;
  bedrag_cents: string;
  ingangsdatum: Datum;
  einddatum: Datum | null;
  agb_code: string | null;
}

const TW_KOLOMMEN = `t.id::text AS id, t.aanbieder_id, a.agb_code, t.gemeente_code, t.domein, t.productcategorie, t.productcode, t.ingangsdatum,
  t.einddatum, t.omvang_volume, t.omvang_eenheid, t.omvang_frequentie, t.budget_cents::text AS budget_cents, t.status, t.reden_wijziging`;

/** The tariffs of the products the toewijzingen name, as a lookup: the aanbieder's own before the regional, by validity. */
async function tariefIndex(db: Db, rijen: TwRij[]): Promise<(t: TwRij) => TariefOpDatum> {
  const cats = [...new Set(rijen.flatMap((r) => (r.productcategorie ? [`${r.domein}|${r.productcategorie}`] : [])))];
  const tarieven = cats.length
    ? await sqlRijen<TariefRij>(
      db,
      `SELECT t.domein, t.productcategorie, t.productcode, t.eenheid, t.bedrag_cents::text AS bedrag_cents, t.ingangsdatum, t.einddatum, a.agb_code
         FROM tarief t LEFT JOIN aanbieder a ON a.id = t.aanbieder_id WHERE (t.domein || '|' || t.productcategorie) = ANY($1::text[])`,
      [cats],
    )
    : [];
  const perProduct = new Map<string, TariefRij[]>();
  for (const t of tarieven) {
    const k = `${t.domein}|${t.productcategorie}|${t.productcode ?? ''}`;
    perProduct.set(k, [...(perProduct.get(k) ?? []), t]);
  }
  return (tw) => (d) => {
    if (!tw.productcategorie) return undefined;
    // A product code's own tariff first, then the category's; within each the aanbieder's own before the regional.
    for (const code of tw.productcode ? [tw.productcode, ''] : ['']) {
      const lijst = perProduct.get(`${tw.domein}|${tw.productcategorie}|${code}`) ?? [];
      const geldig = lijst.filter((t) => t.ingangsdatum <= d && (t.einddatum === null || t.einddatum >= d) && (t.agb_code === null || t.agb_code === tw.agb_code));
      geldig.sort((a, b) => Number(a.agb_code === null) - Number(b.agb_code === null));
      if (geldig[0]) return { bedrag: BigInt(geldig[0].bedrag_cents), eenheid: geldig[0].eenheid };
    }
    return undefined;
  };
}

/** The years a toewijzing's figures are kept for: from its ingangsdatum to its einddatum, an open one into the next year. */
function jarenVan(r: TwRij, extra: number | undefined): number[] {
  const van = Number(r.ingangsdatum.slice(0, 4));
  const tot = r.einddatum ? Number(r.einddatum.slice(0, 4)) : van + 1;
  const jaren = new Set<number>();
  for (let j = van; j <= tot; j++) jaren.add(j);
  if (extra !== undefined && extra >= van && (r.einddatum === null || extra <= tot)) jaren.add(extra);
  return [...jaren];
}

/** The rows of `toewijzing_maand` for toewijzingen, as the positional JSON the statement reads. */
async function berekenRijen(db: Db, rijen: TwRij[], jaar?: number): Promise<unknown[][]> {
  const index = await tariefIndex(db, rijen);
  const uit: unknown[][] = [];
  for (const r of rijen) {
    const tarief = index(r);
    const omvang = r.omvang_volume === null ? null : { volume: Number(r.omvang_volume), eenheid: r.omvang_eenheid ?? '', frequentie: r.omvang_frequentie ?? '' };
    const invoer = {
      ingangsdatum: r.ingangsdatum, einddatum: r.einddatum, omvang, budget: r.budget_cents === null ? null : BigInt(r.budget_cents),
      vervallen: r.status === 'ingetrokken' || r.reden_wijziging === '13',
    };
    for (const j of jaar === undefined ? jarenVan(r, undefined) : [jaar]) {
      const t = toegewezenInJaar(invoer, j, tarief);
      t.perMaand.forEach((bedrag: Cents, i) => {
        const instroom = t.instroomMaand === i + 1 && !invoer.vervallen;
        if (bedrag === 0n && !instroom) return;
        uit.push([r.id, j, i + 1, r.aanbieder_id, r.gemeente_code, r.domein, r.productcategorie, bedrag.toString(),
          instroom ? 1 : 0, instroom ? t.instroomBedrag.toString() : '0', instroom ? t.maandbedrag.toString() : '0']);
      });
    }
  }
  return uit;
}

const SCHRIJF_SQL = `
INSERT INTO toewijzing_maand (toewijzing_id, jaar, maand, aanbieder_id, gemeente_code, domein, productcategorie, toegewezen_cents,
  instroom_aantal, instroom_cents, instroom_maand_cents)
SELECT (r->>0)::bigint, (r->>1)::int, (r->>2)::smallint, (r->>3)::int, r->>4, r->>5, r->>6, (r->>7)::bigint, (r->>8)::int, (r->>9)::bigint, (r->>10)::bigint
  FROM jsonb_array_elements($1::jsonb) r`;

/**
 * Brings what the given toewijzingen allow per month (`toewijzing_maand`, rolled up into `budget_maand` by its trigger)
 * in line with their current state. Run in the transaction that stored them: a new, changed, ended or withdrawn
 * toewijzing moves verplichtingen, verzilvering and instroom at once.
 */
export async function werkToewijzingMaandenBij(db: Db, toewijzingIds: string[]): Promise<void> {
  if (!toewijzingIds.length) return;
  const rijen = await sqlRijen<TwRij>(db, `SELECT ${TW_KOLOMMEN} FROM toewijzing t JOIN aanbieder a ON a.id = t.aanbieder_id WHERE t.id = ANY($1::bigint[])`, [toewijzingIds]);
  await sqlRijen(db, 'DELETE FROM toewijzing_maand WHERE toewijzing_id = ANY($1::bigint[])', [toewijzingIds]);
  const nieuw = await berekenRijen(db, rijen);
  if (nieuw.length) await sqlRijen(db, SCHRIJF_SQL, [JSON.stringify(nieuw)]);
}

/**
 * Recomputes what every toewijzing running in `jaar` allows in that year — after a tariff import, or to fill a
 * database migrated with toewijzingen already in it. Returns the number of toewijzingen.
 */
export async function herberekenToewijzingMaanden(db: Db, jaar: number): Promise<number> {
  const rijen = await sqlRijen<TwRij>(
    db,
    `SELECT ${TW_KOLOMMEN} FROM toewijzing t JOIN aanbieder a ON a.id = t.aanbieder_id
      WHERE t.ingangsdatum <= make_date($1, 12, 31) AND (t.einddatum IS NULL OR t.einddatum >= make_date($1, 1, 1))`,
    [jaar],
  );
  await sqlRijen(db, 'DELETE FROM toewijzing_maand WHERE jaar = $1', [jaar]);
  for (let i = 0; i < rijen.length; i += 2000) {
    const deel = await berekenRijen(db, rijen.slice(i, i + 2000), jaar);
    if (deel.length) await sqlRijen(db, SCHRIJF_SQL, [JSON.stringify(deel)]);
  }
  return rijen.length;
}

/** After a tariff import: recomputes every year that holds figures of toewijzingen (what they allow depends on the tariffs). */
export async function herberekenNaTariefwijziging(db: Db): Promise<void> {
  const jaren = await sqlRijen<{ jaar: number }>(db, 'SELECT DISTINCT jaar FROM toewijzing_maand ORDER BY jaar');
  for (const { jaar } of jaren) await herberekenToewijzingMaanden(db, jaar);
}
