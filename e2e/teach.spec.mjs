// Teaching, sharing and embedding (issue 4), against the release build in dist/:
// lessons (predict, then observe), English and Chinese, links that reopen a lesson step,
// the player in a sandboxed iframe driven by postMessage, export/import, bad links and files.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { watch } from './watch.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(repo, 'artifacts/screenshots');
mkdirSync(shots, { recursive: true });

// This spec also counts file: URLs (run files downloaded and imported again) as local.
const LOCAL = { local: ['data:', 'blob:', 'file:'] };

async function shot(page, name) {
  await page.evaluate(() => {
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function open(page, path = '/') {
  await page.goto(path, { waitUntil: 'load' });
  await expect(page.locator('#position')).toBeVisible();
}

// A raw i18n key on the page (`ui.play`, `lesson.ui.next`, `event.send`, ...).
const RAW_KEY = /\b(ui|event|lesson|error|control|panel|status|fault|preset|role|decision|invariant|memory)\.[a-z_]+/;
const stepText = (page) => page.locator('#lesson-step');

// 2pc-basics: step 3 ("ready") asks what P1 does before voting YES; the answer is log-first.
async function toCheckpoint(page) {
  await page.locator('#lesson-pick').selectOption('2pc-basics');
  await expect(stepText(page)).toHaveText('Step 1 of 7');
  await page.locator('#lesson-next').click();
  await page.locator('#lesson-next').click();
  await expect(stepText(page)).toHaveText('Step 3 of 7');
  await expect(page.locator('#lesson-question')).toContainText('What does it do first?');
}

test('a lesson: predict, then watch the run reveal the answer; Back and Next; progress kept', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL, LOCAL);
  await open(page);
  await page.locator('#speed').fill('30');
  await toCheckpoint(page);
  const before = await page.locator('#position').innerText();
  // A wrong prediction: the run plays on to the event that shows the answer.
  await page.locator('[data-choice="yes-first"]').click();
  await expect(page.locator('#lesson-explanation')).toContainText('Not quite.', { timeout: 15_000 });
  await expect(page.locator('#lesson-explanation')).toContainText('stable storage');
  await expect(page.locator('[data-choice="log-first"]')).toHaveClass(/right/);
  await expect(page.locator('[data-choice="yes-first"]')).toHaveClass(/wrong/);
  expect(await page.locator('#position').innerText()).not.toEqual(before);
  // The log shows P1 forcing READY before its YES leaves.
  await expect(page.locator('.log')).toContainText('P1 forces READY to its log');
  await expect(page.locator('.score')).toHaveText('0 of 2 predictions right');
  await shot(page, 'lesson-mode');
  // Back and Next at any time.
  await page.locator('#lesson-back').click();
  await expect(stepText(page)).toHaveText('Step 2 of 7');
  await page.locator('#lesson-next').click();
  await page.locator('#lesson-next').click();
  await expect(stepText(page)).toHaveText('Step 4 of 7');
  await expect(page.locator('#lesson-text')).toContainText('in doubt');
  // Progress survives a reload: the lesson reopens at its step with the answer given.
  await page.reload();
  await expect(stepText(page)).toHaveText('Step 4 of 7');
  await page.locator('#lesson-back').click();
  await expect(page.locator('[data-choice="yes-first"]')).toHaveAttribute('aria-pressed', 'true');
  const saved = await page.evaluate(() => localStorage.getItem('txscope.progress.v1'));
  expect(JSON.parse(saved).lessons['2pc-basics'].answers.ready).toBe('yes-first');
  expect(problems, problems.join('\n')).toEqual([]);
});

test('damaged saved progress starts afresh with a message', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL, LOCAL);
  await page.addInitScript(() => localStorage.setItem('txscope.progress.v1', '{"version":1,"lessons":'));
  await open(page);
  await expect(page.locator('#error')).toContainText('could not be read; starting afresh');
  await toCheckpoint(page);
  expect(problems, problems.join('\n')).toEqual([]);
});

