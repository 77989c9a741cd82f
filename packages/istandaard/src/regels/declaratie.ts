/**
 * In-message rules of the declaratie (323) and declaratie-antwoord (325), checked incrementally:
 * clients arrive one by one (streamed), the head is only known at the end. Memory grows with
 * short keys and a few integers per prestatie, never with whole records.
 *
 * The duplicate rules keyed by client (TR101 for prestaties, TR416) keep their keys per Bsn, in
 * small sets, instead of one message-wide set of `bsn + key` strings: no key has to be built for
 * the Bsn, and the sets a prestatie touches stay small.
 */
import { addMonths, fromEpochDay, toEpochDay, type Cents, type Datum, type Melding } from '@plafond/core';
import type {
  DeclaratieAntwoordClient, DeclaratieAntwoordKop, DeclaratieClient, DeclaratieKop, GeslotenPeriode, Prestatie,
} from '../model/berichten';
import { heleMaand, nulIsDebet, prestatieRegels, vanaf2021 } from './condities';
import { Bevindingen, eigenKopie } from './hulp';

/** Codes that do not reject a class: anything else in a 325 prestatie means "afgewezen". */
const NIET_AFWIJZEND = new Set(['0200', '8001', '0233']);

/** What the duplicate rules keep of the prestaties of all clients with one Bsn. */
interface PerBsn {
  /** ReferentieNummers (TR101). */
  referenties: Set<string>;
  /** Toewijzing, product and period of the debet prestaties (TR416). */
  debetPeriodes: Set<string>;
}

export class DeclaratieControle {
  private readonly b = new Bevindingen();
  private readonly is323: boolean;
  private readonly basis: string;
  private aantalClienten = 0;
  /** Per Bsn seen (TR101 for clients), the keys of its prestaties. */
  private readonly perBsn = new Map<string, PerBsn>();
  private readonly vorigeReferenties = new Set<string>();
  /** Credits as (VorigReferentieNummer, client, prestatie) for TR316, resolved at the end. */
  private readonly credits: [string, number, number][] = [];
  /** Per prestatie: client index, prestatie index, begin and end as epoch days. */
  private readonly perioden: number[] = [];
  private som: Cents = 0n;

  constructor(soort: '323' | '325') {
    this.is323 = soort === '323';
    this.basis = this.is323 ? '/Bericht/Declaratie' : '/Bericht/DeclaratieAntwoord';
  }

  private clientPad(ci: number): string {
    return `${this.basis}/Clienten/Client[${ci}]`;
  }

  private prestatiePad(ci: number, pi: number): string {
    return `${this.clientPad(ci)}/Prestaties/Prestatie[${pi}]`;
  }

  /** Checks one client and remembers what the end-of-message rules need. */
  client(client: DeclaratieClient | DeclaratieAntwoordClient): void {
    const ci = ++this.aantalClienten;
    const pad = this.clientPad(ci);
    this.b.bsn(pad, client.bsn);
    let perBsn = this.perBsn.get(client.bsn);
    if (perBsn !== undefined) {
      this.b.melding(pad, 'TR101', 'Client (Bsn) komt meer dan eens voor in het bericht');
    } else {
      perBsn = { referenties: new Set(), debetPeriodes: new Set() };
      this.perBsn.set(eigenKopie(client.bsn), perBsn);
    }
    const prestaties = client.prestaties;
    for (let i = 0; i < prestaties.length; i++) this.prestatie(perBsn, prestaties[i], ci, i + 1);
  }

