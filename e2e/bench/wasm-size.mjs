// Where the page's wasm bytes go: groups the items of an optimised wasm that kept its names
// (`wasm-opt -Oz -g`, listed by `twiggy top -f json`) into the parts of the app, and prints each
// part's bytes and share. scripts/wasm-size.sh builds the input; BENCHMARKS.md quotes the output.
//
//   node e2e/bench/wasm-size.mjs TWIGGY.json STRIPPED.wasm
//
// Names are Rust's legacy symbols, so a generic std function (`BTreeMap<K,V>::insert`) does not
// say which of our types it was instantiated for: those count as "std", whoever uses them.

import { readFileSync } from 'node:fs';
import { gzip9 } from './gzip9.mjs';

/** The parts, first match wins. */
const PARTS = [
  ['strings and tables (data segments)', (n) => n.startsWith('data segment')],
  [
    'Yew view code (our components, Yew lifecycle instantiated for each)',
    (n) =>
      n.includes('txscope::web::') ||
      /CompStateInner<COMP> as .*Stateful>::view/.test(n) ||
      /FunctionProvider>::run/.test(n),
  ],
  ['Yew runtime (virtual DOM, scheduler, hooks)', (n) => n.includes('yew::')],
  ['serde + serde_json (scenario, links, run files)', (n) => /serde|zmij|itoa/.test(n)],
  [
    'simulator, protocols, sessions',
    (n) => /txscope::(sim|protocol|session|model|numtext)\b/.test(n),
  ],
  ['scenario checks, lessons, i18n, pictures, share', (n) => n.includes('txscope::')],
  ['browser bindings (wasm-bindgen, js-sys, web-sys, gloo)', (n) => /wasm_bindgen|js_sys|web_sys|gloo|__wbg|__externref/.test(n)],
  ['std (fmt, collections, allocator, panics; generic code for all of the above)', () => true],
];

const [jsonPath, wasmPath] = process.argv.slice(2);
if (!jsonPath || !wasmPath) {
  console.error('usage: node e2e/bench/wasm-size.mjs TWIGGY.json STRIPPED.wasm');
  process.exit(2);
}
const items = JSON.parse(readFileSync(jsonPath, 'utf8'));
const sums = new Map(PARTS.map(([label]) => [label, 0]));
let total = 0;
for (const { name, shallow_size: size } of items) {
  // The name section itself and custom sections are not in the shipped (stripped) wasm.
  if (name.startsWith('"') || name.startsWith('custom section')) continue;
  const [label] = PARTS.find(([, test]) => test(name));
  sums.set(label, sums.get(label) + size);
  total += size;
}
const raw = readFileSync(wasmPath).length;
const gz = gzip9(wasmPath);
console.log(`stripped wasm: ${raw} B, gzip -9 ${gz} B (ratio ${(gz / raw).toFixed(2)})`);
console.log(`named items: ${total} B\n`);
for (const [label, bytes] of sums) {
  const share = ((100 * bytes) / total).toFixed(1).padStart(5);
  console.log(`${String(bytes).padStart(8)} B ${share} %  ${label}`);
}
