// Tests of js/tdm-fixtures: the entity registry and the connection a TDM test finds in its
// environment. Run by CTest as `node --test` (label `unit`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as fixtures from '../../../js/tdm-fixtures/index.js';
import { connection, entities, entityId, TdmFixtureError } from '../../../js/tdm-fixtures/index.js';

const packageDir = fileURLToPath(new URL('../../../js/tdm-fixtures/', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tdm-fixtures-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

let files = 0;
function registryFile(content) {
  const file = path.join(tmp, `entities-${++files}.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const REGISTRY = {
  organizations: { acme: 1, globex: 2, initech: 3 },
  roles: { admin: 7 },
  users: { 'alice@acme.test': 11, 'bob@globex.test': 12 },
  tokens: { alice: '4f1c-uuid' },
};

// assert.throws with a TdmFixtureError whose message matches every pattern, and whose stack
// starts at the caller (here, this file), not inside the package.
function throwsFixtureError(fn, ...patterns) {
  let error;
  assert.throws(fn, (err) => {
    error = err;
    return err instanceof TdmFixtureError;
  });
  assert.equal(error.name, 'TdmFixtureError');
  for (const pattern of patterns) assert.match(error.message, pattern);
  const firstFrame = error.stack.split('\n').find((line) => /^\s+at /.test(line));
  assert.match(firstFrame, /index\.test\.js:/);
  assert.ok(error.stack.startsWith(`TdmFixtureError: ${error.message}`), error.stack);
  return error;
}

const escape = (text) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

describe('entityId', () => {
  test('finds the id of a seeded row by table and name', () => {
    const env = { TDM_ENTITIES: registryFile(REGISTRY) };
    assert.equal(entityId('organizations', 'globex', env), 2);
    assert.equal(entityId('users', 'alice@acme.test', env), 11);
    assert.equal(entityId('roles', 'admin', env), 7);
  });

  test('returns a value column that is not a number as a string', () => {
    const env = { TDM_ENTITIES: registryFile(REGISTRY) };
    assert.equal(entityId('tokens', 'alice', env), '4f1c-uuid');
  });

  test('reads process.env when given no environment', () => {
    const saved = process.env.TDM_ENTITIES;
    process.env.TDM_ENTITIES = registryFile({ organizations: { acme: 42 } });
    try {
      assert.equal(entityId('organizations', 'acme'), 42);
    } finally {
      if (saved === undefined) delete process.env.TDM_ENTITIES;
      else process.env.TDM_ENTITIES = saved;
    }
  });

  test('a missing table names the table, the file and the tables there are', () => {
    const file = registryFile(REGISTRY);
    throwsFixtureError(
      () => entityId('projects', 'website', { TDM_ENTITIES: file }),
      /no table "projects"/,
      escape(file),
      /tables: "organizations", "roles", "users", "tokens"/,
      /ENTITIES/,
    );
  });

  test('a missing name names the table, the name, the file and the names there are', () => {
    const file = registryFile(REGISTRY);
    throwsFixtureError(
      () => entityId('organizations', 'umbrella', { TDM_ENTITIES: file }),
      /no "umbrella" in table "organizations"/,
      escape(file),
      /names: "acme", "globex", "initech"/,
    );
  });

  test('a long list of names is cut short with the count', () => {
    const users = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`user${i}`, i + 1]));
    const error = throwsFixtureError(
      () => entityId('users', 'nobody', { TDM_ENTITIES: registryFile({ users }) }),
      /"user0", .*"user9", \.\.\. \(25 in all\)/,
    );
    assert.doesNotMatch(error.message, /user10/);
  });

  test('names inherited from Object are not entries', () => {
    const env = { TDM_ENTITIES: registryFile(REGISTRY) };
    throwsFixtureError(() => entityId('organizations', 'toString', env), /no "toString" in table/);
    throwsFixtureError(() => entityId('constructor', 'name', env), /no table "constructor"/);
    throwsFixtureError(() => entityId('__proto__', 'x', env), /no table "__proto__"/);
  });

  test('without TDM_ENTITIES, says so and how a test gets it', () => {
    for (const env of [{}, { TDM_ENTITIES: '' }]) {
      throwsFixtureError(
        () => entityId('organizations', 'acme', env),
        /^TDM_ENTITIES is not set/,
        /ctest/,
        /`tdm run`/,
        /ENTITIES/,
      );
    }
  });

  test('a file that cannot be read is named, with the reason', () => {
    const file = path.join(tmp, 'missing.json');
    throwsFixtureError(
      () => entityId('organizations', 'acme', { TDM_ENTITIES: file }),
      /cannot read the entity registry/,
      escape(file),
      /ENOENT/,
    );
  });

  test('malformed JSON is named as such, with the file', () => {
    const file = registryFile('{"organizations": {"acme": 1,');
    throwsFixtureError(
      () => entityId('organizations', 'acme', { TDM_ENTITIES: file }),
      /is not valid JSON/,
      escape(file),
      /TDM_ENTITIES/,
    );
  });

  test('JSON that is not table -> name -> id is refused', () => {
    for (const content of [
      [1, 2],
      'null',
      '"text"',
      { organizations: [1, 2] },
      { organizations: { acme: null } },
      { organizations: { acme: { id: 1 } } },
    ]) {
      const file = registryFile(content);
      throwsFixtureError(
        () => entities({ TDM_ENTITIES: file }),
        /is not an entity registry/,
        escape(file),
      );
    }
  });
});

describe('entities', () => {
  test('returns the whole registry', () => {
    assert.deepEqual(entities({ TDM_ENTITIES: registryFile(REGISTRY) }), REGISTRY);
  });

  test('the registry is read-only', () => {
    const registry = entities({ TDM_ENTITIES: registryFile(REGISTRY) });
    assert.throws(() => {
      registry.organizations.acme = 99;
    }, TypeError);
    assert.throws(() => {
      registry.projects = {};
    }, TypeError);
  });

  test('is read once, and again when the file changes', () => {
    const file = registryFile({ organizations: { acme: 1 } });
    const env = { TDM_ENTITIES: file };
    const first = entities(env);
    assert.equal(entities(env), first);
    fs.writeFileSync(file, JSON.stringify({ organizations: { acme: 1, umbrella: 20 } }));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    assert.equal(entityId('organizations', 'umbrella', env), 20);
  });

  test('without TDM_ENTITIES, says so', () => {
    throwsFixtureError(() => entities({}), /^TDM_ENTITIES is not set/);
  });
});

// What tdm sets for a test on its embedded server, and for one on an external server.
const EMBEDDED = {
  TDM_DATABASE: 'app_test__s1',
  TDM_DB_HOST: 'localhost',
  TDM_DB_SOCKET: '/build/tdm-server/mysqld.sock',
  TDM_DB_USER: 'root',
  DATABASE_URL: 'mysql://root@localhost/app_test__s1?socket=/build/tdm-server/mysqld.sock',
};
const EXTERNAL = {
  TDM_DATABASE: 'shop_test__s2',
  TDM_DB_HOST: 'db.example.test',
  TDM_DB_PORT: '3307',
  TDM_DB_USER: 'ci',
  DATABASE_URL: 'mysql://ci@db.example.test:3307/shop_test__s2',
};

describe('connection', () => {
  test('a socket connection from the environment', () => {
    assert.deepEqual(connection(EMBEDDED), {
      database: 'app_test__s1',
      host: 'localhost',
      port: null,
      socket: '/build/tdm-server/mysqld.sock',
      user: 'root',
      url: EMBEDDED.DATABASE_URL,
    });
  });

  test('a TCP connection from the environment', () => {
    assert.deepEqual(connection(EXTERNAL), {
      database: 'shop_test__s2',
      host: 'db.example.test',
      port: 3307,
      socket: null,
      user: 'ci',
      url: EXTERNAL.DATABASE_URL,
    });
  });

  test('reads process.env when given no environment', () => {
    const names = [...Object.keys(EXTERNAL), 'TDM_DB_SOCKET'];
    const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    Object.assign(process.env, EXTERNAL);
    delete process.env.TDM_DB_SOCKET;
    try {
      assert.equal(connection().database, 'shop_test__s2');
      assert.equal(connection().port, 3307);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  test('is read-only', () => {
    const result = connection(EMBEDDED);
    assert.throws(() => {
      result.database = 'production';
    }, TypeError);
  });

  test('what is not given is null, and the URL is written as tdm writes it', () => {
    assert.deepEqual(connection({ TDM_DATABASE: 'app_test', TDM_DB_HOST: '127.0.0.1' }), {
      database: 'app_test',
      host: '127.0.0.1',
      port: null,
      socket: null,
      user: null,
      url: 'mysql://127.0.0.1/app_test',
    });
    const { DATABASE_URL, ...withoutUrl } = EMBEDDED;
    assert.equal(connection(withoutUrl).url, DATABASE_URL);
    const { DATABASE_URL: externalUrl, ...externalWithoutUrl } = EXTERNAL;
    assert.equal(connection(externalWithoutUrl).url, externalUrl);
  });

  test('a socket without a host is on localhost', () => {
    const result = connection({ TDM_DATABASE: 'app_test', TDM_DB_SOCKET: '/run/my sock' });
    assert.equal(result.host, 'localhost');
    assert.equal(result.url, 'mysql://localhost/app_test?socket=/run/my%20sock');
  });

  test('outside a TDM test, names TDM_DATABASE and how a test gets it', () => {
    for (const env of [{}, { ...EMBEDDED, TDM_DATABASE: '' }, { DATABASE_URL: EXTERNAL.DATABASE_URL }]) {
      throwsFixtureError(() => connection(env), /^TDM_DATABASE is not set/, /ctest/, /`tdm run`/);
    }
  });

  test('without a host or a socket, names both variables', () => {
    throwsFixtureError(
      () => connection({ TDM_DATABASE: 'app_test', TDM_DB_PORT: '3306', TDM_DB_USER: 'root' }),
      /neither TDM_DB_HOST nor TDM_DB_SOCKET is set/,
      /ctest/,
    );
  });

  test('a port that is not a port is refused', () => {
    for (const bad of ['abc', '0', '65536', '33o6', '-1']) {
      throwsFixtureError(() => connection({ ...EXTERNAL, TDM_DB_PORT: bad }), /^TDM_DB_PORT=.* is not a port/);
    }
  });

  test('never reads or shows a password', () => {
    const password = 'pw-that-must-not-leak';
    const result = connection({ ...EXTERNAL, MYSQL_PWD: password });
    assert.doesNotMatch(JSON.stringify(result), escape(password));
    assert.ok(!('password' in result));

    const error = throwsFixtureError(
      () => connection({ ...EXTERNAL, DATABASE_URL: `mysql://ci:${password}@db.example.test:3307/shop_test__s2` }),
      /DATABASE_URL holds a password/,
    );
    assert.doesNotMatch(error.message, escape(password));
    assert.doesNotMatch(error.stack, escape(password));
  });

  test('a DATABASE_URL that names another database is refused', () => {
    throwsFixtureError(
      () => connection({ ...EXTERNAL, DATABASE_URL: 'mysql://ci@db.example.test:3307/shop' }),
      /DATABASE_URL names the database "shop" but TDM_DATABASE is "shop_test__s2"/,
    );
    throwsFixtureError(() => connection({ ...EXTERNAL, DATABASE_URL: 'not a url' }), /DATABASE_URL is not a URL/);
  });
});

describe('package', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));

  test('package.json exports files that exist', () => {
    assert.equal(manifest.type, 'module');
    const targets = [manifest.main, manifest.types, ...Object.values(manifest.exports['.'])];
    for (const target of targets) assert.ok(fs.existsSync(path.join(packageDir, target)), target);
  });

  test('the version is the project version', { skip: !process.env.TDM_PROJECT_VERSION }, () => {
    assert.equal(manifest.version, process.env.TDM_PROJECT_VERSION);
  });

  test('index.d.ts declares every export and nothing else', () => {
    const declarations = fs.readFileSync(path.join(packageDir, 'index.d.ts'), 'utf8');
    const declared = [...declarations.matchAll(/^export (?:declare )?(?:function|class) (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual(declared.sort(), Object.keys(fixtures).sort());
  });

  test('npm packs what the package needs', (t) => {
    let output;
    try {
      output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--offline'], {
        cwd: packageDir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
      t.skip('npm not found');
      return;
    }
    const packed = JSON.parse(output)[0].files.map((f) => f.path).sort();
    assert.deepEqual(packed, ['README.md', 'index.d.ts', 'index.js', 'package.json']);
  });
});
