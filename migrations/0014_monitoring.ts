import { type Kysely, sql } from 'kysely';

// Issue 15: monitoring campaigns. The coordinator (or the department) launches a campaign for the
// schools of its municipality: a period, an «по состоянию на» date, an opening date, a deadline and
// a form (ordered fields: computed indicators chosen by code and fields filled in by hand) with the
// documents each school attaches. Each addressed school has one submission that goes through
// не начат → заполняется → отправлен → утверждён → принят (or возвращён на доработку); every
// transition is an event, and an accepted submission's figures are frozen in a snapshot.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table monitoring_campaigns (
      id serial primary key,
      municipality_id integer not null references organizations(id) on delete cascade,
      title text not null,
      level text not null check (level in ('school', 'municipal', 'region')),
      period_kind text not null check (period_kind in ('calendar_year', 'academic_year', 'half_year')),
      period_start date not null,
      period_end date not null,
      period_label text not null,
      as_of date not null,
      opens_on date not null,
      deadline date not null,
      all_schools boolean not null default true,
      created_by integer references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (period_end >= period_start),
      check (deadline >= opens_on)
    )`.execute(db);
  await sql`create index monitoring_campaigns_municipality_idx on monitoring_campaigns (municipality_id, opens_on desc)`.execute(
    db,
  );

  await sql`
    create table monitoring_fields (
      id serial primary key,
      campaign_id integer not null references monitoring_campaigns(id) on delete cascade,
      position integer not null,
      kind text not null check (kind in ('indicator', 'number', 'percent', 'text', 'yes_no', 'choice', 'table')),
      indicator_code text,
      label text not null,
      hint text,
      required boolean not null default false,
      options jsonb not null default '[]'::jsonb,
      check ((kind = 'indicator') = (indicator_code is not null))
    )`.execute(db);
  await sql`create index monitoring_fields_campaign_idx on monitoring_fields (campaign_id, position)`.execute(db);

  await sql`
    create table monitoring_documents (
      id serial primary key,
      campaign_id integer not null references monitoring_campaigns(id) on delete cascade,
      position integer not null,
      title text not null,
      required boolean not null default true
    )`.execute(db);
  await sql`create index monitoring_documents_campaign_idx on monitoring_documents (campaign_id, position)`.execute(db);

  await sql`
    create table monitoring_submissions (
      id serial primary key,
      campaign_id integer not null references monitoring_campaigns(id) on delete cascade,
      organization_id integer not null references organizations(id) on delete cascade,
      status text not null default 'not_started'
        check (status in ('not_started', 'filling', 'sent', 'approved', 'returned', 'accepted')),
      deadline_override date,
      updated_at timestamptz not null default now(),
      unique (campaign_id, organization_id)
    )`.execute(db);
  await sql`create index monitoring_submissions_org_idx on monitoring_submissions (organization_id)`.execute(db);

  await sql`
    create table monitoring_values (
      submission_id integer not null references monitoring_submissions(id) on delete cascade,
      field_id integer not null references monitoring_fields(id) on delete cascade,
      value jsonb not null,
      updated_by integer references users(id) on delete set null,
      updated_at timestamptz not null default now(),
      primary key (submission_id, field_id)
    )`.execute(db);

  await sql`alter table files drop constraint files_purpose_check`.execute(db);
  await sql`alter table files add constraint files_purpose_check check (purpose in ('roadmap_evidence', 'programme', 'indicator_evidence', 'monitoring_evidence'))`.execute(
    db,
  );

  await sql`
    create table monitoring_submission_files (
      id serial primary key,
      submission_id integer not null references monitoring_submissions(id) on delete cascade,
      document_id integer not null references monitoring_documents(id) on delete cascade,
      file_id integer not null references files(id) on delete cascade,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index monitoring_submission_files_idx on monitoring_submission_files (submission_id, document_id)`.execute(db);

  await sql`
    create table monitoring_events (
      id serial primary key,
      submission_id integer not null references monitoring_submissions(id) on delete cascade,
      from_status text,
      to_status text not null,
      kind text not null,
      actor_id integer references users(id) on delete set null,
      at timestamptz not null default now(),
      comment text,
      field_comments jsonb not null default '{}'::jsonb
    )`.execute(db);
  await sql`create index monitoring_events_submission_idx on monitoring_events (submission_id, id)`.execute(db);

  await sql`
    create table monitoring_snapshots (
      id serial primary key,
      submission_id integer not null references monitoring_submissions(id) on delete cascade,
      created_at timestamptz not null default now(),
      created_by integer references users(id) on delete set null,
      figures jsonb not null,
      sources jsonb not null,
      superseded_at timestamptz
    )`.execute(db);
  await sql`create index monitoring_snapshots_submission_idx on monitoring_snapshots (submission_id, id desc)`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table monitoring_snapshots, monitoring_events, monitoring_submission_files, monitoring_values, monitoring_submissions, monitoring_documents, monitoring_fields, monitoring_campaigns`.execute(
    db,
  );
  await sql`delete from files where purpose = 'monitoring_evidence'`.execute(db);
  await sql`alter table files drop constraint files_purpose_check`.execute(db);
  await sql`alter table files add constraint files_purpose_check check (purpose in ('roadmap_evidence', 'programme', 'indicator_evidence'))`.execute(
    db,
  );
}
