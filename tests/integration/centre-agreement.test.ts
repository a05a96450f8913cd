import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * Agreement by the methodological centre (issue 17): the school's curator sends its roadmap or
 * programme; the coordinator of its municipality — exactly the coordinators are told — agrees it or
 * returns it with a required comment, and the school's curators are told; the head approves the
 * school's roadmap only once agreed; a change to the items after the agreement takes it back; a
 * coordinator of another municipality gets 404, other roles 403; each act is audited.
 */

const t = useWorld();

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

function agreements(type: 'roadmap' | 'programme', id: number) {
  return t.database.db
    .selectFrom('centre_agreements')
    .selectAll()
    .where('object_type', '=', type)
    .where('object_id', '=', id)
    .orderBy('id')
    .execute();
}

function audit(type: 'roadmap' | 'programme', id: number) {
  return t.database.db
    .selectFrom('audit_log')
    .select(['action', 'changed_fields'])
    .where('entity_type', '=', type)
    .where('entity_id', '=', String(id))
    .where('action', 'in', ['send_for_agreement', 'agree', 'return_agreement', 'revoke_agreement'])
    .orderBy('id')
    .execute();
}

async function addSecondCurator(): Promise<void> {
  const db = t.database.db;
  const hash = await db.selectFrom('users').select('password_hash').where('login', '=', 'curator').executeTakeFirstOrThrow();
  await db
    .insertInto('users')
    .values({
      login: 'curator2',
      full_name: 'Тестов curator2 Иванович',
      organization_id: t.world.a.school,
      role: 'curator',
      password_hash: hash.password_hash,
    })
    .execute();
}

