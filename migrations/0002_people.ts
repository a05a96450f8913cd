import { type Kysely, sql } from 'kysely';

// The bases of mentors and mentees (issue «The bases of mentors and mentees»).

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  // District-wide lists kept by the coordinator: competencies of mentors, requests of mentees.
  await db.schema
    .createTable('tags')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('municipality_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('competency', 'request')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index tags_name_key on tags (municipality_id, kind, lower(name))`.execute(db);

  const searchName = sql`btrim(translate(lower(last_name || ' ' || first_name || ' ' || coalesce(middle_name, '')), 'ё', 'е'))`;

  await db.schema
    .createTable('mentors')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    // The school whose base the person is in; its curator keeps the record.
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    // Where the mentor comes from: the school itself or a partner organisation.
    .addColumn('origin_organization_id', 'integer', (c) => c.references('organizations.id').onDelete('restrict'))
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('middle_name', 'text')
    .addColumn('category', 'text', (c) =>
      c
        .notNull()
        .check(sql`category in ('teacher', 'student', 'university_student', 'partner_employee', 'graduate', 'school_head')`),
    )
    .addColumn('position', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('competencies_note', 'text')
    .addColumn('forms', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(1).check(sql`capacity between 1 and 30`))
    .addColumn('qualification', 'text')
    .addColumn('consent_date', 'date')
    .addColumn('consent_number', 'text')
    // For a minor (a student mentor): the parent or legal representative who signed.
    .addColumn('consent_by', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('potential').check(sql`status in ('potential', 'active', 'left')`))
    .addColumn('archived_at', 'timestamptz')
    // Erasure (consent withdrawn): names and contacts are removed, the row stays anonymous.
    .addColumn('erased_at', 'timestamptz')
    .addColumn('age_group', 'text')
    .addColumn('search_name', 'text', (c) => c.generatedAlwaysAs(searchName).stored())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('mentor_trainings')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('mentor_id', 'integer', (c) => c.notNull().references('mentors.id').onDelete('cascade'))
    .addColumn('course', 'text', (c) => c.notNull())
    .addColumn('completed_on', 'date')
    .addColumn('hours', 'integer', (c) => c.check(sql`hours between 1 and 2000`))
    .execute();
  await db.schema.createIndex('mentor_trainings_mentor_idx').on('mentor_trainings').column('mentor_id').execute();

  await db.schema
    .createTable('mentees')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('middle_name', 'text')
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('student', 'young_specialist', 'struggling_teacher', 'new_teacher', 'trainee')`),
    )
    .addColumn('class_name', 'text')
    .addColumn('position', 'text')
    .addColumn('birth_date', 'date')
    .addColumn('teaching_since', 'date')
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('requests_note', 'text')
    .addColumn('consent_date', 'date')
    // For a minor: the parent or legal representative who signed.
    .addColumn('consent_by', 'text')
    .addColumn('consent_number', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('potential').check(sql`status in ('potential', 'active', 'left')`))
    .addColumn('archived_at', 'timestamptz')
    .addColumn('erased_at', 'timestamptz')
    .addColumn('age_group', 'text')
    .addColumn('search_name', 'text', (c) => c.generatedAlwaysAs(searchName).stored())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  for (const table of ['mentors', 'mentees']) {
    await db.schema.createIndex(`${table}_org_idx`).on(table).columns(['organization_id', 'search_name']).execute();
    await db.schema.createIndex(`${table}_category_idx`).on(table).columns(['organization_id', 'category', 'status']).execute();
    await db.schema.createIndex(`${table}_created_idx`).on(table).columns(['organization_id', 'created_at']).execute();
    await sql`create index ${sql.id(`${table}_search_trgm_idx`)} on ${sql.table(table)} using gin (search_name gin_trgm_ops)`.execute(
      db,
    );
  }

  await db.schema
    .createTable('mentor_tags')
    .addColumn('mentor_id', 'integer', (c) => c.notNull().references('mentors.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('mentor_tags_pkey', ['mentor_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('mentor_tags_tag_idx').on('mentor_tags').column('tag_id').execute();
  await db.schema
    .createTable('mentee_tags')
    .addColumn('mentee_id', 'integer', (c) => c.notNull().references('mentees.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('mentee_tags_pkey', ['mentee_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('mentee_tags_tag_idx').on('mentee_tags').column('tag_id').execute();

  // A checked import waiting for the curator's confirmation: nothing is in the base until then.
  await db.schema
    .createTable('import_batches')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('mentors', 'mentees')`))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('rows', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('applied_at', 'timestamptz')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['import_batches', 'mentee_tags', 'mentor_tags', 'mentees', 'mentor_trainings', 'mentors', 'tags']) {
    await db.schema.dropTable(table).execute();
  }
}
