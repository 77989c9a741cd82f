/**
 * Structure descriptions of every class of iJw 3.2 / iWmo 3.2 (JW/WMO 301–325), in XSD order.
 * The model interfaces in `berichten.ts` are inferred from these.
 */
import { domeinVan, type BerichtType } from '../xml/node';
import {
  centen, code, datumType, een, geheel, klasse, lijst, metRetour, opt, optLijst, retourCodes,
  retourCodesOptioneel, tekst, tijd, vast,
} from './structuur';

// ---- code lists (closed enumerations of the basisschema)

export const PRODUCTCATEGORIEEN_JW = [
  '31', '32', '33', '34', '35', '36', '37', '38', '40', '41', '42', '43', '44', '45', '46', '47', '48', '49', '50', '51', '52', '53', '54', '55',
] as const;
export const PRODUCTCATEGORIEEN_WMO = [
  '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18',
] as const;

const productCategorie = code(...PRODUCTCATEGORIEEN_JW, ...PRODUCTCATEGORIEEN_WMO);
const debetCredit = code('D', 'C');
const eenheid = code('01', '04', '14', '16', '82', '83', '84');
const frequentie = code('1', '2', '4', '6');
const geslacht = code('0', '1', '2');
const jaNee = code('1', '2');
const statusAanlevering = code('1', '2', '3', '9');
const redenWijziging = code('01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14');
const redenBeeindiging = code('02', '20', '31', '32', '33', '34', '35', '36', '37', '38', '39');
const adresSoort = code('01', '02', '03', '04');

/** BerichtCode per message type (COD002). */
export const BERICHTCODES: Record<BerichtType, string> = {
  JW301: '436', JW302: '437', JW305: '438', JW306: '439', JW307: '440', JW308: '441', JW315: '446', JW316: '447',
  JW317: '486', JW318: '487', JW319: '488', JW320: '489', JW323: '490', JW325: '491',
  WMO301: '414', WMO302: '415', WMO305: '418', WMO306: '419', WMO307: '420', WMO308: '421', WMO315: '444', WMO316: '445',
  WMO317: '480', WMO318: '481', WMO319: '482', WMO320: '483', WMO323: '484', WMO325: '485',
};

// ---- basisschema composite data types (children in the basis namespace)

export const berichtIdentificatie = klasse('basis', { identificatie: een(tekst), dagtekening: een(datumType) });
export const xsdVersie = klasse('basis', { basisschemaXsdVersie: een(tekst), berichtXsdVersie: een(tekst) });
export const geboortedatum = klasse('basis', { datum: een(datumType), datumGebruik: opt(code('1', '2', '3')) });
const achternaam = klasse('basis', { achternaam: een(tekst), voorvoegsel: opt(tekst) });
export const volledigeNaam = klasse('basis', {
  geslachtsnaam: een(achternaam),
  partnernaam: opt(achternaam),
  voornamen: opt(tekst),
  voorletters: opt(tekst),
  naamGebruik: een(code('1', '2', '3', '4', '5', '6')),
});
export const verkorteNaam = klasse('basis', { geslachtsnaam: een(achternaam), voornamen: opt(tekst), voorletters: opt(tekst) });
const communicatie = klasse('basis', { vorm: een(code('1', '2', '3')), taal: opt(tekst) });
const huis = klasse('basis', {
  huisnummer: een(geheel),
  huisletter: opt(tekst),
  huisnummerToevoeging: opt(tekst),
  aanduidingWoonadres: opt(code('AB', 'BY', 'TO', 'WW')),
});
export const adres = klasse('basis', {
  huis: opt(huis),
  postcode: opt(tekst),
  straatnaam: opt(tekst),
  plaatsnaam: opt(tekst),
  landCode: opt(tekst),
});
const telefoon = klasse('basis', { telefoonnummer: een(tekst), landnummer: een(tekst) });
const telefoonnummers = klasse('basis', { telefoon01: een(telefoon), telefoon02: opt(telefoon) });
export const openPeriode = klasse('basis', { begindatum: opt(datumType), einddatum: opt(datumType) });
export const geslotenPeriode = klasse('basis', { begindatum: een(datumType), einddatum: een(datumType) });
export const product = klasse('basis', { categorie: een(productCategorie), code: opt(tekst) });
export const omvang = klasse('basis', { volume: een(geheel), eenheid: een(eenheid), frequentie: een(frequentie) });
const verwijzer = klasse('basis', {
  type: een(code('01', '02', '03', '04', '05', '06', '08')),
  naam: opt(tekst),
  zorgverlenerCode: opt(tekst),
});
const referentie = klasse('basis', { referentieNummer: een(tekst), vorigReferentieNummer: opt(tekst) });
export const bedragMetDC = klasse('basis', { bedrag: een(centen), debetCredit: een(debetCredit) });
export const totaalBedragMetDC = klasse('basis', { totaalBedrag: een(centen), debetCredit: een(debetCredit) });

