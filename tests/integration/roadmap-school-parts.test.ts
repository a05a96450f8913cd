import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as m0030 from '../../migrations/0030_school_part_occurrences.js';
import type { Role } from '../../src/db/types.js';
import { createOrganization } from '../../src/modules/organizations/service.js';
import { todayIso } from '../../src/modules/roadmaps/overdue.js';
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

describe('the schools’ part of a recurring municipal item (kept per occurrence)', () => {
  const year = Number(todayIso().slice(0, 4));
  /** The occurrence current today of «декабрь, июнь»: June's until its end, then December's. */
  const currentDue = todayIso() <= `${year}-06-30` ? `${year}-06-30` : `${year}-12-31`;
  const currentLabel = currentDue.endsWith('06-30') ? `июнь ${year}` : `декабрь ${year}`;
  const otherDue = currentDue.endsWith('06-30') ? `${year - 1}-12-31` : `${year}-06-30`;
  const otherLabel = currentDue.endsWith('06-30') ? `декабрь ${year - 1}` : `июнь ${year}`;
  const item = { number: '1.1', activity: 'Разработка положения о наставничестве', responsible: 'МКУ «ИМЦОУ», ОУ' };

  /** The coordinator makes A's municipal plan current and its item 1.1 recurring: December and June. */
  async function recurring(): Promise<Client> {
    const { municipalA } = t.world.roadmaps;
    await t.database.db
      .updateTable('roadmaps')
      .set({ period_from: year - 1, period_to: year + 1 })
      .where('id', '=', municipalA.id)
      .execute();
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get(`/roadmaps/${municipalA.id}/items/${municipalA.item}/edit`);
    const saved = await coordinator.post(`/roadmaps/${municipalA.id}/items/${municipalA.item}/edit`, {
      ...item,
      deadline_text: `Декабрь, июнь в период с ${year - 1} по ${year + 1} г.г.`,
    });
    expect(saved.statusCode, textOf(saved.body).slice(0, 300)).toBe(303);
    return coordinator;
  }

  it('each school marks each occurrence on its own; the page counts each, the current one first', async () => {
    const { a } = t.world;
    // A one-off item has no occurrence to name.
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect((await curator.get(`${partsUrl()}?due=${currentDue}`)).statusCode).toBe(404);

    const coordinator = await recurring();
    const own = textOf((await curator.get(partsUrl())).body);
    expect(own).toContain(`Часть школы: Школа А1, срок «${currentLabel}»`);
    expect(own).toContain(`${currentLabel} (текущий срок): выполнили 0 из 2 ОО`);

    // The form names its occurrence; without one the current is marked.
    const marked = await mark(curator, {
      status: 'done',
      completed_on: todayIso(),
      evidence_comment: 'Приказ № 7',
      due: currentDue,
    });
    expect(marked.statusCode, textOf(marked.body).slice(0, 300)).toBe(303);
    expect(marked.headers.location).toBe(`${partsUrl()}?due=${currentDue}`);
    const headA2 = await accountIn(a.otherSchool, 'head.a2', 'school_head');
    await headA2.get(`${partsUrl()}?due=${otherDue}`);
    const other = await headA2.post(`${partsUrl()}/part`, { status: 'done', completed_on: todayIso(), due: otherDue });
    expect(other.statusCode, textOf(other.body).slice(0, 300)).toBe(303);
    // A day the item is not due, and a malformed one: pages that do not exist.
    expect(
      (await headA2.post(`${partsUrl()}/part`, { status: 'done', completed_on: todayIso(), due: `${year}-06-15` })).statusCode,
    ).toBe(404);
    expect((await headA2.get(`${partsUrl()}?due=июнь`)).statusCode).toBe(404);

    expect((await parts()).map((p) => [p.organization_id, p.due_on, p.status])).toEqual([
      [a.school, currentDue, 'done'],
      [a.otherSchool, otherDue, 'done'],
    ]);

    const page = textOf((await coordinator.get(partsUrl())).body);
    expect(page).toContain(`Срок «${currentLabel}»: выполнили 1 из 2 ОО`);
    expect(page).toContain(`${currentLabel} (текущий срок): выполнили 1 из 2 ОО`);
    expect(page).toContain(`${otherLabel}: выполнили 1 из 2 ОО`);
    expect(page).toContain(`июнь ${year + 1}: выполнили 0 из 2 ОО`);
    // The current occurrence first, then the others in date order.
    expect(page.indexOf(`${currentLabel} (текущий срок)`)).toBeLessThan(page.indexOf(`декабрь ${year - 1}: `));
    expect(page.indexOf(`декабрь ${year - 1}: `)).toBeLessThan(page.indexOf(`июнь ${year + 1}: `));
    const second = textOf((await coordinator.get(`${partsUrl()}?due=${otherDue}`)).body);
    expect(second).toContain(`Срок «${otherLabel}»: выполнили 1 из 2 ОО`);

    // The municipal roadmap counts the current occurrence; the school's lists show it.
    expect(textOf((await coordinator.get(`/roadmaps/${t.world.roadmaps.municipalA.id}`)).body)).toContain(
      `Школы: выполнили 1 из 2 ОО (${currentLabel})`,
    );
    expect(textOf((await curator.get(`/roadmaps/${t.world.roadmaps.municipalA.id}`)).body)).toContain(
      `Часть нашей школы (${currentLabel}): выполнено`,
    );
    const list = await curator.get('/roadmaps');
    expect(textOf(list.body)).toContain(`Текущий срок: ${currentLabel}`);
    expect(list.body).toContain(`/items/${t.world.roadmaps.municipalA.item}/schools?due=${currentDue}`);
    const listA2 = textOf((await headA2.get('/roadmaps')).body);
    expect(listA2).toContain('Школа выполнила свою часть в 0 из 1 пункта');
  });

  it('a document given for one occurrence is that occurrence’s', async () => {
    await recurring();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get(partsUrl());
    const saved = await curator.upload(
      `${partsUrl()}/part`,
      { name: 'Отчёт.pdf', data: PDF, type: 'application/pdf', field: 'evidence_file' },
      { status: 'done', completed_on: todayIso(), due: currentDue },
    );
    expect(saved.statusCode, textOf(saved.body).slice(0, 300)).toBe(303);
    const school = t.world.a.school;
    expect((await curator.get(`${partsUrl()}/${school}/evidence?due=${currentDue}`)).statusCode).toBe(200);
    expect((await curator.get(`${partsUrl()}/${school}/evidence`)).statusCode).toBe(200);
    expect((await curator.get(`${partsUrl()}/${school}/evidence?due=${otherDue}`)).statusCode).toBe(404);
    expect((await curator.get(`${partsUrl()}/${school}/evidence?due=${year}-06-15`)).statusCode).toBe(404);
    expect((await curator.get(`${partsUrl()}?due=${currentDue}`)).body).toContain(`/evidence?due=${currentDue}`);
  });

  it('the parts follow an edited deadline as the item’s own marks do', async () => {
    const coordinator = await recurring();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await mark(curator, { status: 'done', completed_on: todayIso(), due: `${year - 1}-12-31` });
    await mark(curator, { status: 'in_progress', due: `${year}-06-30` });
    const before = await parts();
    expect(before.map((p) => p.due_on)).toEqual([`${year - 1}-12-31`, `${year}-06-30`]);

    const { municipalA } = t.world.roadmaps;
    await coordinator.get(`/roadmaps/${municipalA.id}/items/${municipalA.item}/edit`);
    const edited = await coordinator.post(`/roadmaps/${municipalA.id}/items/${municipalA.item}/edit`, {
      ...item,
      deadline_text: `Ноябрь, май в период с ${year - 1} по ${year + 1} г.г.`,
    });
    expect(edited.statusCode, textOf(edited.body).slice(0, 300)).toBe(303);
    const after = await parts();
    expect(after.map((p) => [p.id, p.due_on, p.status])).toEqual([
      [before[0]?.id, `${year - 1}-11-30`, 'done'],
      [before[1]?.id, `${year}-05-31`, 'in_progress'],
    ]);
    const moves = await t.database.db
      .selectFrom('audit_log')
      .select(['entity_id', 'changed_fields'])
      .where('entity_type', '=', 'roadmap_school_part')
      .where('action', '=', 'update')
      .execute();
    expect(moves.filter((m) => JSON.stringify(m.changed_fields) === '["due_on"]')).toHaveLength(2);
    expect(textOf((await coordinator.get(`${partsUrl()}?due=${year - 1}-11-30`)).body)).toContain(
      `Срок «ноябрь ${year - 1}»: выполнили 1 из 2 ОО`,
    );
    // A deadline no longer recurring: the parts keep their days, and the one-off part is a new one.
    await coordinator.get(`/roadmaps/${municipalA.id}/items/${municipalA.item}/edit`);
    await coordinator.post(`/roadmaps/${municipalA.id}/items/${municipalA.item}/edit`, {
      ...item,
      deadline_text: `до 30.08.${year}`,
    });
    expect((await parts()).map((p) => p.due_on)).toEqual([`${year - 1}-11-30`, `${year}-05-31`]);
    const oneOff = textOf((await coordinator.get(partsUrl())).body);
    expect(oneOff).toContain('Выполнили 0 из 2 ОО');
    // The parts of the days it no longer has are listed as they were, for the coordinator.
    expect(oneOff).toContain('Отметки школ по прежним срокам');
    expect(oneOff).toContain(`Школа А1 30.11.${year - 1} Выполнено`);
    expect(oneOff).toContain(`Школа А1 31.05.${year} Выполняется`);
    expect(textOf((await curator.get(partsUrl())).body)).not.toContain('по прежним срокам');
  });

  it('migration 0030 puts a part marked before it under the occurrence current on the day it was marked', async () => {
    const db = t.database.db;
    const { a } = t.world;
    const { municipalA, schoolA } = t.world.roadmaps;
    await m0030.down(db);
    await db
      .updateTable('roadmap_items')
      .set({
        deadline: JSON.stringify({
          kind: 'recurring',
          occurrences: [
            { type: 'month', month: 12 },
            { type: 'by', month: 5, day: 20 },
          ],
          fromYear: 2022,
          toYear: 2024,
        }),
      })
      .where('id', '=', municipalA.item)
      .execute();
    const insert = (itemId: number, organizationId: number, markedAt: string) =>
      sql`insert into roadmap_school_parts (item_id, organization_id, status, marked_at) values (${itemId}, ${organizationId}, 'done', ${markedAt}::timestamptz)`.execute(
        db,
      );
    await insert(municipalA.item, a.school, '2023-03-01T10:00:00Z');
    await insert(municipalA.item, a.otherSchool, '2025-01-15T10:00:00Z');
    await insert(schoolA.item, a.school, '2023-03-01T10:00:00Z');
    await m0030.up(db);
    const rows = await db
      .selectFrom('roadmap_school_parts')
      .select(['item_id', 'organization_id', 'due_on'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { item_id: municipalA.item, organization_id: a.school, due_on: '2023-05-20' },
      { item_id: municipalA.item, organization_id: a.otherSchool, due_on: '2024-12-31' },
      { item_id: schoolA.item, organization_id: a.school, due_on: null },
    ]);
    // One part per item, school and occurrence; a one-off item's part is one too.
    await expect(
      sql`insert into roadmap_school_parts (item_id, organization_id, due_on) values (${municipalA.item}, ${a.school}, '2023-05-20')`.execute(
        db,
      ),
    ).rejects.toThrow();
    await expect(
      sql`insert into roadmap_school_parts (item_id, organization_id) values (${schoolA.item}, ${a.school})`.execute(db),
    ).rejects.toThrow();
  });
});
