import { type Kysely, sql } from 'kysely';

// Issue 19, public pages (no login):
// - `organizations.slug`: the stable readable address part of a municipality or a school
//   (`/p/:municipality/:school`), unique within the parent. A row inserted without one gets the
//   transliteration of its short name (the passport table of src/lib/translit.ts, in SQL), with
//   «-2», «-3» when the parent already has it; existing rows get theirs the same way.
// - `public_news`: the news a municipality's coordinator or a school's curator publishes.
// - `events.is_public`: the organiser shows the event on the public page (default: not shown).
// - `school_documents.is_public`: a document of the register open to anyone; never one about a
//   person or a pair (the check below, and the service).
// - `best_mentors.public_consent`: the mentor's written consent to be shown on the public page.
// - `indicators.is_public`: the department publishes the indicator's values.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organizations add column slug text`.execute(db);
  await sql`
    create function organization_slug_of(name text) returns text language sql immutable as $$
      select coalesce(nullif(left(trim(both '-' from regexp_replace(
        translate(
          replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(
            lower(name), 'щ', 'shch'), 'ж', 'zh'), 'х', 'kh'), 'ц', 'ts'), 'ч', 'ch'), 'ш', 'sh'),
            'ю', 'yu'), 'я', 'ya'), 'ъ', ''), 'ь', ''), 'ё', 'e'),
          'абвгдезийклмнопрстуфыэ', 'abvgdeziyklmnoprstufye'),
        '[^a-z0-9]+', '-', 'g')), 60), ''), 'org')
    $$`.execute(db);
  await sql`
    create function organizations_fill_slug() returns trigger language plpgsql as $$
    declare
      base text;
      candidate text;
      n integer := 1;
    begin
      if new.slug is not null then return new; end if;
      base := trim(both '-' from organization_slug_of(new.short_name));
      candidate := base;
      while exists (select 1 from organizations o
                    where coalesce(o.parent_id, 0) = coalesce(new.parent_id, 0) and o.slug = candidate and o.id <> new.id) loop
        n := n + 1;
        candidate := base || '-' || n;
      end loop;
      new.slug := candidate;
      return new;
    end $$`.execute(db);
  await sql`create trigger organizations_fill_slug before insert or update on organizations
    for each row execute function organizations_fill_slug()`.execute(db);
  const { rows } = await sql<{ id: number }>`select id from organizations order by id`.execute(db);
  for (const row of rows) await sql`update organizations set slug = null where id = ${row.id}`.execute(db);
  await sql`alter table organizations alter column slug set not null`.execute(db);
  await sql`alter table organizations add constraint organizations_slug_check check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')`.execute(
    db,
  );
  await sql`create unique index organizations_slug_idx on organizations (coalesce(parent_id, 0), slug)`.execute(db);

  await sql`
    create table public_news (
      id serial primary key,
      organization_id integer not null references organizations(id) on delete cascade,
      title text not null,
      body text not null,
      status text not null default 'draft' check (status in ('draft', 'published')),
      published_at timestamptz,
      author_id integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status = 'published') = (published_at is not null))
    )`.execute(db);
  await sql`create index public_news_organization_idx on public_news (organization_id, published_at desc)`.execute(db);

  await sql`alter table events add column is_public boolean not null default false`.execute(db);
  await sql`alter table school_documents add column is_public boolean not null default false`.execute(db);
  await sql`
    alter table school_documents add constraint school_documents_public_check check (
      not is_public or (type in ('implementation_order', 'regulation', 'roadmap_order', 'other')
        and mentor_id is null and mentee_id is null and pair_id is null and pair_order_id is null))`.execute(db);
  await sql`alter table best_mentors add column public_consent boolean not null default false`.execute(db);
  await sql`alter table indicators add column is_public boolean not null default false`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table indicators drop column is_public`.execute(db);
  await sql`alter table best_mentors drop column public_consent`.execute(db);
  await sql`alter table school_documents drop constraint school_documents_public_check`.execute(db);
  await sql`alter table school_documents drop column is_public`.execute(db);
  await sql`alter table events drop column is_public`.execute(db);
  await sql`drop table public_news`.execute(db);
  await sql`drop trigger organizations_fill_slug on organizations`.execute(db);
  await sql`drop function organizations_fill_slug()`.execute(db);
  await sql`drop function organization_slug_of(text)`.execute(db);
  await sql`drop index organizations_slug_idx`.execute(db);
  await sql`alter table organizations drop column slug`.execute(db);
}
