// User factory: a row for `users`; organization and role are referenced by
// slug/name and resolved to ids by the seeder.
const CREATED_FROM = '2023-01-01T00:00:00.000Z';
const CREATED_TO = '2024-12-31T23:59:59.999Z';

export function makeUser(faker, { org, role, index }, overrides = {}) {
  const firstName = faker.person.firstName();
  const lastName = faker.person.lastName();
  const local = `${firstName}.${lastName}.${index}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
  return {
    uuid: faker.string.uuid(),
    org,
    role,
    name: `${firstName} ${lastName}`,
    email: `${local}@${org}.test`,
    settings: {
      theme: faker.helpers.arrayElement(['light', 'dark', 'system']),
      locale: faker.helpers.arrayElement(['en', 'de', 'fr', 'ja']),
      notifications: faker.datatype.boolean(),
    },
    // A fixed window, never "now": the data must be the same on every run.
    created_at: faker.date.between({ from: CREATED_FROM, to: CREATED_TO }),
    ...overrides,
  };
}
