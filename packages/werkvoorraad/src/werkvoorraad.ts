import { addDays, type Cents, type Datum } from '@plafond/core';
import {
  aangehoudenDeclaraties, onverwerkteBerichten, openVerzoeken, termijnRijen, verzondenZonderRetour, type DataSource,
} from '@plafond/db';
import { binnenTermijnPerMaand, onderzoekStand, TERMIJNEN, termijnStand, type BinnenTermijn, type Signaal } from './termijnen';

export type WerkSoort = 'verzoek' | 'declaratie' | 'bericht' | 'toewijzing-zonder-retour';

/** One thing awaiting a person, with its term in werkdagen. No BSN or client name: the client is a pseudonym. */
export interface WerkItem {
  soort: WerkSoort;
  id: string;
  /** What it is, in Dutch. */
  omschrijving: string;
  agbCode: string | null;
  gemeente: string | null;
  domein: 'JW' | 'WMO' | null;
  ontvangstdatum: Datum;
  termijn: Datum;
  werkdagenResterend: number;
  signaal: Signaal | null;
  details: Record<string, string | number | null>;
}

export interface WerkvoorraadOpties {
  peildatum: Datum;
  /** A received message still unprocessed after this many minutes is listed (default 15). */
  onverwerktNaMinuten?: number;
  /** Our 301/319 of the last this many days are watched for their retour (default 60). */
  retourDagen?: number;
}

const bedrag = (c: Cents) => c.toString();

/**
 * Everything awaiting the back office, most urgent first: verzoeken to answer (5 werkdagen; in onderzoek 8
 * weeks), declaraties with held prestaties (10 werkdagen), received messages that could not be processed,
 * and toewijzingen/antwoorden of ours still without the aanbieder's retour after 3 werkdagen.
 */
export async function werkvoorraad(ds: DataSource, opties: WerkvoorraadOpties): Promise<WerkItem[]> {
  const { peildatum } = opties;
  const [verzoeken, declaraties, berichten, zonderRetour] = await Promise.all([
    openVerzoeken(ds), aangehoudenDeclaraties(ds), onverwerkteBerichten(ds, opties.onverwerktNaMinuten ?? 15), verzondenZonderRetour(ds, addDays(peildatum, -(opties.retourDagen ?? 60))),
  ]);
  const items: WerkItem[] = [];
  for (const v of verzoeken) {
    const stand = v.status === 'in_onderzoek' ? onderzoekStand(v.dagtekening, peildatum) : termijnStand(v.ontvangstdatum, peildatum, TERMIJNEN.verzoek);
    items.push({
      soort: 'verzoek', id: v.id,
      omschrijving: `${v.soort === 'VOT' ? 'Verzoek om toewijzing' : 'Verzoek om wijziging'} ${v.referentieAanbieder} van ${v.aanbiederNaam}${v.status === 'in_onderzoek' ? ' (in onderzoek)' : ''}`,
      agbCode: v.agbCode, gemeente: v.gemeente, domein: v.domein, ontvangstdatum: v.ontvangstdatum, ...stand,
      details: { verzoekSoort: v.soort, status: v.status, referentieAanbieder: v.referentieAanbieder, client: v.clientPseudoniem, onderzoekSinds: v.onderzoekSinds },
    });
  }
  for (const d of declaraties) {
    items.push({
      soort: 'declaratie', id: d.id, omschrijving: `Declaratie ${d.declaratieNummer} van ${d.aanbiederNaam}: ${d.aangehouden} aangehouden prestatie(s)`,
      agbCode: d.agbCode, gemeente: d.gemeente, domein: d.domein, ontvangstdatum: d.ontvangstdatum,
      ...termijnStand(d.ontvangstdatum, peildatum, TERMIJNEN.declaratie),
      details: { declaratieNummer: d.declaratieNummer, aangehouden: d.aangehouden, aangehoudenCents: bedrag(d.aangehoudenBedrag) },
    });
  }
  for (const b of berichten) {
    items.push({
      soort: 'bericht', id: b.id, omschrijving: b.reden ? `Ontvangen bericht ${b.bestandsnaam ?? b.id} kan niet worden verwerkt: ${b.reden}` : `Ontvangen bericht ${b.bestandsnaam ?? b.id} is niet verwerkt`,
      agbCode: b.agbCode, gemeente: null, domein: null, ontvangstdatum: b.ontvangstdatum,
      ...termijnStand(b.ontvangstdatum, peildatum, TERMIJNEN.retour), details: { status: b.status },
    });
  }
  for (const u of zonderRetour) {
    const stand = termijnStand(u.dagtekening, peildatum, TERMIJNEN.retour);
    if (stand.signaal === null) continue;
    items.push({
      soort: 'toewijzing-zonder-retour', id: u.id,
      omschrijving: `${u.berichttype} ${u.identificatie} aan ${u.agbCode}: geen ${u.berichttype.endsWith('301') ? '302' : '320'} ontvangen`,
      agbCode: u.agbCode, gemeente: null, domein: u.berichttype.startsWith('JW') ? 'JW' : 'WMO', ontvangstdatum: u.dagtekening, ...stand,
      details: { berichttype: u.berichttype, identificatie: u.identificatie },
    });
  }
  const gewicht = (i: WerkItem) => (i.signaal === 'termijn-verstreken' ? 0 : i.signaal === 'termijn-nadert' ? 1 : 2);
  return items.sort((a, b) => gewicht(a) - gewicht(b) || a.werkdagenResterend - b.werkdagenResterend || (a.termijn < b.termijn ? -1 : a.termijn > b.termijn ? 1 : 0));
}

/** A term signal for the budget signal list: a declaratie or verzoek past its warning point or late. */
export interface TermijnSignaal {
  soort: 'declaratie-termijn' | 'verzoek-termijn' | 'retour-ontbreekt' | 'onverwerkt-bericht';
  signaal: Signaal;
  agbCode: string | null;
  id: string;
  termijn: Datum;
  tekst: string;
}

/** The signal kind of each kind of item, in the API's list and in the budget signals. */
export const SIGNAAL_SOORT: Readonly<Record<WerkSoort, TermijnSignaal['soort']>> = {
  declaratie: 'declaratie-termijn', verzoek: 'verzoek-termijn', 'toewijzing-zonder-retour': 'retour-ontbreekt', bericht: 'onverwerkt-bericht',
};

/** The werkvoorraad's items that are signals, in the shape of the budget signals (per aanbieder, with the numbers). */
export function termijnSignalen(items: readonly WerkItem[]): TermijnSignaal[] {
  return items.flatMap((i) => (i.signaal === null ? [] : [{
    soort: SIGNAAL_SOORT[i.soort], signaal: i.signaal, agbCode: i.agbCode, id: i.id, termijn: i.termijn,
    tekst: `${i.omschrijving}; termijn ${i.termijn} (${i.werkdagenResterend < 0 ? `${-i.werkdagenResterend} werkdag(en) te laat` : `nog ${i.werkdagenResterend} werkdag(en)`})`,
  }]));
}

/** The share of declaraties and verzoeken answered within term, per month of receipt from `van` to `tot`. */
export async function binnenTermijn(ds: DataSource, van: Datum, tot: Datum, peildatum: Datum): Promise<BinnenTermijn[]> {
  return binnenTermijnPerMaand(await termijnRijen(ds, van, tot), peildatum);
}
