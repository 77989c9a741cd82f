import { parse } from 'csv-parse/sync';
import { isDatum, ValidatieFout, type Datum, type Melding } from '@plafond/core';
import { declaratieIdOpNummer, verzoekIdOpReferentie } from '@plafond/db';
import { besluitDeclaratie, type DeclaratieBesluitUitkomst } from './declaratie';
import { beantwoordVerzoek, kenVerzoekToe, REDENEN_AFWIJZING, type RedenAfwijzing, type VerzoekUitkomst, type WerkvoorraadDeps } from './verzoek';

/**
 * The columns of a decisions file (`plafond verwerk --besluiten FILE.csv`), comma- or semicolon-separated,
 * with a header row:
 *
 * | column | meaning |
 * |---|---|
 * | `datum` | the day of the decision (dagtekening of what it sends); it is taken after every message with a Dagtekening on or before it. Empty: after all messages, on the run's peildatum |
 * | `soort` | `verzoek` or `declaratie` |
 * | `agb` | AGB-code of the aanbieder |
 * | `sleutel` | the verzoek's ReferentieAanbieder, or the DeclaratieNummer |
 * | `besluit` | verzoek: `toekennen`, `afwijzen`, `onderzoek`; declaratie: `toekennen`, `afwijzen` |
 * | `referentienummer` | declaratie: the held prestatie's ReferentieNummer; empty: every held prestatie |
 * | `reden_afwijzing` | verzoek afwijzen: RedenAfwijzingVerzoek 1–9 |
 * | `woonplaats` | reden 8 in iJw: CBS code of the responsible gemeente |
 * | `postcode`, `huisnummer` | toekennen of a client's first toewijzing: the address |
 * | `door` | who decides |
 * | `reden` | why |
 */
export const BESLUIT_KOLOMMEN = ['datum', 'soort', 'agb', 'sleutel', 'besluit', 'referentienummer', 'reden_afwijzing', 'woonplaats', 'postcode', 'huisnummer', 'door', 'reden'] as const;
const VERPLICHT = ['soort', 'agb', 'sleutel', 'besluit', 'door', 'reden'] as const;

export interface BesluitRegel {
  regel: number;
  datum: Datum | null;
  soort: 'verzoek' | 'declaratie';
  agb: string;
  sleutel: string;
  besluit: 'toekennen' | 'afwijzen' | 'onderzoek';
  referentienummer: string | null;
  redenAfwijzing: RedenAfwijzing | null;
  woonplaats: string | null;
  adres: { postcode: string; huisnummer: number } | null;
  door: string;
  reden: string;
}

