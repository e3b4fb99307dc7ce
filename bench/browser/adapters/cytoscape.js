// Cytoscape.js with cytoscape-dagre, left to right like Lianmap, canvas renderer.
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { label } from './common.js';

cytoscape.use(dagre);

export async function render(container, doc) {
  const elements = [];
  for (const link of doc.links) elements.push({ data: { id: link.id, label: label(link.name) } });
  doc.flows.forEach((flow, i) => elements.push({ data: { id: `f${i}`, source: flow.from, target: flow.to } }));
  const cy = cytoscape({
    container,
    elements,
    style: [{ selector: 'node', style: { label: 'data(label)' } }],
    layout: { name: 'preset' },
    // A chain map is read, not edited: nodes cannot be dragged away, so a drag pans (as in Lianmap).
    autoungrabify: true,
  });
  await new Promise((resolve) => cy.ready(resolve));
  const layout = cy.layout({ name: 'dagre', rankDir: 'LR' });
  const done = layout.promiseOn('layoutstop');
  layout.run();
  await done;
}
