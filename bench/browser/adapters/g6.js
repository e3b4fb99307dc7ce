// AntV G6 5: the antv-dagre layout, left to right like Lianmap, canvas renderer.
import { Graph } from '@antv/g6';
import { label } from './common.js';

/**
 * G6 pans only when the drag starts on the background (a node, edge or label is not draggable
 * unless drag-element is on, and then the drag moves it). The drawing is fitted around the middle
 * and is narrow, so the drag starts near the left edge, halfway down. The other libraries pan
 * from anywhere in their drawing (ECharts only from within it), so they start at the centre.
 */
export const panFrom = { x: 0.05, y: 0.5 };

export function render(container, doc) {
  const graph = new Graph({
    container,
    autoFit: 'view',
    animation: false,
    data: {
      nodes: doc.links.map((link) => ({ id: link.id, data: { name: label(link.name) } })),
      edges: doc.flows.map((flow, i) => ({ id: `f${i}`, source: flow.from, target: flow.to })),
    },
    node: { style: { labelText: (d) => d.data.name } },
    layout: { type: 'antv-dagre', rankdir: 'LR' },
    behaviors: ['drag-canvas', 'zoom-canvas'],
  });
  return graph.render();
}
