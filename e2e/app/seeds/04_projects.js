import { dataset } from '../factories/index.js';
import { idsBy, insertAll, lookup } from '../lib/seeding.js';

export async function seed(knex) {
  const orgIds = await idsBy(knex, 'organizations', 'slug');
  const userIds = await idsBy(knex, 'users', 'email');
  await insertAll(knex, 'projects', dataset().projects.map(({ org, owner, ...project }) => ({
    ...project,
    organization_id: lookup(orgIds, org, 'organization'),
    owner_id: lookup(userIds, owner, 'user'),
  })));
}
