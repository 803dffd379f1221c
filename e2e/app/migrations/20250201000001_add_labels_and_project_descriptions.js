// Version 1.1.0 of the data model: projects get a free-text description, and tasks can be
// labelled. Both are additions (a nullable column, a new table), so clients of 1.0.0 keep
// working: a non-breaking change under the same major version.
export async function up(knex) {
  await knex.schema.alterTable('projects', (t) => {
    t.text('description').nullable();
  });
  await knex.schema.createTable('labels', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.increments('id');
    t.integer('project_id').unsigned().notNullable()
      .references('id').inTable('projects').onDelete('CASCADE');
    t.string('name', 64).notNullable();
    t.unique(['project_id', 'name']);
  });
}

export async function down(knex) {
  await knex.schema.dropTable('labels');
  await knex.schema.alterTable('projects', (t) => {
    t.dropColumn('description');
  });
}
