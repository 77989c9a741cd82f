import ExcelJS from 'exceljs';
import { type Cents } from '@plafond/core';
import { afdrukInstelling, bladTitel, centsUit, dataBalk, drempelKleur, EURO, fractieUit, KLEUR, tabelBlad, toelichting, type Kolom } from './blad';
import { excelEuro } from './excel';
import { MAAND_KORT, svgNaarPng, uitnuttingGrafiekSvg } from './grafiek';
import type { BetalingInvoer, ContractmanagerPackInvoer, GemeentePackInvoer, JsonDomein, PackMaand, RegioBudgetlijn, RegioPackInvoer, UitnuttingRegel } from './invoer';

const DOMEIN: Record<JsonDomein, string> = { jeugd: 'Jeugd', wmo: 'Wmo' };
const MAAND_LANG = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

const SIGNAAL_NAAM: Record<string, string> = {
  overbesteding: 'Overbesteding verwacht',
  drempel: 'Drempel bereikt',
  onderbesteding: 'Onderbesteding verwacht',
  'geen-ohw': 'Geen onderhanden werk ontvangen',
  'late-declaratie': 'Late declaraties',
  sprong: 'Plotselinge verandering',
  'bestedingsruimte-termijn': 'Termijn bestedingsruimte verlopen',
  'declaratie-termijn': 'Aangehouden declaratie: termijn',
  'verzoek-termijn': 'Verzoek: antwoordtermijn',
  'retour-ontbreekt': 'Retourbericht ontbreekt',
  'onverwerkt-bericht': 'Bericht niet verwerkt',
};
const SIGNAAL_GEWICHT: Record<string, number> = {
  overbesteding: 6, drempel: 5, 'late-declaratie': 3, 'bestedingsruimte-termijn': 3, 'declaratie-termijn': 3, 'verzoek-termijn': 3,
  sprong: 2, 'geen-ohw': 2, 'retour-ontbreekt': 2, 'onverwerkt-bericht': 2, onderbesteding: 1,
};

/** `2026-03-31` as people read it: 31 maart 2026. */
export function datumTekst(d: string | null): string {
  if (!d) return '—';
  const [j, m, dag] = d.split('-').map(Number);
  return `${dag} ${MAAND_LANG[m - 1]} ${j}`;
}

function nieuwWerkboek(aangemaakt: string, titel: string): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Plafond';
  wb.title = titel;
  wb.created = new Date(aangemaakt);
  wb.calcProperties = { fullCalcOnLoad: true };
  return wb;
}

const UITLEG = {
  plafond: 'Budgetplafond in het jaar, na alle mutaties (herverdelingen, ophogingen) tot en met de peildatum.',
  realisatie: 'Toegekende prestaties min creditprestaties, geboekt op de maand van de ProductPeriode (prestatiebasis).',
  ohw: 'Onderhanden werk: geleverde maar nog niet gedeclareerde zorg uit de laatste OHW-opgave; telt niet meer zodra de declaratie is toegekend.',
  verplichtingen: 'Wat de actieve toewijzingen na de peildatum nog toestaan tot hun einddatum of het jaareinde (volume × frequentie × tarief, of het toewijzingsbudget).',
  prognose: 'Verwachte realisatie aan het jaareinde volgens de gekozen methode (zie blad Prognoses).',
  uitnutting: '(Realisatie + onderhanden werk) / plafond.',
  uitputting: 'Datum waarop het plafond bij deze prognose naar verwachting op is; leeg als dat niet in dit jaar gebeurt.',
};

function regelKolommen(namen: Map<string, string> | null, metGemeente: Map<string, string> | null): Kolom<UitnuttingRegel>[] {
  const k: Kolom<UitnuttingRegel>[] = [];
  if (namen) {
    k.push({ kop: 'AGB', breedte: 11, waarde: (r) => r.agb });
    k.push({ kop: 'Aanbieder', breedte: 32, waarde: (r) => namen.get(r.agb) ?? '' });
  }
  k.push({ kop: 'Domein', breedte: 9, waarde: (r) => DOMEIN[r.domein] });
  if (metGemeente) k.push({ kop: 'Gemeente', breedte: 20, waarde: (r) => (r.gemeente ? (metGemeente.get(r.gemeente) ?? r.gemeente) : 'Alle gemeenten') });
  k.push(
    { kop: 'Plafond', breedte: 16, soort: 'euro', waarde: (r) => centsUit(r.plafond), uitleg: UITLEG.plafond },
    { kop: 'Realisatie', breedte: 16, soort: 'euro', waarde: (r) => centsUit(r.realisatie), uitleg: UITLEG.realisatie },
    { kop: 'Onderhanden werk', breedte: 15, soort: 'euro', waarde: (r) => centsUit(r.onderhandenWerk), uitleg: UITLEG.ohw },
    { kop: 'Uitnutting', breedte: 11, soort: 'pct', waarde: (r) => fractieUit(r.uitnutting), uitleg: UITLEG.uitnutting },
    { kop: 'Verplichtingen', breedte: 16, soort: 'euro', waarde: (r) => centsUit(r.verplichtingen), uitleg: UITLEG.verplichtingen },
    { kop: 'Prognose jaareinde', breedte: 16, soort: 'euro', waarde: (r) => centsUit(r.prognose), uitleg: UITLEG.prognose },
    { kop: 'Prognose / plafond', breedte: 11, soort: 'pct', waarde: (r) => verhouding(centsUit(r.prognose), centsUit(r.plafond)), uitleg: 'Prognose jaareinde gedeeld door het plafond.' },
    { kop: 'Verwachte uitputting', breedte: 16, waarde: (r) => (r.verwachteUitputting ? datumTekst(r.verwachteUitputting) : ''), uitleg: UITLEG.uitputting },
    { kop: 'Signalen', breedte: 30, waarde: (r) => r.signalen.map((s) => SIGNAAL_NAAM[s.soort] ?? s.soort).join('; ') },
  );
  return k;
}

