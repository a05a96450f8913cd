import { type Kysely, sql } from 'kysely';

// Programmes, pairs and groups, the orders that fix them, their individual routes and meetings,
// and the mentees' feedback (issue «Pairs and groups, their programmes and meetings»).

const FORMS = sql`('student_student', 'college_student', 'employer_student', 'teacher_student', 'teacher_teacher', 'head_teacher', 'employer_trainee')`;

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  // The account of a mentor or mentee of the bases, when the person has one (a teacher, a mentor).
  await db.schema
    .alterTable('mentors')
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null').unique())
    .execute();
  await db.schema
    .alterTable('mentees')
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null').unique())
    .execute();

  await db.schema
    .createTable('programmes')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull().check(sql`form in ${FORMS}`))
    .addColumn('target_group', 'text')
    .addColumn('goals', 'text')
    .addColumn('duration', 'text')
    .addColumn('expected_results', 'text')
    .addColumn('file_id', 'integer', (c) => c.references('files.id').onDelete('set null'))
    // The district's bank of effective programmes: offered by the school, reviewed by the coordinator.
    .addColumn('bank_status', 'text', (c) =>
      c.notNull().defaultTo('none').check(sql`bank_status in ('none', 'submitted', 'accepted', 'returned')`),
    )
    .addColumn('bank_comment', 'text')
    .addColumn('bank_submitted_at', 'timestamptz')
    .addColumn('bank_reviewed_at', 'timestamptz')
    .addColumn('bank_reviewed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('archived_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('programmes_org_idx').on('programmes').column('organization_id').execute();
  await sql`create index programmes_bank_idx on programmes (bank_status) where bank_status <> 'none'`.execute(db);

  // «Приказ о закреплении наставнических пар (групп)» as recorded back after it was signed.
  await db.schema
    .createTable('pair_orders')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('order_date', 'date', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('pair_orders_org_number_date_key', ['organization_id', 'number', 'order_date'])
    .execute();

  await db.schema
    .createTable('pairs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('organizations.id').onDelete('restrict'))
    .addColumn('programme_id', 'integer', (c) => c.notNull().references('programmes.id').onDelete('restrict'))
    .addColumn('form', 'text', (c) => c.notNull().check(sql`form in ${FORMS}`))
    .addColumn('role_model', 'text')
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('traditional', 'group', 'virtual', 'short_term', 'reverse', 'situational', 'speed')`),
    )
    .addColumn('planned_start', 'date', (c) => c.notNull())
    .addColumn('planned_end', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('forming').check(sql`status in ('forming', 'active', 'completed', 'terminated')`),
    )
    .addColumn('stage', 'text', (c) =>
      c
        .notNull()
        .defaultTo('preparatory')
        .check(sql`stage in ('preparatory', 'design', 'implementation', 'reflection', 'results')`),
    )
    // The personalised programme / individual route: its goals (tasks are rows of pair_tasks).
    .addColumn('goals', 'text')
    .addColumn('order_id', 'integer', (c) => c.references('pair_orders.id').onDelete('set null'))
    .addColumn('activated_at', 'timestamptz')
    .addColumn('completed_on', 'date')
    .addColumn('results', 'text')
    .addColumn('mentor_reflection', 'text')
    .addColumn('mentor_satisfaction', 'integer', (c) => c.check(sql`mentor_satisfaction between 1 and 10`))
    .addColumn('terminated_on', 'date')
    .addColumn('termination_reason', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('pairs_term_check', sql`planned_end >= planned_start`)
    .execute();
  await db.schema.createIndex('pairs_org_status_idx').on('pairs').columns(['organization_id', 'status']).execute();
  await db.schema.createIndex('pairs_programme_idx').on('pairs').column('programme_id').execute();

  await db.schema
    .createTable('pair_mentors')
    .addColumn('pair_id', 'integer', (c) => c.notNull().references('pairs.id').onDelete('cascade'))
    .addColumn('mentor_id', 'integer', (c) => c.notNull().references('mentors.id').onDelete('restrict'))
    .addPrimaryKeyConstraint('pair_mentors_pkey', ['pair_id', 'mentor_id'])
    .execute();
  await db.schema.createIndex('pair_mentors_mentor_idx').on('pair_mentors').column('mentor_id').execute();

  await db.schema
    .createTable('pair_mentees')
    .addColumn('pair_id', 'integer', (c) => c.notNull().references('pairs.id').onDelete('cascade'))
    .addColumn('mentee_id', 'integer', (c) => c.notNull().references('mentees.id').onDelete('restrict'))
    // The personal feedback link of a mentee without an account: only the SHA-256 of its token.
    .addColumn('feedback_token_hash', 'text', (c) => c.unique())
    .addColumn('feedback_token_created_at', 'timestamptz')
    // The mentee's side of completing the pair.
    .addColumn('reflection', 'text')
    .addColumn('satisfaction', 'integer', (c) => c.check(sql`satisfaction between 1 and 10`))
    .addColumn('reflection_at', 'timestamptz')
    .addPrimaryKeyConstraint('pair_mentees_pkey', ['pair_id', 'mentee_id'])
    .execute();
  await db.schema.createIndex('pair_mentees_mentee_idx').on('pair_mentees').column('mentee_id').execute();

  await db.schema
    .createTable('pair_tasks')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('pair_id', 'integer', (c) => c.notNull().references('pairs.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_on', 'date')
    .addColumn('done_on', 'date')
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('pair_tasks_pair_idx').on('pair_tasks').columns(['pair_id', 'position']).execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('pair_id', 'integer', (c) => c.notNull().references('pairs.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('introduction', 'trial', 'planning', 'joint_work', 'final')`),
    )
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().check(sql`duration_minutes between 5 and 600`))
    .addColumn('format', 'text', (c) => c.notNull().check(sql`format in ('in_person', 'remote')`))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('summary', 'text')
    .addColumn('mentor_feedback', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('meetings_pair_idx').on('meetings').columns(['pair_id', 'held_on']).execute();

  await db.schema
    .createTable('meeting_feedback')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('mentee_id', 'integer', (c) => c.notNull().references('mentees.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.check(sql`rating between 1 and 10`))
    // Through the portal with an account, or through the personal link.
    .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('account', 'link')`))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('meeting_feedback_pkey', ['meeting_id', 'mentee_id'])
    .execute();

  // Stored files may now belong to a programme; the purpose check already allows 'programme'.
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'meeting_feedback',
    'meetings',
    'pair_tasks',
    'pair_mentees',
    'pair_mentors',
    'pairs',
    'pair_orders',
    'programmes',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('mentees').dropColumn('user_id').execute();
  await db.schema.alterTable('mentors').dropColumn('user_id').execute();
}
