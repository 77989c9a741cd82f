/**
 * Server-rendered HTML: a tagged template that escapes every interpolated value unless it is already
 * `Veilig` (built by this template), plus the layout, tables, filters and pagination the screens share.
 */

export class Veilig {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);

function weergave(w: unknown): string {
  if (w instanceof Veilig) return w.html;
  if (Array.isArray(w)) return w.map(weergave).join('');
  if (w === null || w === undefined || w === false) return '';
  return esc(String(w));
}

export function h(delen: TemplateStringsArray, ...waarden: unknown[]): Veilig {
  let uit = delen[0];
  for (let i = 0; i < waarden.length; i++) uit += weergave(waarden[i]) + delen[i + 1];
  return new Veilig(uit);
}

/** Markup produced by a trusted renderer (the chart library's SVG). */
export const ruw = (s: string): Veilig => new Veilig(s);

/** `1234567.8` (euro string with a decimal point) → `€ 1.234.567,80`. */
export function euro(bedrag: string | null | undefined): string {
  if (bedrag === null || bedrag === undefined) return '—';
  const neg = bedrag.startsWith('-');
  const [geheel, cent = '00'] = (neg ? bedrag.slice(1) : bedrag).split('.');
  return `${neg ? '−' : ''}€ ${geheel.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cent.padEnd(2, '0').slice(0, 2)}`;
}

/** `4.30` → `4,3%`. */
export function procent(p: string): string {
  const n = Number(p);
  return `${Number.isFinite(n) ? n.toLocaleString('nl-NL', { maximumFractionDigits: 1, minimumFractionDigits: 1 }) : p}%`;
}

export const MAANDEN = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const MAAND_VOLUIT = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** `2026-03-31` → `31 maart 2026`. */
export function datumTekst(d: string | null | undefined): string {
  if (!d) return '—';
  const [j, m, dag] = d.slice(0, 10).split('-').map(Number);
  return `${dag} ${MAAND_VOLUIT[m - 1]} ${j}`;
}

export function momentTekst(d: Date | null | undefined): string {
  if (!d) return '—';
  return d.toLocaleString('nl-NL', { timeZone: 'Europe/Amsterdam', dateStyle: 'medium', timeStyle: 'short' });
}

export interface Ingelogd {
  naam: string;
  rol: string;
  gemeenten: readonly string[];
}

export interface Menu {
  href: string;
  tekst: string;
  /** Shown only when the user may open it. */
  zichtbaar: boolean;
}

const ROL_TEKST: Record<string, string> = {
  backoffice: 'backoffice', contractmanager: 'contractmanager', gemeente: 'gemeente', beheer: 'beheer', aanbieder: 'aanbieder',
};

export interface PaginaOpties {
  titel: string;
  inhoud: Veilig;
  gebruiker?: Ingelogd;
  csrf?: string;
  menu?: Menu[];
  actief?: string;
  kruimels?: { href?: string; tekst: string }[];
  melding?: { soort: 'succes' | 'fout'; tekst: string };
}

export function pagina(o: PaginaOpties): string {
  const menu = (o.menu ?? []).filter((m) => m.zichtbaar);
  return h`<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${o.csrf ? h`<meta name="csrf-token" content="${o.csrf}">` : ''}
<title>${o.titel} · Plafond</title>
<link rel="stylesheet" href="/static/plafond.css">
</head>
<body>
<a class="overslaan" href="#inhoud">Direct naar de inhoud</a>
<header class="kop">
  <div class="merk"><a href="/"><span class="logo" aria-hidden="true">▮▮▯</span> Plafond</a><span class="regio">Zaanstreek-Waterland</span></div>
  ${menu.length ? h`<nav aria-label="Hoofdmenu"><ul>${menu.map((m) => h`<li><a href="${m.href}"${o.actief === m.href ? ruw(' aria-current="page"') : ''}>${m.tekst}</a></li>`)}</ul></nav>` : ''}
  ${o.gebruiker ? h`<div class="wie"><span><span class="naam">${o.gebruiker.naam}</span> <span class="rol">${ROL_TEKST[o.gebruiker.rol] ?? o.gebruiker.rol}${o.gebruiker.gemeenten.length ? ` · ${o.gebruiker.gemeenten.join(', ')}` : ''}</span></span>
    <form method="post" action="/uitloggen"><input type="hidden" name="_csrf" value="${o.csrf ?? ''}"><button type="submit" class="knop-licht">Afmelden</button></form></div>` : ''}
</header>
<main id="inhoud" tabindex="-1">
${o.kruimels?.length ? h`<nav aria-label="Kruimelpad" class="kruimels"><ol>${o.kruimels.map((k) => (k.href ? h`<li><a href="${k.href}">${k.tekst}</a></li>` : h`<li aria-current="page">${k.tekst}</li>`))}</ol></nav>` : ''}
<h1>${o.titel}</h1>
${o.melding ? h`<p class="melding ${o.melding.soort}" role="${o.melding.soort === 'fout' ? 'alert' : 'status'}">${o.melding.tekst}</p>` : ''}
${o.inhoud}
</main>
<footer class="voet"><p>Plafond — regionale backoffice en budgetbewaking Jeugdwet en Wmo. BSN's zijn alleen zichtbaar voor de backoffice.</p></footer>
</body>
</html>`.html;
}

