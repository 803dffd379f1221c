import { dataset } from '../factories/index.js';
import { idsBy, insertAll, lookup } from '../lib/seeding.js';

export async function seed(knex) {
  // Projects were inserted in dataset order into an empty table: the n-th id
  // (ascending) belongs to the n-th project of the dataset.
  const projectIds = (await knex('projects').orderBy('id').pluck('id'));
  if (projectIds.length !== dataset().projects.length) {
    throw new Error(`seed: expected ${dataset().projects.length} projects, found ${projectIds.length}`);
  }
  const userIds = await idsBy(knex, 'users', 'email');
  await insertAll(knex, 'tasks', dataset().tasks.map(({ project, assignee, ...task }) => ({
    ...task,
    project_id: projectIds[project],
    assignee_id: assignee === null ? null : lookup(userIds, assignee, 'user'),
  })));
}
