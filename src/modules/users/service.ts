import type { Kysely } from 'kysely';
import { canChangeRoleOf, canManageAccountIn, canManageUser, canViewUser } from '../../access/policy.js';
import { ROLE_LABELS, ROLE_ORGANIZATION_TYPES } from '../../access/roles.js';
import { type IssuedPasswordToken, issuePasswordToken } from '../../auth/password-tokens.js';
import { checkNewPassword, hashPassword, verifyPassword } from '../../auth/passwords.js';
import { createSession, invalidateUserSessions } from '../../auth/sessions.js';
import { currentPasswordLimits, giveBackAttempt, takeAttempt } from '../../auth/throttle.js';
import { minutesLeft } from '../../lib/ru.js';
import type { Database } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { type Actor, auditActor, changedFields, recordAudit } from '../audit/service.js';
import { ORGANIZATION_TYPE_LABELS } from '../organizations/labels.js';
import { findOrganization } from '../organizations/queries.js';
import {
  activeSessionCount,
  findUserInScope,
  loginTaken,
  passwordContextOf,
  passwordHashOf,
  type UserDetails,
} from './queries.js';
import type { UserInput } from './schemas.js';

/** An account the actor may see: 404 outside the scope (its own account is always in it). */
export async function getUser(db: Kysely<Database>, actor: Actor, id: number): Promise<UserDetails> {
  const user = await findUserInScope(db, actor.user, id);
  if (!user || !canViewUser(actor.user, { id: user.id, role: user.role, organization: user.organization })) {
    throw new NotFoundError();
  }
  return user;
}

/** An account's page: the account, whether the actor manages it, and then its open sessions. */
export async function userPage(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
): Promise<{ user: UserDetails; canManage: boolean; sessions: number | null }> {
  const user = await getUser(db, actor, id);
  const canManage = canManageUser(actor.user, { id: user.id, role: user.role, organization: user.organization });
  return { user, canManage, sessions: canManage ? await activeSessionCount(db, id) : null };
}

/** An account the actor may change: 404 outside the scope, 403 inside it. */
export async function getUserForChange(db: Kysely<Database>, actor: Actor, id: number): Promise<UserDetails> {
  const user = await getUser(db, actor, id);
  if (!canManageUser(actor.user, { id: user.id, role: user.role, organization: user.organization })) {
    throw new ForbiddenError('Изменять эту учётную запись может администратор портала.');
  }
  return user;
}

/** Checks that the actor may place an account of this role in this organisation. */
async function checkPlacement(db: Kysely<Database>, actor: Actor, input: UserInput): Promise<FieldErrors | null> {
  const org = await findOrganization(db, input.organization_id);
  if (!org?.is_active) return { organization_id: 'Выберите действующую организацию из списка' };
  if (!ROLE_ORGANIZATION_TYPES[input.role].includes(org.type)) {
    const allowed = ROLE_ORGANIZATION_TYPES[input.role].map((t) => `«${ORGANIZATION_TYPE_LABELS[t]}»`).join(', ');
    return { role: `Роль «${ROLE_LABELS[input.role]}» можно дать только сотруднику организации типа ${allowed}` };
  }
  if (!canManageAccountIn(actor.user, org, input.role)) {
    return { organization_id: 'Вы не можете создавать учётные записи с такой ролью в этой организации' };
  }
  return null;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export type CreateUserResult = { ok: true; id: number; link: IssuedPasswordToken } | { ok: false; errors: FieldErrors };

/** Creates an account without a password and issues the one-time link to set one. */
export async function createUser(db: Kysely<Database>, actor: Actor, input: UserInput): Promise<CreateUserResult> {
  const placement = await checkPlacement(db, actor, input);
  if (placement) return { ok: false, errors: placement };
  if (await loginTaken(db, input.login, null)) return { ok: false, errors: { login: 'Этот логин уже занят — выберите другой' } };
  const org = await findOrganization(db, input.organization_id);
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('users').values(input).returning('id').executeTakeFirstOrThrow();
      const link = await issuePasswordToken(trx, row.id, 'invite', actor.user.id);
      await recordAudit(trx, auditActor(actor), {
        action: 'create',
        entityType: 'user',
        entityId: row.id,
        organizationId: input.organization_id,
        municipalityId: org?.municipality_id ?? null,
        changedFields: Object.keys(input).filter((k) => input[k as keyof UserInput] !== null),
      });
      return { ok: true, id: row.id, link } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { login: 'Этот логин уже занят — выберите другой' } };
    throw error;
  }
}

export type SaveResult = { ok: true } | { ok: false; errors: FieldErrors };

