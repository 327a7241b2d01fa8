// End-to-end checks of the built bundle (dist/), in the system Chromium.
// Every test leaves a screenshot in artifacts/screenshots/<slug>.png (pass or fail).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { watch } from './watch.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(repo, 'artifacts/screenshots');
mkdirSync(shots, { recursive: true });

// Resolves once Trunk's loader has instantiated the wasm module (it dispatches
// `TrunkApplicationStarted` after `init()`); install before navigating.
async function trackTrunkStart(page) {
  await page.addInitScript(() => {
    window.__trunkStarted = new Promise((resolve) =>
      addEventListener('TrunkApplicationStarted', () => resolve(true), { once: true }),
    );
  });
}

// Opens the app and waits for its first picture.
async function open(page, path = '/') {
  await page.goto(path, { waitUntil: 'load' });
  await expect(page.locator('svg.topology')).toBeVisible();
}

const verdict = (page) => page.locator('#verdict');
const position = (page) => page.locator('#position');

test.afterEach(async ({ page }, testInfo) => {
  const slug = testInfo.title.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  const file = join(shots, `${slug}.png`);
  // From the top, with nothing focused: the sticky header then sits where a reader sees it.
  await page.evaluate(() => {
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach('screenshot', { path: file, contentType: 'image/png' });
});

for (const [name, path] of [
  ['root', '/'],
  // e2e/playwright.config.mjs also mounts dist/ here: proves every asset URL is relative.
  ['sub-path', '/nested/txscope/'],
]) {
  test(`app loads with no console error and no foreign request at ${name}`, async ({ page, baseURL }) => {
    const { problems, requests } = watch(page, baseURL);
    await trackTrunkStart(page);
    const response = await page.goto(path, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await page.evaluate(() => window.__trunkStarted)).toBe(true);

    await expect(page).toHaveTitle('TxScope');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('TxScope');
    await expect(verdict(page)).toContainText('Running: 0 of 4 nodes decided');
    await expect(page.locator('g.node')).toHaveCount(4);
    await expect(position(page)).toHaveText('event 0 / 65 · t = 0 ms');

    // The wasm really came from this server, below the path the page was loaded from.
    const wasm = requests.filter((u) => new URL(u).pathname.endsWith('.wasm'));
    expect(wasm.length, `requests: ${requests.join(', ')}`).toBeGreaterThan(0);
    for (const u of wasm) expect(new URL(u).pathname.startsWith(path), u).toBe(true);

    await page.waitForLoadState('networkidle');
    expect(problems, problems.join('\n')).toEqual([]);
  });
}

test('happy path plays to every node committed', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await open(page);
  // Fastest speed (1 s of virtual time per second), then play: the run lasts 140 ms.
  await page.locator('#speed').fill('30');
  await page.locator('#play').click();
  await expect(verdict(page)).toHaveText(/Every node committed/, { timeout: 15_000 });
  await expect(page.locator('#play')).toHaveText(/Play/);
  await expect(position(page)).toContainText('event 65 / 65');
  for (const n of ['C', 'P1', 'P2', 'P3']) {
    await expect(page.locator('.outcomes')).toContainText(`${n}COMMITcommit`);
  }
  expect(problems, problems.join('\n')).toEqual([]);
});

test('dropping a PREPARE ends in abort', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await open(page);
  // Three events: C has sent PREPARE m0 to P1; it is on its way to the broker.
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  const m0 = page.locator('g.dot[aria-label^="m0 PREPARE from C to P1"]');
  await expect(m0).toBeVisible();
  await m0.click();
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  await menu.getByRole('button', { name: 'Drop it' }).click();
  await expect(page.locator('#announce')).toContainText('m0 is dropped');
  await expect(m0).toHaveCount(0);
  // It vanishes visibly: struck out where it was, until the next event.
  const ghost = page.locator('g.ghost');
  await expect(ghost).toHaveAttribute('aria-label', 'm0 is dropped');
  await expect(ghost).toContainText('✕ PREPARE');
  await expect(page.locator('.subtitle')).toContainText('1 hand-made fault');
  await page.keyboard.press('ArrowRight');
  await expect(ghost).toHaveCount(0);
  await page.keyboard.press('ArrowLeft');
  await expect(ghost).toHaveCount(1);
  await page.keyboard.press('End');
  await expect(verdict(page)).toHaveText(/Every node aborted/);
  // The sequence diagram shows the lost message.
  await expect(page.locator('.sequence .arrow.lost')).toHaveCount(1);
  expect(problems, problems.join('\n')).toEqual([]);
});

