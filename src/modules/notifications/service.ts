/**
 * Notifications in the portal (issue 16): notify() stores what happened for the people it concerns,
 * in the transaction of the act (a rolled back act tells no one); the list, marking read and
 * opening one. The producers (producers.ts) pick the recipients by the rules of
 * access/rules/notifications.ts; e-mail and digests will read what is stored here (queries.ts,
 * notificationsAfter).
 */

import type { Insertable, Kysely, Transaction } from 'kysely';
import { mayReceiveNotice, type NoticeSubject } from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, NotificationsTable } from '../../db/types.js';
import { NotFoundError } from '../../http/errors.js';
import type { Page } from '../../lib/pagination.js';
import type { Actor } from '../audit/service.js';
import { type NoticeParams, NOTIFICATION_KINDS, type NotificationKind } from './labels.js';
import { activeUsers, listNotifications, type NotificationRow, ownNotification } from './queries.js';
import type { NotificationListQuery } from './schemas.js';

/** One event to tell people of. */
export interface NotificationEvent {
  kind: NotificationKind;
  /**
   * Names the event (e.g. `monitoring_event:42`): with the recipient, unique; the same event
   * notified again stores nothing new for a person already told.
   */
  key: string;
  params: NoticeParams;
  /** The page where one acts: a path inside the portal. */
  link: string;
  /** What it is about, for the access check at the time of the event and for the row. */
  subject: NoticeSubject;
  entity: { type: string; id: number };
  organizationId: number | null;
  municipalityId: number | null;
  /** Who should be told (user ids); the inactive, those who may not see the subject and the actor are left out. */
  recipients: readonly number[];
  /** Who made the act: never told of it. */
  actorId: number | null;
}

/** The rows of an event for those of `people` (active recipients) who may receive it, the actor never. */
function noticeRows(event: NotificationEvent, people: ReadonlyMap<number, CurrentUser>): Insertable<NotificationsTable>[] {
  if (!event.link.startsWith('/') || event.link.startsWith('//')) throw new Error(`notify: ${event.link} is not a portal path`);
  const told = [...new Set(event.recipients)].flatMap((id) => {
    const user = people.get(id);
    return user && user.id !== event.actorId && mayReceiveNotice(user, event.subject) ? [user.id] : [];
  });
  if (told.length === 0) return [];
  const text = NOTIFICATION_KINDS[event.kind];
  const title = text.title(event.params);
  const body = text.body(event.params);
  return told.map((user_id) => ({
    user_id,
    kind: event.kind,
    title,
    body,
    link: event.link,
    entity_type: event.entity.type,
    entity_id: event.entity.id,
    organization_id: event.organizationId,
    municipality_id: event.municipalityId,
    event_key: event.key,
  }));
}

/** Stores the event for each of its recipients who may receive it; returns the ids of the people newly told. */
export async function notify(trx: Transaction<Database>, event: NotificationEvent): Promise<number[]> {
  const people = new Map((await activeUsers(trx, event.recipients)).map((user) => [user.id, user]));
  const rows = noticeRows(event, people);
  if (rows.length === 0) return [];
  const stored = await trx
    .insertInto('notifications')
    .values(rows)
    .onConflict((oc) => oc.columns(['user_id', 'event_key']).doNothing())
    .returning('user_id')
    .execute();
  return stored.map((r) => r.user_id);
}

/** Rows per insert of notifyAll: 10 columns each, well under PostgreSQL's 65 535 parameters. */
const INSERT_CHUNK = 2_000;

/**
 * notify() for many events at once, for the periodic reminders: the recipients of all of them read
 * in one query (by chunks), each event's kept by the same checks (noticeRows), the rows written by
 * chunks. Returns how many notifications were newly stored.
 */
export async function notifyAll(trx: Transaction<Database>, events: readonly NotificationEvent[]): Promise<number> {
  const ids = [...new Set(events.flatMap((e) => e.recipients))];
  const people = new Map<number, CurrentUser>();
  for (let i = 0; i < ids.length; i += 10_000)
    for (const user of await activeUsers(trx, ids.slice(i, i + 10_000))) people.set(user.id, user);
  const rows = events.flatMap((event) => noticeRows(event, people));
  let stored = 0;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const result = await trx
      .insertInto('notifications')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .onConflict((oc) => oc.columns(['user_id', 'event_key']).doNothing())
      .executeTakeFirst();
    stored += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return stored;
}

export function notificationList(
  db: Kysely<Database>,
  actor: Actor,
  query: NotificationListQuery,
): Promise<Page<NotificationRow>> {
  return listNotifications(db, actor.user.id, query);
}

/**
 * Marks one of the actor's notifications read (another person's: 404). Reading is the person's own
 * state of its list, not a change of the portal's data: it is not audited.
 */
export async function markRead(db: Kysely<Database>, actor: Actor, id: number): Promise<void> {
  const own = await ownNotification(db, actor.user.id, id);
  if (!own) throw new NotFoundError();
  if (own.read_at !== null) return;
  await db
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('id', '=', id)
    .where('user_id', '=', actor.user.id)
    .where('read_at', 'is', null)
    .execute();
}

/** Marks every unread notification of the actor read; returns how many. */
export async function markAllRead(db: Kysely<Database>, actor: Actor): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: new Date() })
    .where('user_id', '=', actor.user.id)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Opens one of the actor's notifications: marks it read and gives the page it leads to (another person's: 404). */
export async function openNotification(db: Kysely<Database>, actor: Actor, id: number): Promise<string> {
  const own = await ownNotification(db, actor.user.id, id);
  if (!own) throw new NotFoundError();
  await markRead(db, actor, id);
  return own.link;
}
