import ExcelJS from 'exceljs';
import { type DomeinUitnutting, type Herverdelingsvoorstel, METHODE_NAAM, type PrognoseMethode, PROGNOSE_METHODEN, type Signaal, type Terugblik, type Uitnutting } from '@plafond/budget';
import { EURO_FORMAT, excelEuro, kopRij, PCT_FORMAT, titel } from './excel';
import type { RegioBudgetlijn } from './invoer';
import { budgetlijnenBlad } from './packs';

const MAANDEN = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const DOMEIN_NAAM = { JW: 'Jeugd', WMO: 'Wmo' } as const;

export interface RegioRapportInvoer {
  regio: string;
  jaar: number;
  totMaand: number;
  aangemaakt: string;
  domeinen: DomeinUitnutting[];
  /** Per aanbieder × domein (gemeente null). */
  aanbieders: Uitnutting[];
  signalen: Signaal[];
  /** The early picture (e.g. at the end of March) and which of its signals came true at year end. */
  vroeg?: { peildatum: string; domeinen: DomeinUitnutting[]; signalen: Signaal[]; herverdeling?: Herverdelingsvoorstel[]; terugblik?: Terugblik };
  aanbiederNamen: Map<string, string>;
  /** Processing figures (label → count), e.g. berichten ontvangen, prestaties toegekend. */
  verwerking: [string, number | string][];
  /** Per budgetlijn (perceel): its figures over all aanbieders against its own budget (sheet Budgetlijnen). */
  budgetlijnen?: RegioBudgetlijn[];
}

function ratio(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  // Display ratio with 4 significant decimals, derived from exact integers.
  return Number((part * 10000n) / whole) / 10000;
}

/** The regional overview workbook: summary per domein, aanbieders with months, signals, processing figures. */
export async function regioRapport(inv: RegioRapportInvoer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Plafond';
  wb.created = new Date(inv.aangemaakt);

  const sum = wb.addWorksheet('Overzicht', { properties: { tabColor: { argb: 'FF1F4E79' } } });
  titel(sum, `Uitnutting budgetplafonds ${inv.regio} ${inv.jaar}`, `Realisatie (prestatiebasis) t/m ${MAANDEN[inv.totMaand - 1]} ${inv.jaar}; aangemaakt ${inv.aangemaakt}`);
  domeinTabel(sum, 4, inv.domeinen);
  sum.columns.forEach((c, i) => (c.width = i === 0 ? 14 : 20));
  const prognoseNoot = sum.getRow(6 + inv.domeinen.length);
  prognoseNoot.getCell(1).value = 'Prognose: per aanbieder de gekozen methode (zie tabblad Aanbieders, kolom Reden); de methoden staan naast elkaar.';
  prognoseNoot.getCell(1).font = { italic: true };

  const ws = wb.addWorksheet('Aanbieders');
  kopRij(ws, [
    { header: 'AGB', key: 'agb', width: 11 },
    { header: 'Aanbieder', key: 'naam', width: 34 },
    { header: 'Domein', key: 'domein', width: 8 },
    { header: 'Plafond', key: 'plafond', width: 15, format: EURO_FORMAT },
    { header: 'Realisatie', key: 'realisatie', width: 15, format: EURO_FORMAT },
    { header: 'Uitnutting', key: 'pct', width: 11, format: PCT_FORMAT },
    { header: 'Prognose', key: 'prognose', width: 15, format: EURO_FORMAT },
    { header: 'Methode', key: 'methode', width: 22 },
    { header: 'Plafond op', key: 'uitputting', width: 12 },
    ...PROGNOSE_METHODEN.map((m) => ({ header: `Prognose ${METHODE_NAAM[m]}`, key: `p_${m}`, width: 18, format: EURO_FORMAT })),
    { header: 'Reden keuze', key: 'reden', width: 60 },
    ...MAANDEN.slice(0, inv.totMaand).map((m, i) => ({ header: m, key: `m${i}`, width: 12, format: EURO_FORMAT })),
  ]);
  for (const a of inv.aanbieders) {
    const row: Record<string, unknown> = {
      agb: a.agb,
      naam: inv.aanbiederNamen.get(a.agb) ?? '',
      domein: DOMEIN_NAAM[a.domein],
      plafond: excelEuro(a.plafond),
      realisatie: excelEuro(a.realisatie),
      pct: ratio(a.realisatie + a.onderhandenWerk, a.plafond),
      prognose: excelEuro(a.prognose),
      methode: METHODE_NAAM[a.prognoseMethode],
      uitputting: a.verwachteUitputting ?? '',
      reden: a.prognoseReden,
    };
    for (const [m, v] of Object.entries(a.prognoses)) row[`p_${m as PrognoseMethode}`] = excelEuro(v);
    a.perMaand.slice(0, inv.totMaand).forEach((v, i) => (row[`m${i}`] = excelEuro(v)));
    const r = ws.addRow(row);
    if (a.plafond > 0n && a.prognose > a.plafond) r.getCell('prognose').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8CBAD' } };
  }

  signaalBlad(wb.addWorksheet('Signalen', { properties: { tabColor: { argb: 'FFC00000' } } }), inv.signalen, inv.aanbiederNamen);
  if (inv.vroeg) vroegBlad(wb, inv.vroeg, inv.aanbiederNamen);
  if (inv.budgetlijnen?.length) {
    budgetlijnenBlad(wb, inv.jaar, `${inv.regio} — realisatie t/m ${MAANDEN[inv.totMaand - 1]} ${inv.jaar}; aangemaakt ${inv.aangemaakt.slice(0, 10)}`, inv.budgetlijnen);
  }

  const vw = wb.addWorksheet('Verwerking');
  kopRij(vw, [
    { header: 'Onderdeel', key: 'k', width: 44 },
    { header: 'Aantal', key: 'v', width: 16 },
  ]);
  for (const [k, v] of inv.verwerking) vw.addRow({ k, v });
  return wb;
}

