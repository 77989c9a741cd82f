import type { Cents, Datum, Melding } from '@plafond/core';
import { EENHEID, type Bekostiging, type Domein, type Omvang, type Product, type Toewijzing, type ToewijzingVariant } from './typen';

/** RedenWijziging 13: verwijderd (einddatum = ingangsdatum; the toewijzing counts as never sent). */
export const REDEN_VERWIJDERD = '13';

/** One ToegewezenProduct of a received JW301/WMO301, as plain data. */
export interface ToegewezenProductInvoer {
  toewijzingNummer: string;
  referentieAanbieder?: string;
  product?: Product;
  toewijzingsdatum: Datum;
  ingangsdatum: Datum;
  einddatum?: Datum;
  redenWijziging?: string;
  omvang?: Omvang;
  budget?: Cents;
}

/** State the lead preloads for one ToegewezenProduct; all lookups are synchronous. */
export interface ToewijzingContext {
  gemeente: string;
  domein: Domein;
  /** AGB-code of the aanbieder the 301 is addressed to. */
  aanbieder: string;
  bsn: string;
  /** Earlier versions for (gemeente, domein, toewijzingNummer), oldest first; the last is current. */
  versies: readonly Toewijzing[];
  /** TR385: the toewijzing has granted prestaties that are not credited. */
  heeftToegekendePrestaties: boolean;
  /** TR379: a VOT/VOW with this ReferentieAanbieder was received from the aanbieder. */
  verzoekOntvangen(referentieAanbieder: string): boolean;
  /** TR379: a toewijzing with another number already honoured this ReferentieAanbieder. */
  referentieAlGehonoreerd(referentieAanbieder: string): boolean;
  /** TR378: the gemeente code is in the CBS list on the date. Absent: not checked. */
  gemeenteGeldig?(gemeente: string, datum: Datum): boolean;
  /** TR381: the product code belongs to the category in the product code list. Absent: not checked. */
  productCodeGeldig?(categorie: string, code: string, datum: Datum): boolean;
}

export type ToewijzingMutatie = 'nieuw' | 'verkort' | 'verlengd' | 'gewijzigd' | 'verwijderd';

export interface ToewijzingVerwerking {
  geaccepteerd: boolean;
  /** Every finding, each with its retourcode; empty when accepted. */
  meldingen: Melding[];
  /** The new current state (undefined when rejected). */
  toewijzing?: Toewijzing;
  /** What changed against the previous current state. */
  mutatie?: {
    soort: ToewijzingMutatie;
    einddatum?: { oud?: Datum; nieuw?: Datum };
    budget?: { oud?: Cents; nieuw?: Cents };
  };
}

/** Specifiek when a ProductCode is given, aspecifiek with only a Categorie, generiek without Product. */
export function variantVan(product: Product | undefined): ToewijzingVariant {
  if (!product) return 'generiek';
  return product.code ? 'specifiek' : 'aspecifiek';
}

/**
 * Uitvoeringsvariant from the eenheid: 82 output, 83 taakgericht (euro's), 84 and the time units
 * inspanning. Without Omvang a Budget means taakgericht; otherwise it follows from the contract
 * (undefined here).
 */
export function bekostigingVan(omvang: Omvang | undefined, budget: Cents | undefined): Bekostiging | undefined {
  if (!omvang) return budget !== undefined ? 'taakgericht' : undefined;
  if (omvang.eenheid === EENHEID.stuksOutput) return 'output';
  if (omvang.eenheid === EENHEID.euros) return 'taakgericht';
  return 'inspanning';
}

function zelfdeOmvang(a: Omvang | undefined, b: Omvang | undefined): boolean {
  return a?.volume === b?.volume && a?.eenheid === b?.eenheid && a?.frequentie === b?.frequentie;
}

/**
 * Applies one received ToegewezenProduct to the registry: a first 301 for a number creates the
 * toewijzing; a later one is a wijziging only when it carries RedenWijziging (TR332) and keeps
 * everything but einddatum and budget; RedenWijziging 13 removes it (TR385 guards granted
 * prestaties). A removed number stays spent. Collects every finding.
 */
