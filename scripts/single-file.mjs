#!/usr/bin/env node
// Builds dist-single/txscope.html from a Trunk build in dist/: one file with the CSS, the
// wasm-bindgen JS and the wasm (base64) inside, and the explorer's worker with its wasm, that
// works opened from file:// (no fetch: the wasm bytes go straight to wasm-bindgen's init, the
// language tables sit in a global) and can
// be uploaded to a learning-management system. No dependencies beyond node.
//
//   node scripts/single-file.mjs [--dist dist] [--out dist-single/txscope.html]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    out: { type: 'string', default: 'dist-single/txscope.html' },
  },
});
const dist = resolve(opts.dist);
const fail = (msg) => {
  console.error(`single-file: ${msg}`);
  process.exit(1);
};

let html = readFileSync(join(dist, 'index.html'), 'utf8');

// Trunk's loader: `import init, * as bindings from './txscope-<hash>.js';` and
// `init({ module_or_path: './txscope-<hash>_bg.wasm' })`.
const loader = html.match(/<script type="module">[\s\S]*?<\/script>/);
if (!loader) fail('no module <script> in index.html (is dist/ a Trunk build?)');
const js = loader[0].match(/from '\.\/([^']+\.js)'/);
const wasm = loader[0].match(/module_or_path: '\.\/([^']+\.wasm)'/);
if (!js || !wasm) fail("the loader does not import './<name>.js' and './<name>_bg.wasm'");

const code = readFileSync(join(dist, js[1]), 'utf8');
if (/^import /m.test(code)) fail(`${js[1]} imports other modules; inline them first`);
const bytes = readFileSync(join(dist, wasm[1])).toString('base64');
// Nothing in the inlined text may close its <script> early.
const safe = (s) => s.replace(/<\/(script)/gi, '<\\/$1');

// The explorer's worker (Trunk's `data-type="worker"` output, wasm-bindgen's no-modules target):
// its loader shim is `importScripts("./<name>.js");wasm_bindgen("./<name>_bg.wasm");`. The page
// gets the worker's script with its wasm bytes appended as a blob: URL in `txscopeWorkerUrl`
// (src/web/explorer_worker.rs reads it), so a search from file:// fetches nothing either.
const shim = readFileSync(join(dist, 'txscope-worker_loader.js'), 'utf8');
const shimParts = shim.match(/^importScripts\("\.\/([^"]+\.js)"\);\s*wasm_bindgen\("\.\/([^"]+\.wasm)"\);?\s*$/);
if (!shimParts) fail(`txscope-worker_loader.js is not the loader shim this script knows: ${shim}`);
const workerCode = readFileSync(join(dist, shimParts[1]), 'utf8');
const workerBytes = readFileSync(join(dist, shimParts[2])).toString('base64');
const workerSource = `${workerCode}
wasm_bindgen({ module_or_path: Uint8Array.from(atob(${JSON.stringify(workerBytes)}), (c) => c.charCodeAt(0)) });
`;

// The languages the page fetches when chosen (dist/i18n/<stem>.json): their text in
// `txscopeI18n`, which src/web/language.rs reads before fetching.
const i18nDir = join(dist, 'i18n');
const tables = Object.fromEntries(
  readdirSync(i18nDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -'.json'.length), readFileSync(join(i18nDir, f), 'utf8')]),
);
if (!Object.keys(tables).length) fail('dist/i18n/ has no language table');

const script = `<script type="module">
window.txscopeI18n = ${safe(JSON.stringify(tables))};
// The explorer's worker, inlined: see scripts/single-file.mjs.
window.txscopeWorkerUrl = URL.createObjectURL(
  new Blob([${safe(JSON.stringify(workerSource))}], { type: 'text/javascript' }),
);
${safe(code)}
// The wasm travels inside this file: decode it and hand the bytes to wasm-bindgen's init.
const __txscope_wasm = Uint8Array.from(atob(${JSON.stringify(bytes)}), (c) => c.charCodeAt(0));
const __txscope_exports = await __wbg_init({ module_or_path: __txscope_wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: __txscope_exports } }));
</script>`;
html = html.replace(loader[0], () => script);

// Styles inline; the icon as a data: URL; no preloads of files that are not there.
html = html.replace(/<link rel="stylesheet" href="\.\/([^"]+\.css)"[^>]*\/?>/g, (_, f) => {
  const css = readFileSync(join(dist, f), 'utf8').replace(/<\/(style)/gi, '<\\/$1');
  return `<style>\n${css}\n</style>`;
});
html = html.replace(/<link rel="icon" href="\.\/([^"]+\.svg)"[^>]*\/?>/g, (_, f) => {
  const svg = readFileSync(join(dist, f)).toString('base64');
  return `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml;base64,${svg}" />`;
});
html = html.replace(/<link rel="(modulepreload|preload)"[^>]*>/g, '');

const left = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]);
if (left.length) fail(`still refers to files: ${left.join(', ')}`);

const out = resolve(opts.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`single-file: ${out} (${html.length} bytes)`);
