// Sigma.js 3 on graphology, WebGL. Sigma has no layered layout, so it gets the precomputed positions.
import Graph from 'graphology';
import Sigma from 'sigma';
import { boxOf, label, linkBoxes } from './common.js';

export function render(container, doc, layout) {
  const boxes = linkBoxes(layout);
  const graph = new Graph({ multi: true });
  for (const link of doc.links) {
    const box = boxOf(boxes, link.id);
    // Sigma's y axis points up; flip it so the picture has Lianmap's orientation.
    graph.addNode(link.id, { x: box.x, y: -box.y, label: label(link.name) });
  }
  for (const flow of doc.flows) graph.addEdge(flow.from, flow.to);
  new Sigma(graph, container);
  return Promise.resolve();
}
