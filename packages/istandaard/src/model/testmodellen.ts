/**
 * Test-only representative models of every kind (not exported from the package). `vol` fills
 * every optional element, so the serializer tests cover each element at least once.
 */
import type { Datum } from '@plafond/core';
import { domeinVan, type BerichtType } from '../xml/node';
import type {
  Bericht, Bericht301, Bericht305, Bericht307, Bericht315, Bericht317, Bericht319, Bericht323, Bericht325,
  Client301, Contact, DeclaratieClient, Header, Prestatie, Relatie, RetourHeader,
} from './berichten';

const d = (s: string) => s as Datum;

export function header(gemeenteVerstuurt: boolean, vol = true): Header {
  return {
    afzender: gemeenteVerstuurt ? '0479' : '12345678',
    ontvanger: gemeenteVerstuurt ? '12345678' : '0479',
    berichtIdentificatie: { identificatie: vol ? 'B&1<"x">' : 'B1', dagtekening: d('2026-05-06') },
    xsdVersie: { basisschemaXsdVersie: '1.0.0', berichtXsdVersie: '1.0.0' },
  };
}

/** A retour keeps the Afzender/Ontvanger of the heenbericht it answers. */
function retourHeader(heenVanGemeente: boolean, vol: boolean): RetourHeader {
  return {
    ...header(heenVanGemeente, vol),
    identificatieRetour: 'R1',
    dagtekeningRetour: d('2026-05-07'),
    ...(vol ? { xsltVersie: '1.2.3' } : {}),
    xsdVersieRetour: { basisschemaXsdVersie: '1.0.0', berichtXsdVersie: '1.0.0' },
    retourCodes: vol ? ['0200'] : [],
  };
}

export function contact(vol: boolean): Contact {
  return vol
    ? {
      // A temporary address: only soort 04 may carry a Periode (CD009).
      soort: '04',
      adres: { huis: { huisnummer: 12, huisletter: 'a', huisnummerToevoeging: 'bis', aanduidingWoonadres: 'BY' }, postcode: '1501AB', straatnaam: 'Stationsplein', plaatsnaam: 'Zaandam', landCode: 'NL' },
      organisatie: 'Org & Co',
      telefoon: { telefoon01: { telefoonnummer: '0751234567', landnummer: '0031' }, telefoon02: { telefoonnummer: '0612345678', landnummer: '0031' } },
      emailadres: 'a@b.nl',
      periode: { begindatum: d('2026-01-01'), einddatum: d('2026-12-31') },
    }
    : { soort: '01', adres: { huis: { huisnummer: 1 }, postcode: '1501AB', landCode: 'NL' } };
}

export function relatie(vol: boolean): Relatie {
  return {
    nummer: 'R1',
    ...(vol ? { volgorde: 1 } : {}),
    soort: '03',
    ...(vol ? { geboortedatum: { datum: d('1980-01-01'), datumGebruik: '2' as const }, geslacht: '2' as const } : {}),
    naam: {
      geslachtsnaam: { achternaam: 'Jansen', ...(vol ? { voorvoegsel: 'van' } : {}) },
      ...(vol ? { partnernaam: { achternaam: 'Bakker', voorvoegsel: 'de' }, voornamen: 'Anna Maria', voorletters: 'AM' } : {}),
      naamGebruik: '1',
    },
    contact: contact(vol),
  };
}

