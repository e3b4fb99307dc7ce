// Apache ECharts: a graph series with the precomputed positions (layout: 'none'), canvas renderer.
import * as echarts from 'echarts/core';
import { GraphChart } from 'echarts/charts';
import { CanvasRenderer } from 'echarts/renderers';
import { boxOf, label, linkBoxes } from './common.js';

echarts.use([GraphChart, CanvasRenderer]);

export function render(container, doc, layout) {
  const boxes = linkBoxes(layout);
  const data = doc.links.map((link) => {
    const box = boxOf(boxes, link.id);
    return { id: link.id, name: label(link.name), x: box.x, y: box.y };
  });
  const links = doc.flows.map((flow) => ({ source: flow.from, target: flow.to }));
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  return new Promise((resolve) => {
    chart.on('finished', () => resolve());
    chart.setOption({
      // No entry animation, as for every library here: the first frame is the final drawing.
      animation: false,
      series: [
        {
          type: 'graph',
          layout: 'none',
          roam: true,
          data,
          links,
          label: { show: true },
        },
      ],
    });
  });
}
