// Apache ECharts: a map series on the same GeoJSON (registerMap), canvas renderer, coloured by
// a continuous visualMap, region names on with overlapping ones hidden (as Lianmap places names
// without overlaps), roam on.
import * as echarts from 'echarts/core';
import { MapChart } from 'echarts/charts';
import { VisualMapContinuousComponent } from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([MapChart, VisualMapContinuousComponent, LabelLayout, CanvasRenderer]);

let maps = 0;

export function render(container, geo, doc, values) {
  // Parsing the GeoJSON is part of the first frame, as it is for Lianmap.
  const name = `bench-map-${(maps += 1)}`;
  echarts.registerMap(name, geo);
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  return new Promise((resolve) => {
    chart.on('finished', () => resolve());
    chart.setOption({
      animation: false,
      visualMap: {
        type: 'continuous',
        min: 0,
        max: 5,
        left: 16,
        bottom: 16,
        inRange: { color: ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'] },
      },
      series: [
        {
          type: 'map',
          map: name,
          roam: true,
          data: values.map(({ name: region, value }) => ({ name: region, value })),
          label: { show: true, fontSize: 12 },
          labelLayout: { hideOverlap: true },
        },
      ],
    });
  });
}
