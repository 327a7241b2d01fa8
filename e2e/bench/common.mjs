// What the browser benchmarks share: the release bundle served on loopback, the system Chromium
// with the flags of webdriver.json, and the frame-time scenario with the page set up to play it.
//   e2e/bench/web.mjs, e2e/bench/profile.mjs, e2e/bench-explorer.mjs
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export { gzip9 } from './gzip9.mjs';

/// Serves `dir` on 127.0.0.1:`port` (e2e/static-server.mjs) and resolves with the server process
/// once index.html answers; `server.kill()` when done.
export async function serve(dir, port) {
  const server = spawn(
    process.execPath,
    [join(repo, 'e2e/static-server.mjs'), '--dir', dir, '--host', '127.0.0.1', '--port', port, '--quiet'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/index.html`)).ok) return server;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error('static server did not start');
}

/// The system Chromium, headless, with webdriver.json's flags (Playwright adds its own headless
/// switch).
export function launch() {
  const args = JSON.parse(readFileSync(join(repo, 'webdriver.json'), 'utf8'))['goog:chromeOptions'].args.filter(
    (a) => !a.startsWith('--headless'),
  );
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    args,
  });
}

/// The frame-time run (web.mjs (c)): 2PC, 16 participants, lossy network, latency 500–4000 ms,
/// retry 4 s; the coordinator crashes after the 16th vote and stays down, so every in-doubt
/// participant keeps asking its 15 peers.
export const SCENARIO = {
  version: 1,
  name: 'bench-16-in-doubt',
  description: 'Benchmark: 16 participants in doubt, asking their peers while the coordinator is down.',
  protocol: '2pc',
  participants: 16,
  transport: 'lossy',
  latency_ms: { min: 500, max: 4000 },
  drop_rate: 0,
  timeouts_ms: { coordinator: 30000, participant: 30000, retry: 4000 },
  seed: 7,
  max_time_ms: 120000,
  faults: [{ after: { event: 'deliver', node: 'C', label: 'YES', nth: 16 }, fault: 'crash', node: 'C' }],
};

/// Opens the app at `base`, pastes SCENARIO into the scenario JSON field and sets the top speed;
/// `extraCss` (if any) is added to the page. The caller presses Play.
export async function loadScenario(page, base, extraCss) {
  await page.goto(base, { waitUntil: 'load' });
  await page.locator('svg.topology').waitFor();
  const json = page.locator('#scenario-json');
  await json.evaluate((el) => el.closest('details')?.setAttribute('open', ''));
  await json.fill(JSON.stringify(SCENARIO));
  await json.press('Tab');
  await page.locator('g.node').nth(16).waitFor();
  await page.locator('#speed').fill('30');
  if (extraCss) await page.addStyleTag({ content: extraCss });
}

/// Scrolls `selector` to the middle of the viewport, as a person watching that panel would have
/// it (pasting the scenario leaves the page scrolled to the editor), and says where it is.
export function watchPanel(page, selector) {
  return page.evaluate((selector) => {
    const watched = document.querySelector(selector);
    if (!watched) throw new Error(`nothing on the page matches ${selector}`);
    watched.scrollIntoView({ block: 'center' });
    const r = watched.getBoundingClientRect();
    const view = { watched: selector, scroll_y: window.scrollY, top: r.top, bottom: r.bottom, viewport: innerHeight };
    // Two frames for the scroll's own repaint, before anyone records frames.
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(view))));
  }, selector);
}
