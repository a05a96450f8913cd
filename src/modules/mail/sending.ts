/**
 * Mailing the notifications (issue 16): the `mail` job sends each new notification as its own mail,
 * the `mail-digest` job one mail a day with the notifications of each person who chose a digest.
 *
 * Each notification is decided once (notifications.mail_status): skipped when the person is
 * inactive, has no confirmed address, turned mail off or muted the kind, is a minor, or may no
 * longer see the object (checked again now, by the same rules as in the portal); otherwise sent.
 * A runner claims a row before sending (one UPDATE that only one runner wins), so two instances
 * never send one notification; a claim older than LEASE_MS is taken over, so a runner that died
 * between sending and marking may cause one mail to go out twice — never more, and never none.
 * A failed send leaves the row undecided with its error, and the job throws so that the runner
 * retries it with backoff (shown on /admin/jobs). Without a mailer (no SMTP_URL) nothing is sent
 * and nothing decided, except that notifications older than MAIL_MAX_AGE_HOURS are skipped.
 */

import type { Kysely } from 'kysely';
import { mayGetEmail, mayReceiveNotice, type NoticeSubject, staysWithNotice } from '../../access/policy.js';
import type { Database } from '../../db/types.js';
import { DEFAULT_TIME_ZONE, todayIso } from '../../lib/dates.js';
import type { MailMessage } from '../../lib/mailer.js';
import { countOf } from '../../lib/ru.js';
import type { MailContext } from '../jobs/registry.js';
import { digestLetter, notificationLetter } from './letters.js';
import {
  claim,
  claimMany,
  digestRecipients,
  type MailRecipient,
  mailRecipients,
  markSent,
  markSkipped,
  noticeSubjectOf,
  type PendingNotification,
  pendingImmediate,
  releaseFailed,
  skipOlderThan,
  undecidedOf,
} from './queries.js';
import { DEFAULT_MAIL_SETTINGS, type MailSettings, readMailSettings, unsubscribeToken } from './settings.js';

/** Notifications looked at in one run of the `mail` job (the rest wait for the next run). */
export const MAIL_BATCH = 200;
/** People read at a time by the digest job (it goes through all of them), and notifications in one digest. */
export const DIGEST_PEOPLE = 200;
export const DIGEST_ITEMS = 200;
/** A claim older than this is taken to be a dead runner's. */
export const MAIL_LEASE_MS = 15 * 60_000;
/** After this many failed sends in a run the run stops (the server is likely down) and fails. */
const FAILURES_PER_RUN = 3;
const ERROR_LENGTH = 500;

/** Why a notification is not mailed. */
export type SkipReason = 'inactive' | 'no_address' | 'off' | 'muted' | 'minor' | 'no_access';

/** Whether a notification may be mailed to its person now, or why not. */
export function mailVerdict(
  recipient: MailRecipient | undefined,
  settings: MailSettings,
  notification: Pick<PendingNotification, 'kind' | 'organization_id' | 'municipality_id'>,
  subject: NoticeSubject | null | undefined,
  now: Date,
): 'ok' | SkipReason {
  if (!recipient?.isActive) return 'inactive';
  if (!recipient.email || !recipient.emailConfirmed) return 'no_address';
  if (settings.mode === 'off') return 'off';
  if (settings.mutedKinds.includes(notification.kind)) return 'muted';
  if (!recipient.emailSubject || !mayGetEmail(recipient.emailSubject, todayIso(now, recipient.timeZone ?? DEFAULT_TIME_ZONE)))
    return 'minor';
  if (subject === null) return 'no_access';
  const sees = subject === undefined ? staysWithNotice(recipient.user, notification) : mayReceiveNotice(recipient.user, subject);
  return sees ? 'ok' : 'no_access';
}

/** The objects of notifications, each loaded once per run. */
function subjects(db: Kysely<Database>) {
  const cache = new Map<string, Promise<NoticeSubject | null | undefined>>();
  return (n: PendingNotification) => {
    const key = `${n.entity_type}:${n.entity_id}`;
    let subject = cache.get(key);
    if (!subject) {
      subject = noticeSubjectOf(db, n.entity_type, n.entity_id);
      cache.set(key, subject);
    }
    return subject;
  };
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message || error.name : String(error)).slice(0, ERROR_LENGTH);
}

class Failures {
  count = 0;
  last = '';
  add(error: unknown): void {
    this.count += 1;
    this.last = errorText(error);
  }
  get stop(): boolean {
    return this.count >= FAILURES_PER_RUN;
  }
  /** The run fails (and is retried by the runner) when any mail failed. */
  throwIfAny(): void {
    if (this.count > 0)
      throw new Error(`Не удалось отправить ${countOf(this.count, ['письмо', 'письма', 'писем'])}: ${this.last}`);
  }
}

