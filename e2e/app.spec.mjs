// End-to-end checks of the built bundle (dist/), in the system Chromium.
// Every test leaves a screenshot in artifacts/screenshots/<slug>.png (pass or fail).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(repo, 'artifacts/screenshots');
mkdirSync(shots, { recursive: true });

// Collects everything that must fail a test: console errors, uncaught page errors,
// failed or >=400 requests, and any request that leaves the page's own origin.
function watch(page, baseURL) {
  const origin = new URL(baseURL).origin;
  const problems = [];
  const requests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    requests.push(req.url());
    // data:/blob: URLs never touch the network; everything else must be same-origin.
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.origin !== origin) problems.push(`foreign request: ${req.url()}`);
  });
  page.on('requestfailed', (req) =>
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return { problems, requests };
}

// Resolves once Trunk's loader has instantiated the wasm module (it dispatches
// `TrunkApplicationStarted` after `init()`); install before navigating.
async function trackTrunkStart(page) {
  await page.addInitScript(() => {
    window.__trunkStarted = new Promise((resolve) =>
      addEventListener('TrunkApplicationStarted', () => resolve(true), { once: true }),
    );
  });
}

test.afterEach(async ({ page }, testInfo) => {
  const slug = testInfo.title.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  const file = join(shots, `${slug}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach('screenshot', { path: file, contentType: 'image/png' });
});

for (const [name, path] of [
  ['root', '/'],
  // e2e/playwright.config.mjs also mounts dist/ here: proves every asset URL is relative.
  ['sub-path', '/nested/txscope/'],
]) {
  test(`app loads and counts clicks at ${name}`, async ({ page, baseURL }) => {
    const { problems, requests } = watch(page, baseURL);
    await trackTrunkStart(page);

    const response = await page.goto(path, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await page.evaluate(() => window.__trunkStarted)).toBe(true);

    await expect(page).toHaveTitle('TxScope');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('TxScope');
    const button = page.locator('button#counter');
    await expect(button).toHaveText('Clicked 0 times');
    await button.click();
    await expect(button).toHaveText('Clicked 1 times');
    await button.click();
    await button.click();
    await expect(button).toHaveText('Clicked 3 times');

    // The wasm really came from this server, below the path the page was loaded from.
    const wasm = requests.filter((u) => new URL(u).pathname.endsWith('.wasm'));
    expect(wasm.length, `requests: ${requests.join(', ')}`).toBeGreaterThan(0);
    for (const u of wasm) expect(new URL(u).pathname.startsWith(path), u).toBe(true);

    await page.waitForLoadState('networkidle');
    expect(problems, problems.join('\n')).toEqual([]);
  });
}
