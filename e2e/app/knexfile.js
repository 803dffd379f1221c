// Knex configuration for the app, the migrations and the seeds.
//
// The connection is the one TDM hands to each test and seed command, read by @tdm/fixtures:
// TDM_DB_SOCKET (preferred) or TDM_DB_HOST/TDM_DB_PORT, TDM_DB_USER, TDM_DATABASE.
// The password is read only from MYSQL_PWD and is never printed.
import os from 'node:os';
import { connection } from '@tdm/fixtures';

export function connectionFromEnv(env = process.env) {
  const { database, host, port, socket, user } = connection(env);
  return {
    ...(socket ? { socketPath: socket } : { host, port: port ?? 3306 }),
    user: user ?? os.userInfo().username,
    password: env.MYSQL_PWD || undefined,
    database,
    charset: 'utf8mb4', // knex also uses this as the default charset of its own tables
    timezone: 'Z', // store and read DATETIMEs as UTC so the seeded data does not depend on the machine
  };
}

export default {
  client: 'mysql2',
  connection: connectionFromEnv(),
  pool: { min: 0, max: 4 },
  migrations: { directory: './migrations' },
  seeds: { directory: './seeds' },
};
