import { type Kysely, sql } from 'kysely';

// Issue 18, events (first slice): an event of the municipal plan (organised by the centre: its
// organiser is the municipality) or of a school's plan, addressed to roles of chosen schools (or
// all of the municipality), with its materials (links), its registrations (a user, or a person
// of the bases without an account), the attendance marked after it and its result.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table events (
      id serial primary key,
      municipality_id integer not null references organizations(id),
      organizer_id integer not null references organizations(id),
      title text not null,
      kind text not null check (kind in ('seminar', 'webinar', 'meeting', 'conference', 'forum', 'festival', 'open_lessons', 'course', 'contest', 'other')),
      level text not null check (level in ('school', 'municipal', 'regional', 'federal')),
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      place text,
      video_url text,
      description text,
      audience_roles text[] not null default '{}',
      all_schools boolean not null default false,
      capacity integer check (capacity is null or capacity > 0),
      roadmap_item_id integer references roadmap_items(id) on delete set null,
      status text not null default 'planned' check (status in ('planned', 'registration_open', 'held', 'results_published', 'cancelled')),
      summary text,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (ends_at >= starts_at)
    )`.execute(db);
  await sql`create index events_municipality_idx on events (municipality_id, starts_at)`.execute(db);
  await sql`create index events_organizer_idx on events (organizer_id, starts_at)`.execute(db);
  await sql`
    create table event_schools (
      event_id integer not null references events(id) on delete cascade,
      organization_id integer not null references organizations(id),
      primary key (event_id, organization_id)
    )`.execute(db);
  await sql`create index event_schools_organization_idx on event_schools (organization_id)`.execute(db);
  await sql`
    create table event_materials (
      id serial primary key,
      event_id integer not null references events(id) on delete cascade,
      position integer not null,
      title text not null,
      url text not null
    )`.execute(db);
  await sql`create index event_materials_event_idx on event_materials (event_id, position)`.execute(db);
  await sql`
    create table event_registrations (
      id serial primary key,
      event_id integer not null references events(id) on delete cascade,
      user_id integer references users(id),
      mentor_id integer references mentors(id),
      mentee_id integer references mentees(id),
      organization_id integer not null references organizations(id),
      registered_by integer references users(id) on delete set null,
      attended boolean,
      result text check (result in ('winner', 'prize_winner', 'participant', 'jury')),
      created_at timestamptz not null default now(),
      check (user_id is not null or mentor_id is not null or mentee_id is not null),
      unique (event_id, user_id),
      unique (event_id, mentor_id),
      unique (event_id, mentee_id)
    )`.execute(db);
  await sql`create index event_registrations_user_idx on event_registrations (user_id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table event_registrations`.execute(db);
  await sql`drop table event_materials`.execute(db);
  await sql`drop table event_schools`.execute(db);
  await sql`drop table events`.execute(db);
}
