// Project and task factories. A project references its organization by slug
// and its owner by email; a task references its project by position.
import { PROJECT_STATUSES } from '../lib/domain.js';

export function makeProject(faker, { org, owner }, overrides = {}) {
  return {
    org,
    owner,
    title: faker.commerce.productName(),
    status: faker.helpers.arrayElement(PROJECT_STATUSES),
    budget: faker.finance.amount({ min: 1000, max: 250000, dec: 2 }),
    ...overrides,
  };
}

export function makeTask(faker, { project, assignee }, overrides = {}) {
  return {
    project,
    assignee,
    title: faker.hacker.phrase().slice(0, 191),
    done: faker.datatype.boolean(),
    due_on: faker.date
      .between({ from: '2025-01-01T00:00:00.000Z', to: '2025-12-31T00:00:00.000Z' })
      .toISOString()
      .slice(0, 10),
    ...overrides,
  };
}
