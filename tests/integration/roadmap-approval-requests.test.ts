import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/types.js';
import { agreedByCentre } from '../helpers/centre-agreement.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * A roadmap sent for approval and answered (issue 16): the author sends it with a note and its
 * approvers — exactly them — are told; a second ask, an empty comment and a refusal of nothing are
 * refused with a message; the refusal tells the authors with the comment; the approval answers the
 * request; the page and the head's home say where the roadmap stands.
 */

const t = useWorld();

/**
 * Beside the world's accounts (every role in school A1 and municipality A, and in B): a second
 * curator and a second head of A1, a deactivated curator of A1, the curator and head of A's other
 * school.
 */
async function morePeople(db: Kysely<Database>): Promise<void> {
  const hash = await db.selectFrom('users').select('password_hash').where('login', '=', 'curator').executeTakeFirstOrThrow();
  const add = (login: string, organizationId: number, role: 'curator' | 'school_head', active = true) =>
    db
      .insertInto('users')
      .values({
        login,
        full_name: `Тестов ${login} Иванович`,
        organization_id: organizationId,
        role,
        password_hash: hash.password_hash,
        is_active: active,
      })
      .execute();
  await add('curator2', t.world.a.school, 'curator');
  await add('school_head2', t.world.a.school, 'school_head');
  await add('curator.inactive', t.world.a.school, 'curator', false);
  await add('curator.other', t.world.a.otherSchool, 'curator');
  await add('school_head.other', t.world.a.otherSchool, 'school_head');
}

