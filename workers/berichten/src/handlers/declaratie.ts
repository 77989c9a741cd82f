import { addDays, Conflict, datumParts, type Cents, type Datum, type Melding } from '@plafond/core';
import {
  boekAangehoudenBesluit, declaratieContext, maandenMetLevering, nieuwUitgaandId, plafondStand, verstuurBericht,
  type DeclaratieVoorBesluit, type GeboektePrestatie, type NieuwePrestatie, type PlafondScope, type ToewijzingStand, type Transactie,
} from '@plafond/db';
import {
  beslisAangehouden, beslisDeclaratie, bouwDeclaratieAntwoord, maandenInPeriode, type BeslisContext, type DeclaratieBeslissing, type DeclaratieInvoer,
  type EerderePrestatie, type Frequentie, type PrestatieBeslissing, type Toewijzing,
} from '@plafond/declaratie';
import {
  schrijfDeclaratie, type DeclaratieAntwoordClient, type DeclaratieAntwoordKop, type DeclaratieClient, type DeclaratieKop, type Domein, type XsdVersie,
} from '@plafond/istandaard';
import { gemeenteHeader, xsdVersieVan } from '../antwoord';
import type { HandlerUitkomst, VerwerkContext } from '../context';
import { leesBericht } from '../lees';

/** JW323/WMO323 as plain data for the decision rules. */
function naarInvoer(kop: DeclaratieKop, clienten: DeclaratieClient[]): DeclaratieInvoer {
  const d = kop.declaratie;
  const h = kop.header;
  return {
    afzender: h.afzender, ontvanger: h.ontvanger, domein: kop.domein,
    berichtIdentificatie: h.berichtIdentificatie.identificatie, dagtekening: h.berichtIdentificatie.dagtekening,
    declaratieNummer: d.declaratieNummer, declaratiePeriode: d.declaratiePeriode, declaratieDagtekening: d.declaratieDagtekening,
    totaalIngediendBedrag: { bedrag: d.totaalIngediendBedrag.totaalBedrag, debetCredit: d.totaalIngediendBedrag.debetCredit },
    clienten: clienten.map((c) => ({
      bsn: c.bsn,
      prestaties: c.prestaties.map((p) => ({
        referentieNummer: p.productReferentie.referentieNummer,
        vorigReferentieNummer: p.productReferentie.vorigReferentieNummer,
        toewijzingNummer: String(p.toewijzingNummer),
        productCategorie: p.productCategorie,
        productCode: p.productCode,
        productPeriode: p.productPeriode,
        geleverdVolume: p.geleverdVolume,
        eenheid: p.eenheid,
        productTarief: p.productTarief,
        ingediendBedrag: p.ingediendBedrag,
      })),
    })),
  };
}

function naarToewijzing(t: ToewijzingStand): Toewijzing {
  return {
    gemeente: t.gemeente, domein: t.domein, toewijzingNummer: t.toewijzingNummer, aanbieder: t.aanbiederAgb, bsn: t.bsn,
    referentieAanbieder: t.referentieAanbieder ?? undefined,
    product: t.productcategorie ? { categorie: t.productcategorie, code: t.productcode ?? undefined } : undefined,
    toewijzingsdatum: t.toewijzingsdatum, ingangsdatum: t.ingangsdatum, einddatum: t.einddatum ?? undefined,
    redenWijziging: t.redenWijziging ?? undefined,
    omvang: t.omvang ? { volume: t.omvang.volume, eenheid: t.omvang.eenheid, frequentie: t.omvang.frequentie as Frequentie } : undefined,
    budget: t.budget ?? undefined, variant: t.variant, bekostiging: t.bekostiging ?? undefined, verwijderd: t.redenWijziging === '13',
  };
}

function naarEerdere(p: GeboektePrestatie): EerderePrestatie {
  return {
    referentieNummer: p.referentieNummer, vorigReferentieNummer: p.vorigReferentieNummer ?? undefined, toewijzingNummer: p.toewijzingNummer ?? '',
    productCategorie: p.productcategorie, productCode: p.productcode ?? undefined,
    productPeriode: { begindatum: p.periodeBegin, einddatum: p.periodeEind }, geleverdVolume: p.volume, eenheid: p.eenheid,
    ingediendBedrag: { bedrag: p.ingediend, debetCredit: p.debetCredit }, beslissing: p.beslissing, gecrediteerd: p.gecrediteerd,
  };
}

