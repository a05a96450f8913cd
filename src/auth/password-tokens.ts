import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { generateToken, hashToken } from './tokens.js';

/** A one-time link to set a password is valid for 72 hours and for one use. */
export const PASSWORD_TOKEN_LIFETIME_MS = 72 * 60 * 60 * 1000;

export interface IssuedPasswordToken {
  token: string;
  expiresAt: Date;
}

/** Issues a new link; the earlier unused links of the user stop working. */
export async function issuePasswordToken(
  db: Kysely<Database>,
  userId: number,
  purpose: 'invite' | 'reset',
  createdBy: number | null,
): Promise<IssuedPasswordToken> {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + PASSWORD_TOKEN_LIFETIME_MS);
  await db.deleteFrom('password_tokens').where('user_id', '=', userId).where('used_at', 'is', null).execute();
  await db
    .insertInto('password_tokens')
    .values({ id: hashToken(token), user_id: userId, purpose, expires_at: expiresAt, created_by: createdBy })
    .execute();
  return { token, expiresAt };
}

export interface PasswordTokenInfo {
  id: string;
  userId: number;
  login: string;
  fullName: string;
  purpose: 'invite' | 'reset';
}

/** The token's user if the link is still good (unused, not expired, user active), else null. */
export async function findUsablePasswordToken(db: Kysely<Database>, token: string): Promise<PasswordTokenInfo | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const row = await db
    .selectFrom('password_tokens')
    .innerJoin('users', 'users.id', 'password_tokens.user_id')
    .select(['password_tokens.id', 'password_tokens.purpose', 'users.id as user_id', 'users.login', 'users.full_name'])
    .where('password_tokens.id', '=', hashToken(token))
    .where('password_tokens.used_at', 'is', null)
    .where('password_tokens.expires_at', '>', new Date())
    .where('users.is_active', '=', true)
    .executeTakeFirst();
  return row ? { id: row.id, userId: row.user_id, login: row.login, fullName: row.full_name, purpose: row.purpose } : null;
}

export function passwordLinkPath(token: string): string {
  return `/set-password/${token}`;
}
