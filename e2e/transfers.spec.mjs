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
