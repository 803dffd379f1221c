// The whole seeded dataset, generated from the seed TDM hands to the seeders
// and to the tests (TDM_SEED) and from a fixed reference clock: the same seed
// gives exactly the same rows, so the seeders and the specs agree on them.
// The English locale alone: the same faker instance as the package's default export, which
// loads every locale (0.30 s against 0.12 s of import here, paid by the seed command and by
// each spec file's worker that compares pages with the seeded rows).
import { faker } from '@faker-js/faker/locale/en';
import { PROJECT_STATUSES, ROLE_NAMES } from '../lib/domain.js';
import { makeOrganization } from './organizations.js';
import { makeUser } from './users.js';
import { makeProject, makeTask } from './projects.js';
import { NAMED_ORGANIZATIONS, WELL_KNOWN_USERS } from './named.js';

export { NAMED_ORGANIZATIONS, WELL_KNOWN_USERS };

// Run by hand without TDM_SEED, the seed is a fixed number, so the data is
// still the same on every run.
export const FAKER_SEED = seedFrom(process.env.TDM_SEED);
// Dates faker makes relative to "now" are relative to this instead.
export const REFERENCE_TIME = new Date('2025-06-01T00:00:00.000Z');

function seedFrom(text) {
  if (text === undefined || text === '') return 1234;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`TDM_SEED "${text}" is not a non-negative integer`);
  }
  return seed;
}

// How much data each tier (TDM_TIER) has: minimal for every CI run, realistic
// for a weekly run, performance for a release. Specs look entities up by name
// and regenerate these rows, so they hold on every tier.
const TIER_SIZES = {
  minimal: { organizations: 7, users: 40, projects: 30, maxTasksPerProject: 2 },
  realistic: { organizations: 40, users: 3000, projects: 4000, maxTasksPerProject: 4 },
  performance: { organizations: 200, users: 40000, projects: 130000, maxTasksPerProject: 6 },
};
export const TIER = tierFrom(process.env.TDM_TIER);
const SIZE = TIER_SIZES[TIER];

function tierFrom(text) {
  if (text === undefined || text === '') return 'minimal';
  if (!(text in TIER_SIZES)) {
    throw new Error(`TDM_TIER "${text}" is not one of ${Object.keys(TIER_SIZES).join(', ')}`);
  }
  return text;
}

function generate() {
  faker.seed(FAKER_SEED);
  faker.setDefaultRefDate(REFERENCE_TIME);

  const roles = ROLE_NAMES.map((name) => ({ name }));

  const organizations = NAMED_ORGANIZATIONS.map((o) => makeOrganization(faker, o));
  const slugs = new Set(organizations.map((o) => o.slug));
  while (organizations.length < NAMED_ORGANIZATIONS.length + SIZE.organizations) {
    const org = makeOrganization(faker);
    if (slugs.has(org.slug)) continue;
    slugs.add(org.slug);
    organizations.push(org);
  }

  const users = WELL_KNOWN_USERS.map((u, index) => makeUser(faker, { ...u, index }, u));
  while (users.length < SIZE.users) {
    users.push(makeUser(faker, {
      org: faker.helpers.arrayElement(organizations).slug,
      role: faker.helpers.weightedArrayElement([
        { weight: 1, value: 'admin' },
        { weight: 3, value: 'editor' },
        { weight: 6, value: 'viewer' },
      ]),
      index: users.length,
    }));
  }

  const usersByOrg = new Map();
  for (const u of users) usersByOrg.set(u.org, [...(usersByOrg.get(u.org) ?? []), u]);
  const projects = [];
  const tasks = [];
  // Every named organization has a project in each status, however small the tier.
  const wanted = NAMED_ORGANIZATIONS.flatMap(({ slug }) =>
    PROJECT_STATUSES.map((status) => ({ org: slug, status })));
  while (projects.length < SIZE.projects || wanted.length > 0) {
    const next = wanted.shift();
    const org = next?.org ?? faker.helpers.arrayElement(organizations).slug;
    const members = usersByOrg.get(org);
    if (!members) continue; // an organization without users owns no projects
    const overrides = next ? { status: next.status } : {};
    const project = makeProject(faker, { org, owner: faker.helpers.arrayElement(members).email }, overrides);
    projects.push(project);
    const taskCount = faker.number.int({ min: 0, max: SIZE.maxTasksPerProject });
    for (let i = 0; i < taskCount; i++) {
      tasks.push(makeTask(faker, {
        project: projects.length - 1,
        assignee: faker.helpers.maybe(() => faker.helpers.arrayElement(members).email, { probability: 0.8 }) ?? null,
      }));
    }
  }

  return { roles, organizations, users, projects, tasks };
}

let cached;
export function dataset() {
  cached ??= generate();
  return cached;
}