test('crashing the coordinator after the votes shows BLOCKED', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await open(page);
  // Event 30 is C receiving the last YES: go right after it and crash C.
  await page.locator('#scrubber').fill('31');
  await expect(position(page)).toContainText('event 31 / 65');
  await page.locator('g.node[aria-label^="C,"]').click();
  await page.getByRole('menu').getByRole('button', { name: 'Crash C' }).click();
  await expect(page.locator('#announce')).toContainText('C crashes');
  await expect(page.locator('g.node[aria-label^="C,"]')).toHaveClass(/down/);
  // Its memory is gone with it: the inspector lists none of the votes it had counted.
  await page.locator('#inspect').selectOption({ label: 'C' });
  const memory = page.locator('.inspector .node-details > dd').nth(2);
  await expect(memory).toContainText('Lost: the node is down');
  await expect(memory).not.toContainText('P1');
  // Past the participants' decision timeouts (500 ms) they are all blocked.
  await page.locator('#scrubber').fill('150');
  await expect(verdict(page)).toContainText('BLOCKED: P1, P2, P3');
  await expect(page.locator('svg.topology .badge-blocked')).toHaveCount(3);
  expect(problems, problems.join('\n')).toEqual([]);
});

test('step back restores the previous picture', async ({ page }) => {
  await open(page);
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
  const before = await page.locator('svg.topology').innerHTML();
  const log = await page.locator('.log').innerText();
  await page.locator('#step').click();
  await expect(position(page)).toContainText('event 13 / 65');
  expect(await page.locator('svg.topology').innerHTML()).not.toEqual(before);
  await page.locator('#step-back').click();
  await expect(position(page)).toContainText('event 12 / 65');
  expect(await page.locator('svg.topology').innerHTML()).toEqual(before);
  expect(await page.locator('.log').innerText()).toEqual(log);
});

test('the keyboard drives playback and help', async ({ page }) => {
  await open(page);
  await page.keyboard.press('ArrowRight');
  await expect(position(page)).toContainText('event 1 / 65');
  await expect(page.locator('#announce')).toHaveText(
    'Event 1 of 65 at 0 ms: The client begins the transaction at every node',
  );
  await page.keyboard.press('End');
  await expect(position(page)).toContainText('event 65 / 65');
  await page.keyboard.press('ArrowLeft');
  await expect(position(page)).toContainText('event 64 / 65');
  await page.keyboard.press('Home');
  await expect(position(page)).toContainText('event 0 / 65');
  const speed = await page.locator('.speed output').innerText();
  await page.keyboard.press('+');
  await expect(page.locator('.speed output')).not.toHaveText(speed);
  await page.keyboard.press('-');
  await expect(page.locator('.speed output')).toHaveText(speed);
  await page.keyboard.press(' ');
  await expect(page.locator('#play')).toHaveText(/Pause/);
  await page.keyboard.press(' ');
  await expect(page.locator('#play')).toHaveText(/Play/);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // Nodes are reachable with Tab and open their menu with Enter.
  const c = page.locator('g.node[aria-label^="C,"]');
  await c.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menu')).toContainText('Crash C');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
});

test('an agreement violation is an alert that jumps to its event', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await open(page);
  await page.locator('#preset').selectOption('3pc-partition-violation');
  await expect(page.locator('.subtitle')).toContainText('Three-phase commit');
  await page.keyboard.press('End');
  const alert = page.locator('.alert').first();
  await expect(alert).toContainText('Agreement violated at event #80: P2 decides abort while C decided commit');
  await alert.getByRole('button', { name: 'Jump to event #80' }).click();
  await expect(position(page)).toContainText('event 81 /');
  await expect(page.locator('.sequence .violation-band')).toHaveCount(2);
  expect(problems, problems.join('\n')).toEqual([]);
});

test('bad input shows a message and the app keeps running', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await open(page);
  await page.locator('#lat-min').fill('50');
  await page.locator('#lat-min').press('Tab');
  await expect(page.locator('#error')).toContainText('latency_ms.min: 50 is above max (20)');
  await page.locator('#scenario-json').evaluate((el) => {
    el.closest('details').open = true;
  });
  await page.locator('#scenario-json').fill('{"version": 1, "protocol": "2pc", "participants": "many"}');
  await page.locator('#scenario-json').press('Tab');
  await expect(page.locator('#error')).toContainText('Not loaded: participants');
  await page.locator('#step').click();
  await expect(position(page)).toContainText('event 1 / 65');
  expect(problems, problems.join('\n')).toEqual([]);
});

