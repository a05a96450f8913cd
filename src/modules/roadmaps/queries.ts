import type { Kysely } from 'kysely';
import { roadmapsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, OrganizationType, Roadmap, RoadmapItem, RoadmapItemStatus } from '../../db/types.js';
import type { Deadline } from './deadline.js';
import { isOverdue } from './overdue.js';

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
    .select(['organizations.short_name as organization_name', 'organizations.type as organization_type', 'organizations.municipality_id'])
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

/** The roadmaps the user may see, the municipal ones first, with their counts. */
export async function listRoadmaps(db: Kysely<Database>, user: CurrentUser, today: string): Promise<RoadmapSummary[]> {
  const roadmaps = await roadmapsQuery(db, user)
    .orderBy(({ eb }) => eb.case().when('organizations.type', '=', 'municipality').then(0).else(1).end())
    .orderBy('organizations.short_name')
    .orderBy('roadmaps.period_from', 'desc')
    .orderBy('roadmaps.id')
    .execute();
  if (roadmaps.length === 0) return [];
  const items = await db
    .selectFrom('roadmap_items')
    .select(['roadmap_id', 'status', 'deadline'])
    .where('kind', '=', 'item')
    .where(
      'roadmap_id',
      'in',
      roadmaps.map((r) => r.id),
    )
    .execute();
  const counts = new Map<number, { items: number; done: number; overdue: number }>();
  for (const item of items) {
    const c = counts.get(item.roadmap_id) ?? { items: 0, done: 0, overdue: 0 };
    c.items++;
    if (item.status === 'done') c.done++;
    if (isOverdue(item.deadline as Deadline | null, item.status, today)) c.overdue++;
    counts.set(item.roadmap_id, c);
  }
  return roadmaps.map((r) => ({ ...r, ...(counts.get(r.id) ?? { items: 0, done: 0, overdue: 0 }) }));
}

/** Every row (sections and items) of a roadmap in document order. */
export function roadmapItems(db: Kysely<Database>, roadmapId: number): Promise<RoadmapItem[]> {
  return db.selectFrom('roadmap_items').selectAll().where('roadmap_id', '=', roadmapId).orderBy('position').orderBy('id').execute();
}

export type ItemStatusFilter = RoadmapItemStatus | 'overdue' | undefined;
