import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { EmailSubject, NoticeSubject } from '../../access/policy.js';
import { CURRENT_USER_COLUMNS, type CurrentUser, currentUserOf } from '../../auth/sessions.js';
import type { Database } from '../../db/types.js';
import { emailSubjectsOf } from './ages.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A notification the mailer decides on. */
export interface PendingNotification {
  id: number;
  user_id: number;
  kind: string;
  title: string;
  body: string;
  link: string;
  entity_type: string;
  entity_id: number;
  organization_id: number | null;
  municipality_id: number | null;
  created_at: Date;
}

/**
 * Not decided yet: no status, or claimed for sending before `leaseBefore` by a runner that never
 * finished (it died between the claim and the mark; such a mail may go out once more).
 */
function undecided(leaseBefore: Date) {
  return (eb: ExpressionBuilder<Database, 'notifications'>) =>
    eb.or([
      eb('notifications.mail_status', 'is', null),
      eb.and([eb('notifications.mail_status', '=', 'sending'), eb('notifications.mailed_at', '<', leaseBefore)]),
    ]);
}

const PENDING_COLUMNS = [
  'notifications.id',
  'notifications.user_id',
  'notifications.kind',
  'notifications.title',
  'notifications.body',
  'notifications.link',
  'notifications.entity_type',
  'notifications.entity_id',
  'notifications.organization_id',
  'notifications.municipality_id',
  'notifications.created_at',
] as const;

/**
 * Undecided notifications older than `before` become skipped: they are never mailed (turning SMTP
 * on later, or a long outage of the mail server, does not send people their history).
 */
export async function skipOlderThan(db: Db, before: Date): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ mail_status: 'skipped' })
    .where('mail_status', 'is', null)
    .where('created_at', '<', before)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The next notifications to mail one by one, oldest first: undecided ones, and ones claimed before
 * `leaseBefore` by a runner that never finished them; the people in digest mode are the digest's.
 */
export function pendingImmediate(db: Db, leaseBefore: Date, limit: number): Promise<PendingNotification[]> {
  return db
    .selectFrom('notifications')
    .select([...PENDING_COLUMNS])
    .where(undecided(leaseBefore))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('mail_settings')
            .select('mail_settings.user_id')
            .whereRef('mail_settings.user_id', '=', 'notifications.user_id')
            .where('mail_settings.mode', '=', 'digest'),
        ),
      ),
    )
    .orderBy('notifications.id')
    .limit(limit)
    .execute();
}