export function client301(vol: boolean, domein: 'JW' | 'WMO'): Client301 {
  const cat = domein === 'JW' ? '45' : '02';
  return {
    bsn: '999900006',
    geboortedatum: vol ? { datum: d('2012-03-01'), datumGebruik: '1' as const } : { datum: d('2012-03-04') },
    geslacht: '1',
    naam: { geslachtsnaam: { achternaam: 'Jansen' }, voorletters: 'J', naamGebruik: '1' },
    ...(vol ? { communicatie: { vorm: '1' as const, taal: 'NL' }, juridischeStatus: '01' as const, wettelijkeVertegenwoordiging: '06' as const, commentaar: 'regel 1\nregel 2 & <meer>' } : {}),
    ...(vol ? { relaties: [relatie(true), { ...relatie(false), nummer: 'R2' }] } : {}),
    // An address of soort 01 is required (TR061); the full one is a temporary address besides it.
    contactgegevens: vol ? [contact(false), contact(true)] : [contact(false)],
    toegewezenProducten: [
      {
        toewijzingNummer: 10072,
        ...(vol ? { referentieAanbieder: 'REF-1' } : {}),
        product: { categorie: cat, ...(vol ? { code: `${cat}A03` } : {}) },
        toewijzingsdatum: d('2026-01-15'),
        toewijzingstijd: '10:15:00',
        ingangsdatum: d('2026-02-01'),
        ...(vol ? { einddatum: d('2026-12-31'), redenWijziging: '02' as const, omvang: { volume: 4, eenheid: '04' as const, frequentie: '2' as const }, commentaar: 'toewijzing' } : {}),
      },
      // Omvang and Budget exclude each other (CD077/CD078): the budget is a second, aspecifiek product.
      ...(vol ? [{
        toewijzingNummer: 10073, product: { categorie: cat2(domein) }, toewijzingsdatum: d('2026-01-15'), toewijzingstijd: '10:15:00',
        ingangsdatum: d('2026-02-01'), einddatum: d('2026-12-31'), budget: 123456n,
      }] : []),
    ],
  };
}

/** A second productcategorie, so a second product does not overlap the first (TR302, TR386, TR410). */
function cat2(domein: 'JW' | 'WMO'): '44' | '03' {
  return domein === 'JW' ? '44' : '03';
}

export function prestatie(rn: string, opties: Partial<Prestatie> = {}): Prestatie {
  return {
    productReferentie: { referentieNummer: rn },
    toewijzingNummer: 10072,
    productCategorie: '45',
    productCode: '45A03',
    productPeriode: { begindatum: d('2026-04-01'), einddatum: d('2026-04-30') },
    geleverdVolume: 4,
    eenheid: '04',
    productTarief: 1250n,
    ingediendBedrag: { bedrag: 5000n, debetCredit: 'D' },
    ...opties,
  };
}

export function declaratie(type: 'JW323' | 'WMO323', clienten: DeclaratieClient[]): Bericht323 {
  let som = 0n;
  for (const c of clienten) for (const p of c.prestaties) som += p.ingediendBedrag.debetCredit === 'D' ? p.ingediendBedrag.bedrag : -p.ingediendBedrag.bedrag;
  return {
    domein: domeinVan(type), type,
    header: header(false),
    declaratie: {
      declaratieNummer: 'DN001',
      declaratiePeriode: { begindatum: d('2026-04-01'), einddatum: d('2026-04-30') },
      declaratieDagtekening: d('2026-05-06'),
      totaalIngediendBedrag: { totaalBedrag: som < 0n ? -som : som, debetCredit: som < 0n ? 'C' : 'D' },
      clienten,
    },
  };
}

