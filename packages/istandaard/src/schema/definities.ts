/**
 * The iJw 3.2 / iWmo 3.2 message schemas as data: every simple type with its facets and every complex
 * type as a sequence of particles `[naam, type, minOccurs, maxOccurs]`. Written from the official XSDs
 * (basisschema 0.1.0 / 1.0.0 and the 28 message schemas); the structure is shared by both domains and
 * only the differences are spelled out per domain. Patterns are in XSD regex syntax and translated by
 * `xsd-regex.ts`. `$code` in a pattern stands for the message's BerichtCode.
 */
import type { BerichtDef, ComplexTypeDef, SimpleTypeDef } from './types';

const U = Infinity;

/** Simple types of the basisschema that are the same in iJw and iWmo. */
export const BASIS_SIMPLE: Record<string, SimpleTypeDef> = {
  LDT_AanduidingWoonadres: { base: "string", enumeration: ["AB", "BY", "TO", "WW"], maxLength: 2 },
  LDT_AdresSoort: { base: "string", enumeration: ["01", "02", "03", "04"], maxLength: 2 },
  LDT_AgbCode: { base: "string", patterns: ["[0-9]{8}"], minLength: 1, maxLength: 8 },
  LDT_Bedrag: { base: "integer", minInclusive: "0", maxInclusive: "99999999" },
  LDT_BerichtCode: { base: "string", minLength: 1, maxLength: 3 },
  LDT_BerichtSubversie: { base: "integer", minInclusive: "0", maxInclusive: "99" },
  LDT_BerichtVersie: { base: "integer", minInclusive: "0", maxInclusive: "99" },
  LDT_Budget: { base: "integer", minInclusive: "0", maxInclusive: "99999999" },
  LDT_BurgerServicenummer: { base: "string", patterns: ["[0-9]{9}"], minLength: 1, maxLength: 9 },
  LDT_Commentaar: { base: "string", patterns: ["([.\\s]*\\S+[.\\s]*)+"], minLength: 1 },
  LDT_Communicatievorm: { base: "string", enumeration: ["1", "2", "3"], maxLength: 1 },
  LDT_Datum: { base: "date", patterns: ["[^:Z]*"] },
  LDT_DatumGebruik: { base: "string", enumeration: ["1", "2", "3"], maxLength: 1 },
  LDT_DebetCredit: { base: "string", enumeration: ["C", "D"], maxLength: 1 },
  LDT_Eenheid: { base: "string", enumeration: ["01", "04", "14", "16", "82", "83", "84"], maxLength: 2 },
  LDT_Emailadres: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 80 },
  LDT_Frequentie: { base: "string", enumeration: ["1", "2", "4", "6"], maxLength: 1 },
  LDT_Gemeente: { base: "string", patterns: ["[0-9]{4}"], minLength: 1 },
  LDT_Geslacht: { base: "string", enumeration: ["0", "1", "2"], maxLength: 1 },
  LDT_Huisletter: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 1 },
  LDT_Huisnummer: { base: "integer", minInclusive: "0", maxInclusive: "99999" },
  LDT_HuisnummerToevoeging: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 4 },
  LDT_IdentificatieBericht: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 12 },
  LDT_IdentificatieDeclaratie: { base: "string", minLength: 1, maxLength: 12 },
  LDT_JaNee: { base: "string", enumeration: ["1", "2"], maxLength: 1 },
  LDT_JuridischeStatus: { base: "string", enumeration: ["01", "02", "03", "04", "05", "11", "12"], maxLength: 2 },
  LDT_LandCode: { base: "string", enumeration: ["AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"], maxLength: 2 },
  LDT_Landnummer: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 4 },
  LDT_Naam: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 200 },
  LDT_NaamGebruik: { base: "string", enumeration: ["1", "2", "3", "4", "5", "6"], maxLength: 1 },
  LDT_NaamVerwijzer: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 64 },
  LDT_Nummer: { base: "integer", minInclusive: "0", maxInclusive: "999999999" },
  LDT_Organisatienaam: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 35 },
  LDT_Persoonsid: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 20 },
  LDT_Plaatsnaam: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 80 },
  LDT_Postcode: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 8 },
  LDT_ProductCode: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 5 },
  LDT_RedenAfwijzingVerzoek: { base: "string", enumeration: ["1", "2", "3", "4", "5", "6", "7", "8", "9"], maxLength: 2 },
  LDT_RedenVerzoek: { base: "string", enumeration: ["1", "2"], maxLength: 1 },
  LDT_RedenWijziging: { base: "string", enumeration: ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14"], maxLength: 2 },
  LDT_Referentie: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 36 },
  LDT_ReferentieNummer: { base: "string", minLength: 1, maxLength: 20 },
  LDT_RelatieVolgorde: { base: "integer", minInclusive: "0", maxInclusive: "99" },
  LDT_RetourCode: { base: "string", enumeration: ["0001", "0200", "0233", "0611", "8001", "8017", "8021", "8187", "8214", "8848", "9019", "9056", "9063", "9069", "9071", "9074", "9307", "9308", "9319", "9321", "9322", "9326", "9332", "9333", "9338", "9339", "9340", "9341", "9346", "9347", "9349", "9350", "9351", "9355", "9357", "9359", "9360", "9361", "9365", "9366", "9367", "9369", "9373", "9374", "9375", "9379", "9384", "9385", "9387", "9388", "9389", "9390", "9411", "9412", "9413", "9414", "9415", "S300", "S329"], maxLength: 4 },
  LDT_SoortRelatie: { base: "string", enumeration: ["03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25"], maxLength: 2 },
  LDT_StatusAanlevering: { base: "string", enumeration: ["1", "2", "3", "9"], maxLength: 1 },
  LDT_Straatnaam: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 24 },
  LDT_Taal: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 25 },
  LDT_Telefoonnummer: { base: "string", patterns: ["[0-9]*"], minLength: 1, maxLength: 15 },
  LDT_Tijd: { base: "time", patterns: ["[^Z+-]+"] },
  LDT_TotaalBedrag: { base: "integer", minInclusive: "0", maxInclusive: "999999999999" },
  LDT_TypeVerwijzer: { base: "string", enumeration: ["01", "02", "03", "04", "05", "06", "08"], maxLength: 2 },
  LDT_Versie: { base: "string", patterns: ["(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)"], minLength: 1 },
  LDT_VerzoekAntwoord: { base: "string", enumeration: ["1", "2"], maxLength: 1 },
  LDT_Volume: { base: "integer", minInclusive: "0", maxInclusive: "99999999" },
  LDT_Voorletters: { base: "string", patterns: ["([a-zA-ZÀ-ỳ])+"], minLength: 1, maxLength: 6 },
  LDT_Voorvoegsel: { base: "string", patterns: [".*[^\\s].*"], minLength: 1, maxLength: 10 },
  LDT_WettelijkeVertegenwoordiging: { base: "string", enumeration: ["06", "07", "08", "09", "10"], maxLength: 2 },
};

