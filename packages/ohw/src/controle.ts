import { addMonths, datum, endOfMonth, formatEuro, isGeldigBsn, isMaand, maxDatum, minDatum, parseEuro, type Cents, type Datum, type Maand } from '@plafond/core';
import { berekendBedrag, EENHEID, eenheidFactor, toegestaanVolume, type Frequentie } from '@plafond/declaratie';
import { EENHEDEN } from '@plafond/stamdata';
import { OHW_KOLOMMEN, type OhwInvoerRij, type OhwKolom } from './kolommen';

/** One refused cell: the row as a spreadsheet numbers it (header = 1), the column and a reason a person understands. */
export interface OhwAfwijzing {
  regel: number;
  kolom: OhwKolom;
  reden: string;
}

/** A toewijzing as the check sees it (any aanbieder's: the check tells "unknown" from "another aanbieder's"). */
export interface OhwToewijzingInfo {
  id: string;
  toewijzingNummer: string;
  gemeente: string;
  domein: 'JW' | 'WMO';
  /** Addressed to the aanbieder whose file this is. */
  eigen: boolean;
  clientId: string;
  bsn: string;
  productcategorie: string | null;
  productcode: string | null;
  ingangsdatum: Datum;
  einddatum: Datum | null;
  omvang: { volume: number; eenheid: string; frequentie: string } | null;
  ingetrokken: boolean;
}

/** What the check reads from outside: toewijzingen by number and the master data (the declaraties' tariff index). */
export interface OhwControleContext {
  /** The reported month: no periode may lie after it. */
  maand: Maand;
  toewijzingen(nummer: string): readonly OhwToewijzingInfo[];
  /** The contract tariff of the aanbieder valid on a date (its own before the regional one). */
  tarief(domein: string, categorie: string, code: string | undefined, op: Datum): { bedrag: Cents; eenheid: string } | undefined;
  /** A product with a tariff in the domein. */
  product(domein: string, categorie: string, code: string): boolean;
  gemeenteBekend(cbsCode: string): boolean;
}

/** A valid row as stored, linked to its toewijzing and client. */
export interface OhwRegel {
  regelnummer: number;
  gemeente: string;
  toewijzingNummer: string;
  toewijzingId: string;
  clientId: string;
  productcategorie: string;
  productcode: string | null;
  periode: Maand;
  volume: number;
  eenheid: string;
  bedrag: Cents;
  toelichting: string | null;
}

export interface OhwControleUitkomst {
  regels: OhwRegel[];
  afgewezen: OhwAfwijzing[];
}

const VERPLICHT: OhwKolom[] = ['gemeente', 'toewijzingnummer', 'bsn', 'productcategorie', 'periode', 'volume', 'eenheid', 'bedrag_eur'];

const EENHEID_NAAM: Record<string, string> = {
  '01': 'minuut', '04': 'uur', '14': 'etmaal', '16': 'dagdeel', '82': 'stuks (output)', '83': "euro's", '84': 'stuks (inspanning)',
};

/** Formula-injection text: a spreadsheet would run a cell starting with one of these as a formula. */
export function isFormuleTekst(s: string): boolean {
  return /^[=+\-@\t\r]/.test(s);
}

function euro(c: Cents): string {
  return `€ ${formatEuro(c).replace('.', ',')}`;
}

/** A periode cell: `YYYY-MM`, or the first of a month as a date (what a spreadsheet makes of a typed 2026-03). */
function leesPeriode(s: string): Maand | undefined {
  if (isMaand(s)) return s;
  const m = /^(\d{4}-\d{2})-01$/.exec(s);
  return m && isMaand(m[1]) ? m[1] : undefined;
}

type Getal = { ok: true; waarde: number } | { ok: false; reden: string };

function leesVolume(s: string): Getal {
  let cents: Cents;
  try {
    cents = parseEuro(s);
  } catch {
    return { ok: false, reden: /^-?[\d.,\s]+$/.test(s) ? `volume ${s} is geen geheel getal` : `volume '${s}' is geen getal` };
  }
  if (cents % 100n !== 0n) return { ok: false, reden: `volume ${s} is geen geheel getal` };
  if (cents < 0n) return { ok: false, reden: 'volume mag niet negatief zijn' };
  const v = cents / 100n;
  if (v > 1_000_000_000n) return { ok: false, reden: `volume ${s} is onwaarschijnlijk groot` };
  return { ok: true, waarde: Number(v) };
}

/**
 * Checks every row of an OHW file and collects every problem with its row, column and reason; a row with any
 * problem is refused, the others are the version's rows. Checks that need a known toewijzing are skipped for
 * a row whose toewijzing is unknown or another aanbieder's, so each mistake is reported once, where it is.
 */
