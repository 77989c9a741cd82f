/** In-message rules of the small messages (everything except 323/325), on the typed model. */
import type { Datum } from '@plafond/core';
import type {
  Bericht, Bericht301, Bericht305, Bericht307, Bericht315, Bericht317, Bericht319, Contact,
} from '../model/berichten';
import {
  aanvraag, communicatie, contactRegels, eindNaBegin, geboortedatumGebruik, hoeveelheid, naamGebruik, redenWijziging,
  statusAanlevering, verzoekAntwoord,
} from './condities';
import { Bevindingen, overlapControle, productSleutel, uniek } from './hulp';

const C = '/Bericht/Client';

/**
 * The rules of the heenberichten. A retourbericht (302, 306, ...) echoes its heenbericht class by class;
 * the regelrapport gives it no CD/CS rule and the technical rules name only the heenberichten, so
 * nothing is checked on it here (its schema still is).
 */
export function controleerKleinBericht(bericht: Bericht, b: Bevindingen): void {
  const dagtekening = bericht.header.berichtIdentificatie.dagtekening;
  switch (bericht.type) {
    case 'JW301': case 'WMO301': return toewijzing(bericht, dagtekening, b);
    case 'JW305': case 'WMO305': return start(bericht, dagtekening, b);
    case 'JW307': case 'WMO307': return stop(bericht, dagtekening, b);
    case 'JW315': case 'WMO315': return vot(bericht, dagtekening, b);
    case 'JW317': case 'WMO317': return vow(bericht, dagtekening, b);
    case 'JW319': case 'WMO319': return antwoord(bericht, b);
    default: return;
  }
}

/** TR006: a contact is reachable by phone, or has a house number and postcode. */
function bereikbaar(c: Contact): boolean {
  return c.telefoon !== undefined || (c.adres?.huis?.huisnummer !== undefined && c.adres.postcode !== undefined);
}

function toewijzing(m: Bericht301, dagtekening: Datum, b: Bevindingen): void {
  const client = m.client;
  b.bsn(C, client.bsn);
  geboortedatumGebruik(b, C, client.geboortedatum);
  naamGebruik(b, C, client.naam, true);
  communicatie(b, C, client.communicatie);
  b.geboortedatum(C, client.geboortedatum, dagtekening);
  b.nietNaDagtekening(C, 'Geboortedatum', client.geboortedatum.datum, dagtekening);
  if (!client.contactgegevens.some((c) => c.soort === '01' || c.soort === '02' || c.soort === '03')) {
    b.melding(C, 'TR061', 'Client heeft geen adres van soort 01, 02 of 03');
  }
  const relaties = client.relaties ?? [];
  relaties.forEach((r, i) => {
    const pad = `${C}/Relaties/Relatie[${i + 1}]`;
    naamGebruik(b, pad, r.naam, false);
    contactRegels(b, `${pad}/Contact`, r.contact);
    if (r.geboortedatum) {
      geboortedatumGebruik(b, pad, r.geboortedatum);
      b.geboortedatum(pad, r.geboortedatum, dagtekening);
      b.nietNaDagtekening(pad, 'Geboortedatum', r.geboortedatum.datum, dagtekening);
    }
    if (!bereikbaar(r.contact)) b.melding(`${pad}/Contact`, 'TR006', 'Contact heeft geen telefoon en geen huisnummer met postcode');
  });
  uniek(b, 'TR101', relaties, (i) => `${C}/Relaties/Relatie[${i + 1}]`, (r) => r.nummer, 'Relatie (Nummer)');
  const contactPad = (i: number) => `${C}/Contactgegevens/Contact[${i + 1}]`;
  client.contactgegevens.forEach((c, i) => {
    contactRegels(b, contactPad(i), c);
    if (!bereikbaar(c)) b.melding(contactPad(i), 'TR006', 'Contact heeft geen telefoon en geen huisnummer met postcode');
  });
  // TR101: the logical key of a Contact is its Soort (one address of each kind per client).
  uniek(b, 'TR101', client.contactgegevens, contactPad, (c) => c.soort, 'Contact (Soort)');
  const producten = client.toegewezenProducten;
  const pad = (i: number) => `${C}/ToegewezenProducten/ToegewezenProduct[${i + 1}]`;
  uniek(b, 'TR101', producten, pad, (p) => String(p.toewijzingNummer), 'ToegewezenProduct (ToewijzingNummer)');
  producten.forEach((p, i) => {
    b.nietNaDagtekening(pad(i), 'Toewijzingsdatum', p.toewijzingsdatum, dagtekening);
    eindNaBegin(b, `${pad(i)}/Einddatum`, p.ingangsdatum, p.einddatum, 'Ingangsdatum');
    redenWijziging(b, pad(i), p);
    hoeveelheid(b, pad(i), p, { eindNaam: 'Einddatum', product: true, zonderCode: 'CD080', frequentie: 'CS338' });
  });
  // Removed toewijzingen (RedenWijziging 13) no longer count for overlap.
  overlapControle(b, 'TR302', producten.flatMap((p, i) => p.redenWijziging === '13' ? [] : [{
    pad: pad(i), product: p.product, begin: p.ingangsdatum, eind: p.einddatum,
  }]));
}

