import { type Kysely, sql, type Transaction } from 'kysely';
import { CURRENT_USER_COLUMNS, type CurrentUser, currentUserOf } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import type { NotificationListQuery } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The list is paginated by 50. */
export const NOTIFICATIONS_PER_PAGE = 50;

/**
 * The active people of a school and of its municipality's bodies (department, method centre): those
 * an event on the school's or the municipality's object may concern. The rules pick among them.
 */
export async function activePeopleAround(
  db: Db,
  place: { organizationId: number; municipalityId: number | null },
): Promise<CurrentUser[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([...CURRENT_USER_COLUMNS])
    .where('users.is_active', '=', true)
    .where((eb) =>
      eb.or([
        eb('users.organization_id', '=', place.organizationId),
        ...(place.municipalityId === null
          ? []
          : [
              eb.and([
                eb('organizations.municipality_id', '=', place.municipalityId),
                eb('organizations.type', 'in', ['department', 'method_center']),
              ]),
            ]),
      ]),
    )
    .orderBy('users.id')
    .execute();
  return rows.map(currentUserOf);
}

/** The given people, active only, as the rules see them. */
export async function activeUsers(db: Db, ids: readonly number[]): Promise<CurrentUser[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([...CURRENT_USER_COLUMNS])
    .where('users.id', 'in', [...new Set(ids)])
    .where('users.is_active', '=', true)
    .orderBy('users.id')
    .execute();
  return rows.map(currentUserOf);
}

export interface NotificationRow {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string;
  created_at: Date;
  read_at: Date | null;
}

/** A user's notifications, newest first, by the list's filters. */
export async function listNotifications(
  db: Kysely<Database>,
  userId: number,
  query: NotificationListQuery,
): Promise<Page<NotificationRow>> {
  let base = db.selectFrom('notifications').where('user_id', '=', userId);
  if (query.show === 'unread') base = base.where('read_at', 'is', null);
  if (query.kind) base = base.where('kind', '=', query.kind);
  const paging = { page: query.page, perPage: NOTIFICATIONS_PER_PAGE };
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['id', 'kind', 'title', 'body', 'link', 'created_at', 'read_at'])
    .orderBy('id', 'desc')
    .limit(paging.perPage)
    .offset(offsetOf(paging))
    .execute();
  return pageOf(rows, total, paging);
}

/** One notification of the user's own; undefined for another person's or a missing one. */
export function ownNotification(db: Kysely<Database>, userId: number, id: number) {
  return db
    .selectFrom('notifications')
    .select(['id', 'link', 'read_at'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The user's unread count, as the header shows it. */
export async function unreadCount(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** A stored notification with its recipient, as a mailer or a digest reads them. */
export interface StoredNotification {
  id: number;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string;
  created_at: Date;
  read_at: Date | null;
  recipient_name: string;
  recipient_email: string | null;
  recipient_active: boolean;
}

/**
 * The seam for the mailer (issue 16, e-mail slice): the notifications stored after the one it last
 * handled, oldest first, with their recipients; it keeps its own mark of what it sent.
 */
export function notificationsAfter(db: Kysely<Database>, afterId: number, limit: number): Promise<StoredNotification[]> {
  return db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select([
      'notifications.id',
      'notifications.user_id',
      'notifications.kind',
      'notifications.title',
      'notifications.body',
      'notifications.link',
      'notifications.created_at',
      'notifications.read_at',
      'users.full_name as recipient_name',
      'users.email as recipient_email',
      'users.is_active as recipient_active',
    ])
    .where('notifications.id', '>', afterId)
    .orderBy('notifications.id')
    .limit(limit)
    .execute();
}