/** A representative, rule-conforming message of this type. */
export function voorbeeldBericht(type: BerichtType, vol: boolean): Bericht {
  const domein = domeinVan(type);
  const soort = type.slice(domein.length);
  const cat = domein === 'JW' ? '45' : '02';
  const product = { categorie: cat, ...(vol ? { code: `${cat}A03` } : {}) } as const;
  const kort = {
    bsn: '999900018',
    geboortedatum: { datum: d('2011-01-01') },
    geslacht: '2' as const,
    naam: { geslachtsnaam: { achternaam: 'Visser', ...(vol ? { voorvoegsel: 'de' } : {}) }, ...(vol ? { voornamen: 'Eva', voorletters: 'E' } : {}) },
  };
  const metRetour = <T extends object>(o: T) => ({ ...o, retourCodes: ['0200'] });
  const basis = { domein, type } as { domein: 'JW' | 'WMO'; type: never };
  const c301 = client301(vol, domein);
  const start: Bericht305['client']['startProducten'][number] = {
    ...(vol ? { toewijzingNummer: 10072, product, toewijzingIngangsdatum: d('2026-02-01') } : {}),
    begindatum: d('2026-02-03'), statusAanlevering: '1',
  };
  const stopP: Bericht307['client']['stopProducten'][number] = {
    ...(vol ? { toewijzingNummer: 10072, product, toewijzingIngangsdatum: d('2026-02-01') } : {}),
    begindatum: d('2026-02-03'), redenBeeindiging: '02', einddatum: d('2026-04-30'), statusAanlevering: '1',
  };
  const aangevraagd: Bericht315['client']['aangevraagdeProducten'][number] = {
    referentieAanbieder: 'VOT-1',
    ...(vol ? { beschikkingNummer: 77, beschikkingIngangsdatum: d('2026-05-01') } : {}),
    // Without a budget the product is required (CD079).
    product,
    toewijzingIngangsdatum: d('2026-06-01'),
    ...(vol ? { toewijzingEinddatum: d('2026-12-31'), omvang: { volume: 2, eenheid: '04' as const, frequentie: '2' as const } } : {}),
    // A verwijzer of type 02–05 has an AGB code or a name (CD066/CD067); type 01 needs neither.
    verwijzer: vol ? { type: '02', zorgverlenerCode: '01234567' } : { type: '01' },
    ...(vol ? { raamcontract: '2' as const, commentaar: 'graag snel' } : {}),
  };
  const aangevraagdBudget: Bericht315['client']['aangevraagdeProducten'][number] = {
    referentieAanbieder: 'VOT-2', product: { categorie: cat2(domein) }, toewijzingIngangsdatum: d('2026-06-01'), toewijzingEinddatum: d('2026-12-31'),
    budget: 50000n, verwijzer: { type: '03', naam: 'Huisarts' },
  };
  const client315 = { ...kort, ...(vol && domein === 'JW' ? { gezagsdragerBekend: '1' as const } : {}), ...(vol ? { commentaar: 'vot' } : {}) };
  const verzoek: Bericht317['client']['verzoek'] = {
    referentieAanbieder: 'VOW-1', redenVerzoek: '1',
    ...(vol ? { ongewijzigdeProducten: [{ toewijzingNummer: 10073 }] } : {}),
    teWijzigenProducten: [
      { toewijzingNummer: 10072, gewensteIngangsdatum: d('2026-06-01'), ...(vol ? { einddatum: d('2026-12-31'), omvang: { volume: 6, eenheid: '04' as const, frequentie: '2' as const } } : {}) },
      ...(vol ? [{ toewijzingNummer: 10074, gewensteIngangsdatum: d('2026-02-01'), einddatum: d('2026-12-31'), budget: 70000n }] : []),
    ],
    ...(vol ? {
      nieuweProducten: [
        { product, gewensteIngangsdatum: d('2026-06-01'), einddatum: d('2026-12-31'), omvang: { volume: 1, eenheid: '01' as const, frequentie: '2' as const } },
        { product: { categorie: cat2(domein) }, gewensteIngangsdatum: d('2026-06-01'), einddatum: d('2026-12-31'), budget: 1000n },
      ],
    } : {}),
  };
  const antwoord: Bericht319['antwoord'] = vol
    ? { referentieAanbieder: 'VOT-1', verzoekAntwoord: '1', redenAfwijzingVerzoek: domein === 'JW' ? '8' : '3', ...(domein === 'JW' ? { woonplaatsbeginsel: { gemeente: '0479' } } : {}) }
    : { referentieAanbieder: 'VOT-1', verzoekAntwoord: '2' };
  const p1 = prestatie('RN001', { productCategorie: cat, productCode: `${cat}A03` });
  // A credit names the prestatie it credits (CD060); a prestatie in euro's has no tarief (CD087, CS339).
  const credit = prestatie('RN002', { productCategorie: cat, productCode: `${cat}A03`, productReferentie: { referentieNummer: 'RN002', vorigReferentieNummer: 'RN000' }, ingediendBedrag: { bedrag: 5000n, debetCredit: 'C' } });
  const inEuros = (({ productTarief: _weg, ...rest }) => ({ ...rest, eenheid: '83' as const, geleverdVolume: 5000 }))(p1);
  switch (soort) {
    case '301': return { ...basis, header: header(true, vol), client: c301 } satisfies Bericht301;
    case '302': return {
      ...basis, header: retourHeader(true, vol),
      ...(vol ? {
        client: metRetour({
          ...c301,
          relaties: c301.relaties?.map((r) => metRetour({ ...r, contact: metRetour(r.contact) })),
          contactgegevens: c301.contactgegevens.map(metRetour),
          toegewezenProducten: c301.toegewezenProducten.map(metRetour),
        }),
      } : {}),
    };
    case '305': return { ...basis, header: header(false, vol), client: { ...kort, startProducten: [start] } };
    case '306': return { ...basis, header: retourHeader(false, vol), ...(vol ? { client: metRetour({ ...kort, startProducten: [metRetour(start)] }) } : {}) };
    case '307': return { ...basis, header: header(false, vol), client: { ...kort, stopProducten: [stopP] } };
    case '308': return { ...basis, header: retourHeader(false, vol), ...(vol ? { client: metRetour({ ...kort, stopProducten: [metRetour(stopP)] }) } : {}) };
    case '315': return { ...basis, header: header(false, vol), client: { ...client315, aangevraagdeProducten: vol ? [aangevraagd, aangevraagdBudget] : [aangevraagd] } };
    case '316': return {
      ...basis, header: retourHeader(false, vol),
      ...(vol ? { client: metRetour({ ...client315, aangevraagdeProducten: [metRetour(aangevraagd)] }) } : {}),
    };
    case '317': return { ...basis, header: header(false, vol), client: { bsn: '999900018', verzoek } };
    case '318': return {
      ...basis, header: retourHeader(false, vol),
      ...(vol ? {
        client: metRetour({
          bsn: '999900018',
          verzoek: metRetour({
            ...verzoek,
            ongewijzigdeProducten: verzoek.ongewijzigdeProducten?.map(metRetour),
            teWijzigenProducten: verzoek.teWijzigenProducten?.map(metRetour),
            nieuweProducten: verzoek.nieuweProducten?.map(metRetour),
          }),
        }),
      } : {}),
    };
    case '319': return { ...basis, header: header(true, vol), antwoord };
    case '320': return {
      ...basis, header: retourHeader(true, vol),
      ...(vol ? { antwoord: metRetour({ ...antwoord, ...(domein === 'JW' ? { woonplaatsbeginsel: metRetour({ gemeente: '0479' }) } : {}) }) } : {}),
    };
    case '323': return declaratie(type as 'JW323', [{ bsn: '999900006', prestaties: vol ? [p1, credit] : [inEuros] }]);
    case '325': return {
      ...basis,
      header: {
        ...header(true, vol),
        declaratieIdentificatie: { identificatie: 'D1', dagtekening: d('2026-05-06') },
        ...(vol ? { xsltVersie: '1.0.0' } : {}),
        xsdVersieDeclaratie: { basisschemaXsdVersie: '1.0.0', berichtXsdVersie: '1.0.0' },
        retourCodes: ['0200'],
      },
      ...(vol ? {
        declaratieAntwoord: {
          declaratieNummer: 'DN001',
          // Debet RN001 granted, credit RN002 rejected: the rejected credit explains the difference (TR342).
          totaalIngediendBedrag: { totaalBedrag: 0n, debetCredit: 'D' as const },
          totaalToegekendBedrag: { totaalBedrag: 5000n, debetCredit: 'D' as const },
          clienten: [{ bsn: '999900006', prestaties: [{ ...credit, retourCodes: ['9338'] }], retourCodes: ['0200'] }],
          retourCodes: ['0200'],
        },
      } : {}),
    } satisfies Bericht325;
    default: throw new RangeError(type);
  }
}
