import { describe, expect, it } from 'vitest';
import { agreedByCentre } from '../helpers/centre-agreement.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

async function template(coordinator: Client) {
  await coordinator.get('/roadmaps/new');
  const created = await coordinator.post('/roadmaps', {
    kind: 'template',
    title: 'Типовая дорожная карта школы',
    period_from: '2022',
    period_to: '2024',
  });
  expect(created.statusCode).toBe(303);
  const id = Number(/\/roadmaps\/(\d+)/.exec(created.headers.location as string)?.[1]);
  const section = await coordinator.post(`/roadmaps/${id}/items/new`, {
    kind: 'section',
    number: '1',
    activity: 'Подготовка условий',
  });
  const sectionId = Number(/#item-(\d+)/.exec(section.headers.location as string)?.[1]);
  for (const [number, activity, deadline] of [
    ['1.1', 'Издать приказ о внедрении ЦМН', 'до 30.08.2022'],
    ['1.2', 'Сформировать базу наставников', 'до 30.09.2022'],
  ] as const) {
    const r = await coordinator.post(`/roadmaps/${id}/items/new`, {
      kind: 'item',
      number,
      parent_id: String(sectionId),
      activity,
      deadline_text: deadline,
      responsible: 'куратор ОО',
    });
    expect(r.statusCode).toBe(303);
  }
  return id;
}

describe('templates of the school roadmap', () => {
  it('the coordinator publishes a template; a curator creates its school roadmap from it; the matrix shows the school’s statuses', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const id = await template(coordinator);
    const stored = await t.database.db.selectFrom('roadmaps').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.kind).toBe('template');
    expect(stored.organization_id).toBe(t.world.a.id);

    // Not published: schools do not see it.
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect((await curator.get(`/roadmaps/${id}`)).statusCode).toBe(404);
    expect(textOf((await curator.get('/roadmaps')).body)).not.toContain('Типовая дорожная карта школы');

    await coordinator.get(`/roadmaps/${id}`);
    expect((await coordinator.post(`/roadmaps/${id}/publish`)).statusCode).toBe(303);
    const shown = await curator.get(`/roadmaps/${id}`);
    expect(shown.statusCode).toBe(200);
    expect(textOf(shown.body)).toContain('Создать дорожную карту школы по шаблону');
    // Another municipality's curator still cannot.
    const foreign = await signedIn(t.app, 'curator.b', PASSWORD);
    expect((await foreign.get(`/roadmaps/${id}`)).statusCode).toBe(404);
    await foreign.get('/roadmaps');
    expect((await foreign.post(`/roadmaps/${id}/use`)).statusCode).toBe(404);

    const used = await curator.post(`/roadmaps/${id}/use`);
    expect(used.statusCode).toBe(303);
    const schoolRoadmapId = Number(/\/roadmaps\/(\d+)/.exec(used.headers.location as string)?.[1]);
    const copy = await t.database.db
      .selectFrom('roadmaps')
      .selectAll()
      .where('id', '=', schoolRoadmapId)
      .executeTakeFirstOrThrow();
    expect(copy).toMatchObject({
      organization_id: t.world.a.school,
      kind: 'plan',
      template_id: id,
      period_from: 2022,
      period_to: 2024,
    });
    const items = await t.database.db
      .selectFrom('roadmap_items')
      .selectAll()
      .where('roadmap_id', '=', schoolRoadmapId)
      .orderBy('position')
      .execute();
    expect(items.map((i) => i.number)).toEqual(['1', '1.1', '1.2']);
    expect(items.every((i) => i.template_item_id !== null)).toBe(true);
    expect(items[1]?.parent_id).toBe(items[0]?.id);
    // Using it again opens the same roadmap.
    const again = await curator.post(`/roadmaps/${id}/use`);
    expect(again.headers.location).toBe(`/roadmaps/${schoolRoadmapId}`);

    // The curator adapts it: marks 1.1 done.
    const item11 = items[1]?.id as number;
    await curator.get(`/roadmaps/${schoolRoadmapId}/items/${item11}/edit`);
    expect(
      (await curator.post(`/roadmaps/${schoolRoadmapId}/items/${item11}/status`, { status: 'done', completed_on: '2022-08-20' }))
        .statusCode,
    ).toBe(303);

    const matrix = await coordinator.get(`/roadmaps/${id}/matrix`);
    expect(matrix.statusCode).toBe(200);
    const text = textOf(matrix.body);
    expect(text).toContain('выполнено 1 из 2');
    expect(matrix.body).toContain(`href="/roadmaps/${schoolRoadmapId}#item-${item11}"`);
    // 1.2 passed its date unmarked: overdue, said in words.
    expect(text).toContain('просрочено');
    // The school has a roadmap but has not approved it.
    expect(text).toContain('дорожная карта есть, не утверждена');
    // The other school of the municipality has none.
    expect(text).toContain('дорожной карты нет');

    const head = await signedIn(t.app, 'school_head', PASSWORD);
    await head.get(`/roadmaps/${schoolRoadmapId}`);
    await agreedByCentre(t.database.db, schoolRoadmapId);
    expect((await head.post(`/roadmaps/${schoolRoadmapId}/approve`)).statusCode).toBe(303);
    const department = await signedIn(t.app, 'department', PASSWORD);
    const afterApproval = textOf((await department.get(`/roadmaps/${id}/matrix`)).body);
    expect(afterApproval).not.toMatch(
      new RegExp(`${(await schoolName(t.world.a.school)).replace(/[«»"]/g, '.')} — дорожная карта есть`),
    );

    // The coordinator of another municipality does not see the template or its matrix.
    const coordinatorB = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await coordinatorB.get(`/roadmaps/${id}/matrix`)).statusCode).toBe(404);
    // A curator does not see the matrix at all.
    expect((await curator.get(`/roadmaps/${id}/matrix`)).statusCode).toBe(403);
  });

  it('only the coordinator creates templates; an empty template cannot be published', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get('/roadmaps/new');
    const r = await curator.post('/roadmaps', { kind: 'template', title: 'Шаблон', period_from: '2022', period_to: '2024' });
    expect(r.statusCode).toBe(403);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/roadmaps/new');
    const created = await coordinator.post('/roadmaps', {
      kind: 'template',
      title: 'Пустой шаблон',
      period_from: '2022',
      period_to: '2024',
    });
    const id = Number(/\/roadmaps\/(\d+)/.exec(created.headers.location as string)?.[1]);
    const publish = await coordinator.post(`/roadmaps/${id}/publish`);
    expect(publish.statusCode).toBe(409);
    expect(textOf(publish.body)).toContain('нет ни одного мероприятия');
  });
});

async function schoolName(id: number): Promise<string> {
  const row = await t.database.db.selectFrom('organizations').select('short_name').where('id', '=', id).executeTakeFirstOrThrow();
  return row.short_name;
}
