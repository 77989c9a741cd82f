import * as echarts from 'echarts';
import { h, MAANDEN, ruw, type Veilig } from './html';

export interface UitnuttingReeks {
  titel: string;
  /** Cumulative realisatie + OHW in euros per month up to the peildatum (index 0 = January); later months null. */
  cumulatief: (string | null)[];
  plafond: string;
  /** Year-end prognoses of the methods, in euros: the band spans the lowest to the highest. */
  prognoses: string[];
  /** Month (1–12) of the peildatum. */
  peilmaand: number;
}

// Screen coordinates only: amounts become numbers (thousands of euros) to place points on the chart;
// every amount a person reads comes from the exact strings in the table beside the chart.
const duizend = (e: string): number => Math.round(Number(e) / 10) / 100;

/**
 * The dashboard chart: realisatie + OHW against the plafond over the months, with the band of the
 * prognose methods from the peildatum to the year end. Rendered to SVG on the server by ECharts (no
 * script in the browser); lines differ in pattern as well as colour, and a table carries the same
 * figures for screen readers.
 */
export function uitnuttingGrafiek(r: UitnuttingReeks, breedte = 720, hoogte = 300): Veilig {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: breedte, height: hoogte });
  try {
    const laag = r.prognoses.length ? Math.min(...r.prognoses.map(duizend)) : null;
    const hoog = r.prognoses.length ? Math.max(...r.prognoses.map(duizend)) : null;
    const nu = r.cumulatief[r.peilmaand - 1] !== null && r.cumulatief[r.peilmaand - 1] !== undefined ? duizend(r.cumulatief[r.peilmaand - 1]!) : 0;
    const band = (doel: number | null) => MAANDEN.map((_, i) => {
      if (doel === null || i + 1 < r.peilmaand) return null;
      return Math.round((nu + ((doel - nu) * (i + 1 - r.peilmaand)) / Math.max(1, 12 - r.peilmaand)) * 100) / 100;
    });
    const onder = band(laag);
    const boven = band(hoog);
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'system-ui, sans-serif', color: '#1b2733' },
      grid: { left: 64, right: 20, top: 56, bottom: 32 },
      legend: { top: 4, right: 8, itemGap: 18, textStyle: { color: '#1b2733', fontSize: 12 }, data: ['Realisatie + OHW', 'Plafond', 'Prognoseband'] },
      xAxis: { type: 'category', data: MAANDEN, boundaryGap: false, axisLine: { lineStyle: { color: '#5b6b7a' } }, axisLabel: { color: '#1b2733' } },
      yAxis: { type: 'value', name: '× € 1.000', nameTextStyle: { color: '#1b2733', align: 'left' }, axisLabel: { color: '#1b2733', formatter: (v: number) => v.toLocaleString('nl-NL') }, splitLine: { lineStyle: { color: '#e3e8ee' } } },
      series: [
        { name: 'Prognose onder', type: 'line', data: onder, stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, silent: true },
        {
          name: 'Prognoseband', type: 'line', stack: 'band', symbol: 'none', lineStyle: { opacity: 0 }, itemStyle: { color: '#9ec5e8' },
          areaStyle: { color: 'rgba(42, 111, 176, 0.22)' }, data: boven.map((b, i) => (b === null || onder[i] === null ? null : Math.round((b - onder[i]!) * 100) / 100)),
        },
        {
          name: 'Realisatie + OHW', type: 'line', data: r.cumulatief.map((c) => (c === null ? null : duizend(c))), symbol: 'circle', symbolSize: 7,
          itemStyle: { color: '#0b5cad' }, lineStyle: { width: 3, color: '#0b5cad' },
        },
        {
          name: 'Plafond', type: 'line', data: MAANDEN.map(() => duizend(r.plafond)), symbol: 'none',
          itemStyle: { color: '#a3261b' }, lineStyle: { width: 2, type: 'dashed', color: '#a3261b' },
        },
      ],
    });
    const svg = chart.renderToSVGString();
    return h`<div class="grafiek" role="img" aria-label="${`${r.titel}: realisatie plus onderhanden werk per maand tegen het plafond, met de prognoseband tot het jaareinde`}">${ruw(svg)}</div>`;
  } finally {
    chart.dispose();
  }
}