/** The people in digest mode with undecided notifications, by id after `afterUserId` (at most `limit` people). */
export async function digestRecipients(db: Db, leaseBefore: Date, afterUserId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('notifications')
    .innerJoin('mail_settings', 'mail_settings.user_id', 'notifications.user_id')
    .select('notifications.user_id')
    .distinct()
    .where('mail_settings.mode', '=', 'digest')
    .where('notifications.user_id', '>', afterUserId)
    .where(undecided(leaseBefore))
    .orderBy('notifications.user_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.user_id);
}

/** A person's undecided notifications, oldest first (a digest's content). */
export function undecidedOf(db: Db, userId: number, leaseBefore: Date, limit: number): Promise<PendingNotification[]> {
  return db
    .selectFrom('notifications')
    .select([...PENDING_COLUMNS])
    .where('notifications.user_id', '=', userId)
    .where(undecided(leaseBefore))
    .orderBy('notifications.id')
    .limit(limit)
    .execute();
}

/** A person as the mailer needs them: as the access rules see users, with the address and its state. */
export interface MailRecipient {
  user: CurrentUser;
  isActive: boolean;
  email: string | null;
  emailConfirmed: boolean;
  /** The municipality's time zone (its «today» decides a minor's age), null outside one. */
  timeZone: string | null;
  /** What decides whether the person may get e-mail at all (a minor's age, from the bases). */
  emailSubject: EmailSubject | null;
}

/** The people, each with what decides whether and where they get e-mail. */
export async function mailRecipients(db: Db, ids: readonly number[]): Promise<Map<number, MailRecipient>> {
  const result = new Map<number, MailRecipient>();
  if (ids.length === 0) return result;
  const unique = [...new Set(ids)];
  const rows = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .leftJoin('organizations as municipality', 'municipality.id', 'organizations.municipality_id')
    .select([...CURRENT_USER_COLUMNS, 'users.is_active', 'users.email', 'users.email_confirmed_at', 'municipality.time_zone'])
    .where('users.id', 'in', unique)
    .execute();
  const subjects = await emailSubjectsOf(db, unique);
  for (const row of rows) {
    result.set(row.id, {
      user: currentUserOf(row),
      isActive: row.is_active,
      email: row.email,
      emailConfirmed: row.email_confirmed_at !== null,
      timeZone: row.time_zone,
      emailSubject: subjects.get(row.id) ?? null,
    });
  }
  return result;
}

/**
 * The object a notification is about, rebuilt as the access rules see it at the time of sending;
 * null when the object is gone, undefined for an entity type the mailer does not know.
 */
export async function noticeSubjectOf(db: Db, entityType: string, entityId: number): Promise<NoticeSubject | null | undefined> {
  switch (entityType) {
    case 'monitoring_submission': {
      const row = await db
        .selectFrom('monitoring_submissions')
        .innerJoin('monitoring_campaigns', 'monitoring_campaigns.id', 'monitoring_submissions.campaign_id')
        .innerJoin('organizations as municipality', 'municipality.id', 'monitoring_campaigns.municipality_id')
        .select([
          'monitoring_campaigns.municipality_id',
          'monitoring_submissions.organization_id',
          'monitoring_submissions.status',
          'municipality.parent_id as region_id',
        ])
        .where('monitoring_submissions.id', '=', entityId)
        .executeTakeFirst();
      return row ? { type: 'monitoring_submission', ref: row } : null;
    }
    case 'roadmap': {
      const row = await db
        .selectFrom('roadmaps')
        .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
        .select([
          'roadmaps.organization_id',
          'organizations.type as organization_type',
          'organizations.municipality_id',
          'roadmaps.kind',
          'roadmaps.published_at',
        ])
        .where('roadmaps.id', '=', entityId)
        .executeTakeFirst();
      return row ? { type: 'roadmap', ref: row } : null;
    }
    case 'roadmap_item': {
      const item = await db.selectFrom('roadmap_items').select('roadmap_id').where('id', '=', entityId).executeTakeFirst();
      return item ? noticeSubjectOf(db, 'roadmap', item.roadmap_id) : null;
    }
    case 'monitoring_campaign': {
      const row = await db
        .selectFrom('monitoring_campaigns')
        .select('municipality_id')
        .where('id', '=', entityId)
        .executeTakeFirst();
      return row ? { type: 'monitoring_campaign', ref: row } : null;
    }
    case 'meeting': {
      const meeting = await db.selectFrom('meetings').select('pair_id').where('id', '=', entityId).executeTakeFirst();
      return meeting ? noticeSubjectOf(db, 'pair', meeting.pair_id) : null;
    }
    case 'pair': {
      const pair = await db
        .selectFrom('pairs')
        .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
        .select([
          'pairs.organization_id',
          'organizations.municipality_id',
          sql<number[]>`coalesce((select array_agg(m.user_id) from pair_mentors pm join mentors m on m.id = pm.mentor_id
                                  where pm.pair_id = pairs.id and m.user_id is not null), '{}')`.as('mentor_users'),
          sql<number[]>`coalesce((select array_agg(m.user_id) from pair_mentees pm join mentees m on m.id = pm.mentee_id
                                  where pm.pair_id = pairs.id and m.user_id is not null), '{}')`.as('mentee_users'),
        ])
        .where('pairs.id', '=', entityId)
        .executeTakeFirst();
      if (!pair) return null;
      return {
        type: 'pair',
        ref: {
          organization_id: pair.organization_id,
          municipality_id: pair.municipality_id,
          mentorUserIds: pair.mentor_users,
          menteeUserIds: pair.mentee_users,
        },
      };
    }
    case 'mentor_record': {
      const row = await db
        .selectFrom('mentors')
        .innerJoin('organizations', 'organizations.id', 'mentors.organization_id')
        .select(['mentors.organization_id', 'organizations.municipality_id'])
        .where('mentors.id', '=', entityId)
        .where('mentors.erased_at', 'is', null)
        .executeTakeFirst();
      return row ? { type: 'mentor', ref: row } : null;
    }
    case 'programme': {
      const row = await db
        .selectFrom('programmes')
        .innerJoin('organizations', 'organizations.id', 'programmes.organization_id')
        .select(['programmes.organization_id', 'organizations.municipality_id', 'programmes.bank_status'])
        .where('programmes.id', '=', entityId)
        .executeTakeFirst();
      return row ? { type: 'programme', ref: row } : null;
    }
    default:
      return undefined;
  }
}

/**
 * Claims a notification for sending: only one of several runners gets it (PostgreSQL re-checks the
 * row after a concurrent winner commits). `mailed_at` holds the moment of the claim while sending.
 */
export async function claim(db: Db, id: number, now: Date, leaseBefore: Date): Promise<boolean> {
  return (await claimMany(db, [id], now, leaseBefore)).length === 1;
}

/** The claimed notifications were mailed. */
export async function markSent(db: Db, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ mail_status: 'sent', mailed_at: now, mail_error: null })
    .where('id', 'in', [...ids])
    .execute();
}

/** The claimed notifications could not be mailed: undecided again, with the error, for the next run. */
export async function releaseFailed(db: Db, ids: readonly number[], error: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ mail_status: null, mailed_at: null, mail_error: error })
    .where('id', 'in', [...ids])
    .where('mail_status', '=', 'sending')
    .execute();
}

/** Undecided notifications that will never be mailed. */
export async function markSkipped(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('notifications')
    .set({ mail_status: 'skipped' })
    .where('id', 'in', [...ids])
    .where('mail_status', 'is', null)
    .execute();
}

/**
 * Claims a person's undecided notifications for their digest at once; returns the ids it got
 * (another runner's digest of the same person gets none of them).
 */
export async function claimMany(db: Db, ids: readonly number[], now: Date, leaseBefore: Date): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable('notifications')
    .set({ mail_status: 'sending', mailed_at: now })
    .where('id', 'in', [...ids])
    .where(undecided(leaseBefore))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
