import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

async function as(login: string): Promise<Client> {
  const client = await signedIn(t.app, login, PASSWORD);
  await client.get('/recognition');
  return client;
}

function redirected(response: { statusCode: number; body: string; headers: Record<string, unknown> }): string {
  expect(response.statusCode, textOf(response.body).slice(0, 600)).toBe(303);
  return String(response.headers.location);
}

async function nominateA(head?: Client, over: Record<string, string> = {}): Promise<number> {
  const client = head ?? (await as('school_head'));
  const location = redirected(
    await client.post('/recognition/nominations', {
      mentor_id: String(t.world.people.mentorA),
      kind: 'letter_of_thanks',
      reason: 'Наставляемые — призёры муниципальной олимпиады',
      ...over,
    }),
  );
  const id = Number(/^\/recognition\/nominations\/(\d+)$/.exec(location)?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

function nomination(id: number) {
  return t.database.db.selectFrom('award_nominations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function toldOf(kind: string): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select('users.login')
    .where('notifications.kind', '=', kind)
    .orderBy('users.login')
    .execute();
  return rows.map((r) => r.login);
}

function audit(action: string) {
  return t.database.db
    .selectFrom('audit_log')
    .select(['entity_type', 'entity_id', 'changed_fields', 'user_id'])
    .where('action', '=', action)
    .orderBy('id')
    .execute();
}

async function linkMentorAccount(): Promise<void> {
  await t.database.db
    .updateTable('mentors')
    .set({ user_id: t.world.users.mentor! })
    .where('id', '=', t.world.people.mentorA)
    .execute();
}

/** Nominated by A1's head, included and sent by A's coordinator: waits for the department. */
async function sentNomination(): Promise<number> {
  const id = await nominateA();
  const coordinator = await as('coordinator');
  redirected(await coordinator.post(`/recognition/nominations/${id}/include`, { comment: '' }));
  redirected(await coordinator.post('/recognition/list/send'));
  return id;
}

describe('nominations: the school head nominates, the coordinator compiles, the department decides and orders', () => {
  it('the head nominates a mentor of its school: on the way, audited, the coordinator told', async () => {
    const id = await nominateA();
    expect(await nomination(id)).toMatchObject({ status: 'nominated', kind: 'letter_of_thanks', sent_at: null });
    expect((await audit('nominate')).map((a) => a.entity_type)).toEqual(['award_nomination']);
    expect(await toldOf('award_nominated')).toEqual(['coordinator']);
    const page = textOf((await (await as('coordinator')).get(`/recognition/nominations/${id}`)).body);
    expect(page).toContain('Наставникова Мария');
    expect(page).toContain('на рассмотрении');
    expect(page).toContain('Включить в список');
  });

  it('refuses a mentor of another school, a mentor already on its way, an empty reason — in Russian, naming the field', async () => {
    const head = await as('school_head');
    const foreign = await head.post('/recognition/nominations', {
      mentor_id: String(t.world.people.mentorB),
      kind: 'diploma',
      reason: 'Хорошо работает',
    });
    expect(foreign.statusCode).toBe(400);
    expect(textOf(foreign.body)).toContain('Выберите наставника своей школы из списка');
    const empty = await head.post('/recognition/nominations', {
      mentor_id: String(t.world.people.mentorA),
      kind: 'diploma',
      reason: ' ',
    });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Основание: напишите, за что выдвигается наставник');
    await nominateA(head);
    const again = await head.post('/recognition/nominations', {
      mentor_id: String(t.world.people.mentorA),
      kind: 'diploma',
      reason: 'Ещё раз',
    });
    expect(again.statusCode).toBe(400);
    expect(textOf(again.body)).toContain('Этот наставник уже выдвинут');
    expect(await t.database.db.selectFrom('award_nominations').select('id').execute()).toHaveLength(1);
  });

  it('only the school head nominates', async () => {
    for (const login of ['curator', 'coordinator', 'department', 'mentor']) {
      const client = await as(login);
      const response = await client.post('/recognition/nominations', {
        mentor_id: String(t.world.people.mentorA),
        kind: 'diploma',
        reason: 'Хорошо работает',
      });
      expect(response.statusCode, login).toBe(403);
    }
  });

  it('the coordinator includes or excludes (a comment required to exclude) and may change its mind until the list is sent', async () => {
    const id = await nominateA();
    const coordinator = await as('coordinator');
    const bare = await coordinator.post(`/recognition/nominations/${id}/exclude`, { comment: '' });
    expect(bare.statusCode).toBe(400);
    expect(textOf(bare.body)).toContain('Комментарий: напишите, почему выдвижение не поддержано');
    redirected(await coordinator.post(`/recognition/nominations/${id}/exclude`, { comment: 'Мало стажа наставничества' }));
    expect(await nomination(id)).toMatchObject({ status: 'rejected', list_comment: 'Мало стажа наставничества' });
    redirected(await coordinator.post(`/recognition/nominations/${id}/include`, { comment: 'Пересмотрено' }));
    expect(await nomination(id)).toMatchObject({ status: 'listed', list_comment: 'Пересмотрено' });
    expect((await audit('exclude_from_list')).length).toBe(1);
    expect((await audit('include_in_list')).length).toBe(1);
    // The head reads the coordinator's comment.
    const headPage = textOf((await (await as('school_head')).get(`/recognition/nominations/${id}`)).body);
    expect(headPage).toContain('включено в список');
    expect(headPage).toContain('Пересмотрено');
  });

  it('the list sent tells the department; afterwards the coordinator can no longer change it', async () => {
    const id = await sentNomination();
    expect((await nomination(id)).sent_at).not.toBeNull();
    expect(await toldOf('award_list_sent')).toEqual(['department']);
    const coordinator = await as('coordinator');
    const late = await coordinator.post(`/recognition/nominations/${id}/exclude`, { comment: 'Передумали' });
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body)).toContain('Список уже передан в управление образования');
    const nothing = await coordinator.post('/recognition/list/send');
    expect(nothing.statusCode).toBe(409);
    expect(textOf(nothing.body)).toContain('В списке нет новых выдвижений');
  });

  it('the department decides only on nominations of a list sent to it', async () => {
    const id = await nominateA();
    const department = await as('department');
    const early = await department.post(`/recognition/nominations/${id}/support`, { comment: '' });
    expect(early.statusCode).toBe(409);
    expect(textOf(early.body)).toContain('ещё не передано методическим центром');
    const coordinator = await as('coordinator');
    expect((await coordinator.post(`/recognition/nominations/${id}/support`, { comment: '' })).statusCode).toBe(403);
    const noOrder = await department.post('/recognition/order', { order_number: '15', order_date: '2026-12-01' });
    expect(noOrder.statusCode).toBe(409);
    expect(textOf(noOrder.body)).toContain('Поддержанных выдвижений, ждущих приказа, нет');
  });

  it('supported, then the order: the award on the mentor’s card, the school and the mentor told; a refusal needs a comment and makes no award', async () => {
    await linkMentorAccount();
    const id = await sentNomination();
    // A second nomination of A1, for the refusal.
    const second = await t.database.db
      .insertInto('mentors')
      .values({
        organization_id: t.world.a.school,
        last_name: 'Второва',
        first_name: 'Анна',
        category: 'teacher',
        position: 'учитель химии',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const other = await nominateA(undefined, { mentor_id: String(second.id), kind: 'diploma' });
    const coordinator = await as('coordinator');
    redirected(await coordinator.post(`/recognition/nominations/${other}/include`, { comment: '' }));
    redirected(await coordinator.post('/recognition/list/send'));

    const department = await as('department');
    redirected(await department.post(`/recognition/nominations/${id}/support`, { comment: 'Достойна' }));
    expect(await toldOf('award_decided')).toEqual(['curator', 'school_head']);
    const bare = await department.post(`/recognition/nominations/${other}/refuse`, { comment: '' });
    expect(bare.statusCode).toBe(400);
    expect(textOf(bare.body)).toContain('Комментарий: напишите');
    redirected(await department.post(`/recognition/nominations/${other}/refuse`, { comment: 'Уже награждена в этом году' }));
    expect(await nomination(other)).toMatchObject({ status: 'refused', decision_comment: 'Уже награждена в этом году' });

    const print = textOf((await department.get('/recognition/order/print')).body);
    expect(print).toContain('Наставникова Мария');
    expect(print).toContain('Благодарственное письмо');
    expect(print).toContain('Школа А1');
    expect(print).not.toContain('Второва');

    const bad = await department.post('/recognition/order', { order_number: '', order_date: '' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Номер приказа: укажите номер');
    redirected(await department.post('/recognition/order', { order_number: '15-о', order_date: '2026-12-01' }));
    expect(await nomination(id)).toMatchObject({ status: 'awarded', order_number: '15-о', order_date: '2026-12-01' });
    expect(await nomination(other)).toMatchObject({ status: 'refused' });
    const awards = await t.database.db.selectFrom('awards').selectAll().execute();
    expect(awards).toHaveLength(1);
    expect(awards[0]).toMatchObject({
      mentor_id: t.world.people.mentorA,
      kind: 'letter_of_thanks',
      level: 'municipal',
      awarded_on: '2026-12-01',
      order_number: '15-о',
      issued_by: 'Управление А',
      nomination_id: id,
    });
    expect(await toldOf('award_granted')).toEqual(['curator', 'mentor', 'school_head']);
    expect((await audit('grant_award')).length).toBe(1);

    const card = textOf((await (await as('school_head')).get(`/mentors/${t.world.people.mentorA}`)).body);
    expect(card).toContain('Награды');
    expect(card).toContain('Благодарственное письмо');
    expect(card).toContain('№ 15-о от 01.12.2026');
    // The mentor sees its own award on /recognition.
    const own = textOf((await (await as('mentor')).get('/recognition')).body);
    expect(own).toContain('Мои награды');
    expect(own).toContain('Благодарственное письмо');
    // Decided for good.
    const after = await department.post(`/recognition/nominations/${id}/refuse`, { comment: 'Ошибка' });
    expect(after.statusCode).toBe(409);
    expect(textOf(after.body)).toContain('уже награждён по приказу');
  });
});

describe('who sees nominations and awards', () => {
  it('another school, another municipality and a mentor get 404 for a nomination; a mentee has no recognition at all', async () => {
    const id = await nominateA();
    for (const login of ['school_head.b', 'coordinator.b', 'department.b', 'mentor']) {
      expect((await (await as(login)).get(`/recognition/nominations/${id}`)).statusCode, login).toBe(404);
    }
    const mentee = await signedIn(t.app, 'mentee', PASSWORD);
    expect((await mentee.get('/recognition')).statusCode).toBe(403);
    // The other municipality's coordinator cannot include it either.
    expect((await (await as('coordinator.b')).post(`/recognition/nominations/${id}/include`, {})).statusCode).toBe(404);
  });

  it('a mentor without a linked record is told so; a mentor sees only its own awards', async () => {
    await t.database.db
      .insertInto('awards')
      .values({ mentor_id: t.world.people.mentorA, kind: 'diploma', level: 'school', awarded_on: '2025-05-20' })
      .execute();
    const before = textOf((await (await as('mentor')).get('/recognition')).body);
    expect(before).toContain('не связана с записью в базе наставников');
    expect(before).not.toContain('Грамота');
    await linkMentorAccount();
    expect(textOf((await (await as('mentor')).get('/recognition')).body)).toContain('Грамота');
    expect(textOf((await (await as('mentor.b')).get('/recognition')).body)).not.toContain('Грамота');
  });
});

describe('awards recorded by hand', () => {
  const award = (over: Record<string, string> = {}) => ({
    mentor_id: String(t.world.people.mentorA),
    kind: 'diploma',
    level: 'school',
    awarded_on: '2026-05-25',
    order_number: '48',
    order_date: '2026-05-20',
    issued_by: 'Школа А1',
    note: 'По итогам года',
    ...over,
  });

  it('the curator records a school award for its mentor: on the card, audited', async () => {
    const curator = await as('curator');
    expect((await curator.get(`/recognition/awards/new?mentor=${t.world.people.mentorA}`)).statusCode).toBe(200);
    expect(redirected(await curator.post('/recognition/awards', award()))).toBe(`/mentors/${t.world.people.mentorA}`);
    const card = textOf((await curator.get(`/mentors/${t.world.people.mentorA}`)).body);
    expect(card).toContain('Грамота');
    expect(card).toContain('школьный');
    expect(card).toContain('По итогам года');
    expect((await audit('create')).filter((a) => a.entity_type === 'award')).toHaveLength(1);
  });

  it('refuses a foreign mentor, bad dates and an order number without its date, in Russian', async () => {
    const curator = await as('curator');
    const foreign = await curator.post('/recognition/awards', award({ mentor_id: String(t.world.people.mentorB) }));
    expect(foreign.statusCode).toBe(400);
    expect(textOf(foreign.body)).toContain('Выберите наставника из списка');
    expect((await curator.get(`/recognition/awards/new?mentor=${t.world.people.mentorB}`)).statusCode).toBe(404);
    const noDate = await curator.post('/recognition/awards', award({ awarded_on: '', order_date: '' }));
    expect(noDate.statusCode).toBe(400);
    expect(textOf(noDate.body)).toContain('Дата награждения: укажите дату');
    expect(textOf(noDate.body)).toContain('Дата приказа: укажите дату приказа с его номером');
    expect(await t.database.db.selectFrom('awards').select('id').execute()).toEqual([]);
  });

  it('the coordinator and the department record municipal awards, not a school’s own', async () => {
    const coordinator = await as('coordinator');
    const school = await coordinator.post('/recognition/awards', award());
    expect(school.statusCode).toBe(400);
    expect(textOf(school.body)).toContain('Школьные награды вносит куратор школы');
    redirected(await coordinator.post('/recognition/awards', award({ level: 'municipal', kind: 'honorary_mentor' })));
    redirected(await (await as('department')).post('/recognition/awards', award({ level: 'regional', kind: 'state_award' })));
    const foreign = await (await as('coordinator.b')).post('/recognition/awards', award({ level: 'municipal' }));
    expect(foreign.statusCode).toBe(400);
    expect((await t.database.db.selectFrom('awards').select('kind').orderBy('id').execute()).map((a) => a.kind)).toEqual([
      'honorary_mentor',
      'state_award',
    ]);
    // The school head reads them but records none.
    const head = await as('school_head');
    expect((await head.post('/recognition/awards', award())).statusCode).toBe(403);
    const card = textOf((await head.get(`/mentors/${t.world.people.mentorA}`)).body);
    expect(card).toContain('Звание «Почётный наставник»');
    expect(card).not.toContain('Внести награду');
  });
});

describe('the municipal list of best mentors', () => {
  const entry = (over: Record<string, string> = {}) => ({
    mentor_id: String(t.world.people.mentorA),
    year: '2026',
    reason: 'Победитель конкурса «Наставник года»',
    ...over,
  });

  it('the coordinator adds a mentor for a year; the municipality’s staff read the list, not the other municipality nor a mentor', async () => {
    const coordinator = await as('coordinator');
    redirected(await coordinator.post('/recognition/best', entry()));
    const row = await t.database.db.selectFrom('best_mentors').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ year: 2026, event_id: null, municipality_id: t.world.a.id });
    for (const login of ['department', 'curator', 'school_head']) {
      const page = textOf((await (await as(login)).get('/recognition')).body);
      expect(page, login).toContain('Лучшие наставники муниципалитета');
      expect(page, login).toContain('Победитель конкурса «Наставник года»');
    }
    expect(textOf((await (await as('coordinator.b')).get('/recognition')).body)).not.toContain('Победитель конкурса');
    expect(textOf((await (await as('mentor')).get('/recognition')).body)).not.toContain('Лучшие наставники');
    expect((await audit('create')).filter((a) => a.entity_type === 'best_mentor')).toHaveLength(1);
  });

  it('refuses a repeat, a foreign mentor, a bad year; only the coordinator adds', async () => {
    const coordinator = await as('coordinator');
    redirected(await coordinator.post('/recognition/best', entry()));
    const again = await coordinator.post('/recognition/best', entry());
    expect(again.statusCode).toBe(400);
    expect(textOf(again.body)).toContain('уже в списке лучших наставников за 2026 год');
    const foreign = await coordinator.post('/recognition/best', entry({ mentor_id: String(t.world.people.mentorB) }));
    expect(foreign.statusCode).toBe(400);
    expect(textOf(foreign.body)).toContain('Выберите наставника муниципалитета из списка');
    const year = await coordinator.post('/recognition/best', entry({ year: 'прошлый' }));
    expect(year.statusCode).toBe(400);
    expect(textOf(year.body)).toContain('Год: укажите год числом');
    expect((await (await as('department')).post('/recognition/best', entry({ year: '2025' }))).statusCode).toBe(403);
    expect(await t.database.db.selectFrom('best_mentors').select('id').execute()).toHaveLength(1);
  });
});
