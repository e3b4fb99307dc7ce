// Apache ECharts: a heatmap series on a geo coordinate system, canvas renderer. The geo map is
// one rectangle whose coordinates are the canvas pixels, so every point lands on the same pixel
// as in the other libraries, and the map itself costs next to nothing to draw.
import * as echarts from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { GeoComponent, VisualMapContinuousComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([HeatmapChart, GeoComponent, VisualMapContinuousComponent, CanvasRenderer]);

/**
 * ECharts's input: an array of [longitude, latitude, value]; here longitude is x and latitude
 * is height − y (a geo map's latitude grows upwards). Also registers the rectangle map.
 */
export function prepare(points, { width, height }) {
  echarts.registerMap('bench-canvas', {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: 'canvas' },
        geometry: { type: 'Polygon', coordinates: [[[0, 0], [width, 0], [width, height], [0, height], [0, 0]]] },
      },
    ],
  });
  const data = new Array(points.length / 3);
  for (let i = 0; i < data.length; i += 1) data[i] = [points[i * 3], height - points[i * 3 + 1], points[i * 3 + 2]];
  return data;
}

export function draw(container, data, { width, height, radius, blur, maxWeight }) {
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  return new Promise((resolve) => {
    chart.on('finished', () => resolve());
    chart.setOption({
      animation: false,
      geo: {
        map: 'bench-canvas',
        roam: false,
        silent: true,
        aspectScale: 1,
        boundingCoords: [[0, height], [width, 0]],
        left: 0,
        top: 0,
        width,
        height,
        itemStyle: { areaColor: 'transparent', borderWidth: 0 },
        label: { show: false },
      },
      // Required by the heatmap series: maps the value to the colour ramp. A point of the largest
      // weight is fully opaque, as in the other libraries.
      visualMap: {
        type: 'continuous',
        show: false,
        min: 0,
        max: maxWeight,
        inRange: { color: ['#313695', '#4575b4', '#74add1', '#abd9e9', '#fee090', '#fdae61', '#f46d43', '#d73027', '#a50026'] },
      },
      series: [
        {
          type: 'heatmap',
          coordinateSystem: 'geo',
          data,
          // pointSize + blurSize is the reach of a point, the same as the other libraries' radius.
          pointSize: radius - blur,
          blurSize: blur,
        },
      ],
    });
  });
}