/** CS002, CS139, TR002 and TR134 on the client of a 305, 307 or 315. */
function clientKort(m: Bericht305 | Bericht307 | Bericht315, dagtekening: Datum, b: Bevindingen): void {
  b.bsn(C, m.client.bsn);
  geboortedatumGebruik(b, C, m.client.geboortedatum);
  b.geboortedatum(C, m.client.geboortedatum, dagtekening);
  b.nietNaDagtekening(C, 'Geboortedatum', m.client.geboortedatum.datum, dagtekening);
}

function start(m: Bericht305, dagtekening: Datum, b: Bevindingen): void {
  clientKort(m, dagtekening, b);
  const pad = (i: number) => `${C}/StartProducten/StartProduct[${i + 1}]`;
  const producten = m.client.startProducten;
  uniek(b, 'TR101', producten, pad,
    (p) => `${p.toewijzingNummer ?? ''}|${productSleutel(p.product)}|${p.toewijzingIngangsdatum ?? ''}|${p.begindatum}`,
    'StartProduct (ToewijzingNummer, Product, ToewijzingIngangsdatum, Begindatum)');
  producten.forEach((p, i) => {
    b.nietNaDagtekening(pad(i), 'Begindatum', p.begindatum, dagtekening);
    statusAanlevering(b, pad(i), p.statusAanlevering);
  });
}

function stop(m: Bericht307, dagtekening: Datum, b: Bevindingen): void {
  clientKort(m, dagtekening, b);
  const pad = (i: number) => `${C}/StopProducten/StopProduct[${i + 1}]`;
  const producten = m.client.stopProducten;
  // TR101: a stop is keyed by its start plus RedenBeeindiging and Einddatum (a temporary stop, reden
  // 20, may be followed by a definitive one for the same start).
  uniek(b, 'TR101', producten, pad,
    (p) => `${p.toewijzingNummer ?? ''}|${productSleutel(p.product)}|${p.toewijzingIngangsdatum ?? ''}|${p.begindatum}|${p.redenBeeindiging}|${p.einddatum}`,
    'StopProduct (ToewijzingNummer, Product, ToewijzingIngangsdatum, Begindatum, RedenBeeindiging, Einddatum)');
  producten.forEach((p, i) => {
    b.nietNaDagtekening(pad(i), 'Begindatum', p.begindatum, dagtekening);
    b.nietNaDagtekening(pad(i), 'Einddatum', p.einddatum, dagtekening);
    if (p.einddatum < p.begindatum) b.melding(pad(i), 'TR018', `Einddatum ${p.einddatum} ligt voor Begindatum ${p.begindatum}`);
    statusAanlevering(b, pad(i), p.statusAanlevering);
  });
}

function vot(m: Bericht315, dagtekening: Datum, b: Bevindingen): void {
  clientKort(m, dagtekening, b);
  const pad = (i: number) => `${C}/AangevraagdeProducten/AangevraagdProduct[${i + 1}]`;
  const producten = m.client.aangevraagdeProducten;
  // TR101: the logical key of an AangevraagdProduct is its ReferentieAanbieder (TR383 says the same).
  uniek(b, 'TR101', producten, pad, (p) => p.referentieAanbieder, 'AangevraagdProduct (ReferentieAanbieder)');
  uniek(b, 'TR383', producten, pad, (p) => p.referentieAanbieder, 'ReferentieAanbieder');
  overlapControle(b, 'TR386', producten.map((p, i) => ({
    pad: pad(i), product: p.product, begin: p.toewijzingIngangsdatum, eind: p.toewijzingEinddatum,
  })));
  producten.forEach((p, i) => {
    eindNaBegin(b, `${pad(i)}/ToewijzingEinddatum`, p.toewijzingIngangsdatum, p.toewijzingEinddatum, 'ToewijzingIngangsdatum');
    hoeveelheid(b, pad(i), { ...p, einddatum: p.toewijzingEinddatum }, { eindNaam: 'ToewijzingEinddatum', product: true, zonderCode: 'CD095', frequentie: 'CS343' });
    aanvraag(b, pad(i), p);
  });
}

