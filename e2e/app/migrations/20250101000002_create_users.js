export async function up(knex) {
  await knex.schema.createTable('users', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.increments('id');
    t.uuid('uuid').notNullable().unique();
    t.integer('organization_id').unsigned().notNullable()
      .references('id').inTable('organizations').onDelete('CASCADE');
    t.integer('role_id').unsigned().notNullable()
      .references('id').inTable('roles');
    t.string('name', 191).notNullable();
    t.string('email', 191).notNullable().unique();
    t.json('settings').nullable();
    t.datetime('created_at', { precision: 6 }).notNullable();
  });
}

export async function down(knex) {
  await knex.schema.dropTable('users');
}