/**
 * Builds the rules' context from the database: one statement for the toewijzingen the declaratie names,
 * the earlier prestaties on them and by reference number, clients and the budget policy
 * (`declaratieContext`); tariffs and gemeenten from the process's master data, read again only after an
 * import; TR318's months with care and the plafond's stand only when they matter.
 */
async function laadContext(ctx: VerwerkContext, invoer: DeclaratieInvoer): Promise<{ bc: BeslisContext; toewijzingen: Map<string, ToewijzingStand>; clientIds: Map<string, string> }> {
  const { tx, aanbieder, domein, gemeente } = ctx;
  const prestaties = invoer.clienten.flatMap((c) => c.prestaties);
  const jaar = datumParts(invoer.declaratiePeriode.einddatum).jaar;
  const data = await declaratieContext(tx, {
    aanbiederId: aanbieder.id, domein, gemeente, declaratieNummer: invoer.declaratieNummer, jaar, periodeBegin: invoer.declaratiePeriode.begindatum,
    toewijzingNummers: [...new Set(prestaties.map((p) => p.toewijzingNummer))],
    referentieNummers: [...new Set(prestaties.flatMap((p) => (p.vorigReferentieNummer ? [p.referentieNummer, p.vorigReferentieNummer] : [p.referentieNummer])))],
    bsns: invoer.clienten.map((c) => c.bsn), stamdataVersie: ctx.stamdata.versie,
  });
  const stamdata = ctx.stamdata.bij(data.stamdata);
  // TR318: only the months between the latest earlier declaratieperiode and this one matter.
  const eerder = data.vorigePeriode?.einddatum;
  const gat = eerder ? { begindatum: addDays(eerder, 1), einddatum: addDays(invoer.declaratiePeriode.begindatum, -1) } : null;
  const metLevering = gat && gat.begindatum <= gat.einddatum ? await maandenMetLevering(tx, aanbieder.id, gemeente, domein, maandenInPeriode(gat)) : new Set<string>();
  const toewijzingen = new Map(data.toewijzingen.map((t) => [t.toewijzingNummer, t]));
  const opToewijzing = new Map<string, EerderePrestatie[]>();
  for (const p of data.opToewijzing) {
    const nr = p.toewijzingNummer ?? '';
    const lijst = opToewijzing.get(nr);
    if (lijst) lijst.push(naarEerdere(p));
    else opToewijzing.set(nr, [naarEerdere(p)]);
  }
  const refMap = new Map(data.perReferentie.map((p) => [p.referentieNummer, naarEerdere(p)]));

  const beleid = data.beleid;
  let budgetBeleid: BeslisContext['budgetBeleid'];
  if (beleid === 'aanhouden' || beleid === 'afwijzen') {
    // Each prestatie against the plafonds of its own ProductPeriode year and scope (its gemeente's, and the one over
    // all gemeenten; over all budgetlijnen or the budgetlijn of its productcategorie), from the aggregates; the
    // amounts granted in this message count as they go.
    const jaren = [...new Set(prestaties.map((p) => datumParts(p.productPeriode.begindatum).jaar))];
    const stand = new Map<number, PlafondScope[]>();
    for (const j of jaren) stand.set(j, await plafondStand(tx, { aanbiederId: aanbieder.id, domein, gemeente, jaar: j }));
    budgetBeleid = (p, bedrag) => {
      const scopes = (stand.get(datumParts(p.productPeriode.begindatum).jaar) ?? [])
        .filter((s) => s.productcategorieen === null || s.productcategorieen.includes(p.productCategorie));
      if (scopes.some((s) => s.realisatie + bedrag > s.plafond)) return beleid === 'aanhouden' ? 'aanhouden' : 'afwijzen';
      for (const s of scopes) s.realisatie += bedrag;
      return 'toekennen';
    };
  }

  const bc: BeslisContext = {
    berichtAlOntvangen: false,
    declaratieNummerBekend: data.declaratieNummerBekend,
    vorigeDeclaratiePeriodes: data.vorigePeriode ? [data.vorigePeriode] : [],
    zorgGeleverdIn: (maand) => metLevering.has(maand),
    toewijzing: (nr) => {
      const t = toewijzingen.get(nr);
      return t ? naarToewijzing(t) : undefined;
    },
    prestatie: (ref) => refMap.get(ref),
    prestatiesOpToewijzing: (nr) => opToewijzing.get(nr) ?? [],
    contractTarief: (cat, code, d) => {
      const t = stamdata.tarief(domein, aanbieder.agbCode, cat, code, d);
      return t ? { tarief: t.bedragCents, eenheid: t.eenheid } : undefined;
    },
    // TR381 on the region's product code list: the products its contracts price, for any aanbieder and period.
    // The region keeps no dated product list of its own (the import does not fill `product`), so the date is not
    // narrowed further: a product contracted only from April is on the list in March too (its March tariff is TR418's).
    productCodeGeldig: (cat, code) => stamdata.product(domein, cat, code),
    gemeenteGeldig: (code, d) => {
      const g = stamdata.gemeente(code);
      return !!g && (g.geldigVan === null || g.geldigVan <= d) && (g.geldigTot === null || d < g.geldigTot);
    },
    termijnLateDeclaratie: { maanden: ctx.lateTermijnMaanden, ontvangstdatum: ctx.ontvangstdatum },
    budgetBeleid,
  };
  return { bc, toewijzingen, clientIds: data.clientIds };
}

