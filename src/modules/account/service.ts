/**
 * The person's own e-mail address and mail settings (issue 16).
 *
 * An address is saved unconfirmed; a link sent to it (only its SHA-256 stored, 48 hours, one use,
 * the newest replacing the older ones) confirms it. Following the link shows a page with a button:
 * mail scanners open links, so only the POST confirms, and only while the account still has the
 * address the link was sent to. Minors (access/rules/mail.ts) are offered no address at all.
 * Several accounts may carry the same address (a school's shared mailbox is common): the link
 * confirms it for the account that asked, and an address opens nothing else in the portal.
 */

import type { Kysely } from 'kysely';
import { type NoEmailReason, noEmailReason } from '../../access/policy.js';
import { generateToken, hashToken } from '../../auth/tokens.js';
import { type Limit, takeAttempt } from '../../auth/throttle.js';
import type { Config } from '../../config.js';
import type { Database, MailMode } from '../../db/types.js';
import { ForbiddenError } from '../../http/errors.js';
import { todayIso } from '../../lib/dates.js';
import { absoluteUrl, type Mailer } from '../../lib/mailer.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { emailSubjectOf } from '../mail/ages.js';
import { unsubscribeToken } from '../mail/settings.js';
import { NOTIFICATION_KIND_LIST, NOTIFICATION_KINDS, type NotificationKind } from '../notifications/labels.js';
import { confirmationMail } from './confirmation-mail.js';
import { NO_EMAIL_TEXTS } from './labels.js';
import { type ConfirmationRow, confirmationByHash, emailOf, mailSettingsRow, pendingConfirmation } from './queries.js';
import type { MailSettingsInput } from './schemas.js';

/** A confirmation link works for 48 hours. */
export const CONFIRMATION_LIFETIME_MS = 48 * 60 * 60 * 1000;

/** Confirmation mails a person may have sent: 5 an hour (each goes to an address the person typed). */
const LINK_LIMIT = { attempts: 5, windowMs: 60 * 60 * 1000 };

function linkLimits(userId: number): Limit[] {
  return [{ key: `email-link:${userId}`, ...LINK_LIMIT }];
}

/** What sending mail needs: the mailer (null without SMTP_URL) and the addresses of links. */
export interface MailContext {
  mailer: Mailer | null;
  config: Pick<Config, 'publicUrl' | 'host' | 'port'>;
}

/** The address block of the account page. */
export interface EmailPanel {
  email: string | null;
  confirmedAt: Date | null;
  /** The link waiting at the current address, when one was sent and still works. */
  pending: { sentAt: Date; expiresAt: Date } | null;
  /** Why the person is offered no address (a minor …), or null. */
  noEmail: NoEmailReason | null;
  /** Whether the portal sends mail now (SMTP_URL is set). */
  sendsMail: boolean;
}

/** Why the person gets no e-mail, or null (the rule of access/rules/mail.ts on today). */
export async function noEmailReasonOf(db: Kysely<Database>, userId: number): Promise<NoEmailReason | null> {
  const subject = await emailSubjectOf(db, userId);
  return subject ? noEmailReason(subject, todayIso()) : 'age_unknown';
}

export async function emailPanel(db: Kysely<Database>, actor: Actor, sendsMail: boolean): Promise<EmailPanel> {
  const row = await emailOf(db, actor.user.id);
  const pending = row.email && !row.email_confirmed_at ? await pendingConfirmation(db, actor.user.id, row.email) : undefined;
  return {
    email: row.email,
    confirmedAt: row.email_confirmed_at,
    pending: pending ? { sentAt: pending.created_at, expiresAt: pending.expires_at } : null,
    noEmail: await noEmailReasonOf(db, actor.user.id),
    sendsMail,
  };
}

/** What became of a confirmation mail. */
export type LinkOutcome =
  | { kind: 'sent' }
  /** SMTP_URL is not set: nothing can be sent. */
  | { kind: 'no-mailer' }
  /** The mail server refused the mail or did not answer; no link is waiting. */
  | { kind: 'failed' }
  /** Too many mails in the last hour. */
  | { kind: 'throttled'; until: Date };

