import * as echarts from 'echarts';
const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 200 });
c.setOption({ animation: false, xAxis: { type: 'category', data: ['jan','feb'] }, yAxis: {}, series: [{ type: 'line', data: [1,2] }] });
const s = c.renderToSVGString(); console.log(s.length, s.slice(0, 300));
