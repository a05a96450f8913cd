import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/types.js';
import { createOrganization } from '../../src/modules/organizations/service.js';
import { createUser } from '../../src/modules/users/service.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { postList } from '../helpers/forms.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A third school in municipality A, and an account of a role in a school, signed in. */
async function thirdSchool(): Promise<number> {
  const result = await createOrganization(t.database.db, t.world.adminActor, {
    type: 'school',
    parent_id: t.world.a.id,
    full_name: 'Школа А3',
    short_name: 'Школа А3',
    full_name_genitive: null,
    full_name_prepositional: null,
    school_kind: 'general',
    is_resource_center: false,
    partner_kind: null,
    inn: null,
    address: null,
    head_name: null,
    head_position: null,
    phone: null,
    email: null,
    website: null,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

async function accountIn(schoolId: number, login: string, role: Role = 'curator'): Promise<Client> {
  const db = t.database.db;
  const result = await createUser(db, t.world.adminActor, {
    login,
    full_name: `Кураторова ${login} Ивановна`,
    position: null,
    organization_id: schoolId,
    role,
    email: null,
    phone: null,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const { password_hash } = await db
    .selectFrom('users')
    .select('password_hash')
    .where('login', '=', 'curator')
    .executeTakeFirstOrThrow();
  await db.updateTable('users').set({ password_hash }).where('id', '=', result.id).execute();
  return signedIn(t.app, login, PASSWORD);
}

const partsUrl = () => `/roadmaps/${t.world.roadmaps.municipalA.id}/items/${t.world.roadmaps.municipalA.item}/schools`;

async function mark(client: Client, form: Record<string, string>) {
  await client.get(partsUrl());
  return client.post(`${partsUrl()}/part`, form);
}

function parts() {
  return t.database.db.selectFrom('roadmap_school_parts').selectAll().orderBy('organization_id').execute();
}

describe('the schools’ part of a municipal roadmap item', () => {
  it('addresses by default every school of the municipality when «Ответственные» name the schools', async () => {
    // The world's municipal item 1.1: «МКУ «ИМЦОУ», ОУ».
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const page = await coordinator.get(partsUrl());
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Выполнили 0 из 2 ОО');
    expect(text).toContain('Школа А1');
    expect(text).toContain('Школа А2');
    expect(text).toContain('всем школам округа');

    // The municipal roadmap's page links to it with the count.
    const roadmap = await coordinator.get(`/roadmaps/${t.world.roadmaps.municipalA.id}`);
    expect(textOf(roadmap.body)).toContain('Школы: выполнили 0 из 2 ОО');

    // The curator finds the item among its school's tasks.
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const list = textOf((await curator.get('/roadmaps')).body);
    expect(list).toContain('Муниципальная дорожная карта: задачи для нашей школы');
    expect(list).toContain('Разработка положения о наставничестве');
    expect(textOf((await curator.get(`/roadmaps/${t.world.roadmaps.municipalA.id}`)).body)).toContain(
      'Часть нашей школы: не начато',
    );
  });

  it('an item whose «Ответственные» name no school is addressed to none until the coordinator chooses', async () => {
    const db = t.database.db;
    await db
      .updateTable('roadmap_items')
      .set({ responsible: 'МКУ «ИМЦОУ»', responsible_links: ['method_center'] })
      .where('id', '=', t.world.roadmaps.municipalA.item)
      .execute();
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect(textOf((await coordinator.get(partsUrl())).body)).toContain('Пункт не адресован ни одной школе');
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect((await curator.get(partsUrl())).statusCode).toBe(404);
    expect(textOf((await curator.get('/roadmaps')).body)).not.toContain('задачи для нашей школы');
  });

  it('the coordinator addresses the item to chosen schools only; a school left out sees nothing and marks nothing', async () => {
    const { a } = t.world;
    const a3 = await thirdSchool();
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get(partsUrl());
    // Chosen without a school: a message naming the field.
    const empty = await postList(coordinator, partsUrl(), { mode: 'chosen' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Школы: отметьте хотя бы одну школу');

    const saved = await postList(coordinator, partsUrl(), { mode: 'chosen', schools: [String(a.school), String(a3)] });
    expect(saved.statusCode, textOf(saved.body).slice(0, 300)).toBe(303);
    const stored = await t.database.db
      .selectFrom('roadmap_item_addressees')
      .select('organization_id')
      .where('item_id', '=', t.world.roadmaps.municipalA.item)
      .orderBy('organization_id')
      .execute();
    expect(stored.map((r) => r.organization_id)).toEqual([a.school, a3].sort((x, y) => x - y));
    const text = textOf((await coordinator.get(partsUrl())).body);
    expect(text).toContain('Выполнили 0 из 2 ОО');
    expect(text).toContain('школам, выбранным методическим центром');
    expect(text).not.toContain('Школа А2 Не начато');

    // A school of another municipality cannot be chosen.
    const foreign = await postList(coordinator, partsUrl(), { mode: 'chosen', schools: [String(t.world.b.school)] });
    expect(foreign.statusCode).toBe(404);

    // The curator of A2, left out: 404 on the page and on marking.
    const curatorA2 = await accountIn(a.otherSchool, 'curator.a2');
    expect((await curatorA2.get(partsUrl())).statusCode).toBe(404);
    const refused = await curatorA2.post(`${partsUrl()}/part`, { status: 'in_progress' });
    expect(refused.statusCode).toBe(404);
    expect(await parts()).toHaveLength(0);

    // Back to «Ответственные»: all three schools.
    expect((await postList(coordinator, partsUrl(), { mode: 'responsible' })).statusCode).toBe(303);
    expect(textOf((await coordinator.get(partsUrl())).body)).toContain('Выполнили 0 из 3 ОО');

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changed_fields'])
      .where('entity_type', '=', 'roadmap_item_addressees')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('curators mark their schools’ parts with evidence, the item shows «2 из 3», and the coordinator closes it', async () => {
    const { a } = t.world;
    const a3 = await thirdSchool();
    const curator = await signedIn(t.app, 'curator', PASSWORD);

    // A wrong date and link: messages naming the fields, nothing stored.
    const bad = await mark(curator, { status: 'done', completed_on: '', evidence_link: 'сайт школы' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Укажите дату выполнения');
    expect(textOf(bad.body)).toContain('Ссылка: укажите адрес, начинающийся с http:// или https://');
    expect(await parts()).toHaveLength(0);

    await curator.get(partsUrl());
    const first = await curator.upload(
      `${partsUrl()}/part`,
      { name: 'Приказ о внедрении.pdf', data: PDF, type: 'application/pdf', field: 'evidence_file' },
      {
        status: 'done',
        completed_on: '2022-08-25',
        evidence_comment: 'Приказ № 45 от 25.08.2022',
        evidence_link: 'https://school1.example.ru/nastavnik',
      },
    );
    expect(first.statusCode, textOf(first.body).slice(0, 300)).toBe(303);

    const curatorA3 = await accountIn(a3, 'curator.a3');
    expect(
      (await mark(curatorA3, { status: 'done', completed_on: '2022-08-29', evidence_comment: 'Положение принято' })).statusCode,
    ).toBe(303);
    // The head of A2 marks its school's part as begun.
    const headA2 = await accountIn(a.otherSchool, 'head.a2', 'school_head');
    expect((await mark(headA2, { status: 'in_progress' })).statusCode).toBe(303);

    const stored = await parts();
    expect(stored).toHaveLength(3);
    expect(stored.find((p) => p.organization_id === a.school)).toMatchObject({
      status: 'done',
      completed_on: '2022-08-25',
      evidence_comment: 'Приказ № 45 от 25.08.2022',
      evidence_link: 'https://school1.example.ru/nastavnik',
      marked_by: t.world.users.curator,
    });
    expect(stored.find((p) => p.organization_id === a.school)?.evidence_file_id).not.toBeNull();

    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const page = textOf((await coordinator.get(partsUrl())).body);
    expect(page).toContain('Выполнили 2 из 3 ОО');
    expect(page).toContain('Приказ № 45 от 25.08.2022');
    expect(textOf((await coordinator.get(`/roadmaps/${t.world.roadmaps.municipalA.id}`)).body)).toContain(
      'Школы: выполнили 2 из 3 ОО',
    );
    // The school's document: the coordinator and that school read it; another school does not.
    const fileUrl = `${partsUrl()}/${a.school}/evidence`;
    expect((await coordinator.get(fileUrl)).statusCode).toBe(200);
    expect((await curator.get(fileUrl)).statusCode).toBe(200);
    expect((await curatorA3.get(fileUrl)).statusCode).toBe(404);

    // The curator sees its own part, not the others'.
    const own = textOf((await curator.get(partsUrl())).body);
    expect(own).toContain('Часть школы: Школа А1');
    expect(own).not.toContain('Положение принято');

    // The schools' parts do not close the item: the coordinator does.
    const itemRow = () =>
      t.database.db
        .selectFrom('roadmap_items')
        .select('status')
        .where('id', '=', t.world.roadmaps.municipalA.item)
        .executeTakeFirstOrThrow();
    expect((await itemRow()).status).toBe('not_started');
    await coordinator.get(`/roadmaps/${t.world.roadmaps.municipalA.id}/items/${t.world.roadmaps.municipalA.item}/edit`);
    const closed = await coordinator.post(
      `/roadmaps/${t.world.roadmaps.municipalA.id}/items/${t.world.roadmaps.municipalA.item}/status`,
      { status: 'done', completed_on: '2022-08-30' },
    );
    expect(closed.statusCode, textOf(closed.body).slice(0, 300)).toBe(303);
    expect((await itemRow()).status).toBe('done');

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'organization_id', 'changed_fields'])
      .where('entity_type', '=', 'roadmap_school_part')
      .orderBy('id')
      .execute();
    expect(audit).toHaveLength(3);
    expect(audit[0]).toMatchObject({ action: 'create', organization_id: a.school });
    expect(audit[0]?.changed_fields).toEqual(
      expect.arrayContaining(['status', 'completed_on', 'evidence_comment', 'evidence_link', 'evidence_file']),
    );

    // Marking again with nothing changed writes nothing; a change is an update.
    expect((await mark(headA2, { status: 'in_progress' })).statusCode).toBe(303);
    expect((await mark(headA2, { status: 'done', completed_on: '2022-09-01' })).statusCode).toBe(303);
    const after = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'roadmap_school_part')
      .execute();
    expect(after.map((r) => r.action)).toEqual(['create', 'create', 'create', 'update']);
  });

  it('the department reads every school’s part; nobody else of the municipality addresses or marks for the schools', async () => {
    const department = await signedIn(t.app, 'department', PASSWORD);
    const page = await department.get(partsUrl());
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Выполнили 0 из 2 ОО');
    expect(page.body).not.toContain('name="mode"');
    expect((await department.post(partsUrl(), { mode: 'responsible' })).statusCode).toBe(403);
    expect((await department.post(`${partsUrl()}/part`, { status: 'done' })).statusCode).toBe(403);

    // The coordinator does not mark a school's part; the curator does not address.
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get(partsUrl());
    expect((await coordinator.post(`${partsUrl()}/part`, { status: 'done' })).statusCode).toBe(403);
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get(partsUrl());
    expect((await curator.post(partsUrl(), { mode: 'responsible' })).statusCode).toBe(403);
    expect(await parts()).toHaveLength(0);
  });

  it('another municipality sees nothing; a school roadmap’s item has no school parts', async () => {
    const foreign = await signedIn(t.app, 'curator.b', PASSWORD);
    expect((await foreign.get(partsUrl())).statusCode).toBe(404);
    expect((await foreign.post(`${partsUrl()}/part`, { status: 'done', completed_on: '2022-08-01' })).statusCode).toBe(404);
    const foreignCoordinator = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await foreignCoordinator.get(partsUrl())).statusCode).toBe(404);
    // B's curator has its own municipality's item among its tasks, never A's.
    const tasks = textOf((await foreign.get('/roadmaps')).body);
    expect(tasks).toContain('задачи для нашей школы Отметьте часть школы');
    expect(tasks).toContain('Дорожная карта округа Б Школа выполнила свою часть в 0 из 1 пункта');
    expect(tasks).not.toContain('Дорожная карта округа А');

    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const schoolItem = `/roadmaps/${t.world.roadmaps.schoolA.id}/items/${t.world.roadmaps.schoolA.item}/schools`;
    expect((await curator.get(schoolItem)).statusCode).toBe(404);
    expect(await parts()).toHaveLength(0);
  });
});