export type SaveEmailResult =
  | { kind: 'unchanged' }
  | { kind: 'saved'; link: LinkOutcome }
  /** The same address again, not confirmed yet: a new link. */
  | { kind: 'resent'; link: LinkOutcome };

async function refuseMinor(db: Kysely<Database>, actor: Actor): Promise<void> {
  const reason = await noEmailReasonOf(db, actor.user.id);
  if (reason) throw new ForbiddenError(NO_EMAIL_TEXTS[reason]);
}

function auditWhere(actor: Actor) {
  return { organizationId: actor.user.organizationId, municipalityId: actor.user.municipalityId };
}

/** Sets (or changes) the person's own address: stored unconfirmed, and a link is sent to it. */
export async function saveOwnEmail(
  db: Kysely<Database>,
  mail: MailContext,
  actor: Actor,
  email: string,
): Promise<SaveEmailResult> {
  await refuseMinor(db, actor);
  const current = await emailOf(db, actor.user.id);
  if (current.email === email) {
    if (current.email_confirmed_at) return { kind: 'unchanged' };
    return { kind: 'resent', link: await sendConfirmation(db, mail, actor, email) };
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ email, email_confirmed_at: null, updated_at: new Date() })
      .where('id', '=', actor.user.id)
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'set_email',
      entityType: 'user',
      entityId: actor.user.id,
      ...auditWhere(actor),
      changedFields: current.email_confirmed_at ? ['email', 'email_confirmed_at'] : ['email'],
    });
  });
  return { kind: 'saved', link: await sendConfirmation(db, mail, actor, email) };
}

/** Sends a new link to the person's current, unconfirmed address. */
export async function resendConfirmation(
  db: Kysely<Database>,
  mail: MailContext,
  actor: Actor,
): Promise<{ email: string; link: LinkOutcome } | null> {
  await refuseMinor(db, actor);
  const current = await emailOf(db, actor.user.id);
  if (!current.email || current.email_confirmed_at) return null;
  return { email: current.email, link: await sendConfirmation(db, mail, actor, current.email) };
}

/**
 * Stores a new link (the newest alone works: an older one says it was replaced), then sends
 * it outside the transaction (a slow mail server holds no connection); a mail that could not be sent
 * takes its link away again, so the page never says «sent» of a mail nobody got.
 */
async function sendConfirmation(db: Kysely<Database>, mail: MailContext, actor: Actor, email: string): Promise<LinkOutcome> {
  const { mailer } = mail;
  if (!mailer) return { kind: 'no-mailer' };
  const limits = linkLimits(actor.user.id);
  const until = await takeAttempt(db, limits);
  if (until) return { kind: 'throttled', until };
  const token = generateToken();
  const expiresAt = new Date(Date.now() + CONFIRMATION_LIFETIME_MS);
  const id = await db.transaction().execute(async (trx) => {
    // Dead links of the person go; live ones stay, so that an older link tells it was replaced.
    await trx
      .deleteFrom('email_confirmations')
      .where('user_id', '=', actor.user.id)
      .where((eb) => eb.or([eb('used_at', 'is not', null), eb('expires_at', '<=', new Date())]))
      .execute();
    const row = await trx
      .insertInto('email_confirmations')
      .values({ user_id: actor.user.id, email, token_hash: hashToken(token), expires_at: expiresAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, auditActor(actor), {
      action: 'send_email_link',
      entityType: 'user',
      entityId: actor.user.id,
      ...auditWhere(actor),
    });
    return row.id;
  });
  try {
    await mailer.send(
      confirmationMail({
        to: email,
        fullName: actor.user.fullName,
        login: actor.user.login,
        link: absoluteUrl(mail.config, confirmationPath(token)),
        expiresAt,
        accountUrl: absoluteUrl(mail.config, '/account'),
      }),
    );
  } catch {
    // The attempt stays counted: a server that refuses mail is not asked again and again.
    await db.deleteFrom('email_confirmations').where('id', '=', id).execute();
    return { kind: 'failed' };
  }
  return { kind: 'sent' };
}

export function confirmationPath(token: string): string {
  return `/account/email/confirm/${token}`;
}

/** Removes the person's address, with the links sent to it. */
export async function removeOwnEmail(db: Kysely<Database>, actor: Actor): Promise<boolean> {
  const current = await emailOf(db, actor.user.id);
  if (!current.email) return false;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ email: null, email_confirmed_at: null, updated_at: new Date() })
      .where('id', '=', actor.user.id)
      .execute();
    // The removed address is kept nowhere: its links go too (and read as unknown).
    await trx.deleteFrom('email_confirmations').where('user_id', '=', actor.user.id).execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'remove_email',
      entityType: 'user',
      entityId: actor.user.id,
      ...auditWhere(actor),
      changedFields: current.email_confirmed_at ? ['email', 'email_confirmed_at'] : ['email'],
    });
  });
  return true;
}

