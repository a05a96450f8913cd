/**
 * Queries of the schools' parts of the municipal roadmap (issue 17): which schools an item is
 * addressed to, and what each has marked. An item is addressed to the schools the coordinator
 * chose (roadmap_item_addressees) or, when none was chosen, to every active school of the
 * municipality if its «Ответственные» name the schools (responsible_links).
 */

import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import { CURRENT_USER_COLUMNS, type CurrentUser, currentUserOf } from '../../auth/sessions.js';
import type { Database, RoadmapItemStatus, RoadmapSchoolPart } from '../../db/types.js';
import type { Deadline } from './deadline.js';
import { currentOccurrence, occurrenceLabel, occurrencesOf } from './overdue.js';
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

/** The parts marked of an item, every occurrence's. */
export function partsOf(db: Db, itemId: number): Promise<RoadmapSchoolPart[]> {
  return db.selectFrom('roadmap_school_parts').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
}

/** A school's part of an item: of one occurrence (its due day), or of a one-off item (null). */
export function findPart(db: Db, itemId: number, schoolId: number, due: string | null): Promise<RoadmapSchoolPart | undefined> {
  return db
    .selectFrom('roadmap_school_parts')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('organization_id', '=', schoolId)
    .where((eb) => (due === null ? eb('due_on', 'is', null) : eb('due_on', '=', due)))
    .executeTakeFirst();
}

/** «Фамилия И. О.» of the people who marked parts, by user id. */
export async function markerNames(db: Db, userIds: number[]): Promise<Map<number, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'full_name']).where('id', 'in', userIds).execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

/** The items of municipal roadmaps addressed to schools, with the schools each is addressed to (of its municipality). */
export async function addressedSchools(db: Db, roadmapIds: readonly number[]): Promise<Map<number, number[]>> {
  if (roadmapIds.length === 0) return new Map();
  const { rows } = await sql<{ item_id: number; schools: number[] }>`
    select i.id as item_id, array_agg(s.id order by s.id) as schools
      from roadmap_items i
      join roadmaps r on r.id = i.roadmap_id
      join organizations m on m.id = r.organization_id and m.type = 'municipality'
      join organizations s on s.municipality_id = m.id and s.type = 'school' and s.is_active
     where i.roadmap_id in (${sql.join([...roadmapIds])}) and i.kind = 'item'
       and (
         exists (select 1 from roadmap_item_addressees a where a.item_id = i.id and a.organization_id = s.id)
         or (
           not exists (select 1 from roadmap_item_addressees a where a.item_id = i.id)
           and i.responsible_links && ${sql.val([...SCHOOL_LINKS])}::text[]
         )
       )
     group by i.id`.execute(db);
  return new Map(rows.map((r) => [r.item_id, r.schools]));
}

/** The parsed deadlines of some items, by id. */
export async function itemDeadlines(db: Db, itemIds: readonly number[]): Promise<Map<number, unknown>> {
  if (itemIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('roadmap_items')
    .select(['id', 'deadline'])
    .where('id', 'in', [...itemIds])
    .execute();
  return new Map(rows.map((r) => [r.id, r.deadline]));
}

/** The parts of some items, each with its school, occurrence and status. */
export function partStatuses(
  db: Db,
  itemIds: readonly number[],
): Promise<{ item_id: number; organization_id: number; due_on: string | null; status: RoadmapItemStatus }[]> {
  if (itemIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('roadmap_school_parts')
    .select(['item_id', 'organization_id', 'due_on', 'status'])
    .where('item_id', 'in', [...itemIds])
    .execute();
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
  /** The school's part (of the current occurrence for a recurring item). */
  status: RoadmapItemStatus;
  /** A recurring item's current occurrence: its due day and «декабрь 2026»; null for a one-off item. */
  occurrence: { due: string; label: string } | null;
}

/** The items of the municipality's plans addressed to a school, in the roadmaps' order, with its part. */
export async function tasksOfSchool(db: Db, municipalityId: number, schoolId: number, today: string): Promise<SchoolTask[]> {
  const rows = await db
    .selectFrom('roadmap_items as i')
    .innerJoin('roadmaps as r', 'r.id', 'i.roadmap_id')
    .select([
      'r.id as roadmap_id',
      'r.title',
      'i.id',
      'i.number',
      'i.activity',
      'i.deadline_text',
      'i.status as item_status',
      'i.deadline',
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
  const parts = await db
    .selectFrom('roadmap_school_parts')
    .select(['item_id', 'due_on', 'status'])
    .where('organization_id', '=', schoolId)
    .where('item_id', 'in', rows.length > 0 ? rows.map((r) => r.id) : [0])
    .execute();
  const statusOf = new Map(parts.map((p) => [`${p.item_id}:${p.due_on ?? ''}`, p.status]));
  return rows.map((r) => {
    const deadline = r.deadline as Deadline | null;
    const current = deadline?.kind === 'recurring' ? currentOccurrence(occurrencesOf(deadline), today) : null;
    const occurrence = current === null ? null : { due: current.due, label: occurrenceLabel(current) };
    return {
      roadmapId: r.roadmap_id,
      roadmapTitle: r.title,
      itemId: r.id,
      number: r.number,
      activity: r.activity,
      deadlineText: r.deadline_text,
      itemStatus: r.item_status,
      status: statusOf.get(`${r.id}:${occurrence?.due ?? ''}`) ?? 'not_started',
      occurrence,
    };
  });
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