/** Who got which kind since the notification `after`, as 'login:kind', sorted. */
async function told(act: () => Promise<unknown>): Promise<string[]> {
  const db = t.database.db;
  const before = Number(
    (
      await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0,
  );
  await act();
  const rows = await db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select(['users.login', 'notifications.kind'])
    .where('notifications.id', '>', before)
    .execute();
  return rows.map((r) => `${r.login}:${r.kind}`).sort();
}

async function redirected(response: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const r = await response;
  expect(r.statusCode, textOf(r.body).slice(0, 400)).toBe(303);
  return r;
}

function requests(roadmapId: number) {
  return t.database.db
    .selectFrom('roadmap_approval_requests')
    .selectAll()
    .where('roadmap_id', '=', roadmapId)
    .orderBy('id')
    .execute();
}

function auditActions(roadmapId: number) {
  return t.database.db
    .selectFrom('audit_log')
    .select(['action', 'changed_fields'])
    .where('entity_type', '=', 'roadmap')
    .where('entity_id', '=', String(roadmapId))
    .orderBy('id')
    .execute();
}

async function page(client: Client, roadmapId: number): Promise<string> {
  const response = await client.get(`/roadmaps/${roadmapId}`);
  expect(response.statusCode).toBe(200);
  return textOf(response.body);
}

const DATE = String.raw`\d\d\.\d\d\.\d{4}`;

describe('a school roadmap sent for approval', () => {
  it('tells the heads of its school only; the page and the head’s home show it as sent; the audit has it', async () => {
    await morePeople(t.database.db);
    const { id } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const before = await page(curator, id);
    expect(before).toContain('Отправка на утверждение');
    expect(before).toContain('Руководитель школы получит уведомление');

    expect(
      await told(() => redirected(curator.post(`/roadmaps/${id}/approval/ask`, { note: 'Добавлены сроки по разделу 1' }))),
    ).toEqual(['school_head2:roadmap_approval_asked', 'school_head:roadmap_approval_asked']);

    const notice = await t.database.db
      .selectFrom('notifications')
      .select(['title', 'body', 'link'])
      .where('kind', '=', 'roadmap_approval_asked')
      .executeTakeFirstOrThrow();
    expect(notice).toEqual({
      title: 'Дорожная карта «Дорожная карта школы А1» отправлена вам на утверждение',
      body: 'Утвердите дорожную карту или верните её на доработку с комментарием. Примечание к отправке: Добавлены сроки по разделу 1',
      link: `/roadmaps/${id}`,
    });
    const [request] = await requests(id);
    expect(request).toMatchObject({ asked_by: t.world.users.curator, note: 'Добавлены сроки по разделу 1', answered_at: null });
    expect((await auditActions(id)).filter((a) => a.action === 'ask_approval')).toEqual([
      { action: 'ask_approval', changed_fields: ['approval_request', 'note'] },
    ]);

    const own = await page(curator, id);
    expect(own).toMatch(new RegExp(`Отправлена на утверждение ${DATE} \\(Тестов curator Иванович\\)`));
    expect(own).toContain('Примечание: Добавлены сроки по разделу 1');
    expect(own).toContain('Дорожную карту утвердит руководитель школы или вернёт её на доработку с комментарием');
    expect(own).not.toContain('Отправить на утверждение');

    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const headPage = await page(head, id);
    expect(headPage).toMatch(new RegExp(`Отправлена на утверждение ${DATE} \\(Тестов curator Иванович\\)`));
    expect(headPage).toContain('Проверьте пункты и утвердите дорожную карту или верните её на доработку');
    expect(headPage).toContain('Вернуть на доработку');
    expect(headPage).toContain('Утвердить дорожную карту');
    expect(headPage).toMatch(new RegExp(`История утверждения \\(1\\) ${DATE}, \\d\\d:\\d\\d — Отправлена на утверждение`));

    const home = textOf((await head.get('/')).body);
    expect(home).toMatch(new RegExp(`Ждут вашего утверждения Дорожная карта школы А1 — отправлена на утверждение ${DATE}`));
  });

  it('a second ask is refused with a message, stores nothing and tells no one', async () => {
    const { id } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await redirected(curator.post(`/roadmaps/${id}/approval/ask`));
    const curator2 = await signedIn(t.app, 'curator', PASSWORD);
    let response: LightMyRequestResponse | undefined;
    expect(
      await told(async () => {
        response = await curator2.post(`/roadmaps/${id}/approval/ask`, { note: 'Ещё раз' });
      }),
    ).toEqual([]);
    expect(response?.statusCode).toBe(409);
    expect(textOf(response?.body ?? '')).toContain(
      'Проверьте форму Дорожная карта уже отправлена на утверждение: дождитесь ответа утверждающего.',
    );
    expect(await requests(id)).toHaveLength(1);
  });

  it('an approved roadmap, or one without activities, is not sent', async () => {
    const { id } = t.world.roadmaps.schoolA;
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    await agreedByCentre(t.database.db, id);
    await redirected(head.post(`/roadmaps/${id}/approve`));
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect(await page(curator, id)).not.toContain('Отправить на утверждение');
    const approved = await curator.post(`/roadmaps/${id}/approval/ask`);
    expect(approved.statusCode).toBe(409);
    expect(textOf(approved.body)).toContain('Дорожная карта уже утверждена: отправлять её на утверждение не нужно.');

    const created = await redirected(
      curator.post('/roadmaps', { title: 'Пустая карта', period_from: '2025', period_to: '2026' }),
    );
    const emptyId = Number(String(created.headers.location).split('/').pop());
    expect(await page(curator, emptyId)).not.toContain('Отправить на утверждение');
    const empty = await curator.post(`/roadmaps/${emptyId}/approval/ask`);
    expect(empty.statusCode).toBe(409);
    expect(textOf(empty.body)).toContain('В дорожной карте нет ни одного мероприятия: отправлять на утверждение нечего.');
    expect(await requests(id)).toEqual([]);
    expect(await requests(emptyId)).toEqual([]);
  });

  it('a note longer than 2000 characters is refused at its field', async () => {
    const { id } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const response = await curator.post(`/roadmaps/${id}/approval/ask`, { note: 'а'.repeat(2001) });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#field-note"');
    expect(textOf(response.body)).toContain('Примечание для утверждающего: не более 2000 символов');
    expect(await requests(id)).toEqual([]);
  });

  it('a change while it waits keeps the request open: the head answers the roadmap as it is', async () => {
    const { id, item } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await redirected(curator.post(`/roadmaps/${id}/approval/ask`));
    await redirected(
      curator.post(`/roadmaps/${id}/items/${item}/edit`, {
        number: '1.1',
        activity: 'Разработка положения о наставничестве (новая редакция)',
        deadline_text: 'до 30.09.2022',
      }),
    );
    const [request] = await requests(id);
    expect(request?.answered_at).toBeNull();
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const headPage = await page(head, id);
    expect(headPage).toContain('Отправлена на утверждение');
    expect(headPage).toContain('Разработка положения о наставничестве (новая редакция)');
  });
});

describe('the approver’s answer', () => {
  it('a refusal without a comment is refused at its field; with one, the authors are told the comment', async () => {
    await morePeople(t.database.db);
    const { id } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await redirected(curator.post(`/roadmaps/${id}/approval/ask`));
    const head = await signedIn(t.app, 'school_head', PASSWORD);

    let empty: LightMyRequestResponse | undefined;
    expect(
      await told(async () => {
        empty = await head.post(`/roadmaps/${id}/approval/refuse`, { comment: '   ' });
      }),
    ).toEqual([]);
    expect(empty?.statusCode).toBe(400);
    expect(empty?.body).toContain('href="#field-comment"');
    expect(empty?.body).toContain('aria-invalid="true"');
    expect(textOf(empty?.body ?? '')).toContain('Комментарий: Напишите, что нужно доработать в дорожной карте');
    expect((await requests(id))[0]?.answered_at).toBeNull();

    const comment = 'Укажите ответственных по пункту 1.1 и сроки в датах.';
    expect(await told(() => redirected(head.post(`/roadmaps/${id}/approval/refuse`, { comment })))).toEqual([
      'curator2:roadmap_approval_refused',
      'curator:roadmap_approval_refused',
    ]);
    const notice = await t.database.db
      .selectFrom('notifications')
      .select(['title', 'body'])
      .where('kind', '=', 'roadmap_approval_refused')
      .executeTakeFirstOrThrow();
    expect(notice).toEqual({
      title: 'Дорожная карта «Дорожная карта школы А1» возвращена на доработку',
      body: `Доработайте дорожную карту и отправьте её на утверждение снова. Комментарий утверждающего: ${comment}`,
    });
    const [request] = await requests(id);
    expect(request).toMatchObject({ outcome: 'refused', comment, answered_by: t.world.users.school_head });
    expect((await auditActions(id)).map((a) => a.action)).toEqual(['ask_approval', 'refuse_approval']);

    const own = await page(curator, id);
    expect(own).toMatch(new RegExp(`Возвращена на доработку ${DATE} Комментарий \\(Тестов school_head Иванович\\): ${comment}`));
    expect(own).toContain('Доработайте дорожную карту и отправьте её на утверждение снова.');
    expect(own).toContain('Отправить на утверждение');
    expect(own).toMatch(
      new RegExp(
        `История утверждения \\(2\\) ${DATE}, \\d\\d:\\d\\d — Возвращена на доработку ?, Тестов school_head Иванович: ${comment.replace('.', '\\.')} ${DATE}, \\d\\d:\\d\\d — Отправлена на утверждение ?, Тестов curator Иванович`,
      ),
    );
    // Refused, it is no longer «sent» on the head's home (still waiting for approval, without a date).
    const home = textOf((await head.get('/')).body);
    expect(home).toContain('Ждут вашего утверждения Дорожная карта школы А1');
    expect(home).not.toContain('отправлена на утверждение');

    // Sent again: the refusal gives way to the new request.
    await redirected(curator.post(`/roadmaps/${id}/approval/ask`));
    const again = await page(curator, id);
    expect(again).toContain('Отправлена на утверждение');
    expect(again).not.toMatch(new RegExp(`Возвращена на доработку ${DATE} Комментарий`));
  });

  it('the approval answers the request: only the approval is told, the page drops the request', async () => {
    await morePeople(t.database.db);
    const { id } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await redirected(curator.post(`/roadmaps/${id}/approval/ask`));
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    await agreedByCentre(t.database.db, id);
    expect(await told(() => redirected(head.post(`/roadmaps/${id}/approve`)))).toEqual([
      'curator2:roadmap_approved',
      'curator:roadmap_approved',
    ]);
    const [request] = await requests(id);
    expect(request).toMatchObject({ outcome: 'approved', comment: null, answered_by: t.world.users.school_head });
    expect(request?.answered_at).not.toBeNull();
    expect((await auditActions(id)).find((a) => a.action === 'approve')?.changed_fields).toEqual([
      'approved_at',
      'approval_request',
    ]);
    const headPage = await page(head, id);
    expect(headPage).not.toContain('Отправлена на утверждение 0');
    expect(headPage).not.toContain('Вернуть на доработку');
    expect(headPage).toMatch(
      new RegExp(
        `История утверждения \\(2\\) ${DATE}, \\d\\d:\\d\\d — Утверждена ?, Тестов school_head Иванович ${DATE}, \\d\\d:\\d\\d — Отправлена на утверждение ?, Тестов curator Иванович`,
      ),
    );
    // Nothing open: a refusal now has nothing to answer.
    const late = await head.post(`/roadmaps/${id}/approval/refuse`, { comment: 'Поздно' });
    expect(late.statusCode).toBe(409);
    expect(textOf(late.body)).toContain('Дорожная карта не отправлена на утверждение: возвращать на доработку нечего.');
    expect(textOf((await head.get('/')).body)).not.toContain('Ждут вашего утверждения');
  });

  it('only the roadmap’s own approver refuses: another school’s head 404, the department 403, the author 403', async () => {
    await morePeople(t.database.db);
    const { id } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await redirected(curator.post(`/roadmaps/${id}/approval/ask`));
    const form = { comment: 'Не наша карта' };
    const cases: Array<[string, number]> = [
      ['school_head.other', 404],
      ['school_head.b', 404],
      ['department', 403],
      ['curator', 403],
      ['coordinator', 403],
    ];
    for (const [login, status] of cases) {
      const client = await signedIn(t.app, login, PASSWORD);
      expect((await client.post(`/roadmaps/${id}/approval/refuse`, form)).statusCode, login).toBe(status);
    }
    // Nor does anyone but its author send it: another school's curator 404, the coordinator 403.
    const { id: municipal } = t.world.roadmaps.municipalA;
    const other = await signedIn(t.app, 'curator.other', PASSWORD);
    expect((await other.post(`/roadmaps/${id}/approval/ask`)).statusCode).toBe(404);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await coordinator.post(`/roadmaps/${id}/approval/ask`)).statusCode).toBe(403);
    expect((await curator.post(`/roadmaps/${municipal}/approval/ask`)).statusCode).toBe(403);
    const [request] = await requests(id);
    expect(request?.answered_at).toBeNull();
    expect(await requests(municipal)).toEqual([]);
  });
});

