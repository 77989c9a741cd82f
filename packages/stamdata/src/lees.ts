import { createHash } from 'node:crypto';
import { datum, isBudgetlijnCode, isDatum, parseEuro, type Cents, type Datum, type Melding } from '@plafond/core';
import type { DomeinCode, NieuweAanbieder, NieuwBudgetplafond, NieuwTarief, PlafondBeleid } from '@plafond/db';
import { EENHEDEN, GEMEENTEN_ZW, PRODUCTCATEGORIEEN_JW, PRODUCTCATEGORIEEN_WMO } from './codelijsten';
import { leesCsv, leesXlsxBladen, type Rij, type Tabel } from './tabel';

export interface Bestand {
  naam: string;
  inhoud: Buffer;
}

export type StamdataSoort = 'aanbieders' | 'tarieven' | 'budgetlijnen' | 'plafonds' | 'contracten' | 'plafondmutaties';

/** Where a value came from: file name and 1-based line (header = line 1). */
export interface Bron {
  bestand: string;
  regel: number;
}

/** A finding about one cell or row; `pad` reads `tarieven.csv regel 4, kolom tarief_eur`. */
export interface StamdataMelding extends Melding {
  bestand: string;
  /** 1-based line in the file; 1 is the header. */
  regelnummer: number;
  kolom?: string;
}

export interface GelezenAanbieder extends NieuweAanbieder { bron: Bron }
export interface GelezenTarief extends NieuwTarief { bron: Bron }
export interface GelezenPlafond extends NieuwBudgetplafond { budgetlijn: string | null; bron: Bron }
/** A budgetlijn (perceel) of a domein and year from `budgetlijnen.csv`, with the productcategorieën it covers. */
export interface GelezenBudgetlijn { jaar: number; domein: DomeinCode; code: string; naam: string; bedragCents: Cents; productcategorieen: string[]; bron: Bron }
/** A contract row: the plafond policy of an aanbieder in a domein and year. */
export interface GelezenContract { jaar: number; agbCode: string; domein: DomeinCode; beleid: PlafondBeleid; bron: Bron }
/** A plafond mutation from `plafondmutaties.csv`, with the key that makes reading the file twice add nothing. */
export interface GelezenPlafondMutatie {
  jaar: number; agbCode: string; domein: DomeinCode; gemeenteCode: string | null; budgetlijn: string | null; datum: Datum; mutatie: Cents; reden: string;
  sleutel: string; bron: Bron;
}

export interface Stamdata {
  aanbieders: GelezenAanbieder[];
  tarieven: GelezenTarief[];
  budgetlijnen: GelezenBudgetlijn[];
  plafonds: GelezenPlafond[];
  contracten: GelezenContract[];
  plafondMutaties: GelezenPlafondMutatie[];
  meldingen: StamdataMelding[];
  /** Which kind each file was read as, with its SHA-256. */
  bestanden: { naam: string; soort: StamdataSoort | null; sha256: string }[];
}

export interface LeesContext {
  /** AGB-codes that exist already (in the database); codes defined in the same batch count too. */
  bekendeAgbCodes?: Iterable<string>;
}

const KOLOMMEN: Record<StamdataSoort, string[]> = {
  aanbieders: ['agb', 'naam'],
  tarieven: ['domein', 'productcategorie', 'productcode', 'eenheid', 'tarief_eur', 'ingangsdatum', 'einddatum', 'agb'],
  budgetlijnen: ['jaar', 'domein', 'code', 'naam', 'bedrag_eur', 'productcategorieen'],
  plafonds: ['jaar', 'agb', 'domein', 'gemeente', 'bedrag_eur'],
  contracten: ['jaar', 'agb', 'domein', 'beleid'],
  plafondmutaties: ['jaar', 'agb', 'domein', 'gemeente', 'datum', 'mutatie_eur', 'reden'],
};

/** Codes that Excel turns into numbers, with their fixed width. */
const CODE_BREEDTE: Record<string, number> = { agb: 8, gemeente: 4, productcategorie: 2, eenheid: 2 };

/**
 * Reads and validates master-data files (CSV or .xlsx) without touching a database. Every bad cell
 * becomes a melding naming file, line and column; the caller imports nothing when there is any.
 */
