import { addDays, addMonths, endOfMonth, type Cents, type Datum, type Maand, type Melding } from '@plafond/core';
import {
  berekendBedrag,
  eenheidFactor,
  iv077Maximum,
  maandenInPeriode,
  overlapt,
  volumeOverLooptijd,
  volumeOverschrijding,
  type VolumeClaim,
} from './periode';
import { bekostigingVan } from './toewijzing';
import { EENHEID, type BedragMetDC, type DebetCredit, type Domein, type GeslotenPeriode, type Toewijzing } from './typen';

/** One Prestatie of a JW323/WMO323, as plain data. */
export interface PrestatieInvoer {
  referentieNummer: string;
  vorigReferentieNummer?: string;
  toewijzingNummer: string;
  productCategorie: string;
  productCode?: string;
  productPeriode: GeslotenPeriode;
  geleverdVolume: number;
  eenheid: string;
  productTarief?: Cents;
  ingediendBedrag: BedragMetDC;
}

export interface ClientInvoer {
  bsn: string;
  prestaties: PrestatieInvoer[];
}

/** A received JW323/WMO323 that passed schema and in-message validation, as plain data. */
export interface DeclaratieInvoer {
  /** AGB-code of the aanbieder. */
  afzender: string;
  /** CBS code of the gemeente. */
  ontvanger: string;
  domein: Domein;
  berichtIdentificatie: string;
  dagtekening: Datum;
  declaratieNummer: string;
  declaratiePeriode: GeslotenPeriode;
  declaratieDagtekening: Datum;
  totaalIngediendBedrag: BedragMetDC;
  clienten: ClientInvoer[];
}

export type Beslissing = 'toegekend' | 'afgewezen' | 'aangehouden';

/** A prestatie booked from an earlier declaratie of the same aanbieder and domein. */
export interface EerderePrestatie extends Omit<PrestatieInvoer, 'productTarief'> {
  beslissing: Beslissing;
  /** For a debet: a granted credit refers to it. */
  gecrediteerd: boolean;
}

export interface ContractTarief {
  tarief: Cents;
  /** WJ756 eenheid the tariff is per. */
  eenheid: string;
}

export type BudgetBesluit = 'toekennen' | 'aanhouden' | 'afwijzen';

/**
 * Everything `beslisDeclaratie` needs from the database, preloaded in bulk by the caller and
 * answered synchronously. Every lookup is already scoped to the declaratie's aanbieder (afzender),
 * gemeente (ontvanger) and domein.
 */
export interface BeslisContext {
  /** TR056: this BerichtIdentificatie was already received from this afzender for this berichtsoort. */
  berichtAlOntvangen: boolean;
  /** TR333: the DeclaratieNummer is already known for this aanbieder and domein. */
  declaratieNummerBekend: boolean;
  /** TR318: DeclaratiePeriodes of earlier (booked) declaraties of this aanbieder for this gemeente and domein. */
  vorigeDeclaratiePeriodes: readonly GeslotenPeriode[];
  /**
   * TR318: whether the aanbieder delivered care in a month (from OHW, start/stop or active
   * toewijzingen). Absent: a gap between declaratieperiodes cannot be judged and is accepted.
   */
  zorgGeleverdIn?(maand: Maand): boolean;
  /** Current state by ToewijzingNummer (gemeente + domein), also when addressed to another aanbieder. */
  toewijzing(toewijzingNummer: string): Toewijzing | undefined;
  /** TR314/TR323/TR390: an earlier prestatie of this aanbieder and domein by ReferentieNummer. */
  prestatie(referentieNummer: string): EerderePrestatie | undefined;
  /**
   * Earlier prestaties on a toewijzing: at least every debet that is granted or held and not credited
   * (the only ones that use its volume and budget); others may be included and are ignored.
   */
  prestatiesOpToewijzing(toewijzingNummer: string): readonly EerderePrestatie[];
  /** TR341/TR418: the contract tariff valid on the date, aanbieder-specific before regional. */
  contractTarief(productCategorie: string, productCode: string | undefined, datum: Datum): ContractTarief | undefined;
  /**
   * TR381: the product code belongs to the category in the product code list valid on the date. Judged
   * on its own: an unknown product gets S329, not also TR418's 0611 for its missing tariff.
   */
  productCodeGeldig(productCategorie: string, productCode: string, datum: Datum): boolean;
  /** TR378: the gemeente code is in the CBS list on the date (for a 323: see {@link tr378Datum}). */
  gemeenteGeldig(gemeente: string, datum: Datum): boolean;
  /**
   * Late declaraties: a prestatie whose ProductPeriode ended more than `maanden` months before the
   * message was received (`ontvangstdatum`) is rejected with `retourcode` (default 9319, see README). The
   * aanbieder's own DeclaratieDagtekening does not count: it could date a late declaratie back.
   */
  termijnLateDeclaratie?: { maanden: number; retourcode?: string; ontvangstdatum: Datum };
  /**
   * Budgetplafond policy, asked once per debet that passed every rule, in processing order (the
   * function may keep a running total). Crisis products are never held nor rejected by it.
   */
  budgetBeleid?(prestatie: PrestatieInvoer, toegekendBedrag: Cents): BudgetBesluit;
  /** Crisis products; default: Jeugd categorie 46, Wmo categorie 17. */
  isCrisis?(prestatie: PrestatieInvoer): boolean;
  /** Retourcode for a debet the budget policy or the back office rejects (default 9369). */
  retourcodeBudgetAfwijzing?: string;
}