describe('at once and in order', () => {
  it('two asks at the same moment: one is stored and told, the other refused', async () => {
    const { id } = t.world.roadmaps.schoolA;
    const [first, second] = [await signedIn(t.app, 'curator', PASSWORD), await signedIn(t.app, 'curator', PASSWORD)];
    let statuses: number[] = [];
    const toldOnce = await told(async () => {
      const responses = await Promise.all([
        first.post(`/roadmaps/${id}/approval/ask`),
        second.post(`/roadmaps/${id}/approval/ask`),
      ]);
      statuses = responses.map((r) => r.statusCode).sort();
    });
    expect(statuses).toEqual([303, 409]);
    expect(toldOnce).toEqual(['school_head:roadmap_approval_asked']);
    expect(await requests(id)).toHaveLength(1);
  });

  it('the department’s home lists the plans sent for approval first, the longest waiting first, with the day sent', async () => {
    const db = t.database.db;
    const plan = async (title: string) => {
      const row = await db
        .insertInto('roadmaps')
        .values({ organization_id: t.world.a.id, title, period_from: 2025, period_to: 2027 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('roadmap_items')
        .values({ roadmap_id: row.id, kind: 'item', number: '1', position: 1, activity: 'Мероприятие' })
        .execute();
      return row.id;
    };
    const later = await plan('Дорожная карта округа А на 2025–2027 годы');
    const earlier = await plan('Дорожная карта округа А: наставничество молодых педагогов');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await redirected(coordinator.post(`/roadmaps/${earlier}/approval/ask`));
    await redirected(coordinator.post(`/roadmaps/${later}/approval/ask`));
    await db
      .updateTable('roadmap_approval_requests')
      .set({ asked_at: new Date('2026-03-02T07:00:00Z') })
      .where('roadmap_id', '=', earlier)
      .execute();
    const department = await signedIn(t.app, 'department', PASSWORD);
    const home = textOf((await department.get('/')).body);
    expect(home).toMatch(
      new RegExp(
        'Ждут вашего утверждения Дорожная карта округа А: наставничество молодых педагогов — отправлена на утверждение 02\\.03\\.2026 ' +
          `Дорожная карта округа А на 2025–2027 годы — отправлена на утверждение ${DATE} Дорожная карта округа А `,
      ),
    );
  });
});

describe('the municipal roadmap', () => {
  it('the coordinator sends it: the department is told; the department refuses: the coordinator is told', async () => {
    await morePeople(t.database.db);
    const { id } = t.world.roadmaps.municipalA;
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect(await page(coordinator, id)).toContain('Управление образования получит уведомление');
    expect(await told(() => redirected(coordinator.post(`/roadmaps/${id}/approval/ask`)))).toEqual([
      'department:roadmap_approval_asked',
    ]);
    const notice = await t.database.db
      .selectFrom('notifications')
      .select('body')
      .where('kind', '=', 'roadmap_approval_asked')
      .executeTakeFirstOrThrow();
    expect(notice.body).toBe('Утвердите дорожную карту или верните её на доработку с комментарием.');
    const department = await signedIn(t.app, 'department', PASSWORD);
    expect(textOf((await department.get('/')).body)).toMatch(
      new RegExp(`Дорожная карта округа А — отправлена на утверждение ${DATE}`),
    );
    expect(
      await told(() =>
        redirected(department.post(`/roadmaps/${id}/approval/refuse`, { comment: 'Добавьте мероприятия для школ.' })),
      ),
    ).toEqual(['coordinator:roadmap_approval_refused']);
    expect(await page(coordinator, id)).toMatch(
      new RegExp(
        `Возвращена на доработку ${DATE} Комментарий \\(Тестов department Иванович\\): Добавьте мероприятия для школ\\.`,
      ),
    );
  });
});