export async function leesStamdata(bestanden: Bestand[], ctx: LeesContext = {}): Promise<Stamdata> {
  const uit: Stamdata = { aanbieders: [], tarieven: [], budgetlijnen: [], plafonds: [], contracten: [], plafondMutaties: [], meldingen: [], bestanden: [] };
  const gelezen: { naam: string; soort: StamdataSoort; tabel: Tabel }[] = [];
  for (const b of bestanden) {
    const sha256 = createHash('sha256').update(b.inhoud).digest('hex');
    let tabellen: { naam: string; blad: string | null; tabel: Tabel }[];
    try {
      tabellen = /\.xlsx$/i.test(b.naam)
        ? (await leesXlsxBladen(b.inhoud)).map((x) => ({ naam: b.naam, blad: x.naam, tabel: x.tabel }))
        : [{ naam: b.naam, blad: null, tabel: leesCsv(b.inhoud.toString('utf8')) }];
    } catch (e) {
      uit.meldingen.push(melding(b.naam, 1, undefined, 'bestand', `het bestand is niet te lezen: ${(e as Error).message}`));
      uit.bestanden.push({ naam: b.naam, soort: null, sha256 });
      continue;
    }
    // A workbook with several sheets holds one kind per sheet, named by its kind; empty sheets hold nothing to lose.
    const bladen = tabellen.filter((t) => t.tabel.kop.length || t.tabel.rijen.length);
    const perBlad = bladen.length > 1;
    for (const t of perBlad ? bladen : tabellen.slice(0, 1)) {
      const naam = perBlad ? `${b.naam} blad ${t.blad}` : b.naam;
      const soort = perBlad ? soortVanBlad(t.blad!) : bepaalSoort(b.naam, t.tabel.kop);
      uit.bestanden.push({ naam, soort, sha256 });
      if (!soort) {
        uit.meldingen.push(melding(naam, 1, undefined, perBlad ? 'blad' : 'kop', perBlad
          ? `onbekend werkblad ${JSON.stringify(t.blad)}: een werkblad heet naar zijn soort (${Object.keys(KOLOMMEN).join(', ')})`
          : `onbekend soort bestand: de kop moet de kolommen van ${Object.keys(KOLOMMEN).join(', ')} hebben`));
        continue;
      }
      const kop = t.tabel.kop.map((k) => k.toLowerCase());
      const ontbrekend = KOLOMMEN[soort].filter((k) => !kop.includes(k));
      if (ontbrekend.length) {
        uit.meldingen.push(melding(naam, 1, undefined, 'kop', `kolom(men) ontbreken: ${ontbrekend.join(', ')}`));
        continue;
      }
      const rijen = t.tabel.rijen.filter((r) => !teVeelVelden(naam, kop, r, uit));
      gelezen.push({ naam, soort, tabel: { kop, rijen } });
    }
  }
  // Aanbieders first: tariffs and plafonds may refer to aanbieders defined in the same batch.
  for (const g of gelezen.filter((x) => x.soort === 'aanbieders')) leesAanbieders(g.naam, g.tabel, uit);
  const agbs = new Set([...(ctx.bekendeAgbCodes ?? []), ...uit.aanbieders.map((a) => a.agbCode)]);
  for (const g of gelezen.filter((x) => x.soort === 'tarieven')) leesTarieven(g.naam, g.tabel, agbs, uit);
  for (const g of gelezen.filter((x) => x.soort === 'budgetlijnen')) leesBudgetlijnen(g.naam, g.tabel, uit);
  for (const g of gelezen.filter((x) => x.soort === 'plafonds')) leesPlafonds(g.naam, g.tabel, agbs, uit);
  for (const g of gelezen.filter((x) => x.soort === 'contracten')) leesContracten(g.naam, g.tabel, agbs, uit);
  for (const g of gelezen.filter((x) => x.soort === 'plafondmutaties')) leesPlafondMutaties(g.naam, g.tabel, agbs, uit);
  controleerTariefOverlap(uit);
  uit.meldingen.sort((a, b) => a.bestand.localeCompare(b.bestand) || a.regelnummer - b.regelnummer);
  return uit;
}

/** One line per melding, e.g. `tarieven.csv regel 4, kolom tarief_eur: "12,345" heeft meer dan twee decimalen`. */
export function formatMelding(m: Melding): string {
  return `${m.pad}: ${m.tekst}`;
}