/** A display fraction of two exact amounts (4 decimals), null when there is no plafond. */
function verhouding(deel: Cents, geheel: Cents): number | null {
  if (geheel === 0n) return null;
  return Number((deel * 10000n) / geheel) / 10000;
}

function kolomNr<R>(k: Kolom<R>[], kop: string): number {
  return k.findIndex((x) => x.kop === kop) + 1;
}

function regelsBlad(wb: ExcelJS.Workbook, naam: string, titel: string, sub: string, regels: UitnuttingRegel[], namen: Map<string, string> | null, gemeenten: Map<string, string> | null): ExcelJS.Worksheet {
  const k = regelKolommen(namen, gemeenten);
  const { ws, eerste, laatste } = tabelBlad(wb, naam, titel, sub, k, regels, { totaal: true });
  dataBalk(ws, kolomNr(k, 'Uitnutting'), eerste, laatste);
  drempelKleur(ws, kolomNr(k, 'Prognose / plafond'), eerste, laatste);
  return ws;
}

function signaalRijen(regels: UitnuttingRegel[]): { r: UitnuttingRegel; soort: string; toelichting: string }[] {
  return regels
    .flatMap((r) => r.signalen.map((s) => ({ r, soort: s.soort, toelichting: s.toelichting })))
    .sort((a, b) => (SIGNAAL_GEWICHT[b.soort] ?? 0) - (SIGNAAL_GEWICHT[a.soort] ?? 0)
      || Number(centsUit(b.r.prognose) - centsUit(b.r.plafond) - (centsUit(a.r.prognose) - centsUit(a.r.plafond)) > 0n ? 1 : -1));
}

function signalenBlad(wb: ExcelJS.Workbook, sub: string, regels: UitnuttingRegel[], namen: Map<string, string> | null, gemeenten: Map<string, string>): void {
  const rijen = signaalRijen(regels);
  const k: Kolom<(typeof rijen)[number]>[] = [
    { kop: 'Signaal', breedte: 34, waarde: (x) => SIGNAAL_NAAM[x.soort] ?? x.soort },
    ...(namen ? [{ kop: 'Aanbieder', breedte: 30, waarde: (x: (typeof rijen)[number]) => `${namen.get(x.r.agb) ?? ''} (${x.r.agb})` }] : []),
    { kop: 'Domein', breedte: 9, waarde: (x) => DOMEIN[x.r.domein] },
    { kop: 'Gemeente', breedte: 18, waarde: (x) => (x.r.gemeente ? (gemeenten.get(x.r.gemeente) ?? x.r.gemeente) : 'Alle gemeenten') },
    { kop: 'Plafond', breedte: 15, soort: 'euro', waarde: (x) => centsUit(x.r.plafond) },
    { kop: 'Prognose', breedte: 15, soort: 'euro', waarde: (x) => centsUit(x.r.prognose) },
    { kop: 'Toelichting (de cijfers achter het signaal)', breedte: 70, waarde: (x) => x.toelichting, terugloop: true },
  ];
  const { ws } = tabelBlad(wb, 'Signalen', 'Signalen', sub, k, rijen, { tabKleur: KLEUR.rood });
  if (!rijen.length) ws.getCell('A5').value = 'Geen signalen op de peildatum.';
}

/** Cumulative realisatie per month up to the peildatum month and the plafond per month, for the chart. */
function grafiekReeks(maanden: PackMaand[], peilMaand: number): { cum: Cents[]; plafond: Cents[]; ohw: Cents } {
  const perMaand = new Map(maanden.map((m) => [m.maand, m]));
  const cum: Cents[] = [];
  let som = 0n;
  for (let m = 1; m <= peilMaand; m++) {
    som += perMaand.get(m)?.realisatie ?? 0n;
    cum.push(som);
  }
  let plafond = 0n;
  const plafonds: Cents[] = [];
  for (let m = 1; m <= 12; m++) {
    plafond = perMaand.get(m)?.plafond ?? plafond;
    plafonds.push(plafond);
  }
  return { cum, plafond: plafonds, ohw: perMaand.get(peilMaand)?.onderhandenWerk ?? 0n };
}

