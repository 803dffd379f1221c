// Organization factory: a row for `organizations`, keyed by slug.
export function slugify(text) {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function makeOrganization(faker, overrides = {}) {
  const name = overrides.name ?? faker.company.name();
  return {
    uuid: faker.string.uuid(),
    slug: slugify(name),
    name,
    ...overrides,
  };
}