export function verwerkToegewezenProduct(invoer: ToegewezenProductInvoer, ctx: ToewijzingContext): ToewijzingVerwerking {
  const meldingen: Melding[] = [];
  const pad = `ToegewezenProduct[${invoer.toewijzingNummer}]`;
  const melding = (regel: string, retourcode: string, tekst: string, veld = '') =>
    meldingen.push({ pad: veld ? `${pad}.${veld}` : pad, regel, retourcode, tekst });
  const huidig = ctx.versies.at(-1);

  if (ctx.gemeenteGeldig && !ctx.gemeenteGeldig(ctx.gemeente, invoer.ingangsdatum)) {
    melding('TR378', 'S300', `gemeentecode ${ctx.gemeente} staat niet in de CBS-lijst op ${invoer.ingangsdatum}`);
  }
  if (invoer.product?.code && ctx.productCodeGeldig && !ctx.productCodeGeldig(invoer.product.categorie, invoer.product.code, invoer.ingangsdatum)) {
    melding('TR381', 'S329', `productcode ${invoer.product.code} past niet bij categorie ${invoer.product.categorie}`, 'Product');
  }

  if (invoer.referentieAanbieder !== undefined) {
    const ref = invoer.referentieAanbieder;
    const overgenomen = huidig?.referentieAanbieder === ref;
    if (!overgenomen && (!ctx.verzoekOntvangen(ref) || ctx.referentieAlGehonoreerd(ref))) {
      melding('TR379', '9379', 'ReferentieAanbieder alleen bij de eerste honorering van een VOT/VOW', 'ReferentieAanbieder');
    }
  }

  let soort: ToewijzingMutatie = 'nieuw';
  if (huidig) {
    if (invoer.redenWijziging === undefined) {
      melding('TR332', '9332', 'ToewijzingNummer is al gebruikt binnen gemeente en domein; een wijziging vraagt RedenWijziging', 'ToewijzingNummer');
    } else if (huidig.verwijderd) {
      melding('TR332', '9332', 'toewijzing is verwijderd (RedenWijziging 13); het nummer kan niet opnieuw gebruikt worden', 'ToewijzingNummer');
    } else {
      const afwijkend = [
        huidig.aanbieder !== ctx.aanbieder && 'aanbieder',
        huidig.bsn !== ctx.bsn && 'client',
        (huidig.product?.categorie !== invoer.product?.categorie || huidig.product?.code !== invoer.product?.code) && 'product',
        huidig.ingangsdatum !== invoer.ingangsdatum && 'ingangsdatum',
        !zelfdeOmvang(huidig.omvang, invoer.omvang) && 'omvang',
      ].filter((x): x is string => typeof x === 'string');
      if (afwijkend.length > 0) {
        melding('TR332', '9332', `een wijziging mag alleen einddatum en budget aanpassen; afwijkend: ${afwijkend.join(', ')}`, 'ToewijzingNummer');
      }
      if (invoer.redenWijziging === REDEN_VERWIJDERD) {
        soort = 'verwijderd';
        if (invoer.einddatum !== invoer.ingangsdatum) {
          melding('JZ002', '0001', 'bij RedenWijziging 13 is de einddatum gelijk aan de ingangsdatum', 'Einddatum');
        }
        if (ctx.heeftToegekendePrestaties) {
          melding('TR385', '9385', 'toewijzing heeft goedgekeurde, niet gecrediteerde prestaties en kan niet verwijderd worden', 'RedenWijziging');
        }
      } else if (huidig.einddatum !== invoer.einddatum) {
        const oud = huidig.einddatum;
        const nieuw = invoer.einddatum;
        soort = nieuw === undefined || (oud !== undefined && nieuw > oud) ? 'verlengd' : 'verkort';
      } else {
        soort = 'gewijzigd';
      }
    }
  }

  if (meldingen.length > 0) return { geaccepteerd: false, meldingen };

  const toewijzing: Toewijzing = {
    gemeente: ctx.gemeente,
    domein: ctx.domein,
    toewijzingNummer: invoer.toewijzingNummer,
    aanbieder: ctx.aanbieder,
    bsn: ctx.bsn,
    toewijzingsdatum: invoer.toewijzingsdatum,
    ingangsdatum: invoer.ingangsdatum,
    variant: variantVan(invoer.product),
    verwijderd: soort === 'verwijderd',
    ...(invoer.referentieAanbieder !== undefined && { referentieAanbieder: invoer.referentieAanbieder }),
    ...(invoer.product && { product: { ...invoer.product } }),
    ...(invoer.einddatum !== undefined && { einddatum: invoer.einddatum }),
    ...(invoer.redenWijziging !== undefined && { redenWijziging: invoer.redenWijziging }),
    ...(invoer.omvang && { omvang: { ...invoer.omvang } }),
    ...(invoer.budget !== undefined && { budget: invoer.budget }),
  };
  const bekostiging = bekostigingVan(invoer.omvang, invoer.budget);
  if (bekostiging) toewijzing.bekostiging = bekostiging;

  const mutatie: NonNullable<ToewijzingVerwerking['mutatie']> = { soort };
  if (huidig && huidig.einddatum !== invoer.einddatum) mutatie.einddatum = { oud: huidig.einddatum, nieuw: invoer.einddatum };
  if (huidig && huidig.budget !== invoer.budget) mutatie.budget = { oud: huidig.budget, nieuw: invoer.budget };
  return { geaccepteerd: true, meldingen, toewijzing, mutatie };
}