export interface PrestatieBeslissing {
  /** Path in the message, e.g. `Clienten[0].Prestaties[2]`. */
  pad: string;
  clientIndex: number;
  prestatieIndex: number;
  bsn: string;
  referentieNummer: string;
  debetCredit: DebetCredit;
  beslissing: Beslissing;
  /** Distinct retourcodes in the order found; empty when granted. */
  retourcodes: string[];
  meldingen: Melding[];
  /** Granted amount, signed: debet positive, credit negative, 0 when not granted. */
  toegekendBedrag: Cents;
  /** For a granted credit: the ReferentieNummer of the debet it credits. */
  crediteert?: string;
}

export interface DeclaratieBeslissing {
  /** 9056: the whole message is a resend; nothing is booked. */
  headerRetourcodes: string[];
  /** 9333, 8214: the whole declaratie is rejected; nothing is booked. */
  declaratieRetourcodes: string[];
  meldingen: Melding[];
  /** Per prestatie, in document order (empty when the message or declaratie is rejected). */
  prestaties: PrestatieBeslissing[];
  /** Granted debet minus granted credit; held prestaties are not included until decided. */
  totaalToegekendBedrag: BedragMetDC;
  /** Every prestatie granted (8001). */
  volledigToegekend: boolean;
  boeking: Boeking;
}

/** What the caller stores: each prestatie with its beslissing, and the debets that are now credited. */
export interface Boeking {
  /** False when nothing of the message may be stored (header or declaratie rejected). */
  boeken: boolean;
  toegekend: PrestatieBeslissing[];
  afgewezen: PrestatieBeslissing[];
  aangehouden: PrestatieBeslissing[];
  /** ReferentieNummers of earlier debets that a credit in this declaratie credits. */
  gecrediteerdeDebets: string[];
}

/** Crisis categories: Jeugdhulp crisis (JZ020 46) and Spoedopvang (WMO020 17). */
export function isCrisisCategorie(domein: Domein, productCategorie: string): boolean {
  return domein === 'JW' ? productCategorie === '46' : productCategorie === '17';
}

/** A debet that uses volume, budget and its period on a toewijzing. */
interface Verbruik {
  referentieNummer: string;
  productCategorie: string;
  productCode?: string;
  productPeriode: GeslotenPeriode;
  geleverdVolume: number;
  eenheid: string;
  bedrag: Cents;
}

