/**
 * The conditions (CD) and constraints (CS) of the regelrapport iJw 3.2, per message class, on the typed
 * model. Each function checks one class of the standard and reports on the element the rule belongs to.
 *
 * iWmo 3.2 carries the same rules on its own messages where they have the elements: its classes are the
 * iJw ones (WMO315 lacks GezagsdragerBekend and WMO319 Woonplaatsbeginsel, neither of which has a CD/CS
 * rule), so every function here serves both domains unchanged. CS015/CS025 (BerichtSubversie 2,
 * BerichtVersie 3) and CS319 (DeclaratieNummer aaneengesloten) are patterns of the official XSDs and are
 * reported by the schema validator under their rule code (`schema/definities.ts`).
 */
import { datumParts, endOfMonth, type Datum } from '@plafond/core';
import type {
  Adres, BedragMetDC, Geboortedatum, GeslotenPeriode, Omvang, Product, TotaalBedragMetDC, VolledigeNaam,
} from '../model/berichten';
import type { Bevindingen } from './hulp';

/** CD080/CD095/CD096/CS338/CS343 only bind toewijzingen that run into 2021 or later. */
const GRENS_2020 = '2020-12-31';
const EENHEDEN_MET_FREQUENTIE = new Set(['14', '16', '83', '84']);
const FREQUENTIES_NA_2020 = new Set(['2', '4', '6']);
const VERWIJZERS_MET_AGB = new Set(['02', '03', '04', '05']);
const POSTCODE_NL = /^[1-9][0-9]{3}[a-zA-Z]{2}$/;
/** CS100: nothing declared before 2021 in iJw/iWmo 3.x. */
const EERSTE_DAG_3X = '2021-01-01';

/** CS139: DatumGebruik says which part of the date is known; the unknown parts are filled with 01. */
export function geboortedatumGebruik(b: Bevindingen, pad: string, g: Geboortedatum): void {
  const { maand, dag } = datumParts(g.datum);
  const klopt = g.datumGebruik === '3' ? g.datum === '1900-01-01'
    : g.datumGebruik === '2' ? maand === 1 && dag === 1
      : g.datumGebruik === '1' ? dag === 1 : true;
  if (!klopt) b.melding(`${pad}/Geboortedatum`, 'CS139', `Geboortedatum ${g.datum} past niet bij DatumGebruik ${g.datumGebruik}`);
}

/** CS050 (and for a client CS318): NaamGebruik must fit whether a Partnernaam is given. */
export function naamGebruik(b: Bevindingen, pad: string, naam: VolledigeNaam, isClient: boolean): void {
  const p = `${pad}/Naam/NaamGebruik`;
  const toegestaan = naam.partnernaam ? ['1', '2', '3', '4'] : ['1', '6'];
  if (!toegestaan.includes(naam.naamGebruik)) {
    b.melding(p, 'CS050', naam.partnernaam
      ? `NaamGebruik ${naam.naamGebruik} terwijl Partnernaam gevuld is (toegestaan: 1, 2, 3 of 4)`
      : `NaamGebruik ${naam.naamGebruik} zonder Partnernaam (toegestaan: 1 of 6)`);
  }
  if (isClient && naam.naamGebruik === '6') b.melding(p, 'CS318', 'NaamGebruik 6 (niet-natuurlijk persoon) is niet toegestaan voor een client');
}

/** CD007: Taal exactly when Communicatie/Vorm is 1 (tolk taal). */
export function communicatie(b: Bevindingen, pad: string, c: { vorm: string; taal?: string } | undefined): void {
  if (!c) return;
  if (c.vorm === '1' && c.taal === undefined) b.melding(`${pad}/Communicatie/Taal`, 'CD007', 'Taal ontbreekt terwijl Communicatie/Vorm 1 (tolk taal) is');
  if (c.vorm !== '1' && c.taal !== undefined) b.melding(`${pad}/Communicatie/Taal`, 'CD007', `Taal is gevuld terwijl Communicatie/Vorm ${c.vorm} is (alleen bij 1)`);
}