/** A link to the same page with some query parameters changed (others kept). */
export function metQuery(pad: string, huidig: Record<string, string | undefined>, wijziging: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...huidig, ...wijziging })) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${pad}?${s}` : pad;
}

export interface Kolom<T> {
  kop: string;
  /** Sort key of the column; absent = not sortable. */
  sorteer?: string;
  rechts?: boolean;
  cel(r: T): Veilig | string | number | null;
}

export interface TabelOpties<T> {
  bijschrift: string;
  kolommen: Kolom<T>[];
  regels: T[];
  pad: string;
  query: Record<string, string | undefined>;
  sorteer?: string;
  aflopend?: boolean;
  leeg?: string;
}

export function tabel<T>(o: TabelOpties<T>): Veilig {
  if (o.regels.length === 0) return h`<p class="leeg">${o.leeg ?? 'Geen regels.'}</p>`;
  const kop = (k: Kolom<T>) => {
    if (!k.sorteer) return h`<th scope="col"${k.rechts ? ruw(' class="r"') : ''}>${k.kop}</th>`;
    const actief = o.sorteer === k.sorteer;
    const richting = actief && !o.aflopend ? 'af' : 'op';
    const ariaSort = actief ? (o.aflopend ? 'descending' : 'ascending') : 'none';
    return h`<th scope="col" aria-sort="${ariaSort}"${k.rechts ? ruw(' class="r"') : ''}><a href="${metQuery(o.pad, o.query, { sorteer: k.sorteer, richting, pagina: undefined })}">${k.kop}<span class="pijl" aria-hidden="true">${actief ? (o.aflopend ? ' ▼' : ' ▲') : ' ↕'}</span><span class="sr">, sorteer ${richting === 'op' ? 'oplopend' : 'aflopend'}</span></a></th>`;
  };
  return h`<div class="tabel-rol"><table>
<caption>${o.bijschrift}</caption>
<thead><tr>${o.kolommen.map(kop)}</tr></thead>
<tbody>${o.regels.map((r) => h`<tr>${o.kolommen.map((k) => h`<td${k.rechts ? ruw(' class="r"') : ''}>${k.cel(r) ?? ''}</td>`)}</tr>`)}</tbody>
</table></div>`;
}

export function paginering(pad: string, query: Record<string, string | undefined>, l: { totaal: number; pagina: number; perPagina: number }): Veilig {
  const paginas = Math.max(1, Math.ceil(l.totaal / l.perPagina));
  if (paginas <= 1) return h`<p class="aantal">${l.totaal} ${l.totaal === 1 ? 'regel' : 'regels'}</p>`;
  return h`<nav class="paginering" aria-label="Paginering">
  ${l.pagina > 1 ? h`<a href="${metQuery(pad, query, { pagina: l.pagina - 1 })}" rel="prev">← Vorige</a>` : h`<span class="uit" aria-hidden="true">← Vorige</span>`}
  <span>Pagina ${l.pagina} van ${paginas} · ${l.totaal} regels</span>
  ${l.pagina < paginas ? h`<a href="${metQuery(pad, query, { pagina: l.pagina + 1 })}" rel="next">Volgende →</a>` : h`<span class="uit" aria-hidden="true">Volgende →</span>`}
</nav>`;
}

export interface FilterVeld {
  naam: string;
  label: string;
  waarde?: string;
  keuzes?: { waarde: string; tekst: string }[];
  type?: 'text' | 'number';
}

export function filters(pad: string, velden: FilterVeld[], behoud: Record<string, string | undefined> = {}): Veilig {
  return h`<form class="filters" method="get" action="${pad}" role="search" aria-label="Filter">
  ${Object.entries(behoud).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => h`<input type="hidden" name="${k}" value="${v}">`)}
  ${velden.map((v) => h`<div class="veld"><label for="f-${v.naam}">${v.label}</label>${v.keuzes
    ? h`<select id="f-${v.naam}" name="${v.naam}"><option value="">alle</option>${v.keuzes.map((k) => h`<option value="${k.waarde}"${k.waarde === v.waarde ? ruw(' selected') : ''}>${k.tekst}</option>`)}</select>`
    : h`<input id="f-${v.naam}" name="${v.naam}" type="${v.type ?? 'text'}" value="${v.waarde ?? ''}">`}</div>`)}
  <button type="submit">Toon</button>
</form>`;
}

/** A figure with its status in words and a symbol, never by colour alone. */
export function uitnuttingBadge(pct: string | null): Veilig {
  if (pct === null) return h`<span class="badge">geen plafond</span>`;
  const n = Number(pct);
  const [soort, tekst] = n >= 100 ? ['hoog', 'boven plafond'] : n >= 70 ? ['let-op', 'let op'] : ['ok', 'binnen'];
  return h`<span class="badge ${soort}"><span aria-hidden="true">${soort === 'hoog' ? '▲' : soort === 'let-op' ? '●' : '○'}</span> ${procent(pct)} <span class="sr">(${tekst})</span></span>`;
}

const SIGNAAL_TEKST: Record<string, string> = {
  overbesteding: 'Overbesteding', drempel: 'Drempel bereikt', 'waarschuwing-70': '70%-waarschuwing', onderbesteding: 'Onderbesteding',
  'geen-ohw': 'Geen OHW ontvangen', 'late-declaratie': 'Late declaratie', sprong: 'Sprong t.o.v. vorige maanden', 'bestedingsruimte-termijn': 'Termijn bestedingsruimte verlopen',
  'declaratie-termijn': 'Aangehouden declaratie: termijn', 'verzoek-termijn': 'Verzoek: antwoordtermijn', 'retour-ontbreekt': 'Retourbericht ontbreekt',
  'onverwerkt-bericht': 'Bericht niet verwerkt',
};
export const signaalNaam = (soort: string): string => SIGNAAL_TEKST[soort] ?? soort;