/**
 * TR378 — "Vullen met een bestaande gemeentecode uit het overzicht van CBS dat actueel is op Ingangsdatum
 * of ToewijzingIngangsdatum. […] Indien er sprake is van een gemeentelijke herindeling is het toegestaan om
 * een oudere CBS lijst met gemeentecodes te gebruiken die actueel is op Ingangsdatum van ToegewezenProduct
 * (uit 301-bericht) of in geval van een Verzoek om toewijzing (315-bericht) op ToewijzingIngangsdatum in
 * AangevraagdProduct." The date per message type:
 *
 * | message | date | why |
 * |---|---|---|
 * | 301 | ToegewezenProduct Ingangsdatum (`verwerkToegewezenProduct`) | the rule names it |
 * | 315 | AangevraagdProduct ToewijzingIngangsdatum | the rule names it |
 * | 323 | Ingangsdatum of the toewijzing the prestatie declares on; ProductPeriode Begindatum when the toewijzing is unknown (it is then rejected with 9338 anyway) | a declaratie carries the toewijzing by its number: after a herindeling the aanbieder keeps declaring to the gemeente that granted it, whose code was current on that Ingangsdatum |
 */
export function tr378Datum(toewijzing: Pick<Toewijzing, 'ingangsdatum'> | undefined, prestatie: Pick<PrestatieInvoer, 'productPeriode'>): Datum {
  return toewijzing?.ingangsdatum ?? prestatie.productPeriode.begindatum;
}

/** The last day a prestatie may still be declared under the configured term. */
function laatsteDeclaratieDag(einddatum: Datum, maanden: number): Datum {
  const verschoven = addMonths(einddatum, maanden);
  return einddatum === endOfMonth(einddatum) ? endOfMonth(verschoven) : verschoven;
}

function tr318(invoer: DeclaratieInvoer, ctx: BeslisContext): Melding | undefined {
  if (!ctx.zorgGeleverdIn) return undefined;
  const eerder = ctx.vorigeDeclaratiePeriodes.filter((p) => p.einddatum < invoer.declaratiePeriode.begindatum);
  if (eerder.length === 0) return undefined;
  const laatste = eerder.reduce((a, p) => (p.einddatum > a ? p.einddatum : a), eerder[0].einddatum);
  const gatBegin = addDays(laatste, 1);
  if (gatBegin >= invoer.declaratiePeriode.begindatum) return undefined;
  const gat = { begindatum: gatBegin, einddatum: addDays(invoer.declaratiePeriode.begindatum, -1) };
  const gemist = maandenInPeriode(gat).filter((m) => ctx.zorgGeleverdIn!(m));
  if (gemist.length === 0) return undefined;
  return {
    pad: 'Declaratie.DeclaratiePeriode',
    regel: 'TR318',
    retourcode: '8214',
    tekst: `declaratieperiode sluit niet aan op de vorige (${laatste}); zorg geleverd in ${gemist.join(', ')}`,
  };
}

/** Sum of granted amounts, signed, as the answer's TotaalToegekendBedrag. */
export function totaalToegekend(prestaties: readonly PrestatieBeslissing[]): BedragMetDC {
  let som = 0n;
  for (const p of prestaties) som += p.toegekendBedrag;
  return som < 0n ? { bedrag: -som, debetCredit: 'C' } : { bedrag: som, debetCredit: 'D' };
}

function boekingVan(prestaties: PrestatieBeslissing[], boeken: boolean): Boeking {
  return {
    boeken,
    toegekend: prestaties.filter((p) => p.beslissing === 'toegekend'),
    afgewezen: prestaties.filter((p) => p.beslissing === 'afgewezen'),
    aangehouden: prestaties.filter((p) => p.beslissing === 'aangehouden'),
    gecrediteerdeDebets: prestaties.flatMap((p) => (p.beslissing === 'toegekend' && p.crediteert ? [p.crediteert] : [])),
  };
}

function samenvatting(headerRetourcodes: string[], declaratieRetourcodes: string[], meldingen: Melding[], prestaties: PrestatieBeslissing[]): DeclaratieBeslissing {
  const afgewezen = headerRetourcodes.length > 0 || declaratieRetourcodes.length > 0;
  return {
    headerRetourcodes,
    declaratieRetourcodes,
    meldingen,
    prestaties,
    totaalToegekendBedrag: totaalToegekend(prestaties),
    volledigToegekend: !afgewezen && prestaties.every((p) => p.beslissing === 'toegekend'),
    boeking: boekingVan(prestaties, !afgewezen),
  };
}