describe('a school roadmap agreed by the methodological centre', () => {
  it('sent by the curator: the coordinators of its municipality are told; agreed: the curators; then the head approves', async () => {
    await addSecondCurator();
    const { id } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);

    const before = textOf((await head.get(`/roadmaps/${id}`)).body);
    expect(before).toContain('Согласование с методическим центром Состояние: не отправлялась на согласование');
    expect(before).toContain('Утвердить дорожную карту можно после её согласования с методическим центром.');
    expect(before).not.toContain('Утвердить дорожную карту Изменение');

    expect(
      await told(() => redirected(curator.post(`/roadmaps/${id}/agreement/send`, { agreement_note: 'Учтены замечания' }))),
    ).toEqual(['coordinator:centre_agreement_asked']);
    const notice = await t.database.db
      .selectFrom('notifications')
      .select(['title', 'body', 'link'])
      .where('kind', '=', 'centre_agreement_asked')
      .executeTakeFirstOrThrow();
    expect(notice).toEqual({
      title: 'Дорожная карта «Дорожная карта школы А1» отправлена на согласование: Школа А1',
      body: 'Согласуйте её или верните на доработку с комментарием. Примечание школы: Учтены замечания',
      link: `/roadmaps/${id}`,
    });
    const sent = textOf((await coordinator.get(`/roadmaps/${id}`)).body);
    expect(sent).toContain('Состояние: отправлена на согласование, ждёт ответа методического центра');
    expect(sent).toContain('Примечание школы: Учтены замечания');
    expect(sent).toContain('Согласовать');

    // Not approved while only sent.
    const early = await head.post(`/roadmaps/${id}/approve`);
    expect(early.statusCode).toBe(409);
    expect(textOf(early.body)).toContain('Дорожную карту школы утверждают после согласования с методическим центром');

    expect(await told(() => redirected(coordinator.post(`/roadmaps/${id}/agreement/agree`)))).toEqual([
      'curator2:centre_agreement_given',
      'curator:centre_agreement_given',
    ]);
    const agreedPage = textOf((await head.get(`/roadmaps/${id}`)).body);
    expect(agreedPage).toContain('Состояние: согласована методическим центром');
    expect(agreedPage).toContain('Утвердить дорожную карту');
    expect(agreedPage).toMatch(/История согласования \(1\)/);

    await redirected(head.post(`/roadmaps/${id}/approve`));
    const roadmap = await t.database.db
      .selectFrom('roadmaps')
      .select('approved_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(roadmap.approved_at).not.toBeNull();
    expect(await audit('roadmap', id)).toEqual([
      { action: 'send_for_agreement', changed_fields: ['centre_agreement', 'note'] },
      { action: 'agree', changed_fields: ['centre_agreement'] },
    ]);
    const [row] = await agreements('roadmap', id);
    expect(row).toMatchObject({
      sent_by: t.world.users.curator,
      answered_by: t.world.users.coordinator,
      outcome: 'agreed',
      note: 'Учтены замечания',
      organization_id: t.world.a.school,
    });
  });

  it('returned with a comment: the curators are told with it; without a comment it is refused at its field', async () => {
    const { id } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await redirected(curator.post(`/roadmaps/${id}/agreement/send`));

    const empty = await coordinator.post(`/roadmaps/${id}/agreement/return`, { agreement_comment: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#field-agreement_comment"');
    expect(textOf(empty.body)).toContain('Напишите, что нужно доработать');
    expect((await agreements('roadmap', id))[0]?.answered_at).toBeNull();

    expect(
      await told(() =>
        redirected(coordinator.post(`/roadmaps/${id}/agreement/return`, { agreement_comment: 'Добавьте сроки в раздел 2' })),
      ),
    ).toEqual(['curator:centre_agreement_returned']);
    const notice = await t.database.db
      .selectFrom('notifications')
      .select(['title', 'body'])
      .where('kind', '=', 'centre_agreement_returned')
      .executeTakeFirstOrThrow();
    expect(notice).toEqual({
      title: 'Дорожная карта «Дорожная карта школы А1» возвращена методическим центром на доработку',
      body: 'Комментарий методического центра: Добавьте сроки в раздел 2 Доработайте и отправьте на согласование снова.',
    });
    const page = textOf((await curator.get(`/roadmaps/${id}`)).body);
    expect(page).toContain('Состояние: возвращена методическим центром на доработку');
    expect(page).toContain('Комментарий методического центра: Добавьте сроки в раздел 2');
    expect(page).toContain('Отправить на согласование');

    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect((await head.post(`/roadmaps/${id}/approve`)).statusCode).toBe(409);

    // Sent again and agreed: two rows, the second agreed.
    await redirected(curator.post(`/roadmaps/${id}/agreement/send`, { agreement_note: 'Сроки добавлены' }));
    await redirected(coordinator.post(`/roadmaps/${id}/agreement/agree`, { agreement_comment: 'Замечаний нет' }));
    expect((await agreements('roadmap', id)).map((r) => r.outcome)).toEqual(['returned', 'agreed']);
    expect(await audit('roadmap', id)).toEqual([
      { action: 'send_for_agreement', changed_fields: ['centre_agreement'] },
      { action: 'return_agreement', changed_fields: ['centre_agreement', 'comment'] },
      { action: 'send_for_agreement', changed_fields: ['centre_agreement', 'note'] },
      { action: 'agree', changed_fields: ['centre_agreement', 'comment'] },
    ]);
  });

  it('a second sending, an answer to nothing and a sending of an agreed roadmap are refused with a message and tell no one', async () => {
    const { id } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const nothing = await coordinator.post(`/roadmaps/${id}/agreement/agree`);
    expect(nothing.statusCode).toBe(409);
    expect(textOf(nothing.body)).toContain('Не отправлено на согласование: отвечать пока не на что.');

    await redirected(curator.post(`/roadmaps/${id}/agreement/send`));
    let again: LightMyRequestResponse | undefined;
    expect(
      await told(async () => {
        again = await curator.post(`/roadmaps/${id}/agreement/send`);
      }),
    ).toEqual([]);
    expect(again?.statusCode).toBe(409);
    expect(textOf(again?.body ?? '')).toContain('Уже отправлено на согласование: дождитесь ответа методического центра.');

    await redirected(coordinator.post(`/roadmaps/${id}/agreement/agree`));
    const agreed = await curator.post(`/roadmaps/${id}/agreement/send`);
    expect(agreed.statusCode).toBe(409);
    expect(textOf(agreed.body)).toContain('Уже согласовано методическим центром');
    expect(await agreements('roadmap', id)).toHaveLength(1);
  });

  it('a change to the items after the agreement takes it back (and the approval): the page and the flash say so', async () => {
    const { id, item } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    await redirected(curator.post(`/roadmaps/${id}/agreement/send`));
    await redirected(coordinator.post(`/roadmaps/${id}/agreement/agree`));
    await redirected(head.post(`/roadmaps/${id}/approve`));

    const edited = await redirected(
      curator.post(`/roadmaps/${id}/items/${item}/edit`, {
        number: '1',
        activity: 'Новое наименование мероприятия',
        deadline_text: 'декабрь 2025',
        responsible: 'Куратор',
      }),
    );
    const after = textOf((await curator.get(String(edited.headers.location))).body);
    expect(after).toContain('Согласование с методическим центром снято: после него изменились пункты.');
    expect(after).toContain('Утверждение дорожной карты снято');
    expect(after).toContain('Состояние: согласование снято: после него изменилось содержание');
    expect(after).toContain('Отправить на согласование');

    const [row] = await agreements('roadmap', id);
    expect(row?.revoked_at).not.toBeNull();
    expect(row?.revoked_by).toBe(t.world.users.curator);
    expect((await head.post(`/roadmaps/${id}/approve`)).statusCode).toBe(409);
    expect((await audit('roadmap', id)).map((a) => a.action)).toEqual(['send_for_agreement', 'agree', 'revoke_agreement']);
  });

  it('a coordinator of another municipality gets 404; the head, the department and a curator of another school 403 or 404', async () => {
    const { id } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await redirected(curator.post(`/roadmaps/${id}/agreement/send`));
    const foreign = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await foreign.post(`/roadmaps/${id}/agreement/agree`)).statusCode).toBe(404);
    expect((await foreign.post(`/roadmaps/${id}/agreement/return`, { agreement_comment: 'Нет' })).statusCode).toBe(404);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect((await head.post(`/roadmaps/${id}/agreement/agree`)).statusCode).toBe(403);
    const department = await signedIn(t.app, 'department', PASSWORD);
    expect((await department.post(`/roadmaps/${id}/agreement/agree`)).statusCode).toBe(403);
    const curatorB = await signedIn(t.app, 'curator.b', PASSWORD);
    expect((await curatorB.post(`/roadmaps/${id}/agreement/send`)).statusCode).toBe(404);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    // The municipal roadmap is not sent to the centre: the coordinator keeps it.
    expect((await coordinator.post(`/roadmaps/${t.world.roadmaps.municipalA.id}/agreement/send`)).statusCode).toBe(403);
    expect((await agreements('roadmap', id))[0]?.answered_at).toBeNull();
  });

  it('the municipal roadmap is approved by the department without the centre’s agreement', async () => {
    const department = await signedIn(t.app, 'department', PASSWORD);
    await redirected(department.post(`/roadmaps/${t.world.roadmaps.municipalA.id}/approve`));
  });
});