// ---- headers

const headerVelden = {
  berichtCode: vast((c) => BERICHTCODES[c.type]),
  berichtVersie: vast(() => '3'),
  berichtSubversie: vast(() => '2'),
  afzender: een(tekst),
  ontvanger: een(tekst),
  berichtIdentificatie: een(berichtIdentificatie),
  xsdVersie: een(xsdVersie),
};
export const header = klasse('bericht', headerVelden);
export const retourHeader = klasse('bericht', {
  ...headerVelden,
  identificatieRetour: een(tekst),
  dagtekeningRetour: een(datumType),
  xsltVersie: opt(tekst),
  xsdVersieRetour: een(xsdVersie),
  retourCodes: retourCodesOptioneel(),
});
export const header325 = klasse('bericht', {
  ...headerVelden,
  declaratieIdentificatie: een(berichtIdentificatie),
  xsltVersie: opt(tekst),
  xsdVersieDeclaratie: een(xsdVersie),
  retourCodes: retourCodes(),
});

// ---- 301 / 302 toewijzing

const contactVelden = {
  soort: een(adresSoort),
  adres: opt(adres),
  organisatie: opt(tekst),
  telefoon: opt(telefoonnummers),
  emailadres: opt(tekst),
  periode: opt(openPeriode),
};
const relatieVelden = {
  nummer: een(tekst),
  volgorde: opt(geheel),
  soort: een(code(...Array.from({ length: 23 }, (_, i) => String(i + 3).padStart(2, '0')))),
  geboortedatum: opt(geboortedatum),
  geslacht: opt(geslacht),
  naam: een(volledigeNaam),
  contact: een(klasse('bericht', contactVelden)),
};
const toegewezenProductVelden = {
  toewijzingNummer: een(geheel),
  referentieAanbieder: opt(tekst),
  product: opt(product),
  toewijzingsdatum: een(datumType),
  toewijzingstijd: een(tijd),
  ingangsdatum: een(datumType),
  einddatum: opt(datumType),
  redenWijziging: opt(redenWijziging),
  omvang: opt(omvang),
  budget: opt(centen),
  commentaar: opt(tekst),
};
const client301Velden = {
  bsn: een(tekst),
  geboortedatum: een(geboortedatum),
  geslacht: een(geslacht),
  naam: een(volledigeNaam),
  communicatie: opt(communicatie),
  juridischeStatus: opt(code('01', '02', '03', '04', '05', '11', '12')),
  wettelijkeVertegenwoordiging: opt(code('06', '07', '08', '09', '10')),
  commentaar: opt(tekst),
  relaties: optLijst('Relatie', klasse('bericht', relatieVelden)),
  contactgegevens: lijst('Contact', klasse('bericht', contactVelden)),
  toegewezenProducten: lijst('ToegewezenProduct', klasse('bericht', toegewezenProductVelden)),
};
export const contact = klasse('bericht', contactVelden);
export const relatie = klasse('bericht', relatieVelden);
export const toegewezenProduct = klasse('bericht', toegewezenProductVelden);
export const client301 = klasse('bericht', client301Velden);

export const contactRetour = klasse('bericht', metRetour(contactVelden));
export const relatieRetour = klasse('bericht', metRetour({ ...relatieVelden, contact: een(contactRetour) }));
export const toegewezenProductRetour = klasse('bericht', metRetour(toegewezenProductVelden));
export const client302 = klasse('bericht', metRetour({
  ...client301Velden,
  relaties: optLijst('Relatie', relatieRetour),
  contactgegevens: lijst('Contact', contactRetour),
  toegewezenProducten: lijst('ToegewezenProduct', toegewezenProductRetour),
}));

// ---- 305 / 306 start, 307 / 308 stop