function soortVanBlad(blad: string): StamdataSoort | null {
  const naam = blad.trim().toLowerCase();
  return Object.hasOwn(KOLOMMEN, naam) ? (naam as StamdataSoort) : null;
}

/**
 * A row with a value beyond the last column of the header (an unquoted separator in a name, a shifted
 * row) is refused by name: dropping that value would import a cut or shifted row silently.
 */
function teVeelVelden(bestand: string, kop: string[], rij: Rij, uit: Stamdata): boolean {
  const extra = rij.cellen.slice(kop.length);
  if (!extra.some((c) => c !== '')) return false;
  const laatste = rij.cellen.length - [...rij.cellen].reverse().findIndex((c) => c !== '');
  uit.meldingen.push(melding(bestand, rij.regel, undefined, 'velden',
    `heeft ${laatste} velden, de kop ${kop.length}: de waarde ${JSON.stringify(extra.find((c) => c !== ''))} valt buiten de kolommen (een scheidingsteken in een waarde? zet de waarde dan tussen aanhalingstekens)`));
  return true;
}

function bepaalSoort(naam: string, kop: string[]): StamdataSoort | null {
  const k = new Set(kop.map((x) => x.toLowerCase()));
  if (k.has('tarief_eur')) return 'tarieven';
  if (k.has('productcategorieen')) return 'budgetlijnen';
  if (k.has('mutatie_eur')) return 'plafondmutaties';
  if (k.has('beleid') && k.has('jaar')) return 'contracten';
  if (k.has('bedrag_eur') && k.has('jaar')) return 'plafonds';
  if (k.has('agb') && k.has('naam')) return 'aanbieders';
  const m = /(aanbieders|tarieven|budgetlijnen|plafondmutaties|plafonds|contracten)[^/\\]*$/i.exec(naam);
  return m ? (m[1].toLowerCase() as StamdataSoort) : null;
}

function melding(bestand: string, regelnummer: number, kolom: string | undefined, regel: string, tekst: string): StamdataMelding {
  const pad = kolom ? `${bestand} regel ${regelnummer}, kolom ${kolom}` : `${bestand} regel ${regelnummer}`;
  return { pad, regel: `stamdata.${regel}`, tekst, bestand, regelnummer, ...(kolom ? { kolom } : {}) };
}

/** Reads the cells of one row by column name and collects the findings of that row. */
class RijLezer {
  fouten = 0;
  constructor(private bestand: string, private kop: string[], private rij: Rij, private uit: Stamdata) {}

  get regel(): number {
    return this.rij.regel;
  }

  waarde(kolom: string): string {
    const i = this.kop.indexOf(kolom);
    const v = this.rij.cellen[i] ?? '';
    const breedte = CODE_BREEDTE[kolom];
    if (breedte && this.rij.numeriek?.[i] && /^\d+$/.test(v) && v.length < breedte) return v.padStart(breedte, '0');
    return v;
  }

  fout(kolom: string | undefined, regel: string, tekst: string): undefined {
    this.fouten++;
    this.uit.meldingen.push(melding(this.bestand, this.rij.regel, kolom, regel, tekst));
    return undefined;
  }

  verplicht(kolom: string): string | undefined {
    const v = this.waarde(kolom);
    return v === '' ? this.fout(kolom, 'verplicht', 'is leeg') : v;
  }

  agb(kolom: string, bekend: Set<string> | null): string | undefined {
    const v = this.verplicht(kolom);
    if (v === undefined) return undefined;
    if (!/^\d{8}$/.test(v)) return this.fout(kolom, 'agb', `${JSON.stringify(v)} is geen AGB-code van 8 cijfers`);
    if (bekend && !bekend.has(v)) return this.fout(kolom, 'agb-onbekend', `aanbieder ${v} bestaat niet (niet in aanbieders en niet in de database)`);
    return v;
  }

  domein(): DomeinCode | undefined {
    const v = this.verplicht('domein');
    if (v === undefined) return undefined;
    const d = v.toLowerCase();
    if (d === 'jw' || d === 'jeugd' || d === 'jeugdwet') return 'JW';
    if (d === 'wmo') return 'WMO';
    return this.fout('domein', 'domein', `${JSON.stringify(v)} is geen domein (JW of WMO)`);
  }

