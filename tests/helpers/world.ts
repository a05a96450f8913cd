import type { Kysely } from 'kysely';
import { hashPassword } from '../../src/auth/passwords.js';
import type { CurrentUser } from '../../src/auth/sessions.js';
import type { Database, OrganizationType, Role } from '../../src/db/types.js';
import type { Actor } from '../../src/modules/audit/service.js';
import { createOrganization } from '../../src/modules/organizations/service.js';
import type { OrganizationInput } from '../../src/modules/organizations/schemas.js';
import { createUser } from '../../src/modules/users/service.js';

export const PASSWORD = 'correct horse battery';

let passwordHash: Promise<string> | null = null;
function sharedHash(): Promise<string> {
  passwordHash ??= hashPassword(PASSWORD);
  return passwordHash;
}

export interface Municipality {
  id: number;
  department: number;
  center: number;
  school: number;
  otherSchool: number;
  partner: number;
}

/**
 * Two municipalities, A and B, each with a department, a centre, two schools and a partner;
 * one account of every role in A (school roles in A's first school), and one of every role
 * in B. Logins: `<role>` in A (e.g. `curator`), `<role>.b` in B; password PASSWORD.
 */
export interface World {
  adminActor: Actor;
  /** One mentor and one mentee in the first school of each municipality. */
  people: { mentorA: number; menteeA: number; mentorB: number; menteeB: number };
  /** One competency in each municipality's list. */
  tags: { a: number; b: number };
  /** An empty checked import of each base by the curator of each municipality's first school. */
  batches: Record<'mentorsA' | 'menteesA' | 'mentorsB' | 'menteesB', number>;
  /** A roadmap of each municipality and of each municipality's first school, each with one item «1.1» (by 30.08.2022). */
  roadmaps: Record<'municipalA' | 'schoolA' | 'municipalB' | 'schoolB', { id: number; item: number }>;
  /** A mentoring programme of each municipality's first school: not offered to the bank, no document. */
  programmes: { a: number; b: number };
  a: Municipality;
  b: Municipality;
  region: number;
  users: Record<string, number>;
}

const ROLE_ORG: Record<Role, keyof Municipality | 'region'> = {
  admin: 'region',
  department: 'department',
  coordinator: 'center',
  school_head: 'school',
  curator: 'school',
  mentor: 'school',
  mentee: 'school',
  region: 'region',
};

function orgInput(type: OrganizationType, name: string, parentId: number | null): OrganizationInput {
  return {
    type,
    parent_id: parentId,
    full_name: name,
    short_name: name,
    full_name_genitive: null,
    full_name_prepositional: null,
    school_kind: type === 'school' ? 'general' : null,
    is_resource_center: false,
    partner_kind: type === 'partner' ? 'enterprise' : null,
    inn: null,
    address: null,
    head_name: null,
    head_position: null,
    phone: null,
    email: null,
    website: null,
  };
}

