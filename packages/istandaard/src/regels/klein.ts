/** In-message rules of the small messages (everything except 323/325), on the typed model. */
import type { Datum } from '@plafond/core';
import type {
  Bericht, Bericht301, Bericht305, Bericht307, Bericht315, Bericht317, Bericht319, Contact,
} from '../model/berichten';
import { Bevindingen, overlapControle, productSleutel, uniek } from './hulp';

const C = '/Bericht/Client';

export function controleerKleinBericht(bericht: Bericht, b: Bevindingen): void {
  const dagtekening = bericht.header.berichtIdentificatie.dagtekening;
  if ('client' in bericht && bericht.client) b.bsn(C, bericht.client.bsn);
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
  b.geboortedatum(C, client.geboortedatum, dagtekening);
  b.nietNaDagtekening(C, 'Geboortedatum', client.geboortedatum.datum, dagtekening);
  if (!client.contactgegevens.some((c) => c.soort === '01' || c.soort === '02' || c.soort === '03')) {
    b.melding(C, 'TR061', 'Client heeft geen adres van soort 01, 02 of 03');
  }
  const relaties = client.relaties ?? [];
  relaties.forEach((r, i) => {
    const pad = `${C}/Relaties/Relatie[${i + 1}]`;
    if (r.geboortedatum) {
      b.geboortedatum(pad, r.geboortedatum, dagtekening);
      b.nietNaDagtekening(pad, 'Geboortedatum', r.geboortedatum.datum, dagtekening);
    }
    if (!bereikbaar(r.contact)) b.melding(`${pad}/Contact`, 'TR006', 'Contact heeft geen telefoon en geen huisnummer met postcode');
  });
  uniek(b, 'TR101', relaties, (i) => `${C}/Relaties/Relatie[${i + 1}]`, (r) => r.nummer, 'Relatie (Nummer)');
  client.contactgegevens.forEach((c, i) => {
    if (!bereikbaar(c)) b.melding(`${C}/Contactgegevens/Contact[${i + 1}]`, 'TR006', 'Contact heeft geen telefoon en geen huisnummer met postcode');
  });
  const producten = client.toegewezenProducten;
  const pad = (i: number) => `${C}/ToegewezenProducten/ToegewezenProduct[${i + 1}]`;
  uniek(b, 'TR101', producten, pad, (p) => String(p.toewijzingNummer), 'ToegewezenProduct (ToewijzingNummer)');
  producten.forEach((p, i) => b.nietNaDagtekening(pad(i), 'Toewijzingsdatum', p.toewijzingsdatum, dagtekening));
  // Removed toewijzingen (RedenWijziging 13) no longer count for overlap.
  overlapControle(b, 'TR302', producten.flatMap((p, i) => p.redenWijziging === '13' ? [] : [{
    pad: pad(i), product: p.product, begin: p.ingangsdatum, eind: p.einddatum,
  }]));
}

function start(m: Bericht305, dagtekening: Datum, b: Bevindingen): void {
  b.geboortedatum(C, m.client.geboortedatum, dagtekening);
  b.nietNaDagtekening(C, 'Geboortedatum', m.client.geboortedatum.datum, dagtekening);
  const pad = (i: number) => `${C}/StartProducten/StartProduct[${i + 1}]`;
  const producten = m.client.startProducten;
  uniek(b, 'TR101', producten, pad,
    (p) => `${p.toewijzingNummer ?? ''}|${productSleutel(p.product)}|${p.toewijzingIngangsdatum ?? ''}|${p.begindatum}`,
    'StartProduct (ToewijzingNummer, Product, ToewijzingIngangsdatum, Begindatum)');
  producten.forEach((p, i) => b.nietNaDagtekening(pad(i), 'Begindatum', p.begindatum, dagtekening));
}

function stop(m: Bericht307, dagtekening: Datum, b: Bevindingen): void {
  b.geboortedatum(C, m.client.geboortedatum, dagtekening);
  b.nietNaDagtekening(C, 'Geboortedatum', m.client.geboortedatum.datum, dagtekening);
  const pad = (i: number) => `${C}/StopProducten/StopProduct[${i + 1}]`;
  const producten = m.client.stopProducten;
  uniek(b, 'TR101', producten, pad,
    (p) => `${p.toewijzingNummer ?? ''}|${productSleutel(p.product)}|${p.toewijzingIngangsdatum ?? ''}|${p.begindatum}`,
    'StopProduct (ToewijzingNummer, Product, ToewijzingIngangsdatum, Begindatum)');
  producten.forEach((p, i) => {
    b.nietNaDagtekening(pad(i), 'Begindatum', p.begindatum, dagtekening);
    if (p.einddatum < p.begindatum) b.melding(pad(i), 'TR018', `Einddatum ${p.einddatum} ligt voor Begindatum ${p.begindatum}`);
  });
}

function vot(m: Bericht315, dagtekening: Datum, b: Bevindingen): void {
  b.geboortedatum(C, m.client.geboortedatum, dagtekening);
  b.nietNaDagtekening(C, 'Geboortedatum', m.client.geboortedatum.datum, dagtekening);
  const pad = (i: number) => `${C}/AangevraagdeProducten/AangevraagdProduct[${i + 1}]`;
  const producten = m.client.aangevraagdeProducten;
  uniek(b, 'TR101', producten, pad, (p) => `${productSleutel(p.product)}|${p.toewijzingIngangsdatum}`,
    'AangevraagdProduct (Product, ToewijzingIngangsdatum)');
  uniek(b, 'TR383', producten, pad, (p) => p.referentieAanbieder, 'ReferentieAanbieder');
  overlapControle(b, 'TR386', producten.map((p, i) => ({
    pad: pad(i), product: p.product, begin: p.toewijzingIngangsdatum, eind: p.toewijzingEinddatum,
  })));
}

function vow(m: Bericht317, dagtekening: Datum, b: Bevindingen): void {
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
  // TR380: a requested end date cannot lie in the past of the request.
  const eindNietVerleden = (pad: string, eind: Datum | undefined) => {
    if (eind !== undefined && eind < dagtekening) b.melding(pad, 'TR380', `Einddatum ${eind} ligt voor de dagtekening ${dagtekening}`);
  };
  teWijzigen.forEach((p, i) => eindNietVerleden(padT(i), p.einddatum));
  nieuw.forEach((p, i) => eindNietVerleden(padN(i), p.einddatum));
  overlapControle(b, 'TR410', nieuw.map((p, i) => ({ pad: padN(i), product: p.product, begin: p.gewensteIngangsdatum, eind: p.einddatum })));
}

function antwoord(m: Bericht319, b: Bevindingen): void {
  // Only iJw has the Woonplaatsbeginsel class; in iWmo there is nothing to require or forbid.
  if (m.domein !== 'JW') return;
  const a = m.antwoord;
  const pad = '/Bericht/Antwoord';
  if (a.redenAfwijzingVerzoek === '8' && !a.woonplaatsbeginsel) {
    b.melding(pad, 'TR377', 'RedenAfwijzingVerzoek 8 (woonplaatsbeginsel) zonder klasse Woonplaatsbeginsel');
  }
  if (a.redenAfwijzingVerzoek !== '8' && a.woonplaatsbeginsel) {
    b.melding(pad, 'TR409', 'Klasse Woonplaatsbeginsel terwijl RedenAfwijzingVerzoek niet 8 is');
  }
}