  datum(kolom: string, verplicht: boolean): Datum | null | undefined {
    const v = this.waarde(kolom);
    if (v === '') return verplicht ? this.fout(kolom, 'verplicht', 'is leeg') : null;
    const d = naarDatum(v);
    return d ?? this.fout(kolom, 'datum', `${JSON.stringify(v)} is geen geldige datum (JJJJ-MM-DD of DD-MM-JJJJ)`);
  }

  bedrag(kolom: string, positief: boolean): Cents | undefined {
    const v = this.verplicht(kolom);
    if (v === undefined) return undefined;
    let c: Cents;
    try {
      c = parseEuro(v);
    } catch (e) {
      const tekst = /decimalen/.test((e as Error).message) ? 'heeft meer dan twee decimalen' : 'is geen bedrag';
      return this.fout(kolom, 'bedrag', `${JSON.stringify(v)} ${tekst}`);
    }
    if (positief ? c <= 0n : c < 0n) return this.fout(kolom, 'bedrag', `${JSON.stringify(v)} moet ${positief ? 'groter dan nul' : 'nul of meer'} zijn`);
    return c;
  }
}

function naarDatum(v: string): Datum | undefined {
  if (isDatum(v)) return v;
  const m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(v);
  if (!m) return undefined;
  const s = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return isDatum(s) ? datum(s) : undefined;
}

function leesAanbieders(bestand: string, tabel: Tabel, uit: Stamdata): void {
  const gezien = new Map<string, number>();
  for (const rij of tabel.rijen) {
    const r = new RijLezer(bestand, tabel.kop, rij, uit);
    const agbCode = r.agb('agb', null);
    const naam = r.verplicht('naam');
    if (agbCode && gezien.has(agbCode)) r.fout('agb', 'dubbel', `aanbieder ${agbCode} staat ook op regel ${gezien.get(agbCode)}`);
    if (agbCode) gezien.set(agbCode, r.regel);
    if (r.fouten === 0 && agbCode && naam) uit.aanbieders.push({ agbCode, naam, bron: { bestand, regel: r.regel } });
  }
}

function leesTarieven(bestand: string, tabel: Tabel, agbs: Set<string>, uit: Stamdata): void {
  for (const rij of tabel.rijen) {
    const r = new RijLezer(bestand, tabel.kop, rij, uit);
    const domein = r.domein();
    const productcategorie = r.verplicht('productcategorie');
    if (domein && productcategorie !== undefined) {
      const lijst = domein === 'JW' ? PRODUCTCATEGORIEEN_JW : PRODUCTCATEGORIEEN_WMO;
      if (!lijst.has(productcategorie)) {
        r.fout('productcategorie', 'productcategorie', `${JSON.stringify(productcategorie)} is geen productcategorie van ${domein} (${domein === 'JW' ? 'JZ020' : 'WMO020'})`);
      }
    }
    const codeRuw = r.waarde('productcode');
    const productcode = codeRuw === '' ? null : codeRuw.toUpperCase();
    if (productcode !== null && !/^[0-9A-Z]{5}$/.test(productcode)) r.fout('productcode', 'productcode', `${JSON.stringify(codeRuw)} is geen productcode van 5 tekens`);
    const eenheid = r.verplicht('eenheid');
    if (eenheid !== undefined && !EENHEDEN.has(eenheid)) r.fout('eenheid', 'eenheid', `${JSON.stringify(eenheid)} is geen eenheid (WJ756: ${[...EENHEDEN].join(', ')})`);
    const bedragCents = r.bedrag('tarief_eur', true);
    const ingangsdatum = r.datum('ingangsdatum', true);
    const einddatum = r.datum('einddatum', false);
    if (ingangsdatum && einddatum && einddatum < ingangsdatum) r.fout('einddatum', 'einddatum', `einddatum ${einddatum} ligt voor ingangsdatum ${ingangsdatum}`);
    const agbCode = r.waarde('agb') === '' ? null : r.agb('agb', agbs);
    if (r.fouten === 0) {
      uit.tarieven.push({
        domein: domein!, productcategorie: productcategorie!, productcode, eenheid: eenheid!, bedragCents: bedragCents!,
        ingangsdatum: ingangsdatum!, einddatum: einddatum ?? null, agbCode: agbCode ?? null, bron: { bestand, regel: r.regel },
      });
    }
  }
}