function vow(m: Bericht317, dagtekening: Datum, b: Bevindingen): void {
  b.bsn(C, m.client.bsn);
  const v = m.client.verzoek;
  const V = `${C}/Verzoek`;
  const ongewijzigd = v.ongewijzigdeProducten ?? [];
  const teWijzigen = v.teWijzigenProducten ?? [];
  const nieuw = v.nieuweProducten ?? [];
  if (ongewijzigd.length + teWijzigen.length === 0) b.melding(V, 'TR352', 'Verzoek bevat geen OngewijzigdProduct en geen TeWijzigenProduct');
  if (teWijzigen.length + nieuw.length === 0) b.melding(V, 'TR353', 'Verzoek bevat geen TeWijzigenProduct en geen NieuwProduct');
  const padO = (i: number) => `${V}/OngewijzigdeProducten/OngewijzigdProduct[${i + 1}]`;
  const padT = (i: number) => `${V}/TeWijzigenProducten/TeWijzigenProduct[${i + 1}]`;
  const padN = (i: number) => `${V}/NieuweProducten/NieuwProduct[${i + 1}]`;
  uniek(b, 'TR101', ongewijzigd, padO, (p) => String(p.toewijzingNummer), 'OngewijzigdProduct (ToewijzingNummer)');
  uniek(b, 'TR101', teWijzigen, padT, (p) => String(p.toewijzingNummer), 'TeWijzigenProduct (ToewijzingNummer)');
  uniek(b, 'TR101', nieuw, padN, (p) => `${productSleutel(p.product)}|${p.gewensteIngangsdatum}`, 'NieuwProduct (Product, GewensteIngangsdatum)');
  teWijzigen.forEach((p, i) => {
    eindNaBegin(b, `${padT(i)}/Einddatum`, p.gewensteIngangsdatum, p.einddatum, 'GewensteIngangsdatum');
    // The product of a TeWijzigenProduct is that of its toewijzing: the rules on the code are
    // cross-message there (TR375, TR411, TR412), not CD041/CD079/CD096.
    hoeveelheid(b, padT(i), p, { eindNaam: 'Einddatum', product: false, frequentie: 'CS338' });
  });
  nieuw.forEach((p, i) => {
    // TR380: a new product is asked for the future. A TeWijzigenProduct may start at the original
    // Ingangsdatum (TR357), so TR380 binds only the GewensteIngangsdatum of a NieuwProduct.
    if (p.gewensteIngangsdatum <= dagtekening) {
      b.melding(`${padN(i)}/GewensteIngangsdatum`, 'TR380', `GewensteIngangsdatum ${p.gewensteIngangsdatum} ligt niet na de dagtekening ${dagtekening}`);
    }
    eindNaBegin(b, `${padN(i)}/Einddatum`, p.gewensteIngangsdatum, p.einddatum, 'GewensteIngangsdatum');
    hoeveelheid(b, padN(i), p, { eindNaam: 'Einddatum', product: true, zonderCode: 'CD096', frequentie: 'CS338' });
  });
  overlapControle(b, 'TR410', nieuw.map((p, i) => ({ pad: padN(i), product: p.product, begin: p.gewensteIngangsdatum, eind: p.einddatum })));
}

function antwoord(m: Bericht319, b: Bevindingen): void {
  const a = m.antwoord;
  const pad = '/Bericht/Antwoord';
  verzoekAntwoord(b, pad, a);
  // Only iJw has the Woonplaatsbeginsel class (WMO319/WMO320 lack it), so TR377/TR409 are iJw rules.
  if (m.domein !== 'JW') return;
  if (a.redenAfwijzingVerzoek === '8' && !a.woonplaatsbeginsel) {
    b.melding(pad, 'TR377', 'RedenAfwijzingVerzoek 8 (woonplaatsbeginsel) zonder klasse Woonplaatsbeginsel');
  }
  if (a.redenAfwijzingVerzoek !== '8' && a.woonplaatsbeginsel) {
    b.melding(pad, 'TR409', 'Klasse Woonplaatsbeginsel terwijl RedenAfwijzingVerzoek niet 8 is');
  }
}
