import { type Kysely, sql } from 'kysely';

// Issue 17, the schools' part of the municipal roadmap: a municipal item addressed to schools is
// marked by each school addressed, on its own. Which schools: by default those its «Ответственные»
// name (responsible_links), or the ones the coordinator chose (roadmap_item_addressees).

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  // The schools the coordinator addressed an item to; none: the default from «Ответственные».
  await db.schema
    .createTable('roadmap_item_addressees')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('roadmap_items.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('roadmap_item_addressees_pkey', ['item_id', 'organization_id'])
    .execute();
  await db.schema
    .createIndex('roadmap_item_addressees_org_idx')
    .on('roadmap_item_addressees')
    .column('organization_id')
    .execute();

  // One school's part of a municipal item: its status and evidence, as on a school roadmap.
  // A row exists once the school has marked its part («не начато» until then).
  await db.schema
    .createTable('roadmap_school_parts')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('roadmap_items.id').onDelete('cascade'))
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('not_started').check(sql`status in ('not_started', 'in_progress', 'done', 'cancelled')`),
    )
    .addColumn('completed_on', 'date')
    .addColumn('evidence_comment', 'text')
    .addColumn('evidence_link', 'text')
    .addColumn('evidence_file_id', 'integer', (c) => c.references('files.id').onDelete('set null'))
    .addColumn('marked_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('marked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('roadmap_school_parts_item_org_key', ['item_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('roadmap_school_parts_org_idx').on('roadmap_school_parts').column('organization_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('roadmap_school_parts').execute();
  await db.schema.dropTable('roadmap_item_addressees').execute();
}
