// The embedded player (docs/embed.md) in <iframe sandbox="allow-scripts"> on a course page
// served by the e2e server (e2e/pages/host.html at /__e2e__/host.html): it reports steps,
// decisions, violations and checkpoints, takes play/pause/seek/load, ignores malformed
// messages, and lives without localStorage. Also the single-file build from file://.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test, expect } from '@playwright/test';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(repo, 'artifacts/screenshots');
mkdirSync(shots, { recursive: true });

function watch(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

const received = (page) => page.evaluate(() => window.received);
const events = async (page, kind) => (await received(page)).filter((m) => m.event === kind);

async function lessonLink(page) {
  await page.goto('/');
  await page.locator('#lesson-pick').selectOption('2pc-basics');
  await page.locator('#lesson-next').click();
  await page.locator('#lesson-next').click();
  await page.locator('#share').click();
  await expect(page).toHaveURL(/#v1=/);
  return new URL(page.url()).hash;
}

test('embedded in a sandboxed iframe: events out, commands in, malformed messages ignored', async ({ page }) => {
  const problems = watch(page);
  const hash = await lessonLink(page);
  await page.goto(`/__e2e__/host.html${hash}&embed=1&ro=1&panels=topology,sequence,status,lesson`);
  const frame = page.frameLocator('#player');
  await expect(frame.locator('#lesson-step')).toHaveText('Step 3 of 7');
  await expect.poll(async () => (await events(page, 'ready')).length).toBeGreaterThan(0);
  // Compact and read-only: no scenario form, no log, no fault hints, no partition tools.
  await expect(frame.locator('main.embedded')).toBeVisible();
  await expect(frame.locator('#preset')).toHaveCount(0);
  await expect(frame.locator('.eventlog')).toHaveCount(0);
  await expect(frame.locator('#split')).toHaveCount(0);
  await frame.locator('g.node').first().click();
  await expect(frame.getByRole('menu')).toHaveCount(0);
  await page.screenshot({ path: join(shots, 'embed-mode.png'), fullPage: true });

  // Malformed messages change nothing and break nothing.
  const before = (await received(page)).length;
  await page.evaluate(() => {
    for (const m of [
      'play', 42, null, [], { type: 'other', command: 'play' }, { type: 'txscope' },
      { type: 'txscope', command: 'fly' }, { type: 'txscope', command: 'seek' },
      { type: 'txscope', command: 'seek', cursor: -3 }, { type: 'txscope', command: 'seek', cursor: 'x' },
      { type: 'txscope', command: 'seek', cursor: 1.5 }, { type: 'txscope', command: 'load' },
      { type: 'txscope', command: 'load', scenario: 7 },
    ]) window.send(m);
  });
  await page.waitForTimeout(300);
  expect((await received(page)).length).toBe(before);

  // A checkpoint answered inside the frame is reported.
  await frame.locator('[data-choice="log-first"]').click();
  await expect
    .poll(async () => (await events(page, 'checkpoint')).at(-1))
    .toMatchObject({ lesson: '2pc-basics', step: 2, choice: 'log-first', correct: true });

  // seek, play, pause.
  await page.evaluate(() => window.send({ type: 'txscope', command: 'seek', cursor: 10 }));
  await expect(frame.locator('#position')).toContainText('event 10 /');
  await expect.poll(async () => (await events(page, 'step')).at(-1)?.cursor).toBe(10);
  await page.evaluate(() => window.send({ type: 'txscope', command: 'play' }));
  await expect.poll(async () => (await events(page, 'step')).at(-1)?.cursor, { timeout: 15_000 }).toBeGreaterThan(10);
  await page.evaluate(() => window.send({ type: 'txscope', command: 'pause' }));
  await expect(frame.locator('#play')).toContainText('Play');

  // load a preset, go to the end: every decision is reported.
  await page.evaluate(() => window.send({ type: 'txscope', command: 'load', preset: '2pc-vote-no' }));
  await expect(frame.locator('#lesson-step')).toHaveCount(0);
  await page.evaluate(() => window.send({ type: 'txscope', command: 'seek', cursor: 100000 }));
  await expect(frame.locator('#verdict')).toContainText('Every node aborted');
  await expect
    .poll(async () => (await events(page, 'decision')).filter((d) => d.decision === 'abort').length)
    .toBe(4);
  // load a scenario (as an object) that breaks agreement: the violation is reported.
  await page.evaluate(() => window.send({ type: 'txscope', command: 'load', lesson: '3pc-partition' }));
  await page.evaluate(() => window.send({ type: 'txscope', command: 'seek', cursor: 100000 }));
  await expect.poll(async () => (await events(page, 'violation')).length).toBeGreaterThan(0);
  expect(problems, problems.join('\n')).toEqual([]);
});

test('an embed link with autoplay, a speed and Chinese plays on its own', async ({ page }) => {
  const problems = watch(page);
  const hash = await lessonLink(page);
  const fragment = hash.replace('lang=en', 'lang=zh') + '&embed=1&autoplay=1&speed=40&start=0';
  await page.goto(`/__e2e__/host.html${fragment}`);
  const frame = page.frameLocator('#player');
  await expect(frame.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(frame.locator('#lesson-step')).toHaveText(/第 [12] 步/);
  // Autoplay runs to the next lesson step and stops there.
  await expect(frame.locator('#lesson-step')).toHaveText('第 2 步，共 7 步', { timeout: 15_000 });
  await expect.poll(async () => (await events(page, 'step')).length).toBeGreaterThan(1);
  expect(problems, problems.join('\n')).toEqual([]);
});

test('the single-file build works from file://, explorer included', async ({ page }) => {
  test.setTimeout(120_000);
  const file = join(repo, 'dist-single/txscope.html');
  test.skip(!existsSync(file), 'run scripts/single-file.sh first');
  const problems = watch(page);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
  await expect(page.locator('#verdict')).toContainText('Running: 0 of 4 nodes decided');
  // The explorer's worker and its wasm are inside the file too: a small search finds 3PC's
  // split decision under one partition.
  await page.locator('#preset').selectOption('3pc-partition-violation');
  for (const [name, value] of Object.entries({ crashes: 0, partitions: 1 })) {
    await page.locator(`#explorer-${name}`).fill(String(value));
    await page.locator(`#explorer-${name}`).dispatchEvent('change');
  }
  await page.locator('#explorer-property').selectOption('agreement');
  await page.locator('#explorer-find').click();
  const finding = page.locator('.explorer-finding[data-property="agreement"]');
  await expect(finding).toBeVisible({ timeout: 60_000 });
  await expect(finding).toContainText('Split decision');
  await expect(page.locator('#explorer-status')).toContainText('Stopped at the first finding');
  await finding.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'single-file-explorer.png'), fullPage: true });
  await page.locator('#lesson-pick').selectOption('2pc-vote-no');
  await expect(page.locator('#lesson-step')).toContainText('Step 1');
  await page.locator('#lang').selectOption('zh-CN');
  await expect(page.locator('#play')).toContainText('播放');
  // Nothing fetched but the page itself (and data: and blob: URLs made from it).
  const own = (u) => u.startsWith('data:') || u.startsWith('blob:') || u === pathToFileURL(file).href;
  expect(requests.filter((u) => !own(u))).toEqual([]);
  await page.screenshot({ path: join(shots, 'single-file.png'), fullPage: true });
  expect(problems, problems.join('\n')).toEqual([]);
});