const clientKortVelden = {
  bsn: een(tekst),
  geboortedatum: een(geboortedatum),
  geslacht: een(geslacht),
  naam: een(verkorteNaam),
};
const startProductVelden = {
  toewijzingNummer: opt(geheel),
  product: opt(product),
  toewijzingIngangsdatum: opt(datumType),
  begindatum: een(datumType),
  statusAanlevering: een(statusAanlevering),
};
export const startProduct = klasse('bericht', startProductVelden);
export const client305 = klasse('bericht', { ...clientKortVelden, startProducten: lijst('StartProduct', startProduct) });
export const startProductRetour = klasse('bericht', metRetour(startProductVelden));
export const client306 = klasse('bericht', metRetour({ ...clientKortVelden, startProducten: lijst('StartProduct', startProductRetour) }));

const stopProductVelden = {
  toewijzingNummer: opt(geheel),
  product: opt(product),
  toewijzingIngangsdatum: opt(datumType),
  begindatum: een(datumType),
  redenBeeindiging: een(redenBeeindiging),
  einddatum: een(datumType),
  statusAanlevering: een(statusAanlevering),
};
export const stopProduct = klasse('bericht', stopProductVelden);
export const client307 = klasse('bericht', { ...clientKortVelden, stopProducten: lijst('StopProduct', stopProduct) });
export const stopProductRetour = klasse('bericht', metRetour(stopProductVelden));
export const client308 = klasse('bericht', metRetour({ ...clientKortVelden, stopProducten: lijst('StopProduct', stopProductRetour) }));

// ---- 315 / 316 verzoek om toewijzing

const aangevraagdProductVelden = {
  referentieAanbieder: een(tekst),
  beschikkingNummer: opt(geheel),
  product: opt(product),
  beschikkingIngangsdatum: opt(datumType),
  toewijzingIngangsdatum: een(datumType),
  toewijzingEinddatum: opt(datumType),
  omvang: opt(omvang),
  budget: opt(centen),
  verwijzer: een(verwijzer),
  raamcontract: opt(jaNee),
  commentaar: opt(tekst),
};
const client315Velden = {
  ...clientKortVelden,
  // iJw only: WMO315 and WMO316 have no GezagsdragerBekend.
  gezagsdragerBekend: opt(jaNee, ['WMO315', 'WMO316']),
  commentaar: opt(tekst),
};
export const aangevraagdProduct = klasse('bericht', aangevraagdProductVelden);
export const client315 = klasse('bericht', { ...client315Velden, aangevraagdeProducten: lijst('AangevraagdProduct', aangevraagdProduct) });
export const aangevraagdProductRetour = klasse('bericht', metRetour(aangevraagdProductVelden));
export const client316 = klasse('bericht', metRetour({
  ...client315Velden,
  aangevraagdeProducten: lijst('AangevraagdProduct', aangevraagdProductRetour),
}));

// ---- 317 / 318 verzoek om wijziging

const ongewijzigdProductVelden = { toewijzingNummer: een(geheel) };
const teWijzigenProductVelden = {
  toewijzingNummer: een(geheel),
  gewensteIngangsdatum: een(datumType),
  einddatum: opt(datumType),
  omvang: opt(omvang),
  budget: opt(centen),
};
const nieuwProductVelden = {
  product: opt(product),
  gewensteIngangsdatum: een(datumType),
  einddatum: opt(datumType),
  omvang: opt(omvang),
  budget: opt(centen),
};
export const ongewijzigdProduct = klasse('bericht', ongewijzigdProductVelden);
export const teWijzigenProduct = klasse('bericht', teWijzigenProductVelden);
export const nieuwProduct = klasse('bericht', nieuwProductVelden);
const verzoekKop = { referentieAanbieder: een(tekst), redenVerzoek: een(code('1', '2')) };
export const verzoek = klasse('bericht', {
  ...verzoekKop,
  ongewijzigdeProducten: optLijst('OngewijzigdProduct', ongewijzigdProduct),
  teWijzigenProducten: optLijst('TeWijzigenProduct', teWijzigenProduct),
  nieuweProducten: optLijst('NieuwProduct', nieuwProduct),
});
export const client317 = klasse('bericht', { bsn: een(tekst), verzoek: een(verzoek) });
export const ongewijzigdProductRetour = klasse('bericht', metRetour(ongewijzigdProductVelden));
export const teWijzigenProductRetour = klasse('bericht', metRetour(teWijzigenProductVelden));
export const nieuwProductRetour = klasse('bericht', metRetour(nieuwProductVelden));
export const verzoekRetour = klasse('bericht', metRetour({
  ...verzoekKop,
  ongewijzigdeProducten: optLijst('OngewijzigdProduct', ongewijzigdProductRetour),
  teWijzigenProducten: optLijst('TeWijzigenProduct', teWijzigenProductRetour),
  nieuweProducten: optLijst('NieuwProduct', nieuwProductRetour),
}));
export const client318 = klasse('bericht', metRetour({ bsn: een(tekst), verzoek: een(verzoekRetour) }));

