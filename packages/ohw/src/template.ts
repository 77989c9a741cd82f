import ExcelJS from 'exceljs';
import type { Datum, Maand } from '@plafond/core';
import { OHW_KOLOMMEN, type OhwKolom } from './kolommen';

/** One pre-filled row of the template: a toewijzing of the aanbieder active in the month. */
export interface TemplateRegel {
  gemeente: string;
  toewijzingnummer: string;
  bsn: string;
  productcategorie: string;
  productcode: string;
  periode: Maand;
  eenheid: string;
}

export interface TemplateInvoer {
  agb: string;
  aanbiederNaam: string;
  maand: Maand;
  regels: TemplateRegel[];
  /** Choices of the drop-downs: the gemeenten (CBS code and name), product codes and categories of the aanbieder's products. */
  gemeenten: { code: string; naam: string }[];
  productcategorieen: string[];
  productcodes: string[];
  /** The day the template was made (shown on the instruction sheet). */
  gemaaktOp: Datum;
}

/** Rows below the pre-filled ones that keep the drop-downs and checks, for care the template did not foresee. */
const EXTRA_RIJEN = 200;

const EENHEDEN: [string, string][] = [
  ['01', 'minuut'], ['04', 'uur'], ['14', 'etmaal'], ['16', 'dagdeel'], ['82', 'stuks (output)'], ['83', "euro's"], ['84', 'stuks (inspanning)'],
];

const BREEDTE: Record<OhwKolom, number> = {
  gemeente: 11, toewijzingnummer: 20, bsn: 12, productcategorie: 17, productcode: 13, periode: 10, volume: 10, eenheid: 9, bedrag_eur: 13, toelichting: 44,
};

const KOP_KLEUR = 'FF1F4E79';
const INVUL_KLEUR = 'FFFFF7D6';
const VOORGEVULD_KLEUR = 'FFF2F2F2';

function kolomLetter(i: number): string {
  return String.fromCharCode(65 + i);
}

/**
 * The OHW template of an aanbieder and month as an xlsx: the first sheet has the ten OHW columns in order with
 * one pre-filled row per active toewijzing (the aanbieder fills volume, bedrag_eur and toelichting), drop-downs
 * for the codes and eenheid, whole and decimal checks on volume and bedrag, a locked header row, frozen panes,
 * Dutch number formats and print setup; a second sheet explains it in Dutch; a third holds the drop-down lists.
 */
