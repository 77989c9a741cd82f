import * as echarts from 'echarts';
import { Resvg } from '@resvg/resvg-js';
import { centsToEuro, type Cents } from '@plafond/core';

export const MAAND_KORT = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** The series of one uitnutting chart: cumulative figures per month of a year, January first. */
export interface UitnuttingGrafiekInvoer {
  titel: string;
  /** Cumulative realisatie (prestatiebasis) per month up to the peildatum month; later months absent. */
  realisatieCumulatief: Cents[];
  /** Counted onderhanden werk at the peildatum, stacked on the last realisatie month. */
  onderhandenWerk: Cents;
  /** Plafond in force at the end of each month (12 entries): a mid-year mutation shows as a step. */
  plafondPerMaand: Cents[];
  /** Year-end prognoses by method (name → amount): drawn as a band from the peildatum to December. */
  prognoses: Record<string, Cents>;
  /** The chosen method's year-end prognose. */
  prognose: Cents;
}

const euro = (c: Cents): number => centsToEuro(c).toDecimalPlaces(2).toNumber();

function euroAs(v: number): string {
  const abs = Math.abs(v);
  const s = abs >= 1_000_000 ? `${(abs / 1_000_000).toFixed(1).replace('.', ',')} mln` : abs >= 1000 ? `${Math.round(abs / 1000)}k` : `${Math.round(abs)}`;
  return `${v < 0 ? '-' : ''}€ ${s}`;
}

/**
 * The uitnutting chart as SVG (ECharts rendered server-side): realisatie + onderhanden werk against the plafond over
 * the months, and the band between the lowest and highest year-end prognose with the chosen one as a dashed line.
 * Used for the screens and, as PNG, in the Excel packs: one picture of the same figures everywhere.
 */
export function uitnuttingGrafiekSvg(inv: UitnuttingGrafiekInvoer, maat: { breedte: number; hoogte: number } = { breedte: 900, hoogte: 380 }): string {
  const n = inv.realisatieCumulatief.length;
  const realisatie = inv.realisatieCumulatief.map(euro);
  const laatste = n > 0 ? inv.realisatieCumulatief[n - 1] : 0n;
  const metOhw = laatste + inv.onderhandenWerk;
  const waarden = Object.values(inv.prognoses).map(euro);
  const laag = waarden.length ? Math.min(...waarden) : euro(inv.prognose);
  const hoog = waarden.length ? Math.max(...waarden) : euro(inv.prognose);
  const start = euro(metOhw);
  // The band runs linearly from realisatie + OHW at the peildatum to the lowest / highest prognose in December.
  const lijn = (eind: number): (number | null)[] =>
    MAAND_KORT.map((_, i) => (n === 0 || i < n - 1 ? null : Math.round((start + ((eind - start) * (i - (n - 1))) / Math.max(1, 12 - n)) * 100) / 100));
  const bandLaag = lijn(laag);
  const bandHoog = lijn(hoog);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: maat.breedte, height: maat.hoogte });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: 'DejaVu Sans, Liberation Sans, Arial, sans-serif' },
    title: { text: inv.titel, left: 8, top: 6, textStyle: { fontSize: 14, color: '#1F4E79' } },
    legend: { top: 30, left: 8, itemGap: 26, textStyle: { fontSize: 11 }, data: ['Realisatie', 'Realisatie + onderhanden werk', 'Plafond', 'Prognose (gekozen)', 'Bandbreedte prognoses'] },
    grid: { left: 78, right: 20, top: 68, bottom: 30 },
    xAxis: { type: 'category', data: MAAND_KORT, boundaryGap: false },
    yAxis: { type: 'value', axisLabel: { formatter: euroAs } },
    series: [
      { name: 'Bandbreedte prognoses', type: 'line', data: bandLaag, stack: 'band', lineStyle: { opacity: 0 }, symbol: 'none', itemStyle: { color: 'rgba(237,125,49,0.5)' } },
      {
        name: 'Bandbreedte prognoses', type: 'line', stack: 'band', symbol: 'none', lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(237,125,49,0.22)' }, itemStyle: { color: 'rgba(237,125,49,0.5)' },
        data: bandHoog.map((h, i) => (h === null || bandLaag[i] === null ? null : Math.round((h - (bandLaag[i] as number)) * 100) / 100)),
      },
      { name: 'Realisatie', type: 'line', data: realisatie, symbol: 'circle', symbolSize: 6, lineStyle: { width: 3, color: '#1F4E79' }, itemStyle: { color: '#1F4E79' } },
      {
        name: 'Realisatie + onderhanden werk', type: 'line', symbol: 'diamond', symbolSize: 9, itemStyle: { color: '#2E75B6' }, lineStyle: { type: 'dotted', color: '#2E75B6' },
        data: MAAND_KORT.map((_, i) => (i === n - 1 ? start : i === n - 2 ? realisatie[i] : null)),
      },
      { name: 'Plafond', type: 'line', step: 'end', data: inv.plafondPerMaand.map(euro), symbol: 'none', lineStyle: { width: 2, color: '#C00000' }, itemStyle: { color: '#C00000' } },
      { name: 'Prognose (gekozen)', type: 'line', data: lijn(euro(inv.prognose)), symbol: 'none', lineStyle: { type: 'dashed', width: 2, color: '#ED7D31' }, itemStyle: { color: '#ED7D31' } },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** Renders an SVG to PNG (resvg) for Excel, which takes bitmap images only. */
export function svgNaarPng(svg: string, breedte = 1800): Buffer {
  const r = new Resvg(svg, { fitTo: { mode: 'width', value: breedte }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' }, background: '#ffffff' });
  return r.render().asPng();
}
