import ExcelJS from 'exceljs';
import type { AanbiederUitnutting, DomeinUitnutting, Signaal } from '@plafond/budget';
import { EURO_FORMAT, excelEuro, kopRij, PCT_FORMAT, titel } from './excel';

const MAANDEN = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const DOMEIN_NAAM = { JW: 'Jeugd', WMO: 'Wmo' } as const;

export interface RegioRapportInvoer {
  regio: string;
  jaar: number;
  totMaand: number;
  aangemaakt: string;
  domeinen: DomeinUitnutting[];
  aanbieders: AanbiederUitnutting[];
  signalen: Signaal[];
  aanbiederNamen: Map<string, string>;
  /** Processing figures (label → count), e.g. berichten ontvangen, prestaties toegekend. */
  verwerking: [string, number | string][];
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
  const hdr = sum.getRow(4);
  hdr.values = ['Domein', 'Plafond', 'Realisatie', 'Uitnutting', 'Prognose jaareinde', 'Prognose / plafond'];
  hdr.font = { bold: true };
  inv.domeinen.forEach((d, i) => {
    const r = sum.getRow(5 + i);
    r.values = [DOMEIN_NAAM[d.domein], excelEuro(d.plafond), excelEuro(d.realisatie), ratio(d.realisatie, d.plafond), excelEuro(d.prognose), ratio(d.prognose, d.plafond)];
    for (const c of [2, 3, 5]) r.getCell(c).numFmt = EURO_FORMAT;
    for (const c of [4, 6]) r.getCell(c).numFmt = PCT_FORMAT;
  });
  sum.columns.forEach((c, i) => (c.width = i === 0 ? 14 : 20));
  const prognoseNoot = sum.getRow(6 + inv.domeinen.length);
  prognoseNoot.getCell(1).value = 'Prognose: realisatie + gemiddelde van de laatste drie maanden × resterende maanden (run-rate).';
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
    ...MAANDEN.slice(0, inv.totMaand).map((m, i) => ({ header: m, key: `m${i}`, width: 12, format: EURO_FORMAT })),
  ]);
  for (const a of inv.aanbieders) {
    const row: Record<string, unknown> = {
      agb: a.agb,
      naam: inv.aanbiederNamen.get(a.agb) ?? '',
      domein: DOMEIN_NAAM[a.domein],
      plafond: excelEuro(a.plafond),
      realisatie: excelEuro(a.realisatie),
      pct: ratio(a.realisatie, a.plafond),
      prognose: excelEuro(a.prognose),
    };
    a.perMaand.slice(0, inv.totMaand).forEach((v, i) => (row[`m${i}`] = excelEuro(v)));
    const r = ws.addRow(row);
    if (a.plafond > 0n && a.prognose > a.plafond) r.getCell('prognose').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8CBAD' } };
  }

  const sg = wb.addWorksheet('Signalen', { properties: { tabColor: { argb: 'FFC00000' } } });
  kopRij(sg, [
    { header: 'Ernst', key: 'ernst', width: 7 },
    { header: 'Signaal', key: 'soort', width: 18 },
    { header: 'AGB', key: 'agb', width: 11 },
    { header: 'Aanbieder', key: 'naam', width: 34 },
    { header: 'Domein', key: 'domein', width: 8 },
    { header: 'Plafond', key: 'plafond', width: 15, format: EURO_FORMAT },
    { header: 'Realisatie', key: 'realisatie', width: 15, format: EURO_FORMAT },
    { header: 'Prognose', key: 'prognose', width: 15, format: EURO_FORMAT },
    { header: 'Toelichting', key: 'tekst', width: 48 },
  ]);
  const kleur = { 3: 'FFFF9999', 2: 'FFFFD966', 1: 'FFE2EFDA' } as const;
  for (const s of inv.signalen) {
    const r = sg.addRow({ ...s, naam: inv.aanbiederNamen.get(s.agb) ?? '', domein: DOMEIN_NAAM[s.domein], plafond: excelEuro(s.plafond), realisatie: excelEuro(s.realisatie), prognose: excelEuro(s.prognose) });
    r.getCell('ernst').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: kleur[s.ernst] } };
  }

  const vw = wb.addWorksheet('Verwerking');
  kopRij(vw, [
    { header: 'Onderdeel', key: 'k', width: 44 },
    { header: 'Aantal', key: 'v', width: 16 },
  ]);
  for (const [k, v] of inv.verwerking) vw.addRow({ k, v });
  return wb;
}
