// Leak check: the project counts must be exactly the seeded ones. This fails
// if the database was not restored after another test changed it (e.g.
// 04-edit-project archives one of acme's projects).
import { test, expect } from '@playwright/test';
import { openOrganization, projectRows } from './helpers.js';
import { seededProjects } from './seeded.js';
import { PROJECT_STATUSES } from '../lib/domain.js';

test('acme has exactly its seeded projects in each status', async ({ page }) => {
  await openOrganization(page, 'acme');
  await expect(projectRows(page)).toHaveCount((await seededProjects('acme')).length);
  for (const status of PROJECT_STATUSES) {
    await expect(projectRows(page, status), `acme ${status} projects (differs from the seed: was the database restored?)`).toHaveCount((await seededProjects('acme', status)).length);
  }
});