  private prestatie(perBsn: PerBsn, p: Prestatie & { retourCodes?: string[] }, ci: number, pi: number): void {
    // The path only for a finding: building it for every prestatie of a large declaratie costs more than most of its rules.
    const pad = () => this.prestatiePad(ci, pi);
    const { vorigReferentieNummer } = p.productReferentie;
    // Kept until the end of the message: a copy, so it does not pin the parse buffer it came from.
    const referentieNummer = eigenKopie(p.productReferentie.referentieNummer);
    if (perBsn.referenties.has(referentieNummer)) {
      this.b.melding(pad(), 'TR101', `Prestatie (Bsn, ReferentieNummer ${referentieNummer}) komt meer dan eens voor in het bericht`);
    }
    perBsn.referenties.add(referentieNummer);
    const { begindatum, einddatum } = p.productPeriode;
    this.perioden.push(ci, pi, toEpochDay(begindatum), toEpochDay(einddatum));
    prestatieRegels(this.b, pad, p, this.is323);
    const { bedrag, debetCredit } = p.ingediendBedrag;
    this.som += debetCredit === 'D' ? bedrag : -bedrag;

    if (!this.is323) {
      if (!(p.retourCodes ?? []).some((c) => !NIET_AFWIJZEND.has(c))) {
        this.b.melding(pad(), 'TR342', 'Declaratie-antwoord bevat een prestatie die niet is afgewezen');
      }
      return;
    }
    if (vorigReferentieNummer !== undefined) {
      if (this.vorigeReferenties.has(vorigReferentieNummer)) {
        this.b.melding(pad(), 'TR315', `VorigReferentieNummer ${vorigReferentieNummer} komt meer dan eens voor in het bericht`);
      }
      this.vorigeReferenties.add(eigenKopie(vorigReferentieNummer));
    }
    // TR416 per client (its parent key), like TR101: a toewijzing belongs to one client.
    if (debetCredit === 'D') {
      // Kept until the end of the message: joined, because a template literal of this length is a tree
      // of concatenations that holds every piece (several hundred bytes a prestatie instead of ~60).
      const periodeSleutel = [p.toewijzingNummer, p.productCategorie, p.productCode, begindatum, einddatum].join('|');
      if (perBsn.debetPeriodes.has(periodeSleutel)) {
        this.b.melding(pad(), 'TR416', 'Tweede debetprestatie voor dezelfde periode, productcategorie, productcode en toewijzing');
      }
      perBsn.debetPeriodes.add(periodeSleutel);
    } else if (vorigReferentieNummer !== undefined) {
      this.credits.push([eigenKopie(vorigReferentieNummer), ci, pi]);
    }
  }

  /** Rules that need the head (dates, totals) or the whole message; returns every finding. */
  einde(kop: DeclaratieKop | DeclaratieAntwoordKop): Melding[] {
    const dagtekening = kop.header.berichtIdentificatie.dagtekening;
    const dag = toEpochDay(dagtekening);
    if ('declaratie' in kop) this.declaratieKop(kop, dagtekening);
    else if (kop.declaratieAntwoord) this.antwoordKop(kop.declaratieAntwoord);

    const declaratie = this.is323 && 'declaratie' in kop ? kop.declaratie : undefined;
    const vijfJaarTerug = declaratie ? toEpochDay(addMonths(declaratie.declaratieDagtekening, -60)) : Number.NEGATIVE_INFINITY;
    const declaratieEinde = declaratie ? toEpochDay(declaratie.declaratiePeriode.einddatum) : Number.POSITIVE_INFINITY;
    const p = this.perioden;
    for (let i = 0; i < p.length; i += 4) {
      const begin = p[i + 2], eind = p[i + 3];
      if (begin <= dag && eind >= begin && eind <= dag && eind >= vijfJaarTerug && eind <= declaratieEinde) continue;
      const pad = `${this.prestatiePad(p[i], p[i + 1])}/ProductPeriode`;
      if (begin > dag) this.b.melding(`${pad}/Begindatum`, 'TR134', `Begindatum ProductPeriode ${fromEpochDay(begin)} ligt na de dagtekening ${dagtekening}`);
      // TR137 is the rule of the ProductPeriode's Einddatum (TR018 is the DeclaratiePeriode's in a 323).
      if (eind < begin) this.b.melding(`${pad}/Einddatum`, 'TR137', `Einddatum ProductPeriode ${fromEpochDay(eind)} ligt voor de Begindatum`);
      if (eind > dag) this.b.melding(`${pad}/Einddatum`, 'TR137', `Einddatum ProductPeriode ${fromEpochDay(eind)} ligt na de dagtekening ${dagtekening}`);
      if (eind < vijfJaarTerug) this.b.melding(`${pad}/Einddatum`, 'TR335', `Einddatum ProductPeriode ${fromEpochDay(eind)} ligt meer dan 5 jaar voor de DeclaratieDagtekening`);
      // TR319: a prestatie of this or an earlier period, never of a later one.
      if (eind > declaratieEinde) this.b.melding(pad, 'TR319', `ProductPeriode eindigt ${fromEpochDay(eind)}, na de DeclaratiePeriode`);
    }
    // TR316: a credit may not point at any prestatie of the same message (a debet credited here, or
    // itself). Only a message with credits needs the message-wide set of ReferentieNummers.
    const referenties = new Set<string>();
    if (this.credits.length > 0) for (const b of this.perBsn.values()) for (const r of b.referenties) referenties.add(r);
    for (const [vorig, ci, pi] of this.credits) {
      if (referenties.has(vorig)) {
        this.b.melding(this.prestatiePad(ci, pi), 'TR316', `VorigReferentieNummer ${vorig} is het ReferentieNummer van een prestatie in hetzelfde bericht`);
      }
    }
    return sorteer(this.b.lijst);
  }

