// Empty every table and restart its AUTO_INCREMENT, so `npm run seed` gives
// the same ids whether the database was empty or already seeded.
import { TABLES_CHILD_FIRST } from '../lib/seeding.js';

export async function seed(knex) {
  for (const table of TABLES_CHILD_FIRST) {
    await knex(table).del();
    await knex.raw('ALTER TABLE ?? AUTO_INCREMENT = 1', [table]);
  }
}
