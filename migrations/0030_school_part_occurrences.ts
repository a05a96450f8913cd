import { type Kysely, sql } from 'kysely';

// Issue 17, the schools' part of a recurring municipal item: a school marks each yearly occurrence
// («декабрь 2026», «июнь 2027») on its own, as the coordinator marks the item's occurrences
// (roadmap_occurrences). A part of a one-off item keeps due_on null (one part per school); a part of
// a recurring item names the day its occurrence is due by. One part per item, school and occurrence:
// the unique key takes due_on in, nulls not distinct (PostgreSQL 15).
//
// Parts marked before this migration on a recurring item go to the occurrence that was current on
// the day they were marked: the first one due on that day or later, else the last one.

type MonthDay = { month: number; day: number | null };
type RecurringOccurrence =
  | { type: 'by'; month: number; day: number }
  | { type: 'month'; month: number }
  | { type: 'window'; from: MonthDay; to: MonthDay };
type Recurring = { kind: 'recurring'; occurrences: RecurringOccurrence[]; fromYear: number; toYear: number };

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const iso = (year: number, month: number, day: number) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The due days of a recurring deadline over its years, as roadmaps/overdue.ts dated them on this migration's day. */
function dues(deadline: Recurring): string[] {
  const result = new Set<string>();
  for (let year = deadline.fromYear; year <= deadline.toYear; year++) {
    for (const o of deadline.occurrences) {
      if (o.type === 'by') result.add(iso(year, o.month, o.day));
      else if (o.type === 'month') result.add(iso(year, o.month, lastDay(year, o.month)));
      else {
        const wraps = o.to.month < o.from.month || (o.to.month === o.from.month && (o.to.day ?? 31) < (o.from.day ?? 1));
        const y = wraps ? year + 1 : year;
        result.add(iso(y, o.to.month, o.to.day ?? lastDay(y, o.to.month)));
      }
    }
  }
  return [...result].sort();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are written against the schema of their day
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('roadmap_school_parts').addColumn('due_on', 'date').execute();
  await db.schema.alterTable('roadmap_school_parts').dropConstraint('roadmap_school_parts_item_org_key').execute();
  await sql`alter table roadmap_school_parts add constraint roadmap_school_parts_item_org_due_key
    unique nulls not distinct (item_id, organization_id, due_on)`.execute(db);

  const rows = await sql<{ id: number; deadline: Recurring; marked_on: string }>`
    select p.id, i.deadline, (p.marked_at at time zone 'UTC')::date::text as marked_on
      from roadmap_school_parts p
      join roadmap_items i on i.id = p.item_id
     where i.deadline->>'kind' = 'recurring'
     order by p.id`.execute(db);
  for (const row of rows.rows) {
    const days = dues(row.deadline);
    const due = days.find((d) => d >= row.marked_on) ?? days[days.length - 1];
    if (due !== undefined) await sql`update roadmap_school_parts set due_on = ${due}::date where id = ${row.id}`.execute(db);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see above
export async function down(db: Kysely<any>): Promise<void> {
  // Back to one part per item and school: the latest marked part of each is kept.
  await sql`delete from roadmap_school_parts p using roadmap_school_parts q
             where q.item_id = p.item_id and q.organization_id = p.organization_id
               and (q.marked_at, q.id) > (p.marked_at, p.id)`.execute(db);
  await db.schema.alterTable('roadmap_school_parts').dropConstraint('roadmap_school_parts_item_org_due_key').execute();
  await db.schema
    .alterTable('roadmap_school_parts')
    .addUniqueConstraint('roadmap_school_parts_item_org_key', ['item_id', 'organization_id'])
    .execute();
  await db.schema.alterTable('roadmap_school_parts').dropColumn('due_on').execute();
}