function grafiekAfbeelding(wb: ExcelJS.Workbook, ws: ExcelJS.Worksheet, svg: string, rij: number, kolom = 0): number {
  const id = wb.addImage({ buffer: svgNaarPng(svg, 1500) as unknown as ExcelJS.Buffer, extension: 'png' });
  ws.addImage(id, { tl: { col: kolom, row: rij }, ext: { width: 900, height: 380 } });
  return rij + 20;
}

function peilMaandVan(peildatum: string): number {
  return Number(peildatum.slice(5, 7));
}

/**
 * The contractmanager's pack for the voortgangsgesprek with one aanbieder: summary against the plafond with a chart
 * per domein, months, gemeenten, products with verzilvering, pseudonymised clients, prognose methods side by side,
 * signals and the bestedingsruimte steps. No BSN or name of a client anywhere.
 */
export async function contractmanagerPack(inv: ContractmanagerPackInvoer): Promise<ExcelJS.Workbook> {
  const { aanbieder, jaar, peildatum } = inv;
  const wb = nieuwWerkboek(inv.aangemaakt, `Voortgangsgesprek ${aanbieder.naam} ${jaar}`);
  const sub = `${aanbieder.naam} (AGB ${aanbieder.agb}) — peildatum ${datumTekst(peildatum)}; aangemaakt ${inv.aangemaakt.slice(0, 10)}`;
  const totalen = inv.regels.filter((r) => r.gemeente === null);
  const peilMaand = peilMaandVan(peildatum);

  const sam = wb.addWorksheet('Samenvatting', { properties: { tabColor: { argb: KLEUR.donker } } });
  bladTitel(sam, `Voortgangsgesprek ${jaar} — ${aanbieder.naam}`, sub);
  const kop = ['Domein', 'Plafond', 'Realisatie', 'Onderhanden werk', 'Uitnutting', 'Verplichtingen', 'Prognose jaareinde', 'Prognose / plafond', 'Methode', 'Verwachte uitputting'];
  const hr = sam.getRow(4);
  hr.values = kop;
  hr.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  hr.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: KLEUR.donker } };
  hr.alignment = { wrapText: true, vertical: 'middle' };
  hr.height = 32;
  [12, 16, 16, 16, 11, 16, 16, 11, 22, 18].forEach((w, i) => (sam.getColumn(i + 1).width = w));
  totalen.forEach((r, i) => {
    const row = sam.getRow(5 + i);
    const plafond = centsUit(r.plafond);
    row.values = [DOMEIN[r.domein], excelEuro(plafond), excelEuro(centsUit(r.realisatie)), excelEuro(centsUit(r.onderhandenWerk)), fractieUit(r.uitnutting),
      excelEuro(centsUit(r.verplichtingen)), excelEuro(centsUit(r.prognose)), verhouding(centsUit(r.prognose), plafond), r.prognoseMethode, datumTekst(r.verwachteUitputting)];
    for (const c of [2, 3, 4, 6, 7]) row.getCell(c).numFmt = EURO;
    for (const c of [5, 8]) row.getCell(c).numFmt = '0.00%';
  });
  drempelKleur(sam, 8, 5, 4 + totalen.length);
  let rij = 6 + totalen.length;
  for (const r of totalen) {
    if (r.prognoseReden) {
      sam.getCell(rij, 1).value = `${DOMEIN[r.domein]}: ${r.prognoseReden}`;
      sam.getCell(rij, 1).font = { italic: true };
      rij++;
    }
  }
  rij++;
  for (const r of totalen) {
    const reeks = grafiekReeks(inv.maanden.filter((m) => m.domein === r.domein), peilMaand);
    const prognoses = Object.fromEntries(Object.entries(r.prognoses).map(([k, v]) => [k, centsUit(v)]));
    const svg = uitnuttingGrafiekSvg({ titel: `${DOMEIN[r.domein]}: realisatie en prognose tegen het plafond`, realisatieCumulatief: reeks.cum, onderhandenWerk: centsUit(r.onderhandenWerk), plafondPerMaand: reeks.plafond, prognoses, prognose: centsUit(r.prognose) });
    rij = grafiekAfbeelding(wb, sam, svg, rij);
  }
  toelichting(sam, rij + 1, [
    ['Plafond', UITLEG.plafond], ['Realisatie', UITLEG.realisatie], ['Onderhanden werk', UITLEG.ohw], ['Uitnutting', UITLEG.uitnutting],
    ['Verplichtingen', UITLEG.verplichtingen], ['Prognose', UITLEG.prognose], ['Verwachte uitputting', UITLEG.uitputting],
  ]);
  afdrukInstelling(sam, undefined);

  const mk: Kolom<PackMaand & { cum: Cents }>[] = [
    { kop: 'Domein', breedte: 9, waarde: (m) => DOMEIN[m.domein] },
    { kop: 'Maand', breedte: 12, waarde: (m) => `${MAAND_KORT[m.maand - 1]} ${jaar}` },
    { kop: 'Realisatie (prestatiebasis)', breedte: 17, soort: 'euro', waarde: (m) => m.realisatie, uitleg: UITLEG.realisatie },
    { kop: 'Realisatie (kasbasis)', breedte: 17, soort: 'euro', waarde: (m) => m.realisatieKas, uitleg: 'Toegekend bedrag naar de maand van het declaratie-antwoord.' },
    { kop: 'Onderhanden werk', breedte: 15, soort: 'euro', waarde: (m) => m.onderhandenWerk, uitleg: UITLEG.ohw },
    { kop: 'Cumulatief', breedte: 17, soort: 'euro', waarde: (m) => m.cum, uitleg: 'Realisatie (prestatiebasis) van januari tot en met deze maand.' },
    { kop: 'Plafond', breedte: 17, soort: 'euro', waarde: (m) => m.plafond, uitleg: UITLEG.plafond },
    { kop: 'Cumulatief / plafond', breedte: 12, soort: 'pct', waarde: (m) => verhouding(m.cum, m.plafond) },
  ];
  const cumPer = new Map<JsonDomein, Cents>();
  const maandRijen = [...inv.maanden].sort((a, b) => a.domein.localeCompare(b.domein) || a.maand - b.maand).map((m) => {
    const cum = (cumPer.get(m.domein) ?? 0n) + m.realisatie;
    cumPer.set(m.domein, cum);
    return { ...m, cum };
  });
  const mb = tabelBlad(wb, 'Maanden', 'Per maand', sub, mk, maandRijen);
  dataBalk(mb.ws, 3, mb.eerste, mb.laatste);
  drempelKleur(mb.ws, 8, mb.eerste, mb.laatste);

  regelsBlad(wb, 'Gemeenten', 'Per gemeente', sub, inv.regels.filter((r) => r.gemeente !== null), null, inv.gemeenteNamen);

  const pk: Kolom<ContractmanagerPackInvoer['producten'][number]>[] = [
    { kop: 'Domein', breedte: 9, waarde: (p) => DOMEIN[p.domein] },
    { kop: 'Categorie', breedte: 10, waarde: (p) => p.productcategorie },
    { kop: 'Productcode', breedte: 12, waarde: (p) => p.productcode ?? '' },
    { kop: 'Omschrijving', breedte: 36, waarde: (p) => p.omschrijving },
    { kop: 'Cliënten', breedte: 10, soort: 'getal', waarde: (p) => p.clienten },
    { kop: 'Toegewezen (verstreken maanden)', breedte: 17, soort: 'euro', waarde: (p) => p.toegewezen, uitleg: 'Wat de toewijzingen in de verstreken maanden toestonden.' },
    { kop: 'Gedeclareerd', breedte: 16, soort: 'euro', waarde: (p) => p.gedeclareerd, uitleg: 'Ingediend in declaraties over die maanden.' },
    { kop: 'Toegekend', breedte: 16, soort: 'euro', waarde: (p) => p.toegekend },
    { kop: 'Verzilvering', breedte: 12, soort: 'pct', waarde: (p) => verhouding(p.gedeclareerd, p.toegewezen), uitleg: 'Gedeclareerd / toegewezen over verstreken maanden.' },
  ];
  const pb = tabelBlad(wb, 'Producten', 'Per product: realisatie en verzilvering', sub, pk, inv.producten, { totaal: true });
  dataBalk(pb.ws, 9, pb.eerste, pb.laatste, KLEUR.oranje);

  const ck: Kolom<ContractmanagerPackInvoer['clienten'][number]>[] = [
    { kop: 'Cliënt (pseudoniem)', breedte: 22, waarde: (c) => c.pseudoniem, uitleg: 'Sleutel-pseudoniem: gelijk voor dezelfde cliënt in elk rapport, niet terug te rekenen naar een BSN.' },
    { kop: 'Domein', breedte: 9, waarde: (c) => DOMEIN[c.domein] },
    { kop: 'Gemeente', breedte: 18, waarde: (c) => inv.gemeenteNamen.get(c.gemeente) ?? c.gemeente },
    { kop: 'Toegewezen', breedte: 16, soort: 'euro', waarde: (c) => c.toegewezen },
    { kop: 'Toegekend', breedte: 16, soort: 'euro', waarde: (c) => c.toegekend },
    { kop: 'Onderhanden werk', breedte: 15, soort: 'euro', waarde: (c) => c.onderhandenWerk },
    { kop: 'Toewijzingen', breedte: 13, soort: 'getal', waarde: (c) => c.toewijzingen },
  ];
  tabelBlad(wb, 'Cliënten', 'Per cliënt (gepseudonimiseerd)', sub, ck, inv.clienten, { totaal: true });

  const methoden = [...new Set(inv.regels.flatMap((r) => Object.keys(r.prognoses)))].sort();
  const prk: Kolom<UitnuttingRegel>[] = [
    { kop: 'Domein', breedte: 9, waarde: (r) => DOMEIN[r.domein] },
    { kop: 'Gemeente', breedte: 20, waarde: (r) => (r.gemeente ? (inv.gemeenteNamen.get(r.gemeente) ?? r.gemeente) : 'Alle gemeenten') },
    { kop: 'Plafond', breedte: 16, soort: 'euro', waarde: (r) => centsUit(r.plafond) },
    ...methoden.map((m): Kolom<UitnuttingRegel> => ({ kop: `Prognose: ${m}`, breedte: 17, soort: 'euro', waarde: (r) => (r.prognoses[m] !== undefined ? centsUit(r.prognoses[m]) : null) })),
    { kop: 'Gekozen methode', breedte: 20, waarde: (r) => r.prognoseMethode },
    { kop: 'Waarom deze methode', breedte: 60, waarde: (r) => r.prognoseReden ?? '', terugloop: true },
  ];
  tabelBlad(wb, 'Prognoses', 'Prognosemethoden naast elkaar', sub, prk, inv.regels);

  signalenBlad(wb, sub, inv.regels, null, inv.gemeenteNamen);

  const sk: Kolom<ContractmanagerPackInvoer['stappen'][number]>[] = [
    { kop: 'Domein', breedte: 9, waarde: (s) => DOMEIN[s.domein] },
    { kop: 'Stap', breedte: 22, waarde: (s) => s.stap },
    { kop: 'Datum', breedte: 16, waarde: (s) => datumTekst(s.datum) },
    { kop: 'Door', breedte: 18, waarde: (s) => s.door },
    { kop: 'Volgende stap uiterlijk', breedte: 18, waarde: (s) => (s.termijn ? datumTekst(s.termijn) : '') },
    { kop: 'Termijn verlopen', breedte: 10, waarde: (s) => (s.verlopen ? 'ja' : 'nee') },
    { kop: 'Notitie', breedte: 60, waarde: (s) => s.notitie },
  ];
  const st = tabelBlad(wb, 'Bestedingsruimte', 'Procedure bestedingsruimte (art. 1.5 Contractstandaarden)', sub, sk, inv.stappen);
  if (!inv.stappen.length) st.ws.getCell('A5').value = 'Geen procedure geopend in dit jaar.';
  return wb;
}