test('Chinese everywhere: chosen in the page, in the link, and from the browser', async ({ page, baseURL, browser }) => {
  const { problems, requests } = watch(page, baseURL, LOCAL);
  await open(page);
  // The Chinese table is not in the wasm: an English page never asks for it, a Chinese one once.
  const tableRequests = () => requests.filter((u) => new URL(u).pathname.endsWith('/i18n/zh.json'));
  expect(tableRequests()).toEqual([]);
  await page.locator('#lang').selectOption('zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('#play')).toContainText('播放');
  expect(tableRequests()).toHaveLength(1);
  await page.locator('#lang').selectOption('en');
  await expect(page.locator('#play')).toContainText('Play');
  await page.locator('#lang').selectOption('zh-CN');
  await expect(page.locator('#play')).toContainText('播放');
  expect(tableRequests()).toHaveLength(1);
  await page.locator('#lesson-pick').selectOption('2pc-basics');
  await page.locator('#lesson-next').click();
  await page.locator('#lesson-next').click();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect(page.locator('#lesson-step')).toContainText('3');
  // Menus describe nodes and messages in Chinese too.
  await page.locator('g.node').first().click();
  await expect(page.getByRole('menu').locator('.menu-title')).toContainText('协调者');
  await page.locator('g.dot').first().click();
  await expect(page.getByRole('menu').locator('.menu-title')).toContainText('发往');
  await page.keyboard.press('Escape');
  await page.keyboard.press('?');
  await expect(page.locator('#help-title')).toHaveText('TxScope 使用说明');
  const text = await page.evaluate(() => document.body.innerText);
  expect(text).not.toMatch(RAW_KEY);
  // The log speaks Chinese; labels such as PREPARE stay as they are.
  await expect(page.locator('.log')).toContainText('PREPARE');
  for (const english of ['Event log', 'Sequence diagram', 'Step forward', 'Lessons', 'Scenario', 'sends']) {
    expect(text, english).not.toContain(english);
  }
  await page.keyboard.press('Escape');
  await expect(page.locator('#help-title')).toHaveCount(0);
  // The state machine's transitions are translated too.
  await expect(page.locator('.inspector .legend')).toContainText('发送 PREPARE');
  // So is the coordinator's memory: labelled fields, not a Rust dump ("Memory { yes: 2, … }").
  const memory = page.locator('.inspector .node-details > dd').nth(2);
  await expect(memory).toContainText('已收到其 YES 票的参与者');
  expect(await memory.innerText()).not.toMatch(/[a-z]{2,}/);
  // And its armed timer by a Chinese name, not the protocol's identifier ("vote-timeout").
  const timers = page.locator('.inspector .node-details > dd').nth(1);
  await expect(timers).toContainText('投票超时');
  expect(await timers.innerText()).not.toMatch(/[a-z]{2,}/);
  await shot(page, 'chinese-ui');
  // lang= in the link.
  await page.goto('/#lang=zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('#verdict')).toContainText('运行中');
  // A form value that does not parse (a seed written as 1e5) is named by its Chinese label.
  await page.locator('#seed').evaluate((el) => {
    el.value = '1e5';
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await expect(page.locator('#error')).toContainText('随机种子：');
  await expect(page.locator('#error')).toContainText('不是有效的值');
  expect(await page.locator('#error').innerText()).not.toMatch(/seed/i);
  // navigator.languages.
  const zh = await browser.newContext({ locale: 'zh-CN' });
  const p2 = await zh.newPage();
  await p2.goto(new URL('/', baseURL).href);
  await expect(p2.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(p2.locator('#play')).toContainText('播放');
  expect(await p2.evaluate(() => document.body.innerText)).not.toMatch(RAW_KEY);
  await zh.close();
  expect(problems, problems.join('\n')).toEqual([]);
});

test('when the Chinese table cannot be fetched the page stays in English and says why', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.route('**/i18n/zh.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await open(page, '/#lang=zh');
  await expect(page.locator('#error')).toHaveText(
    /The 简体中文 text could not be loaded \(i18n\/zh\.json answered 404\); the page stays in English\./,
  );
  await expect(page.locator('#play')).toContainText('Play');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  expect(await page.evaluate(() => document.body.innerText)).not.toMatch(RAW_KEY);
  // A file from another version of the app is refused by name, and the page keeps working.
  await page.unroute('**/i18n/zh.json');
  await page.route('**/i18n/zh.json', (route) => route.fulfill({ status: 200, body: '[["app.title","TxScope"]]' }));
  await page.goto('about:blank');
  await open(page, '/#lang=zh');
  await expect(page.locator('#error')).toContainText('the file has no string for app.tagline');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.locator('#step').click();
  await expect(page.locator('#position')).toContainText('event 1 /');
  expect(errors).toEqual([]);
});

test("the lessons' narration comes after the first frame; when it cannot, the lesson says why and the run still plays", async ({ page }) => {
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // Hold the narration file back: the page draws its first frame without it.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/i18n/en-narration.json', async (route) => {
    await held;
    await route.continue();
  });
  await open(page);
  await page.locator('#lesson-pick').selectOption('2pc-basics');
  await expect(page.locator('#lesson-loading')).toHaveText("Loading the lesson's text…");
  await expect(page.locator('#lesson h2')).toHaveText('Two-phase commit: the basics');
  release();
  await expect(page.locator('#lesson-text')).toContainText('two-phase commit makes them agree', { ignoreCase: true });
  await expect(stepText(page)).toHaveText('Step 1 of 7');
  // A narration file that cannot be had: the lesson says so, the run plays on.
  await page.unroute('**/i18n/en-narration.json');
  await page.route('**/i18n/en-narration.json', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto('about:blank');
  await open(page);
  await page.locator('#lesson-pick').selectOption('2pc-basics');
  await expect(page.locator('#lesson-loading')).toHaveText(
    "The lessons' text could not be loaded (i18n/en-narration.json answered 404); the runs still play, without it.",
  );
  const before = await page.locator('#position').innerText();
  await page.locator('#step').click();
  await expect(page.locator('#position')).not.toHaveText(before);
  expect(await page.evaluate(() => document.body.innerText)).not.toMatch(RAW_KEY);
  expect(errors).toEqual([]);
});

test('a hand-made fault in a lesson: the steps follow the changed run', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL, LOCAL);
  await open(page);
  await page.locator('#lesson-pick').selectOption('2pc-basics');
  await page.locator('#lesson-next').click();
  await expect(stepText(page)).toHaveText('Step 2 of 7');
  const atPrepare = await page.locator('#position').innerText();
  // Drop the PREPARE C has just sent to P1: P1 never votes, nobody commits.
  await page.locator('g.dot[aria-label^="m0 PREPARE from C to P1"]').click();
  await page.getByRole('menu').getByRole('button', { name: 'Drop it' }).click();
  await expect(page.locator('#announce')).toContainText('m0 is dropped');
  await expect(page.locator('#lesson-changed')).toContainText('You changed this run');
  await expect(page.locator('#lesson-text')).toBeVisible();
  const afterDrop = await page.locator('#position').innerText();
  // Next: step 3's moment (P1 receives PREPARE) is gone. The lesson says so, asks nothing,
  // and does not jump to some other event.
  await page.locator('#lesson-next').click();
  await expect(stepText(page)).toHaveText('Step 3 of 7');
  await expect(page.locator('#lesson-gone')).toContainText('does not happen in the changed run');
  await expect(page.locator('#lesson-text')).toHaveCount(0);
  await expect(page.locator('#lesson-question')).toHaveCount(0);
  await expect(page.locator('#position')).toHaveText(afterDrop);
  await shot(page, 'lesson-changed-run');
  // Back still works, to step 2's moment.
  await page.locator('#lesson-back').click();
  await expect(stepText(page)).toHaveText('Step 2 of 7');
  // (The same event; the changed run is shorter.)
  const event = atPrepare.split(' / ')[0];
  await expect(page.locator('#position')).toHaveText(new RegExp(`^${event} / `));
  await expect(page.locator('#lesson-gone')).toHaveCount(0);
  // The lesson's own run again: no fault, the checkpoint asks its question.
  await page.locator('#lesson-next').click();
  await page.locator('#lesson-own-run').click();
  await expect(page.locator('#lesson-changed')).toHaveCount(0);
  await expect(page.locator('.subtitle')).not.toContainText('hand-made fault');
  await expect(stepText(page)).toHaveText('Step 3 of 7');
  await expect(page.locator('#lesson-question')).toContainText('What does it do first?');
  expect(problems, problems.join('\n')).toEqual([]);
});

test('a copied link opens the same lesson step at the same moment', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL, LOCAL);
  await open(page);
  await toCheckpoint(page);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const position = await page.locator('#position').innerText();
  await page.locator('#share').click();
  await expect(page).toHaveURL(/#v1=/);
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(stepText(page)).toHaveText('Step 3 of 7');
  await expect(page.locator('#position')).toHaveText(position);
  await expect(page.locator('#lesson-question')).toContainText('What does it do first?');
  // Pasted into the address bar of an app already open (only the fragment changes).
  await page.locator('#lesson-leave').click();
  await page.keyboard.press('Home');
  await page.evaluate((u) => { location.href = u; }, url.replace('lang=en', 'lang=zh'));
  await expect(stepText(page)).toHaveText('第 3 步，共 7 步');
  await expect(page.locator('#position')).toHaveText(position.replace('event', '事件').replace(' ms', ' 毫秒'));
  expect(problems, problems.join('\n')).toEqual([]);
});

test('malformed links open the default run with a message', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL, LOCAL);
  for (const [hash, message] of [
    ['#v1=%%%', 'This link cannot be opened'],
    ['#v2=abc', 'newer TxScope'],
    ['#frobnicate=1', 'unknown part'],
    ['#lang=zh&lang=en', 'appears twice'],
    ['#embed=1&speed=fast', 'not valid'],
  ]) {
    await page.goto('about:blank');
    await page.goto(`/${hash}`);
    await expect(page.locator('#error'), hash).toContainText(message);
    await expect(page.locator('#position')).toContainText('0 / 65');
  }
  expect(problems, problems.join('\n')).toEqual([]);
});

