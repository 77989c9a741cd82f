import type { Datum } from '@plafond/core';
import type { Stamdata } from './repositories/declaraties';
import type { Gemeente, Tarief } from './types';

/**
 * The master data prepared for the rules: tariffs by domein and product, products per domein, gemeenten. One
 * index serves the declaratie decisions (TR418, TR381) and the OHW check (`bedrag_eur` = volume x contract tariff).
 */
export interface StamdataIndex {
  versie: string;
  /** TR418: the contract tariff valid on a date, the aanbieder's own before the regional one. */
  tarief(domein: string, agbCode: string, categorie: string, code: string | undefined, datum: Datum): Tarief | undefined;
  /** TR381: a product (`categorie|code`) with a tariff in the domein, of any aanbieder. */
  product(domein: string, categorie: string, code: string): boolean;
  /** The product codes of a category with a tariff in the domein (an aspecifieke toewijzing's choices). */
  productcodes(domein: string, categorie: string): string[];
  gemeente(cbsCode: string): Gemeente | undefined;
}

/** Builds the index of the master data read by `leesStamdata` (or sent along by `declaratieContext`). */
export function stamdataIndex(s: Stamdata): StamdataIndex {
  const perProduct = new Map<string, Tarief[]>();
  const perCategorie = new Map<string, Set<string>>();
  for (const t of s.tarieven) {
    const k = `${t.domein}|${t.productcategorie}|${t.productcode ?? ''}`;
    const lijst = perProduct.get(k);
    if (lijst) lijst.push(t);
    else perProduct.set(k, [t]);
    if (t.productcode !== null) {
      const c = `${t.domein}|${t.productcategorie}`;
      const codes = perCategorie.get(c) ?? new Set<string>();
      codes.add(t.productcode);
      perCategorie.set(c, codes);
    }
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
    productcodes: (domein, cat) => [...(perCategorie.get(`${domein}|${cat}`) ?? [])].sort(),
    gemeente: (code) => gemeenten.get(code),
  };
}
