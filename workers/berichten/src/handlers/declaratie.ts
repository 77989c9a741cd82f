import { addDays, datumParts, type Melding } from '@plafond/core';
import {
  declaratieContext, maandenMetLevering, plafondStand, type GeboektePrestatie, type NieuwePrestatie, type PlafondScope, type ToewijzingStand,
} from '@plafond/db';
import {
  beslisDeclaratie, bouwDeclaratieAntwoord, maandenInPeriode, type BeslisContext, type DeclaratieBeslissing, type DeclaratieInvoer,
  type EerderePrestatie, type Frequentie, type Toewijzing,
} from '@plafond/declaratie';
import type { DeclaratieAntwoordClient, DeclaratieAntwoordKop, DeclaratieClient, DeclaratieKop } from '@plafond/istandaard';
import { gemeenteHeader, xsdVersieVan } from '../antwoord';
import type { HandlerUitkomst, VerwerkContext } from '../context';

/** JW323/WMO323 as plain data for the decision rules. */
function naarInvoer(ctx: VerwerkContext, kop: DeclaratieKop, clienten: DeclaratieClient[]): DeclaratieInvoer {
  const d = kop.declaratie;
  return {
    afzender: ctx.kop.afzender, ontvanger: ctx.kop.ontvanger, domein: ctx.domein,
    berichtIdentificatie: ctx.kop.identificatie, dagtekening: ctx.kop.dagtekening,
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
    // all gemeenten), from the aggregate; the amounts granted in this message count as they go.
    const jaren = [...new Set(prestaties.map((p) => datumParts(p.productPeriode.begindatum).jaar))];
    const stand = new Map<number, PlafondScope[]>();
    for (const j of jaren) stand.set(j, await plafondStand(tx, { aanbiederId: aanbieder.id, domein, gemeente, jaar: j }));
    budgetBeleid = (p, bedrag) => {
      const scopes = stand.get(datumParts(p.productPeriode.begindatum).jaar) ?? [];
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
    productCodeGeldig: (cat, code) => stamdata.product(domein, cat, code),
    gemeenteGeldig: (code, d) => {
      const g = stamdata.gemeente(code);
      return !!g && (g.geldigVan === null || g.geldigVan <= d) && (g.geldigTot === null || d < g.geldigTot);
    },
    termijnLateDeclaratie: { maanden: ctx.lateTermijnMaanden },
    budgetBeleid,
  };
  return { bc, toewijzingen, clientIds: data.clientIds };
}

function codesVan(meldingen: Melding[]): string[] {
  return [...new Set(meldingen.map((m) => m.retourcode ?? '0001'))];
}

/** The JW325/WMO325 model from the answer content. */
function antwoordModel(ctx: VerwerkContext, inhoud: ReturnType<typeof bouwDeclaratieAntwoord>): { kop: DeclaratieAntwoordKop; clienten: DeclaratieAntwoordClient[] } {
  const type = ctx.domein === 'JW' ? 'JW325' : 'WMO325';
  const header = {
    ...gemeenteHeader(ctx.gemeente, ctx.aanbieder.agbCode, ctx.antwoordIdentificatie, ctx.peildatum),
    declaratieIdentificatie: inhoud.declaratieIdentificatie,
    xsdVersieDeclaratie: xsdVersieVan(ctx),
    retourCodes: inhoud.headerRetourcodes,
  } as DeclaratieAntwoordKop['header'];
  const da = inhoud.declaratieAntwoord;
  const kop: DeclaratieAntwoordKop = {
    domein: ctx.domein, type, header,
    declaratieAntwoord: da && {
      declaratieNummer: da.declaratieNummer,
      totaalIngediendBedrag: { totaalBedrag: da.totaalIngediendBedrag.bedrag, debetCredit: da.totaalIngediendBedrag.debetCredit },
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
  const invoer = naarInvoer(ctx, kop, clienten);
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
  const antwoord = antwoordModel(ctx, inhoud);
  const status = beslissing.boeking.boeken ? 'verwerkt' : 'afgewezen';
  if (beslissing.volledigToegekend) retourcodes.push('8001');
  return { status, retourcodes, meldingen, antwoord: { soort: 'declaratie-antwoord', ...antwoord }, boeking, details };
}
