// Playwright starts the app (webServer) on its own port, runs the specs in
// Debian's Chromium and stops the app again. Under CTest every spec file is
// its own test, run in parallel with others, against its own restored
// database; so the port and the output folder come from the environment.
//
// Under CTest the test slots own the app and the browser instead (APP_COMMAND
// and BROWSER_SERVER in ../CMakeLists.txt): tdm run hands over the slot's app
// as TDM_APP_URL and its browser as TDM_BROWSER_WS_ENDPOINT, and a spec file
// then neither starts the app nor launches Chromium.
import { defineConfig } from '@playwright/test';

// Fix the port once, in the runner process: the workers load this file again
// (with other pids) and inherit the variable.
process.env.E2E_PORT ||= String(3000 + (process.pid % 1000));
const port = Number(process.env.E2E_PORT);
const appURL = process.env.TDM_APP_URL;
const baseURL = appURL || `http://127.0.0.1:${port}`;
const wsEndpoint = process.env.TDM_BROWSER_WS_ENDPOINT;
const outputDir = process.env.E2E_OUTPUT_DIR || 'test-results';

export default defineConfig({
  testDir: 'specs',
  outputDir,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  reporter: [
    ['list'],
    ['junit', { outputFile: process.env.PLAYWRIGHT_JUNIT_OUTPUT_NAME || `${outputDir}/junit.xml` }],
    // Under CTest each spec file's run leaves its blob report (PLAYWRIGHT_BLOB_OUTPUT_FILE), and
    // the test app-e2e.report merges them into one HTML report and one JUnit file.
    ['blob'],
  ],
  use: {
    baseURL,
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    ...(wsEndpoint ? { connectOptions: { wsEndpoint } } : {}),
    launchOptions: {
      executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: appURL ? undefined : {
    command: 'node server.js',
    url: `${baseURL}/health`,
    env: { PORT: String(port) },
    reuseExistingServer: false,
    timeout: 30_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