function domeinTabel(ws: ExcelJS.Worksheet, rij: number, domeinen: DomeinUitnutting[]): void {
  const hdr = ws.getRow(rij);
  hdr.values = ['Domein', 'Plafond', 'Realisatie', 'Onderhanden werk', 'Uitnutting', 'Prognose jaareinde', 'Prognose / plafond'];
  hdr.font = { bold: true };
  domeinen.forEach((d, i) => {
    const r = ws.getRow(rij + 1 + i);
    r.values = [DOMEIN_NAAM[d.domein], excelEuro(d.plafond), excelEuro(d.realisatie), excelEuro(d.onderhandenWerk), ratio(d.realisatie + d.onderhandenWerk, d.plafond), excelEuro(d.prognose), ratio(d.prognose, d.plafond)];
    for (const c of [2, 3, 4, 6]) r.getCell(c).numFmt = EURO_FORMAT;
    for (const c of [5, 7]) r.getCell(c).numFmt = PCT_FORMAT;
  });
}

const JA_NEE = (v: boolean | null | undefined) => (v === null || v === undefined ? 'n.v.t.' : v ? 'ja' : 'nee');

function signaalBlad(sg: ExcelJS.Worksheet, signalen: Signaal[], namen: Map<string, string>, uitgekomen?: Map<Signaal, { uitgekomen: boolean | null; werkelijk: bigint; plafond: bigint }>): void {
  kopRij(sg, [
    { header: 'Ernst', key: 'ernst', width: 7 },
    { header: 'Signaal', key: 'soort', width: 18 },
    { header: 'AGB', key: 'agb', width: 11 },
    { header: 'Aanbieder', key: 'naam', width: 34 },
    { header: 'Domein', key: 'domein', width: 8 },
    { header: 'Plafond', key: 'plafond', width: 15, format: EURO_FORMAT },
    { header: 'Realisatie', key: 'realisatie', width: 15, format: EURO_FORMAT },
    { header: 'Prognose', key: 'prognose', width: 15, format: EURO_FORMAT },
    { header: 'Toelichting', key: 'toelichting', width: 80 },
    ...(uitgekomen ? [
      { header: 'Uitgekomen', key: 'uitgekomen', width: 11 },
      { header: 'Werkelijk jaareinde', key: 'werkelijk', width: 17, format: EURO_FORMAT },
      { header: 'Plafond jaareinde', key: 'plafondEind', width: 17, format: EURO_FORMAT },
    ] : []),
  ]);
  const kleur = { 3: 'FFFF9999', 2: 'FFFFD966', 1: 'FFE2EFDA' } as const;
  for (const s of signalen) {
    const u = uitgekomen?.get(s);
    const r = sg.addRow({
      ernst: s.ernst, soort: s.soort, agb: s.agb, naam: namen.get(s.agb) ?? '', domein: DOMEIN_NAAM[s.domein],
      plafond: excelEuro(s.plafond), realisatie: excelEuro(s.realisatie), prognose: excelEuro(s.prognose), toelichting: s.toelichting,
      ...(u ? { uitgekomen: JA_NEE(u.uitgekomen), werkelijk: excelEuro(u.werkelijk), plafondEind: excelEuro(u.plafond) } : {}),
    });
    r.getCell('ernst').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: kleur[s.ernst] } };
  }
}

