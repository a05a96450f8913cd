import { type Kysely, sql } from 'kysely';

// Issue 17: agreements of a school with another organisation of its municipality — a partner
// («школа – партнёр»), another school («школа – школа», a strong school with a weaker one) or a
// college or university («школа – колледж/вуз»). Its term gives its state (действует / истёк /
// ещё не вступил), derived, never stored; a school's partners are those it has a running
// agreement with (the matching of mentors reads them).

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table agreements (
      id serial primary key,
      school_id integer not null references organizations(id),
      party_id integer not null references organizations(id),
      kind text not null check (kind in ('partner', 'school', 'college')),
      number text,
      signed_on date,
      valid_from date not null,
      valid_to date,
      subject text not null,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (school_id <> party_id),
      check (valid_to is null or valid_to >= valid_from)
    )`.execute(db);
  await sql`create index agreements_school_idx on agreements (school_id, valid_from desc)`.execute(db);
  await sql`create index agreements_party_idx on agreements (party_id)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table agreements`.execute(db);
}
