import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

// Issue 17: a resource centre or mentor school has its direction, subject and the schools it serves;
// the coordinator keeps them on the organisation's form, the list of /organizations?support=any
// shows them, and a served school's staff see on their school's page who supports them.

const t = useWorld();

/** The edit form of the municipality's second school as it stands, with `over` on top. */
async function formOf(id: number, over: Record<string, string | string[]> = {}) {
  const org = await t.database.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return {
    parent_id: String(org.parent_id),
    full_name: org.full_name,
    short_name: org.short_name,
    school_kind: org.school_kind ?? 'general',
    served_schools_shown: '1',
    ...over,
  };
}

async function coordinatorOn(id: number): Promise<Client> {
  const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
  expect((await coordinator.get(`/organizations/${id}/edit`)).statusCode).toBe(200);
  return coordinator;
}

const served = (id: number) =>
  t.database.db
    .selectFrom('organization_served_schools')
    .select('school_id')
    .where('organization_id', '=', id)
    .orderBy('school_id')
    .execute()
    .then((rows) => rows.map((r) => r.school_id));

describe('resource centres and mentor schools', () => {
  it('the coordinator gives a resource centre its direction, subject and served schools; audited, shown on its page', async () => {
    const centre = t.world.a.otherSchool;
    const coordinator = await coordinatorOn(centre);
    const form = (await coordinator.get(`/organizations/${centre}/edit`)).body;
    expect(form).toContain(`name="served_school_ids" value="${t.world.a.school}"`);
    expect(form).not.toContain(`value="${t.world.b.school}"`);
    const saved = await coordinator.post(
      `/organizations/${centre}`,
      await formOf(centre, {
        is_resource_center: 'on',
        support_direction: 'teachers',
        support_subject: 'Математика',
        served_school_ids: [String(t.world.a.school)],
      }),
    );
    expect(saved.statusCode, textOf(saved.body).slice(0, 500)).toBe(303);
    expect(await served(centre)).toEqual([t.world.a.school]);
    const entry = await t.database.db
      .selectFrom('audit_log')
      .select(['changed_fields', 'municipality_id'])
      .where('entity_type', '=', 'organization')
      .where('entity_id', '=', String(centre))
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(entry.changed_fields).toEqual(
      expect.arrayContaining(['is_resource_center', 'support_direction', 'support_subject', 'served_schools']),
    );
    expect(entry.municipality_id).toBe(t.world.a.id);

    const page = textOf((await coordinator.get(`/organizations/${centre}`)).body);
    expect(page).toContain('Изменения сохранены');
    expect(page).toContain('Ресурсный центр');
    expect(page).toContain('Направление наставничество педагогов');
    expect(page).toContain('Предмет или тема Математика');
    expect(page).toContain('Обслуживаемые школы Школа А1');
  });

  it('refuses to serve a school of another municipality, or the centre itself', async () => {
    const centre = t.world.a.otherSchool;
    const coordinator = await coordinatorOn(centre);
    for (const foreign of [t.world.b.school, centre]) {
      const refused = await coordinator.post(
        `/organizations/${centre}`,
        await formOf(centre, { is_mentor_school: 'on', support_direction: 'students', served_school_ids: [String(foreign)] }),
      );
      expect(refused.statusCode).toBe(400);
      expect(textOf(refused.body)).toContain('Обслуживаемые школы: выберите школы своего муниципального образования из списка');
    }
    const org = await t.database.db
      .selectFrom('organizations')
      .select(['is_resource_center', 'is_mentor_school', 'support_direction'])
      .where('id', '=', centre)
      .executeTakeFirstOrThrow();
    expect(org).toEqual({ is_resource_center: false, is_mentor_school: false, support_direction: null });
    expect(await served(centre)).toEqual([]);
  });

  it('a school that stops supporting others loses its direction and served schools', async () => {
    const centre = t.world.a.otherSchool;
    const coordinator = await coordinatorOn(centre);
    const support = { is_mentor_school: 'on', support_direction: 'both', support_subject: 'Профориентация' };
    await coordinator.post(
      `/organizations/${centre}`,
      await formOf(centre, { ...support, served_school_ids: String(t.world.a.school) }),
    );
    expect(await served(centre)).toEqual([t.world.a.school]);
    // A form without the list (an older page) keeps it.
    const { served_schools_shown: _, ...withoutList } = await formOf(centre, support);
    await coordinator.post(`/organizations/${centre}`, { ...withoutList, support_subject: 'Профориентация 8–9 классов' });
    expect(await served(centre)).toEqual([t.world.a.school]);
    await coordinator.post(`/organizations/${centre}`, await formOf(centre, { served_school_ids: String(t.world.a.school) }));
    const org = await t.database.db
      .selectFrom('organizations')
      .select(['is_mentor_school', 'support_direction', 'support_subject'])
      .where('id', '=', centre)
      .executeTakeFirstOrThrow();
    expect(org).toEqual({ is_mentor_school: false, support_direction: null, support_subject: null });
    expect(await served(centre)).toEqual([]);
  });

  it('the municipality lists its resource centres and mentor schools with direction and served schools', async () => {
    await t.database.db
      .updateTable('organizations')
      .set({ is_mentor_school: true, support_direction: 'students', support_subject: 'Физика' })
      .where('id', '=', t.world.a.otherSchool)
      .execute();
    await t.database.db
      .insertInto('organization_served_schools')
      .values({ organization_id: t.world.a.otherSchool, school_id: t.world.a.school })
      .execute();
    for (const login of ['coordinator', 'department']) {
      const client = await signedIn(t.app, login, PASSWORD);
      const all = textOf((await client.get('/organizations')).body);
      expect(all).toContain('Ресурсные центры и школы-наставники');
      const list = textOf((await client.get('/organizations?support=any')).body);
      expect(list).toContain('Школа А2 школа-наставник наставничество обучающихся Физика Школа А1 действует');
      expect(list).not.toContain('Завод А');
      expect(list).toContain('Найдено: 1');
      expect(textOf((await client.get('/organizations?support=resource_center')).body)).toContain(
        'Организаций по этим условиям не найдено',
      );
    }
  });

  it('a served school’s curator and head see on their school’s page who supports them', async () => {
    await t.database.db
      .updateTable('organizations')
      .set({ is_resource_center: true, support_direction: 'teachers', support_subject: 'Математика' })
      .where('id', '=', t.world.a.otherSchool)
      .execute();
    await t.database.db
      .insertInto('organization_served_schools')
      .values({ organization_id: t.world.a.otherSchool, school_id: t.world.a.school })
      .execute();
    for (const login of ['curator', 'school_head']) {
      const client = await signedIn(t.app, login, PASSWORD);
      const page = await client.get(`/organizations/${t.world.a.school}`);
      const text = textOf(page.body);
      expect(text).toContain('Школу поддерживают Школа А2 — ресурсный центр; наставничество педагогов; Математика');
      // The centre's page is not theirs to open: its name comes without a link.
      expect(page.body).not.toContain(`href="/organizations/${t.world.a.otherSchool}"`);
    }
    // The curator of another municipality's school sees nothing of it.
    const foreign = await signedIn(t.app, 'curator.b', PASSWORD);
    expect(textOf((await foreign.get(`/organizations/${t.world.b.school}`)).body)).not.toContain('Школу поддерживают');
  });
});
