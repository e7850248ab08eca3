import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

// Browsers cannot be downloaded here: every project drives Debian's Chromium.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

// The config is evaluated again in every worker process; workers inherit the runner's environment,
// so the port and data directory are chosen once, in the runner, and passed on through it.
process.env.DUCHA_E2E_PORT ??= process.env.E2E_PORT ?? String(await freePort());
// Not created here: the API creates its data directory, so a run that stops before the server
// starts leaves nothing behind.
process.env.DUCHA_E2E_DATA_DIR ??= join(tmpdir(), `ducha-e2e-${randomUUID()}`);
const port = Number(process.env.DUCHA_E2E_PORT);
const dataDir = process.env.DUCHA_E2E_DATA_DIR;
const baseURL = `http://127.0.0.1:${port}`;

// An empty PGlite directory makes the API seed the demo data afresh; a DATABASE_URL inherited
// from the shell would point the server at a database that may already hold other data.
delete process.env.DATABASE_URL;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: './support/global-setup.ts',
  globalTeardown: './support/global-teardown.ts',
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // One API process serves every test; two cores leave room for one browser at a time.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI
    ? [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]]
    : [['list']],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  projects: [
    {
      // Plain HTTP checks of the production server; no browser needed.
      name: 'server',
      testMatch: /.*\.http\.spec\.ts$/,
    },
    {
      // The supervisor's console in a desktop browser; `*.desktop.spec.ts` only.
      name: 'desktop',
      testMatch: /.*\.desktop\.spec\.ts$/,
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } },
    },
    {
      name: 'android-phone',
      testIgnore: /.*\.(http|desktop)\.spec\.ts$/,
      use: { ...devices['Pixel 7'], browserName: 'chromium' },
    },
    {
      // WebKit is not available: an iPhone-sized Chromium stands in for Safari's layout.
      name: 'iphone',
      testIgnore: /.*\.(http|desktop)\.spec\.ts$/,
      use: { ...devices['iPhone 13'], browserName: 'chromium' },
    },
  ],
  webServer: {
    command: 'pnpm --filter @ducha/api start',
    cwd: repoRoot,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    // First PGlite start, migrations and demo seeding (argon2 hashes) take a while on 2 cores.
    timeout: 180_000,
    env: { NODE_ENV: 'production', PORT: String(port), DATA_DIR: dataDir },
    stdout: process.env.E2E_SERVER_LOGS ? 'pipe' : 'ignore',
    stderr: 'pipe',
  },
});
