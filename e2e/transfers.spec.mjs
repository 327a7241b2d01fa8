// The bank transfer patterns in the browser: the balances on each bank, the total in the corner,
// the alert when money is lost or made, and the settings that change the amount. Every test
// leaves a screenshot in artifacts/screenshots/<slug>.png.
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
  const file = join(shots, `${slug}.png`);
  await page.evaluate(() => {
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: file, fullPage: true });
});

async function openPreset(page, preset) {
  await page.goto('/', { waitUntil: 'load' });
  await expect(page.locator('svg.topology')).toBeVisible();
  await page.locator('#preset').selectOption(preset);
}

const balance = (page, account) => page.locator(`g.badge-money[data-account="${account}"]`);
const total = (page) => page.locator('text.money-total');

test('the dual write loses money and the page says so', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await openPreset(page, 'transfer-dual-write-crash');
  await expect(balance(page, 'alice')).toHaveAttribute('data-balance', '100');
  await expect(balance(page, 'bob')).toHaveAttribute('data-balance', '0');
  await expect(total(page)).toHaveAttribute('data-now', '100');
  await page.keyboard.press('End');
  await expect(balance(page, 'alice')).toHaveAttribute('data-balance', '70');
  await expect(balance(page, 'bob')).toHaveAttribute('data-balance', '0');
  await expect(total(page)).toHaveAttribute('data-start', '100');
  await expect(total(page)).toHaveAttribute('data-now', '70');
  await expect(total(page)).toHaveClass(/changed/);
  await expect(page.locator('.alert').first()).toContainText('Money conserved violated at event #3: BankB is owed 30');
  expect(problems, problems.join('\n')).toEqual([]);
});

test('the outbox survives a relay crash with every cent', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await openPreset(page, 'transfer-outbox-relay-crash');
  await page.keyboard.press('End');
  await expect(balance(page, 'alice')).toHaveAttribute('data-balance', '70');
  await expect(balance(page, 'bob')).toHaveAttribute('data-balance', '30');
  await expect(total(page)).toHaveAttribute('data-now', '100');
  await expect(total(page)).not.toHaveClass(/changed/);
  await expect(page.locator('.alert')).toHaveCount(0);
  expect(problems, problems.join('\n')).toEqual([]);
});

test('the outbox without deduplication credits bob twice', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await openPreset(page, 'transfer-outbox-no-dedup');
  await page.keyboard.press('End');
  await expect(balance(page, 'bob')).toHaveAttribute('data-balance', '60');
  await expect(total(page)).toHaveAttribute('data-now', '130');
  await expect(page.locator('.alert').first()).toContainText('Applied once violated at event #20: BankB credits transfer t1 a second time');
  expect(problems, problems.join('\n')).toEqual([]);
});

test('the amount and opening balances are settings, and bad ones are named', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await openPreset(page, 'transfer-outbox-happy');
  await page.locator('#amount').fill('45');
  await page.locator('#amount').blur();
  await page.keyboard.press('End');
  await expect(balance(page, 'alice')).toHaveAttribute('data-balance', '55');
  await expect(balance(page, 'bob')).toHaveAttribute('data-balance', '45');
  await page.locator('#from-balance').fill('-5');
  await page.locator('#from-balance').blur();
  await expect(page.locator('#error')).toContainText('Not applied: params.from.balance: -5 is out of range (0 to 1000000000)');
  await expect(balance(page, 'bob')).toHaveAttribute('data-balance', '45');
  expect(problems, problems.join('\n')).toEqual([]);
});

test('the outbox lesson: predict the relay publishes twice, and bob is paid once', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await page.goto('/', { waitUntil: 'load' });
  await page.locator('#speed').fill('40');
  await page.locator('#lesson-pick').selectOption('outbox');
  await expect(page.locator('#lesson-step')).toHaveText('Step 1 of 6');
  await expect(balance(page, 'alice')).toHaveAttribute('data-balance', '70');
  await page.locator('#lesson-next').click();
  await page.locator('#lesson-next').click();
  await expect(page.locator('#lesson-step')).toHaveText('Step 3 of 6');
  await expect(page.locator('#lesson-question')).toContainText('What does its relay do then?');
  await page.locator('[data-choice="again"]').click();
  await expect(page.locator('#lesson-explanation')).toContainText('makes a duplicate', { timeout: 15_000 });
  await expect(page.locator('[data-choice="again"]')).toHaveClass(/right/);
  await expect(page.locator('.log')).toContainText('BankA sends TRANSFER t1 to BankB (m1)');
  for (const n of [4, 5]) {
    await page.locator('#lesson-next').click();
    await expect(page.locator('#lesson-step')).toHaveText(`Step ${n} of 6`);
  }
  await page.locator('[data-choice="credit-again"]').click();
  await expect(page.locator('#lesson-explanation')).toContainText('Not quite.', { timeout: 15_000 });
  await expect(balance(page, 'bob')).toHaveAttribute('data-balance', '30');
  await expect(page.locator('.score')).toHaveText('1 of 2 predictions right');
  expect(problems, problems.join('\n')).toEqual([]);
});

// The transactional message: the broker's half-message store is drawn on the broker, each
// message with its status and its check-backs.
const half = (page) => page.locator('g.badge-row[data-table="half"]');

