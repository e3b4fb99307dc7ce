// Demo page controls: language, theme and renderer switches for the <lian-map> on the page.
const map = document.getElementById('demo');
for (const name of ['lang', 'theme', 'renderer']) {
  const select = document.getElementById(name);
  if (!select || !map) continue;
  select.value = map.getAttribute(name) ?? select.value;
  select.addEventListener('change', () => {
    map.setAttribute(name, select.value);
    if (name === 'lang') document.documentElement.lang = select.value;
  });
}
