// The organizations and users that tests refer to by name: plain data, without faker, so that
// a module needing only these (a spec file with one test per well-known user, which Playwright's
// runner loads just to list its tests) does not load faker.
export const NAMED_ORGANIZATIONS = [
  { slug: 'acme', name: 'Acme Corporation' },
  { slug: 'globex', name: 'Globex Corporation' },
  { slug: 'initech', name: 'Initech' },
];
export const WELL_KNOWN_USERS = [
  { org: 'acme', role: 'admin', name: 'Alice Anderson', email: 'alice@acme.test' },
  { org: 'globex', role: 'editor', name: 'Bob Brown', email: 'bob@globex.test' },
  { org: 'initech', role: 'viewer', name: 'Chloé Dubois', email: 'chloe@initech.test' },
];