/**
 * Decides a JW323/WMO323 against the toewijzingen, earlier prestaties and contracts in `ctx`.
 * Pure: the same input gives the same decisions. Credits are processed before debets (OP366),
 * each group in document order; volume, budget and TR389 accumulate within the message. Every
 * applicable retourcode is reported, not just the first.
 */
export function beslisDeclaratie(invoer: DeclaratieInvoer, ctx: BeslisContext): DeclaratieBeslissing {
  if (ctx.berichtAlOntvangen) {
    const m: Melding = { pad: 'Header.BerichtIdentificatie', regel: 'TR056', retourcode: '9056', tekst: 'bericht is al eerder ontvangen; niets geboekt' };
    return samenvatting(['9056'], [], [m], []);
  }
  const declaratieMeldingen: Melding[] = [];
  if (ctx.declaratieNummerBekend) {
    declaratieMeldingen.push({ pad: 'Declaratie.DeclaratieNummer', regel: 'TR333', retourcode: '9333', tekst: `DeclaratieNummer ${invoer.declaratieNummer} is al gebruikt` });
  }
  const m318 = tr318(invoer, ctx);
  if (m318) declaratieMeldingen.push(m318);
  if (declaratieMeldingen.length > 0) {
    return samenvatting([], [...new Set(declaratieMeldingen.map((m) => m.retourcode!))], declaratieMeldingen, []);
  }
  return new Beslisser(invoer, ctx).beslis();
}

interface Item {
  clientIndex: number;
  prestatieIndex: number;
  bsn: string;
  prestatie: PrestatieInvoer;
}

/** Holds the state that accumulates while one declaratie is decided. */
class Beslisser {
  private readonly referentiesInBericht = new Set<string>();
  private readonly gecrediteerdInBericht = new Set<string>();
  private readonly verbruik = new Map<string, Verbruik[]>();
  private readonly afwijzingsCode: string;

  constructor(
    private readonly invoer: DeclaratieInvoer,
    private readonly ctx: BeslisContext,
  ) {
    this.afwijzingsCode = ctx.retourcodeBudgetAfwijzing ?? '9369';
  }

  beslis(): DeclaratieBeslissing {
    const items: Item[] = this.invoer.clienten.flatMap((c, clientIndex) =>
      c.prestaties.map((prestatie, prestatieIndex) => ({ clientIndex, prestatieIndex, bsn: c.bsn, prestatie })),
    );
    const credits = items.filter((i) => i.prestatie.ingediendBedrag.debetCredit === 'C');
    const debets = items.filter((i) => i.prestatie.ingediendBedrag.debetCredit === 'D');
    const uitkomst = new Map<Item, PrestatieBeslissing>();
    for (const i of credits) uitkomst.set(i, this.credit(i));
    for (const i of debets) uitkomst.set(i, this.debet(i));
    return samenvatting([], [], [], items.map((i) => uitkomst.get(i)!));
  }

  /** Consuming debets on a toewijzing: earlier granted or held, not credited, plus this message's. */
  private verbruikOp(toewijzingNummer: string): Verbruik[] {
    let lijst = this.verbruik.get(toewijzingNummer);
    if (!lijst) {
      lijst = this.ctx
        .prestatiesOpToewijzing(toewijzingNummer)
        .filter((p) => p.ingediendBedrag.debetCredit === 'D' && p.beslissing !== 'afgewezen' && !p.gecrediteerd && !this.gecrediteerdInBericht.has(p.referentieNummer))
        .map((p) => ({
          referentieNummer: p.referentieNummer,
          productCategorie: p.productCategorie,
          productCode: p.productCode,
          productPeriode: p.productPeriode,
          geleverdVolume: p.geleverdVolume,
          eenheid: p.eenheid,
          bedrag: p.ingediendBedrag.bedrag,
        }));
      this.verbruik.set(toewijzingNummer, lijst);
    }
    return lijst;
  }

  private nieuw(item: Item) {
    const pad = `Clienten[${item.clientIndex}].Prestaties[${item.prestatieIndex}]`;
    const meldingen: Melding[] = [];
    const melding = (regel: string, retourcode: string, tekst: string, veld?: string) =>
      meldingen.push({ pad: veld ? `${pad}.${veld}` : pad, regel, retourcode, tekst });
    return { pad, meldingen, melding };
  }