/** The early picture and, when the year is over, which of its signals came true. */
function vroegBlad(wb: ExcelJS.Workbook, vroeg: NonNullable<RegioRapportInvoer['vroeg']>, namen: Map<string, string>): void {
  const ws = wb.addWorksheet('Vroege signalen', { properties: { tabColor: { argb: 'FFED7D31' } } });
  titel(ws, `Stand op ${vroeg.peildatum}`, vroeg.terugblik ? 'Wat toen gesignaleerd werd, en wat er aan het eind van het jaar van uitkwam' : 'Uitnutting en signalen op de peildatum');
  domeinTabel(ws, 4, vroeg.domeinen);
  ws.columns.forEach((c, i) => (c.width = i === 0 ? 14 : 20));
  if (vroeg.terugblik) {
    const t = vroeg.terugblik;
    const start = 7 + vroeg.domeinen.length;
    ws.getRow(start).values = ['Signaal', 'Werkelijk', 'Gesignaleerd', 'Terecht', 'Gemist', 'Vals alarm', 'Trefkans', 'Aandeel vals alarm'];
    ws.getRow(start).font = { bold: true };
    [t.overbesteding, t.onderbesteding].forEach((x, i) => {
      const r = ws.getRow(start + 1 + i);
      r.values = [x.soort, x.werkelijk, x.gesignaleerd, x.terecht, x.gemist, x.vals, x.trefkansPct === null ? null : Number(x.trefkansPct) / 100, x.valsAlarmPct === null ? null : Number(x.valsAlarmPct) / 100];
      for (const c of [7, 8]) r.getCell(c).numFmt = PCT_FORMAT;
    });
    const noot = ws.getRow(start + 4);
    noot.getCell(1).value = 'Trefkans: aandeel van de aanbieders die het jaar boven (of onder 85% van) hun plafond eindigden dat op de peildatum gesignaleerd was. Vals alarm: aandeel van de signalen dat niet uitkwam.';
    noot.getCell(1).font = { italic: true };
  }
  const uit = vroeg.terugblik ? new Map(vroeg.terugblik.uitkomsten.map((u) => [u.signaal, { uitgekomen: u.uitgekomen, werkelijk: u.werkelijk, plafond: u.plafondJaareinde }])) : undefined;
  signaalBlad(wb.addWorksheet(`Signalen ${vroeg.peildatum}`), vroeg.signalen, namen, uit);
  if (vroeg.herverdeling?.length) herverdelingBlad(wb.addWorksheet(`Herverdeling ${vroeg.peildatum}`), vroeg.herverdeling, namen);
}

/** The proposal per domein × budgetlijn: every transfer, and every aanbieder's plafond and prognose before and after. */
function herverdelingBlad(ws: ExcelJS.Worksheet, voorstellen: Herverdelingsvoorstel[], namen: Map<string, string>): void {
  kopRij(ws, [
    { header: 'Domein', key: 'domein', width: 8 },
    { header: 'Budgetlijn', key: 'lijn', width: 12 },
    { header: 'AGB', key: 'agb', width: 11 },
    { header: 'Aanbieder', key: 'naam', width: 34 },
    { header: 'Rol', key: 'rol', width: 10 },
    { header: 'Prognose', key: 'prognose', width: 15, format: EURO_FORMAT },
    { header: 'Plafond nu', key: 'voor', width: 15, format: EURO_FORMAT },
    { header: 'Plafond na voorstel', key: 'na', width: 18, format: EURO_FORMAT },
    { header: 'Prognose / plafond na', key: 'pct', width: 12, format: PCT_FORMAT },
  ]);
  for (const v of voorstellen) {
    for (const a of v.aanbieders) {
      ws.addRow({
        domein: DOMEIN_NAAM[v.domein], lijn: v.budgetlijn ?? 'alle', agb: a.agb, naam: namen.get(a.agb) ?? '', rol: a.rol,
        prognose: excelEuro(a.prognose), voor: excelEuro(a.plafondVoor), na: excelEuro(a.plafondNa), pct: a.prognosePctNa === null ? null : Number(a.prognosePctNa) / 100,
      });
    }
  }
}
