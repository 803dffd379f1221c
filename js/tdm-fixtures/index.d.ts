// Entity ids and the database connection that TDM hands to each test.

/** An environment to read instead of `process.env`. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A value of the entity registry: the row's id (or the value column given in ENTITIES). */
export type EntityId = number | string;

/** table -> name -> id, as `tdm entities` writes it. Read-only. */
export type EntityRegistry = Readonly<Record<string, Readonly<Record<string, EntityId>>>>;

/** The test's own database and how to reach it. Never a password. */
export interface Connection {
  /** TDM_DATABASE: the test's own database, e.g. `app_test__s1`. */
  readonly database: string;
  /** TDM_DB_HOST, `localhost` when only a socket is given. */
  readonly host: string;
  /** TDM_DB_PORT; null when not given (the client's default, 3306). */
  readonly port: number | null;
  /** TDM_DB_SOCKET: the unix socket, to prefer over host and port; null when not given. */
  readonly socket: string | null;
  /** TDM_DB_USER; null when not given (the client's default, the login name). */
  readonly user: string | null;
  /** DATABASE_URL: `mysql://user@host:port/db` or `mysql://user@localhost/db?socket=/path`. */
  readonly url: string;
}

/** An error in what TDM should have put in the environment of the test. */
export class TdmFixtureError extends Error {
  name: 'TdmFixtureError';
}

/**
 * The whole entity registry, from the JSON file named by TDM_ENTITIES.
 * @throws TdmFixtureError when TDM_ENTITIES is not set or the file cannot be read or parsed.
 */
export function entities(env?: Environment): EntityRegistry;

/**
 * The id of a seeded row by its name, e.g. `entityId('organizations', 'acme')`.
 * @throws TdmFixtureError naming the file, the table and the name when there is no such entry.
 */
export function entityId(table: string, name: string, env?: Environment): EntityId;

/**
 * The test's connection, from TDM_DATABASE, TDM_DB_HOST, TDM_DB_PORT, TDM_DB_SOCKET,
 * TDM_DB_USER and DATABASE_URL.
 * @throws TdmFixtureError naming the missing variable when not run as a TDM test.
 */
export function connection(env?: Environment): Connection;