/** The rules of class Contact (301): address completeness, Dutch postcode, the period of a temporary address. */
export function contactRegels(
  b: Bevindingen, pad: string, c: { soort: string; adres?: Adres; periode?: { begindatum?: Datum; einddatum?: Datum } },
): void {
  const a = c.adres;
  // The address conditions constrain elements inside Adres; a Contact without Adres (phone only,
  // TR006) has no element they could apply to.
  if (a) {
    const ap = `${pad}/Adres`;
    if (a.landCode === 'NL' && !a.huis) b.melding(`${ap}/Huis`, 'CD025', 'Huis ontbreekt terwijl LandCode NL is');
    if ((c.soort === '01' || c.soort === '03') && a.postcode === undefined) {
      b.melding(`${ap}/Postcode`, 'CD034', `Postcode ontbreekt bij adres van soort ${c.soort}`);
    }
    if (a.landCode === 'NL' && a.postcode !== undefined && !POSTCODE_NL.test(a.postcode)) {
      b.melding(`${ap}/Postcode`, 'CS089', `Postcode ${a.postcode} is geen Nederlandse postcode (1234AB) terwijl LandCode NL is`);
    }
    if (a.postcode !== undefined && a.landCode === undefined) b.melding(`${ap}/LandCode`, 'CD005', 'LandCode ontbreekt terwijl Postcode gevuld is');
    if (a.postcode === undefined && a.landCode !== undefined) b.melding(`${ap}/LandCode`, 'CD005', 'LandCode is gevuld zonder Postcode');
  }
  if (c.periode) {
    if (c.soort !== '04') b.melding(`${pad}/Periode`, 'CD009', `Periode is gevuld bij adres van soort ${c.soort} (alleen bij 04, tijdelijk adres)`);
    eindNaBegin(b, `${pad}/Periode/Einddatum`, c.periode.begindatum, c.periode.einddatum, 'Begindatum');
  }
}

/** CS003: an end date, where given, not before the begin (or ingangs) date of its period. */
export function eindNaBegin(b: Bevindingen, pad: string, begin: Datum | undefined, eind: Datum | undefined, beginNaam: string): void {
  if (begin !== undefined && eind !== undefined && eind < begin) {
    b.melding(pad, 'CS003', `Einddatum ${eind} ligt voor ${beginNaam} ${begin}`);
  }
}

/** What a toewijzing, a requested product or a requested change says about its size. */
interface Hoeveelheid {
  product?: Product;
  einddatum?: Datum;
  omvang?: Omvang;
  budget?: bigint;
}

/** Which of the size rules a class has, and under which codes (they differ per message). */
interface HoeveelheidRegels {
  /** Element name of the end date in this class. */
  eindNaam: string;
  /** The class has a Product (CD079, CD041 and the "no code" rule). */
  product: boolean;
  /** Rule for "no product code and running after 2020 → no Omvang" (CD080/CD095/CD096). */
  zonderCode?: string;
  /** Rule for the frequency of etmaal/dagdeel/euro/stuks after 2020 (CS338/CS343). */
  frequentie: string;
}

/**
 * The size rules shared by ToegewezenProduct (301), AangevraagdProduct (315), NieuwProduct and
 * TeWijzigenProduct (317): Omvang or Budget, never both; a product without budget; an end date with a
 * budget or a weekly frequency; a frequency that can be checked after 2020.
 */
export function hoeveelheid(b: Bevindingen, pad: string, h: Hoeveelheid, r: HoeveelheidRegels): void {
  const { omvang, budget, einddatum } = h;
  const na2020 = einddatum === undefined || einddatum > GRENS_2020;
  if (r.product && budget === undefined && !h.product) b.melding(`${pad}/Product`, 'CD079', 'Product ontbreekt terwijl Budget leeg is');
  if (budget !== undefined && einddatum === undefined) b.melding(`${pad}/${r.eindNaam}`, 'CD075', `${r.eindNaam} ontbreekt terwijl Budget gevuld is`);
  if (omvang?.frequentie === '2' && einddatum === undefined) {
    b.melding(`${pad}/${r.eindNaam}`, 'CD076', `${r.eindNaam} ontbreekt terwijl Frequentie 2 (per week) is`);
  }
  if (r.product && h.product?.code !== undefined && !omvang) b.melding(`${pad}/Omvang`, 'CD041', 'Omvang ontbreekt terwijl Product een Code heeft');
  if (budget !== undefined && omvang) b.melding(`${pad}/Omvang`, 'CD077', 'Omvang is gevuld terwijl Budget gevuld is');
  if (r.zonderCode && h.product?.code === undefined && na2020 && omvang) {
    b.melding(`${pad}/Omvang`, r.zonderCode, `Omvang is gevuld zonder productcode terwijl ${r.eindNaam} leeg is of na 31-12-2020 ligt`);
  }
  if (omvang && EENHEDEN_MET_FREQUENTIE.has(omvang.eenheid) && na2020 && !FREQUENTIES_NA_2020.has(omvang.frequentie)) {
    b.melding(`${pad}/Omvang/Frequentie`, r.frequentie, `Frequentie ${omvang.frequentie} bij eenheid ${omvang.eenheid} (toegestaan: 2, 4 of 6)`);
  }
  if (omvang && budget !== undefined) b.melding(`${pad}/Budget`, 'CD078', 'Budget is gevuld terwijl Omvang gevuld is');
}

