// Shared by the adapters: every library gets the same nodes (the document's links), the same
// edges (its flows) and the same labels (the zh-CN link names Lianmap shows on a zh-CN page).

/** The label Lianmap shows for a localised name on a zh-CN page. */
export function label(name) {
  if (typeof name === 'string') return name;
  if (!name) return '';
  return name['zh-CN'] ?? name.en ?? Object.values(name)[0] ?? '';
}

/** Link id → { x, y, width, height } (box centres in layout units) from `lianmap layout`. */
export function linkBoxes(layout) {
  const boxes = new Map();
  for (const node of layout.nodes) {
    if (node.kind === 'link') boxes.set(node.id, node);
  }
  return boxes;
}

/** The box of a link, failing loudly if the precomputed layout lacks it. */
export function boxOf(boxes, id) {
  const box = boxes.get(id);
  if (!box) throw new Error(`the precomputed layout has no link "${id}"`);
  return box;
}
