export async function up(knex) {
  await knex.schema.createTable('tasks', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.increments('id');
    t.integer('project_id').unsigned().notNullable()
      .references('id').inTable('projects').onDelete('CASCADE');
    t.integer('assignee_id').unsigned().nullable()
      .references('id').inTable('users').onDelete('SET NULL');
    t.string('title', 191).notNullable();
    t.boolean('done').notNullable().defaultTo(false);
    t.date('due_on').nullable();
  });
}

export async function down(knex) {
  await knex.schema.dropTable('tasks');
}
