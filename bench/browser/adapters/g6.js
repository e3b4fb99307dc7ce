// AntV G6 5: the antv-dagre layout, left to right like Lianmap, canvas renderer.
import { Graph } from '@antv/g6';
import { label } from './common.js';

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
    // A chain map is read, not edited: a drag pans wherever it starts (by default G6 pans only
    // from the empty background), as in Lianmap.
    behaviors: [{ type: 'drag-canvas', enable: true }, 'zoom-canvas'],
  });
  return graph.render();
}
