import { type Kysely, sql } from 'kysely';

// The lists that read a whole municipality (issue 12). The list of pairs, the coordinator's
// per-school overview and the home pages counted every meeting of the municipality per request
// (19 000 pairs and 190 000 meetings in the largest): they now read summary columns of the pair,
// and the municipality's list of pairs has an index in its own order. The bases' lists of a
// municipality sorted all its people by name for a page (50 000 in the largest): an index in that
// order now gives a page.
//
// meeting_count, last_meeting_on — exact inside the transaction that changes a meeting: an
// after-row trigger on meetings locks the pair's row and recounts the pair from its meetings (the
// (pair_id, held_on) index: a few dozen rows). Locking first matters: in read committed every
// statement of the function takes a fresh snapshot, so the recount after the lock sees every
// meeting of the pair committed by whoever held the lock before, and two meetings logged at once
// for the same pair both count.
//
// Indicators: the meeting's own row trigger (0006, meetings_indicators_stale) marks the
// municipality stale as before. The pair's update that only carries the summary does not mark it a
// second time: pairs' trigger is recreated for insert and delete, and for an update with a WHEN that
// skips one changing meeting_count or last_meeting_on (nothing else writes them, and the meetings
// trigger writes nothing else). The summary trigger's name sorts before meetings_indicators_stale
// (a table's triggers fire in name order), so a meeting's transaction locks the pair's row before
// the municipality's freshness row, in the same order as an edit of the pair: they cannot deadlock.
//
// municipality_id — the pair's school's, set when a pair is made or moved to another school, and
// moved with a school that changes municipality (which now also marks the municipality it left).