  private declaratieKop(kop: DeclaratieKop, dagtekening: Datum): void {
    const d = kop.declaratie;
    const pad = this.basis;
    this.periode(pad, 'DeclaratiePeriode', d.declaratiePeriode, dagtekening);
    vanaf2021(this.b, `${pad}/DeclaratiePeriode`, d.declaratiePeriode);
    heleMaand(this.b, `${pad}/DeclaratiePeriode`, d.declaratiePeriode);
    this.b.nietNaDagtekening(pad, 'DeclaratieDagtekening', d.declaratieDagtekening, dagtekening);
    nulIsDebet(this.b, `${pad}/TotaalIngediendBedrag`, d.totaalIngediendBedrag);
    const { totaalBedrag, debetCredit } = d.totaalIngediendBedrag;
    const totaal = debetCredit === 'D' ? totaalBedrag : -totaalBedrag;
    if (totaal !== this.som) {
      this.b.melding(pad, 'TR358', `TotaalIngediendBedrag ${totaalBedrag} ${debetCredit} is niet de som van de prestaties (${bedragTekst(this.som)})`);
    }
  }

  private periode(pad: string, naam: string, p: GeslotenPeriode, dagtekening: Datum): void {
    this.b.nietNaDagtekening(pad, `Begindatum ${naam}`, p.begindatum, dagtekening);
    if (p.einddatum < p.begindatum) this.b.melding(pad, 'TR018', `Einddatum ${naam} ${p.einddatum} ligt voor Begindatum ${p.begindatum}`);
    if (p.einddatum > dagtekening) this.b.melding(pad, 'TR137', `Einddatum ${naam} ${p.einddatum} ligt na de dagtekening ${dagtekening}`);
  }

  /**
   * TR342: rejected as a whole → no prestaties and nothing granted; otherwise the prestaties returned
   * (the rejected ones) explain the difference: SOM(IngediendBedrag) = TotaalIngediendBedrag − TotaalToegekendBedrag.
   */
  private antwoordKop(a: NonNullable<DeclaratieAntwoordKop['declaratieAntwoord']>): void {
    const pad = this.basis;
    nulIsDebet(this.b, `${pad}/TotaalIngediendBedrag`, a.totaalIngediendBedrag);
    nulIsDebet(this.b, `${pad}/TotaalToegekendBedrag`, a.totaalToegekendBedrag);
    if (a.retourCodes.some((c) => !NIET_AFWIJZEND.has(c))) {
      if (this.aantalClienten > 0) this.b.melding(pad, 'TR342', 'Afgekeurd declaratie-antwoord bevat prestaties');
      if (a.totaalToegekendBedrag.totaalBedrag !== 0n) this.b.melding(pad, 'TR342', 'Afgekeurd declaratie-antwoord met TotaalToegekendBedrag ongelijk aan 0');
      return;
    }
    const verschil = metTeken(a.totaalIngediendBedrag) - metTeken(a.totaalToegekendBedrag);
    if (verschil !== this.som) {
      this.b.melding(pad, 'TR342', `Som van de afgewezen prestaties (${bedragTekst(this.som)}) is niet TotaalIngediendBedrag min TotaalToegekendBedrag (${bedragTekst(verschil)})`);
    }
  }
}

function metTeken(t: { totaalBedrag: Cents; debetCredit: 'D' | 'C' }): Cents {
  return t.debetCredit === 'D' ? t.totaalBedrag : -t.totaalBedrag;
}

function bedragTekst(c: Cents): string {
  return c < 0n ? `${-c} C` : `${c} D`;
}

/** Document order: head-level findings first, then by client and prestatie index. */
function sorteer(meldingen: Melding[]): Melding[] {
  const sleutel = (pad: string) => [...pad.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  return meldingen
    .map((m, i) => ({ m, i, k: sleutel(m.pad) }))
    .sort((a, b) => {
      for (let j = 0; j < Math.max(a.k.length, b.k.length); j++) {
        const d = (a.k[j] ?? 0) - (b.k[j] ?? 0);
        if (d !== 0) return d;
      }
      return a.i - b.i;
    })
    .map((x) => x.m);
}
