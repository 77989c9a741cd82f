import { pseudoniem, type Melding } from '@plafond/core';
import {
  gemeenten, huidigeToewijzingen, legToewijzingVast, productCategorieenVanCodes, toewijzingenMetToegekendePrestaties,
  toewijzingNummersOpReferentie, upsertClient, verzoekenOpReferentie, verzoekGehonoreerd, type Gemeente, type ToewijzingRij,
} from '@plafond/db';
import {
  verwerkToegewezenProduct, type Frequentie, type Toewijzing, type ToewijzingContext, type ToewijzingMutatie,
} from '@plafond/declaratie';
import { werkToewijzingMaandenBij } from '@plafond/bewaking';
import type { Bericht301, ToegewezenProduct } from '@plafond/istandaard';
import type { HandlerUitkomst, VerwerkContext } from '../context';
import { GEEN_OPMERKING } from './retour';

const PRODUCT_PAD = '/Bericht/Client/ToegewezenProducten/ToegewezenProduct';

function naarToewijzing(t: ToewijzingRij): Toewijzing {
  return {
    gemeente: t.gemeente, domein: t.domein, toewijzingNummer: t.toewijzingNummer, aanbieder: t.aanbiederAgb, bsn: t.bsn,
    ...(t.referentieAanbieder !== null && { referentieAanbieder: t.referentieAanbieder }),
    ...(t.productcategorie !== null && { product: { categorie: t.productcategorie, ...(t.productcode !== null && { code: t.productcode }) } }),
    toewijzingsdatum: t.toewijzingsdatum, ingangsdatum: t.ingangsdatum,
    ...(t.einddatum !== null && { einddatum: t.einddatum }),
    ...(t.redenWijziging !== null && { redenWijziging: t.redenWijziging }),
    ...(t.omvang && { omvang: { volume: t.omvang.volume, eenheid: t.omvang.eenheid, frequentie: t.omvang.frequentie as Frequentie } }),
    ...(t.budget !== null && { budget: t.budget }),
    variant: t.variant,
    ...(t.bekostiging !== null && { bekostiging: t.bekostiging }),
    verwijderd: t.status === 'ingetrokken',
  };
}

function geldigOp(g: Gemeente | undefined, d: string): boolean {
  return g !== undefined && (g.geldigVan === null || g.geldigVan <= d) && (g.geldigTot === null || d < g.geldigTot);
}

const STATUS_NA: Record<ToewijzingMutatie, 'actief' | 'gewijzigd' | 'ingetrokken'> = {
  nieuw: 'actief', verkort: 'gewijzigd', verlengd: 'gewijzigd', gewijzigd: 'gewijzigd', verwijderd: 'ingetrokken',
};

/**
 * JW301/WMO301, the gemeente's toewijzing from its case system: registers the client and every
 * ToegewezenProduct the registry rules accept (new current state + version snapshot), and forwards the
 * accepted toewijzingen to the aanbieder. A message failing an in-message rule registers nothing.
 */
