// A slot's browser server (tdm_add_playwright_tests(... BROWSER_SERVER)): one Chromium that the
// Playwright runs of a test slot connect to (use.connectOptions.wsEndpoint = the
// TDM_BROWSER_WS_ENDPOINT that `tdm run` hands them) instead of launching their own.
//
//   node TDMBrowserServer.mjs <playwright.config.js>
//
// The launch options are the config's own use.launchOptions (executablePath, args), so the
// browser is the one the specs would launch. Prints the endpoint on a line of its own, which
// `tdm run` waits for; runs until SIGTERM (tdm teardown), closing the browser then.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const configPath = path.resolve(process.argv[2] ?? 'playwright.config.js');

// Playwright as the project has it, resolved from the config's directory.
function projectPlaywright() {
  const require = createRequire(configPath);
  for (const name of ['playwright-core', '@playwright/test', 'playwright']) {
    try {
      return require(name);
    } catch {
      // try the next package name
    }
  }
  throw new Error(`no Playwright package found from ${configPath}: run npm ci there`);
}

const config = (await import(pathToFileURL(configPath).href)).default ?? {};
const launchOptions = config.use?.launchOptions ?? {};
const { chromium } = projectPlaywright();
const server = await chromium.launchServer({
  ...launchOptions,
  headless: config.use?.headless ?? true,
  host: '127.0.0.1',
});
console.log(server.wsEndpoint());
server.on('close', () => process.exit(0));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => server.close().finally(() => process.exit(0)));
}
