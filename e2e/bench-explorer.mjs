#!/usr/bin/env node
// In-browser half of the explorer benchmark (issue 5, item 7). Not a test: prints figures.
//
//   node e2e/bench-explorer.mjs [--dir dist] [--port 4181] [--rms 7,8] [--runs 5] [--json out.json]
//
// Serves the release bundle (dist/, built by `trunk build --release`) on loopback with
// e2e/static-server.mjs, opens it in the system Chromium (headless, flags from webdriver.json)
// and starts the explorer's Web Worker (txscope-worker_loader.js, the wasm the Explorer panel
// uses) from the page. The worker explores Gray & Lamport's TwoPhase.tla with N resource
// managers `--runs` times (src/check/job.rs, `bench`), timing each search with the worker's
// performance.now(): the same search `cargo bench --bench explorer` times natively (model
// construction to report). Prints counts and the median time per size; compare with the
// native figures in BENCHMARKS.md ("## Explorer").
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launch, repo, serve } from './bench/common.mjs';

const { values: opts } = parseArgs({
  options: {
    dir: { type: 'string', default: join(repo, 'dist') },
    port: { type: 'string', default: process.env.BENCH_PORT || '4181' },
    rms: { type: 'string', default: '7,8' },
    runs: { type: 'string', default: '5' },
    json: { type: 'string' },
  },
});
const base = `http://127.0.0.1:${opts.port}/`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const server = await serve(opts.dir, opts.port);
const browser = await launch();
const results = [];
try {
  const page = await browser.newPage();
  await page.goto(`${base}index.html`, { waitUntil: 'load' });
  const version = browser.version();
  for (const rms of opts.rms.split(',').map(Number)) {
    const reply = await page.evaluate(
      ({ rms, runs }) =>
        new Promise((resolve, reject) => {
          const worker = new Worker('./txscope-worker_loader.js');
          worker.onerror = (e) => reject(new Error(`worker error: ${e.message}`));
          worker.onmessage = (e) => {
            const msg = JSON.parse(e.data);
            if (msg.type === 'ready') worker.postMessage(JSON.stringify({ bench_rms: rms, runs }));
            else {
              worker.terminate();
              resolve(msg);
            }
          };
        }),
      { rms, runs: Number(opts.runs) },
    );
    if (reply.type !== 'bench') throw new Error(JSON.stringify(reply));
    const row = {
      rms,
      distinct_states: reply.distinct_states,
      generated: reply.generated,
      depth: reply.depth,
      median_s: median(reply.ms) / 1000,
      runs_s: reply.ms.map((m) => m / 1000),
      states_per_s: Math.round(reply.distinct_states / (median(reply.ms) / 1000)),
    };
    results.push(row);
    console.log(
      `TwoPhase ${rms} RMs in wasm (Chromium ${version}, worker): ${row.distinct_states} distinct, ` +
        `${row.generated} generated, depth ${row.depth}; median ${row.median_s.toFixed(3)} s over ` +
        `${reply.ms.length} runs (${row.runs_s.map((s) => s.toFixed(3)).join(', ')}); ` +
        `${row.states_per_s} states/s`,
    );
  }
} finally {
  await browser.close();
  server.kill();
}
if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 2));
