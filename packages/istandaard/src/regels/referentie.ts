/**
 * Reference data for answers and feedback: the retourcodes of iJw/iWmo 3.2 (WJ001) and every rule
 * this package checks in a message: the technical rules of niveau "bericht", TR135 and TR319, and the
 * conditions (CD) and constraints (CS) of the regelrapport. Runtime data lives here; the published CSV
 * lists are only used by the tests to prove this copy is faithful.
 */

/** Retourcode → meaning (WJ001). */
export const RETOURCODES: Readonly<Record<string, string>> = {
  '0001': 'Bericht (of berichtklasse) afgekeurd om technische redenen (schema of in-bericht regel)',
  '0200': 'Geen opmerking over deze berichtklasse (goedgekeurd)',
  '0233': 'Berichtklasse is niet beoordeeld',
  '8001': 'Declaratie is volledig toegewezen',
  '0611': 'Ingediend tarief wijkt af van het contractuele tarief',
  '8017': 'Creditprestatie zonder bekende (goedgekeurde) debetprestatie',
  '8021': 'ReferentieNummer van de prestatie is al eerder aangeleverd',
  '8187': 'Prestatie/product hoort niet bij deze client (Bsn)',
  '8214': 'DeclaratiePeriode sluit niet aan op de vorige declaratieperiode terwijl elke periode zorg is geleverd',
  '8848': 'Dagtekening ligt na de systeemdatum',
  '9019': 'Start/stop is niet te koppelen aan een toewijzing',
  '9056': 'BerichtIdentificatie is niet uniek voor deze afzender en berichtsoort',
  '9063': 'Verwijderen (StatusAanlevering 3) zonder eerdere aanlevering met dezelfde sleutel',
  '9069': 'Er is geen actueel startbericht met dezelfde sleutel',
  '9071': 'Start kan niet verwijderd worden want de levering is al gestopt',
  '9074': 'Er is al een eerder bericht met dezelfde sleutel ontvangen',
  '9307': 'Begindatum prestatie ligt voor de ingangsdatum van de toewijzing',
  '9308': 'Einddatum prestatie ligt na de einddatum van de toewijzing',
  '9319': 'ProductPeriode valt niet binnen de (huidige of een eerdere) declaratieperiode',
  '9321': 'Geleverd volume overschrijdt het toegewezen volume voor de periode',
  '9322': 'Som van geleverde volumes overschrijdt het toegewezen volume over de looptijd',
  '9326': 'Nieuwe start terwijl de actuele levering nog niet is gestopt',
  '9332': 'ToewijzingNummer niet uniek binnen gemeente en wettelijk domein',
  '9333': 'DeclaratieNummer niet uniek voor de aanbieder',
  '9338': 'Prestatie niet te koppelen aan een toegewezen product via ToewijzingNummer',
  '9339': 'ProductCategorie wijkt af van de toewijzing',
  '9340': 'ProductCode wijkt af van de toewijzing',
  '9341': 'Eenheid past niet bij de eenheid van de toewijzing',
  '9346': 'IngediendBedrag is niet GeleverdVolume x ProductTarief (eenheid <> 83)',
  '9347': 'ReferentieAanbieder is niet uniek voor de aanbieder',
  '9349': 'VOW bevat niet alle actuele toegewezen producten van de client',
  '9350': 'OngewijzigdProduct hoort niet bij een actuele toewijzing',
  '9351': 'TeWijzigenProduct hoort niet bij een actuele toewijzing',
  '9357': 'GewensteIngangsdatum ligt niet in de toekomst maar wijkt af van de oorspronkelijke ingangsdatum',
  '9359': 'Er is al een toewijzing gestuurd voor deze ReferentieAanbieder',
  '9360': "Er is al een antwoordbericht 'in onderzoek' voor deze ReferentieAanbieder",
  '9361': 'Product komt vaker voor met overlappende periodes',
  '9365': "Eerder antwoordbericht voor deze ReferentieAanbieder was geen 'in onderzoek'",
  '9366': 'ProductReferentie komt niet voor in een declaratiebericht',
  '9367': 'Waarde wijkt af van het declaratiebericht met dezelfde ProductReferentie',
  '9369': 'Som van geleverde volumes past niet binnen het toegewezen budget',
  '9373': 'Budgetwijziging met een GewensteIngangsdatum die afwijkt van de actuele toewijzing',
  '9374': 'Er is al een verzoek onderhanden voor deze client bij deze aanbieder',
  '9375': 'Omvang gevuld terwijl het product in de toewijzing leeg is',
  '9379': 'ReferentieAanbieder onterecht gevuld (geen VOT/VOW)',
  '9384': 'Declaratie op een verwijderde toewijzing (RedenWijziging 13)',
  '9385': 'Toewijzing met goedgekeurde prestaties mag niet verwijderd worden',
  '9387': 'Begindatum ProductPeriode is niet de eerste van de maand (en toewijzing begint niet later in die maand)',
  '9388': 'Einddatum ProductPeriode is niet de laatste van de maand (en toewijzing eindigt niet eerder in die maand)',
  '9389': 'Debetprestatie voor dezelfde periode/product/toewijzing bestaat al zonder creditering',
  '9390': 'Er is al een creditprestatie met dezelfde ProductReferentie',
  '9411': 'Omvang ontbreekt terwijl de toewijzing een productcode heeft',
  '9412': 'Omvang gevuld terwijl de toewijzing geen productcode heeft',
  '9413': 'Tweede tijdelijke stop (reden 20) voor dezelfde start',
  '9414': 'Einddatum stop ligt voor de einddatum van de actuele stop',
  '9415': 'Er is al een definitieve stop voor deze start',
  'S300': 'Gemeentecode ongeldig (niet in CBS-lijst op de ingangsdatum)',
  'S329': 'ProductCode past niet bij de ProductCategorie volgens de productcodelijst',
};

