// Each <lian-map> fires its own events: show what was picked next to the map it was picked in.
for (const [map, output] of [['chain', 'chain-picked'], ['park', 'park-picked']]) {
  document.getElementById(map).addEventListener('lianmap-select', (e) => {
    document.getElementById(output).textContent = `${e.detail.kind}: ${e.detail.id}`;
  });
}
