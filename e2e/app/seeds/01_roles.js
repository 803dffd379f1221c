import { dataset } from '../factories/index.js';
import { insertAll } from '../lib/seeding.js';

export async function seed(knex) {
  await insertAll(knex, 'roles', dataset().roles);
}