/** Simple types whose enumeration differs between the domains. */
export const BASIS_SIMPLE_PER_DOMEIN: Record<"JW" | "WMO", Record<string, SimpleTypeDef>> = {
  JW: {
    LDT_ProductCategorie: { base: "string", enumeration: ["31", "32", "33", "34", "35", "36", "37", "38", "40", "41", "42", "43", "44", "45", "46", "47", "48", "49", "50", "51", "52", "53", "54", "55"], maxLength: 2 },
    LDT_RedenBeeindiging: { base: "string", enumeration: ["02", "20", "31", "32", "33", "34", "35", "36", "37", "38", "39"], maxLength: 2 },
  },
  WMO: {
    LDT_ProductCategorie: { base: "string", enumeration: ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18"], maxLength: 2 },
    LDT_RedenBeeindiging: { base: "string", enumeration: ["02", "19", "20", "21", "22", "23", "31", "36", "37", "38", "39"], maxLength: 2 },
  },
};

/** Complex types of the basisschema (their child elements are in the basisschema namespace). */
export const BASIS_COMPLEX: Record<string, ComplexTypeDef> = {
  CDT_Achternaam: [
    ["Achternaam", "LDT_Naam", 1, 1],
    ["Voorvoegsel", "LDT_Voorvoegsel", 0, 1],
  ],
  CDT_Adres: [
    ["Huis", "CDT_Huis", 0, 1],
    ["Postcode", "LDT_Postcode", 0, 1],
    ["Straatnaam", "LDT_Straatnaam", 0, 1],
    ["Plaatsnaam", "LDT_Plaatsnaam", 0, 1],
    ["LandCode", "LDT_LandCode", 0, 1],
  ],
  CDT_BedragMetDC: [
    ["Bedrag", "LDT_Bedrag", 1, 1],
    ["DebetCredit", "LDT_DebetCredit", 1, 1],
  ],
  CDT_BerichtIdentificatie: [
    ["Identificatie", "LDT_IdentificatieBericht", 1, 1],
    ["Dagtekening", "LDT_Datum", 1, 1],
  ],
  CDT_Communicatie: [
    ["Vorm", "LDT_Communicatievorm", 1, 1],
    ["Taal", "LDT_Taal", 0, 1],
  ],
  CDT_Geboortedatum: [
    ["Datum", "LDT_Datum", 1, 1],
    ["DatumGebruik", "LDT_DatumGebruik", 0, 1],
  ],
  CDT_GeslotenPeriode: [
    ["Begindatum", "LDT_Datum", 1, 1],
    ["Einddatum", "LDT_Datum", 1, 1],
  ],
  CDT_Huis: [
    ["Huisnummer", "LDT_Huisnummer", 1, 1],
    ["Huisletter", "LDT_Huisletter", 0, 1],
    ["HuisnummerToevoeging", "LDT_HuisnummerToevoeging", 0, 1],
    ["AanduidingWoonadres", "LDT_AanduidingWoonadres", 0, 1],
  ],
  CDT_Omvang: [
    ["Volume", "LDT_Volume", 1, 1],
    ["Eenheid", "LDT_Eenheid", 1, 1],
    ["Frequentie", "LDT_Frequentie", 1, 1],
  ],
  CDT_OpenPeriode: [
    ["Begindatum", "LDT_Datum", 0, 1],
    ["Einddatum", "LDT_Datum", 0, 1],
  ],
  CDT_Product: [
    ["Categorie", "LDT_ProductCategorie", 1, 1],
    ["Code", "LDT_ProductCode", 0, 1],
  ],
  CDT_Referentie: [
    ["ReferentieNummer", "LDT_ReferentieNummer", 1, 1],
    ["VorigReferentieNummer", "LDT_ReferentieNummer", 0, 1],
  ],
  CDT_Telefoon: [
    ["Telefoonnummer", "LDT_Telefoonnummer", 1, 1],
    ["Landnummer", "LDT_Landnummer", 1, 1],
  ],
  CDT_Telefoonnummers: [
    ["Telefoon01", "CDT_Telefoon", 1, 1],
    ["Telefoon02", "CDT_Telefoon", 0, 1],
  ],
  CDT_TotaalBedragMetDC: [
    ["TotaalBedrag", "LDT_TotaalBedrag", 1, 1],
    ["DebetCredit", "LDT_DebetCredit", 1, 1],
  ],
  CDT_VerkorteNaam: [
    ["Geslachtsnaam", "CDT_Achternaam", 1, 1],
    ["Voornamen", "LDT_Naam", 0, 1],
    ["Voorletters", "LDT_Voorletters", 0, 1],
  ],
  CDT_Verwijzer: [
    ["Type", "LDT_TypeVerwijzer", 1, 1],
    ["Naam", "LDT_NaamVerwijzer", 0, 1],
    ["ZorgverlenerCode", "LDT_AgbCode", 0, 1],
  ],
  CDT_VolledigeNaam: [
    ["Geslachtsnaam", "CDT_Achternaam", 1, 1],
    ["Partnernaam", "CDT_Achternaam", 0, 1],
    ["Voornamen", "LDT_Naam", 0, 1],
    ["Voorletters", "LDT_Voorletters", 0, 1],
    ["NaamGebruik", "LDT_NaamGebruik", 1, 1],
  ],
  CDT_XsdVersie: [
    ["BasisschemaXsdVersie", "LDT_Versie", 1, 1],
    ["BerichtXsdVersie", "LDT_Versie", 1, 1],
  ],
};

/** Per message number: BerichtCode per domain and the message-local complex types (root type `Root`). */
const HEEN: Record<string, BerichtDef> = {
  '301': {
    code: { JW: '436', WMO: '414' },
    types: {
      Root: [
        ["Header", "Header", 1, 1],
        ["Client", "Client", 1, 1],
      ],
      Header: [
        ["BerichtCode", { restrict: "LDT_BerichtCode", patterns: ["$code"] }, 1, 1],
        ["BerichtVersie", { restrict: "LDT_BerichtVersie", patterns: ["3"], regel: "CS025" }, 1, 1],
        ["BerichtSubversie", { restrict: "LDT_BerichtSubversie", patterns: ["2"], regel: "CS015" }, 1, 1],
        ["Afzender", "LDT_Gemeente", 1, 1],
        ["Ontvanger", "LDT_AgbCode", 1, 1],
        ["BerichtIdentificatie", "CDT_BerichtIdentificatie", 1, 1],
        ["XsdVersie", "CDT_XsdVersie", 1, 1],
      ],
      Client: [
        ["Bsn", "LDT_BurgerServicenummer", 1, 1],
        ["Geboortedatum", "CDT_Geboortedatum", 1, 1],
        ["Geslacht", "LDT_Geslacht", 1, 1],
        ["Naam", "CDT_VolledigeNaam", 1, 1],
        ["Communicatie", "CDT_Communicatie", 0, 1],
        ["JuridischeStatus", "LDT_JuridischeStatus", 0, 1],
        ["WettelijkeVertegenwoordiging", "LDT_WettelijkeVertegenwoordiging", 0, 1],
        ["Commentaar", "LDT_Commentaar", 0, 1],
        ["Relaties", "Relaties", 0, 1],
        ["Contactgegevens", "Contactgegevens", 1, 1],
        ["ToegewezenProducten", "ToegewezenProducten", 1, 1],
      ],
      Relaties: [
        ["Relatie", "Relatie", 1, U],
      ],
      Relatie: [
        ["Nummer", "LDT_Persoonsid", 1, 1],
        ["Volgorde", "LDT_RelatieVolgorde", 0, 1],
        ["Soort", "LDT_SoortRelatie", 1, 1],
        ["Geboortedatum", "CDT_Geboortedatum", 0, 1],
        ["Geslacht", "LDT_Geslacht", 0, 1],
        ["Naam", "CDT_VolledigeNaam", 1, 1],
        ["Contact", "Contact", 1, 1],
      ],
      Contact: [
        ["Soort", "LDT_AdresSoort", 1, 1],
        ["Adres", "CDT_Adres", 0, 1],
        ["Organisatie", "LDT_Organisatienaam", 0, 1],
        ["Telefoon", "CDT_Telefoonnummers", 0, 1],
        ["Emailadres", "LDT_Emailadres", 0, 1],
        ["Periode", "CDT_OpenPeriode", 0, 1],
      ],
      Contactgegevens: [
        ["Contact", "Contact", 1, U],
      ],
      ToegewezenProducten: [
        ["ToegewezenProduct", "ToegewezenProduct", 1, U],
      ],
      ToegewezenProduct: [
        ["ToewijzingNummer", "LDT_Nummer", 1, 1],
        ["ReferentieAanbieder", "LDT_Referentie", 0, 1],
        ["Product", "CDT_Product", 0, 1],
        ["Toewijzingsdatum", "LDT_Datum", 1, 1],
        ["Toewijzingstijd", "LDT_Tijd", 1, 1],
        ["Ingangsdatum", "LDT_Datum", 1, 1],
        ["Einddatum", "LDT_Datum", 0, 1],
        ["RedenWijziging", "LDT_RedenWijziging", 0, 1],
        ["Omvang", "CDT_Omvang", 0, 1],
        ["Budget", "LDT_Budget", 0, 1],
        ["Commentaar", "LDT_Commentaar", 0, 1],
      ],
    },
  },
  '305': {
    code: { JW: '438', WMO: '418' },
    types: {
      Root: [
        ["Header", "Header", 1, 1],
        ["Client", "Client", 1, 1],
      ],
      Header: [
        ["BerichtCode", { restrict: "LDT_BerichtCode", patterns: ["$code"] }, 1, 1],
        ["BerichtVersie", { restrict: "LDT_BerichtVersie", patterns: ["3"], regel: "CS025" }, 1, 1],
        ["BerichtSubversie", { restrict: "LDT_BerichtSubversie", patterns: ["2"], regel: "CS015" }, 1, 1],
        ["Afzender", "LDT_AgbCode", 1, 1],
        ["Ontvanger", "LDT_Gemeente", 1, 1],
        ["BerichtIdentificatie", "CDT_BerichtIdentificatie", 1, 1],
        ["XsdVersie", "CDT_XsdVersie", 1, 1],
      ],
      Client: [
        ["Bsn", "LDT_BurgerServicenummer", 1, 1],
        ["Geboortedatum", "CDT_Geboortedatum", 1, 1],
        ["Geslacht", "LDT_Geslacht", 1, 1],
        ["Naam", "CDT_VerkorteNaam", 1, 1],
        ["StartProducten", "StartProducten", 1, 1],
      ],
      StartProducten: [
        ["StartProduct", "StartProduct", 1, U],
      ],
      StartProduct: [
        ["ToewijzingNummer", "LDT_Nummer", 0, 1],
        ["Product", "CDT_Product", 0, 1],
        ["ToewijzingIngangsdatum", "LDT_Datum", 0, 1],
        ["Begindatum", "LDT_Datum", 1, 1],
        ["StatusAanlevering", "LDT_StatusAanlevering", 1, 1],
      ],
    },
  },
  '307': {
    code: { JW: '440', WMO: '420' },
    types: {
      Root: [
        ["Header", "Header", 1, 1],
        ["Client", "Client", 1, 1],
      ],
      Header: [
        ["BerichtCode", { restrict: "LDT_BerichtCode", patterns: ["$code"] }, 1, 1],
        ["BerichtVersie", { restrict: "LDT_BerichtVersie", patterns: ["3"], regel: "CS025" }, 1, 1],
        ["BerichtSubversie", { restrict: "LDT_BerichtSubversie", patterns: ["2"], regel: "CS015" }, 1, 1],
        ["Afzender", "LDT_AgbCode", 1, 1],
        ["Ontvanger", "LDT_Gemeente", 1, 1],
        ["BerichtIdentificatie", "CDT_BerichtIdentificatie", 1, 1],
        ["XsdVersie", "CDT_XsdVersie", 1, 1],
      ],
      Client: [
        ["Bsn", "LDT_BurgerServicenummer", 1, 1],
        ["Geboortedatum", "CDT_Geboortedatum", 1, 1],
        ["Geslacht", "LDT_Geslacht", 1, 1],
        ["Naam", "CDT_VerkorteNaam", 1, 1],
        ["StopProducten", "StopProducten", 1, 1],
      ],
      StopProducten: [
        ["StopProduct", "StopProduct", 1, U],
      ],
      StopProduct: [
        ["ToewijzingNummer", "LDT_Nummer", 0, 1],
        ["Product", "CDT_Product", 0, 1],
        ["ToewijzingIngangsdatum", "LDT_Datum", 0, 1],
        ["Begindatum", "LDT_Datum", 1, 1],
        ["RedenBeeindiging", "LDT_RedenBeeindiging", 1, 1],
        ["Einddatum", "LDT_Datum", 1, 1],
        ["StatusAanlevering", "LDT_StatusAanlevering", 1, 1],
      ],
    },
  },
  '315': {
    code: { JW: '446', WMO: '444' },
    types: {
      Root: [
        ["Header", "Header", 1, 1],
        ["Client", "Client", 1, 1],
      ],
      Header: [
        ["BerichtCode", { restrict: "LDT_BerichtCode", patterns: ["$code"] }, 1, 1],
        ["BerichtVersie", { restrict: "LDT_BerichtVersie", patterns: ["3"], regel: "CS025" }, 1, 1],
        ["BerichtSubversie", { restrict: "LDT_BerichtSubversie", patterns: ["2"], regel: "CS015" }, 1, 1],
        ["Afzender", "LDT_AgbCode", 1, 1],
        ["Ontvanger", "LDT_Gemeente", 1, 1],
        ["BerichtIdentificatie", "CDT_BerichtIdentificatie", 1, 1],
        ["XsdVersie", "CDT_XsdVersie", 1, 1],
      ],
      Client: [
        ["Bsn", "LDT_BurgerServicenummer", 1, 1],
        ["Geboortedatum", "CDT_Geboortedatum", 1, 1],
        ["Geslacht", "LDT_Geslacht", 1, 1],
        ["Naam", "CDT_VerkorteNaam", 1, 1],
        ["GezagsdragerBekend", "LDT_JaNee", 0, 1],
        ["Commentaar", "LDT_Commentaar", 0, 1],
        ["AangevraagdeProducten", "AangevraagdeProducten", 1, 1],
      ],
      AangevraagdeProducten: [
        ["AangevraagdProduct", "AangevraagdProduct", 1, U],
      ],
      AangevraagdProduct: [
        ["ReferentieAanbieder", "LDT_Referentie", 1, 1],
        ["BeschikkingNummer", "LDT_Nummer", 0, 1],
        ["Product", "CDT_Product", 0, 1],
        ["BeschikkingIngangsdatum", "LDT_Datum", 0, 1],
        ["ToewijzingIngangsdatum", "LDT_Datum", 1, 1],
        ["ToewijzingEinddatum", "LDT_Datum", 0, 1],
        ["Omvang", "CDT_Omvang", 0, 1],
        ["Budget", "LDT_Budget", 0, 1],
        ["Verwijzer", "CDT_Verwijzer", 1, 1],
        ["Raamcontract", "LDT_JaNee", 0, 1],
        ["Commentaar", "LDT_Commentaar", 0, 1],
      ],
    },
    wmo: {
      Client: [
        ["Bsn", "LDT_BurgerServicenummer", 1, 1],
        ["Geboortedatum", "CDT_Geboortedatum", 1, 1],
        ["Geslacht", "LDT_Geslacht", 1, 1],
        ["Naam", "CDT_VerkorteNaam", 1, 1],
        ["Commentaar", "LDT_Commentaar", 0, 1],
        ["AangevraagdeProducten", "AangevraagdeProducten", 1, 1],
      ],
    },
  },
  '317': {
    code: { JW: '486', WMO: '480' },
    types: {
      Root: [
        ["Header", "Header", 1, 1],
        ["Client", "Client", 1, 1],
      ],
      Header: [
        ["BerichtCode", { restrict: "LDT_BerichtCode", patterns: ["$code"] }, 1, 1],
        ["BerichtVersie", { restrict: "LDT_BerichtVersie", patterns: ["3"], regel: "CS025" }, 1, 1],
        ["BerichtSubversie", { restrict: "LDT_BerichtSubversie", patterns: ["2"], regel: "CS015" }, 1, 1],
        ["Afzender", "LDT_AgbCode", 1, 1],
        ["Ontvanger", "LDT_Gemeente", 1, 1],
        ["BerichtIdentificatie", "CDT_BerichtIdentificatie", 1, 1],
        ["XsdVersie", "CDT_XsdVersie", 1, 1],
      ],
      Client: [
        ["Bsn", "LDT_BurgerServicenummer", 1, 1],
        ["Verzoek", "Verzoek", 1, 1],
      ],
      Verzoek: [
        ["ReferentieAanbieder", "LDT_Referentie", 1, 1],
        ["RedenVerzoek", "LDT_RedenVerzoek", 1, 1],
        ["OngewijzigdeProducten", "OngewijzigdeProducten", 0, 1],
        ["TeWijzigenProducten", "TeWijzigenProducten", 0, 1],
        ["NieuweProducten", "NieuweProducten", 0, 1],
      ],
      OngewijzigdeProducten: [
        ["OngewijzigdProduct", "OngewijzigdProduct", 1, U],
      ],
      OngewijzigdProduct: [
        ["ToewijzingNummer", "LDT_Nummer", 1, 1],
      ],
      TeWijzigenProducten: [
        ["TeWijzigenProduct", "TeWijzigenProduct", 1, U],
      ],
      TeWijzigenProduct: [
        ["ToewijzingNummer", "LDT_Nummer", 1, 1],
        ["GewensteIngangsdatum", "LDT_Datum", 1, 1],
        ["Einddatum", "LDT_Datum", 0, 1],
        ["Omvang", "CDT_Omvang", 0, 1],
        ["Budget", "LDT_Budget", 0, 1],
      ],
      NieuweProducten: [
        ["NieuwProduct", "NieuwProduct", 1, U],
      ],
      NieuwProduct: [
        ["Product", "CDT_Product", 0, 1],
        ["GewensteIngangsdatum", "LDT_Datum", 1, 1],
        ["Einddatum", "LDT_Datum", 0, 1],
        ["Omvang", "CDT_Omvang", 0, 1],
        ["Budget", "LDT_Budget", 0, 1],
      ],
    },
  },
  '319': {
    code: { JW: '488', WMO: '482' },
    types: {
      Root: [
        ["Header", "Header", 1, 1],
        ["Antwoord", "Antwoord", 1, 1],
      ],
      Header: [
        ["BerichtCode", { restrict: "LDT_BerichtCode", patterns: ["$code"] }, 1, 1],
        ["BerichtVersie", { restrict: "LDT_BerichtVersie", patterns: ["3"], regel: "CS025" }, 1, 1],
        ["BerichtSubversie", { restrict: "LDT_BerichtSubversie", patterns: ["2"], regel: "CS015" }, 1, 1],
        ["Afzender", "LDT_Gemeente", 1, 1],
        ["Ontvanger", "LDT_AgbCode", 1, 1],
        ["BerichtIdentificatie", "CDT_BerichtIdentificatie", 1, 1],
        ["XsdVersie", "CDT_XsdVersie", 1, 1],
      ],
      Antwoord: [
        ["ReferentieAanbieder", "LDT_Referentie", 1, 1],
        ["VerzoekAntwoord", "LDT_VerzoekAntwoord", 1, 1],
        ["RedenAfwijzingVerzoek", "LDT_RedenAfwijzingVerzoek", 0, 1],
        ["Woonplaatsbeginsel", "Woonplaatsbeginsel", 0, 1],
      ],
      Woonplaatsbeginsel: [
        ["Gemeente", "LDT_Gemeente", 1, 1],
      ],
    },
    wmo: {
      Antwoord: [
        ["ReferentieAanbieder", "LDT_Referentie", 1, 1],
        ["VerzoekAntwoord", "LDT_VerzoekAntwoord", 1, 1],
        ["RedenAfwijzingVerzoek", "LDT_RedenAfwijzingVerzoek", 0, 1],
      ],
    },
  },
  '323': {
    code: { JW: '490', WMO: '484' },
    types: {
      Root: [
        ["Header", "Header", 1, 1],
        ["Declaratie", "Declaratie", 1, 1],
      ],
      Header: [
        ["BerichtCode", { restrict: "LDT_BerichtCode", patterns: ["$code"] }, 1, 1],
        ["BerichtVersie", { restrict: "LDT_BerichtVersie", patterns: ["3"], regel: "CS025" }, 1, 1],
        ["BerichtSubversie", { restrict: "LDT_BerichtSubversie", patterns: ["2"], regel: "CS015" }, 1, 1],
        ["Afzender", "LDT_AgbCode", 1, 1],
        ["Ontvanger", "LDT_Gemeente", 1, 1],
        ["BerichtIdentificatie", "CDT_BerichtIdentificatie", 1, 1],
        ["XsdVersie", "CDT_XsdVersie", 1, 1],
      ],
      Declaratie: [
        ["DeclaratieNummer", { restrict: "LDT_IdentificatieDeclaratie", patterns: ["([a-zA-Z0-9])+"], regel: "CS319" }, 1, 1],
        ["DeclaratiePeriode", "CDT_GeslotenPeriode", 1, 1],
        ["DeclaratieDagtekening", "LDT_Datum", 1, 1],
        ["TotaalIngediendBedrag", "CDT_TotaalBedragMetDC", 1, 1],
        ["Clienten", "Clienten", 1, 1],
      ],
      Clienten: [
        ["Client", "Client", 1, U],
      ],
      Client: [
        ["Bsn", "LDT_BurgerServicenummer", 1, 1],
        ["Prestaties", "Prestaties", 1, 1],
      ],
      Prestaties: [
        ["Prestatie", "Prestatie", 1, U],
      ],
      Prestatie: [
        ["ProductReferentie", "CDT_Referentie", 1, 1],
        ["ToewijzingNummer", "LDT_Nummer", 1, 1],
        ["ProductCategorie", "LDT_ProductCategorie", 1, 1],
        ["ProductCode", "LDT_ProductCode", 1, 1],
        ["ProductPeriode", "CDT_GeslotenPeriode", 1, 1],
        ["GeleverdVolume", "LDT_Volume", 1, 1],
        ["Eenheid", "LDT_Eenheid", 1, 1],
        ["ProductTarief", "LDT_Bedrag", 0, 1],
        ["IngediendBedrag", "CDT_BedragMetDC", 1, 1],
      ],
    },
  },
};

const RETOUR_HEADER: ComplexTypeDef = [
  ["IdentificatieRetour", "LDT_IdentificatieBericht", 1, 1],
  ["DagtekeningRetour", "LDT_Datum", 1, 1],
  ["XsltVersie", "LDT_Versie", 0, 1],
  ["XsdVersieRetour", "CDT_XsdVersie", 1, 1],
  ["RetourCodes", "RetourCodes", 0, 1],
];
const RETOUR_CODES: ComplexTypeDef = [["RetourCode", "LDT_RetourCode", 1, U]];

/**
 * A retour type of the standard from its heen type: every class of the heenbericht, each followed by
 * its RetourCodes; wrapper types (one repeated class, `Relaties`, `StartProducten`, ...) unchanged; the
 * root's content optional (a retour rejected on its header carries only the header); the header
 * extended with the retour identification. Deriving it keeps the pairs from drifting apart.
 */
function retourTypes(heen: Record<string, ComplexTypeDef>): Record<string, ComplexTypeDef> {
  const types: Record<string, ComplexTypeDef> = { RetourCodes: RETOUR_CODES };
  for (const [naam, def] of Object.entries(heen)) {
    if (naam === 'Root') types.Root = def.map(([n, t, min, max]) => [n, t, n === 'Header' ? min : 0, max] as const);
    // The regelrapport names CS015/CS025 for the heenberichten only: a retour reports its pattern as XSD.
    else if (naam === 'Header') types.Header = [...def.map(([n, t, min, max]) => [n, typeof t === 'string' ? t : zonderRegel(t), min, max] as const), ...RETOUR_HEADER];
    else if (def.length === 1 && def[0][3] > 1) types[naam] = def;
    else types[naam] = [...def, ["RetourCodes", "RetourCodes", 1, 1]];
  }
  return types;
}

function zonderRegel({ regel: _regel, ...t }: SimpleTypeDef): SimpleTypeDef {
  return t;
}

/** The retourbericht of a heenbericht: its own BerichtCodes, the types derived per domain. */
function retour(heen: BerichtDef, code: { JW: string; WMO: string }): BerichtDef {
  const wmo = { ...heen.types, ...heen.wmo };
  // The iWmo types that differ (WMO316 without GezagsdragerBekend, WMO320 without Woonplaatsbeginsel)
  // follow from the iWmo heen types, and a class the iWmo heenbericht does not use is not in its retour.
  const gebruikt = (types: Record<string, ComplexTypeDef>) => {
    const bereik = new Set<string>(['Root']);
    for (const naam of bereik) for (const [, t] of types[naam] ?? []) if (typeof t === 'string' && Object.hasOwn(types, t)) bereik.add(t);
    return Object.fromEntries(Object.entries(types).filter(([n]) => bereik.has(n)));
  };
  const jwTypes = retourTypes(heen.types);
  const wmoTypes = retourTypes(gebruikt(wmo));
  const verschil = Object.fromEntries(Object.entries(wmoTypes).filter(([n, t]) => JSON.stringify(t) !== JSON.stringify(jwTypes[n])));
  return { code, types: jwTypes, ...(Object.keys(verschil).length ? { wmo: verschil } : {}) };
}

/** Every message: the heenberichten as written from the XSDs, the retourberichten derived from them. */
export const BERICHTEN: Record<string, BerichtDef> = {
  ...HEEN,
  '302': retour(HEEN['301'], { JW: '437', WMO: '415' }),
  '306': retour(HEEN['305'], { JW: '439', WMO: '419' }),
  '308': retour(HEEN['307'], { JW: '441', WMO: '421' }),
  '316': retour(HEEN['315'], { JW: '447', WMO: '445' }),
  '318': retour(HEEN['317'], { JW: '487', WMO: '481' }),
  '320': retour(HEEN['319'], { JW: '489', WMO: '483' }),
  // The declaratie-antwoord has its own header and head class; its clients and prestaties are those
  // of the declaratie with their RetourCodes.
  '325': {
    code: { JW: '491', WMO: '485' },
    types: {
      Root: [
        ["Header", "Header", 1, 1],
        ["DeclaratieAntwoord", "DeclaratieAntwoord", 0, 1],
      ],
      Header: [
        ["BerichtCode", { restrict: "LDT_BerichtCode", patterns: ["$code"] }, 1, 1],
        ["BerichtVersie", { restrict: "LDT_BerichtVersie", patterns: ["3"], regel: "CS025" }, 1, 1],
        ["BerichtSubversie", { restrict: "LDT_BerichtSubversie", patterns: ["2"], regel: "CS015" }, 1, 1],
        ["Afzender", "LDT_Gemeente", 1, 1],
        ["Ontvanger", "LDT_AgbCode", 1, 1],
        ["BerichtIdentificatie", "CDT_BerichtIdentificatie", 1, 1],
        ["XsdVersie", "CDT_XsdVersie", 1, 1],
        ["DeclaratieIdentificatie", "CDT_BerichtIdentificatie", 1, 1],
        ["XsltVersie", "LDT_Versie", 0, 1],
        ["XsdVersieDeclaratie", "CDT_XsdVersie", 1, 1],
        ["RetourCodes", "RetourCodes", 1, 1],
      ],
      RetourCodes: [
        ["RetourCode", "LDT_RetourCode", 1, U],
      ],
      DeclaratieAntwoord: [
        ["DeclaratieNummer", "LDT_IdentificatieDeclaratie", 1, 1],
        ["TotaalIngediendBedrag", "CDT_TotaalBedragMetDC", 1, 1],
        ["TotaalToegekendBedrag", "CDT_TotaalBedragMetDC", 1, 1],
        ["Clienten", "Clienten", 0, 1],
        ["RetourCodes", "RetourCodes", 1, 1],
      ],
      ...retourTypes({ Clienten: HEEN['323'].types.Clienten, Client: HEEN['323'].types.Client, Prestaties: HEEN['323'].types.Prestaties, Prestatie: HEEN['323'].types.Prestatie }),
    },
  },
};
