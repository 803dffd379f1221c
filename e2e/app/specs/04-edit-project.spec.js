// Changes data: archives one of acme's active projects under a new title.
// Runs against a freshly restored database, so it must pass every time.
import { test, expect } from '@playwright/test';
import { openOrganization, projectRows } from './helpers.js';

test('editing a project changes its title and status', async ({ page }) => {
  await openOrganization(page, 'acme');
  const link = projectRows(page, 'active').first().getByRole('link');
  const oldTitle = await link.textContent();
  await link.click();
  await expect(page.getByTestId('project-title')).toHaveText(oldTitle);

  const newTitle = `${oldTitle} (renamed ${Date.now()})`;
  await page.getByLabel('Title').fill(newTitle);
  await page.getByLabel('Status').selectOption('archived');
  await page.getByRole('button', { name: 'Save' }).click();

  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByTestId('project-title')).toHaveText(newTitle);
  await expect(page.getByTestId('project-status')).toHaveText('archived');

  // The organization page shows the change too.
  await page.getByRole('link', { name: 'Acme Corporation' }).click();
  await expect(projectRows(page, 'archived').getByRole('link', { name: newTitle, exact: true })).toBeVisible();
});
