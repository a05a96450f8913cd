/**
 * Queries of the schools' parts of the municipal roadmap (issue 17): which schools an item is
 * addressed to, and what each has marked. An item is addressed to the schools the coordinator
 * chose (roadmap_item_addressees) or, when none was chosen, to every active school of the
 * municipality if its «Ответственные» name the schools (responsible_links).
 */

import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import { CURRENT_USER_COLUMNS, type CurrentUser, currentUserOf } from '../../auth/sessions.js';
import type { Database, RoadmapItemStatus, RoadmapSchoolPart } from '../../db/types.js';
import { SCHOOL_LINKS } from './responsible.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The active schools of a municipality, by name. */
export function municipalSchools(db: Db, municipalityId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where('type', '=', 'school')
    .where('municipality_id', '=', municipalityId)
    .where('is_active', '=', true)
    .orderBy('short_name')
    .orderBy('id')
    .execute();
}

/** The schools the coordinator chose for an item; [] when it follows «Ответственные». */
export async function chosenSchoolIds(db: Db, itemId: number): Promise<number[]> {
  const rows = await db.selectFrom('roadmap_item_addressees').select('organization_id').where('item_id', '=', itemId).execute();
  return rows.map((r) => r.organization_id);
}

/** Replaces the schools an item is addressed to ([]: back to «Ответственные»). */
export async function replaceAddressees(trx: Transaction<Database>, itemId: number, schoolIds: number[]): Promise<void> {
  await trx.deleteFrom('roadmap_item_addressees').where('item_id', '=', itemId).execute();
  if (schoolIds.length > 0)
    await trx
      .insertInto('roadmap_item_addressees')
      .values(schoolIds.map((organization_id) => ({ item_id: itemId, organization_id })))
      .execute();
}

/** The parts marked of an item, by school. */
export async function partsOf(db: Db, itemId: number): Promise<Map<number, RoadmapSchoolPart>> {
  const rows = await db.selectFrom('roadmap_school_parts').selectAll().where('item_id', '=', itemId).execute();
  return new Map(rows.map((r) => [r.organization_id, r]));
}

export function findPart(db: Db, itemId: number, schoolId: number): Promise<RoadmapSchoolPart | undefined> {
  return db
    .selectFrom('roadmap_school_parts')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('organization_id', '=', schoolId)
    .executeTakeFirst();
}

/** «Фамилия И. О.» of the people who marked parts, by user id. */
export async function markerNames(db: Db, userIds: number[]): Promise<Map<number, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', userIds).execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

/** For the items of a municipal roadmap: how many schools each is addressed to and how many did their part. */
export async function partCounts(
  db: Db,
  roadmapId: number,
  municipalityId: number,
): Promise<Map<number, { done: number; total: number }>> {
  const { rows } = await sql<{ item_id: number; total: number; done: number }>`
    with addressed as (
      select i.id as item_id, s.id as organization_id
      from roadmap_items i
      join organizations s on s.municipality_id = ${municipalityId} and s.type = 'school' and s.is_active
      where i.roadmap_id = ${roadmapId} and i.kind = 'item'
        and (
          exists (select 1 from roadmap_item_addressees a where a.item_id = i.id and a.organization_id = s.id)
          or (
            not exists (select 1 from roadmap_item_addressees a where a.item_id = i.id)
            and i.responsible_links && ${sql.val([...SCHOOL_LINKS])}::text[]
          )
        )
    )
    select a.item_id, count(*)::int as total, count(p.id) filter (where p.status = 'done')::int as done
    from addressed a
    left join roadmap_school_parts p on p.item_id = a.item_id and p.organization_id = a.organization_id
    group by a.item_id`.execute(db);
  return new Map(rows.map((r) => [r.item_id, { done: r.done, total: r.total }]));
}

/** A municipal item addressed to a school, with the school's part. */
export interface SchoolTask {
  roadmapId: number;
  roadmapTitle: string;
  itemId: number;
  number: string | null;
  activity: string;
  deadlineText: string | null;
  /** The item itself, as the coordinator tracks it. */
  itemStatus: RoadmapItemStatus;
  /** The school's part. */
  status: RoadmapItemStatus;
}

/** The items of the municipality's plans addressed to a school, in the roadmaps' order, with its part. */
export async function tasksOfSchool(db: Db, municipalityId: number, schoolId: number): Promise<SchoolTask[]> {
  const rows = await db
    .selectFrom('roadmap_items as i')
    .innerJoin('roadmaps as r', 'r.id', 'i.roadmap_id')
    .leftJoin('roadmap_school_parts as p', (j) => j.onRef('p.item_id', '=', 'i.id').on('p.organization_id', '=', schoolId))
    .select([
      'r.id as roadmap_id',
      'r.title',
      'i.id',
      'i.number',
      'i.activity',
      'i.deadline_text',
      'i.status as item_status',
      'p.status',
    ])
    .where('r.organization_id', '=', municipalityId)
    .where('r.kind', '=', 'plan')
    .where('i.kind', '=', 'item')
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('roadmap_item_addressees as a')
            .select(sql`1`.as('one'))
            .whereRef('a.item_id', '=', 'i.id')
            .where('a.organization_id', '=', schoolId),
        ),
        eb.and([
          eb.not(
            eb.exists(eb.selectFrom('roadmap_item_addressees as a').select(sql`1`.as('one')).whereRef('a.item_id', '=', 'i.id')),
          ),
          sql<SqlBool>`i.responsible_links && ${sql.val([...SCHOOL_LINKS])}::text[]`,
        ]),
      ]),
    )
    .orderBy('r.period_from', 'desc')
    .orderBy('r.id')
    .orderBy('i.position')
    .execute();
  return rows.map((r) => ({
    roadmapId: r.roadmap_id,
    roadmapTitle: r.title,
    itemId: r.id,
    number: r.number,
    activity: r.activity,
    deadlineText: r.deadline_text,
    itemStatus: r.item_status,
    status: r.status ?? 'not_started',
  }));
}

/** The active accounts of some schools (the notice of an item addressed to them picks its people among them). */
export async function activePeopleOf(db: Db, schoolIds: readonly number[]): Promise<CurrentUser[]> {
  if (schoolIds.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([...CURRENT_USER_COLUMNS])
    .where('users.is_active', '=', true)
    .where('users.organization_id', 'in', [...schoolIds])
    .orderBy('users.id')
    .execute();
  return rows.map(currentUserOf);
}
