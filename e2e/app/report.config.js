// Playwright for the report specs: they open files TDM writes, no app server needed.
import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

const outputDir = process.env.E2E_OUTPUT_DIR || 'test-results';

export default defineConfig({
  ...base,
  testDir: 'report-specs',
  outputDir,
  webServer: undefined,
  // One test, not part of the app's suite: no blob report for the suite's merged report.
  reporter: base.reporter.filter(([reporter]) => reporter !== 'blob'),
  use: { ...base.use, baseURL: undefined },
});
