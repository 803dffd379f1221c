// What the seeders put in the database, regenerated from the same factories,
// faker seed and tier (TDM_SEED and TDM_TIER, which tdm run hands the test). Specs compare the pages against this, not against the live
// database, so a change left behind by an earlier test shows up as a failure.
import { dataset, WELL_KNOWN_USERS } from '../factories/index.js';

export { WELL_KNOWN_USERS };

export const seededOrganization = (slug) => dataset().organizations.find((o) => o.slug === slug);
export const seededUsers = (slug) => dataset().users.filter((u) => u.org === slug);
export const seededProjects = (slug, status) =>
  dataset().projects.filter((p) => p.org === slug && (status === undefined || p.status === status));

export const wellKnownUser = (slug) => WELL_KNOWN_USERS.find((u) => u.org === slug);