export interface TechnischeRegel {
  regel: string;
  retourcode: string;
  /**
   * Where the standard places the rule: `bericht` (in-message, rejects the message class with 0001),
   * `conditie`/`constraint` (regelrapport CD/CS, likewise 0001), or — for the technical rules this check
   * also evaluates because they need only the message itself — `berichtoverstijgend`/`externe bron`,
   * whose retourcode is their own and which a processor may decide per class instead (TR319, TR135).
   */
  niveau: 'bericht' | 'conditie' | 'constraint' | 'berichtoverstijgend' | 'externe bron';
  /** Message kinds (three digits) the rule applies to. */
  berichten: readonly string[];
  omschrijving: string;
}

/** Conditions (CD) and constraints (CS) of the regelrapport iJw 3.2, with the messages that carry them. */
const REGELRAPPORT: Record<string, TechnischeRegel> = Object.fromEntries(([
  ['CD005', 'conditie', '301', 'LandCode gevuld als Postcode gevuld is, anders leeg'],
  ['CD007', 'conditie', '301', 'Taal gevuld als Communicatie/Vorm 1 (tolk taal) is, anders leeg'],
  ['CD009', 'conditie', '301', 'Periode alleen bij adres van soort 04 (tijdelijk adres)'],
  ['CD025', 'conditie', '301', 'Huis verplicht als LandCode NL is'],
  ['CD034', 'conditie', '301', 'Postcode verplicht bij adres van soort 01 (BRP-adres) of 03 (verblijfadres)'],
  ['CD041', 'conditie', '301 315 317', 'Omvang verplicht als Product een Code heeft'],
  ['CD043', 'conditie', '315', 'BeschikkingIngangsdatum gevuld als BeschikkingNummer gevuld is, anders leeg'],
  ['CD060', 'conditie', '323 325', 'VorigReferentieNummer gevuld bij een creditprestatie, anders leeg'],
  ['CD066', 'conditie', '315', 'Naam verwijzer leeg bij verwijzer van type 02–05 met ZorgverlenerCode'],
  ['CD067', 'conditie', '315', 'Naam verwijzer gevuld bij verwijzer van type 02–05 zonder ZorgverlenerCode'],
  ['CD068', 'conditie', '315', 'ZorgverlenerCode leeg bij verwijzer van een ander type dan 02–05'],
  ['CD075', 'conditie', '301 315 317', 'Einddatum verplicht als Budget gevuld is'],
  ['CD076', 'conditie', '301 315 317', 'Einddatum verplicht bij Frequentie 2 (per week)'],
  ['CD077', 'conditie', '301 315 317', 'Omvang leeg als Budget gevuld is'],
  ['CD078', 'conditie', '301 315 317', 'Budget leeg als Omvang gevuld is'],
  ['CD079', 'conditie', '301 315 317', 'Product verplicht als Budget leeg is'],
  ['CD080', 'conditie', '301', 'Omvang leeg als Product geen Code heeft en Einddatum leeg is of na 31-12-2020 ligt'],
  ['CD085', 'conditie', '319', 'RedenAfwijzingVerzoek gevuld bij VerzoekAntwoord 1 (verzoek afgewezen)'],
  ['CD086', 'conditie', '319', 'RedenAfwijzingVerzoek leeg bij VerzoekAntwoord 2 (aanvraag in onderzoek)'],
  ['CD087', 'conditie', '323', "ProductTarief gevuld als Eenheid niet 83 (euro's) is, anders leeg"],
  ['CD095', 'conditie', '315', 'Omvang leeg als het product geen Code heeft en ToewijzingEinddatum leeg is of na 31-12-2020 ligt'],
  ['CD096', 'conditie', '317', 'Omvang leeg als NieuwProduct geen Code heeft en Einddatum leeg is of na 31-12-2020 ligt'],
  ['CS002', 'constraint', '301 305 307 315 317 323 325', 'Bsn voldoet aan de elfproef'],
  ['CS003', 'constraint', '301 315 317', 'Einddatum (indien gevuld) niet voor de Begindatum of Ingangsdatum van de periode'],
  ['CS015', 'constraint', '301 305 307 315 317 319 323 325', 'BerichtSubversie is 2 (patroon in het XSD)'],
  ['CS025', 'constraint', '301 305 307 315 317 319 323 325', 'BerichtVersie is 3 (patroon in het XSD)'],
  ['CS050', 'constraint', '301', 'NaamGebruik 1, 2, 3 of 4 als Partnernaam gevuld is, anders 1 of 6'],
  ['CS058', 'constraint', '305 307', 'StatusAanlevering 1 (eerste aanlevering) of 3 (verwijderen aanlevering)'],
  ['CS089', 'constraint', '301', 'Nederlandse postcode (1234AB) als LandCode NL is'],
  ['CS100', 'constraint', '323', 'Periode niet voor 01-01-2021'],
  ['CS139', 'constraint', '301 305 307 315', 'Geboortedatum past bij DatumGebruik (onbekende delen zijn 01, onbekend geheel 1900-01-01)'],
  ['CS318', 'constraint', '301', 'NaamGebruik van de client is niet 6 (niet-natuurlijk persoon)'],
  ['CS319', 'constraint', '323', 'DeclaratieNummer aaneengesloten cijfers en/of letters (patroon in het XSD)'],
  ['CS325', 'constraint', '323 325', 'DebetCredit D bij een (Totaal)Bedrag van 0'],
  ['CS335', 'constraint', '301', 'RedenWijziging 13 (verwijderd) alleen als Ingangsdatum gelijk is aan Einddatum'],
  ['CS336', 'constraint', '301', 'RedenWijziging 01 (administratieve correctie, vervallen) niet gebruiken'],
  ['CS337', 'constraint', '323', 'Einddatum ProductPeriode in dezelfde kalendermaand als de Begindatum'],
  ['CS338', 'constraint', '301 317', 'Frequentie 2, 4 of 6 bij eenheid 14, 16, 83 of 84 als Einddatum leeg is of na 31-12-2020 ligt'],
  ['CS339', 'constraint', '323', "IngediendBedrag gelijk aan GeleverdVolume bij eenheid 83 (euro's)"],
  ['CS340', 'constraint', '323', 'DeclaratiePeriode is precies een hele kalendermaand'],
  ['CS343', 'constraint', '315', 'Frequentie 2, 4 of 6 bij eenheid 14, 16, 83 of 84 als ToewijzingEinddatum leeg is of na 31-12-2020 ligt'],
] as const).map(([regel, niveau, berichten, omschrijving]) => [regel, { regel, retourcode: '0001', niveau, berichten: berichten.split(' '), omschrijving }]));

