#!/usr/bin/env node
// Where the frame time of e2e/bench/web.mjs's (c) goes. Diagnosis, not a benchmark: it prints
// where the renderer's main thread spends its time while the 16-participant run plays at top
// speed, from two recordings taken together:
//   * a Chrome trace (devtools.timeline): top-level tasks and the browser's own work (style,
//     layout, paint, GC) summed by event name;
//   * a CDP `Profiler` CPU profile: self and total time per function. Wasm functions have names
//     only in a bundle with a name section (wasm-bindgen without wasm-opt; see BENCHMARKS.md).
//
//   node e2e/bench/profile.mjs --dir DIST [--port 4185] [--seconds 3] [--top 40] [--json out.json]
//                              [--css '.stage { contain: paint; }']   (try a style change)
//                              [--watch .sequence]   (the panel on screen, default the topology)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launch, loadScenario, repo, serve, watchPanel } from './common.mjs';

const { values: opts } = parseArgs({
  options: {
    dir: { type: 'string', default: join(repo, 'dist') },
    port: { type: 'string', default: process.env.BENCH_PORT || '4180' },
    seconds: { type: 'string', default: '3' },
    top: { type: 'string', default: '40' },
    json: { type: 'string' },
    // Experiments: a style sheet added before playing (e.g. '.stage { contain: paint; }').
    css: { type: 'string' },
    // The panel on screen while recording (as in web.mjs).
    watch: { type: 'string', default: 'svg.topology' },
  },
});
const base = `http://127.0.0.1:${opts.port}/`;

const server = await serve(opts.dir, opts.port);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await loadScenario(page, base, opts.css);
  await page.locator('#play').click();
  await page.waitForFunction(() => document.querySelectorAll('svg.topology g.dot').length >= 150, null, {
    timeout: 30_000,
  });
  console.log('on screen:', JSON.stringify(await watchPanel(page, opts.watch)));

  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(Number(opts.seconds) * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  const trace = JSON.parse((await browser.stopTracing()).toString());
  // DevTools names nodes by backend id: ask for their tag and class while the page is open.
  const describe = async (id) => {
    try {
      const { node } = await cdp.send('DOM.describeNode', { backendNodeId: id });
      const a = node.attributes ?? [];
      const cls = a[a.indexOf('class') + 1];
      return `<${node.localName}${a.includes('class') ? ` class="${cls}"` : ''}>`;
    } catch {
      return `#${id}`;
    }
  };

  // Trace: the renderer main thread's complete events, summed by name, with nesting removed
  // per name (a name inside itself counts once).
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur);
  const byName = new Map();
  for (const e of onMain) {
    const s = byName.get(e.name) ?? { ms: 0, cpu: 0, n: 0 };
    s.ms += e.dur / 1000;
    s.cpu += (e.tdur ?? 0) / 1000;
    s.n += 1;
    byName.set(e.name, s);
  }
  const span = (Math.max(...onMain.map((e) => e.ts + e.dur)) - Math.min(...onMain.map((e) => e.ts))) / 1000;
  // Wall time (dur) counts time the thread was descheduled on a busy machine; thread time
  // (tdur) does not: compare thread times between runs.
  console.log(`trace: renderer main thread over ${span.toFixed(0)} ms, by event name (inclusive), wall and thread time:`);
  const traced = [...byName].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
  for (const [name, s] of traced)
    console.log(`  ${s.ms.toFixed(1).padStart(9)} ms  ${s.cpu.toFixed(1).padStart(9)} ms cpu  ${String(s.n).padStart(5)}x  ${name}`);
  const task = byName.get('RunTask');
  if (task) console.log(`  main thread busy: ${((100 * task.cpu) / span).toFixed(1)}% of the time (thread time)`);

  // Paints by what they paint (the node DevTools names, and the clip's size).
  const paints = new Map();
  for (const e of onMain.filter((e) => e.name === 'Paint')) {
    const d = e.args?.data ?? {};
    const c = d.clip ?? [];
    const xs = c.filter((_, i) => i % 2 === 0);
    const ys = c.filter((_, i) => i % 2 === 1);
    const size = c.length ? `${Math.round(Math.max(...xs) - Math.min(...xs))}x${Math.round(Math.max(...ys) - Math.min(...ys))}` : '?';
    const k = `node ${d.nodeId ?? '?'} layer ${d.layerId ?? '?'} clip ${size}`;
    const s = paints.get(k) ?? { ms: 0, cpu: 0, n: 0 };
    s.ms += e.dur / 1000;
    s.cpu += (e.tdur ?? 0) / 1000;
    s.n += 1;
    paints.set(k, s);
  }
  console.log('paints by node:');
  for (const [k, s] of [...paints].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
    const id = Number(k.split(' ')[1]);
    console.log(
      `  ${s.ms.toFixed(1).padStart(9)} ms  ${s.cpu.toFixed(1).padStart(9)} ms cpu  ${String(s.n).padStart(5)}x  ${k} ${id ? await describe(id) : ''}`,
    );
  }
  await context.close();

  // CPU profile: self time per function, and total (inclusive) time per function counted once
  // per stack.
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const self = new Map();
  const total = new Map();
  const label = (n) => n.callFrame.functionName || `(anonymous ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber})`;
  for (const [id, ms] of dt) {
    const n = nodes.get(id);
    self.set(label(n), (self.get(label(n)) ?? 0) + ms);
    const seen = new Set();
    for (let k = id; k !== undefined; k = parent.get(k)) {
      const name = label(nodes.get(k));
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  }
  const top = Number(opts.top);
  const sum = [...dt.values()].reduce((a, b) => a + b, 0);
  console.log(`cpu profile: ${sum.toFixed(0)} ms sampled; self time:`);
  const selfTop = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [name, ms] of selfTop) console.log(`  ${ms.toFixed(1).padStart(9)} ms  ${name.slice(0, 140)}`);
  console.log('total time:');
  const totalTop = [...total].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [name, ms] of totalTop) console.log(`  ${ms.toFixed(1).padStart(9)} ms  ${name.slice(0, 140)}`);
  console.log("the app's own functions (txscope::), total time:");
  for (const [name, ms] of [...total].filter(([n]) => n.includes('txscope::')).sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${ms.toFixed(1).padStart(9)} ms  ${name.slice(0, 140)}`);
  if (opts.json) writeFileSync(opts.json, JSON.stringify({ traced, self: selfTop, total: totalTop }, null, 2));
} finally {
  await browser.close();
  server.kill();
}