for (const [preset, alice, bob, now, status, checks, alert] of [
  ['transfer-txmsg-happy', 70, 30, 100, 'CONSUMED', null, null],
  ['transfer-txmsg-rollback', 10, 0, 10, 'DISCARDED', null, null],
  ['transfer-txmsg-checkback', 70, 30, 100, 'CONSUMED', '1', null],
  ['transfer-txmsg-gives-up', 70, 0, 70, 'PARKED', '15', 'Money conserved violated'],
]) {
  test(`transactional message: ${preset} ends with its balances and its half message ${status}`, async ({ page, baseURL }) => {
    const { problems } = watch(page, baseURL);
    await openPreset(page, preset);
    await expect(page.locator('.subtitle')).toContainText('Transactional message (RocketMQ) · 3 nodes');
    await page.keyboard.press('End');
    await expect(balance(page, 'alice')).toHaveAttribute('data-balance', String(alice));
    await expect(balance(page, 'bob')).toHaveAttribute('data-balance', String(bob));
    await expect(total(page)).toHaveAttribute('data-now', String(now));
    await expect(half(page)).toHaveAttribute('data-status', status);
    if (checks) await expect(half(page)).toHaveAttribute('data-count', checks);
    else await expect(half(page)).not.toHaveAttribute('data-count', /./);
    if (alert) await expect(page.locator('.alert').first()).toContainText(alert);
    else await expect(page.locator('.alert')).toHaveCount(0);
    expect(problems, problems.join('\n')).toEqual([]);
  });
}

test('transactional message: before the commit the half message waits, invisible to Bank B', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await openPreset(page, 'transfer-txmsg-checkback');
  await page.keyboard.press('Home');
  // Step to Bank A's crash: the half message is stored, the debit committed, no COMMIT sent.
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowRight');
  await expect(half(page)).toHaveAttribute('data-status', 'HALF');
  await expect(balance(page, 'alice')).toHaveAttribute('data-balance', '70');
  await expect(balance(page, 'bob')).toHaveAttribute('data-balance', '0');
  await expect(total(page)).toHaveAttribute('data-now', '70');
  await expect(total(page)).not.toHaveClass(/changed/);
  expect(problems, problems.join('\n')).toEqual([]);
});

// Best-effort notification: the notification row on Bank A, PENDING until acknowledged,
// GAVE_UP after the last retry; the query closes the gap.
const notified = (page) => page.locator('g.badge-row[data-table="notify"]');

for (const [preset, bob, now, status, alert] of [
  ['transfer-notify-happy', 30, 100, 'NOTIFIED', null],
  ['transfer-notify-gives-up', 0, 70, 'GAVE_UP', 'Money conserved violated'],
  ['transfer-notify-query', 30, 100, 'NOTIFIED', null],
]) {
  test(`best-effort notification: ${preset} ends with bob at ${bob} and the notification ${status}`, async ({ page, baseURL }) => {
    const { problems } = watch(page, baseURL);
    await openPreset(page, preset);
    await expect(page.locator('.subtitle')).toContainText('Best-effort notification · 2 nodes');
    await page.keyboard.press('End');
    await expect(balance(page, 'alice')).toHaveAttribute('data-balance', '70');
    await expect(balance(page, 'bob')).toHaveAttribute('data-balance', String(bob));
    await expect(total(page)).toHaveAttribute('data-now', String(now));
    await expect(notified(page)).toHaveAttribute('data-status', status);
    if (alert) await expect(page.locator('.alert').first()).toContainText(alert);
    else await expect(page.locator('.alert')).toHaveCount(0);
    expect(problems, problems.join('\n')).toEqual([]);
  });
}

test('the explorer finds the dual write losing money in one step, and the run plays', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await openPreset(page, 'transfer-dual-write-crash');
  await page.locator('#explorer-crashes').fill('1');
  await page.locator('#explorer-crashes').blur();
  await page.locator('#explorer-find').click();
  const finding = page.locator('.explorer-finding[data-property="money-conserved"]');
  await expect(finding).toBeVisible({ timeout: 60_000 });
  await expect(finding).toContainText('Violated: money conserved');
  await expect(finding.locator('.explorer-trace li')).toHaveCount(1);
  await expect(finding.locator('.explorer-trace li').first()).toHaveText(
    "BankA's request timer fires, BankA crashes after the first 2 of its events in that step",
  );
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.screenshot({ path: join(shots, 'explorer-dual-write.png'), fullPage: true });
  await finding.getByRole('button', { name: 'Watch this run' }).click();
  await expect(page.locator('.alert').first()).toContainText('Money conserved violated', { timeout: 60_000 });
  await expect(balance(page, 'alice')).toHaveAttribute('data-balance', '70');
  expect(problems, problems.join('\n')).toEqual([]);
});

// Every pattern's lesson plays to its first checkpoint and reveals the answer in Chinese.
for (const [lesson, steps, clicks, question, choice, why] of [
  ['dual-write', 4, 2, '这 30 会怎样？', 'lost', '违反了“资金守恒”'],
  ['outbox', 6, 2, '之后它的中继会做什么？', 'again', '就会产生重复消息'],
  ['txmsg', 5, 1, '消息代理会怎么处理 t1？', 'checked', '这就是回查'],
  ['notify', 4, 0, '银行 A 接下来做什么？', 'retry', '发送方带退避地重试'],
]) {
  test(`the ${lesson} lesson plays in Chinese`, async ({ page, baseURL }) => {
    const { problems } = watch(page, baseURL);
    await page.goto('/#lang=zh', { waitUntil: 'load' });
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
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