/** The `mail` job: each new notification as its own mail. */
export async function mailNotifications(
  db: Kysely<Database>,
  now: Date,
  mail: MailContext | null,
  maxAgeHours: number,
): Promise<{ sent: number; skipped: number; tooOld: number }> {
  const tooOld = await skipOlderThan(db, new Date(now.getTime() - maxAgeHours * 3_600_000));
  if (!mail) return { sent: 0, skipped: 0, tooOld };
  const leaseBefore = new Date(now.getTime() - MAIL_LEASE_MS);
  const pending = await pendingImmediate(db, leaseBefore, MAIL_BATCH);
  const people = await mailRecipients(
    db,
    pending.map((n) => n.user_id),
  );
  const settings = await readMailSettings(db, [...people.keys()]);
  const subjectOf = subjects(db);
  const failures = new Failures();
  let sent = 0;
  let skipped = 0;
  for (const n of pending) {
    if (failures.stop) break;
    const recipient = people.get(n.user_id);
    const verdict = mailVerdict(recipient, settings.get(n.user_id) ?? DEFAULT_MAIL_SETTINGS, n, await subjectOf(n), now);
    if (verdict !== 'ok' || !recipient?.email) {
      await markSkipped(db, [n.id]);
      skipped += 1;
      continue;
    }
    if (!(await claim(db, n.id, now, leaseBefore))) continue;
    const token = await unsubscribeToken(db, n.user_id);
    const message = notificationLetter(mail.site, { fullName: recipient.user.fullName, email: recipient.email }, n, token);
    if (await deliver(db, mail, message, [n.id], failures)) sent += 1;
  }
  failures.throwIfAny();
  return { sent, skipped, tooOld };
}

/** Sends a claimed mail and marks its notifications; false when it failed (they are undecided again). */
async function deliver(
  db: Kysely<Database>,
  mail: MailContext,
  message: MailMessage,
  ids: readonly number[],
  failures: Failures,
): Promise<boolean> {
  try {
    await mail.mailer.send(message);
  } catch (error) {
    failures.add(error);
    await releaseFailed(db, ids, errorText(error));
    return false;
  }
  await markSent(db, ids, new Date());
  return true;
}

/** «7 декабря 2026 г.», or «период с 05.12.2026 по 07.12.2026», in the person's time zone. */
export function digestPeriod(first: Date, last: Date, timeZone: string): string {
  const day = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone });
  const long = new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone });
  const from = day.format(first);
  const to = day.format(last);
  return from === to ? long.format(last) : `период с ${from} по ${to}`;
}

/** The `mail-digest` job: one mail per person in digest mode with their undecided notifications. */
export async function mailDigests(
  db: Kysely<Database>,
  now: Date,
  mail: MailContext | null,
  maxAgeHours: number,
  pageSize: number = DIGEST_PEOPLE,
): Promise<{ sent: number; notifications: number; skipped: number; tooOld: number }> {
  const tooOld = await skipOlderThan(db, new Date(now.getTime() - maxAgeHours * 3_600_000));
  if (!mail) return { sent: 0, notifications: 0, skipped: 0, tooOld };
  const leaseBefore = new Date(now.getTime() - MAIL_LEASE_MS);
  const subjectOf = subjects(db);
  const failures = new Failures();
  let sent = 0;
  let notifications = 0;
  let skipped = 0;
  // Every digest person of the day in pages of DIGEST_PEOPLE (the job runs once a day: nobody waits for the next).
  for (let after = 0; !failures.stop; ) {
    const ids = await digestRecipients(db, leaseBefore, after, pageSize);
    if (ids.length === 0) break;
    after = ids[ids.length - 1] as number;
    const people = await mailRecipients(db, ids);
    const settings = await readMailSettings(db, ids);
    for (const userId of ids) {
      if (failures.stop) break;
      const recipient = people.get(userId);
      const chosen = settings.get(userId) ?? DEFAULT_MAIL_SETTINGS;
      // Changed meanwhile to immediate: the `mail` job sends them one by one.
      if (chosen.mode === 'immediate') continue;
      const items = await undecidedOf(db, userId, leaseBefore, DIGEST_ITEMS);
      const ok: PendingNotification[] = [];
      const skip: number[] = [];
      for (const n of items) {
        if (mailVerdict(recipient, chosen, n, await subjectOf(n), now) === 'ok') ok.push(n);
        else skip.push(n.id);
      }
      await markSkipped(db, skip);
      skipped += skip.length;
      if (!recipient?.email || ok.length === 0) continue;
      const claimed = new Set(
        await claimMany(
          db,
          ok.map((n) => n.id),
          now,
          leaseBefore,
        ),
      );
      const mine = ok.filter((n) => claimed.has(n.id));
      if (mine.length === 0) continue;
      const token = await unsubscribeToken(db, userId);
      const first = mine[0] as PendingNotification;
      const last = mine[mine.length - 1] as PendingNotification;
      const period = digestPeriod(first.created_at, last.created_at, recipient.timeZone ?? DEFAULT_TIME_ZONE);
      const message = digestLetter(mail.site, { fullName: recipient.user.fullName, email: recipient.email }, mine, period, token);
      if (await deliver(db, mail, message, [...claimed], failures)) {
        sent += 1;
        notifications += mine.length;
      }
    }
  }
  failures.throwIfAny();
  return { sent, notifications, skipped, tooOld };
}