export async function buildWorld(db: Kysely<Database>): Promise<World> {
  const hash = await sharedHash();
  const region = await db
    .insertInto('organizations')
    .values({ type: 'region', full_name: 'Тестовая область', short_name: 'Тестовая область' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const root = await db
    .insertInto('users')
    .values({ login: 'admin', full_name: 'Админов Админ', organization_id: region.id, role: 'admin', password_hash: hash })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rootUser: CurrentUser = {
    id: root.id,
    login: 'admin',
    fullName: 'Админов Админ',
    position: null,
    role: 'admin',
    organizationId: region.id,
    organizationName: 'Тестовая область',
    organizationType: 'region',
    municipalityId: null,
  };
  const adminActor: Actor = { user: rootUser, ip: '127.0.0.1' };

  const make = async (type: OrganizationType, name: string, parent: number | null) => {
    const result = await createOrganization(db, adminActor, orgInput(type, name, parent));
    if (!result.ok) throw new Error(`fixture ${name}: ${JSON.stringify(result.errors)}`);
    return result.id;
  };
  const municipality = async (suffix: string): Promise<Municipality> => {
    const id = await make('municipality', `Округ ${suffix}`, region.id);
    return {
      id,
      department: await make('department', `Управление ${suffix}`, id),
      center: await make('method_center', `ИМЦ ${suffix}`, id),
      school: await make('school', `Школа ${suffix}1`, id),
      otherSchool: await make('school', `Школа ${suffix}2`, id),
      partner: await make('partner', `Завод ${suffix}`, id),
    };
  };
  const a = await municipality('А');
  const b = await municipality('Б');

  const users: Record<string, number> = { admin: root.id };
  const roles: Role[] = ['department', 'coordinator', 'school_head', 'curator', 'mentor', 'mentee'];
  for (const [m, suffix] of [
    [a, ''],
    [b, '.b'],
  ] as const) {
    for (const role of roles) {
      const key = ROLE_ORG[role];
      const organizationId = key === 'region' ? region.id : m[key];
      const result = await createUser(db, adminActor, {
        login: `${role}${suffix}`,
        full_name: `Тестов ${role}${suffix} Иванович`,
        position: null,
        organization_id: organizationId,
        role,
        email: null,
        phone: null,
      });
      if (!result.ok) throw new Error(`fixture user ${role}: ${JSON.stringify(result.errors)}`);
      await db.updateTable('users').set({ password_hash: hash }).where('id', '=', result.id).execute();
      users[`${role}${suffix}`] = result.id;
    }
  }
  const person = async (table: 'mentors' | 'mentees', schoolId: number, lastName: string) => {
    const row =
      table === 'mentors'
        ? await db
            .insertInto('mentors')
            .values({
              organization_id: schoolId,
              origin_organization_id: schoolId,
              last_name: lastName,
              first_name: 'Мария',
              category: 'teacher',
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        : await db
            .insertInto('mentees')
            .values({ organization_id: schoolId, last_name: lastName, first_name: 'Павел', category: 'new_teacher' })
            .returning('id')
            .executeTakeFirstOrThrow();
    return row.id;
  };
  const people = {
    mentorA: await person('mentors', a.school, 'Наставникова'),
    menteeA: await person('mentees', a.school, 'Подопечный'),
    mentorB: await person('mentors', b.school, 'Наставникова-Б'),
    menteeB: await person('mentees', b.school, 'Подопечный-Б'),
  };
  const tag = async (municipalityId: number) =>
    (
      await db
        .insertInto('tags')
        .values({ municipality_id: municipalityId, kind: 'competency', name: 'предметные' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const tags = { a: await tag(a.id), b: await tag(b.id) };
  const batch = async (kind: 'mentors' | 'mentees', schoolId: number, curator: string) =>
    (
      await db
        .insertInto('import_batches')
        .values({
          organization_id: schoolId,
          kind,
          file_name: 'пусто.xlsx',
          rows: JSON.stringify({ fileErrors: [], ignoredColumns: [], rows: [] }),
          created_by: users[curator]!,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const batches = {
    mentorsA: await batch('mentors', a.school, 'curator'),
    menteesA: await batch('mentees', a.school, 'curator'),
    mentorsB: await batch('mentors', b.school, 'curator.b'),
    menteesB: await batch('mentees', b.school, 'curator.b'),
  };
  const roadmap = async (organizationId: number, title: string) => {
    const row = await db
      .insertInto('roadmaps')
      .values({ organization_id: organizationId, title, period_from: 2022, period_to: 2024 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const item = await db
      .insertInto('roadmap_items')
      .values({
        roadmap_id: row.id,
        kind: 'item',
        number: '1.1',
        position: 1,
        activity: 'Разработка положения о наставничестве',
        deadline_text: 'до 30.08.2022',
        deadline: JSON.stringify({ kind: 'date', date: '2022-08-30' }),
        responsible: 'МКУ «ИМЦОУ», ОУ',
        responsible_links: ['method_center', 'schools'],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, item: item.id };
  };
  const roadmaps = {
    municipalA: await roadmap(a.id, 'Дорожная карта округа А'),
    schoolA: await roadmap(a.school, 'Дорожная карта школы А1'),
    municipalB: await roadmap(b.id, 'Дорожная карта округа Б'),
    schoolB: await roadmap(b.school, 'Дорожная карта школы Б1'),
  };
  const programme = async (organizationId: number, title: string) =>
    (
      await db
        .insertInto('programmes')
        .values({ organization_id: organizationId, title, form: 'teacher_teacher' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const programmes = { a: await programme(a.school, 'Программа школы А1'), b: await programme(b.school, 'Программа школы Б1') };
  return { adminActor, a, b, region: region.id, users, people, tags, batches, roadmaps, programmes };
}
