import { addDays, Money, type Datum, type Maand, maandVan } from '@plafond/core';
import { isWerkdag, werkdagenTermijn } from '@plafond/declaratie';

/** Werkdagen (Algemene termijnenwet) after `van` up to and including `tot`; negative when `tot` lies before `van`. */
export function werkdagenTussen(van: Datum, tot: Datum): number {
  if (tot < van) return -werkdagenTussen(tot, van);
  let n = 0;
  for (let d = addDays(van, 1); d <= tot; d = addDays(d, 1)) if (isWerkdag(d)) n += 1;
  return n;
}

/**
 * The terms the back office answers within, in werkdagen after receipt, and when a waiting item becomes a
 * signal before it is late:
 * - declaratie → 325 within 10 werkdagen (OP090x4); a signal after 8;
 * - verzoek om toewijzing / wijziging → 301 or 319 within 5 werkdagen (OP274, OP346); a signal after 4;
 *   once answered "in onderzoek" (319 with VerzoekAntwoord 2, once: TR360) the final answer is due within
 *   8 weeks after the verzoek's dagtekening (OP274/OP346 explanation);
 * - any heenbericht → its retour within 3 werkdagen (OP090): a toewijzing of ours without the aanbieder's
 *   302, or a received message we could not process.
 */
export const TERMIJNEN = {
  declaratie: { werkdagen: 10, signaalNa: 8 },
  verzoek: { werkdagen: 5, signaalNa: 4 },
  retour: { werkdagen: 3, signaalNa: 3 },
  onderzoekWeken: 8,
} as const;

export type Signaal = 'termijn-nadert' | 'termijn-verstreken';

/** Where an item stands against its term on `peildatum`. */
export interface TermijnStand {
  termijn: Datum;
  /** Werkdagen left until the term (0 on the last day; negative when overdue). */
  werkdagenResterend: number;
  signaal: Signaal | null;
}

/** An item received on `ontvangstdatum` with a term of `werkdagen` that signals after `signaalNa` werkdagen. */
export function termijnStand(ontvangstdatum: Datum, peildatum: Datum, t: { werkdagen: number; signaalNa: number }): TermijnStand {
  const termijn = werkdagenTermijn(ontvangstdatum, t.werkdagen);
  const verstreken = werkdagenTussen(ontvangstdatum, peildatum);
  return {
    termijn,
    werkdagenResterend: werkdagenTussen(peildatum, termijn),
    signaal: peildatum > termijn ? 'termijn-verstreken' : verstreken >= t.signaalNa ? 'termijn-nadert' : null,
  };
}

/** A verzoek in onderzoek: the final answer by 8 weeks after its dagtekening; a signal in the last 5 werkdagen. */
export function onderzoekStand(dagtekening: Datum, peildatum: Datum): TermijnStand {
  const termijn = addDays(dagtekening, TERMIJNEN.onderzoekWeken * 7);
  const rest = werkdagenTussen(peildatum, termijn);
  return { termijn, werkdagenResterend: rest, signaal: peildatum > termijn ? 'termijn-verstreken' : rest <= TERMIJNEN.verzoek.werkdagen ? 'termijn-nadert' : null };
}

/** Per month of receipt and kind: how many items were answered within their term. */
export interface BinnenTermijn {
  maand: Maand;
  soort: 'declaratie' | 'verzoek';
  ontvangen: number;
  /** Answered, or past their term (the ones that can be judged). */
  beoordeeld: number;
  binnenTermijn: number;
  /** Percentage with one decimal, null when nothing can be judged yet. */
  aandeelPct: string | null;
}

/**
 * The back-office figure "answered within term" per month of receipt: an item counts when it is answered
 * or its term has passed on `peildatum`; it is within term when its answer left on or before the term.
 */
export function binnenTermijnPerMaand(rijen: readonly { soort: 'declaratie' | 'verzoek'; ontvangstdatum: Datum; beantwoord: Datum | null }[], peildatum: Datum): BinnenTermijn[] {
  const per = new Map<string, BinnenTermijn>();
  for (const r of rijen) {
    const maand = maandVan(r.ontvangstdatum);
    const sleutel = `${maand}|${r.soort}`;
    let b = per.get(sleutel);
    if (!b) per.set(sleutel, (b = { maand, soort: r.soort, ontvangen: 0, beoordeeld: 0, binnenTermijn: 0, aandeelPct: null }));
    b.ontvangen += 1;
    const termijn = werkdagenTermijn(r.ontvangstdatum, TERMIJNEN[r.soort].werkdagen);
    if (r.beantwoord !== null || peildatum > termijn) {
      b.beoordeeld += 1;
      if (r.beantwoord !== null && r.beantwoord <= termijn) b.binnenTermijn += 1;
    }
  }
  const uit = [...per.values()].sort((a, b) => (a.maand < b.maand ? -1 : a.maand > b.maand ? 1 : a.soort < b.soort ? -1 : 1));
  for (const b of uit) b.aandeelPct = b.beoordeeld ? new Money(b.binnenTermijn).div(b.beoordeeld).mul(100).toFixed(1) : null;
  return uit;
}
