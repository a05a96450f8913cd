import { type Kysely, sql } from 'kysely';
import { usersInScope } from '../../access/scope.js';
import type { PasswordContext } from '../../auth/passwords.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, OrganizationType, Role } from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import { normalizedLike } from '../organizations/queries.js';
import type { UserListQuery } from './schemas.js';

export interface UserListRow {
  id: number;
  login: string;
  full_name: string;
  position: string | null;
  role: Role;
  is_active: boolean;
  last_login_at: Date | null;
  organization_id: number;
  organization_name: string;
}

export async function listUsers(db: Kysely<Database>, user: CurrentUser, query: UserListQuery): Promise<Page<UserListRow>> {
  let base = db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .where(usersInScope(user));
  if (query.role) base = base.where('users.role', '=', query.role);
  if (query.org) base = base.where('users.organization_id', '=', query.org);
  const status = query.status ?? 'active';
  if (status !== 'all') base = base.where('users.is_active', '=', status === 'active');
  if (query.q) {
    const q = query.q;
    base = base.where((eb) => eb.or([normalizedLike('users.full_name', q), normalizedLike('users.login', q)]));
  }
  const paging = { page: query.page, perPage: DEFAULT_PER_PAGE };
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  let rows = base.select([
    'users.id',
    'users.login',
    'users.full_name',
    'users.position',
    'users.role',
    'users.is_active',
    'users.last_login_at',
    'users.organization_id',
    'organizations.short_name as organization_name',
  ]);
  const sort = query.sort ?? 'name';
  if (sort === 'login') rows = rows.orderBy('users.login');
  else if (sort === 'last_login') rows = rows.orderBy(sql`users.last_login_at desc nulls last`);
  else rows = rows.orderBy('users.full_name');
  const result = await rows.orderBy('users.id').limit(paging.perPage).offset(offsetOf(paging)).execute();
  return pageOf(result, total, paging);
}

export interface UserDetails {
  id: number;
  login: string;
  full_name: string;
  position: string | null;
  role: Role;
  email: string | null;
  /** When the person confirmed the address by the link mailed to it; null: not confirmed (issue 16). */
  email_confirmed_at: Date | null;
  phone: string | null;
  is_active: boolean;
  has_password: boolean;
  password_changed_at: Date | null;
  last_login_at: Date | null;
  created_at: Date;
  organization: { id: number; short_name: string; type: OrganizationType; municipality_id: number | null; is_active: boolean };
}

/** A user in the actor's scope, or undefined (404). */
export async function findUserInScope(db: Kysely<Database>, actor: CurrentUser, id: number): Promise<UserDetails | undefined> {
  const row = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.id',
      'users.login',
      'users.full_name',
      'users.position',
      'users.role',
      'users.email',
      'users.email_confirmed_at',
      'users.phone',
      'users.is_active',
      sql<boolean>`users.password_hash is not null`.as('has_password'),
      'users.password_changed_at',
      'users.last_login_at',
      'users.created_at',
      'organizations.id as org_id',
      'organizations.short_name as org_name',
      'organizations.type as org_type',
      'organizations.municipality_id as org_municipality_id',
      'organizations.is_active as org_active',
    ])
    .where('users.id', '=', id)
    .where((eb) => eb.or([usersInScope(actor)(eb), eb('users.id', '=', actor.id)]))
    .executeTakeFirst();
  if (!row) return undefined;
  const { org_id, org_name, org_type, org_municipality_id, org_active, ...user } = row;
  return {
    ...user,
    organization: {
      id: org_id,
      short_name: org_name,
      type: org_type,
      municipality_id: org_municipality_id,
      is_active: org_active,
    },
  };
}

export async function activeSessionCount(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db
    .selectFrom('sessions')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date())
    .executeTakeFirstOrThrow();
  return row.n;
}

export async function loginTaken(db: Kysely<Database>, login: string, exceptId: number | null): Promise<boolean> {
  let q = db.selectFrom('users').select('id').where(sql`lower(login)`, '=', login.toLowerCase());
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** The stored hash of a user's password; null when none is set yet. */
export async function passwordHashOf(db: Kysely<Database>, userId: number): Promise<string | null> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  return row.password_hash;
}

/** Whose password is being set: the words a password must not be made of (auth/passwords.ts). */
export async function passwordContextOf(db: Kysely<Database>, userId: number): Promise<PasswordContext> {
  const row = await db
    .selectFrom('users')
    .innerJoin('organizations as o', 'o.id', 'users.organization_id')
    .leftJoin('organizations as m', 'm.id', 'o.municipality_id')
    .select([
      'users.login',
      'users.full_name',
      'o.full_name as organization',
      'o.short_name as organization_short',
      'm.full_name as municipality',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirstOrThrow();
  const personal = [row.full_name, row.organization, row.organization_short, row.municipality].filter((text): text is string =>
    Boolean(text),
  );
  return { login: row.login, personal };
}
