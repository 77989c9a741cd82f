import { addMonths, isGeldigBsn, type Datum, type Melding } from '@plafond/core';
import type { Geboortedatum, Product } from '../model/berichten';
import { IN_BERICHT_REGELS } from './referentie';

/**
 * A copy of `s` that owns its characters, for a string kept until the end of a message. V8 makes a
 * substring of 13 characters or more a view on its parent, so a value sliced from the parser's buffer
 * would keep that whole chunk of the document alive. Concatenating flattens into a new string; the
 * slice of that is a view on the copy only.
 */
export function eigenKopie(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/** Collects findings of in-message rules; every one rejects its class with the rule's retourcode. */
export class Bevindingen {
  readonly lijst: Melding[] = [];

  melding(pad: string, regel: string, tekst: string): void {
    this.lijst.push({ pad, regel, tekst, retourcode: IN_BERICHT_REGELS[regel].retourcode });
  }

  /** CS002: the Bsn passes the elfproef. */
  bsn(pad: string, bsn: string): void {
    if (!isGeldigBsn(bsn)) this.melding(`${pad}/Bsn`, 'CS002', 'Bsn voldoet niet aan de elfproef');
  }

  /** TR002: born at most 120 years before the dagtekening, unless the date is the "unknown" marker. */
  geboortedatum(pad: string, g: Geboortedatum, dagtekening: Datum): void {
    if (g.datumGebruik === '3' && g.datum === '1900-01-01') return;
    if (g.datum < addMonths(dagtekening, -120 * 12)) {
      this.melding(pad, 'TR002', `Geboortedatum ${g.datum} ligt meer dan 120 jaar voor de dagtekening ${dagtekening}`);
    }
  }

  /** TR134: a date not after the dagtekening of the message. */
  nietNaDagtekening(pad: string, element: string, d: Datum, dagtekening: Datum): void {
    if (d > dagtekening) this.melding(pad, 'TR134', `${element} ${d} ligt na de dagtekening ${dagtekening}`);
  }
}

/**
 * "Same product" for the overlap rules (TR302, TR386, TR410): equal categorie and code; an empty
 * code matches every code of the categorie, an empty product matches every product.
 */
export function zelfdeProduct(a: Product | undefined, b: Product | undefined): boolean {
  if (!a || !b) return true;
  if (a.categorie !== b.categorie) return false;
  return a.code === undefined || b.code === undefined || a.code === b.code;
}

/** Whether two periods overlap; an absent einddatum is open-ended. */
export function overlapt(beginA: Datum, eindA: Datum | undefined, beginB: Datum, eindB: Datum | undefined): boolean {
  return (eindA === undefined || beginB <= eindA) && (eindB === undefined || beginA <= eindB);
}

interface Periodiek {
  pad: string;
  product?: Product;
  begin: Datum;
  eind?: Datum;
}

/** Reports every item that overlaps an earlier item with the same product. */
export function overlapControle(b: Bevindingen, regel: string, items: Periodiek[]): void {
  items.forEach((item, i) => {
    const eerder = items.slice(0, i).find((e) =>
      zelfdeProduct(e.product, item.product) && overlapt(e.begin, e.eind, item.begin, item.eind));
    if (eerder) b.melding(item.pad, regel, `Zelfde product overlapt in periode met ${eerder.pad}`);
  });
}

/** Reports every item whose key was already used by an earlier item (TR101 and friends). */
export function uniek<T>(b: Bevindingen, regel: string, items: T[], pad: (i: number) => string, sleutel: (t: T) => string, wat: string): void {
  const gezien = new Set<string>();
  items.forEach((item, i) => {
    const k = sleutel(item);
    if (gezien.has(k)) b.melding(pad(i), regel, `${wat} komt meer dan eens voor in het bericht`);
    gezien.add(k);
  });
}

export function productSleutel(p: Product | undefined): string {
  return p ? `${p.categorie}/${p.code ?? ''}` : '';
}
