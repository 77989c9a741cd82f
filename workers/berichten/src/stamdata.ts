import type { Datum } from '@plafond/core';
import type { DataSource, Gemeente, Stamdata, Tarief } from '@plafond/db';

/** The master data prepared for the rules: tariffs by domein and product, products per domein, gemeenten. */
export interface StamdataIndex {
  versie: string;
  /** TR418: the contract tariff valid on a date, the aanbieder's own before the regional one. */
  tarief(domein: string, agbCode: string, categorie: string, code: string | undefined, datum: Datum): Tarief | undefined;
  /**
   * TR381: the product (`categorie|code`) is on the region's product code list — the products its contracts
   * price, for any aanbieder and period. The region keeps no dated product list of its own (the `product`
   * table is not filled by the import), so the date is not narrowed further: a product contracted only from
   * April is on the list in March too, and its missing March tariff is TR418's 0611.
   */
  product(domein: string, categorie: string, code: string, datum: Datum): boolean;
  gemeente(cbsCode: string): Gemeente | undefined;
}

function indexVan(s: Stamdata): StamdataIndex {
  const perProduct = new Map<string, Tarief[]>();
  for (const t of s.tarieven) {
    const k = `${t.domein}|${t.productcategorie}|${t.productcode ?? ''}`;
    const lijst = perProduct.get(k);
    if (lijst) lijst.push(t);
    else perProduct.set(k, [t]);
  }
  const gemeenten = new Map(s.gemeenten.map((g) => [g.cbsCode, g]));
  const geldig = (t: Tarief, d: Datum) => t.ingangsdatum <= d && (t.einddatum === null || d <= t.einddatum);
  return {
    versie: s.versie,
    tarief: (domein, agb, cat, code, d) => {
      const kandidaten = perProduct.get(`${domein}|${cat}|${code ?? ''}`) ?? [];
      return kandidaten.find((t) => t.agbCode === agb && geldig(t, d)) ?? kandidaten.find((t) => t.agbCode === null && geldig(t, d));
    },
    product: (domein, cat, code) => perProduct.has(`${domein}|${cat}|${code}`),
    gemeente: (code) => gemeenten.get(code),
  };
}

/**
 * The master data a process decides with, kept between messages: the context statement reads its version,
 * and the data is read again only when that moved (an import), so every message reads the version, not the data.
 */
export class StamdataCache {
  private index: StamdataIndex | null = null;

  /** The version held, to ask the database with (null: none yet). */
  get versie(): string | null {
    return this.index?.versie ?? null;
  }

  /** The index for a decision: the database's newer master data when it sent some, else the one held. */
  bij(nieuw: Stamdata | null): StamdataIndex {
    if (nieuw) this.index = indexVan(nieuw);
    if (!this.index) throw new Error('stamdata ontbreekt: de database stuurde geen versie');
    return this.index;
  }
}

const caches = new WeakMap<DataSource, StamdataCache>();

/** The cache of one database (a process may talk to several, tests do). */
export function stamdataCacheVoor(ds: DataSource): StamdataCache {
  let c = caches.get(ds);
  if (!c) caches.set(ds, (c = new StamdataCache()));
  return c;
}