function codesVan(meldingen: Melding[]): string[] {
  return [...new Set(meldingen.map((m) => m.retourcode ?? '0001'))];
}

/** Who answers whom, under which identification, and the declaratie's XsdVersie (for XsdVersieDeclaratie). */
interface AntwoordAdres {
  domein: Domein;
  gemeente: string;
  agbCode: string;
  identificatie: string;
  dagtekening: Datum;
  xsdVersieDeclaratie: XsdVersie;
}

/**
 * The JW325/WMO325 model from the answer content: the one piece that writes every declaratie-antwoord,
 * whether the declaratie was decided at once or after the back office decided its held prestaties.
 */
function antwoordModel(a: AntwoordAdres, inhoud: ReturnType<typeof bouwDeclaratieAntwoord>): { kop: DeclaratieAntwoordKop; clienten: DeclaratieAntwoordClient[] } {
  const type = a.domein === 'JW' ? 'JW325' : 'WMO325';
  const header = {
    ...gemeenteHeader(a.gemeente, a.agbCode, a.identificatie, a.dagtekening),
    declaratieIdentificatie: inhoud.declaratieIdentificatie,
    xsdVersieDeclaratie: a.xsdVersieDeclaratie,
    retourCodes: inhoud.headerRetourcodes,
  } as DeclaratieAntwoordKop['header'];
  const da = inhoud.declaratieAntwoord;
  const kop: DeclaratieAntwoordKop = {
    domein: a.domein, type, header,
    declaratieAntwoord: da && {
      declaratieNummer: da.declaratieNummer,
      // Echoed from the declaratie, except that 0 is always debet (CS325): a declaratie rejected for a
      // "0 C" total must not get an answer that breaks the same rule.
      totaalIngediendBedrag: { totaalBedrag: da.totaalIngediendBedrag.bedrag, debetCredit: da.totaalIngediendBedrag.bedrag === 0n ? 'D' : da.totaalIngediendBedrag.debetCredit },
      totaalToegekendBedrag: { totaalBedrag: da.totaalToegekendBedrag.bedrag, debetCredit: da.totaalToegekendBedrag.debetCredit },
      retourCodes: da.retourcodes,
    },
  };
  const clienten: DeclaratieAntwoordClient[] = (da?.clienten ?? []).map((c) => ({
    bsn: c.bsn,
    retourCodes: c.retourcodes,
    prestaties: c.prestaties.map((p) => ({
      productReferentie: { referentieNummer: p.referentieNummer, vorigReferentieNummer: p.vorigReferentieNummer },
      toewijzingNummer: Number(p.toewijzingNummer),
      productCategorie: p.productCategorie,
      productCode: p.productCode!,
      productPeriode: p.productPeriode,
      geleverdVolume: p.geleverdVolume,
      eenheid: p.eenheid,
      productTarief: p.productTarief,
      ingediendBedrag: p.ingediendBedrag,
      retourCodes: p.retourcodes,
    })),
  })) as DeclaratieAntwoordClient[];
  return { kop, clienten };
}

