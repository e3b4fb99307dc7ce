// The documentation page (docs.html): the examples that need a script. Each block between
// `example:` markers is shown on the page (read from this very file), beside the map it makes.
import { mount } from '/dist/lianmap.js';

// example: data
const small = document.getElementById('ex-data');
small.data = {
  version: 1,
  meta: { title: { 'zh-CN': '示例：储能产业链', en: 'Sample: energy storage chain' }, sample: true },
  stages: [
    { id: 'up', name: { 'zh-CN': '上游', en: 'Upstream' } },
    { id: 'mid', name: { 'zh-CN': '中游', en: 'Midstream' } },
    { id: 'down', name: { 'zh-CN': '下游', en: 'Downstream' } },
  ],
  links: [
    { id: 'lithium', name: { 'zh-CN': '锂资源', en: 'Lithium' }, stage: 'up' },
    { id: 'cells', name: { 'zh-CN': '储能电芯', en: 'Storage cells' }, stage: 'mid' },
    { id: 'pcs', name: { 'zh-CN': '变流器', en: 'Power conversion' }, stage: 'mid' },
    { id: 'plants', name: { 'zh-CN': '储能电站', en: 'Storage plants' }, stage: 'down' },
  ],
  flows: [
    { from: 'lithium', to: 'cells' },
    { from: 'cells', to: 'plants' },
    { from: 'pcs', to: 'plants' },
  ],
  enterprises: [
    { id: 'e1', name: '示例电芯公司', links: ['cells'], role: 'leader', local: true },
    { id: 'e2', name: '示例电站公司', links: ['plants'], role: 'member', local: true },
    { id: 't1', name: '示例变流器公司', links: ['pcs'], role: 'key', status: 'negotiating', score: 82 },
  ],
};
// end

// example: mount
const map = mount(document.getElementById('ex-mount'), {
  src: 'sample/nev-guangxi.json',
  view: 'chain',
});
const log = document.getElementById('mount-log');
map.on('select', ({ id, kind }) => {
  const item = document.createElement('li');
  item.textContent = id === null ? '已清除选择 / cleared' : `${kind}: ${id}`;
  log.prepend(item);
});
document.getElementById('mount-select').addEventListener('click', () => map.select('cells'));
document.getElementById('mount-clear').addEventListener('click', () => map.clearSelection());
// end

// The fragment written by the sync-hash example, shown under it (replaceState fires no event).
const hashMap = document.getElementById('ex-hash');
const hashNow = document.getElementById('hash-now');
const showHash = () => requestAnimationFrame(() => { hashNow.textContent = location.hash || '—'; });
for (const type of ['lianmap-ready', 'lianmap-select']) hashMap.addEventListener(type, showHash);
hashMap.addEventListener('click', showHash);
window.addEventListener('hashchange', showHash);

map.element.id = 'ex-mount-map';
window.docsMount = map; // for the tests

// Shows each block between `// example: NAME` and `// end` in <code data-example="NAME">, as a
// module script (with this file's imports where the block uses them).
const source = await (await fetch(import.meta.url)).text();
const imports = source.split('\n').filter((line) => line.startsWith('import '));
for (const code of document.querySelectorAll('code[data-example]')) {
  const found = source.match(new RegExp(`// example: ${code.dataset.example}\\n([\\s\\S]*?)// end`));
  if (!found) continue;
  const used = imports.filter((line) => /\{([^}]*)\}/.exec(line)?.[1].split(',').some((name) => found[1].includes(name.trim())));
  const head = used.length ? `${used.join('\n')}\n\n` : '';
  code.textContent = `<script type="module">\n${head}${found[1]}</script>`;
}

