/**
 * The person's acts of mail without logging in (issue 16): unsubscribing by the link of a mail; and
 * mailing a set-password link (a new account, a reset) to the person's own address.
 */

import type { Kysely } from 'kysely';
import { mayGetEmail } from '../../access/policy.js';
import { type IssuedPasswordToken, passwordLinkPath } from '../../auth/password-tokens.js';
import { hashToken } from '../../auth/tokens.js';
import type { Database } from '../../db/types.js';
import { DEFAULT_TIME_ZONE, todayIso } from '../../lib/dates.js';
import type { Mailer } from '../../lib/mailer.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { MAIL_LABELS } from './labels.js';
import { passwordLetter, type Site } from './letters.js';
import { mailRecipients } from './queries.js';

/** The person behind an unsubscribe link. */
export interface UnsubscribeTarget {
  userId: number;
  email: string | null;
  mode: 'immediate' | 'digest' | 'off';
  organizationId: number;
  municipalityId: number | null;
}

/** Unsubscribe tokens are made by settings.ts: 24 random bytes in base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{16,128}$/;

/** The person whose unsubscribe token this is (compared as stored, by its unique index), or null. */
export async function unsubscribeTarget(db: Kysely<Database>, token: string): Promise<UnsubscribeTarget | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const row = await db
    .selectFrom('mail_settings')
    .innerJoin('users', 'users.id', 'mail_settings.user_id')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.email', 'mail_settings.mode', 'users.organization_id', 'organizations.municipality_id'])
    .where('mail_settings.unsubscribe_token', '=', token)
    .executeTakeFirst();
  return row
    ? {
        userId: row.id,
        email: row.email,
        mode: row.mode,
        organizationId: row.organization_id,
        municipalityId: row.municipality_id,
      }
    : null;
}

/** «p***@school.example.ru»: enough for the person to recognise the address, little for anyone else. */
export function maskedAddress(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/**
 * Turns the person's mail off (the unsubscribe link; also the one-click POST of a mail client).
 * The person's own act, audited; 'already' when mail was off. null: no such token.
 */
export async function unsubscribe(
  db: Kysely<Database>,
  token: string,
  ip: string | null,
): Promise<{ result: 'done' | 'already'; target: UnsubscribeTarget } | null> {
  const target = await unsubscribeTarget(db, token);
  if (!target) return null;
  if (target.mode === 'off') return { result: 'already', target };
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('mail_settings')
      .set({ mode: 'off', updated_at: new Date() })
      .where('unsubscribe_token', '=', token)
      .execute();
    await recordAudit(
      trx,
      { userId: target.userId, ip },
      {
        action: 'update',
        entityType: 'mail_settings',
        entityId: target.userId,
        organizationId: target.organizationId,
        municipalityId: target.municipalityId,
        changedFields: ['mode'],
      },
    );
  });
  return { result: 'done', target: { ...target, mode: 'off' } };
}

/** What became of a set-password link's mail. */
export type PasswordMailOutcome =
  | { status: 'not_mailed' }
  /** The person has an address, but the portal may not or cannot write to it: why, in Russian. */
  | { status: 'withheld'; address: string; reason: string }
  | { status: 'sent'; address: string }
  | { status: 'failed'; address: string; error: string };

/**
 * Mails a freshly issued set-password link to the person's address, after the act's transaction
 * committed: when the portal has a mailer, the person has an address and is not a minor. A failed
 * send undoes nothing (the link is then shown as before). The mailed link, once used, confirms the
 * address: an email_confirmations row under the link's own hash records where it was sent.
 */
export async function mailPasswordLink(
  db: Kysely<Database>,
  mail: { mailer: Mailer | null; site: Site },
  actor: Actor,
  userId: number,
  link: IssuedPasswordToken,
  purpose: 'invite' | 'reset',
): Promise<PasswordMailOutcome> {
  const recipient = (await mailRecipients(db, [userId])).get(userId);
  const email = recipient?.email;
  if (!recipient || !email || !recipient.isActive) return { status: 'not_mailed' };
  if (!mail.mailer) return { status: 'withheld', address: email, reason: MAIL_LABELS.withheld.noMailer };
  const timeZone = recipient.timeZone ?? DEFAULT_TIME_ZONE;
  if (!recipient.emailSubject || !mayGetEmail(recipient.emailSubject, todayIso(new Date(), timeZone)))
    return { status: 'withheld', address: email, reason: MAIL_LABELS.withheld.age };
  const expires = new Intl.DateTimeFormat('ru-RU', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).format(link.expiresAt);
  const message = passwordLetter(
    mail.site,
    { fullName: recipient.user.fullName, email, login: recipient.user.login },
    purpose,
    passwordLinkPath(link.token),
    expires,
  );
  try {
    await mail.mailer.send(message);
  } catch (error) {
    return { status: 'failed', address: email, error: error instanceof Error ? error.message : String(error) };
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('email_confirmations')
      .values({ user_id: userId, email, token_hash: hashToken(link.token), expires_at: link.expiresAt })
      .onConflict((oc) => oc.column('token_hash').doNothing())
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'mail_password_link',
      entityType: 'user',
      entityId: userId,
      organizationId: recipient.user.organizationId,
      municipalityId: recipient.user.municipalityId,
    });
  });
  return { status: 'sent', address: email };
}