/** Every rule the in-message check reports, by rule code. */
export const IN_BERICHT_REGELS: Readonly<Record<string, TechnischeRegel>> = {
  TR002: { regel: 'TR002', retourcode: '0001', niveau: 'bericht', berichten: ['301', '305', '307', '315'], omschrijving: 'Geboortedatum niet meer dan 120 jaar voor de dagtekening (tenzij onbekend: DatumGebruik 3 en 1900-01-01)' },
  TR006: { regel: 'TR006', retourcode: '0001', niveau: 'bericht', berichten: ['301'], omschrijving: 'Contact heeft een telefoon en/of huisnummer+postcode' },
  TR018: { regel: 'TR018', retourcode: '0001', niveau: 'bericht', berichten: ['307', '323'], omschrijving: 'Einddatum >= begindatum' },
  TR061: { regel: 'TR061', retourcode: '0001', niveau: 'bericht', berichten: ['301'], omschrijving: 'Client heeft minstens een adres van soort 01 02 of 03' },
  TR101: { regel: 'TR101', retourcode: '0001', niveau: 'bericht', berichten: ['301', '305', '307', '315', '317', '323', '325'], omschrijving: 'Geen dubbele regels: logische sleutel plus die van de bovenliggende klassen is uniek in het bericht' },
  TR134: { regel: 'TR134', retourcode: '0001', niveau: 'bericht', berichten: ['301', '305', '307', '315', '323', '325'], omschrijving: 'Datum bestaat en ligt niet na de dagtekening van het bericht' },
  TR137: { regel: 'TR137', retourcode: '0001', niveau: 'bericht', berichten: ['323', '325'], omschrijving: 'Datum >= begindatum van de periode en niet na de dagtekening' },
  TR302: { regel: 'TR302', retourcode: '0001', niveau: 'bericht', berichten: ['301'], omschrijving: 'Zelfde product (of categorie als code leeg; elk product als categorie leeg) niet overlappend in een toewijzingsbericht; verwijderde toewijzingen tellen niet mee' },
  TR315: { regel: 'TR315', retourcode: '0001', niveau: 'bericht', berichten: ['323'], omschrijving: 'VorigReferentieNummer uniek in het bericht' },
  TR316: { regel: 'TR316', retourcode: '0001', niveau: 'bericht', berichten: ['323'], omschrijving: 'Een debetprestatie mag niet in hetzelfde bericht gecrediteerd worden' },
  TR335: { regel: 'TR335', retourcode: '0001', niveau: 'bericht', berichten: ['323'], omschrijving: 'Einddatum niet meer dan 5 jaar voor de DeclaratieDagtekening' },
  TR342: { regel: 'TR342', retourcode: '0001', niveau: 'bericht', berichten: ['325'], omschrijving: 'Declaratie-antwoord bevat alleen afgewezen prestaties; bij afkeur op DeclaratieAntwoord-niveau geen prestaties en TotaalToegekendBedrag 0' },
  TR352: { regel: 'TR352', retourcode: '0001', niveau: 'bericht', berichten: ['317'], omschrijving: 'VOW bevat minstens een OngewijzigdProduct of TeWijzigenProduct' },
  TR353: { regel: 'TR353', retourcode: '0001', niveau: 'bericht', berichten: ['317'], omschrijving: 'VOW bevat minstens een TeWijzigenProduct of NieuwProduct' },
  TR358: { regel: 'TR358', retourcode: '0001', niveau: 'bericht', berichten: ['323'], omschrijving: 'TotaalIngediendBedrag = som van IngediendBedrag van alle prestaties (debet plus credit min)' },
  TR377: { regel: 'TR377', retourcode: '0001', niveau: 'bericht', berichten: ['319'], omschrijving: 'Bij RedenAfwijzingVerzoek 8 (woonplaatsbeginsel) is de klasse Woonplaatsbeginsel verplicht' },
  TR380: { regel: 'TR380', retourcode: '0001', niveau: 'bericht', berichten: ['317'], omschrijving: 'Datum ligt na de dagtekening van het bericht' },
  TR383: { regel: 'TR383', retourcode: '0001', niveau: 'bericht', berichten: ['315'], omschrijving: 'ReferentieAanbieder uniek per AangevraagdProduct in het bericht' },
  TR386: { regel: 'TR386', retourcode: '0001', niveau: 'bericht', berichten: ['315'], omschrijving: 'Zelfde product niet overlappend in een VOT' },
  TR409: { regel: 'TR409', retourcode: '0001', niveau: 'bericht', berichten: ['319'], omschrijving: 'Bij RedenAfwijzingVerzoek ongelijk 8 geen klasse Woonplaatsbeginsel' },
  TR410: { regel: 'TR410', retourcode: '0001', niveau: 'bericht', berichten: ['317'], omschrijving: 'Zelfde product niet overlappend in NieuwProduct' },
  TR416: { regel: 'TR416', retourcode: '0001', niveau: 'bericht', berichten: ['323'], omschrijving: 'Geen tweede debetprestatie voor dezelfde periode/categorie/code/toewijzing in het bericht' },
  TR135: { regel: 'TR135', retourcode: '8848', niveau: 'externe bron', berichten: ['301', '305', '307', '315', '317', '319', '323', '325'], omschrijving: 'Dagtekening is een bestaande datum die niet in de toekomst ligt' },
  TR319: { regel: 'TR319', retourcode: '9319', niveau: 'berichtoverstijgend', berichten: ['323'], omschrijving: 'ProductPeriode valt binnen de huidige of een eerdere declaratieperiode' },
  ...REGELRAPPORT,
};