/**
 * A declaratie (JW323/WMO323): decided by every cross-message rule, booked once, answered with a 325.
 * A declaratie that fails an in-message rule is rejected whole (0001 at DeclaratieAntwoord level) and
 * books nothing; one with held prestaties (plafond policy 'aanhouden') is booked and answered after the
 * back office decides.
 */
export async function verwerkDeclaratie(ctx: VerwerkContext): Promise<HandlerUitkomst> {
  const { kop, clienten } = ctx.gelezen.declaratie!;
  const invoer = naarInvoer(kop, clienten);
  const aantal = invoer.clienten.reduce((n, c) => n + c.prestaties.length, 0);
  let beslissing: DeclaratieBeslissing;
  let toewijzingen = new Map<string, ToewijzingStand>();
  let clientIds = new Map<string, string>();
  if (ctx.gelezen.regelMeldingen.length) {
    beslissing = {
      headerRetourcodes: [], declaratieRetourcodes: codesVan(ctx.gelezen.regelMeldingen), meldingen: ctx.gelezen.regelMeldingen,
      prestaties: [], totaalToegekendBedrag: { bedrag: 0n, debetCredit: 'D' }, volledigToegekend: false,
      boeking: { boeken: false, toegekend: [], afgewezen: [], aangehouden: [], gecrediteerdeDebets: [] },
    };
  } else {
    const geladen = await laadContext(ctx, invoer);
    toewijzingen = geladen.toewijzingen;
    clientIds = geladen.clientIds;
    beslissing = beslisDeclaratie(invoer, geladen.bc);
  }

  const details: Record<string, unknown> = {
    prestaties: aantal,
    toegekend: beslissing.boeking.toegekend.length,
    afgewezen: beslissing.boeking.boeken ? beslissing.boeking.afgewezen.length : aantal,
    aangehouden: beslissing.boeking.aangehouden.length,
    totaalToegekendCents: beslissing.totaalToegekendBedrag.bedrag.toString(),
  };
  const vastgehouden = beslissing.boeking.aangehouden.length > 0;
  let boeking: HandlerUitkomst['boeking'];
  if (beslissing.boeking.boeken) {
    const prestaties: NieuwePrestatie[] = beslissing.prestaties.map((b) => {
      const p = invoer.clienten[b.clientIndex].prestaties[b.prestatieIndex];
      const t = toewijzingen.get(p.toewijzingNummer);
      const eigen = t && t.aanbiederAgb === ctx.aanbieder.agbCode ? t : undefined;
      return {
        clientId: clientIds.get(b.bsn) ?? null, toewijzingId: eigen?.id ?? null, toewijzingNummer: p.toewijzingNummer,
        referentieNummer: p.referentieNummer, vorigReferentieNummer: p.vorigReferentieNummer ?? null,
        productcategorie: p.productCategorie, productcode: p.productCode ?? null,
        periodeBegin: p.productPeriode.begindatum, periodeEind: p.productPeriode.einddatum, volume: p.geleverdVolume, eenheid: p.eenheid,
        tarief: p.productTarief ?? null, ingediend: p.ingediendBedrag.bedrag, debetCredit: p.ingediendBedrag.debetCredit,
        toegekend: b.beslissing === 'toegekend' ? (b.toegekendBedrag < 0n ? -b.toegekendBedrag : b.toegekendBedrag) : null,
        beslissing: b.beslissing, retourcodes: b.retourcodes,
      };
    });
    boeking = {
      declaratie: {
        aanbiederId: ctx.aanbieder.id, gemeente: ctx.gemeente, domein: ctx.domein,
        declaratieNummer: invoer.declaratieNummer, periodeBegin: invoer.declaratiePeriode.begindatum, periodeEind: invoer.declaratiePeriode.einddatum,
        dagtekening: invoer.declaratieDagtekening, totaalIngediend: invoer.totaalIngediendBedrag.bedrag, ingediendDebetCredit: invoer.totaalIngediendBedrag.debetCredit,
        totaalToegekend: vastgehouden ? null : beslissing.totaalToegekendBedrag.bedrag, toegekendDebetCredit: vastgehouden ? null : beslissing.totaalToegekendBedrag.debetCredit,
        status: vastgehouden ? 'in_behandeling' : 'beantwoord',
      },
      prestaties,
      gecrediteerdeRefs: beslissing.boeking.gecrediteerdeDebets,
    };
  }
  const meldingen = [...beslissing.meldingen, ...beslissing.prestaties.flatMap((p) => p.meldingen)];
  const retourcodes = [...beslissing.headerRetourcodes, ...beslissing.declaratieRetourcodes, ...beslissing.prestaties.flatMap((p) => p.retourcodes)];
  if (vastgehouden) {
    // Answered once the back office has decided the held prestaties (within 10 werkdagen).
    return { status: 'verwerkt', retourcodes, meldingen, boeking, details: { ...details, wachtOpBeslissing: true } };
  }
  const inhoud = bouwDeclaratieAntwoord(invoer, beslissing);
  const antwoord = antwoordModel({
    domein: ctx.domein, gemeente: ctx.gemeente, agbCode: ctx.aanbieder.agbCode, identificatie: ctx.antwoordIdentificatie,
    dagtekening: ctx.peildatum, xsdVersieDeclaratie: xsdVersieVan(ctx),
  }, inhoud);
  const status = beslissing.boeking.boeken ? 'verwerkt' : 'afgewezen';
  if (beslissing.volledigToegekend) retourcodes.push('8001');
  return { status, retourcodes, meldingen, antwoord: { soort: 'declaratie-antwoord', ...antwoord }, boeking, details };
}

