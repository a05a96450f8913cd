import { describe, expect, it } from 'vitest';
import { signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

describe('district lists of competencies and requests', () => {
  it('the coordinator adds, renames and retires values; curators are offered the active ones', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/tags');
    expect((await coordinator.post('/tags', { kind: 'request', name: 'Подготовка к ОГЭ' })).statusCode).toBe(303);
    const duplicate = await coordinator.post('/tags', { kind: 'request', name: 'подготовка к огэ' });
    expect(duplicate.statusCode).toBe(400);
    expect(textOf(duplicate.body)).toContain('уже есть в списке');
    const empty = await coordinator.post('/tags', { kind: 'request', name: ' ' });
    expect(textOf(empty.body)).toContain('Введите название');

    const tag = await t.database.db
      .selectFrom('tags')
      .select('id')
      .where('name', '=', 'Подготовка к ОГЭ')
      .executeTakeFirstOrThrow();
    await coordinator.post(`/tags/${tag.id}`, { name: 'Подготовка к ОГЭ и ЕГЭ' });
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect(textOf((await curator.get('/mentees/new')).body)).toContain('Подготовка к ОГЭ и ЕГЭ');
    await coordinator.post(`/tags/${tag.id}/deactivate`);
    expect(textOf((await curator.get('/mentees/new')).body)).not.toContain('Подготовка к ОГЭ и ЕГЭ');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'tag')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'deactivate']);
  });

  it('another municipality list is not the coordinator’s to change', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/tags');
    const response = await coordinator.post(`/tags/${t.world.tags.b}`, { name: 'чужое' });
    expect(response.statusCode).toBe(404);
    const tag = await t.database.db.selectFrom('tags').select('name').where('id', '=', t.world.tags.b).executeTakeFirstOrThrow();
    expect(tag.name).toBe('предметные');
  });

  it('a curator can filter the base by a competency', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get('/mentors/new');
    const created = await curator.post('/mentors', {
      last_name: 'Зуева',
      first_name: 'Нина',
      category: 'teacher',
      capacity: '2',
      tag_ids: String(t.world.tags.a),
    });
    expect(created.statusCode).toBe(303);
    const filtered = textOf((await curator.get(`/mentors?tag=${t.world.tags.a}`)).body);
    expect(filtered).toContain('Зуева Нина');
    expect(filtered).not.toContain('Наставникова Мария');
    const foreignTag = await curator.post('/mentors', {
      last_name: 'Юдина',
      first_name: 'Вера',
      category: 'teacher',
      capacity: '2',
      tag_ids: String(t.world.tags.b),
    });
    expect(textOf(foreignTag.body)).toContain('Выберите значения из списка муниципалитета');
  });
});

describe('municipal registers', () => {
  it('count people per school and category, and list the curators, for the municipality only', async () => {
    const department = await signedIn(t.app, 'department', PASSWORD);
    const page = await department.get('/registers');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Школа А1');
    expect(text).not.toContain('Школа Б1');
    expect(text).toContain('Тестов curator Иванович');
    expect(text).not.toContain('Тестов curator.b Иванович');
    // Школа А1 has one mentor (a teacher) and one mentee (new teacher), both without consent
    expect(page.body).toMatch(
      /<th scope="row">Школа А1<\/th>\s*<td class="num"><a href="\/mentors\?org=\d+">1<\/a><\/td>\s*<td class="num">1<\/td>/,
    );
  });
});