  private resultaat(item: Item, pad: string, meldingen: Melding[], beslissing: Beslissing, toegekendBedrag: Cents, crediteert?: string): PrestatieBeslissing {
    return {
      pad,
      clientIndex: item.clientIndex,
      prestatieIndex: item.prestatieIndex,
      bsn: item.bsn,
      referentieNummer: item.prestatie.referentieNummer,
      debetCredit: item.prestatie.ingediendBedrag.debetCredit,
      beslissing,
      retourcodes: [...new Set(meldingen.map((m) => m.retourcode!))],
      meldingen,
      toegekendBedrag,
      ...(crediteert !== undefined && { crediteert }),
    };
  }

  private tr314(p: PrestatieInvoer, melding: (regel: string, code: string, tekst: string, veld?: string) => void): void {
    if (this.ctx.prestatie(p.referentieNummer) || this.referentiesInBericht.has(p.referentieNummer)) {
      melding('TR314', '8021', `ReferentieNummer ${p.referentieNummer} is al eerder aangeleverd`, 'ProductReferentie');
    }
    this.referentiesInBericht.add(p.referentieNummer);
  }

  /**
   * A credit must reverse exactly one earlier granted debet (TR323), at most once (TR390), on the
   * same toewijzing with the same values; the debet's volume and budget become free again.
   */
  private credit(item: Item): PrestatieBeslissing {
    const p = item.prestatie;
    const { pad, meldingen, melding } = this.nieuw(item);
    this.tr314(p, melding);
    const tw = this.ctx.toewijzing(p.toewijzingNummer);
    if (!tw) melding('TR338', '9338', `toewijzing ${p.toewijzingNummer} is onbekend`, 'ToewijzingNummer');
    else if (tw.bsn !== item.bsn) melding('TR304', '8187', 'toewijzing hoort niet bij deze client');

    const vorig = p.vorigReferentieNummer;
    const debet = vorig === undefined ? undefined : this.ctx.prestatie(vorig);
    if (!debet || debet.ingediendBedrag.debetCredit !== 'D' || debet.beslissing !== 'toegekend') {
      melding('TR323', '8017', `geen goedgekeurde debetprestatie met ReferentieNummer ${vorig ?? '(leeg)'}`, 'ProductReferentie');
    } else {
      const afwijkend = [
        debet.toewijzingNummer !== p.toewijzingNummer && 'ToewijzingNummer',
        debet.productCategorie !== p.productCategorie && 'ProductCategorie',
        debet.productCode !== p.productCode && 'ProductCode',
        (debet.productPeriode.begindatum !== p.productPeriode.begindatum || debet.productPeriode.einddatum !== p.productPeriode.einddatum) && 'ProductPeriode',
        debet.geleverdVolume !== p.geleverdVolume && 'GeleverdVolume',
        debet.eenheid !== p.eenheid && 'Eenheid',
        debet.ingediendBedrag.bedrag !== p.ingediendBedrag.bedrag && 'IngediendBedrag',
      ].filter((x): x is string => typeof x === 'string');
      if (afwijkend.length > 0) melding('TR323', '8017', `creditprestatie wijkt af van de debetprestatie: ${afwijkend.join(', ')}`);
      if (debet.gecrediteerd || this.gecrediteerdInBericht.has(debet.referentieNummer)) {
        melding('TR390', '9390', `debetprestatie ${debet.referentieNummer} is al gecrediteerd`, 'ProductReferentie');
      }
    }

    if (meldingen.length > 0 || !debet) return this.resultaat(item, pad, meldingen, 'afgewezen', 0n);
    this.gecrediteerdInBericht.add(debet.referentieNummer);
    const lijst = this.verbruik.get(debet.toewijzingNummer);
    if (lijst) {
      const i = lijst.findIndex((v) => v.referentieNummer === debet.referentieNummer);
      if (i >= 0) lijst.splice(i, 1);
    }
    return this.resultaat(item, pad, meldingen, 'toegekend', -p.ingediendBedrag.bedrag, debet.referentieNummer);
  }

