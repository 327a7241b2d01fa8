// Saga and TCC on an order in the browser: every order preset plays to its end and the figures
// on the nodes (carol's balance, the shelf, the order's status, what is frozen) and the alerts
// are what its description promises. Every test leaves a screenshot in
// artifacts/screenshots/<slug>.png.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { watch } from './watch.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(repo, 'artifacts/screenshots');
mkdirSync(shots, { recursive: true });

test.afterEach(async ({ page }, testInfo) => {
  const slug = testInfo.title.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  await page.evaluate(() => {
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: join(shots, `${slug}.png`), fullPage: true });
});

const balance = (page, account) => page.locator(`g.badge-money[data-account="${account}"]`);
const shelf = (page) => page.locator('g.badge-items[data-table="stock"]');
const orderRow = (page) => page.locator('g.badge-row[data-table="order"]');
const frozen = (page) => page.locator('g.badge-items[data-table="frozen"]');

// preset, carol at the end, items on the shelf, the order's status, the alert (if any).
const STORIES = [
  ['order-saga-happy', 70, 8, 'APPROVED', null],
  ['order-saga-out-of-stock', 100, 1, 'CANCELLED', null],
  ['order-saga-orchestrator-crash', 70, 8, 'APPROVED', null],
  ['order-saga-hanging', 100, 10, 'CANCELLED', null],
  ['order-saga-no-protection', 70, 10, 'CANCELLED', 'No charge without an order violated'],
  ['order-choreography-payment-refused', 20, 10, 'CANCELLED', null],
  ['order-tcc-happy', 70, 8, 'APPROVED', null],
  ['order-tcc-cancel', 100, 1, 'CANCELLED', null],
  ['order-tcc-empty-cancel', 100, 10, 'CANCELLED', null],
  ['order-tcc-no-fence-double-confirm', 40, 8, 'APPROVED', 'Applied once violated'],
  ['order-tcc-no-fence-hanging', 100, 10, 'CANCELLED', 'No hanging reservation violated'],
];

