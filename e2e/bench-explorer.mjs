#!/usr/bin/env node
// In-browser half of the explorer benchmark (issue 5, item 7). Not a test: prints figures.
//
//   node e2e/bench-explorer.mjs [--dir dist] [--port 4181] [--rms 7,8] [--runs 5] [--json out.json]
//   node e2e/bench-explorer.mjs --engine 3pc-split-first,2pc-block-first [--runs 3]
//
// Serves the release bundle (dist/, built by `trunk build --release`) on loopback with
// e2e/static-server.mjs, opens it in the system Chromium (headless, flags from webdriver.json)
// and starts the explorer's Web Worker (txscope-worker_loader.js, the wasm the Explorer panel
// uses) from the page. The worker explores Gray & Lamport's TwoPhase.tla with N resource
// managers `--runs` times (src/check/job.rs, `bench`), timing each search with the worker's
// performance.now(): the same search `cargo bench --bench explorer` times natively (model
// construction to report). Prints counts and the median time per size; compare with the
// native figures in BENCHMARKS.md ("## Explorer").
//
// With --engine, it runs instead the searches over the real engines that `cargo bench --bench
// engines` times natively (same cases, same options, on the message queue), as the panel sends
// them: a job per run in a fresh worker, timed from posting the job to its answer, and reports the
// worker's wasm memory at the end over the states stored (bytes a state in the browser).
import { readFileSync, writeFileSync } from 'node:fs';
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
    engine: { type: 'string' },
  },
});

/// The engine cases of benches/engines.rs: (preset, budget, properties, stop at the first findings).
const ENGINE_CASES = {
  '3pc-split-first': ['3pc-partition-violation', { partitions: 1, crashes: 0 }, ['agreement'], true],
  '2pc-block-first': ['2pc-happy', { crashes: 1 }, ['can-block'], true],
  '3pc-crash-all': ['3pc-happy', { crashes: 1 }, [], false],
};
const base = `http://127.0.0.1:${opts.port}/`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const server = await serve(opts.dir, opts.port);
const browser = await launch();
const results = [];
try {
  const page = await browser.newPage();
  await page.goto(`${base}index.html`, { waitUntil: 'load' });
  const version = browser.version();
  for (const name of opts.engine ? opts.engine.split(',') : []) {
    const [preset, budget, properties, first] = ENGINE_CASES[name] ?? [];
    if (!preset) throw new Error(`unknown engine case ${name}`);
    const scenario = JSON.parse(readFileSync(join(repo, 'presets', `${preset}.json`), 'utf8'));
    const job = {
      scenario,
      options: { budget, properties, stop_when_found: first, max_states: 20000000 },
      memory_bytes: 512 * 1024 * 1024,
    };
    const times = [];
    let last;
    for (let run = 0; run < Number(opts.runs); run++) {
      const { ms, reply } = await page.evaluate(
        (job) =>
          new Promise((resolve, reject) => {
            const worker = new Worker('./txscope-worker_loader.js');
            worker.onerror = (e) => reject(new Error(`worker error: ${e.message}`));
            let start;
            worker.onmessage = (e) => {
              const msg = JSON.parse(e.data);
              if (msg.type === 'ready') {
                start = performance.now();
                worker.postMessage(JSON.stringify(job));
              } else if (msg.type !== 'progress') {
                const ms = performance.now() - start;
                worker.terminate();
                resolve({ ms, reply: msg });
              }
            };
          }),
        job,
      );
      if (reply.type !== 'done') throw new Error(JSON.stringify(reply));
      times.push(ms / 1000);
      last = reply.report;
    }
    const row = {
      case: name,
      distinct_states: last.distinct_states,
      generated: last.generated,
      depth: last.depth,
      complete: last.complete,
      found: last.findings.map((f) => `${f.property}@${f.trace.length}`),
      median_s: median(times),
      runs_s: times,
      memory_mib: last.memory_bytes / 2 ** 20,
      bytes_per_state: Math.round(last.memory_bytes / last.distinct_states),
    };
    results.push(row);
    console.log(
      `${name} in wasm (Chromium ${version}, worker): ${row.distinct_states} distinct, ` +
        `${row.generated} generated, depth ${row.depth}, found ${row.found.join(', ') || '-'}; ` +
        `median ${row.median_s.toFixed(3)} s over ${times.length} runs ` +
        `(${times.map((s) => s.toFixed(3)).join(', ')}); wasm memory ${row.memory_mib.toFixed(1)} MiB, ` +
        `${row.bytes_per_state} B/state`,
    );
  }
  for (const rms of opts.engine ? [] : opts.rms.split(',').map(Number)) {
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
