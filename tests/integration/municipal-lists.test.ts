import { describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../src/auth/sessions.js';
import { todayIso } from '../../src/lib/dates.js';
import { basesSummary, scopeCounts } from '../../src/modules/home/queries.js';
import { organizationOptions } from '../../src/modules/organizations/queries.js';
import { listPeople, registerTable } from '../../src/modules/people/queries.js';
import { personListQuery } from '../../src/modules/people/schemas.js';
import { listProgrammes } from '../../src/modules/programmes/queries.js';
import { programmeListQuery } from '../../src/modules/programmes/schemas.js';
import { listRoadmaps, upcomingItems } from '../../src/modules/roadmaps/queries.js';
import { useWorld } from '../helpers/suite.js';

// What a municipality-wide list counts over every school is kept in memory under the
// municipality's data version (db/data-version.ts): these tests change the data the way the
// portal's writes do (the row triggers bump the version) and expect the next read to show it.

const t = useWorld();

function coordinatorA(): CurrentUser {
  const w = t.world;
  return {
    id: w.users.coordinator!,
    login: 'coordinator',
    fullName: 'Координатор',
    position: null,
    role: 'coordinator',
    organizationId: w.a.center,
    organizationName: 'ИМЦ А',
    organizationType: 'method_center',
    municipalityId: w.a.id,
  };
}

describe('municipal lists kept under the data version', () => {
  it('the bases’ totals and the registers follow a person added, archived and moved between schools', async () => {
    const db = t.database.db;
    const user = coordinatorA();
    // Pages of one: a full page, whose total is counted (and kept), not read off the page.
    const total = async () => (await listPeople(db, user, 'mentees', personListQuery.parse({}), 1)).total;
    const registers = async () => Object.fromEntries((await registerTable(db, user)).map((r) => [r.id, r.menteeTotal]));
    expect(await total()).toBe(1);
    expect(await registers()).toEqual({ [t.world.a.school]: 1, [t.world.a.otherSchool]: 0 });

    const added = await db
      .insertInto('mentees')
      .values({
        organization_id: t.world.a.otherSchool,
        last_name: 'Новикова',
        first_name: 'Ольга',
        category: 'young_specialist',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await total()).toBe(2);
    expect(await registers()).toEqual({ [t.world.a.school]: 1, [t.world.a.otherSchool]: 1 });
    const registerRow = (await registerTable(db, user)).find((r) => r.id === t.world.a.otherSchool);
    expect(registerRow).toMatchObject({ mentees: { young_specialist: 1 }, withoutConsent: 1 });

    await db.updateTable('mentees').set({ organization_id: t.world.a.school }).where('id', '=', added.id).execute();
    expect(await registers()).toEqual({ [t.world.a.school]: 2, [t.world.a.otherSchool]: 0 });
    await db.updateTable('mentees').set({ archived_at: new Date() }).where('id', '=', added.id).execute();
    expect(await total()).toBe(1);
    expect(await registers()).toEqual({ [t.world.a.school]: 1, [t.world.a.otherSchool]: 0 });
    // Filters are kept apart.
    expect((await listPeople(db, user, 'mentees', personListQuery.parse({ status: 'archived' }), 1)).total).toBe(1);
  });

  it('the schools offered in filters follow a school renamed or closed', async () => {
    const db = t.database.db;
    const user = coordinatorA();
    const names = async () => (await organizationOptions(db, user, ['school'])).map((o) => o.short_name);
    expect(await names()).toEqual(['Школа А1', 'Школа А2']);
    await db.updateTable('organizations').set({ short_name: 'Гимназия А2' }).where('id', '=', t.world.a.otherSchool).execute();
    expect(await names()).toEqual(['Гимназия А2', 'Школа А1']);
    await db.updateTable('organizations').set({ is_active: false }).where('id', '=', t.world.a.school).execute();
    expect(await names()).toEqual(['Гимназия А2']);
  });

  it('the roadmaps’ counts and the nearest deadlines follow an item done', async () => {
    const db = t.database.db;
    const user = coordinatorA();
    const today = todayIso();
    const counts = async () => (await listRoadmaps(db, user, today)).map((r) => ({ id: r.id, done: r.done, overdue: r.overdue }));
    expect(await counts()).toEqual(
      expect.arrayContaining([
        { id: t.world.roadmaps.municipalA.id, done: 0, overdue: 1 },
        { id: t.world.roadmaps.schoolA.id, done: 0, overdue: 1 },
      ]),
    );
    expect((await upcomingItems(db, user, today)).map((i) => i.itemId).sort()).toEqual(
      [t.world.roadmaps.municipalA.item, t.world.roadmaps.schoolA.item].sort(),
    );
    await db
      .updateTable('roadmap_items')
      .set({ status: 'done', completed_on: '2022-08-01' })
      .where('id', '=', t.world.roadmaps.schoolA.item)
      .execute();
    expect(await counts()).toEqual(expect.arrayContaining([{ id: t.world.roadmaps.schoolA.id, done: 1, overdue: 0 }]));
    expect((await upcomingItems(db, user, today)).map((i) => i.itemId)).toEqual([t.world.roadmaps.municipalA.item]);
  });

  it('the home pages’ counts of organisations, accounts and the bases', async () => {
    const db = t.database.db;
    await db.updateTable('users').set({ password_hash: null }).where('id', '=', t.world.users.curator!).execute();
    await db.updateTable('organizations').set({ is_resource_center: true }).where('id', '=', t.world.a.school).execute();
    expect(await scopeCounts(db, coordinatorA())).toEqual({
      organizations: { municipality: 1, department: 1, method_center: 1, school: 2, partner: 1 },
      resourceCenters: 1,
      additionalSchools: 0,
      users: { department: 1, coordinator: 1, school_head: 1, curator: 1, mentor: 1, mentee: 1 },
      usersWithoutPassword: 1,
    });
    await db.updateTable('mentees').set({ consent_date: '2024-09-01' }).where('id', '=', t.world.people.menteeA).execute();
    expect(await basesSummary(db, t.world.a.school, t.world.a.id)).toEqual({ mentors: 1, mentees: 1, withoutConsent: 1 });
    expect(await basesSummary(db, t.world.a.otherSchool, t.world.a.id)).toEqual({ mentors: 0, mentees: 0, withoutConsent: 0 });
    // kept under the municipality's data version: a change to the bases moves it
    await db.updateTable('mentors').set({ consent_date: '2024-09-01' }).where('id', '=', t.world.people.mentorA).execute();
    expect(await basesSummary(db, t.world.a.school, t.world.a.id)).toEqual({ mentors: 1, mentees: 1, withoutConsent: 0 });
  });

  it('the municipality’s programmes are its schools’ only', async () => {
    const db = t.database.db;
    const list = await listProgrammes(db, coordinatorA(), programmeListQuery.parse({}));
    expect(list.rows.map((r) => r.id)).toEqual([t.world.programmes.a]);
    expect(list.total).toBe(1);
  });
});