/** The gemeente's pack: its uitnutting per domein, budgetlijn and aanbieder, and its share of regional cost. Only its own rows. */
export async function gemeentePack(inv: GemeentePackInvoer): Promise<ExcelJS.Workbook> {
  const { gemeente, jaar } = inv;
  const regels = inv.regels.filter((r) => r.gemeente === gemeente.code);
  const wb = nieuwWerkboek(inv.aangemaakt, `Uitnutting ${gemeente.naam} ${jaar}`);
  const sub = `Gemeente ${gemeente.naam} (${gemeente.code}) — peildatum ${datumTekst(inv.peildatum)}`;
  const domeinen = [...new Set(regels.map((r) => r.domein))].sort();
  const perDomein = domeinen.map((d) => {
    const rs = regels.filter((r) => r.domein === d);
    const som = (f: (r: UitnuttingRegel) => string) => rs.reduce((s, r) => s + centsUit(f(r)), 0n);
    const reg = inv.regionaal.find((x) => x.domein === d);
    const eigen = som((r) => r.realisatie) + som((r) => r.onderhandenWerk);
    return { domein: d, plafond: som((r) => r.plafond), realisatie: som((r) => r.realisatie), ohw: som((r) => r.onderhandenWerk), prognose: som((r) => r.prognose), aandeel: reg ? verhouding(eigen, reg.realisatie + reg.onderhandenWerk) : null };
  });
  const dk: Kolom<(typeof perDomein)[number]>[] = [
    { kop: 'Domein', breedte: 10, waarde: (d) => DOMEIN[d.domein] },
    { kop: 'Plafond (deel gemeente)', breedte: 18, soort: 'euro', waarde: (d) => d.plafond, uitleg: 'Som van de plafonds van de aanbieders voor deze gemeente.' },
    { kop: 'Realisatie', breedte: 16, soort: 'euro', waarde: (d) => d.realisatie, uitleg: UITLEG.realisatie },
    { kop: 'Onderhanden werk', breedte: 15, soort: 'euro', waarde: (d) => d.ohw, uitleg: UITLEG.ohw },
    { kop: 'Uitnutting', breedte: 11, soort: 'pct', waarde: (d) => verhouding(d.realisatie + d.ohw, d.plafond), uitleg: UITLEG.uitnutting },
    { kop: 'Prognose jaareinde', breedte: 17, soort: 'euro', waarde: (d) => d.prognose, uitleg: UITLEG.prognose },
    { kop: 'Aandeel in regionale kosten', breedte: 14, soort: 'pct', waarde: (d) => d.aandeel, uitleg: 'Realisatie + onderhanden werk van deze gemeente gedeeld door die van de hele regio, per domein.' },
  ];
  const db = tabelBlad(wb, 'Per domein', `Uitnutting ${gemeente.naam} ${jaar}`, sub, dk, perDomein, { totaal: true });
  drempelKleur(db.ws, 5, db.eerste, db.laatste);
  toelichting(db.ws, db.laatste + 3, [['Plafond', 'Som van de plafonds van de aanbieders die voor deze gemeente zijn vastgesteld.'], ['Realisatie', UITLEG.realisatie], ['Onderhanden werk', UITLEG.ohw], ['Aandeel', 'Alleen de eigen cijfers van de gemeente; totalen van andere gemeenten staan niet in dit rapport.']]);

  const bk: Kolom<GemeentePackInvoer['budgetlijnen'][number]>[] = [
    { kop: 'Domein', breedte: 10, waarde: (b) => DOMEIN[b.domein] },
    { kop: 'Budgetlijn', breedte: 36, waarde: (b) => b.budgetlijn },
    { kop: 'Plafond', breedte: 16, soort: 'euro', waarde: (b) => b.plafond },
    { kop: 'Realisatie', breedte: 16, soort: 'euro', waarde: (b) => b.realisatie },
    { kop: 'Onderhanden werk', breedte: 15, soort: 'euro', waarde: (b) => b.onderhandenWerk },
    { kop: 'Uitnutting', breedte: 11, soort: 'pct', waarde: (b) => verhouding(b.realisatie + b.onderhandenWerk, b.plafond) },
  ];
  const bb = tabelBlad(wb, 'Per budgetlijn', 'Per budgetlijn', sub, bk, inv.budgetlijnen, { totaal: true });
  if (!inv.budgetlijnen.length) bb.ws.getCell('A5').value = 'De plafonds van deze gemeente zijn niet per budgetlijn verdeeld.';
  regelsBlad(wb, 'Per aanbieder', 'Per aanbieder', sub, regels, inv.aanbiederNamen, null);
  signalenBlad(wb, sub, regels, inv.aanbiederNamen, new Map([[gemeente.code, gemeente.naam]]));
  return wb;
}