export async function maakOhwTemplate(t: TemplateInvoer): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Plafond — regionale backoffice Zaanstreek-Waterland';
  wb.title = `Onderhanden werk ${t.maand} — ${t.agb}`;
  wb.created = new Date(`${t.gemaaktOp}T00:00:00Z`);

  const ws = wb.addWorksheet('Onderhanden werk', {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'G2', showGridLines: true }],
    pageSetup: {
      orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1',
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: {
      oddHeader: `&LOnderhanden werk ${t.maand}&C${t.aanbiederNaam.replace(/&/g, '&&')} (AGB ${t.agb})&R&D`,
      oddFooter: '&LPlafond — regionale backoffice Zaanstreek-Waterland&RPagina &P van &N',
    },
    properties: { defaultRowHeight: 16 },
  });
  ws.columns = OHW_KOLOMMEN.map((k) => ({
    key: k, width: BREEDTE[k],
    style: {
      numFmt: k === 'volume' ? '#,##0' : k === 'bedrag_eur' ? '#,##0.00' : '@',
      protection: { locked: false },
      ...((k === 'volume' || k === 'bedrag_eur') && { alignment: { horizontal: 'right' as const } }),
    },
  }));
  const kop = ws.getRow(1);
  OHW_KOLOMMEN.forEach((k, i) => {
    const cel = kop.getCell(i + 1);
    cel.value = k;
    cel.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cel.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: KOP_KLEUR } };
    cel.alignment = { vertical: 'middle', horizontal: 'center' };
    cel.border = { bottom: { style: 'thin', color: { argb: 'FF000000' } } };
    cel.protection = { locked: true };
    cel.numFmt = '@';
  });
  kop.height = 20;

  t.regels.forEach((r, i) => {
    const rij = ws.getRow(i + 2);
    rij.values = [r.gemeente, r.toewijzingnummer, r.bsn, r.productcategorie, r.productcode, r.periode, null, r.eenheid, null, null];
  });
  const laatste = t.regels.length + 1 + EXTRA_RIJEN;
  const lijst = (kolom: string, n: number) => `Keuzelijsten!$${kolom}$2:$${kolom}$${Math.max(2, n + 1)}`;
  for (let r = 2; r <= laatste; r++) {
    const rij = ws.getRow(r);
    OHW_KOLOMMEN.forEach((k, i) => {
      const cel = rij.getCell(i + 1);
      cel.protection = { locked: false };
      const invullen = k === 'volume' || k === 'bedrag_eur' || k === 'toelichting';
      if (r <= t.regels.length + 1) cel.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: invullen ? INVUL_KLEUR : VOORGEVULD_KLEUR } };
      cel.border = { bottom: { style: 'hair', color: { argb: 'FFBFBFBF' } } };
      switch (k) {
        case 'gemeente':
          cel.dataValidation = keuze(lijst('A', t.gemeenten.length), 'Kies de CBS-code van de gemeente uit de lijst.');
          break;
        case 'productcategorie':
          cel.dataValidation = keuze(lijst('C', t.productcategorieen.length), 'Kies de productcategorie uit de lijst.');
          break;
        case 'productcode':
          cel.dataValidation = keuze(lijst('D', t.productcodes.length), 'Kies de productcode uit de lijst.');
          break;
        case 'eenheid':
          cel.dataValidation = keuze(lijst('E', EENHEDEN.length), 'Kies de eenheid: 01 minuut, 04 uur, 14 etmaal, 16 dagdeel, 82/84 stuks, 83 euro.');
          break;
        case 'volume':
          cel.dataValidation = {
            type: 'whole', operator: 'between', formulae: [0, 1_000_000_000], allowBlank: true, showErrorMessage: true, showInputMessage: true,
            errorTitle: 'Volume', error: 'Vul een geheel getal van 0 of meer in: het geleverde, nog niet gedeclareerde volume in de eenheid van de regel.',
            promptTitle: 'Volume', prompt: 'Geleverd maar nog niet gedeclareerd, als geheel getal in de eenheid van de regel.',
          };
          break;
        case 'bedrag_eur':
          cel.dataValidation = {
            type: 'decimal', operator: 'between', formulae: [0, 1_000_000_000], allowBlank: true, showErrorMessage: true, showInputMessage: true,
            errorTitle: 'Bedrag', error: 'Vul een bedrag in euro van 0 of meer in, met hoogstens twee decimalen.',
            promptTitle: 'Bedrag (euro)', prompt: 'Volume × contracttarief, in euro met twee decimalen.',
          };
          break;
        default:
          break;
      }
    });
  }
  ws.autoFilter = { from: 'A1', to: `${kolomLetter(OHW_KOLOMMEN.length - 1)}1` };
  await ws.protect('', {
    selectLockedCells: true, selectUnlockedCells: true, formatCells: true, formatColumns: true, formatRows: true, insertRows: true,
    deleteRows: true, sort: true, autoFilter: true,
  });

  toelichtingBlad(wb.addWorksheet('Toelichting', { pageSetup: { orientation: 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } }), t);

  const lijsten = wb.addWorksheet('Keuzelijsten', { state: 'hidden' });
  lijsten.columns = [
    { header: 'gemeente', key: 'g', width: 10, style: { numFmt: '@' } }, { header: 'naam', key: 'n', width: 18 },
    { header: 'productcategorie', key: 'c', width: 16, style: { numFmt: '@' } }, { header: 'productcode', key: 'p', width: 12, style: { numFmt: '@' } },
    { header: 'eenheid', key: 'e', width: 8, style: { numFmt: '@' } }, { header: 'omschrijving', key: 'o', width: 18 },
  ];
  const n = Math.max(t.gemeenten.length, t.productcategorieen.length, t.productcodes.length, EENHEDEN.length);
  for (let i = 0; i < n; i++) {
    lijsten.getRow(i + 2).values = [
      t.gemeenten[i]?.code ?? null, t.gemeenten[i]?.naam ?? null, t.productcategorieen[i] ?? null, t.productcodes[i] ?? null,
      EENHEDEN[i]?.[0] ?? null, EENHEDEN[i]?.[1] ?? null,
    ];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function keuze(bereik: string, prompt: string): ExcelJS.DataValidation {
  return {
    type: 'list', allowBlank: true, formulae: [bereik], showErrorMessage: true, showInputMessage: true,
    errorTitle: 'Ongeldige keuze', error: 'Kies een waarde uit de lijst.', promptTitle: 'Keuzelijst', prompt,
  };
}

function toelichtingBlad(ws: ExcelJS.Worksheet, t: TemplateInvoer): void {
  ws.columns = [{ width: 24 }, { width: 96 }];
  const regels: [string, string | Date][] = [
    ['Onderhanden werk', ''],
    ['Aanbieder', `${t.aanbiederNaam} (AGB ${t.agb})`],
    ['Maand', t.maand],
    ['Gemaakt op', new Date(`${t.gemaaktOp}T00:00:00Z`)],
    ['', ''],
    ['Wat is dit?', 'Meld elke maand per toewijzing de zorg die u al hebt geleverd maar nog niet hebt gedeclareerd (onderhanden werk).'],
    ['', 'Op het eerste werkblad staat voor elke toewijzing die deze maand actief is een regel, met de gegevens al ingevuld.'],
    ['Wat vult u in?', 'Per regel: volume (geleverd, nog niet gedeclareerd, als geheel getal in de eenheid van de regel), bedrag_eur en eventueel een toelichting.'],
    ['', 'bedrag_eur is volume × contracttarief, in euro met twee decimalen (minuten op een uurtarief: uurtarief × minuten / 60, afgerond op hele centen).'],
    ['', 'Niets onderhanden op een toewijzing? Laat de regel leeg of verwijder hem. Een bestand met alleen de kopregel betekent: niets onderhanden.'],
    ['', 'Zorg uit een eerdere maand die nog niet is gedeclareerd: voeg een regel toe met die maand als periode (niet later dan deze maand).'],
    ['Kolommen', 'gemeente: CBS-code (4 cijfers) · toewijzingnummer · bsn van de cliënt · productcategorie · productcode · periode (JJJJ-MM) ·'],
    ['', 'volume · eenheid (01 minuut, 04 uur, 14 etmaal, 16 dagdeel, 82/84 stuks, 83 euro) · bedrag_eur · toelichting.'],
    ['Let op', 'Laat de kopregel en de volgorde van de kolommen ongewijzigd. Gebruik geen formules: die worden niet uitgevoerd en het bestand wordt geweigerd.'],
    ['', 'Een toelichting mag niet beginnen met =, +, - of @.'],
    ['Aanleveren', 'Upload het ingevulde bestand (xlsx, of CSV met dezelfde kolommen) via de intake of lever het aan bij de regionale backoffice.'],
    ['', 'U krijgt dit bestand terug met een extra kolom "fouten"; cellen met een fout zijn rood gemarkeerd en hebben een opmerking.'],
    ['', 'Goede regels worden opgeslagen; een nieuwe upload voor dezelfde maand vervangt de vorige (die blijft bewaard als eerdere versie).'],
  ];
  regels.forEach(([a, b], i) => {
    const rij = ws.getRow(i + 1);
    rij.getCell(1).value = a;
    rij.getCell(2).value = b;
    rij.getCell(1).font = { bold: true };
    rij.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    if (b instanceof Date) rij.getCell(2).numFmt = 'dd-mm-yyyy';
  });
  ws.getRow(1).getCell(1).font = { bold: true, size: 16, color: { argb: KOP_KLEUR } };
}
