// End-to-end checks of the Explorer panel: the search runs in a Web Worker (its own wasm,
// txscope-worker_bg.wasm), finds the runs that break a protocol, and loads them into the player.
// Screenshots land in artifacts/screenshots/explorer-*.png.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from '@playwright/test';
import { watch } from './watch.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = join(repo, 'artifacts/screenshots');
mkdirSync(shots, { recursive: true });

async function open(page, path = '/') {
  await page.goto(path, { waitUntil: 'load' });
  await expect(page.locator('svg.topology')).toBeVisible();
}

async function budget(page, values) {
  for (const [name, value] of Object.entries(values)) {
    const input = page.locator(`#explorer-${name}`);
    await input.fill(String(value));
    await input.dispatchEvent('change');
  }
}

// From the top, with nothing focused (as app.spec.mjs does): the sticky header then sits at the top.
async function shot(page, name) {
  await page.evaluate(() => {
    document.activeElement?.blur?.();
    window.scrollTo(0, 0);
  });
  await page.screenshot({ path: join(shots, `explorer-${name}.png`), fullPage: true });
}

test.describe.configure({ timeout: 120_000 });

test('3PC under one partition: the explorer finds the split decision and plays it', async ({
  page,
  baseURL,
}) => {
  const { problems } = watch(page, baseURL);
  await open(page);
  await page.locator('#preset').selectOption('3pc-partition-violation');
  await expect(page.locator('.subtitle')).toContainText('Three-phase commit');
  await budget(page, { crashes: 0, partitions: 1 });
  await page.locator('#explorer-property').selectOption('agreement');
  await page.locator('#explorer-find').click();
  const finding = page.locator('.explorer-finding[data-property="agreement"]');
  await expect(finding).toBeVisible({ timeout: 60_000 });
  await expect(finding).toContainText('Split decision');
  await expect(finding.locator('.explorer-trace li').first()).toBeVisible();
  await expect(finding).toContainText('the network splits');
  await expect(page.locator('#explorer-status')).toContainText('Stopped at the first finding');
  await finding.locator('.explorer-link').evaluate((a) => {
    if (!a.getAttribute('href').startsWith('#v1=')) throw new Error('not a share link');
  });
  await shot(page, '3pc-finding');
  await finding.getByRole('button', { name: 'Watch this run' }).click();
  // The player plays the forced schedule from the start, to the split.
  await expect(page.locator('.alert').first()).toContainText('Agreement violated', { timeout: 60_000 });
  await page.keyboard.press('End');
  const status = page.locator('section.status');
  await expect(status).toContainText(/commit/i);
  await expect(status).toContainText(/abort/i);
  await shot(page, '3pc-watch');
  expect(problems, problems.join('\n')).toEqual([]);
});

test('2PC with one crash: no agreement violation, and a blocking run that plays to BLOCKED', async ({
  page,
  baseURL,
}) => {
  const { problems } = watch(page, baseURL);
  await open(page);
  await page.locator('#preset').selectOption('2pc-happy');
  await budget(page, { crashes: 1 });
  await page.locator('#explorer-property').selectOption('all');
  await page.locator('#explorer-find').click();
  const results = page.locator('#explorer-results');
  await expect(results).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('#explorer-status')).toContainText('Complete');
  await expect(page.locator('.explorer-none[data-property="agreement"]')).toContainText(
    'agreement holds in every reachable state',
  );
  await expect(page.locator('.explorer-finding[data-property="agreement"]')).toHaveCount(0);
  const blocking = page.locator('.explorer-finding[data-property="can-block"]');
  await expect(blocking).toContainText('A run that blocks');
  await expect(blocking).toContainText('C crashes');
  await shot(page, '2pc-results');
  await blocking.getByRole('button', { name: 'Watch this run' }).click();
  await page.keyboard.press('End');
  await expect(page.locator('#verdict')).toContainText('BLOCKED', { timeout: 30_000 });
  await shot(page, '2pc-watch');
  expect(problems, problems.join('\n')).toEqual([]);
});

test('the page stays responsive while searching, and Cancel stops the search', async ({
  page,
  baseURL,
}) => {
  const { problems } = watch(page, baseURL);
  await open(page);
  await page.locator('#preset').selectOption('3pc-partition-violation');
  // A long search: the message queue (two hops a message), a partition, every property.
  await budget(page, { crashes: 0, partitions: 1 });
  await page.locator('#explorer-network').selectOption('scenario');
  await page.locator('#explorer-find').click();
  await expect(page.locator('#explorer-progress')).toContainText('states found', { timeout: 20_000 });
  await expect(page.locator('#explorer-progress')).toContainText('states per second');
  // The main thread still handles input: stepping the player works mid-search.
  const before = await page.locator('#position').textContent();
  await page.locator('#step').click();
  await expect(page.locator('#position')).not.toHaveText(before ?? '');
  await expect(page.locator('#explorer-cancel')).toBeEnabled();
  await shot(page, 'progress');
  await page.locator('#explorer-cancel').click();
  await expect(page.locator('#explorer-status')).toContainText('Search cancelled');
  await expect(page.locator('#explorer-find')).toBeEnabled();
  // A fresh worker for the next search.
  await page.locator('#explorer-network').selectOption('lossy');
  await page.locator('#explorer-property').selectOption('agreement');
  await page.locator('#explorer-find').click();
  await expect(page.locator('.explorer-finding[data-property="agreement"]')).toBeVisible({
    timeout: 60_000,
  });
  expect(problems, problems.join('\n')).toEqual([]);
});

test('a budget that cannot fit is refused with its estimate', async ({ page, baseURL }) => {
  const { problems } = watch(page, baseURL);
  await open(page);
  await budget(page, { drops: 3, duplicates: 3, crashes: 3, recoveries: 3, partitions: 3 });
  await page.locator('#explorer-find').click();
  await expect(page.locator('#explorer-status')).toContainText('refused: this budget may reach more than 1.8e19 states');
  expect(problems, problems.join('\n')).toEqual([]);
});
