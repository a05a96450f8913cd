import { type Kysely, sql } from 'kysely';

// Issue 18: an event's audience names, besides roles and schools, the categories of mentors and of
// mentees it is for (empty: every category of the role). Mentees: the teachers' categories only —
// events are for adults.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table events
      add column audience_mentor_categories text[] not null default '{}'
        check (audience_mentor_categories <@ array['teacher', 'student', 'university_student', 'partner_employee', 'graduate', 'school_head']::text[]),
      add column audience_mentee_categories text[] not null default '{}'
        check (audience_mentee_categories <@ array['young_specialist', 'struggling_teacher', 'new_teacher', 'trainee']::text[])`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table events drop column audience_mentor_categories, drop column audience_mentee_categories`.execute(db);
}
