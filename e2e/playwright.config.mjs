// Playwright config for the TxScope e2e tests.
//   npx playwright test -c e2e/playwright.config.mjs      (scripts/test-web.sh does this)
// Expects a built bundle in dist/ (`trunk build`); it is served by e2e/static-server.mjs.
// Uses the system Chromium (no Playwright browser downloads on this machine).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.E2E_PORT || 4173);
const MOUNT = '/nested/txscope/';

// Same Chromium flags as the wasm-bindgen-test run (webdriver.json), minus --headless:
// Playwright adds its own headless switch.
const chromeArgs = JSON.parse(readFileSync(join(repo, 'webdriver.json'), 'utf8'))[
  'goog:chromeOptions'
].args.filter((a) => !a.startsWith('--headless'));

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.mjs',
  outputDir: join(repo, 'artifacts/test-results'),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      args: chromeArgs,
    },
    serviceWorkers: 'block',
    trace: 'retain-on-failure',
  },
  metadata: { mount: MOUNT },
  webServer: {
    command: `node e2e/static-server.mjs --dir dist --host 127.0.0.1 --port ${PORT} --mount ${MOUNT} --pages e2e/pages`,
    cwd: repo,
    url: `http://127.0.0.1:${PORT}/index.html`,
    reuseExistingServer: false,
    timeout: 20_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
