import { type Kysely, sql } from 'kysely';

// The municipality's time zone (issue 14). «Today» decided the date rules (a meeting not after
// today, an order not after today) on the Moscow calendar for every municipality; Russia spans
// eleven time zones, and in Vladivostok the day starts seven hours before Moscow's: a pair
// activated by an order of the local today could not log a meeting until Moscow's midnight.
// The time zone is the municipality's own, kept on its organisation row (null on the others)
// and editable with its details; existing municipalities get Moscow's.
//
// session_context() (0007), which every request runs, returns it with the municipality, so that
// «today» of a request costs no query of its own.

const FUNCTION_BODY = (withTimeZone: boolean) =>
  sql.raw(`
    language plpgsql stable
    as $$
    begin
      return query
        select s.id, s.expires_at, u.is_active, u.id, u.login, u.full_name, u.position, u.role,
               u.organization_id, o.short_name, o.type, o.municipality_id,
               m.short_name, f.version, f.stale, f.refreshed_at${withTimeZone ? ', m.time_zone' : ''}
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
      data_refreshed_at timestamptz`);

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organizations add column time_zone text`.execute(db);
  await sql`alter table organizations add constraint organizations_time_zone_check
    check (time_zone is null or type = 'municipality')`.execute(db);
  await sql`update organizations set time_zone = 'Europe/Moscow' where type = 'municipality'`.execute(db);
  await sql`drop function session_context(text)`.execute(db);
  await sql`create function session_context(p_session_id text)
    returns table (${COLUMNS},
      municipality_time_zone text
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
  await sql`alter table organizations drop column time_zone`.execute(db);
}
