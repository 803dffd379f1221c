// The HTML report of `tdm diff`, as a CI artifact is looked at: opened in Chromium. The test
// changes its own copy of the fixture database, compares the untouched fixture database with
// it, and checks that the summary table names exactly the tables and counts it changed.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import mysql from 'mysql2/promise';

const env = process.env;

async function changeOwnCopy() {
  const db = await mysql.createConnection({
    socketPath: env.TDM_DB_SOCKET || undefined,
    host: env.TDM_DB_SOCKET ? undefined : env.TDM_DB_HOST,
    port: env.TDM_DB_SOCKET ? undefined : Number(env.TDM_DB_PORT),
    user: env.TDM_DB_USER,
    password: env.MYSQL_PWD,
    database: env.TDM_DATABASE,
  });
  try {
    await db.query("UPDATE users SET name = 'Alice <changed>' WHERE email = 'alice@acme.test'");
    await db.query("INSERT INTO roles (name) VALUES ('auditor')");
    await db.query('DELETE FROM tasks ORDER BY id LIMIT 2');
  } finally {
    await db.end();
  }
}

test('the diff report shows the changed tables in its summary table', async ({ page }) => {
  expect(env.TDM_BIN, 'TDM_BIN: the tdm executable (set by CMake)').toBeTruthy();
  await changeOwnCopy();
  // A test's own copy is <fixture database>__s<N>: the fixture database is the other side.
  const fixtureDatabase = env.TDM_DATABASE.replace(/__s\d+$/, '');
  const outputDir = env.E2E_OUTPUT_DIR || 'test-results';
  mkdirSync(outputDir, { recursive: true });
  const report = path.resolve(outputDir, 'diff-report.html');
  const diff = spawnSync(
    env.TDM_BIN,
    ['diff', `db:${fixtureDatabase}`, `db:${env.TDM_DATABASE}`, '--format', 'html', '--output', report],
    { env: { ...env, TDM_DATABASE_URL: env.DATABASE_URL }, encoding: 'utf8' },
  );
  expect(diff.status, diff.stderr).toBe(1); // 1: compared, and they differ

  await page.goto(pathToFileURL(report).href);
  const summary = page.locator('table#summary');
  await expect(summary).toBeVisible();
  const row = (table) => summary.locator('tbody tr', { has: page.getByRole('link', { name: table, exact: true }) });
  const cells = async (table) => (await row(table).locator('td').allInnerTexts()).slice(3, 6);
  // added, removed, changed
  expect(await cells('users')).toEqual(['0', '0', '1']);
  expect(await cells('roles')).toEqual(['1', '0', '0']);
  expect(await cells('tasks')).toEqual(['0', '2', '0']);
  await expect(summary.locator('tbody tr')).toHaveCount(3);
  // Values are shown escaped, as text: the report runs no markup from the data.
  await expect(page.getByText('Alice <changed>').first()).toBeVisible();
  await page.screenshot({ path: path.join(outputDir, 'diff-report.png'), fullPage: true });
});
