// Signing in as a seeded user.
import { test, expect } from '@playwright/test';
import { signIn } from './helpers.js';
import { WELL_KNOWN_USERS } from './seeded.js';

for (const user of WELL_KNOWN_USERS) {
  test(`${user.email} signs in`, async ({ page }) => {
    await signIn(page, user.email);
    await expect(page.getByTestId('signed-in')).toHaveText(`Signed in as ${user.name} (${user.role})`);
  });
}

test('an unknown email is refused', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill('nobody@acme.test');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Unknown email address.');
});