  private debet(item: Item): PrestatieBeslissing {
    const p = item.prestatie;
    const { ctx, invoer } = this;
    const { pad, meldingen, melding } = this.nieuw(item);
    const periode = p.productPeriode;

    this.tr314(p, melding);
    const tw = ctx.toewijzing(p.toewijzingNummer);
    const eigen = tw && tw.aanbieder === invoer.afzender ? tw : undefined;
    const cbsDatum = tr378Datum(eigen, p);
    if (!ctx.gemeenteGeldig(invoer.ontvanger, cbsDatum)) {
      melding('TR378', 'S300', `gemeentecode ${invoer.ontvanger} staat niet in de CBS-lijst op ${cbsDatum}`);
    }
    const productOnbekend = p.productCode !== undefined && !ctx.productCodeGeldig(p.productCategorie, p.productCode, periode.begindatum);
    if (productOnbekend) {
      melding('TR381', 'S329', `productcode ${p.productCode} past niet bij categorie ${p.productCategorie} in de productcodelijst op ${periode.begindatum}`, 'ProductCode');
    }
    if (periode.einddatum > invoer.declaratiePeriode.einddatum) {
      melding('TR319', '9319', 'ProductPeriode valt na de declaratieperiode', 'ProductPeriode');
    }
    const termijn = ctx.termijnLateDeclaratie;
    if (termijn && termijn.ontvangstdatum > laatsteDeclaratieDag(periode.einddatum, termijn.maanden)) {
      melding('TERMIJN', termijn.retourcode ?? '9319', `ProductPeriode eindigde meer dan ${termijn.maanden} maanden voor de ontvangst van de declaratie (${termijn.ontvangstdatum})`, 'ProductPeriode');
    }

    if (!tw || tw.aanbieder !== invoer.afzender) {
      melding('TR338', '9338', `geen toegewezen product met ToewijzingNummer ${p.toewijzingNummer} voor deze aanbieder`, 'ToewijzingNummer');
      return this.afronden(item, pad, meldingen);
    }
    if (tw.verwijderd) {
      melding('TR384', '9384', 'toewijzing is verwijderd (RedenWijziging 13)', 'ToewijzingNummer');
      return this.afronden(item, pad, meldingen);
    }
    if (tw.bsn !== item.bsn) melding('TR304', '8187', 'toewijzing hoort niet bij deze client');
    if (tw.product && tw.product.categorie !== p.productCategorie) {
      melding('TR339', '9339', `ProductCategorie ${p.productCategorie} wijkt af van de toewijzing (${tw.product.categorie})`, 'ProductCategorie');
    }
    if (tw.product?.code !== undefined && tw.product.code !== p.productCode) {
      melding('TR340', '9340', `ProductCode ${p.productCode ?? '(leeg)'} wijkt af van de toewijzing (${tw.product.code})`, 'ProductCode');
    }
    if (periode.begindatum < tw.ingangsdatum) melding('TR307', '9307', `begindatum ligt voor de ingangsdatum van de toewijzing (${tw.ingangsdatum})`, 'ProductPeriode');
    if (tw.einddatum !== undefined && periode.einddatum > tw.einddatum) {
      melding('TR308', '9308', `einddatum ligt na de einddatum van de toewijzing (${tw.einddatum})`, 'ProductPeriode');
    }
    const eersteVanMaand = `${periode.begindatum.slice(0, 8)}01`;
    if (periode.begindatum !== eersteVanMaand && !(tw.ingangsdatum === periode.begindatum)) {
      melding('TR387', '9387', 'begindatum is niet de eerste van de maand en niet de ingangsdatum van de toewijzing', 'ProductPeriode');
    }
    if (periode.einddatum !== endOfMonth(periode.einddatum) && !(tw.einddatum === periode.einddatum)) {
      melding('TR388', '9388', 'einddatum is niet de laatste van de maand en niet de einddatum van de toewijzing', 'ProductPeriode');
    }

    const contract = ctx.contractTarief(p.productCategorie, p.productCode, periode.begindatum);
    const verwachteEenheid = tw.omvang?.eenheid ?? contract?.eenheid;
    if (verwachteEenheid !== undefined && eenheidFactor(p.eenheid, verwachteEenheid) === undefined) {
      melding('TR341', '9341', `eenheid ${p.eenheid} past niet bij ${verwachteEenheid}`, 'Eenheid');
    }
    if (p.eenheid !== EENHEID.euros) {
      if (p.productTarief === undefined) {
        melding('TR346', '9346', 'ProductTarief ontbreekt; IngediendBedrag is niet te controleren', 'ProductTarief');
      } else {
        // An unknown product has no tariff by nature: TR381 said so already (S329), TR418 adds nothing.
        if (!productOnbekend && (!contract || contract.tarief !== p.productTarief)) {
          melding('TR418', '0611', contract ? `ProductTarief ${p.productTarief} wijkt af van het contracttarief ${contract.tarief}` : 'geen contracttarief voor dit product op de begindatum', 'ProductTarief');
        }
        const verwacht = berekendBedrag(p.geleverdVolume, p.productTarief, p.eenheid, contract?.eenheid ?? verwachteEenheid);
        if (verwacht !== p.ingediendBedrag.bedrag) {
          melding('TR346', '9346', `IngediendBedrag ${p.ingediendBedrag.bedrag} is niet GeleverdVolume x ProductTarief (${verwacht})`, 'IngediendBedrag');
        }
      }
    }

    const verbruik = this.verbruikOp(tw.toewijzingNummer);
    const dubbel = verbruik.find((v) => v.productCategorie === p.productCategorie && v.productCode === p.productCode && overlapt(v.productPeriode, periode));
    if (dubbel) melding('TR389', '9389', `debetprestatie ${dubbel.referentieNummer} voor dezelfde periode is niet gecrediteerd`, 'ProductPeriode');
    this.volumeRegels(tw, p, verbruik, melding);
    if (tw.budget !== undefined) {
      let som = p.ingediendBedrag.bedrag;
      for (const v of verbruik) som += v.bedrag;
      if (som > tw.budget) melding('TR369', '9369', `gedeclareerd ${som} overschrijdt het toegewezen budget ${tw.budget}`);
    }
    return this.afronden(item, pad, meldingen, tw);
  }

