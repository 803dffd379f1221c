// Helpers for the seeders (kept out of seeds/, where knex runs every file).
export const TABLES_CHILD_FIRST = ['labels', 'tasks', 'projects', 'users', 'roles', 'organizations'];

// name -> id for one table, e.g. idsBy(knex, 'organizations', 'slug').
export async function idsBy(knex, table, column) {
  const rows = await knex(table).select('id', column);
  return new Map(rows.map((r) => [r[column], r.id]));
}

export function lookup(map, key, what) {
  const id = map.get(key);
  if (id === undefined) throw new Error(`seed: unknown ${what} "${key}"`);
  return id;
}

export async function insertAll(knex, table, rows) {
  await knex.batchInsert(table, rows, 100);
}