// ---- 319 / 320 antwoord

const redenAfwijzingVerzoek = code('1', '2', '3', '4', '5', '6', '7', '8', '9');
export const woonplaatsbeginsel = klasse('bericht', { gemeente: een(tekst) });
const antwoordKop = {
  referentieAanbieder: een(tekst),
  verzoekAntwoord: een(code('1', '2')),
  redenAfwijzingVerzoek: opt(redenAfwijzingVerzoek),
};
export const antwoord = klasse('bericht', { ...antwoordKop, woonplaatsbeginsel: opt(woonplaatsbeginsel, ['WMO319']) });
export const woonplaatsbeginselRetour = klasse('bericht', metRetour({ gemeente: een(tekst) }));
// iJw only: WMO319 and WMO320 have no Woonplaatsbeginsel.
export const antwoordRetour = klasse('bericht', metRetour({ ...antwoordKop, woonplaatsbeginsel: opt(woonplaatsbeginselRetour, ['WMO320']) }));

// ---- 323 declaratie / 325 declaratie-antwoord

const prestatieVelden = {
  productReferentie: een(referentie),
  toewijzingNummer: een(geheel),
  productCategorie: een(productCategorie),
  productCode: een(tekst),
  productPeriode: een(geslotenPeriode),
  geleverdVolume: een(geheel),
  eenheid: een(eenheid),
  productTarief: opt(centen),
  ingediendBedrag: een(bedragMetDC),
};
export const prestatie = klasse('bericht', prestatieVelden);
export const declaratieClient = klasse('bericht', { bsn: een(tekst), prestaties: lijst('Prestatie', prestatie) });
export const declaratieKopVelden = {
  declaratieNummer: een(tekst),
  declaratiePeriode: een(geslotenPeriode),
  declaratieDagtekening: een(datumType),
  totaalIngediendBedrag: een(totaalBedragMetDC),
};
export const declaratie = klasse('bericht', { ...declaratieKopVelden, clienten: lijst('Client', declaratieClient) });

export const prestatieRetour = klasse('bericht', metRetour(prestatieVelden));
export const declaratieAntwoordClient = klasse('bericht', metRetour({ bsn: een(tekst), prestaties: lijst('Prestatie', prestatieRetour) }));
export const declaratieAntwoordKopVelden = {
  declaratieNummer: een(tekst),
  totaalIngediendBedrag: een(totaalBedragMetDC),
  totaalToegekendBedrag: een(totaalBedragMetDC),
};
export const declaratieAntwoord = klasse('bericht', {
  ...declaratieAntwoordKopVelden,
  clienten: optLijst('Client', declaratieAntwoordClient),
  retourCodes: retourCodes(),
});

// ---- roots

export const ROOTS = {
  '301': klasse('bericht', { header: een(header), client: een(client301) }),
  '302': klasse('bericht', { header: een(retourHeader), client: opt(client302) }),
  '305': klasse('bericht', { header: een(header), client: een(client305) }),
  '306': klasse('bericht', { header: een(retourHeader), client: opt(client306) }),
  '307': klasse('bericht', { header: een(header), client: een(client307) }),
  '308': klasse('bericht', { header: een(retourHeader), client: opt(client308) }),
  '315': klasse('bericht', { header: een(header), client: een(client315) }),
  '316': klasse('bericht', { header: een(retourHeader), client: opt(client316) }),
  '317': klasse('bericht', { header: een(header), client: een(client317) }),
  '318': klasse('bericht', { header: een(retourHeader), client: opt(client318) }),
  '319': klasse('bericht', { header: een(header), antwoord: een(antwoord) }),
  '320': klasse('bericht', { header: een(retourHeader), antwoord: opt(antwoordRetour) }),
  '323': klasse('bericht', { header: een(header), declaratie: een(declaratie) }),
  '325': klasse('bericht', { header: een(header325), declaratieAntwoord: opt(declaratieAntwoord) }),
};
export type Soort = keyof typeof ROOTS;

/** The three-digit kind of a message type: `JW323` → `323`. */
export function soortVan(type: BerichtType): Soort {
  return type.slice(domeinVan(type).length) as Soort;
}
