// The mount() page: a map put into <main id="map"> by the JavaScript API, its view driven by a
// <select>, the last selection shown beside it. The handle is `window.lianmap` for the tests.
import { mount } from '/dist/lianmap.js';

const map = mount(document.getElementById('map'), {
  src: 'sample/nev-guangxi.json',
  geo: 'geo/guangxi.json',
  lang: document.documentElement.lang,
  theme: 'light',
});

const selected = document.getElementById('selected');
map.on('select', ({ id, kind }) => {
  selected.value = `${id} (${kind})`;
});

const view = document.getElementById('view');
view.addEventListener('change', () => map.set({ view: view.value }));

window.lianmap = map;