describe('a programme agreed by the methodological centre', () => {
  it('sent, returned, sent again and agreed; a change takes the agreement back; the page shows the state and history', async () => {
    const id = t.world.programmes.a;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect(textOf((await curator.get(`/programmes/${id}`)).body)).toContain('Состояние: не отправлялась на согласование');

    expect(await told(() => redirected(curator.post(`/programmes/${id}/agreement/send`)))).toEqual([
      'coordinator:centre_agreement_asked',
    ]);
    const empty = await coordinator.post(`/programmes/${id}/agreement/return`);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#field-agreement_comment"');
    expect(
      await told(() =>
        redirected(coordinator.post(`/programmes/${id}/agreement/return`, { agreement_comment: 'Уточните цели' })),
      ),
    ).toEqual(['curator:centre_agreement_returned']);
    expect(textOf((await curator.get(`/programmes/${id}`)).body)).toContain('Комментарий методического центра: Уточните цели');

    await redirected(curator.post(`/programmes/${id}/agreement/send`));
    expect(await told(() => redirected(coordinator.post(`/programmes/${id}/agreement/agree`)))).toEqual([
      'curator:centre_agreement_given',
    ]);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const agreed = textOf((await head.get(`/programmes/${id}`)).body);
    expect(agreed).toContain('Состояние: согласована методическим центром');
    expect(agreed).toContain('История согласования (2)');

    const edit = await redirected(
      curator.post(`/programmes/${id}/edit`, { title: 'Программа школы А1 (новая редакция)', form: 'teacher_teacher' }),
    );
    expect(textOf((await curator.get(String(edit.headers.location))).body)).toContain(
      'Согласование с методическим центром снято: после него изменилась программа.',
    );
    expect((await agreements('programme', id)).map((r) => [r.outcome, r.revoked_at !== null])).toEqual([
      ['returned', false],
      ['agreed', true],
    ]);
    expect((await audit('programme', id)).map((a) => a.action)).toEqual([
      'send_for_agreement',
      'return_agreement',
      'send_for_agreement',
      'agree',
      'revoke_agreement',
    ]);
  });

  it('a coordinator of another municipality gets 404; a programme of another school is not the curator’s to send', async () => {
    const id = t.world.programmes.a;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await redirected(curator.post(`/programmes/${id}/agreement/send`));
    const foreign = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await foreign.post(`/programmes/${id}/agreement/agree`)).statusCode).toBe(404);
    expect((await curator.post(`/programmes/${t.world.programmes.b}/agreement/send`)).statusCode).toBe(404);
    expect((await foreign.get(`/programmes/${id}`)).statusCode).toBe(404);
  });
});