  /** TR321/TR322, only when the toewijzing has an Omvang whose eenheid the prestatie can be expressed in. */
  private volumeRegels(tw: Toewijzing, p: PrestatieInvoer, verbruik: readonly Verbruik[], melding: (regel: string, code: string, tekst: string, veld?: string) => void): void {
    const omvang = tw.omvang;
    if (!omvang || eenheidFactor(p.eenheid, omvang.eenheid) === undefined) return;
    // Everything in the smallest unit the toewijzing admits: minutes for an hourly toewijzing.
    const schaal = omvang.eenheid === EENHEID.uur ? 60 : 1;
    const inSchaal = (volume: number, eenheid: string): number | undefined => {
      const f = eenheidFactor(eenheid, omvang.eenheid);
      return f === undefined ? undefined : (volume * schaal) / f;
    };
    const bestaand: VolumeClaim[] = verbruik.flatMap((v) => {
      const volume = inSchaal(v.geleverdVolume, v.eenheid);
      return volume === undefined ? [] : [{ periode: v.productPeriode, volume }];
    });
    const nieuw: VolumeClaim = { periode: p.productPeriode, volume: inSchaal(p.geleverdVolume, p.eenheid)! };
    const looptijd = { begindatum: tw.ingangsdatum, ...(tw.einddatum !== undefined && { einddatum: tw.einddatum }) };
    if (omvang.frequentie === '6') {
      if (nieuw.volume > omvang.volume * schaal) melding('TR321', '9321', `geleverd volume overschrijdt het totaal van de toewijzing (${omvang.volume})`, 'GeleverdVolume');
    } else if (omvang.frequentie === '2') {
      // Per week: IV077 exactly (see iv077Maximum), per ProductPeriode; TR322 below bounds the sum.
      const bekostiging = tw.bekostiging ?? bekostigingVan(omvang, tw.budget);
      const wijze = {
        outputgericht: bekostiging === 'output' || bekostiging === 'taakgericht',
        huishoudelijkeHulp: tw.domein === 'WMO' && p.productCategorie === '01',
      };
      const max = iv077Maximum(omvang.volume * schaal, looptijd, p.productPeriode, wijze);
      if (nieuw.volume > max) {
        const hoe = wijze.outputgericht ? 'zondagen' : wijze.huishoudelijkeHulp ? '6 weken (Wmo 01)' : 'kalenderweken';
        melding('TR321', '9321', `geleverd volume ${nieuw.volume} overschrijdt ${max} (IV077: ${hoe} in de productperiode x weekvolume)`, 'GeleverdVolume');
      }
    } else {
      const over = volumeOverschrijding(omvang.frequentie, omvang.volume * schaal, looptijd, bestaand, nieuw);
      if (over) {
        melding('TR321', '9321', `geleverd volume ${over.geclaimd} overschrijdt ${over.toegestaan} in ${over.periode.begindatum}..${over.periode.einddatum} (eenheid ${schaal === 60 ? EENHEID.minuut : omvang.eenheid})`, 'GeleverdVolume');
      }
    }
    const totaal = volumeOverLooptijd(omvang, looptijd);
    if (totaal !== undefined) {
      let som = nieuw.volume;
      for (const c of bestaand) som += c.volume;
      if (som > totaal * schaal) melding('TR322', '9322', `som van geleverde volumes ${som} overschrijdt het maximum over de looptijd ${totaal * schaal}`, 'GeleverdVolume');
    }
  }