test('export and import the run; a bad file gets a message in the current language', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL, LOCAL);
  await open(page);
  await page.locator('#preset').selectOption('2pc-vote-no');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  expect(JSON.parse(text).format).toBe('txscope-run');
  await page.locator('#preset').selectOption('2pc-happy');
  await page.locator('#import-file').setInputFiles(file);
  await expect(page.locator('#announce')).toContainText('Loaded');
  await page.keyboard.press('End');
  await expect(page.locator('#verdict')).toContainText('Every node aborted');
  // Tampered and broken files.
  const tampered = text.replace('"NO"', '"YES"');
  await page.locator('#import-file').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(tampered) });
  await expect(page.locator('#error')).toContainText('differs');
  await page.locator('#lang').selectOption('zh-CN');
  await page.locator('#import-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format": ') });
  await expect(page.locator('#error')).toContainText('JSON');
  await expect(page.locator('#error')).not.toContainText('The file');
  await expect(page.locator('#verdict')).toBeVisible();
  // The sequence diagram as SVG and PNG.
  const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('#export-svg').click()]);
  const svgText = readFileSync(await svg.path(), 'utf8');
  expect(svgText).toContain('<svg');
  expect(svgText).toContain('lane-name');
  const [png] = await Promise.all([page.waitForEvent('download'), page.locator('#export-png').click()]);
  const bytes = readFileSync(await png.path());
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(2000);
  expect(problems, problems.join('\n')).toEqual([]);
});