function leesPlafonds(bestand: string, tabel: Tabel, agbs: Set<string>, uit: Stamdata): void {
  const gezien = new Map<string, Bron>();
  for (const rij of tabel.rijen) {
    const r = new RijLezer(bestand, tabel.kop, rij, uit);
    const jaarRuw = r.verplicht('jaar');
    let jaar: number | undefined;
    if (jaarRuw !== undefined) {
      if (/^\d{4}$/.test(jaarRuw) && +jaarRuw >= 2000 && +jaarRuw <= 2100) jaar = +jaarRuw;
      else r.fout('jaar', 'jaar', `${JSON.stringify(jaarRuw)} is geen jaar`);
    }
    const agbCode = r.agb('agb', agbs);
    const domein = r.domein();
    const g = r.waarde('gemeente');
    let gemeenteCode: string | null | undefined = null;
    if (g !== '') {
      const gem = GEMEENTEN_ZW.find((x) => x.cbsCode === g);
      if (!gem) gemeenteCode = r.fout('gemeente', 'gemeente', `${JSON.stringify(g)} is geen CBS-code van een gemeente in Zaanstreek-Waterland`);
      else if (jaar !== undefined && gem.geldigTot && `${jaar}-01-01` >= gem.geldigTot) {
        gemeenteCode = r.fout('gemeente', 'gemeente', `${gem.naam} (${g}) bestaat niet meer in ${jaar}`);
      } else gemeenteCode = g;
    }
    const bedragCents = r.bedrag('bedrag_eur', false);
    const budgetlijn = leesBudgetlijnCode(r, 'budgetlijn');
    if (r.fouten > 0) continue;
    const sleutel = [jaar, agbCode, domein, gemeenteCode ?? '*', budgetlijn ?? '*'].join('|');
    const eerder = gezien.get(sleutel);
    if (eerder) {
      r.fout(undefined, 'dubbel', `plafond voor ${jaar}, ${agbCode}, ${domein}, ${gemeenteCode ?? 'alle gemeenten'}${budgetlijn ? `, budgetlijn ${budgetlijn}` : ''} staat ook in ${eerder.bestand} regel ${eerder.regel}`);
      continue;
    }
    gezien.set(sleutel, { bestand, regel: r.regel });
    uit.plafonds.push({
      jaar: jaar!, agbCode: agbCode!, domein: domein!, gemeenteCode: gemeenteCode ?? null, budgetlijn: budgetlijn ?? null, bedragCents: bedragCents!,
      bron: { bestand, regel: r.regel },
    });
  }
}

/** Tariffs for the same product and aanbieder may not overlap in validity (within the batch). */
function controleerTariefOverlap(uit: Stamdata): void {
  const groepen = new Map<string, GelezenTarief[]>();
  for (const t of uit.tarieven) {
    const k = tariefSleutel(t);
    groepen.set(k, [...(groepen.get(k) ?? []), t]);
  }
  const fout = new Set<GelezenTarief>();
  for (const groep of groepen.values()) {
    for (let i = 0; i < groep.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = groep[j], b = groep[i];
        if (overlapt(a, b)) {
          fout.add(b);
          uit.meldingen.push(melding(b.bron.bestand, b.bron.regel, 'ingangsdatum', 'overlap',
            `tarief overlapt met ${a.bron.bestand} regel ${a.bron.regel} (zelfde domein, product en aanbieder)`));
        }
      }
    }
  }
  uit.tarieven = uit.tarieven.filter((t) => !fout.has(t));
}

/** The key under which tariffs may not overlap: domein, productcategorie, productcode, aanbieder. */
export function tariefSleutel(t: NieuwTarief): string {
  return [t.domein, t.productcategorie, t.productcode ?? '', t.agbCode ?? ''].join('|');
}

export function overlapt(a: { ingangsdatum: Datum; einddatum: Datum | null }, b: { ingangsdatum: Datum; einddatum: Datum | null }): boolean {
  return (a.einddatum === null || b.ingangsdatum <= a.einddatum) && (b.einddatum === null || a.ingangsdatum <= b.einddatum);
}

