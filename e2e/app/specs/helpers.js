// Page actions shared by the specs.
import { expect } from '@playwright/test';
import { entityId } from '@tdm/fixtures';

export async function openOrganization(page, slug) {
  await page.goto(`/orgs/${entityId('organizations', slug)}`);
}

export async function signIn(page, email) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/me$/);
}

export const projectRows = (page, status) =>
  page.getByTestId('projects').locator(status ? `tr[data-status="${status}"]` : 'tr[data-status]');