/** A pair's place in the lists' order; pairs/queries.ts orders by the same expression. */
const LIST_RANK = sql.raw(`case status when 'active' then 0 when 'forming' then 1 else 2 end`);

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table pairs add column meeting_count integer not null default 0, add column last_meeting_on date, add column municipality_id integer`.execute(
    db,
  );

  // The pairs there are, before the triggers: filling in the summary changes nothing the indicators count.
  await sql`drop trigger pairs_indicators_stale on pairs`.execute(db);
  await sql`
    update pairs p set meeting_count = x.n, last_meeting_on = x.last_on, municipality_id = x.municipality_id
    from (
      select q.id, o.municipality_id, coalesce(m.n, 0) as n, m.last_on
      from pairs q join organizations o on o.id = q.organization_id
      left join (select pair_id, count(*)::int as n, max(held_on) as last_on from meetings group by pair_id) m on m.pair_id = q.id
    ) x
    where x.id = p.id
  `.execute(db);

  await sql`
    create trigger pairs_indicators_stale after insert or delete on pairs
    for each row execute function mark_indicators_stale('organization')
  `.execute(db);
  await sql`
    create trigger pairs_indicators_stale_update after update on pairs
    for each row when (OLD.meeting_count is not distinct from NEW.meeting_count and OLD.last_meeting_on is not distinct from NEW.last_meeting_on)
    execute function mark_indicators_stale('organization')
  `.execute(db);

  await sql`
    create function recount_pair_meetings(pair integer) returns void language plpgsql as $$
    declare
      n integer;
      last_on date;
    begin
      perform 1 from pairs where id = pair for no key update;
      -- Gone: the pair is being deleted, its meetings with it.
      if not found then return; end if;
      select count(*), max(held_on) into n, last_on from meetings where pair_id = pair;
      update pairs set meeting_count = n, last_meeting_on = last_on
        where id = pair and (meeting_count, last_meeting_on) is distinct from (n, last_on);
    end $$
  `.execute(db);
  await sql`
    create function count_meetings_on_pair() returns trigger language plpgsql as $$
    begin
      if TG_OP <> 'INSERT' then perform recount_pair_meetings(OLD.pair_id); end if;
      if TG_OP = 'INSERT' or (TG_OP = 'UPDATE' and NEW.pair_id <> OLD.pair_id) then perform recount_pair_meetings(NEW.pair_id); end if;
      return null;
    end $$
  `.execute(db);
  await sql`
    create trigger meetings_count_on_pair after insert or delete on meetings
    for each row execute function count_meetings_on_pair()
  `.execute(db);
  await sql`
    create trigger meetings_count_on_pair_update after update on meetings
    for each row when (OLD.pair_id is distinct from NEW.pair_id or OLD.held_on is distinct from NEW.held_on)
    execute function count_meetings_on_pair()
  `.execute(db);

  await sql`
    create function pair_municipality() returns trigger language plpgsql as $$
    begin
      select municipality_id into NEW.municipality_id from organizations where id = NEW.organization_id;
      return NEW;
    end $$
  `.execute(db);
  await sql`
    create trigger pairs_municipality before insert or update of organization_id on pairs
    for each row execute function pair_municipality()
  `.execute(db);
  // A school moved to another municipality: its pairs follow, and the municipality it left changes
  // too (0006's trigger marks only the one it joined), so that what is kept under that
  // municipality's data version (db/data-version.ts) is counted again without the school.
  await sql`
    create function organization_moved() returns trigger language plpgsql as $$
    begin
      update pairs set municipality_id = NEW.municipality_id where organization_id = NEW.id;
      if OLD.municipality_id is not null then
        insert into indicator_freshness as f (municipality_id, version, stale, changed_at)
        values (OLD.municipality_id, 1, true, now())
        on conflict (municipality_id) do update set version = f.version + 1, stale = true, changed_at = now();
      end if;
      return null;
    end $$
  `.execute(db);
  await sql`
    create trigger organizations_moved after update of municipality_id on organizations
    for each row when (OLD.municipality_id is distinct from NEW.municipality_id)
    execute function organization_moved()
  `.execute(db);

  // The lists' order (active, forming, then the rest; newest first) within a municipality and within
  // a school: a page is read in index order, not sorted from all the pairs; a status filter or «no
  // meetings in 30 days» (active pairs) is a range of it. The summary columns are in no index, so
  // that a meeting's update of its pair can stay HOT.
  await sql`create index pairs_municipality_list_idx on pairs (municipality_id, (${LIST_RANK}), id desc)`.execute(db);
  await sql`create index pairs_org_list_idx on pairs (organization_id, (${LIST_RANK}), id desc)`.execute(db);

  // The bases in their lists' order (people/queries.ts: by name, then id), current people only: a
  // municipality's page walks it until a page of its schools' people is found.
  for (const table of ['mentors', 'mentees']) {
    await sql`create index ${sql.id(`${table}_name_order_idx`)} on ${sql.table(table)} (search_name, id) where archived_at is null`.execute(
      db,
    );
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['mentors', 'mentees']) await sql`drop index ${sql.id(`${table}_name_order_idx`)}`.execute(db);
  await sql`drop index pairs_org_list_idx`.execute(db);
  await sql`drop index pairs_municipality_list_idx`.execute(db);
  await sql`drop trigger organizations_moved on organizations`.execute(db);
  await sql`drop function organization_moved()`.execute(db);
  await sql`drop trigger pairs_municipality on pairs`.execute(db);
  await sql`drop function pair_municipality()`.execute(db);
  await sql`drop trigger meetings_count_on_pair_update on meetings`.execute(db);
  await sql`drop trigger meetings_count_on_pair on meetings`.execute(db);
  await sql`drop function count_meetings_on_pair()`.execute(db);
  await sql`drop function recount_pair_meetings(integer)`.execute(db);
  await sql`drop trigger pairs_indicators_stale_update on pairs`.execute(db);
  await sql`drop trigger pairs_indicators_stale on pairs`.execute(db);
  await sql`
    create trigger pairs_indicators_stale after insert or update or delete on pairs
    for each row execute function mark_indicators_stale('organization')
  `.execute(db);
  await sql`alter table pairs drop column municipality_id, drop column last_meeting_on, drop column meeting_count`.execute(db);
}