export async function updateUser(db: Kysely<Database>, actor: Actor, id: number, input: UserInput): Promise<SaveResult> {
  const user = await getUserForChange(db, actor, id);
  if (input.role !== user.role && !canChangeRoleOf(actor.user, user)) {
    return { ok: false, errors: { role: 'Нельзя изменить роль собственной учётной записи' } };
  }
  const placement = await checkPlacement(db, actor, input);
  if (placement) return { ok: false, errors: placement };
  if (await loginTaken(db, input.login, id)) return { ok: false, errors: { login: 'Этот логин уже занят — выберите другой' } };
  const before = { ...user, organization_id: user.organization.id };
  const changed = changedFields(before, input);
  if (changed.length === 0) return { ok: true };
  const org = await findOrganization(db, input.organization_id);
  try {
    await db.transaction().execute(async (trx) => {
      // Another address is not confirmed by the old one's confirmation (and links sent to the old one stop working).
      const emailChanged = changed.includes('email');
      await trx
        .updateTable('users')
        .set({ ...input, ...(emailChanged ? { email_confirmed_at: null } : {}), updated_at: new Date() })
        .where('id', '=', id)
        .execute();
      // A new role or organisation changes what the person may see: they sign in again.
      if (changed.includes('role') || changed.includes('organization_id') || changed.includes('login')) {
        await invalidateUserSessions(trx, id);
      }
      await recordAudit(trx, auditActor(actor), {
        action: 'update',
        entityType: 'user',
        entityId: id,
        organizationId: input.organization_id,
        municipalityId: org?.municipality_id ?? null,
        changedFields: changed.includes('email') ? [...changed, 'email_confirmed_at'] : changed,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { login: 'Этот логин уже занят — выберите другой' } };
    throw error;
  }
  return { ok: true };
}

export type ActivationResult = { ok: true } | { ok: false; message: string };

export async function setUserActive(db: Kysely<Database>, actor: Actor, id: number, active: boolean): Promise<ActivationResult> {
  const user = await getUserForChange(db, actor, id);
  if (id === actor.user.id) return { ok: false, message: 'Нельзя отключить собственную учётную запись.' };
  if (user.is_active === active) return { ok: true };
  if (active && !user.organization.is_active) {
    return { ok: false, message: 'Организация пользователя отключена: сначала включите её.' };
  }
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ is_active: active, updated_at: new Date() }).where('id', '=', id).execute();
    if (!active) await invalidateUserSessions(trx, id);
    await recordAudit(trx, auditActor(actor), {
      action: active ? 'activate' : 'deactivate',
      entityType: 'user',
      entityId: id,
      organizationId: user.organization.id,
      municipalityId: user.organization.municipality_id,
      changedFields: ['is_active'],
    });
  });
  return { ok: true };
}

export type ResetResult = { ok: true; link: IssuedPasswordToken; purpose: 'invite' | 'reset' } | { ok: false; message: string };

/**
 * Issues a new one-time link. The old password keeps working until the new one is set,
 * so that a reset asked by mistake locks nobody out; the link replaces earlier links.
 */
export async function issuePasswordReset(db: Kysely<Database>, actor: Actor, id: number): Promise<ResetResult> {
  const user = await getUserForChange(db, actor, id);
  if (!user.is_active) return { ok: false, message: 'Учётная запись отключена: сначала включите её.' };
  const purpose = user.has_password ? 'reset' : 'invite';
  const link = await db.transaction().execute(async (trx) => {
    const issued = await issuePasswordToken(trx, id, purpose, actor.user.id);
    await recordAudit(trx, auditActor(actor), {
      action: 'reset_password',
      entityType: 'user',
      entityId: id,
      organizationId: user.organization.id,
      municipalityId: user.organization.municipality_id,
    });
    return issued;
  });
  return { ok: true, link, purpose };
}

export type ChangePasswordResult = { ok: true; token: string; expiresAt: Date } | { ok: false; errors: FieldErrors };

/** The user changes their own password: every session ends, and a fresh one is returned for this browser. */
export async function changeOwnPassword(
  db: Kysely<Database>,
  actor: Actor,
  current: string,
  next: string,
  userAgent: string | null,
): Promise<ChangePasswordResult> {
  // Someone at an unlocked computer may not guess the password in order to change it.
  const limits = currentPasswordLimits(actor.user.id);
  const until = await takeAttempt(db, limits);
  if (until) {
    return {
      ok: false,
      errors: {
        current_password: `Слишком много неверных попыток ввести текущий пароль. Попробуйте снова через ${minutesLeft(until)}.`,
      },
    };
  }
  const hash = await passwordHashOf(db, actor.user.id);
  if (!hash || !(await verifyPassword(hash, current))) {
    return { ok: false, errors: { current_password: 'Текущий пароль указан неверно' } };
  }
  await giveBackAttempt(db, limits);
  const weakness = checkNewPassword(next, await passwordContextOf(db, actor.user.id));
  if (weakness) return { ok: false, errors: { password: weakness } };
  if (current === next) return { ok: false, errors: { password: 'Новый пароль совпадает с текущим' } };
  const passwordHash = await hashPassword(next);
  const session = await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: new Date(), updated_at: new Date() })
      .where('id', '=', actor.user.id)
      .execute();
    await invalidateUserSessions(trx, actor.user.id);
    await recordAudit(trx, auditActor(actor), {
      action: 'change_password',
      entityType: 'user',
      entityId: actor.user.id,
      organizationId: actor.user.organizationId,
      municipalityId: actor.user.municipalityId,
      changedFields: ['password'],
    });
    return createSession(trx, actor.user.id, { ip: actor.ip, userAgent });
  });
  return { ok: true, ...session };
}