test('the app at a sub-path opens a lesson link in Chinese', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL, LOCAL);
  await open(page, '/nested/txscope/');
  await toCheckpoint(page);
  await page.locator('#share').click();
  const hash = new URL(page.url()).hash.replace('lang=en', 'lang=zh');
  await page.goto('about:blank');
  await page.goto(`/nested/txscope/${hash}`);
  await expect(page.locator('#lesson-step')).toHaveText('第 3 步，共 7 步');
  expect(problems, problems.join('\n')).toEqual([]);
});

test('the Embed dialog writes an iframe snippet that opens the compact player', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL, LOCAL);
  await open(page, '/nested/txscope/');
  await toCheckpoint(page);
  await page.locator('#embed').click();
  await page.locator('[data-panel="log"]').check();
  await page.locator('#embed-autoplay').check();
  await page.locator('#embed-speed').selectOption('10');
  const code = await page.locator('#embed-code').inputValue();
  expect(code).toMatch(/^<iframe src="http:\/\/127\.0\.0\.1:\d+\/nested\/txscope\/#v1=/);
  expect(code).toContain('sandbox="allow-scripts"');
  expect(code).toContain('embed=1&amp;panels=topology,sequence,log,status,lesson&amp;autoplay=1&amp;speed=10&amp;ro=1');
  await page.keyboard.press('Escape');
  await expect(page.locator('#embed-code')).toHaveCount(0);
  const src = code.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  await page.goto('about:blank');
  await page.goto(src);
  await expect(page.locator('main.embedded')).toBeVisible();
  await expect(page.locator('.eventlog')).toBeVisible();
  await expect(page.locator('#preset')).toHaveCount(0);
  await expect(page.locator('#lesson-step')).toHaveText(/Step [34] of 7/);
  expect(problems, problems.join('\n')).toEqual([]);
});