/** The year column (2000–2100) of a row. */
function leesJaar(r: RijLezer): number | undefined {
  const v = r.verplicht('jaar');
  if (v === undefined) return undefined;
  if (/^\d{4}$/.test(v) && +v >= 2000 && +v <= 2100) return +v;
  return r.fout('jaar', 'jaar', `${JSON.stringify(v)} is geen jaar`);
}

/** An optional gemeente column: a CBS code of Zaanstreek-Waterland valid in the year, or null for all gemeenten. */
function leesGemeente(r: RijLezer, jaar: number | undefined): string | null | undefined {
  const g = r.waarde('gemeente');
  if (g === '') return null;
  const gem = GEMEENTEN_ZW.find((x) => x.cbsCode === g);
  if (!gem) return r.fout('gemeente', 'gemeente', `${JSON.stringify(g)} is geen CBS-code van een gemeente in Zaanstreek-Waterland`);
  if (jaar !== undefined && gem.geldigTot && `${jaar}-01-01` >= gem.geldigTot) return r.fout('gemeente', 'gemeente', `${gem.naam} (${g}) bestaat niet meer in ${jaar}`);
  return g;
}

const BELEID: readonly PlafondBeleid[] = ['signaleren', 'aanhouden', 'afwijzen'];

/** contracten.csv: `jaar,agb,domein,beleid`; an empty beleid is the default `signaleren`. One row per aanbieder, domein and year. */
function leesContracten(bestand: string, tabel: Tabel, agbs: Set<string>, uit: Stamdata): void {
  const gezien = new Map<string, number>();
  for (const rij of tabel.rijen) {
    const r = new RijLezer(bestand, tabel.kop, rij, uit);
    const jaar = leesJaar(r);
    const agbCode = r.agb('agb', agbs);
    const domein = r.domein();
    const ruw = r.waarde('beleid').toLowerCase();
    const beleid = ruw === '' ? 'signaleren' : BELEID.includes(ruw as PlafondBeleid) ? (ruw as PlafondBeleid)
      : r.fout('beleid', 'beleid', `${JSON.stringify(r.waarde('beleid'))} is geen beleid (signaleren, aanhouden of afwijzen)`);
    if (r.fouten > 0) continue;
    const sleutel = `${jaar}|${agbCode}|${domein}`;
    if (gezien.has(sleutel)) {
      r.fout(undefined, 'dubbel', `contract voor ${jaar}, ${agbCode}, ${domein} staat ook op regel ${gezien.get(sleutel)}`);
      continue;
    }
    gezien.set(sleutel, r.regel);
    uit.contracten.push({ jaar: jaar!, agbCode: agbCode!, domein: domein!, beleid: beleid!, bron: { bestand, regel: r.regel } });
  }
}

/**
 * plafondmutaties.csv: `jaar,agb,domein,gemeente,datum,mutatie_eur,reden`, positive or negative. Each row gets a key
 * from its content (and how often the same content occurred before it in the file), so reading the same file again
 * adds nothing while two equal rows both count.
 */
function leesPlafondMutaties(bestand: string, tabel: Tabel, agbs: Set<string>, uit: Stamdata): void {
  const keer = new Map<string, number>();
  for (const rij of tabel.rijen) {
    const r = new RijLezer(bestand, tabel.kop, rij, uit);
    const jaar = leesJaar(r);
    const agbCode = r.agb('agb', agbs);
    const domein = r.domein();
    const gemeenteCode = leesGemeente(r, jaar);
    const d = r.datum('datum', true);
    if (d && jaar !== undefined && Number(d.slice(0, 4)) !== jaar) r.fout('datum', 'datum', `${d} ligt niet in ${jaar}`);
    const ruw = r.verplicht('mutatie_eur');
    let mutatie: Cents | undefined;
    if (ruw !== undefined) {
      const negatief = ruw.trim().startsWith('-');
      try {
        mutatie = parseEuro(negatief ? ruw.trim().slice(1) : ruw) * (negatief ? -1n : 1n);
      } catch {
        r.fout('mutatie_eur', 'bedrag', `${JSON.stringify(ruw)} is geen bedrag`);
      }
      if (mutatie === 0n) r.fout('mutatie_eur', 'bedrag', 'een mutatie van 0,00 verandert niets');
    }
    const reden = r.verplicht('reden');
    const budgetlijn = leesBudgetlijnCode(r, 'budgetlijn');
    if (r.fouten > 0) continue;
    // The key of a row without a budgetlijn stays what it was before the column existed: files read earlier add nothing.
    const inhoud = [jaar, agbCode, domein, gemeenteCode ?? '*', d, mutatie!.toString(), reden, ...(budgetlijn ? [budgetlijn] : [])].join('|');
    const n = (keer.get(inhoud) ?? 0) + 1;
    keer.set(inhoud, n);
    uit.plafondMutaties.push({
      jaar: jaar!, agbCode: agbCode!, domein: domein!, gemeenteCode: gemeenteCode ?? null, budgetlijn: budgetlijn ?? null, datum: d!, mutatie: mutatie!, reden: reden!,
      sleutel: `plafondmutaties|${inhoud}|${n}`, bron: { bestand, regel: r.regel },
    });
  }
}