/** The regional overview: per domein, per gemeente, all aanbieders, and every signal ranked by severity. */
export async function regioPack(inv: RegioPackInvoer): Promise<ExcelJS.Workbook> {
  const wb = nieuwWerkboek(inv.aangemaakt, `Uitnutting ${inv.regio} ${inv.jaar}`);
  const sub = `${inv.regio} — peildatum ${datumTekst(inv.peildatum)}; aangemaakt ${inv.aangemaakt.slice(0, 10)}`;
  const totalen = inv.regels.filter((r) => r.gemeente === null);
  const som = (rs: UitnuttingRegel[], f: (r: UitnuttingRegel) => string) => rs.reduce((s, r) => s + centsUit(f(r)), 0n);
  const domeinen = (['jeugd', 'wmo'] as const).filter((d) => totalen.some((r) => r.domein === d)).map((d) => {
    const rs = totalen.filter((r) => r.domein === d);
    return { domein: d, plafond: som(rs, (r) => r.plafond), realisatie: som(rs, (r) => r.realisatie), ohw: som(rs, (r) => r.onderhandenWerk), verplichtingen: som(rs, (r) => r.verplichtingen), prognose: som(rs, (r) => r.prognose), aanbieders: rs.length, boven: rs.filter((r) => centsUit(r.prognose) > centsUit(r.plafond)).length };
  });
  const dk: Kolom<(typeof domeinen)[number]>[] = [
    { kop: 'Domein', breedte: 10, waarde: (d) => DOMEIN[d.domein] },
    { kop: 'Plafond', breedte: 18, soort: 'euro', waarde: (d) => d.plafond, uitleg: UITLEG.plafond },
    { kop: 'Realisatie', breedte: 18, soort: 'euro', waarde: (d) => d.realisatie, uitleg: UITLEG.realisatie },
    { kop: 'Onderhanden werk', breedte: 16, soort: 'euro', waarde: (d) => d.ohw, uitleg: UITLEG.ohw },
    { kop: 'Uitnutting', breedte: 11, soort: 'pct', waarde: (d) => verhouding(d.realisatie + d.ohw, d.plafond), uitleg: UITLEG.uitnutting },
    { kop: 'Verplichtingen', breedte: 18, soort: 'euro', waarde: (d) => d.verplichtingen, uitleg: UITLEG.verplichtingen },
    { kop: 'Prognose jaareinde', breedte: 18, soort: 'euro', waarde: (d) => d.prognose, uitleg: UITLEG.prognose },
    { kop: 'Prognose / plafond', breedte: 11, soort: 'pct', waarde: (d) => verhouding(d.prognose, d.plafond) },
    { kop: 'Aanbieders', breedte: 11, soort: 'getal', waarde: (d) => d.aanbieders },
    { kop: 'Waarvan prognose boven plafond', breedte: 14, soort: 'getal', waarde: (d) => d.boven },
  ];
  const ov = tabelBlad(wb, 'Overzicht', `Uitnutting budgetplafonds ${inv.regio} ${inv.jaar}`, sub, dk, domeinen, { totaal: true });
  drempelKleur(ov.ws, 8, ov.eerste, ov.laatste);
  toelichting(ov.ws, ov.laatste + 3, [['Plafond', UITLEG.plafond], ['Realisatie', UITLEG.realisatie], ['Onderhanden werk', UITLEG.ohw], ['Verplichtingen', UITLEG.verplichtingen], ['Prognose', UITLEG.prognose]]);

  const perGemeente = [...new Set(inv.regels.filter((r) => r.gemeente !== null).map((r) => `${r.gemeente}|${r.domein}`))].sort().map((k) => {
    const [g, d] = k.split('|') as [string, JsonDomein];
    const rs = inv.regels.filter((r) => r.gemeente === g && r.domein === d);
    return { gemeente: g, domein: d, plafond: som(rs, (r) => r.plafond), realisatie: som(rs, (r) => r.realisatie), ohw: som(rs, (r) => r.onderhandenWerk), prognose: som(rs, (r) => r.prognose) };
  });
  const gk: Kolom<(typeof perGemeente)[number]>[] = [
    { kop: 'Gemeente', breedte: 22, waarde: (g) => inv.gemeenteNamen.get(g.gemeente) ?? g.gemeente },
    { kop: 'Domein', breedte: 10, waarde: (g) => DOMEIN[g.domein] },
    { kop: 'Plafond', breedte: 18, soort: 'euro', waarde: (g) => g.plafond },
    { kop: 'Realisatie', breedte: 18, soort: 'euro', waarde: (g) => g.realisatie },
    { kop: 'Onderhanden werk', breedte: 16, soort: 'euro', waarde: (g) => g.ohw },
    { kop: 'Uitnutting', breedte: 11, soort: 'pct', waarde: (g) => verhouding(g.realisatie + g.ohw, g.plafond) },
    { kop: 'Prognose jaareinde', breedte: 18, soort: 'euro', waarde: (g) => g.prognose },
  ];
  const gb = tabelBlad(wb, 'Gemeenten', 'Per gemeente', sub, gk, perGemeente, { totaal: true });
  dataBalk(gb.ws, 6, gb.eerste, gb.laatste);

  const gesorteerd = [...totalen].sort((a, b) => (verhouding(centsUit(b.prognose), centsUit(b.plafond)) ?? 0) - (verhouding(centsUit(a.prognose), centsUit(a.plafond)) ?? 0));
  regelsBlad(wb, 'Aanbieders', 'Alle aanbieders, hoogste prognose / plafond eerst', sub, gesorteerd, inv.aanbiederNamen, null);
  signalenBlad(wb, sub, totalen, inv.aanbiederNamen, inv.gemeenteNamen);

  if (inv.budgetlijnen?.length) budgetlijnenBlad(wb, inv.jaar, sub, inv.budgetlijnen);

  const vk: Kolom<[string, number | string]>[] = [
    { kop: 'Onderdeel', breedte: 44, waarde: (v) => v[0] },
    { kop: 'Aantal', breedte: 16, waarde: (v) => v[1] },
  ];
  tabelBlad(wb, 'Verwerking', 'Verwerking', sub, vk, inv.verwerking);
  return wb;
}

