import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { organizationsInScope, usersInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { byDataVersion } from '../../db/data-version.js';
import type { Database, OrganizationType, Role } from '../../db/types.js';

export interface ScopeCounts {
  organizations: Partial<Record<OrganizationType, number>>;
  resourceCenters: number;
  additionalSchools: number;
  users: Partial<Record<Role, number>>;
  usersWithoutPassword: number;
}

/** How many organisations and accounts the user's scope holds, for the home page: one query. */
export async function scopeCounts(db: Kysely<Database>, user: CurrentUser): Promise<ScopeCounts> {
  const orgQuery = db
    .selectFrom('organizations')
    .select([
      'type',
      sql<number>`count(*)::int`.as('n'),
      sql<number>`(count(*) filter (where is_resource_center))::int`.as('rc'),
      sql<number>`(count(*) filter (where school_kind = 'additional'))::int`.as('additional'),
    ])
    .where(organizationsInScope(user))
    .where('is_active', '=', true)
    .groupBy('type');
  const userQuery = db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select([
      'users.role',
      sql<number>`count(*)::int`.as('n'),
      sql<number>`(count(*) filter (where users.password_hash is null))::int`.as('no_password'),
    ])
    .where(usersInScope(user))
    .where('users.is_active', '=', true)
    .groupBy('users.role');
  const { orgRows, userRows } = await db
    .selectNoFrom([jsonArrayFrom(orgQuery).as('orgRows'), jsonArrayFrom(userQuery).as('userRows')])
    .executeTakeFirstOrThrow();
  const counts: ScopeCounts = { organizations: {}, resourceCenters: 0, additionalSchools: 0, users: {}, usersWithoutPassword: 0 };
  for (const r of orgRows) {
    counts.organizations[r.type] = r.n;
    counts.resourceCenters += r.rc;
    counts.additionalSchools += r.additional;
  }
  for (const r of userRows) {
    counts.users[r.role] = r.n;
    counts.usersWithoutPassword += r.no_password;
  }
  return counts;
}

/** Schools of the user's scope that have no active curator account: whom the centre should chase. */
export function schoolsWithoutCurator(db: Kysely<Database>, user: CurrentUser) {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where(organizationsInScope(user))
    .where('type', '=', 'school')
    .where('is_active', '=', true)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('users')
            .select('users.id')
            .whereRef('users.organization_id', '=', 'organizations.id')
            .where('users.role', '=', 'curator')
            .where('users.is_active', '=', true),
        ),
      ),
    )
    .orderBy('short_name')
    .execute();
}

/** Curators and the head of the user's own organisation: who a mentor or mentee turns to. */
export function contactsOf(db: Kysely<Database>, user: CurrentUser) {
  return db
    .selectFrom('users')
    .select(['full_name', 'position', 'role'])
    .where('organization_id', '=', user.organizationId)
    .where('role', 'in', ['curator', 'school_head'])
    .where('is_active', '=', true)
    .orderBy('role')
    .orderBy('full_name')
    .execute();
}

/**
 * Current (not archived) people of a school's bases, and how many of them lack consent: one query,
 * kept under the municipality's data version (mentors and mentees move it).
 */
export async function basesSummary(db: Kysely<Database>, organizationId: number, municipalityId: number | null) {
  return municipalityId === null
    ? countBases(db, organizationId)
    : byDataVersion(db, municipalityId, `bases:${organizationId}`, () => countBases(db, organizationId), 64);
}

async function countBases(db: Kysely<Database>, organizationId: number) {
  const count = (table: 'mentors' | 'mentees') =>
    db
      .selectFrom(table)
      .select([
        sql<number>`count(*)::int`.as('total'),
        sql<number>`(count(*) filter (where consent_date is null))::int`.as('without_consent'),
      ])
      .where('organization_id', '=', organizationId)
      .where('archived_at', 'is', null);
  const row = await db
    .selectNoFrom([jsonObjectFrom(count('mentors')).as('mentors'), jsonObjectFrom(count('mentees')).as('mentees')])
    .executeTakeFirstOrThrow();
  const mentors = row.mentors ?? { total: 0, without_consent: 0 };
  const mentees = row.mentees ?? { total: 0, without_consent: 0 };
  return { mentors: mentors.total, mentees: mentees.total, withoutConsent: mentors.without_consent + mentees.without_consent };
}
