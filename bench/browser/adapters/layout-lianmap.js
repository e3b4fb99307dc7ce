// Layout only: Lianmap's `layout(doc)` export (the same layout as `lianmap layout FILE`).
import * as lianmap from '/dist/lianmap.js';

export function start() {
  return lianmap.ready();
}

export function available() {
  return typeof lianmap.layout === 'function';
}

export function layout(doc) {
  return lianmap.layout(doc);
}

export function summary(result) {
  const nodes = result.nodes.filter((n) => n.kind === 'link').length;
  return { nodes, edges: result.edges.length };
}