for (const [preset, carol, items, status, alert] of STORIES) {
  test(`${preset} ends with carol at ${carol}, ${items} on the shelf and the order ${status}`, async ({ page, baseURL }) => {
    const { problems } = watch(page, baseURL);
    await page.goto('/', { waitUntil: 'load' });
    await expect(page.locator('svg.topology')).toBeVisible();
    await page.locator('#preset').selectOption(preset);
    // At the start: carol's 100, the opening stock, no order yet.
    const purse = preset === 'order-choreography-payment-refused' ? 20 : 100;
    await expect(balance(page, 'carol')).toHaveAttribute('data-balance', `${purse}`);
    const opening = preset === 'order-tcc-cancel' || preset === 'order-saga-out-of-stock' ? 1 : 10;
    await expect(shelf(page)).toHaveAttribute('data-value', `${opening}`);
    await expect(orderRow(page)).toHaveCount(0);
    await page.keyboard.press('End');
    await expect(balance(page, 'carol')).toHaveAttribute('data-balance', `${carol}`);
    await expect(shelf(page)).toHaveAttribute('data-key', 'sku1');
    await expect(shelf(page)).toHaveAttribute('data-value', `${items}`);
    await expect(orderRow(page)).toHaveAttribute('data-status', status);
    await expect(page.locator('text.money-total')).toHaveAttribute('data-now', `${purse}`);
    if (alert) {
      await expect(page.locator('.alert').first()).toContainText(alert);
    } else {
      await expect(page.locator('.alert')).toHaveCount(0);
    }
    if (preset === 'order-tcc-no-fence-hanging') {
      await expect(frozen(page)).toHaveAttribute('data-value', '30');
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
}

test('the fence rows and the saga log are drawn in Chinese too', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await page.goto('/#lang=zh', { waitUntil: 'load' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.locator('#preset').selectOption('order-tcc-empty-cancel');
  await page.keyboard.press('End');
  await expect(page.locator('g.badge-row[data-table="fence"][data-status="SUSPENDED"]')).toHaveCount(1);
  await expect(page.locator('g.badge-row[data-table="global_tx"]')).toContainText('全局事务');
  await expect(shelf(page)).toContainText('货架上');
  await expect(page.locator('.log')).toContainText('SUSPENDED');
  expect(problems, problems.join('\n')).toEqual([]);
});

// Every order lesson plays to its first checkpoint and reveals the answer, in both languages.
const LESSONS = [
  ['saga-compensation', 5, 2, 'refund',
    ['What does the orchestrator do now?', 'their compensations run in reverse order'],
    ['编排器现在做什么？', '它们的补偿按相反顺序执行']],
  ['saga-recovery', 4, 1, 'forward',
    ['What does the orchestrator do when it comes back?', 'here it goes on forward'],
    ['编排器恢复后会做什么？', '这里是向前继续']],
  ['saga-hanging', 4, 1, 'record',
    ['What does it do with REFUND?', 'An empty compensation must be allowed'],
    ['它如何处理 REFUND？', '空补偿必须被允许']],
  ['tcc-idempotency', 4, 2, 'twice',
    ["What happens to carol's money now?", 'it retries Confirm, as TCC must'],
    ['carol 的钱接下来会怎样？', '按 TCC 的要求重试 Confirm']],
];
for (const [lesson, steps, clicks, choice, en, zh] of LESSONS) {
  for (const [lang, [question, why]] of [['en', en], ['zh', zh]]) {
    test(`the ${lesson} lesson plays in ${lang === 'en' ? 'English' : 'Chinese'}`, async ({ page, baseURL }) => {
      const { problems } = watch(page, baseURL);
      await page.goto(`/#lang=${lang}`, { waitUntil: 'load' });
      await expect(page.locator('html')).toHaveAttribute('lang', lang === 'en' ? 'en' : 'zh-CN');
      await page.locator('#speed').fill('40');
      await page.locator('#lesson-pick').selectOption(lesson);
      await expect(page.locator('#lesson-step')).toContainText(`${steps}`);
      for (let i = 0; i < clicks; i++) await page.locator('#lesson-next').click();
      await expect(page.locator('#lesson-question')).toContainText(question);
      await page.locator(`[data-choice="${choice}"]`).click();
      await expect(page.locator('#lesson-explanation')).toContainText(why, { timeout: 15_000 });
      await expect(page.locator(`[data-choice="${choice}"]`)).toHaveClass(/right/);
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }
}

test('an order run travels by link and by run file, and opens embedded', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL, { local: ['data:', 'blob:', 'file:'] });
  await page.goto('/', { waitUntil: 'load' });
  await page.locator('#preset').selectOption('order-tcc-no-fence-double-confirm');
  await page.keyboard.press('End');
  const position = await page.locator('#position').innerText();
  // A link reopens the same run at the same event.
  await page.locator('#share').click();
  await expect(page).toHaveURL(/#v1=/);
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.locator('#position')).toHaveText(position);
  await expect(balance(page, 'carol')).toHaveAttribute('data-balance', '40');
  // A run file exported and imported again plays the same run.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  const file = await download.path();
  await page.locator('#preset').selectOption('order-saga-happy');
  await page.locator('#import-file').setInputFiles(file);
  await expect(page.locator('#announce')).toContainText('Loaded');
  await page.keyboard.press('End');
  await expect(balance(page, 'carol')).toHaveAttribute('data-balance', '40');
  await expect(page.locator('.alert').first()).toContainText('Applied once violated');
  // Embedded: the player alone, with the figures on the nodes.
  await page.goto('about:blank');
  await page.goto(`${url}&embed=1&ro=1&panels=topology,status`);
  await expect(page.locator('main.embedded')).toBeVisible();
  await expect(page.locator('#preset')).toHaveCount(0);
  await expect(balance(page, 'carol')).toHaveAttribute('data-balance', '40');
  expect(problems, problems.join('\n')).toEqual([]);
});

test("the inspector lists each service's tables", async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await page.goto('/', { waitUntil: 'load' });
  await page.locator('#preset').selectOption('order-tcc-cancel');
  await page.keyboard.press('End');
  await page.locator('#inspect').selectOption({ label: 'Stock' });
  await expect(page.locator('#database [data-table="stock"]')).toContainText('sku1 1');
  await expect(page.locator('#database [data-table="fence"]')).toContainText('o1 SUSPENDED');
  await page.locator('#inspect').selectOption({ label: 'Order' });
  await expect(page.locator('#database [data-table="global_tx"]')).toContainText('o1 ROLLED_BACK');
  await expect(page.locator('#database [data-table="order"]')).toContainText('o1 CANCELLED');
  expect(problems, problems.join('\n')).toEqual([]);
});