/** A confirmation link as its page sees it. */
export type LinkState =
  | { kind: 'ok'; email: string; fullName: string; userId: number }
  /** Not a link the portal sent (or one long gone), or its account is off. */
  | { kind: 'unknown' }
  | { kind: 'used'; email: string }
  | { kind: 'expired' }
  /** The account's address was changed or removed after the link was sent. */
  | { kind: 'changed' }
  /** A newer link was sent to the same address: only the newest works. */
  | { kind: 'replaced' };

function stateOf(row: ConfirmationRow | undefined, now = new Date()): LinkState {
  if (!row?.user_is_active) return { kind: 'unknown' };
  if (row.used_at) return { kind: 'used', email: row.email };
  if (row.expires_at.getTime() <= now.getTime()) return { kind: 'expired' };
  if (row.user_email !== row.email) return { kind: 'changed' };
  if (row.replaced) return { kind: 'replaced' };
  return { kind: 'ok', email: row.email, fullName: row.user_full_name, userId: row.user_id };
}

/** A link's token (32 characters of lower-case base32) to what it stands for. GET: nothing changes. */
export async function confirmationLink(db: Kysely<Database>, token: string): Promise<LinkState> {
  if (!/^[a-z2-7]{32}$/.test(token)) return { kind: 'unknown' };
  return stateOf(await confirmationByHash(db, hashToken(token)));
}

/**
 * Confirms the address the link was sent to: the link is used up and the account's address marked
 * confirmed in one transaction, and only while the account still has that address (a change made
 * after the mail leaves the link dead). The act is the account owner's (the mailbox holder's).
 */