test('sixteen participants on a lossy network', async ({ page }) => {
  await open(page);
  await page.locator('#participants').fill('16');
  await page.locator('#participants').press('Tab');
  await page.locator('#transport').selectOption('lossy');
  await expect(page.locator('g.node')).toHaveCount(17);
  await expect(page.locator('.broker')).toHaveCount(0);
  await page.locator('#scrubber').fill('40');
  await expect(page.locator('g.dot').first()).toBeVisible();
});

test('the sequence diagram keeps the cursor in view', async ({ page }) => {
  await open(page);
  await page.locator('#participants').fill('16');
  await page.locator('#participants').press('Tab');
  await expect(page.locator('g.node')).toHaveCount(17);
  // Where the cursor (the veil's left edge) is in the diagram's visible stretch.
  const place = () =>
    page.evaluate(() => {
      const scroller = document.querySelector('.sequence-scroll');
      const x = Number(document.querySelector('.sequence-veil').dataset.x);
      const max = scroller.scrollWidth - scroller.clientWidth;
      return { x, left: scroller.scrollLeft, width: scroller.clientWidth, max };
    });
  // Seeking far to the right brings the cursor into view.
  await page.locator('#scrubber').fill('150');
  await expect(position(page)).toContainText('event 150 /');
  let p = await place();
  expect(p.x).toBeGreaterThan(p.width);
  expect(p.x).toBeGreaterThanOrEqual(p.left);
  expect(p.x).toBeLessThanOrEqual(p.left + p.width);
  // Stepping while the cursor stays in view does not scroll.
  const left = p.left;
  await page.locator('#step').click();
  await expect(position(page)).toContainText('event 151 /');
  expect((await place()).left).toBe(left);
  // Playing, the diagram follows the cursor at two thirds of its width, a little each step:
  // play for a moment, pause, and look (four times).
  const lefts = new Set([left]);
  for (let i = 0; i < 4; i++) {
    await page.locator('#play').click();
    await expect(page.locator('#play')).toHaveText(/Pause/);
    await page.waitForTimeout(150);
    await page.locator('#play').click();
    await expect(page.locator('#play')).toHaveText(/Play/);
    await expect
      .poll(async () => {
        const q = await place();
        lefts.add(q.left);
        // Until the diagram cannot scroll further right.
        return q.x - (q.width * 2) / 3 >= q.max || Math.abs(q.x - q.left - (q.width * 2) / 3) <= 2;
      })
      .toBe(true);
  }
  expect(lefts.size).toBeGreaterThan(2);
});

test('a phone-sized viewport is usable', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const box = await page.locator('svg.topology').boundingBox();
  expect(box.width).toBeGreaterThan(300);
  expect(box.width).toBeLessThanOrEqual(360);
  await page.locator('#step').click();
  await expect(position(page)).toContainText('event 1 / 65');
  await page.locator('#scrubber').fill('12');
  await page.locator('g.node[aria-label^="P1,"]').click();
  await expect(page.getByRole('menu')).toBeVisible();
  await page.screenshot({ path: join(shots, 'phone-menu.png') });
});

test('dark scheme and reduced motion', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await open(page);
  await expect(page.locator('main.txscope')).toHaveClass(/reduced-motion/);
  await page.locator('#preset').selectOption('2pc-coordinator-crash-in-doubt');
  await page.locator('#scrubber').fill('45');
  await expect(verdict(page)).toContainText('BLOCKED');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(11, 17, 32)');
});

test('a link reopens the run with its hand-made faults at its moment', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await open(page);
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await page.locator('g.dot[aria-label^="m0 PREPARE"]').click();
  await page.getByRole('menu').getByRole('button', { name: 'Drop it' }).click();
  await page.locator('#share').click();
  await expect(page).toHaveURL(/#v1=/);
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(position(page)).toContainText('event 4 / 58');
  await expect(page.locator('#announce')).toContainText('m0 is dropped');
  // A damaged link is refused with a message; the app still runs.
  await page.goto('about:blank');
  await page.goto(url.replace('#v1=', '#v1=x'));
  await expect(page.locator('#error')).toContainText('This link cannot be opened');
  await expect(position(page)).toContainText('event 0 / 65');
  expect(problems, problems.join('\n')).toEqual([]);
});