/** The back office's decision on one held prestatie, by its ReferentieNummer. */
export type AangehoudenBesluitSoort = 'toekennen' | 'afwijzen';

export interface AangehoudenUitkomst {
  /** The 325 in the aanbieder's mailbox, once nothing is held any more. */
  antwoordId: string | null;
  toegekend: string[];
  afgewezen: string[];
  /** ReferentieNummers still held (no decision given for them yet). */
  nogAangehouden: string[];
  totaalToegekend: { bedrag: Cents; debetCredit: 'D' | 'C' } | null;
}

/**
 * Decides held prestaties of a booked declaratie (budgetplafond policy `aanhouden`) and, when none is held
 * any more, answers it: the stored 323 is read again, its booked decisions restored in document order, the
 * back office's decisions applied (`beslisAangehouden`) and the 325 built by `bouwDeclaratieAntwoord` and
 * the same model writer as a declaratie decided at once — so the answer is the one it would have had. Runs
 * in the caller's transaction (which holds the aanbieder's slot); the prestatie rows are updated in place.
 */
export async function beantwoordAangehouden(
  tx: Transactie,
  d: DeclaratieVoorBesluit,
  besluiten: ReadonlyMap<string, AangehoudenBesluitSoort>,
  opties: { peildatum: Datum; retourcodeAfwijzing?: string },
): Promise<AangehoudenUitkomst> {
  if (d.status !== 'in_behandeling') throw new Conflict(`declaratie ${d.declaratieNummer} heeft geen aangehouden prestaties (status ${d.status})`);
  const gelezen = await leesBericht(d.inhoud);
  if (!gelezen.declaratie) throw new Error(`declaratie ${d.id}: het opgeslagen bericht is geen geldige declaratie`);
  const invoer = naarInvoer(gelezen.declaratie.kop, gelezen.declaratie.clienten);
  const items = invoer.clienten.flatMap((c, clientIndex) => c.prestaties.map((p, prestatieIndex) => ({ c, clientIndex, p, prestatieIndex })));
  if (items.length !== d.prestaties.length) throw new Error(`declaratie ${d.id}: ${items.length} prestaties in het bericht, ${d.prestaties.length} geboekt`);
  // The booking wrote the prestaties in document order; their decisions are restored in that order.
  const geboekt: PrestatieBeslissing[] = items.map(({ c, clientIndex, p, prestatieIndex }, i) => {
    const rij = d.prestaties[i];
    if (rij.referentieNummer !== p.referentieNummer) throw new Error(`declaratie ${d.id}: prestatie ${i} is ${rij.referentieNummer}, het bericht zegt ${p.referentieNummer}`);
    const bedrag = rij.toegekend ?? 0n;
    return {
      pad: `Clienten[${clientIndex}].Prestaties[${prestatieIndex}]`, clientIndex, prestatieIndex, bsn: c.bsn, referentieNummer: p.referentieNummer,
      debetCredit: p.ingediendBedrag.debetCredit, beslissing: rij.beslissing, retourcodes: [...rij.retourcodes], meldingen: [],
      toegekendBedrag: rij.beslissing === 'toegekend' ? (p.ingediendBedrag.debetCredit === 'C' ? -bedrag : bedrag) : 0n,
    };
  });
  const aangehouden = new Set(geboekt.filter((b) => b.beslissing === 'aangehouden').map((b) => b.referentieNummer));
  const onbekend = [...besluiten.keys()].filter((r) => !aangehouden.has(r));
  if (onbekend.length) throw new Conflict(`geen aangehouden prestatie met ReferentieNummer ${onbekend.join(', ')} in declaratie ${d.declaratieNummer}`);

  const vooraf = { headerRetourcodes: [], declaratieRetourcodes: [], meldingen: [], prestaties: geboekt } as unknown as DeclaratieBeslissing;
  const beslissing = beslisAangehouden(vooraf, besluiten, invoer, opties.retourcodeAfwijzing ?? '9369');
  const beslist = beslissing.prestaties.flatMap((b, i) => (aangehouden.has(b.referentieNummer) && b.beslissing !== 'aangehouden' ? [{ b, rij: d.prestaties[i] }] : []));
  const nogAangehouden = beslissing.prestaties.filter((b) => b.beslissing === 'aangehouden').map((b) => b.referentieNummer);

  let antwoord: { berichtId: string; totaalToegekend: Cents; debetCredit: 'D' | 'C' } | null = null;
  if (nogAangehouden.length === 0) {
    const inhoud = bouwDeclaratieAntwoord(invoer, beslissing);
    const uit = await nieuwUitgaandId(tx);
    const model = antwoordModel({
      domein: invoer.domein, gemeente: d.gemeente, agbCode: d.agbCode, identificatie: uit.identificatie, dagtekening: opties.peildatum,
      xsdVersieDeclaratie: {
        basisschemaXsdVersie: gelezen.kop.basisschemaXsdVersie ?? '1.0.0', berichtXsdVersie: gelezen.kop.berichtXsdVersie ?? '1.0.0',
      },
    }, inhoud);
    const delen: string[] = [];
    schrijfDeclaratie(model.kop, model.clienten, (c) => delen.push(c));
    await verstuurBericht(tx, {
      id: uit.id, inhoud: delen.join(''), aanbiederId: d.aanbiederId, correlationId: d.correlationId,
      kop: { berichttype: model.kop.type, berichtcode: null, afzender: d.gemeente, ontvanger: d.agbCode, identificatie: uit.identificatie, dagtekening: opties.peildatum },
    }, d.berichtId);
    antwoord = { berichtId: uit.id, totaalToegekend: beslissing.totaalToegekendBedrag.bedrag, debetCredit: beslissing.totaalToegekendBedrag.debetCredit };
  }
  await boekAangehoudenBesluit(tx, {
    declaratieId: d.id,
    prestaties: beslist.map(({ b, rij }) => ({
      id: rij.id, periodeBegin: rij.periodeBegin, beslissing: b.beslissing as 'toegekend' | 'afgewezen',
      toegekend: b.beslissing === 'toegekend' ? (b.toegekendBedrag < 0n ? -b.toegekendBedrag : b.toegekendBedrag) : null, retourcodes: b.retourcodes,
    })),
    antwoord,
  });
  return {
    antwoordId: antwoord?.berichtId ?? null,
    toegekend: beslist.filter((x) => x.b.beslissing === 'toegekend').map((x) => x.b.referentieNummer),
    afgewezen: beslist.filter((x) => x.b.beslissing === 'afgewezen').map((x) => x.b.referentieNummer),
    nogAangehouden,
    totaalToegekend: antwoord && { bedrag: antwoord.totaalToegekend, debetCredit: antwoord.debetCredit },
  };
}
