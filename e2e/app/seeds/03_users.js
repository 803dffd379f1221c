import { dataset } from '../factories/index.js';
import { idsBy, insertAll, lookup } from '../lib/seeding.js';

export async function seed(knex) {
  const orgIds = await idsBy(knex, 'organizations', 'slug');
  const roleIds = await idsBy(knex, 'roles', 'name');
  await insertAll(knex, 'users', dataset().users.map(({ org, role, settings, ...user }) => ({
    ...user,
    organization_id: lookup(orgIds, org, 'organization'),
    role_id: lookup(roleIds, role, 'role'),
    settings: JSON.stringify(settings),
  })));
}
