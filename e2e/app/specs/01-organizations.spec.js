// Seeded organizations are found by name through the entity registry.
import { test, expect } from '@playwright/test';
import { entityId } from '@tdm/fixtures';
import { openOrganization } from './helpers.js';
import { seededOrganization, seededUsers, wellKnownUser } from './seeded.js';

test('the home page links every named organization', async ({ page }) => {
  await page.goto('/');
  for (const slug of ['acme', 'globex', 'initech']) {
    const link = page.getByRole('link', { name: (await seededOrganization(slug)).name, exact: true });
    await expect(link).toHaveAttribute('href', `/orgs/${entityId('organizations', slug)}`);
  }
});

for (const slug of ['acme', 'initech']) {
  test(`${slug} shows its name and its seeded users`, async ({ page }) => {
    await openOrganization(page, slug);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText((await seededOrganization(slug)).name);

    const users = page.getByTestId('users');
    const known = wellKnownUser(slug);
    await expect(users.getByRole('row', { name: known.email })).toContainText(`${known.name}`);
    await expect(users.getByRole('row', { name: known.email })).toContainText(known.role);
    await expect(users.locator('tr:has(td)')).toHaveCount((await seededUsers(slug)).length);
  });
}
