/**
 * A person's mail choices (migration 0020, mail_settings): no row reads as the defaults — immediate
 * mail of every kind. The unsubscribe token is made on first need and kept; it only turns mail off.
 */

import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, MailMode } from '../../db/types.js';

export interface MailSettings {
  mode: MailMode;
  mutedKinds: readonly string[];
}

export const DEFAULT_MAIL_SETTINGS: MailSettings = { mode: 'immediate', mutedKinds: [] };

/** The settings of each of the people (those without a row get the defaults). */
export async function readMailSettings(
  db: Kysely<Database> | Transaction<Database>,
  userIds: readonly number[],
): Promise<Map<number, MailSettings>> {
  const result = new Map<number, MailSettings>();
  for (const id of userIds) result.set(id, DEFAULT_MAIL_SETTINGS);
  if (userIds.length === 0) return result;
  const rows = await db
    .selectFrom('mail_settings')
    .select(['user_id', 'mode', 'muted_kinds'])
    .where('user_id', 'in', [...userIds])
    .execute();
  for (const row of rows) result.set(row.user_id, { mode: row.mode, mutedKinds: row.muted_kinds });
  return result;
}

/** The person's unsubscribe token, made (with a settings row of the defaults) when there is none yet. */
export async function unsubscribeToken(db: Kysely<Database> | Transaction<Database>, userId: number): Promise<string> {
  await db
    .insertInto('mail_settings')
    .values({ user_id: userId, unsubscribe_token: randomBytes(24).toString('base64url') })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('mail_settings')
    .select('unsubscribe_token')
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.unsubscribe_token;
}
