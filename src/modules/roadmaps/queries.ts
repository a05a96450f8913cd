import { type Kysely, type SqlBool, sql } from 'kysely';
import { mayOpen, roadmapSchoolOf } from '../../access/policy.js';
import { approvableRoadmapsInScope, municipalityWideOf, roadmapsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { byDataVersion } from '../../db/data-version.js';
import type { Database, OrganizationType, Roadmap, RoadmapItem, RoadmapItemStatus, RoadmapOccurrence } from '../../db/types.js';
import type { Deadline } from './deadline.js';
import { isOverdue, pendingDue } from './overdue.js';
import { SCHOOL_LINKS } from './responsible.js';

export interface RoadmapRow extends Roadmap {
  organization_name: string;
  organization_type: OrganizationType;
  municipality_id: number | null;
}

function roadmapsQuery(db: Kysely<Database>, user: CurrentUser) {
  return db
    .selectFrom('roadmaps')
    .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
    .selectAll('roadmaps')
    .select([
      'organizations.short_name as organization_name',
      'organizations.type as organization_type',
      'organizations.municipality_id',
    ])
    .where(roadmapsInScope(user));
}

/** One roadmap within the user's scope, or undefined (the caller answers 404). */
export function findRoadmap(db: Kysely<Database>, user: CurrentUser, id: number): Promise<RoadmapRow | undefined> {
  return roadmapsQuery(db, user).where('roadmaps.id', '=', id).executeTakeFirst();
}

export interface RoadmapSummary extends RoadmapRow {
  items: number;
  done: number;
  overdue: number;
}

/**
 * The roadmaps the user may see, the municipal ones first, with their counts; a whole
 * municipality's (every school's plan) kept under its data version.
 */
export async function listRoadmaps(db: Kysely<Database>, user: CurrentUser, today: string): Promise<RoadmapSummary[]> {
  const municipalityId = municipalityWideOf(user);
  const list = () => roadmapSummaries(db, user, today);
  return municipalityId === null ? list() : byDataVersion(db, municipalityId, `roadmaps:list:${today}`, list, 256 * 1024);
}

async function roadmapSummaries(db: Kysely<Database>, user: CurrentUser, today: string): Promise<RoadmapSummary[]> {
  const roadmaps = await roadmapsQuery(db, user)
    .orderBy(({ eb }) => eb.case().when('organizations.type', '=', 'municipality').then(0).else(1).end())
    .orderBy('organizations.short_name')
    .orderBy('roadmaps.period_from', 'desc')
    .orderBy('roadmaps.id')
    .execute();
  if (roadmaps.length === 0) return [];
  const items = await db
    .selectFrom('roadmap_items')
    .select(['id', 'roadmap_id', 'status', 'deadline'])
    .where('kind', '=', 'item')
    .where(
      'roadmap_id',
      'in',
      roadmaps.map((r) => r.id),
    )
    .execute();
  const tracked = await trackedOccurrences(db, items);
  const templates = new Set(roadmaps.filter((r) => r.kind === 'template').map((r) => r.id));
  const counts = new Map<number, { items: number; done: number; overdue: number }>();
  for (const item of items) {
    const c = counts.get(item.roadmap_id) ?? { items: 0, done: 0, overdue: 0 };
    c.items++;
    if (item.status === 'done') c.done++;
    // A template is a model, not a plan: nothing in it is overdue.
    if (!templates.has(item.roadmap_id) && isOverdue(item.deadline as Deadline | null, item.status, today, tracked.get(item.id)))
      c.overdue++;
    counts.set(item.roadmap_id, c);
  }
  return roadmaps.map((r) => ({ ...r, ...(counts.get(r.id) ?? { items: 0, done: 0, overdue: 0 }) }));
}

/**
 * The tracked occurrences of the recurring ones among these items, by item id. Only the
 * recurring items are asked for, so a long list of one-off items costs no query.
 */
export async function trackedOccurrences(
  db: Kysely<Database>,
  items: ReadonlyArray<{ id: number; deadline: unknown }>,
): Promise<Map<number, Map<string, RoadmapItemStatus>>> {
  const ids = items.filter((i) => (i.deadline as Deadline | null)?.kind === 'recurring').map((i) => i.id);
  const result = new Map<number, Map<string, RoadmapItemStatus>>();
  if (ids.length === 0) return result;
  const rows = await db
    .selectFrom('roadmap_occurrences')
    .select(['item_id', 'due_on', 'status'])
    .where('item_id', 'in', ids)
    .execute();
  for (const r of rows) {
    const m = result.get(r.item_id) ?? new Map<string, RoadmapItemStatus>();
    m.set(r.due_on, r.status);
    result.set(r.item_id, m);
  }
  return result;
}

/** Every row (sections and items) of a roadmap in document order. */
export function roadmapItems(db: Kysely<Database>, roadmapId: number): Promise<RoadmapItem[]> {
  return db
    .selectFrom('roadmap_items')
    .selectAll()
    .where('roadmap_id', '=', roadmapId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export type ItemStatusFilter = RoadmapItemStatus | 'overdue' | undefined;

export interface UpcomingItem {
  roadmapId: number;
  roadmapTitle: string;
  organizationName: string;
  itemId: number;
  number: string | null;
  activity: string;
  deadlineText: string | null;
  due: string;
  overdue: boolean;
}

/**
 * «Ближайшие сроки и просроченные» for a home page: unfinished items of the roadmaps the user
 * may see that are overdue or due within `days` days, the most pressing first; a whole
 * municipality's kept under its data version. `withOverdue: false` leaves the overdue out (the
 * municipal home counts them per roadmap instead, overdueByRoadmap).
 */
export async function upcomingItems(
  db: Kysely<Database>,
  user: CurrentUser,
  today: string,
  days = 30,
  limit = 10,
  withOverdue = true,
): Promise<UpcomingItem[]> {
  const municipalityId = municipalityWideOf(user);
  const find = async () => {
    const horizon = new Date(`${today}T12:00:00Z`);
    horizon.setUTCDate(horizon.getUTCDate() + days);
    const until = horizon.toISOString().slice(0, 10);
    return (await pendingItems(db, user, today))
      .filter((i) => (i.overdue ? withOverdue : i.due <= until))
      .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0))
      .slice(0, limit);
  };
  return municipalityId === null
    ? find()
    : byDataVersion(db, municipalityId, `roadmaps:upcoming:${today}:${days}:${limit}:${withOverdue}`, find, 16 * 1024);
}

/** The overdue items of one roadmap, for the municipal home: whose, how many, since when. */
export interface OverdueRoadmap {
  roadmapId: number;
  roadmapTitle: string;
  organizationName: string;
  /** The roadmap's own municipality rather than a school. */
  municipal: boolean;
  periodFrom: number;
  periodTo: number;
  overdue: number;
  /** The earliest day an overdue item was due by. */
  since: string;
}

/**
 * «Просроченные мероприятия по школам»: the roadmaps the user may see with overdue items, the most
 * first, each with its count; a whole municipality's kept under its data version and the day.
 */
export async function overdueByRoadmap(db: Kysely<Database>, user: CurrentUser, today: string): Promise<OverdueRoadmap[]> {
  const find = async () => {
    const byRoadmap = new Map<number, OverdueRoadmap>();
    for (const i of await pendingItems(db, user, today)) {
      if (!i.overdue) continue;
      const r = byRoadmap.get(i.roadmapId) ?? {
        roadmapId: i.roadmapId,
        roadmapTitle: i.roadmapTitle,
        organizationName: i.organizationName,
        municipal: i.municipal,
        periodFrom: i.periodFrom,
        periodTo: i.periodTo,
        overdue: 0,
        since: i.due,
      };
      r.overdue++;
      if (i.due < r.since) r.since = i.due;
      byRoadmap.set(i.roadmapId, r);
    }
    return [...byRoadmap.values()].sort(
      (a, b) =>
        b.overdue - a.overdue || a.organizationName.localeCompare(b.organizationName, 'ru') || a.periodFrom - b.periodFrom,
    );
  };
  const municipalityId = municipalityWideOf(user);
  return municipalityId === null ? find() : byDataVersion(db, municipalityId, `roadmaps:overdue:${today}`, find, 16 * 1024);
}

interface PendingItem extends UpcomingItem {
  municipal: boolean;
  periodFrom: number;
  periodTo: number;
}

/** Every unfinished item with a deadline of the plans the user may see, with the day it is next due by. */
async function pendingItems(db: Kysely<Database>, user: CurrentUser, today: string): Promise<PendingItem[]> {
  const rows = await db
    .selectFrom('roadmap_items')
    .innerJoin('roadmaps', 'roadmaps.id', 'roadmap_items.roadmap_id')
    .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
    .select([
      'roadmaps.id as roadmap_id',
      'roadmaps.title',
      'roadmaps.period_from',
      'roadmaps.period_to',
      'organizations.short_name',
      'organizations.type as organization_type',
      'roadmap_items.id',
      'roadmap_items.number',
      'roadmap_items.activity',
      'roadmap_items.deadline_text',
      'roadmap_items.deadline',
      'roadmap_items.status',
    ])
    .where(roadmapsInScope(user))
    .where('roadmaps.kind', '=', 'plan')
    .where('roadmap_items.kind', '=', 'item')
    .where('roadmap_items.status', 'in', ['not_started', 'in_progress'])
    .where('roadmap_items.deadline', 'is not', null)
    // A school sees, of the municipal roadmap, the items it is responsible for.
    .$if(roadmapSchoolOf(user) !== null, (q) =>
      q.where((eb) =>
        eb.or([
          eb('organizations.type', '<>', 'municipality'),
          sql<SqlBool>`roadmap_items.responsible_links && ${sql.val([...SCHOOL_LINKS])}::text[]`,
        ]),
      ),
    )
    .execute();
  const tracked = await trackedOccurrences(db, rows);
  const result: PendingItem[] = [];
  for (const r of rows) {
    const deadline = r.deadline as Deadline | null;
    const due = pendingDue(deadline, today, tracked.get(r.id));
    if (due === null) continue;
    result.push({
      roadmapId: r.roadmap_id,
      roadmapTitle: r.title,
      organizationName: r.short_name,
      municipal: r.organization_type === 'municipality',
      periodFrom: r.period_from,
      periodTo: r.period_to,
      itemId: r.id,
      number: r.number,
      activity: r.activity,
      deadlineText: r.deadline_text,
      due,
      overdue: isOverdue(deadline, r.status, today, tracked.get(r.id)),
    });
  }
  return result;
}

/** «Фамилия И. О.» of a user, for «утвердил …»; null when the account is gone. */
export async function userName(db: Kysely<Database>, userId: number): Promise<string | null> {
  const row = await db.selectFrom('users').select(['full_name']).where('id', '=', userId).executeTakeFirst();
  return row?.full_name ?? null;
}

/**
 * Plans waiting for this user's approval: for the department its municipality's roadmaps, for the
 * school head its school's — with items, not approved yet. The ones sent for approval first (the
 * longest waiting first, with the day they were sent), then the others. Empty for everyone else.
 */
export async function awaitingApproval(
  db: Kysely<Database>,
  user: CurrentUser,
): Promise<Array<{ id: number; title: string; asked_at: Date | null }>> {
  if (!mayOpen(user, 'roadmapsApprove')) return [];
  return db
    .selectFrom('roadmaps')
    .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
    .leftJoin('roadmap_approval_requests as asked', (join) =>
      join.onRef('asked.roadmap_id', '=', 'roadmaps.id').on('asked.answered_at', 'is', null),
    )
    .select(['roadmaps.id', 'roadmaps.title', 'asked.asked_at'])
    .where(approvableRoadmapsInScope(user))
    .where('roadmaps.approved_at', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('roadmap_items').select('roadmap_items.id').whereRef('roadmap_items.roadmap_id', '=', 'roadmaps.id')),
    )
    .orderBy(sql`asked.asked_at asc nulls last`)
    .orderBy('roadmaps.id')
    .execute();
}

