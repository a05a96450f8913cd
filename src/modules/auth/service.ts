import type { Kysely, Transaction } from 'kysely';
import { findUsablePasswordToken } from '../../auth/password-tokens.js';
import { checkNewPassword, hashPassword, verifyAgainstDummy, verifyPassword } from '../../auth/passwords.js';
import { createSession, invalidateSession, invalidateUserSessions } from '../../auth/sessions.js';
import { forgetOldAttempts, giveBackAttempt, loginLimits, takeAttempt } from '../../auth/throttle.js';
import type { Database } from '../../db/types.js';
import { recordAudit } from '../audit/service.js';
import { passwordContextOf } from '../users/queries.js';

export type LoginResult =
  | { kind: 'ok'; token: string; expiresAt: Date; userId: number }
  | { kind: 'invalid' }
  | { kind: 'locked'; until: Date };

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

export async function login(db: Kysely<Database>, loginName: string, password: string, client: ClientInfo): Promise<LoginResult> {
  // The attempt is counted before the password is checked (auth/throttle.ts): of simultaneous
  // guesses only as many as the limit get this far.
  const limits = loginLimits(loginName, client.ip);
  const until = await takeAttempt(db, limits);
  if (until) return { kind: 'locked', until };

  const user = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.password_hash', 'users.is_active', 'users.organization_id', 'organizations.municipality_id'])
    .where((eb) => eb(eb.fn('lower', ['users.login']), '=', loginName.trim().toLowerCase()))
    .executeTakeFirst();

  let valid = false;
  if (user?.password_hash && user.is_active) {
    valid = await verifyPassword(user.password_hash, password);
  } else {
    await verifyAgainstDummy(password); // the same time whether or not the login exists
  }
  if (!valid || !user) {
    await forgetOldAttempts(db);
    return { kind: 'invalid' };
  }
  await giveBackAttempt(db, limits);

  const session = await db.transaction().execute(async (trx) => {
    const created = await createSession(trx, user.id, { ip: client.ip, userAgent: client.userAgent });
    await trx.updateTable('users').set({ last_login_at: new Date() }).where('id', '=', user.id).execute();
    await recordAudit(
      trx,
      { userId: user.id, ip: client.ip },
      {
        action: 'login',
        entityType: 'user',
        entityId: user.id,
        organizationId: user.organization_id,
        municipalityId: user.municipality_id,
      },
    );
    return created;
  });
  return { kind: 'ok', token: session.token, expiresAt: session.expiresAt, userId: user.id };
}

export async function logout(db: Kysely<Database>, sessionId: string): Promise<void> {
  await invalidateSession(db, sessionId);
}

export type SetPasswordResult = { kind: 'ok'; login: string } | { kind: 'invalid-link' } | { kind: 'weak'; message: string };

/** Sets a password through a one-time link: marks the link used and ends the user's sessions. */
export async function setPasswordWithToken(
  db: Kysely<Database>,
  token: string,
  password: string,
  ip: string | null,
): Promise<SetPasswordResult> {
  const info = await findUsablePasswordToken(db, token);
  if (!info) return { kind: 'invalid-link' };
  const weakness = checkNewPassword(password, await passwordContextOf(db, info.userId));
  if (weakness) return { kind: 'weak', message: weakness };
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    // Marking the link used in the same statement that checks it makes a second use fail.
    const used = await trx
      .updateTable('password_tokens')
      .set({ used_at: new Date() })
      .where('id', '=', info.id)
      .where('used_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!used) return { kind: 'invalid-link' } as const;
    const user = await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: new Date(), updated_at: new Date() })
      .where('id', '=', info.userId)
      .returning(['id', 'organization_id'])
      .executeTakeFirstOrThrow();
    await invalidateUserSessions(trx, info.userId);
    // A link that was mailed to the person's address (mail/service.ts) proves the address is theirs.
    const addressConfirmed = await confirmMailedAddress(trx, info.id, info.userId);
    const org = await trx
      .selectFrom('organizations')
      .select('municipality_id')
      .where('id', '=', user.organization_id)
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      { userId: info.userId, ip },
      {
        action: 'set_password',
        entityType: 'user',
        entityId: info.userId,
        organizationId: user.organization_id,
        municipalityId: org.municipality_id,
        changedFields: addressConfirmed ? ['password', 'email_confirmed_at'] : ['password'],
      },
    );
    return { kind: 'ok', login: info.login } as const;
  });
}

/**
 * The set-password link `tokenHash` was mailed to an address (an email_confirmations row under the
 * same hash): when it is still the person's address, it is confirmed. Returns whether it was.
 */
async function confirmMailedAddress(trx: Transaction<Database>, tokenHash: string, userId: number): Promise<boolean> {
  const now = new Date();
  const mailed = await trx
    .updateTable('email_confirmations')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('email')
    .executeTakeFirst();
  if (!mailed) return false;
  const confirmed = await trx
    .updateTable('users')
    .set({ email_confirmed_at: now })
    .where('id', '=', userId)
    .where('email', '=', mailed.email)
    .returning('id')
    .executeTakeFirst();
  return confirmed !== undefined;
}
