// Knex configuration for the app, the migrations and the seeds.
//
// The connection comes from the environment that TDM hands to each test
// (SPEC §5): TDM_DB_SOCKET (preferred) or TDM_DB_HOST/TDM_DB_PORT, TDM_DB_USER,
// TDM_DATABASE. Without those, DATABASE_URL is accepted:
//   mysql://user@host:port/db  or  mysql://user@localhost/db?socket=/path
// The password is read only from MYSQL_PWD and is never printed.
import os from 'node:os';

function fail(message) {
  throw new Error(`knexfile: ${message}`);
}

export function connectionFromEnv(env = process.env) {
  const common = {
    password: env.MYSQL_PWD || undefined,
    charset: 'utf8mb4', // knex also uses this as the default charset of its own tables
    timezone: 'Z', // store and read DATETIMEs as UTC so the seeded data does not depend on the machine
  };

  if (env.TDM_DB_SOCKET || env.TDM_DB_HOST) {
    if (!env.TDM_DATABASE) fail('TDM_DATABASE is not set');
    const where = env.TDM_DB_SOCKET
      ? { socketPath: env.TDM_DB_SOCKET }
      : { host: env.TDM_DB_HOST, port: Number(env.TDM_DB_PORT || 3306) };
    return {
      ...common,
      ...where,
      user: env.TDM_DB_USER || os.userInfo().username,
      database: env.TDM_DATABASE,
    };
  }

  if (env.DATABASE_URL) {
    let url;
    try {
      url = new URL(env.DATABASE_URL);
    } catch {
      fail('DATABASE_URL is not a valid URL (expected mysql://user@host:port/db)');
    }
    if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
      fail(`DATABASE_URL must start with mysql://, not ${url.protocol}//`);
    }
    if (url.password) fail('DATABASE_URL must not contain a password; set MYSQL_PWD instead');
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (!database) fail('DATABASE_URL names no database (mysql://user@host:port/<db>)');
    const socket = url.searchParams.get('socket');
    const where = socket
      ? { socketPath: socket }
      : { host: url.hostname || '127.0.0.1', port: Number(url.port || 3306) };
    return {
      ...common,
      ...where,
      user: decodeURIComponent(url.username) || os.userInfo().username,
      database,
    };
  }

  fail('no database connection: set TDM_DB_SOCKET or TDM_DB_HOST (with TDM_DB_USER, TDM_DATABASE), or DATABASE_URL');
}

export default {
  client: 'mysql2',
  connection: connectionFromEnv(),
  pool: { min: 0, max: 4 },
  migrations: { directory: './migrations' },
  seeds: { directory: './seeds' },
};