  /** Applies the budget policy to a debet that passed every rule and books its use of the toewijzing. */
  private afronden(item: Item, pad: string, meldingen: Melding[], tw?: Toewijzing): PrestatieBeslissing {
    if (meldingen.length > 0 || !tw) return this.resultaat(item, pad, meldingen, 'afgewezen', 0n);
    const p = item.prestatie;
    const bedrag = p.ingediendBedrag.bedrag;
    const crisis = this.ctx.isCrisis ? this.ctx.isCrisis(p) : isCrisisCategorie(this.invoer.domein, p.productCategorie);
    const besluit = crisis || !this.ctx.budgetBeleid ? 'toekennen' : this.ctx.budgetBeleid(p, bedrag);
    if (besluit === 'afwijzen') {
      meldingen.push({ pad, regel: 'BUDGETPLAFOND', retourcode: this.afwijzingsCode, tekst: 'afgewezen door het budgetplafondbeleid van het contract' });
      return this.resultaat(item, pad, meldingen, 'afgewezen', 0n);
    }
    this.verbruikOp(tw.toewijzingNummer).push({
      referentieNummer: p.referentieNummer,
      productCategorie: p.productCategorie,
      productCode: p.productCode,
      productPeriode: p.productPeriode,
      geleverdVolume: p.geleverdVolume,
      eenheid: p.eenheid,
      bedrag,
    });
    return besluit === 'aanhouden'
      ? this.resultaat(item, pad, meldingen, 'aangehouden', 0n)
      : this.resultaat(item, pad, meldingen, 'toegekend', bedrag);
  }
}

/**
 * Applies the back office's decisions on held prestaties (by ReferentieNummer) and recomputes the
 * totals. A held prestatie without a decision stays held; a rejected one gets the budget retourcode.
 */
export function beslisAangehouden(
  beslissing: DeclaratieBeslissing,
  besluiten: ReadonlyMap<string, 'toekennen' | 'afwijzen'>,
  invoer: DeclaratieInvoer,
  retourcode = '9369',
): DeclaratieBeslissing {
  const prestaties = beslissing.prestaties.map((p): PrestatieBeslissing => {
    const besluit = p.beslissing === 'aangehouden' ? besluiten.get(p.referentieNummer) : undefined;
    if (!besluit) return p;
    if (besluit === 'toekennen') {
      const bedrag = invoer.clienten[p.clientIndex].prestaties[p.prestatieIndex].ingediendBedrag.bedrag;
      return { ...p, beslissing: 'toegekend', toegekendBedrag: bedrag };
    }
    const melding: Melding = { pad: p.pad, regel: 'BUDGETPLAFOND', retourcode, tekst: 'afgewezen door de backoffice na aanhouding (budgetplafond)' };
    return { ...p, beslissing: 'afgewezen', toegekendBedrag: 0n, meldingen: [...p.meldingen, melding], retourcodes: [...p.retourcodes, retourcode] };
  });
  return samenvatting(beslissing.headerRetourcodes, beslissing.declaratieRetourcodes, beslissing.meldingen, prestaties);
}