describe('the department’s approving order for several agreed documents', () => {
  it('lists what the centre agreed without an order; records one order on the chosen ones in one go; the pages show it', async () => {
    const roadmap = t.world.roadmaps.schoolA.id;
    const programme = t.world.programmes.a;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await redirected(curator.post(`/roadmaps/${roadmap}/agreement/send`));
    await redirected(coordinator.post(`/roadmaps/${roadmap}/agreement/agree`));
    await redirected(curator.post(`/programmes/${programme}/agreement/send`));
    await redirected(coordinator.post(`/programmes/${programme}/agreement/agree`));

    const department = await signedIn(t.app, 'department', PASSWORD);
    expect(textOf((await department.get(`/roadmaps/${roadmap}`)).body)).toContain('Записать приказ об утверждении');
    const form = textOf((await department.get('/centre-agreements/order')).body);
    expect(form).toContain('Школа А1: Дорожная карта «Дорожная карта школы А1»');
    expect(form).toContain('Школа А1: Программа «Программа школы А1»');
    // Another municipality's department sees nothing of A.
    const foreign = await signedIn(t.app, 'department.b', PASSWORD);
    expect(textOf((await foreign.get('/centre-agreements/order')).body)).toContain(
      'Согласованных документов, ждущих приказа, нет.',
    );

    const ids = (await t.database.db.selectFrom('centre_agreements').select('id').orderBy('id').execute()).map((r) =>
      String(r.id),
    );
    const empty = await department.post('/centre-agreements/order', { order_number: '', order_date: '' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Укажите номер приказа');
    expect(textOf(empty.body)).toContain('Отметьте документы, утверждённые приказом');
    // A foreign department cannot record an order on A's documents: nothing is written.
    const stranger = await foreign.post('/centre-agreements/order', {
      order_number: '1',
      order_date: '2026-09-01',
      agreement: ids,
    });
    expect(stranger.statusCode).toBe(409);

    await redirected(
      department.post('/centre-agreements/order', { order_number: '112-ОД', order_date: '2026-09-01', agreement: ids }),
    );
    const rows = await t.database.db.selectFrom('centre_agreements').select(['order_number', 'order_date']).execute();
    expect(rows).toEqual([
      { order_number: '112-ОД', order_date: '2026-09-01' },
      { order_number: '112-ОД', order_date: '2026-09-01' },
    ]);
    expect(textOf((await curator.get(`/programmes/${programme}`)).body)).toContain(
      'Приказ управления образования об утверждении: № 112-ОД от 01.09.2026',
    );
    expect(textOf((await department.get('/centre-agreements/order')).body)).toContain(
      'Согласованных документов, ждущих приказа, нет.',
    );
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['entity_type', 'changed_fields'])
      .where('changed_fields', '@>', sql<string[]>`array['centre_agreement_order_number']`)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.entity_type)).toEqual(['roadmap', 'programme']);
  });
});
