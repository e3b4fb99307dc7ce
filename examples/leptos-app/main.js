// Loads the app's WebAssembly (wasm-bindgen --target web output in pkg/); its start function
// mounts the Leptos app into #app.
import init from './pkg/lianmap_leptos_app.js';

init({ module_or_path: new URL('./pkg/lianmap_leptos_app_bg.wasm', import.meta.url) }).catch((error) => {
  console.error('lianmap leptos example: cannot start', error);
});