/** An item of a roadmap, or undefined. */
export function findItem(db: Kysely<Database>, roadmapId: number, itemId: number): Promise<RoadmapItem | undefined> {
  return db
    .selectFrom('roadmap_items')
    .selectAll()
    .where('id', '=', itemId)
    .where('roadmap_id', '=', roadmapId)
    .executeTakeFirst();
}

/** Whether a roadmap has any row, a section or an item. */
export async function hasItems(db: Kysely<Database>, roadmapId: number): Promise<boolean> {
  return (
    (await db.selectFrom('roadmap_items').select('id').where('roadmap_id', '=', roadmapId).limit(1).executeTakeFirst()) !==
    undefined
  );
}

/** Whether a roadmap has an item (an activity), not only sections. */
export async function hasActivities(db: Kysely<Database>, roadmapId: number): Promise<boolean> {
  return (
    (await db
      .selectFrom('roadmap_items')
      .select('id')
      .where('roadmap_id', '=', roadmapId)
      .where('kind', '=', 'item')
      .limit(1)
      .executeTakeFirst()) !== undefined
  );
}

/** The tracked occurrences of an item, by due day. */
export function occurrenceRows(db: Kysely<Database>, itemId: number): Promise<RoadmapOccurrence[]> {
  return db.selectFrom('roadmap_occurrences').selectAll().where('item_id', '=', itemId).orderBy('due_on').execute();
}

