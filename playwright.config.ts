import { defineConfig } from '@playwright/test'

/** Debian's Chromium (never a downloaded browser); flags keep it from calling home on a closed network. */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
}

/** The board the browser project drives; overridable so two checkouts can run their e2e side by side. */
export const BOARD_PORT = Number(process.env.FLOORWALKER_E2E_PORT ?? 5179)

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'browser',
      testIgnore: [/electron\.spec\.ts/, /e2e\/desktop\//],
      use: { browserName: 'chromium', launchOptions: CHROMIUM, viewport: { width: 1440, height: 900 } },
    },
    // The desktop app without its binary: the built main process on the electron stand-in, in this test process,
    // with the OS keychain of a private D-Bus session (run through scripts/with-keychain.mjs: npm run test:desktop).
    { name: 'desktop', testMatch: /e2e\/desktop\/.+\.spec\.ts$/, timeout: 180_000 },
    // The real binary, wherever it can be installed.
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
  // The real core behind the real renderer: the headless runner on the simulator, serving the built board. The
  // simulator replays its reference day from 10:30, so the board is as busy whenever the tests run.
  webServer: {
    command: `node --import tsx src-main/headless/cli.ts --demo --demo-at 10:30 --serve 127.0.0.1:${BOARD_PORT}`,
    url: `http://127.0.0.1:${BOARD_PORT}/`,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    timeout: 60_000,
  },
})