/** Reads a decisions file; every row's problems are reported at once and nothing is decided when there is one. */
export function leesBesluiten(inhoud: Buffer | string): BesluitRegel[] {
  const tekst = typeof inhoud === 'string' ? inhoud : inhoud.toString('utf8');
  const eersteRegel = tekst.split(/\r?\n/, 1)[0] ?? '';
  let rijen: Record<string, string>[];
  try {
    rijen = parse(tekst, { columns: (kop: string[]) => kop.map((k) => k.trim().toLowerCase()), delimiter: eersteRegel.includes(';') ? ';' : ',', skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new ValidatieFout(`besluitenbestand is geen geldige CSV: ${(e as Error).message}`);
  }
  const meldingen: Melding[] = [];
  const kolommen = rijen.length ? Object.keys(rijen[0]) : [];
  for (const k of VERPLICHT) if (rijen.length && !kolommen.includes(k)) meldingen.push({ pad: 'kop', regel: 'KOLOM', tekst: `kolom ${k} ontbreekt` });
  const onbekend = kolommen.filter((k) => !(BESLUIT_KOLOMMEN as readonly string[]).includes(k));
  if (onbekend.length) meldingen.push({ pad: 'kop', regel: 'KOLOM', tekst: `onbekende kolom(men): ${onbekend.join(', ')}` });
  if (meldingen.length) throw new ValidatieFout('besluitenbestand heeft niet de juiste kolommen', meldingen);
  const uit: BesluitRegel[] = [];
  rijen.forEach((r, i) => {
    const regel = i + 2;
    const fout = (tekst: string) => meldingen.push({ pad: `regel ${regel}`, regel: 'BESLUIT', tekst });
    for (const k of VERPLICHT) if (!r[k]) fout(`${k} is leeg`);
    const soort = r.soort;
    if (soort && soort !== 'verzoek' && soort !== 'declaratie') fout(`soort '${soort}' is geen verzoek of declaratie`);
    const besluit = r.besluit;
    const mag = soort === 'declaratie' ? ['toekennen', 'afwijzen'] : ['toekennen', 'afwijzen', 'onderzoek'];
    if (besluit && !mag.includes(besluit)) fout(`besluit '${besluit}' kan niet bij ${soort} (${mag.join(', ')})`);
    if (r.datum && !isDatum(r.datum)) fout(`datum '${r.datum}' is geen JJJJ-MM-DD`);
    if (r.agb && !/^\d{8}$/.test(r.agb)) fout(`agb '${r.agb}' is geen AGB-code van 8 cijfers`);
    const reden = r.reden_afwijzing || null;
    if (soort === 'verzoek' && besluit === 'afwijzen' && !REDENEN_AFWIJZING.includes(reden as RedenAfwijzing)) fout('reden_afwijzing 1–9 is verplicht bij afwijzen');
    if (r.referentienummer && soort !== 'declaratie') fout('referentienummer hoort alleen bij een declaratie');
    let adres: BesluitRegel['adres'] = null;
    if (r.postcode || r.huisnummer) {
      if (!r.postcode || !/^\d{1,5}$/.test(r.huisnummer ?? '')) fout('postcode en huisnummer (getal) horen samen');
      else adres = { postcode: r.postcode, huisnummer: Number(r.huisnummer) };
    }
    uit.push({
      regel, datum: r.datum && isDatum(r.datum) ? r.datum : null, soort: soort as BesluitRegel['soort'], agb: r.agb, sleutel: r.sleutel,
      besluit: besluit as BesluitRegel['besluit'], referentienummer: r.referentienummer || null, redenAfwijzing: reden as RedenAfwijzing | null,
      woonplaats: r.woonplaats || null, adres, door: r.door, reden: r.reden,
    });
  });
  if (meldingen.length) throw new ValidatieFout(`besluitenbestand: ${meldingen.length} fout(en)`, meldingen);
  return uit;
}

/** One decision of a decisions file as taken, for `besluiten.json`. */
export interface BesluitUitkomst {
  regels: number[];
  soort: 'verzoek' | 'declaratie';
  agb: string;
  sleutel: string;
  besluit: string;
  uitkomst: VerzoekUitkomst | DeclaratieBesluitUitkomst;
}

/**
 * Takes the decisions of a file on `peildatum` (rows with their own datum use it): rows of one declaratie
 * on the same day become one decision (per prestatie, or all held at once).
 */
export async function voerBesluitenUit(deps: WerkvoorraadDeps, regels: readonly BesluitRegel[], peildatum: Datum): Promise<BesluitUitkomst[]> {
  const groepen: BesluitRegel[][] = [];
  for (const r of regels) {
    const laatste = groepen.at(-1);
    if (laatste && r.soort === 'declaratie' && laatste[0].soort === 'declaratie' && laatste[0].agb === r.agb && laatste[0].sleutel === r.sleutel && laatste[0].datum === r.datum) {
      laatste.push(r);
    } else groepen.push([r]);
  }
  const uit: BesluitUitkomst[] = [];
  for (const g of groepen) {
    const r = g[0];
    const beslisser = { door: r.door, reden: g.map((x) => x.reden).filter((x, i, a) => a.indexOf(x) === i).join('; '), peildatum: r.datum ?? peildatum };
    let uitkomst: BesluitUitkomst['uitkomst'];
    if (r.soort === 'verzoek') {
      const id = await verzoekIdOpReferentie(deps.dataSource, r.agb, r.sleutel);
      if (!id) throw new ValidatieFout(`besluitenbestand regel ${r.regel}: geen verzoek ${r.sleutel} van aanbieder ${r.agb}`);
      uitkomst = r.besluit === 'toekennen'
        ? await kenVerzoekToe(deps, id, beslisser, { ...(r.adres && { adres: r.adres }) })
        : await beantwoordVerzoek(deps, id, r.besluit === 'onderzoek'
          ? { soort: 'onderzoek' }
          : { soort: 'afwijzen', reden: r.redenAfwijzing!, ...(r.woonplaats && { woonplaatsGemeente: r.woonplaats }) }, beslisser);
    } else {
      const id = await declaratieIdOpNummer(deps.dataSource, r.agb, r.sleutel);
      if (!id) throw new ValidatieFout(`besluitenbestand regel ${r.regel}: geen declaratie ${r.sleutel} van aanbieder ${r.agb}`);
      const alle = g.find((x) => x.referentienummer === null);
      uitkomst = await besluitDeclaratie(deps, id, alle
        ? { alle: alle.besluit as 'toekennen' | 'afwijzen' }
        : { perPrestatie: Object.fromEntries(g.map((x) => [x.referentienummer!, x.besluit as 'toekennen' | 'afwijzen'])) }, beslisser);
    }
    uit.push({ regels: g.map((x) => x.regel), soort: r.soort, agb: r.agb, sleutel: r.sleutel, besluit: r.besluit, uitkomst });
  }
  return uit;
}
