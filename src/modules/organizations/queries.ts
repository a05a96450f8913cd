import { type Kysely, sql } from 'kysely';
import { municipalityWideOf, organizationsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { byDataVersion } from '../../db/data-version.js';
import type { Database, Organization, OrganizationType } from '../../db/types.js';
import { DEFAULT_PER_PAGE, offsetOf, type Page, pageOf } from '../../lib/pagination.js';
import type { OrganizationListQuery } from './schemas.js';

export interface OrganizationListRow {
  id: number;
  type: OrganizationType;
  short_name: string;
  full_name: string;
  school_kind: Organization['school_kind'];
  is_resource_center: boolean;
  is_mentor_school: boolean;
  support_direction: Organization['support_direction'];
  support_subject: string | null;
  partner_kind: Organization['partner_kind'];
  inn: string | null;
  is_active: boolean;
  parent_name: string | null;
  user_count: number;
}

const TYPE_ORDER = sql<number>`array_position(array['region','municipality','department','method_center','school','partner']::text[], organizations.type)`;

/** Case- and ё-insensitive substring search. */
export function normalizedLike(column: string, q: string) {
  const pattern = `%${q
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`translate(lower(${sql.ref(column)}), 'ё', 'е') like ${pattern}`;
}

export async function listOrganizations(
  db: Kysely<Database>,
  user: CurrentUser,
  query: OrganizationListQuery,
): Promise<Page<OrganizationListRow>> {
  let base = db
    .selectFrom('organizations')
    .leftJoin('organizations as parent', 'parent.id', 'organizations.parent_id')
    .where(organizationsInScope(user));
  if (query.type) base = base.where('organizations.type', '=', query.type);
  if (query.support === 'resource_center') base = base.where('organizations.is_resource_center', '=', true);
  else if (query.support === 'mentor_school') base = base.where('organizations.is_mentor_school', '=', true);
  else if (query.support === 'any')
    base = base.where((eb) =>
      eb.or([eb('organizations.is_resource_center', '=', true), eb('organizations.is_mentor_school', '=', true)]),
    );
  const status = query.status ?? 'active';
  if (status !== 'all') base = base.where('organizations.is_active', '=', status === 'active');
  if (query.q) {
    const q = query.q;
    base = base.where((eb) =>
      eb.or([
        normalizedLike('organizations.short_name', q),
        normalizedLike('organizations.full_name', q),
        eb('organizations.inn', '=', q),
      ]),
    );
  }
  const paging = { page: query.page, perPage: DEFAULT_PER_PAGE };
  const { total } = await base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  let rows = base.select([
    'organizations.id',
    'organizations.type',
    'organizations.short_name',
    'organizations.full_name',
    'organizations.school_kind',
    'organizations.is_resource_center',
    'organizations.is_mentor_school',
    'organizations.support_direction',
    'organizations.support_subject',
    'organizations.partner_kind',
    'organizations.inn',
    'organizations.is_active',
    'parent.short_name as parent_name',
    (eb) =>
      eb
        .selectFrom('users')
        .select(sql<number>`count(*)::int`.as('c'))
        .whereRef('users.organization_id', '=', 'organizations.id')
        .where('users.is_active', '=', true)
        .as('user_count'),
  ]);
  const sort = query.sort ?? 'type';
  if (sort === 'name') rows = rows.orderBy('organizations.short_name');
  else if (sort === 'created') rows = rows.orderBy('organizations.created_at', 'desc');
  else rows = rows.orderBy(TYPE_ORDER).orderBy('organizations.short_name');
  const result = await rows.orderBy('organizations.id').limit(paging.perPage).offset(offsetOf(paging)).execute();
  return pageOf(
    result.map((r) => ({ ...r, user_count: r.user_count ?? 0 })),
    total,
    paging,
  );
}

/** One organisation if it is in the user's scope, else undefined (the route answers 404). */
export function findOrganizationInScope(db: Kysely<Database>, user: CurrentUser, id: number): Promise<Organization | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).where(organizationsInScope(user)).executeTakeFirst();
}

export function findOrganization(db: Kysely<Database>, id: number): Promise<Organization | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether another organisation (not `selfId`) has this INN. */
export async function innTaken(db: Kysely<Database>, inn: string | null, selfId: number | null): Promise<boolean> {
  if (!inn) return false;
  let q = db.selectFrom('organizations').select('id').where('inn', '=', inn);
  if (selfId !== null) q = q.where('id', '<>', selfId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function hasChildOrganizations(db: Kysely<Database>, id: number): Promise<boolean> {
  return (await db.selectFrom('organizations').select('id').where('parent_id', '=', id).executeTakeFirst()) !== undefined;
}

/** Whether the organisation has accounts, active or not. */
export async function hasAccounts(db: Kysely<Database>, id: number): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('organization_id', '=', id).executeTakeFirst()) !== undefined;
}

export async function activeChildCount(db: Kysely<Database>, id: number): Promise<number> {
  const row = await db
    .selectFrom('organizations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('parent_id', '=', id)
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  return row.n;
}

export interface OrganizationOption {
  id: number;
  short_name: string;
  type: OrganizationType;
  municipality_id: number | null;
}

/** Organisations in the user's scope of the given types, for select lists; a municipality's kept under its data version. */
export function organizationOptions(
  db: Kysely<Database>,
  user: CurrentUser,
  types: readonly OrganizationType[],
): Promise<OrganizationOption[]> {
  if (types.length === 0) return Promise.resolve([]);
  const list = () =>
    db
      .selectFrom('organizations')
      .select(['id', 'short_name', 'type', 'municipality_id'])
      .where(organizationsInScope(user))
      .where('type', 'in', types)
      .where('is_active', '=', true)
      .orderBy(TYPE_ORDER)
      .orderBy('short_name')
      .execute();
  const municipalityId = municipalityWideOf(user);
  return municipalityId === null ? list() : byDataVersion(db, municipalityId, `organizations:options:${types.join(',')}`, list);
}

/** The parent, the children and the number of active accounts of an organisation, for its page. */
export async function organizationSurroundings(db: Kysely<Database>, org: Organization) {
  const parent = org.parent_id
    ? await db.selectFrom('organizations').select(['id', 'short_name']).where('id', '=', org.parent_id).executeTakeFirst()
    : undefined;
  const children = await childOrganizations(db, org.id);
  const users = await db
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('organization_id', '=', org.id)
    .where('is_active', '=', true)
    .executeTakeFirstOrThrow();
  return { parent, children, activeUsers: users.n };
}

function childOrganizations(db: Kysely<Database>, parentId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'type', 'short_name', 'is_active', 'school_kind', 'is_resource_center', 'is_mentor_school', 'partner_kind'])
    .where('parent_id', '=', parentId)
    .orderBy(TYPE_ORDER)
    .orderBy('short_name')
    .execute();
}

/** The active partner organisations of a municipality (a curator picks a mentor's origin from them). */
export function partnersOf(db: Kysely<Database>, municipalityId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'partner')
    .where('is_active', '=', true)
    .orderBy('short_name')
    .execute();
}

export interface SchoolRef {
  id: number;
  short_name: string;
  municipality_id: number | null;
}

/** The schools a resource centre or mentor school serves (issue 17), by name. */
export function servedSchoolsOf(db: Kysely<Database>, organizationId: number): Promise<SchoolRef[]> {
  return db
    .selectFrom('organization_served_schools')
    .innerJoin('organizations', 'organizations.id', 'organization_served_schools.school_id')
    .select(['organizations.id', 'organizations.short_name', 'organizations.municipality_id'])
    .where('organization_served_schools.organization_id', '=', organizationId)
    .orderBy('organizations.short_name')
    .execute();
}

/** The served schools of several organisations at once (a page of the list), by organisation. */
export async function servedSchoolsByOrganization(db: Kysely<Database>, ids: number[]): Promise<Map<number, SchoolRef[]>> {
  const map = new Map<number, SchoolRef[]>();
  if (ids.length === 0) return map;
  const rows = await db
    .selectFrom('organization_served_schools')
    .innerJoin('organizations', 'organizations.id', 'organization_served_schools.school_id')
    .select([
      'organization_served_schools.organization_id as owner',
      'organizations.id',
      'organizations.short_name',
      'organizations.municipality_id',
    ])
    .where('organization_served_schools.organization_id', 'in', ids)
    .orderBy('organizations.short_name')
    .execute();
  for (const { owner, ...school } of rows) map.set(owner, [...(map.get(owner) ?? []), school]);
  return map;
}

export interface ServingOrganization {
  id: number;
  short_name: string;
  is_resource_center: boolean;
  is_mentor_school: boolean;
  support_direction: Organization['support_direction'];
  support_subject: string | null;
}

/** The active resource centres and mentor schools that serve a school. */
export function servingOrganizationsOf(db: Kysely<Database>, schoolId: number): Promise<ServingOrganization[]> {
  return db
    .selectFrom('organization_served_schools')
    .innerJoin('organizations', 'organizations.id', 'organization_served_schools.organization_id')
    .select([
      'organizations.id',
      'organizations.short_name',
      'organizations.is_resource_center',
      'organizations.is_mentor_school',
      'organizations.support_direction',
      'organizations.support_subject',
    ])
    .where('organization_served_schools.school_id', '=', schoolId)
    .where('organizations.is_active', '=', true)
    .where((eb) => eb.or([eb('organizations.is_resource_center', '=', true), eb('organizations.is_mentor_school', '=', true)]))
    .orderBy('organizations.short_name')
    .execute();
}

/** The schools of a municipality a resource centre may serve: active ones, and those it already serves. */
export function schoolChoicesOf(db: Kysely<Database>, municipalityId: number, selfId: number): Promise<SchoolRef[]> {
  return db
    .selectFrom('organizations')
    .select(['id', 'short_name', 'municipality_id'])
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'school')
    .where('id', '<>', selfId)
    .where((eb) =>
      eb.or([
        eb('is_active', '=', true),
        eb.exists(
          eb
            .selectFrom('organization_served_schools')
            .select('school_id')
            .where('organization_id', '=', selfId)
            .whereRef('school_id', '=', 'organizations.id'),
        ),
      ]),
    )
    .orderBy('short_name')
    .execute();
}
