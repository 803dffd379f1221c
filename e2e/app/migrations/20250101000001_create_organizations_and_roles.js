export async function up(knex) {
  await knex.schema.createTable('organizations', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.increments('id');
    t.uuid('uuid').notNullable().unique();
    t.string('slug', 64).notNullable().unique();
    t.string('name', 191).notNullable();
  });

  await knex.schema.createTable('roles', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.increments('id');
    t.string('name', 32).notNullable().unique();
  });
}

export async function down(knex) {
  await knex.schema.dropTable('roles');
  await knex.schema.dropTable('organizations');
}