/**
 * The sheet `Budgetlijnen`: per budgetlijn (perceel) its budget, what the aanbieders' plafonds on it hold, realisatie,
 * OHW, uitnutting and prognose against the budget, and its signals — in the regional pack and the demo's report.
 */
export function budgetlijnenBlad(wb: ExcelJS.Workbook, jaar: number, sub: string, lijnen: RegioBudgetlijn[]): void {
  const bk: Kolom<RegioBudgetlijn>[] = [
    { kop: 'Domein', breedte: 10, waarde: (b) => DOMEIN[b.domein] },
    { kop: 'Budgetlijn', breedte: 34, waarde: (b) => `${b.code} ${b.naam}` },
    { kop: 'Productcategorieën', breedte: 18, waarde: (b) => b.productcategorieen.join(' ') },
    { kop: 'Budget', breedte: 17, soort: 'euro', waarde: (b) => b.budget, uitleg: 'Het budget van de budgetlijn (budgetlijnen.csv).' },
    { kop: 'Plafonds aanbieders', breedte: 17, soort: 'euro', waarde: (b) => b.plafondsAanbieders, uitleg: 'Som van de plafonds van de aanbieders die op deze budgetlijn zijn verdeeld: hoeveel van het budget gecontracteerd is.' },
    { kop: 'Realisatie', breedte: 17, soort: 'euro', waarde: (b) => b.realisatie, uitleg: UITLEG.realisatie },
    { kop: 'Onderhanden werk', breedte: 15, soort: 'euro', waarde: (b) => b.onderhandenWerk, uitleg: UITLEG.ohw },
    { kop: 'Uitnutting', breedte: 11, soort: 'pct', waarde: (b) => verhouding(b.realisatie + b.onderhandenWerk, b.budget), uitleg: '(Realisatie + onderhanden werk) / budget.' },
    { kop: 'Prognose jaareinde', breedte: 17, soort: 'euro', waarde: (b) => b.prognose, uitleg: UITLEG.prognose },
    { kop: 'Prognose / budget', breedte: 11, soort: 'pct', waarde: (b) => verhouding(b.prognose, b.budget) },
    { kop: 'Aanbieders', breedte: 11, soort: 'getal', waarde: (b) => b.aanbieders },
    { kop: 'Signalen', breedte: 50, waarde: (b) => b.signalen, terugloop: true },
  ];
  // Without plafonds split per budgetlijn the column would only show zeros that read as "nothing contracted".
  const kolommen = lijnen.some((b) => b.plafondsAanbieders !== 0n) ? bk : bk.filter((k) => k.kop !== 'Plafonds aanbieders');
  const bb = tabelBlad(wb, 'Budgetlijnen', `Per budgetlijn (perceel) ${jaar}`, sub, kolommen, lijnen, { totaal: true });
  drempelKleur(bb.ws, kolommen.findIndex((k) => k.kop === 'Uitnutting') + 1, bb.eerste, bb.laatste);
}