/** CS335/CS336: RedenWijziging 13 only for a removal (Ingangsdatum = Einddatum), 01 never. */
export function redenWijziging(b: Bevindingen, pad: string, p: { redenWijziging?: string; ingangsdatum: Datum; einddatum?: Datum }): void {
  if (p.redenWijziging === '13' && p.einddatum !== p.ingangsdatum) {
    b.melding(`${pad}/RedenWijziging`, 'CS335', 'RedenWijziging 13 (verwijderd) terwijl Einddatum niet gelijk is aan Ingangsdatum');
  }
  if (p.redenWijziging === '01') b.melding(`${pad}/RedenWijziging`, 'CS336', 'RedenWijziging 01 (administratieve correctie, vervallen) mag niet meer gebruikt worden');
}

/** CS058: a start or stop is a first delivery (1) or a removal (3). */
export function statusAanlevering(b: Bevindingen, pad: string, status: string): void {
  if (status !== '1' && status !== '3') b.melding(`${pad}/StatusAanlevering`, 'CS058', `StatusAanlevering ${status} (toegestaan: 1 of 3)`);
}

/** CD043 and CD066–CD068 of an AangevraagdProduct (315). */
export function aanvraag(
  b: Bevindingen, pad: string,
  p: { beschikkingNummer?: number; beschikkingIngangsdatum?: Datum; verwijzer: { type: string; naam?: string; zorgverlenerCode?: string } },
): void {
  if (p.beschikkingNummer !== undefined && p.beschikkingIngangsdatum === undefined) {
    b.melding(`${pad}/BeschikkingIngangsdatum`, 'CD043', 'BeschikkingIngangsdatum ontbreekt terwijl BeschikkingNummer gevuld is');
  }
  if (p.beschikkingNummer === undefined && p.beschikkingIngangsdatum !== undefined) {
    b.melding(`${pad}/BeschikkingIngangsdatum`, 'CD043', 'BeschikkingIngangsdatum is gevuld zonder BeschikkingNummer');
  }
  const v = p.verwijzer;
  const vp = `${pad}/Verwijzer`;
  if (VERWIJZERS_MET_AGB.has(v.type)) {
    if (v.zorgverlenerCode !== undefined && v.naam !== undefined) b.melding(`${vp}/Naam`, 'CD066', `Naam verwijzer is gevuld terwijl ZorgverlenerCode gevuld is (type ${v.type})`);
    if (v.zorgverlenerCode === undefined && v.naam === undefined) b.melding(`${vp}/Naam`, 'CD067', `Naam verwijzer ontbreekt terwijl ZorgverlenerCode leeg is (type ${v.type})`);
  } else if (v.zorgverlenerCode !== undefined) {
    b.melding(`${vp}/ZorgverlenerCode`, 'CD068', `ZorgverlenerCode is gevuld bij verwijzer van type ${v.type} (alleen bij 02, 03, 04 of 05)`);
  }
}

/** CD085/CD086: RedenAfwijzingVerzoek with a rejection (1), not with "in onderzoek" (2). */
export function verzoekAntwoord(b: Bevindingen, pad: string, a: { verzoekAntwoord: string; redenAfwijzingVerzoek?: string }): void {
  if (a.verzoekAntwoord === '1' && a.redenAfwijzingVerzoek === undefined) {
    b.melding(`${pad}/RedenAfwijzingVerzoek`, 'CD085', 'RedenAfwijzingVerzoek ontbreekt terwijl het verzoek is afgewezen (VerzoekAntwoord 1)');
  }
  if (a.verzoekAntwoord === '2' && a.redenAfwijzingVerzoek !== undefined) {
    b.melding(`${pad}/RedenAfwijzingVerzoek`, 'CD086', 'RedenAfwijzingVerzoek is gevuld terwijl de aanvraag in onderzoek is (VerzoekAntwoord 2)');
  }
}

/** CS325: an amount of 0 is debet. */
export function nulIsDebet(b: Bevindingen, pad: string, bedrag: BedragMetDC | TotaalBedragMetDC): void {
  const waarde = 'bedrag' in bedrag ? bedrag.bedrag : bedrag.totaalBedrag;
  if (waarde === 0n && bedrag.debetCredit !== 'D') b.melding(`${pad}/DebetCredit`, 'CS325', 'Bedrag 0 met DebetCredit C (moet D zijn)');
}

