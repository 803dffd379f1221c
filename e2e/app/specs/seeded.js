// What the seeders put in the database, regenerated from the same factories,
// faker seed and tier (TDM_SEED and TDM_TIER, which tdm run hands the test). Specs compare the pages against this, not against the live
// database, so a change left behind by an earlier test shows up as a failure.
//
// The dataset (faker and the factories) loads on the first call, inside a test: Playwright's
// runner loads every spec file only to list its tests, and a spec file whose tests need only
// the well-known users never loads it.
import { WELL_KNOWN_USERS } from '../factories/named.js';

export { WELL_KNOWN_USERS };

let loading;
const dataset = () => (loading ??= import('../factories/index.js').then((f) => f.dataset()));

export const seededOrganization = async (slug) =>
  (await dataset()).organizations.find((o) => o.slug === slug);
export const seededUsers = async (slug) => (await dataset()).users.filter((u) => u.org === slug);
export const seededProjects = async (slug, status) =>
  (await dataset()).projects.filter((p) => p.org === slug && (status === undefined || p.status === status));

export const wellKnownUser = (slug) => WELL_KNOWN_USERS.find((u) => u.org === slug);
