import { type Kysely, sql } from 'kysely';

// Roadmaps («План мероприятий (дорожная карта)»), first part of the issue «Roadmaps».

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('roadmaps')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    // A municipality (the municipal roadmap) or a school (the school's own roadmap).
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('period_from', 'integer', (c) => c.notNull().check(sql`period_from between 2000 and 2100`))
    .addColumn('period_to', 'integer', (c) => c.notNull().check(sql`period_to between 2000 and 2100`))
    // The order that approved the roadmap: «Приказ № … от …».
    .addColumn('order_number', 'text')
    .addColumn('order_date', 'date')
    .addColumn('approved_at', 'timestamptz')
    .addColumn('approved_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('roadmaps_period_check', sql`period_from <= period_to`)
    .execute();
  await db.schema.createIndex('roadmaps_org_idx').on('roadmaps').column('organization_id').execute();

  await db.schema
    .createTable('roadmap_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('roadmap_id', 'integer', (c) => c.notNull().references('roadmaps.id').onDelete('cascade'))
    // The section an item belongs to (a row of kind 'section' of the same roadmap).
    .addColumn('parent_id', 'integer', (c) => c.references('roadmap_items.id').onDelete('set null'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('section', 'item')`))
    // «3.1.2»; null for a row the document left without a number.
    .addColumn('number', 'text')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('activity', 'text', (c) => c.notNull())
    // Form of the result / type of document.
    .addColumn('result', 'text')
    .addColumn('expected', 'text')
    .addColumn('deadline_text', 'text')
    // The parsed meaning of deadline_text (src/modules/roadmaps/deadline.ts), null when not understood.
    .addColumn('deadline', 'jsonb')
    .addColumn('responsible', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('not_started').check(sql`status in ('not_started', 'in_progress', 'done', 'cancelled')`),
    )
    .addColumn('completed_on', 'date')
    .addColumn('evidence_comment', 'text')
    .addColumn('evidence_link', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index roadmap_items_number_key on roadmap_items (roadmap_id, number) where number is not null`.execute(
    db,
  );
  await db.schema.createIndex('roadmap_items_order_idx').on('roadmap_items').columns(['roadmap_id', 'position']).execute();
  await db.schema.createIndex('roadmap_items_parent_idx').on('roadmap_items').column('parent_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('roadmap_items').execute();
  await db.schema.dropTable('roadmaps').execute();
}
