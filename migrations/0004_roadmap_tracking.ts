import { type Kysely, sql } from 'kysely';

// Roadmaps, second part: stored files (evidence now, programmes later), templates of the school
// roadmap, yearly occurrences of recurring items tracked on their own, and the links from an item's
// «Ответственные» to the portal's organisations and roles.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  // Uploaded documents. The bytes live on disk under DATA_DIR/files (outside the web root), named
  // by `storage_key`; a file is served only through a route that checks access to what holds it.
  await db.schema
    .createTable('files')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    // The organisation whose document it is: access follows it.
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('roadmap_evidence', 'programme')`))
    .addColumn('storage_key', 'text', (c) => c.notNull().unique())
    .addColumn('original_name', 'text', (c) => c.notNull())
    // Detected from the content, never taken from the browser.
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes > 0`))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('files_org_idx').on('files').column('organization_id').execute();

  await db.schema
    .alterTable('roadmaps')
    // 'plan': a municipality's or a school's own roadmap; 'template': a model school roadmap kept by
    // the coordinator for its municipality's schools.
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('plan').check(sql`kind in ('plan', 'template')`))
    // A template is visible to the schools once published.
    .addColumn('published_at', 'timestamptz')
    // The template a school roadmap was created from.
    .addColumn('template_id', 'integer', (c) => c.references('roadmaps.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('roadmaps_template_idx').on('roadmaps').column('template_id').execute();

  await db.schema
    .alterTable('roadmap_items')
    // The template item a school item was copied from: the coordinator's matrix follows it.
    .addColumn('template_item_id', 'integer', (c) => c.references('roadmap_items.id').onDelete('set null'))
    // Who «Ответственные» names among the portal's organisations and roles (roadmaps/responsible.ts),
    // derived from the text whenever it is written.
    .addColumn('responsible_links', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('evidence_file_id', 'integer', (c) => c.references('files.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('roadmap_items_template_item_idx').on('roadmap_items').column('template_item_id').execute();

  // The tracking of one yearly occurrence of a recurring item («ежегодно до 15 декабря»: 2022, 2023 …).
  // The occurrences themselves are derived from the item's deadline; a row exists once one is tracked.
  await db.schema
    .createTable('roadmap_occurrences')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('roadmap_items.id').onDelete('cascade'))
    // The last day of the occurrence, 'YYYY-MM-DD': its identity within the item.
    .addColumn('due_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('not_started').check(sql`status in ('not_started', 'in_progress', 'done', 'cancelled')`),
    )
    .addColumn('completed_on', 'date')
    .addColumn('evidence_comment', 'text')
    .addColumn('evidence_link', 'text')
    .addColumn('evidence_file_id', 'integer', (c) => c.references('files.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('roadmap_occurrences_item_due_key', ['item_id', 'due_on'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('roadmap_occurrences').execute();
  await db.schema
    .alterTable('roadmap_items')
    .dropColumn('evidence_file_id')
    .dropColumn('responsible_links')
    .dropColumn('template_item_id')
    .execute();
  await db.schema.alterTable('roadmaps').dropColumn('template_id').dropColumn('published_at').dropColumn('kind').execute();
  await db.schema.dropTable('files').execute();
}