export function controleerOhw(rijen: readonly OhwInvoerRij[], ctx: OhwControleContext): OhwControleUitkomst {
  const regels: OhwRegel[] = [];
  const afgewezen: OhwAfwijzing[] = [];
  const gezien = new Map<string, number>();
  const maandEind = endOfMonth(datum(`${ctx.maand}-01`));

  for (const rij of rijen) {
    const c = rij.cellen;
    const fouten: OhwAfwijzing[] = [];
    const fout = (kolom: OhwKolom, reden: string) => {
      if (!fouten.some((f) => f.kolom === kolom)) fouten.push({ regel: rij.regel, kolom, reden });
    };
    for (const k of VERPLICHT) if (c[k] === '') fout(k, `${k} is niet ingevuld`);
    for (const k of Object.keys(c) as OhwKolom[]) {
      if (c[k] !== '' && isFormuleTekst(c[k]) && !(k === 'volume' || k === 'bedrag_eur') ) fout(k, `tekst die met =, +, - of @ begint is niet toegestaan (een spreadsheet zou hem als formule uitvoeren)`);
    }

    if (c.gemeente && !/^\d{4}$/.test(c.gemeente)) fout('gemeente', `gemeente ${c.gemeente} is geen CBS-code van 4 cijfers`);
    else if (c.gemeente && !ctx.gemeenteBekend(c.gemeente)) fout('gemeente', `gemeente ${c.gemeente} is geen bekende gemeente`);
    if (c.bsn && !isGeldigBsn(c.bsn)) fout('bsn', /^\d{9}$/.test(c.bsn) ? `bsn ${c.bsn} voldoet niet aan de elfproef` : `bsn ${c.bsn} is geen BSN van 9 cijfers`);
    if (c.eenheid && !EENHEDEN.has(c.eenheid)) fout('eenheid', `eenheid ${c.eenheid} is geen eenheid uit de codelijst (01, 04, 14, 16, 82, 83, 84)`);
    const periode = c.periode ? leesPeriode(c.periode) : undefined;
    if (c.periode && !periode) fout('periode', `periode ${c.periode} is geen maand in de vorm JJJJ-MM`);
    else if (periode && periode > ctx.maand) fout('periode', `periode ${periode} ligt na de gerapporteerde maand ${ctx.maand}`);
    const volume = c.volume ? leesVolume(c.volume) : undefined;
    if (volume && !volume.ok) fout('volume', volume.reden);
    let bedrag: Cents | undefined;
    if (c.bedrag_eur) {
      try {
        bedrag = parseEuro(c.bedrag_eur);
        if (bedrag < 0n) fout('bedrag_eur', 'bedrag_eur mag niet negatief zijn');
      } catch {
        fout('bedrag_eur', /^-?[\d.,\s€]+$/.test(c.bedrag_eur) ? `bedrag_eur ${c.bedrag_eur} heeft meer dan twee decimalen` : `bedrag_eur '${c.bedrag_eur}' is geen bedrag`);
      }
    }

    // The toewijzing: the aanbieder's own with this number in this gemeente, the product deciding between domeinen.
    let tw: OhwToewijzingInfo | undefined;
    if (c.toewijzingnummer && !fouten.some((f) => f.kolom === 'toewijzingnummer')) {
      const alle = ctx.toewijzingen(c.toewijzingnummer);
      const eigen = alle.filter((t) => t.eigen);
      const hier = eigen.filter((t) => t.gemeente === c.gemeente);
      if (!alle.length) fout('toewijzingnummer', `toewijzing ${c.toewijzingnummer} is onbekend`);
      else if (!eigen.length) fout('toewijzingnummer', `toewijzing ${c.toewijzingnummer} is niet aan u toegewezen`);
      else if (!hier.length) {
        if (c.gemeente && !fouten.some((f) => f.kolom === 'gemeente')) fout('gemeente', `toewijzing ${c.toewijzingnummer} is van gemeente ${eigen[0].gemeente}, niet van ${c.gemeente}`);
      } else tw = hier.find((t) => t.productcategorie === c.productcategorie) ?? hier[0];
      if (tw?.ingetrokken) {
        fout('toewijzingnummer', `toewijzing ${c.toewijzingnummer} is ingetrokken`);
        tw = undefined;
      }
    }

    if (tw) {
      if (c.bsn && isGeldigBsn(c.bsn) && c.bsn !== tw.bsn) fout('bsn', `bsn ${c.bsn} is niet de cliënt van toewijzing ${tw.toewijzingNummer}`);
      if (c.productcategorie && tw.productcategorie !== null && c.productcategorie !== tw.productcategorie) {
        fout('productcategorie', `productcategorie ${c.productcategorie} past niet bij de toewijzing (${tw.productcategorie})`);
      }
      if (tw.productcode !== null && c.productcode !== tw.productcode) {
        fout('productcode', c.productcode ? `productcode ${c.productcode} past niet bij de toewijzing (${tw.productcode})` : `productcode is niet ingevuld (de toewijzing is voor ${tw.productcode})`);
      } else if (tw.productcode === null && c.productcode && c.productcategorie && !ctx.product(tw.domein, c.productcategorie, c.productcode)) {
        fout('productcode', `productcode ${c.productcode} is geen product met een tarief in productcategorie ${c.productcategorie}`);
      }
      const einde = tw.einddatum ?? maandEind;
      if (periode && periode <= ctx.maand && (`${periode}-01` > einde || endOfMonth(datum(`${periode}-01`)) < tw.ingangsdatum)) {
        fout('periode', `periode ${periode} valt buiten de toewijzing (${tw.ingangsdatum} t/m ${tw.einddatum ?? 'open einde'})`);
      }
    }

    if (tw && periode && !fouten.some((f) => f.kolom === 'periode')) {
      const sleutel = `${tw.id}|${periode}`;
      const eerder = gezien.get(sleutel);
      if (eerder !== undefined) fout('toewijzingnummer', `dubbele regel: toewijzing ${tw.toewijzingNummer} en periode ${periode} staan al op rij ${eerder}`);
      else gezien.set(sleutel, rij.regel);
    }

    // Amount and volume against the toewijzing and the contract tariff valid in the periode (TR346 for minutes on an hourly tariff).
    if (tw && periode && volume?.ok && bedrag !== undefined && c.eenheid && EENHEDEN.has(c.eenheid) && !fouten.length) {
      const begin = maxDatum(datum(`${periode}-01`), tw.ingangsdatum);
      const eind = minDatum(endOfMonth(datum(`${periode}-01`)), tw.einddatum ?? endOfMonth(datum(`${periode}-01`)));
      const tarief = ctx.tarief(tw.domein, c.productcategorie, c.productcode || undefined, begin);
      const verwachteEenheid = tw.omvang?.eenheid ?? tarief?.eenheid;
      if (verwachteEenheid !== undefined && eenheidFactor(c.eenheid, verwachteEenheid) === undefined) {
        fout('eenheid', `eenheid ${c.eenheid} (${EENHEID_NAAM[c.eenheid]}) past niet bij de toewijzing (${verwachteEenheid}, ${EENHEID_NAAM[verwachteEenheid] ?? 'onbekend'})`);
      } else if (c.eenheid === EENHEID.euros) {
        if (bedrag !== BigInt(volume.waarde) * 100n) fout('bedrag_eur', `bedrag_eur ${euro(bedrag)} is niet het volume in euro's (${euro(BigInt(volume.waarde) * 100n)})`);
      } else if (!tarief) {
        fout('bedrag_eur', `er is geen contracttarief voor ${c.productcategorie}${c.productcode ? `/${c.productcode}` : ''} geldig in ${periode}`);
      } else {
        const verwacht = berekendBedrag(volume.waarde, tarief.bedrag, c.eenheid, tarief.eenheid);
        if (verwacht !== bedrag) {
          fout('bedrag_eur', `bedrag_eur ${euro(bedrag)} is niet volume × contracttarief (${volume.waarde} ${EENHEID_NAAM[c.eenheid]} × ${euro(tarief.bedrag)}${c.eenheid === EENHEID.minuut && tarief.eenheid === EENHEID.uur ? ' per uur / 60' : ''} = ${euro(verwacht)})`);
        }
      }
      if (tw.omvang && !fouten.some((f) => f.kolom === 'eenheid')) {
        const factor = eenheidFactor(c.eenheid, tw.omvang.eenheid);
        if (factor !== undefined && ['1', '2', '4', '6'].includes(tw.omvang.frequentie)) {
          const looptijd = { begindatum: tw.ingangsdatum, ...(tw.einddatum !== null && { einddatum: tw.einddatum }) };
          const omvang = { volume: tw.omvang.volume, eenheid: tw.omvang.eenheid, frequentie: tw.omvang.frequentie as Frequentie };
          const toegestaan = toegestaanVolume(omvang, looptijd, { begindatum: begin, einddatum: eind }) * factor;
          if (volume.waarde > toegestaan) {
            fout('volume', `volume ${volume.waarde} is meer dan de toewijzing in ${periode} toestaat (${toegestaan} ${EENHEID_NAAM[c.eenheid]})`);
          }
        }
      }
    }

    fouten.sort((a, b) => OHW_KOLOMMEN.indexOf(a.kolom) - OHW_KOLOMMEN.indexOf(b.kolom));
    if (fouten.length) afgewezen.push(...fouten);
    else {
      regels.push({
        regelnummer: rij.regel, gemeente: c.gemeente, toewijzingNummer: c.toewijzingnummer, toewijzingId: tw!.id, clientId: tw!.clientId,
        productcategorie: c.productcategorie, productcode: c.productcode || null, periode: periode!, volume: (volume as { waarde: number }).waarde,
        eenheid: c.eenheid, bedrag: bedrag!, toelichting: c.toelichting || null,
      });
    }
  }
  return { regels, afgewezen };
}

/** The month before a month (the report most recently due). */
export function vorigeMaand(m: Maand): Maand {
  return addMonths(datum(`${m}-01`), -1).slice(0, 7) as Maand;
}
