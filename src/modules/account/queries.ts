import type { Kysely, Transaction } from 'kysely';
import type { Database, MailMode } from '../../db/types.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The person's address and whether it is confirmed. */
export interface EmailRow {
  email: string | null;
  email_confirmed_at: Date | null;
}

export async function emailOf(db: Db, userId: number): Promise<EmailRow> {
  return db.selectFrom('users').select(['email', 'email_confirmed_at']).where('id', '=', userId).executeTakeFirstOrThrow();
}

/** The newest unused, unexpired confirmation link sent to the person's current address, if any. */
export async function pendingConfirmation(
  db: Db,
  userId: number,
  email: string,
): Promise<{ created_at: Date; expires_at: Date } | undefined> {
  return db
    .selectFrom('email_confirmations')
    .select(['created_at', 'expires_at'])
    .where('user_id', '=', userId)
    .where('email', '=', email)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** A confirmation link by its token's hash, with its account's state. */
export interface ConfirmationRow {
  id: number;
  user_id: number;
  email: string;
  expires_at: Date;
  used_at: Date | null;
  user_email: string | null;
  user_full_name: string;
  user_is_active: boolean;
  organization_id: number;
  municipality_id: number | null;
  /** A newer link of the same account exists (only the newest works). */
  replaced: boolean;
}

export async function confirmationByHash(db: Db, tokenHash: string): Promise<ConfirmationRow | undefined> {
  const row = await db
    .selectFrom('email_confirmations as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .innerJoin('organizations as o', 'o.id', 'u.organization_id')
    .select([
      'c.id',
      'c.user_id',
      'c.email',
      'c.expires_at',
      'c.used_at',
      'u.email as user_email',
      'u.full_name as user_full_name',
      'u.is_active as user_is_active',
      'u.organization_id',
      'o.municipality_id',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('email_confirmations as newer')
              .select('newer.id')
              .whereRef('newer.user_id', '=', 'c.user_id')
              .whereRef('newer.id', '>', 'c.id'),
          )
          .as('replaced'),
    ])
    .where('c.token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row ? { ...row, replaced: row.replaced === true } : undefined;
}

/** The person's stored mail settings, if it chose any. */
export async function mailSettingsRow(
  db: Db,
  userId: number,
): Promise<{ mode: MailMode; muted_kinds: string[]; updated_at: Date } | undefined> {
  return db
    .selectFrom('mail_settings')
    .select(['mode', 'muted_kinds', 'updated_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}
