// The entity registry written by `tdm entities`: TDM_ENTITIES is the path of
// a JSON file mapping table -> name -> id, e.g.
//   {"organizations": {"acme": 1}, "roles": {"admin": 1}, "users": {"alice@acme.test": 1}}
import fs from 'node:fs';

let registry;

function load() {
  const file = process.env.TDM_ENTITIES;
  if (!file) {
    throw new Error('TDM_ENTITIES is not set: it must name the entity registry JSON (written by `tdm entities`)');
  }
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`TDM_ENTITIES=${file}: cannot read the entity registry (${err.code ?? err.message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`TDM_ENTITIES=${file}: not valid JSON (${err.message})`);
  }
}

/** The id of a seeded row, e.g. entityId('organizations', 'acme'). */
export function entityId(table, name) {
  registry ??= load();
  const ids = registry[table];
  if (!ids || typeof ids !== 'object') {
    throw new Error(`entity registry ${process.env.TDM_ENTITIES} has no table "${table}" (tables: ${Object.keys(registry).join(', ') || 'none'})`);
  }
  const id = ids[name];
  if (!Number.isInteger(id)) {
    throw new Error(`entity registry ${process.env.TDM_ENTITIES} has no ${table} entry "${name}"`);
  }
  return id;
}