/** An optional budgetlijn code column: letters, digits, `.`, `_` or `-`, at most 20; null when empty or absent. */
function leesBudgetlijnCode(r: RijLezer, kolom: string): string | null | undefined {
  const v = r.waarde(kolom).trim();
  if (v === '') return null;
  if (!isBudgetlijnCode(v)) return r.fout(kolom, 'budgetlijn', `${JSON.stringify(v)} is geen budgetlijncode (letters, cijfers, . _ of -, hoogstens 20)`);
  return v.toUpperCase();
}

/**
 * budgetlijnen.csv: `jaar,domein,code,naam,bedrag_eur,productcategorieen` — a budgetlijn (perceel) of a domein and year
 * with its budget and the productcategorieën it covers, separated by spaces, `;` or `|` (e.g. `41 43 45`). A category
 * lies on at most one budgetlijn of a domein and year.
 */
function leesBudgetlijnen(bestand: string, tabel: Tabel, uit: Stamdata): void {
  const gezien = new Map<string, number>();
  const categorieVan = new Map<string, { code: string; regel: number }>();
  for (const rij of tabel.rijen) {
    const r = new RijLezer(bestand, tabel.kop, rij, uit);
    const jaar = leesJaar(r);
    const domein = r.domein();
    const code = r.verplicht('code') === undefined ? undefined : leesBudgetlijnCode(r, 'code');
    const naam = r.verplicht('naam');
    const bedragCents = r.bedrag('bedrag_eur', false);
    const ruw = r.verplicht('productcategorieen');
    const productcategorieen: string[] = [];
    if (ruw !== undefined && domein) {
      const lijst = domein === 'JW' ? PRODUCTCATEGORIEEN_JW : PRODUCTCATEGORIEEN_WMO;
      for (const deel of ruw.split(/[\s;|]+/).filter((x) => x !== '')) {
        const cat = /^\d$/.test(deel) ? `0${deel}` : deel;
        if (!lijst.has(cat)) r.fout('productcategorieen', 'productcategorie', `${JSON.stringify(deel)} is geen productcategorie van ${domein} (${domein === 'JW' ? 'JZ020' : 'WMO020'})`);
        else if (!productcategorieen.includes(cat)) productcategorieen.push(cat);
      }
    }
    for (const cat of productcategorieen) {
      const eerder = categorieVan.get(`${jaar}|${domein}|${cat}`);
      if (eerder) r.fout('productcategorieen', 'dubbel', `productcategorie ${cat} staat ook op budgetlijn ${eerder.code} (regel ${eerder.regel}); een categorie hoort bij één budgetlijn`);
    }
    const sleutel = `${jaar}|${domein}|${code}`;
    if (r.fouten === 0 && gezien.has(sleutel)) r.fout(undefined, 'dubbel', `budgetlijn ${code} voor ${domein} ${jaar} staat ook op regel ${gezien.get(sleutel)}`);
    if (r.fouten > 0) continue;
    gezien.set(sleutel, r.regel);
    for (const cat of productcategorieen) categorieVan.set(`${jaar}|${domein}|${cat}`, { code: code!, regel: r.regel });
    uit.budgetlijnen.push({ jaar: jaar!, domein: domein!, code: code!, naam: naam!, bedragCents: bedragCents!, productcategorieen, bron: { bestand, regel: r.regel } });
  }
}