/**
 * The payment specification of one period: the granted amounts of the declaratie-antwoorden sent in that month, per
 * aanbieder (what to pay) and per gemeente (the recharge), with every declaratie listed so the totals tie out to the
 * 325s.
 */
export async function betalingSpec(inv: BetalingInvoer): Promise<ExcelJS.Workbook> {
  const wb = nieuwWerkboek(inv.aangemaakt, `Betaalspecificatie ${inv.periode}`);
  const [j, m] = inv.periode.split('-').map(Number);
  const sub = `Declaratie-antwoorden verzonden in ${MAAND_LANG[m - 1]} ${j}; aangemaakt ${inv.aangemaakt.slice(0, 10)}`;
  const groep = <K extends string>(sleutel: (d: BetalingInvoer['declaraties'][number]) => K) => {
    const g = new Map<K, { aantal: number; ingediend: Cents; toegekend: Cents }>();
    for (const d of inv.declaraties) {
      const k = sleutel(d);
      const x = g.get(k) ?? { aantal: 0, ingediend: 0n, toegekend: 0n };
      x.aantal++;
      x.ingediend += d.ingediend;
      x.toegekend += d.toegekend;
      g.set(k, x);
    }
    return [...g.entries()].sort(([a], [b]) => a.localeCompare(b));
  };
  type Rij = [string, { aantal: number; ingediend: Cents; toegekend: Cents }];
  const ak: Kolom<Rij>[] = [
    { kop: 'AGB', breedte: 11, waarde: ([k]) => k.split('|')[0] },
    { kop: 'Aanbieder', breedte: 34, waarde: ([k]) => inv.aanbiederNamen.get(k.split('|')[0]) ?? '' },
    { kop: 'Domein', breedte: 9, waarde: ([k]) => DOMEIN[k.split('|')[1] as JsonDomein] },
    { kop: 'Declaraties', breedte: 12, soort: 'getal', waarde: ([, v]) => v.aantal },
    { kop: 'Ingediend', breedte: 17, soort: 'euro', waarde: ([, v]) => v.ingediend },
    { kop: 'Te betalen (toegekend)', breedte: 18, soort: 'euro', waarde: ([, v]) => v.toegekend, uitleg: 'Som van TotaalToegekendBedrag van de declaratie-antwoorden; creditdeclaraties tellen negatief.' },
  ];
  tabelBlad(wb, 'Per aanbieder', `Betaalspecificatie ${inv.periode} — per aanbieder`, sub, ak, groep((d) => `${d.agb}|${d.domein}`), { totaal: true });
  const gk: Kolom<Rij>[] = [
    { kop: 'Gemeente', breedte: 24, waarde: ([k]) => inv.gemeenteNamen.get(k.split('|')[0]) ?? k.split('|')[0] },
    { kop: 'CBS-code', breedte: 10, waarde: ([k]) => k.split('|')[0] },
    { kop: 'Domein', breedte: 9, waarde: ([k]) => DOMEIN[k.split('|')[1] as JsonDomein] },
    { kop: 'Declaraties', breedte: 12, soort: 'getal', waarde: ([, v]) => v.aantal },
    { kop: 'Ingediend', breedte: 17, soort: 'euro', waarde: ([, v]) => v.ingediend },
    { kop: 'Door te belasten (toegekend)', breedte: 18, soort: 'euro', waarde: ([, v]) => v.toegekend, uitleg: 'Het deel van de betalingen dat de regio aan deze gemeente doorbelast.' },
  ];
  tabelBlad(wb, 'Per gemeente', `Betaalspecificatie ${inv.periode} — doorbelasting per gemeente`, sub, gk, groep((d) => `${d.gemeente}|${d.domein}`), { totaal: true, tabKleur: KLEUR.midden });
  const dk: Kolom<BetalingInvoer['declaraties'][number]>[] = [
    { kop: 'AGB', breedte: 11, waarde: (d) => d.agb },
    { kop: 'Gemeente', breedte: 10, waarde: (d) => d.gemeente },
    { kop: 'Domein', breedte: 9, waarde: (d) => DOMEIN[d.domein] },
    { kop: 'Declaratienummer', breedte: 20, waarde: (d) => d.declaratieNummer },
    { kop: 'Declaratie-antwoord', breedte: 22, waarde: (d) => d.antwoordIdentificatie },
    { kop: 'Verzonden op', breedte: 16, waarde: (d) => datumTekst(d.beantwoordOp) },
    { kop: 'Ingediend', breedte: 16, soort: 'euro', waarde: (d) => d.ingediend },
    { kop: 'Toegekend', breedte: 16, soort: 'euro', waarde: (d) => d.toegekend },
  ];
  const sorted = [...inv.declaraties].sort((a, b) => a.agb.localeCompare(b.agb) || a.declaratieNummer.localeCompare(b.declaratieNummer));
  tabelBlad(wb, 'Declaraties', 'Alle declaratie-antwoorden van de periode', sub, dk, sorted, { totaal: true, tabKleur: KLEUR.grijs });
  return wb;
}