export async function verwerkToewijzing(ctx: VerwerkContext): Promise<HandlerUitkomst> {
  const bericht = ctx.gelezen.model as Bericht301;
  const producten = bericht.client.toegewezenProducten;
  const regelMeldingen = ctx.gelezen.regelMeldingen;
  if (regelMeldingen.length) {
    return {
      status: 'afgewezen', retourcodes: regelMeldingen.map((m) => m.retourcode ?? '0001'), meldingen: regelMeldingen,
      details: { nieuw: 0, gewijzigd: 0, verwijderd: 0, afgewezen: producten.length, doorgestuurd: false },
    };
  }
  const { tx, domein, gemeente, aanbieder } = ctx;
  const client = bericht.client;
  const clientId = await upsertClient(tx, { bsn: client.bsn, pseudoniem: pseudoniem(client.bsn, ctx.pseudoniemSleutel), geboortedatum: client.geboortedatum.datum });

  const nummers = producten.map((p) => String(p.toewijzingNummer));
  const refs = [...new Set(producten.flatMap((p) => (p.referentieAanbieder === undefined ? [] : [p.referentieAanbieder])))];
  const codes = [...new Set(producten.flatMap((p) => (p.product?.code ? [p.product.code] : [])))];
  const huidig = new Map((await huidigeToewijzingen(tx, gemeente, domein, nummers)).map((t) => [t.toewijzingNummer, t]));
  const metPrestaties = await toewijzingenMetToegekendePrestaties(tx, [...huidig.values()].map((t) => t.id));
  const verzoekRefs = new Set((await verzoekenOpReferentie(tx, aanbieder.id, domein, refs)).map((v) => v.referentieAanbieder));
  // Loaded before this message books anything: products of one 301 honouring one VOW may share its reference.
  const gehonoreerd = await toewijzingNummersOpReferentie(tx, aanbieder.id, domein, refs);
  const categorieenVanCode = await productCategorieenVanCodes(tx, domein, codes);
  const gem = (await gemeenten(tx)).find((g) => g.cbsCode === gemeente);

  const meldingen: Melding[] = [];
  const geaccepteerd: ToegewezenProduct[] = [];
  const telling = { nieuw: 0, gewijzigd: 0, verwijderd: 0, afgewezen: 0 };
  for (const [i, p] of producten.entries()) {
    const pad = `${PRODUCT_PAD}[${i + 1}]`;
    const nummer = String(p.toewijzingNummer);
    const vorige = huidig.get(nummer);
    const tc: ToewijzingContext = {
      gemeente, domein, aanbieder: aanbieder.agbCode, bsn: client.bsn,
      // Only the current state decides a wijziging; the older versions are history in toewijzing_versie.
      versies: vorige ? [naarToewijzing(vorige)] : [],
      heeftToegekendePrestaties: vorige !== undefined && metPrestaties.has(vorige.id),
      verzoekOntvangen: (ref) => verzoekRefs.has(ref),
      referentieAlGehonoreerd: (ref) => (gehonoreerd.get(ref) ?? []).some((n) => n !== nummer),
      gemeenteGeldig: (_g, d) => geldigOp(gem, d),
      // Judged only for codes the region's product list knows: a code filed under another category does not fit.
      productCodeGeldig: (categorie, code) => (categorieenVanCode.get(code) ?? [categorie]).includes(categorie),
    };
    const v = verwerkToegewezenProduct({
      toewijzingNummer: nummer, referentieAanbieder: p.referentieAanbieder, product: p.product, toewijzingsdatum: p.toewijzingsdatum,
      ingangsdatum: p.ingangsdatum, einddatum: p.einddatum, redenWijziging: p.redenWijziging, omvang: p.omvang, budget: p.budget,
    }, tc);
    const bevindingen = v.meldingen.map((m) => ({ ...m, pad: pad + m.pad.slice(m.pad.indexOf(']') + 1).replace('.', '/') }));
    // The registry refuses a period that ends before it starts (toewijzing CHECK); the standard has no own code for it.
    if (p.einddatum !== undefined && p.einddatum < p.ingangsdatum) {
      bevindingen.push({ pad: `${pad}/Einddatum`, regel: 'TR018', tekst: `Einddatum ${p.einddatum} ligt voor Ingangsdatum ${p.ingangsdatum}`, retourcode: '0001' });
    }
    if (!v.geaccepteerd || bevindingen.length) {
      meldingen.push(...bevindingen);
      telling.afgewezen++;
      continue;
    }
    const t = v.toewijzing!;
    const soort = v.mutatie!.soort;
    const vastgelegd = await legToewijzingVast(tx, {
      toewijzingNummer: nummer, gemeente, domein, aanbiederId: aanbieder.id, clientId,
      referentieAanbieder: t.referentieAanbieder ?? null, productcategorie: t.product?.categorie ?? null, productcode: t.product?.code ?? null,
      toewijzingsdatum: t.toewijzingsdatum, toewijzingstijd: p.toewijzingstijd, ingangsdatum: t.ingangsdatum, einddatum: t.einddatum ?? null,
      redenWijziging: t.redenWijziging ?? null, omvang: t.omvang ?? null, budget: t.budget ?? null, commentaar: p.commentaar ?? null,
      variant: t.variant, bekostiging: t.bekostiging ?? null, status: STATUS_NA[soort],
    }, ctx.bericht.id);
    // What it allows per month (verplichtingen, verzilvering, instroom) moves in the same transaction.
    await werkToewijzingMaandenBij(tx, [vastgelegd.id]);
    if (t.referentieAanbieder !== undefined && t.referentieAanbieder !== vorige?.referentieAanbieder) {
      await verzoekGehonoreerd(tx, aanbieder.id, domein, t.referentieAanbieder);
    }
    telling[soort === 'nieuw' ? 'nieuw' : soort === 'verwijderd' ? 'verwijderd' : 'gewijzigd']++;
    geaccepteerd.push(p);
  }

  const retourcodes = meldingen.length ? meldingen.map((m) => m.retourcode ?? '0001') : [GEEN_OPMERKING];
  if (!geaccepteerd.length) {
    return { status: 'afgewezen', retourcodes, meldingen, details: { ...telling, doorgestuurd: false } };
  }
  // The aanbieder gets what the registry holds: a refused product would let it declare on a toewijzing that is
  // not there. The copy is a message of its own (fresh identificatie) so the aanbieder's 302 can point at it.
  const doorgestuurd: Bericht301 = {
    ...bericht,
    header: { ...bericht.header, berichtIdentificatie: { identificatie: ctx.antwoordIdentificatie, dagtekening: ctx.peildatum } },
    client: { ...client, toegewezenProducten: geaccepteerd },
  };
  return {
    status: 'verwerkt', retourcodes, meldingen, antwoord: { soort: 'bericht', bericht: doorgestuurd },
    details: { ...telling, doorgestuurd: true },
  };
}
