// What a test run by TDM finds in its environment, for JavaScript tests (Playwright or others).
//
// Under ctest (tdm_add_test, tdm_add_playwright_tests) or `tdm run`, every test gets its own
// database and these variables:
//   TDM_DATABASE, TDM_DB_HOST, TDM_DB_PORT, TDM_DB_SOCKET, TDM_DB_USER, DATABASE_URL
//   TDM_ENTITIES   the entity registry JSON, when the fixture lists ENTITIES:
//                  {"organizations": {"acme": 1, ...}, "users": {"alice@acme.test": 1, ...}}
// A password, when there is one, is in MYSQL_PWD for the client library: this module never
// reads it, and a DATABASE_URL with a password in it is refused without being shown.
import fs from 'node:fs';

const UNDER_TDM =
  'run the test under ctest (tdm_add_test, tdm_add_playwright_tests) or `tdm run`, which set it';

/** An error in what TDM should have put in the environment of the test. */
export class TdmFixtureError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TdmFixtureError';
  }
}

function fail(message) {
  throw new TdmFixtureError(message);
}

// Runs the body of the public function `api`; an error of ours gets a stack that starts at the
// caller of `api`, so that a test runner shows the test's line rather than one of this module.
function fromCaller(api, body) {
  try {
    return body();
  } catch (err) {
    if (err instanceof TdmFixtureError) Error.captureStackTrace?.(err, api);
    throw err;
  }
}

const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

function deepFreeze(registry) {
  for (const ids of Object.values(registry)) Object.freeze(ids);
  return Object.freeze(registry);
}

// The parsed registry of each file, reused while the file stays the same.
const registries = new Map();

function parseRegistry(file, text) {
  let registry;
  try {
    registry = JSON.parse(text);
  } catch (err) {
    fail(`the entity registry ${file} (TDM_ENTITIES) is not valid JSON: ${err.message}`);
  }
  const shape = 'expected {"<table>": {"<name>": <id>, ...}, ...} as `tdm entities` writes it';
  if (!isPlainObject(registry)) fail(`${file} (TDM_ENTITIES) is not an entity registry: ${shape}`);
  for (const [table, ids] of Object.entries(registry)) {
    if (!isPlainObject(ids)) {
      fail(`${file} (TDM_ENTITIES) is not an entity registry: table "${table}" is not an object; ${shape}`);
    }
    for (const [name, id] of Object.entries(ids)) {
      if (typeof id !== 'number' && typeof id !== 'string') {
        fail(`${file} (TDM_ENTITIES) is not an entity registry: ${table} "${name}" is not a number or a string`);
      }
    }
  }
  return deepFreeze(registry);
}

function loadRegistry(env) {
  const file = env.TDM_ENTITIES;
  if (!file) {
    fail(
      'TDM_ENTITIES is not set, so there is no entity registry: ' +
        `${UNDER_TDM} when the fixture's tdm_add_snapshot() lists ENTITIES (e.g. organizations:slug)`,
    );
  }
  let stat;
  let text;
  try {
    stat = fs.statSync(file);
    const cached = registries.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = err.code === 'ENOENT' ? 'ENOENT, no such file' : (err.code ?? err.message);
    fail(`cannot read the entity registry ${file} (TDM_ENTITIES): ${reason}`);
  }
  const entry = { file, registry: parseRegistry(file, text), mtimeMs: stat.mtimeMs, size: stat.size };
  registries.set(file, entry);
  return entry;
}

/**
 * The whole entity registry, table -> name -> id (read-only), from the file named by
 * TDM_ENTITIES.
 */
export function entities(env = process.env) {
  return fromCaller(entities, () => loadRegistry(env).registry);
}

function sample(names, limit = 10) {
  if (names.length === 0) return 'none';
  const shown = names.slice(0, limit).map((name) => JSON.stringify(name)).join(', ');
  return names.length > limit ? `${shown}, ... (${names.length} in all)` : shown;
}

function lookup(table, name, env) {
  const { file, registry } = loadRegistry(env);
  if (!Object.hasOwn(registry, table)) {
    fail(
      `the entity registry ${file} (TDM_ENTITIES) has no table "${table}" ` +
        `(tables: ${sample(Object.keys(registry))}); list it in ENTITIES of tdm_add_snapshot(), ` +
        `e.g. ${table}:<key column>`,
    );
  }
  const ids = registry[table];
  if (!Object.hasOwn(ids, name)) {
    fail(
      `the entity registry ${file} (TDM_ENTITIES) has no "${name}" in table "${table}" ` +
        `(names: ${sample(Object.keys(ids))})`,
    );
  }
  return ids[name];
}

/** The id of a seeded row by its name, e.g. entityId('organizations', 'acme'). */
export function entityId(table, name, env = process.env) {
  return fromCaller(entityId, () => lookup(table, name, env));
}

function port(text) {
  if (!text) return null;
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || value < 1 || value > 65535) {
    fail(`TDM_DB_PORT=${JSON.stringify(text)} is not a port (1 to 65535)`);
  }
  return value;
}

const encode = (text) => encodeURIComponent(text).replace(/%2F/g, '/');

// The URL as tdm writes DATABASE_URL: mysql://user@host:port/db or mysql://user@host/db?socket=/path
function formatUrl({ database, host, port, socket, user }) {
  const who = user ? `${encode(user)}@` : '';
  const where = port ? `${host}:${port}` : host;
  const query = socket ? `?socket=${encode(socket)}` : '';
  return `mysql://${who}${where}/${encode(database)}${query}`;
}

// DATABASE_URL as tdm set it, checked against TDM_DATABASE; never shown, in case someone put a
// password into it.
function databaseUrl(text, database) {
  let url;
  let named;
  try {
    url = new URL(text);
    named = decodeURIComponent(url.pathname.replace(/^\//, ''));
  } catch {
    fail('DATABASE_URL is not a URL (tdm sets mysql://user@host:port/database)');
  }
  if (url.password) fail('DATABASE_URL holds a password (not shown): give it through MYSQL_PWD instead');
  if (named !== database) {
    fail(
      `DATABASE_URL names the database "${named}" but TDM_DATABASE is "${database}": ` +
        'the environment mixes two connections; let ctest or `tdm run` set both',
    );
  }
  return text;
}

/**
 * The test's own database and how to reach it, from TDM_DATABASE, TDM_DB_HOST, TDM_DB_PORT,
 * TDM_DB_SOCKET, TDM_DB_USER and DATABASE_URL: {database, host, port, socket, user, url}.
 * port, socket and user are null when not given (the client's defaults apply: 3306, the login
 * name). Never a password.
 */
export function connection(env = process.env) {
  return fromCaller(connection, () => connectionFrom(env));
}

function connectionFrom(env) {
  const database = env.TDM_DATABASE;
  if (!database) fail(`TDM_DATABASE is not set, so this is not a TDM test: ${UNDER_TDM}`);
  const socket = env.TDM_DB_SOCKET || null;
  if (!env.TDM_DB_HOST && !socket) {
    fail(`neither TDM_DB_HOST nor TDM_DB_SOCKET is set, so there is no server to connect to: ${UNDER_TDM}`);
  }
  const parts = {
    database,
    host: env.TDM_DB_HOST || 'localhost',
    port: port(env.TDM_DB_PORT),
    socket,
    user: env.TDM_DB_USER || null,
  };
  const url = env.DATABASE_URL ? databaseUrl(env.DATABASE_URL, database) : formatUrl(parts);
  return Object.freeze({ ...parts, url });
}
