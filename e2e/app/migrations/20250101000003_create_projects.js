export async function up(knex) {
  await knex.schema.createTable('projects', (t) => {
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
    t.increments('id');
    t.integer('organization_id').unsigned().notNullable()
      .references('id').inTable('organizations').onDelete('CASCADE');
    t.integer('owner_id').unsigned().notNullable()
      .references('id').inTable('users');
    t.string('title', 191).notNullable();
    t.enu('status', ['draft', 'active', 'archived']).notNullable().defaultTo('draft');
    t.decimal('budget', 12, 2).notNullable().defaultTo(0);
    t.index(['organization_id', 'status']);
  });
}

export async function down(knex) {
  await knex.schema.dropTable('projects');
}
