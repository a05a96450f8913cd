import { type Kysely, sql } from 'kysely';

// Issue 16, first slice: notifications in the portal. Each row tells one person (user_id) of one
// event: its kind (modules/notifications/labels.ts), title and text, the page where one acts
// (`link`, a path inside the portal), the object it is about and the organisation and municipality
// it belongs to. `event_key` names the event; with the recipient it is unique, so that the same
// event is never stored twice for a person (notify() inserts with ON CONFLICT DO NOTHING).
//
// The header shows the unread count on every page: session_context() (0007, 0010), which every
// request runs, returns it too, so that the bell costs no query of its own. The partial index
// keeps that count (and «unread only», newest first) to the person's unread rows.

const FUNCTION_BODY = (withUnread: boolean) =>
  sql.raw(`
    language plpgsql stable
    as $$
    begin
      return query
        select s.id, s.expires_at, u.is_active, u.id, u.login, u.full_name, u.position, u.role,
               u.organization_id, o.short_name, o.type, o.municipality_id,
               m.short_name, f.version, f.stale, f.refreshed_at, m.time_zone${
                 withUnread
                   ? `,
               (select count(*)::integer from notifications n where n.user_id = u.id and n.read_at is null)`
                   : ''
               }
        from sessions s
        join users u on u.id = s.user_id
        join organizations o on o.id = u.organization_id
        left join organizations m on m.id = o.municipality_id
        left join indicator_freshness f on f.municipality_id = o.municipality_id
        where s.id = p_session_id;
    end;
    $$`);

const COLUMNS = sql.raw(`
      session_id text,
      expires_at timestamptz,
      is_active boolean,
      id integer,
      login text,
      full_name text,
      "position" text,
      role text,
      organization_id integer,
      organization_name text,
      organization_type text,
      municipality_id integer,
      municipality_name text,
      data_version bigint,
      data_stale boolean,
      data_refreshed_at timestamptz,
      municipality_time_zone text`);

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table notifications (
      id serial primary key,
      user_id integer not null references users(id) on delete cascade,
      kind text not null,
      title text not null,
      body text not null default '',
      link text not null check (link like '/%' and link not like '//%'),
      entity_type text not null,
      entity_id integer not null,
      organization_id integer references organizations(id) on delete cascade,
      municipality_id integer references organizations(id) on delete cascade,
      event_key text not null,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      unique (user_id, event_key)
    )`.execute(db);
  await sql`create index notifications_user_idx on notifications (user_id, id desc)`.execute(db);
  await sql`create index notifications_unread_idx on notifications (user_id, id desc) where read_at is null`.execute(db);
  await sql`drop function session_context(text)`.execute(db);
  await sql`create function session_context(p_session_id text)
    returns table (${COLUMNS},
      unread_notifications integer
    )
    ${FUNCTION_BODY(true)}`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function session_context(text)`.execute(db);
  await sql`create function session_context(p_session_id text)
    returns table (${COLUMNS}
    )
    ${FUNCTION_BODY(false)}`.execute(db);
  await sql`drop table notifications`.execute(db);
}