export async function confirmEmail(db: Kysely<Database>, token: string, ip: string | null): Promise<LinkState> {
  if (!/^[a-z2-7]{32}$/.test(token)) return { kind: 'unknown' };
  return db
    .transaction()
    .execute(async (trx) => {
      const row = await confirmationByHash(trx, hashToken(token));
      const state = stateOf(row);
      if (state.kind !== 'ok' || !row) return state;
      const used = await trx
        .updateTable('email_confirmations')
        .set({ used_at: new Date() })
        .where('id', '=', row.id)
        .where('used_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!used) return { kind: 'used', email: row.email } as const;
      const confirmed = await trx
        .updateTable('users')
        .set({ email_confirmed_at: new Date(), updated_at: new Date() })
        .where('id', '=', row.user_id)
        .where('email', '=', row.email)
        .where('is_active', '=', true)
        .returning('id')
        .executeTakeFirst();
      if (!confirmed) throw new ChangedMeanwhile();
      await recordAudit(
        trx,
        { userId: row.user_id, ip },
        {
          action: 'confirm_email',
          entityType: 'user',
          entityId: row.user_id,
          organizationId: row.organization_id,
          municipalityId: row.municipality_id,
          changedFields: ['email_confirmed_at'],
        },
      );
      return { kind: 'ok', email: row.email, fullName: row.user_full_name, userId: row.user_id } as const;
    })
    .catch((error: unknown) => {
      if (error instanceof ChangedMeanwhile) return { kind: 'changed' } as const;
      throw error;
    });
}

/** The address changed between reading the link and confirming it: the transaction is undone. */
class ChangedMeanwhile extends Error {}

/** The person's settings page: its choices, and what limits mail for it now. */
export interface MailSettingsPage {
  mode: MailMode;
  /** The kinds that come by e-mail. */
  emailKinds: NotificationKind[];
  updatedAt: Date | null;
  email: string | null;
  confirmed: boolean;
  noEmail: NoEmailReason | null;
  sendsMail: boolean;
  /** The kinds grouped by the part of their label before «:» («Мониторинг», «Дорожная карта» …). */
  groups: Array<{ title: string; kinds: Array<{ kind: NotificationKind; label: string }> }>;
}

/** The kinds grouped by their label's prefix, in the catalogue's order. */
export function kindGroups(): MailSettingsPage['groups'] {
  const groups: MailSettingsPage['groups'] = [];
  for (const kind of NOTIFICATION_KIND_LIST) {
    const label = NOTIFICATION_KINDS[kind].label;
    const at = label.indexOf(':');
    const title = at > 0 ? label.slice(0, at).trim() : 'Другие';
    const text = at > 0 ? label.slice(at + 1).trim() : label;
    let group = groups.find((g) => g.title === title);
    if (!group) {
      group = { title, kinds: [] };
      groups.push(group);
    }
    group.kinds.push({ kind, label: text.charAt(0).toUpperCase() + text.slice(1) });
  }
  return groups;
}

export async function mailSettingsPage(db: Kysely<Database>, actor: Actor, sendsMail: boolean): Promise<MailSettingsPage> {
  const [row, address, noEmail] = [
    await mailSettingsRow(db, actor.user.id),
    await emailOf(db, actor.user.id),
    await noEmailReasonOf(db, actor.user.id),
  ];
  const muted = new Set(row?.muted_kinds ?? []);
  return {
    mode: row?.mode ?? 'immediate',
    emailKinds: NOTIFICATION_KIND_LIST.filter((k) => !muted.has(k)),
    updatedAt: row?.updated_at ?? null,
    email: address.email,
    confirmed: address.email_confirmed_at !== null,
    noEmail,
    sendsMail,
    groups: kindGroups(),
  };
}

/**
 * Saves the person's choices: the mode, and as muted the kinds of the catalogue not chosen for mail
 * (a muted kind no longer in the catalogue is kept as it was). The row gets its unsubscribe token
 * when it is made (mail/settings.ts).
 */
export async function saveMailSettings(db: Kysely<Database>, actor: Actor, input: MailSettingsInput): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const before = await mailSettingsRow(trx, actor.user.id);
    const chosen = new Set<string>(input.email_kinds);
    const retired = (before?.muted_kinds ?? []).filter((k) => !(NOTIFICATION_KIND_LIST as string[]).includes(k));
    const muted = [...NOTIFICATION_KIND_LIST.filter((k) => !chosen.has(k)), ...retired];
    const beforeMode = before?.mode ?? 'immediate';
    const beforeMuted = [...(before?.muted_kinds ?? [])].sort();
    const changed: string[] = [];
    if (beforeMode !== input.mode) changed.push('mode');
    if (JSON.stringify(beforeMuted) !== JSON.stringify([...muted].sort())) changed.push('muted_kinds');
    if (changed.length === 0) return false;
    await unsubscribeToken(trx, actor.user.id);
    await trx
      .updateTable('mail_settings')
      .set({ mode: input.mode, muted_kinds: muted, updated_at: new Date() })
      .where('user_id', '=', actor.user.id)
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'mail_settings',
      entityId: actor.user.id,
      ...auditWhere(actor),
      changedFields: changed,
    });
    return true;
  });
}
