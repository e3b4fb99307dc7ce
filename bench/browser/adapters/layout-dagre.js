// Layout only: @dagrejs/dagre, left to right, each node the size of Lianmap's box for that link.
import dagre from '@dagrejs/dagre';
import { boxOf, linkBoxes } from './common.js';

export function layout(doc, precomputed) {
  const boxes = linkBoxes(precomputed);
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR' });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const link of doc.links) {
    const box = boxOf(boxes, link.id);
    graph.setNode(link.id, { width: box.width, height: box.height });
  }
  doc.flows.forEach((flow, i) => graph.setEdge(flow.from, flow.to, {}, `f${i}`));
  dagre.layout(graph);
  return graph;
}

export function summary(graph) {
  return { nodes: graph.nodeCount(), edges: graph.edgeCount() };
}