/** CS100: a declared period lies in 2021 or later. */
export function vanaf2021(b: Bevindingen, pad: string, p: GeslotenPeriode): void {
  if (p.begindatum < EERSTE_DAG_3X || p.einddatum < EERSTE_DAG_3X) b.melding(pad, 'CS100', `Periode ${p.begindatum} t/m ${p.einddatum} ligt voor 01-01-2021`);
}

/** CS340: the DeclaratiePeriode is exactly one whole calendar month. */
export function heleMaand(b: Bevindingen, pad: string, p: GeslotenPeriode): void {
  const { dag } = datumParts(p.begindatum);
  if (dag !== 1 || p.einddatum !== endOfMonth(p.begindatum)) {
    b.melding(pad, 'CS340', `DeclaratiePeriode ${p.begindatum} t/m ${p.einddatum} is geen hele kalendermaand`);
  }
}

/** Equal `YYYY-MM` prefixes, compared in place: this runs for every prestatie of a large declaratie. */
function zelfdeJaarMaand(a: string, b: string): boolean {
  for (let i = 0; i < 7; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

/** CS337: a ProductPeriode ends in the calendar month it begins in. */
export function zelfdeMaand(b: Bevindingen, pad: string, p: GeslotenPeriode): void {
  if (!zelfdeJaarMaand(p.begindatum, p.einddatum)) {
    b.melding(`${pad}/Einddatum`, 'CS337', `Einddatum ${p.einddatum} valt niet in dezelfde kalendermaand als Begindatum ${p.begindatum}`);
  }
}

/**
 * The CD/CS rules of one Prestatie (323, and as echoed in a 325). `padVan` gives the path of the
 * prestatie; it is only built for a finding.
 */
export function prestatieRegels(
  b: Bevindingen, padVan: () => string,
  p: {
    productReferentie: { vorigReferentieNummer?: string };
    productPeriode: GeslotenPeriode;
    geleverdVolume: number;
    eenheid: string;
    productTarief?: bigint;
    ingediendBedrag: BedragMetDC;
  },
  is323: boolean,
): void {
  const credit = p.ingediendBedrag.debetCredit === 'C';
  const vorig = p.productReferentie.vorigReferentieNummer !== undefined;
  // Fast path for the common, conforming prestatie: one pass of plain comparisons, no calls.
  if (credit === vorig && !(credit && p.ingediendBedrag.bedrag === 0n)) {
    if (!is323) return;
    const { begindatum, einddatum } = p.productPeriode;
    if (begindatum >= EERSTE_DAG_3X && einddatum >= EERSTE_DAG_3X && zelfdeJaarMaand(begindatum, einddatum)
      && (p.eenheid === '83' ? p.productTarief === undefined && p.ingediendBedrag.bedrag === BigInt(p.geleverdVolume) : p.productTarief !== undefined)) return;
  }
  const pad = padVan();
  if (credit && !vorig) b.melding(`${pad}/ProductReferentie/VorigReferentieNummer`, 'CD060', 'VorigReferentieNummer ontbreekt bij een creditprestatie');
  if (!credit && vorig) b.melding(`${pad}/ProductReferentie/VorigReferentieNummer`, 'CD060', 'VorigReferentieNummer is gevuld bij een debetprestatie');
  nulIsDebet(b, `${pad}/IngediendBedrag`, p.ingediendBedrag);
  // The regelrapport gives the remaining Prestatie rules for the declaratie only; a 325 echoes the
  // prestatie as it was declared and is not checked on them again.
  if (!is323) return;
  vanaf2021(b, `${pad}/ProductPeriode`, p.productPeriode);
  zelfdeMaand(b, `${pad}/ProductPeriode`, p.productPeriode);
  if (p.eenheid !== '83' && p.productTarief === undefined) b.melding(`${pad}/ProductTarief`, 'CD087', `ProductTarief ontbreekt bij eenheid ${p.eenheid}`);
  if (p.eenheid === '83' && p.productTarief !== undefined) b.melding(`${pad}/ProductTarief`, 'CD087', "ProductTarief is gevuld bij eenheid 83 (euro's)");
  if (p.eenheid === '83' && p.ingediendBedrag.bedrag !== BigInt(p.geleverdVolume)) {
    b.melding(`${pad}/IngediendBedrag`, 'CS339', `IngediendBedrag ${p.ingediendBedrag.bedrag} is niet gelijk aan GeleverdVolume ${p.geleverdVolume} bij eenheid 83 (euro's)`);
  }
}