/** The tracking of one occurrence of an item, or undefined when it was never marked. */
export function findOccurrence(db: Kysely<Database>, itemId: number, due: string): Promise<RoadmapOccurrence | undefined> {
  return db
    .selectFrom('roadmap_occurrences')
    .selectAll()
    .where('item_id', '=', itemId)
    .where('due_on', '=', due)
    .executeTakeFirst();
}

/** The organisation a new roadmap would belong to, with its type and municipality. */
export function roadmapOwner(db: Kysely<Database>, organizationId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'type', 'municipality_id'])
    .where('id', '=', organizationId)
    .executeTakeFirst();
}

/** The active schools of a municipality, by name: the columns of a template's matrix. */
export function activeSchools(db: Kysely<Database>, municipalityId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where('type', '=', 'school')
    .where('municipality_id', '=', municipalityId)
    .where('is_active', '=', true)
    .orderBy('short_name')
    .execute();
}

/** The plans the schools created from a template, oldest first. */
export function plansFromTemplate(db: Kysely<Database>, templateId: number) {
  return db
    .selectFrom('roadmaps')
    .select(['id', 'organization_id', 'approved_at', 'order_number', 'order_date'])
    .where('template_id', '=', templateId)
    .where('kind', '=', 'plan')
    .orderBy('id')
    .execute();
}

/** The items of these roadmaps copied from a template row, with their tracking. */
export function copiedItems(db: Kysely<Database>, roadmapIds: number[]) {
  if (roadmapIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('roadmap_items')
    .select(['id', 'roadmap_id', 'template_item_id', 'status', 'deadline', 'completed_on'])
    .where('roadmap_id', 'in', roadmapIds)
    .where('template_item_id', 'is not', null)
    .execute();
}

/** The plans of a municipality's schools that overlap a period, from a template or not, with their approval. */
export function schoolPlansOverlapping(db: Kysely<Database>, municipalityId: number, periodFrom: number, periodTo: number) {
  return db
    .selectFrom('roadmaps')
    .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
    .select(['roadmaps.organization_id', 'roadmaps.approved_at'])
    .where('organizations.type', '=', 'school')
    .where('organizations.municipality_id', '=', municipalityId)
    .where('roadmaps.kind', '=', 'plan')
    .where('roadmaps.period_from', '<=', periodTo)
    .where('roadmaps.period_to', '>=', periodFrom)
    .execute();
}
