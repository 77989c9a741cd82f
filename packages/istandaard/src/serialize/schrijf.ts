/**
 * Canonical XML for iJw/iWmo 3.2 messages: UTF-8, the prefixes of the official examples
 * (`jw323:`/`ijw:`, `wmo323:`/`iwmo:`), one element per line indented with tabs, elements in XSD
 * order, optional elements omitted when undefined, amounts as integers.
 */
import { berichtNamespace, domeinVan, NS_BASIS, type BerichtType } from '../xml/node';
import type { Bericht, DeclaratieAntwoordClient, DeclaratieAntwoordKop, DeclaratieClient, DeclaratieKop } from '../model/berichten';
import * as K from '../model/klassen';
import { elementNaam, type Klasse, type Ns, type SchrijfContext, type Type } from '../model/structuur';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** Escapes character content; `\r` as a reference so it survives XML line-end normalisation. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"'\r]/g, (c) => ESCAPES[c]);
}

interface Schrijver {
  ctx: SchrijfContext;
  prefix: Record<Ns, string>;
}

function schrijver(type: BerichtType): Schrijver {
  const domein = domeinVan(type);
  return {
    ctx: { type },
    prefix: { bericht: type.toLowerCase(), basis: domein === 'JW' ? 'ijw' : 'iwmo' },
  };
}

function inspring(diepte: number): string {
  return '\t'.repeat(diepte);
}

function schrijfWaarde(s: Schrijver, type: Type<unknown>, waarde: unknown, qnaam: string, diepte: number, out: string[]): void {
  if (type.soort === 'leaf') {
    out.push(`${inspring(diepte)}<${qnaam}>${escapeXml(type.schrijf(waarde))}</${qnaam}>\n`);
    return;
  }
  out.push(`${inspring(diepte)}<${qnaam}>\n`);
  schrijfVelden(s, type, waarde as Record<string, unknown>, diepte + 1, out);
  out.push(`${inspring(diepte)}</${qnaam}>\n`);
}

/** Writes the child elements of a class (not its own start/end tag). */
function schrijfVelden(s: Schrijver, k: Klasse<unknown>, waarde: Record<string, unknown>, diepte: number, out: string[], tot?: string): void {
  const p = s.prefix[k.ns];
  for (const [key, veld] of Object.entries(k.velden)) {
    if (key === tot) return;
    const qnaam = `${p}:${elementNaam(key)}`;
    if (veld.vorm === 'vast') {
      out.push(`${inspring(diepte)}<${qnaam}>${veld.waarde(s.ctx)}</${qnaam}>\n`);
      continue;
    }
    const v = waarde[key];
    if (v === undefined) continue;
    if (veld.vorm === 'een') {
      if (veld.nietIn?.includes(s.ctx.type)) continue;
      schrijfWaarde(s, veld.type, v, qnaam, diepte, out);
      continue;
    }
    const items = v as unknown[];
    if (items.length === 0 && veld.optioneel) continue;
    out.push(`${inspring(diepte)}<${qnaam}>\n`);
    const itemNaam = `${p}:${veld.item}`;
    for (const item of items) schrijfWaarde(s, veld.type, item, itemNaam, diepte + 1, out);
    out.push(`${inspring(diepte)}</${qnaam}>\n`);
  }
}

function opening(s: Schrijver): string {
  const domein = domeinVan(s.ctx.type);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${s.prefix.bericht}:Bericht xmlns:${s.prefix.bericht}="${berichtNamespace(s.ctx.type)}" xmlns:${s.prefix.basis}="${NS_BASIS[domein]}">\n`;
}

/** The canonical XML document of a message. */
export function serialiseer(bericht: Bericht): string {
  const s = schrijver(bericht.type);
  const out: string[] = [opening(s)];
  schrijfVelden(s, K.ROOTS[K.soortVan(bericht.type)] as Klasse<unknown>, bericht as unknown as Record<string, unknown>, 1, out);
  out.push(`</${s.prefix.bericht}:Bericht>\n`);
  return out.join('');
}

/**
 * Writes a declaratie (323) or declaratie-antwoord (325) incrementally: the head first, then one
 * chunk per client as the iterable yields them, so a file of any size needs memory for one client.
 * For a 325 the `Clienten` wrapper is only written when there is at least one client; clients
 * without a `declaratieAntwoord` in the head are an error (the schema does not allow them).
 */
export function schrijfDeclaratie(kop: DeclaratieKop, clienten: Iterable<DeclaratieClient>, write: (chunk: string) => void): void;
export function schrijfDeclaratie(kop: DeclaratieAntwoordKop, clienten: Iterable<DeclaratieAntwoordClient>, write: (chunk: string) => void): void;
export function schrijfDeclaratie(
  kop: DeclaratieKop | DeclaratieAntwoordKop,
  clienten: Iterable<DeclaratieClient | DeclaratieAntwoordClient>,
  write: (chunk: string) => void,
): void {
  const s = schrijver(kop.type);
  const p = s.prefix.bericht;
  const out: string[] = [opening(s)];
  const is323 = K.soortVan(kop.type) === '323';
  const headerKlasse = (is323 ? K.header : K.header325) as Klasse<unknown>;
  schrijfWaarde(s, headerKlasse, kop.header, `${p}:Header`, 1, out);
  const blok = is323 ? (kop as DeclaratieKop).declaratie : (kop as DeclaratieAntwoordKop).declaratieAntwoord;
  const blokNaam = is323 ? 'Declaratie' : 'DeclaratieAntwoord';
  const blokKlasse = (is323 ? K.declaratie : K.declaratieAntwoord) as Klasse<unknown>;
  const clientKlasse = (is323 ? K.declaratieClient : K.declaratieAntwoordClient) as Klasse<unknown>;
  if (blok === undefined) {
    for (const _ of clienten) throw new RangeError('declaratie-antwoord zonder DeclaratieAntwoord kan geen clienten bevatten');
    out.push(`</${p}:Bericht>\n`);
    write(out.join(''));
    return;
  }
  out.push(`\t<${p}:${blokNaam}>\n`);
  schrijfVelden(s, blokKlasse, blok as Record<string, unknown>, 2, out, 'clienten');
  let aantal = 0;
  for (const client of clienten) {
    if (aantal === 0) {
      out.push(`\t\t<${p}:Clienten>\n`);
      write(out.join(''));
      out.length = 0;
    }
    aantal++;
    const chunk: string[] = [];
    schrijfWaarde(s, clientKlasse, client, `${p}:Client`, 3, chunk);
    write(chunk.join(''));
  }
  if (aantal > 0) out.push(`\t\t</${p}:Clienten>\n`);
  else if (is323) throw new RangeError('een declaratie heeft minstens een client');
  if (!is323) {
    const codes = (blok as { retourCodes: string[] }).retourCodes;
    out.push(`\t\t<${p}:RetourCodes>\n`);
    for (const c of codes) out.push(`\t\t\t<${p}:RetourCode>${escapeXml(c)}</${p}:RetourCode>\n`);
    out.push(`\t\t</${p}:RetourCodes>\n`);
  }
  out.push(`\t</${p}:${blokNaam}>\n</${p}:Bericht>\n`);
  write(out.join(''));
}
