import { type Kysely, sql } from 'kysely';

// The session check every request makes, as one PL/pgSQL function (auth/sessions.ts).
//
// It reads five tables: the session, its user, the user's organisation, the municipality and
// the state of the municipality's data (indicator_freshness). Sent as a plain statement, the
// planner weighs the join orders of all five on every request (about 0.75 ms of the server's CPU
// here, twenty times what it takes to run). A PL/pgSQL function keeps its statement's plan for
// the connection's life: after the first few calls it runs a generic plan, found once, on
// primary keys only.

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function session_context(p_session_id text)
    returns table (
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
      data_refreshed_at timestamptz
    )
    language plpgsql stable
    as $$
    begin
      return query
        select s.id, s.expires_at, u.is_active, u.id, u.login, u.full_name, u.position, u.role,
               u.organization_id, o.short_name, o.type, o.municipality_id,
               m.short_name, f.version, f.stale, f.refreshed_at
        from sessions s
        join users u on u.id = s.user_id
        join organizations o on o.id = u.organization_id
        left join organizations m on m.id = o.municipality_id
        left join indicator_freshness f on f.municipality_id = o.municipality_id
        where s.id = p_session_id;
    end;
    $$`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function session_context(text)`.execute(db);
}
