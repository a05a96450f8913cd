import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * Agreement of a school's document by the methodological centre (issue 17): the school's curator
 * sends an order, the Положение or the minutes with its file; the coordinator of its municipality
 * agrees it or returns it with a comment; a change to its type, number, date, file or person takes
 * the agreement back and tells the coordinators; the matrix shows what waits and what came back;
 * the coordinator's list (/centre-agreements) shows every sending not answered, the oldest first;
 * the department's order includes agreed documents.
 */

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const as = (login: string): Promise<Client> => signedIn(t.app, login, PASSWORD);

async function redirected(response: Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const r = await response;
  expect(r.statusCode, textOf(r.body).slice(0, 400)).toBe(303);
  return r;
}

/** The curator adds a document through the form (with a PDF unless `file` is false). */
async function addDocument(client: Client, fields: Record<string, string>, file = true): Promise<number> {
  await client.get('/documents/new');
  const form = { status: 'active', document_date: '2026-09-01', ...fields };
  const response = file
    ? await client.upload('/documents', { name: 'Приказ.pdf', data: PDF, type: 'application/pdf' }, form)
    : await client.post('/documents', form);
  expect(response.statusCode, textOf(response.body).slice(0, 600)).toBe(303);
  return Number(/\/documents\/(\d+)$/.exec(String(response.headers.location))?.[1]);
}

/** The notifications an act produced, as `login:kind`. */
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

function auditOf(id: number) {
  return t.database.db
    .selectFrom('audit_log')
    .select(['action', 'changed_fields'])
    .where('entity_type', '=', 'school_document')
    .where('entity_id', '=', String(id))
    .where('action', 'in', ['send_for_agreement', 'agree', 'return_agreement', 'revoke_agreement'])
    .orderBy('id')
    .execute();
}

/** The matrix's cell of school A1 for a type (its text). */
async function matrixCell(client: Client, column: number): Promise<string> {
  const page = await client.get('/documents/matrix');
  expect(page.statusCode).toBe(200);
  const table = page.body.split('</table>')[0] ?? '';
  const row = table.split('<tr>').find((r) => r.includes('Школа А1'));
  const cells = (row ?? '').split('<td').slice(1);
  return textOf(`<td${cells[column] ?? ''}`);
}

describe('agreement of a school’s document by the methodological centre', () => {
  it('sent, returned with a comment, sent again and agreed: told, audited, shown on the page, in the matrix and in the list', async () => {
    const curator = await as('curator');
    const coordinator = await as('coordinator');
    await redirected(coordinator.post('/documents/requirements', { types: ['regulation', 'curator_order'] }));
    const id = await addDocument(curator, { type: 'regulation', title: 'Положение о наставничестве' });

    const page = textOf((await curator.get(`/documents/${id}`)).body);
    expect(page).toContain('Состояние: не отправлялся на согласование');
    expect(page).toContain('Отправить на согласование');

    expect(
      await told(() => redirected(curator.post(`/documents/${id}/agreement/send`, { agreement_note: 'Новая редакция' }))),
    ).toEqual(['coordinator:centre_agreement_asked']);
    const notice = await t.database.db
      .selectFrom('notifications')
      .select(['title', 'link'])
      .where('kind', '=', 'centre_agreement_asked')
      .executeTakeFirstOrThrow();
    expect(notice).toEqual({
      title: 'Документ «Положение о наставничестве» отправлен на согласование: Школа А1',
      link: `/documents/${id}`,
    });
    expect(textOf((await curator.get(`/documents/${id}`)).body)).toContain(
      'Состояние: отправлен на согласование, ждёт ответа методического центра',
    );
    expect(await matrixCell(coordinator, 0)).toContain('⧗ ждёт согласования');
    const matrix = textOf((await coordinator.get('/documents/matrix')).body);
    expect(matrix).toContain('Обозначения');

    const returned = await coordinator.post(`/documents/${id}/agreement/return`, { agreement_comment: '' });
    expect(returned.statusCode).toBe(400);
    expect(textOf(returned.body)).toContain('Напишите, что нужно доработать');
    expect(
      await told(() =>
        redirected(coordinator.post(`/documents/${id}/agreement/return`, { agreement_comment: 'Уточните срок действия.' })),
      ),
    ).toEqual(['curator:centre_agreement_returned']);
    const back = textOf((await curator.get(`/documents/${id}`)).body);
    expect(back).toContain('Состояние: возвращён методическим центром на доработку');
    expect(back).toContain('Комментарий методического центра: Уточните срок действия.');
    expect(await matrixCell(coordinator, 0)).toContain('↩ возвращено');
    expect(await matrixCell(coordinator, 0)).not.toContain('ждёт согласования');

    await redirected(curator.post(`/documents/${id}/agreement/send`));
    expect(await told(() => redirected(coordinator.post(`/documents/${id}/agreement/agree`)))).toEqual([
      'curator:centre_agreement_given',
    ]);
    const agreed = textOf((await curator.get(`/documents/${id}`)).body);
    expect(agreed).toContain('Состояние: согласован методическим центром');
    expect(agreed).toContain('Согласован');
    const cell = await matrixCell(coordinator, 0);
    expect(cell).not.toContain('ждёт согласования');
    expect(cell).not.toContain('возвращено');
    expect((await auditOf(id)).map((a) => a.action)).toEqual([
      'send_for_agreement',
      'return_agreement',
      'send_for_agreement',
      'agree',
    ]);
  });

  it('only the orders, the Положение and the minutes, with a file and not void, are sent: others are refused with a message', async () => {
    const curator = await as('curator');
    const consent = await addDocument(curator, { type: 'consent', concerns: `mentor:${t.world.people.mentorA}` });
    expect(textOf((await curator.get(`/documents/${consent}`)).body)).not.toContain('Согласование с методическим центром');
    const refused = await curator.post(`/documents/${consent}/agreement/send`);
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused.body)).toContain('не отправляют на согласование');

    const noFile = await addDocument(curator, { type: 'curator_order', number: '12' }, false);
    const page = textOf((await curator.get(`/documents/${noFile}`)).body);
    expect(page).toContain('Приложите файл документа, чтобы отправить его на согласование');
    expect(page).not.toContain('Отправить на согласование');
    expect((await curator.post(`/documents/${noFile}/agreement/send`)).statusCode).toBe(409);

    const voided = await addDocument(curator, { type: 'curator_order', number: '13', status: 'void' });
    const gone = await curator.post(`/documents/${voided}/agreement/send`);
    expect(gone.statusCode).toBe(409);
    expect(textOf(gone.body)).toContain('Документ утратил силу');
    expect(await t.database.db.selectFrom('centre_agreements').select('id').execute()).toEqual([]);
  });

  it('a change to the number takes the agreement back and tells the coordinator; a change to the notes does not', async () => {
    const curator = await as('curator');
    const coordinator = await as('coordinator');
    const id = await addDocument(curator, { type: 'curator_order', number: '14' });
    await redirected(curator.post(`/documents/${id}/agreement/send`));
    await redirected(coordinator.post(`/documents/${id}/agreement/agree`));

    const base = { type: 'curator_order', number: '14', document_date: '2026-09-01', status: 'active' };
    expect(await told(() => redirected(curator.post(`/documents/${id}/edit`, { ...base, notes: 'Подписан' })))).toEqual([]);
    expect(textOf((await curator.get(`/documents/${id}`)).body)).toContain('Состояние: согласован методическим центром');

    let edited: LightMyRequestResponse | undefined;
    expect(
      await told(async () => {
        edited = await redirected(curator.post(`/documents/${id}/edit`, { ...base, number: '14/1', notes: 'Подписан' }));
      }),
    ).toEqual(['coordinator:centre_agreement_revoked']);
    const after = textOf((await curator.get(String(edited?.headers.location))).body);
    expect(after).toContain('Согласование с методическим центром снято: после него изменился документ.');
    expect(after).toContain('Состояние: согласование снято: после него изменилось содержание');
    expect(after).toContain('Отправить на согласование');
    const notice = await t.database.db
      .selectFrom('notifications')
      .select('title')
      .where('kind', '=', 'centre_agreement_revoked')
      .executeTakeFirstOrThrow();
    expect(notice.title).toBe('Документ «Приказ о назначении куратора № 14/1» изменён после согласования: Школа А1');
    const [row] = await t.database.db.selectFrom('centre_agreements').selectAll().execute();
    expect(row?.revoked_by).toBe(t.world.users.curator);
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['send_for_agreement', 'agree', 'revoke_agreement']);
  });

  it('a change to an agreed roadmap or programme tells the coordinator too', async () => {
    const curator = await as('curator');
    const coordinator = await as('coordinator');
    const programme = t.world.programmes.a;
    await redirected(curator.post(`/programmes/${programme}/agreement/send`));
    await redirected(coordinator.post(`/programmes/${programme}/agreement/agree`));
    const form = textOf((await curator.get(`/programmes/${programme}/edit`)).body);
    expect(form).toContain('Изменение программы');
    expect(
      await told(() =>
        redirected(curator.post(`/programmes/${programme}/edit`, { title: 'Новое название программы', form: 'teacher_teacher' })),
      ),
    ).toEqual(['coordinator:centre_agreement_revoked']);

    const { id, item } = t.world.roadmaps.schoolA;
    await redirected(curator.post(`/roadmaps/${id}/agreement/send`));
    await redirected(coordinator.post(`/roadmaps/${id}/agreement/agree`));
    expect(
      await told(() =>
        redirected(
          curator.post(`/roadmaps/${id}/items/${item}/edit`, {
            number: '1',
            activity: 'Новое наименование мероприятия',
            deadline_text: 'декабрь 2025',
            responsible: 'Куратор',
          }),
        ),
      ),
    ).toContain('coordinator:centre_agreement_revoked');
  });

  it('a coordinator of another municipality gets 404; the head 403 on sending, the department 403 on answering', async () => {
    const curator = await as('curator');
    const id = await addDocument(curator, { type: 'council_minutes', number: '1' });
    expect((await (await as('school_head')).post(`/documents/${id}/agreement/send`)).statusCode).toBe(403);
    await redirected(curator.post(`/documents/${id}/agreement/send`));
    expect((await (await as('coordinator.b')).post(`/documents/${id}/agreement/agree`)).statusCode).toBe(404);
    expect((await (await as('curator.b')).post(`/documents/${id}/agreement/send`)).statusCode).toBe(404);
    expect((await (await as('department')).post(`/documents/${id}/agreement/agree`)).statusCode).toBe(403);
    const head = textOf((await (await as('school_head')).get(`/documents/${id}`)).body);
    expect(head).toContain('Состояние: отправлен на согласование');
    expect(head).not.toContain('Отправить на согласование');
  });

  it('the list of what waits: roadmaps, programmes and documents not answered, the oldest first; the home counts them', async () => {
    const curator = await as('curator');
    const coordinator = await as('coordinator');
    const doc = await addDocument(curator, { type: 'implementation_order', number: '45-о' });
    await redirected(curator.post(`/programmes/${t.world.programmes.a}/agreement/send`));
    await redirected(curator.post(`/documents/${doc}/agreement/send`));
    await redirected(curator.post(`/roadmaps/${t.world.roadmaps.schoolA.id}/agreement/send`));
    // the programme was sent a week ago
    await t.database.db
      .updateTable('centre_agreements')
      .set({ sent_at: new Date(Date.now() - 7 * 86_400_000) })
      .where('object_type', '=', 'programme')
      .execute();
    await redirected(coordinator.post(`/documents/${doc}/agreement/agree`));

    const list = await coordinator.get('/centre-agreements');
    expect(list.statusCode).toBe(200);
    const text = textOf(list.body);
    expect(text).toContain('2 документа ждут ответа');
    expect(text.indexOf('Программа')).toBeLessThan(text.indexOf('Дорожная карта'));
    expect(list.body).toContain(`href="/programmes/${t.world.programmes.a}"`);
    expect(list.body).toContain(`href="/roadmaps/${t.world.roadmaps.schoolA.id}"`);
    expect(list.body).not.toContain(`href="/documents/${doc}"`);
    expect(textOf((await coordinator.get('/')).body)).toContain(
      'Школы отправили на согласование и ждут вашего ответа: 2 документа',
    );

    const other = await addDocument(curator, { type: 'mentors_order', number: '46-о' });
    await redirected(curator.post(`/documents/${other}/agreement/send`));
    const department = textOf((await (await as('department')).get('/centre-agreements')).body);
    expect(department).toContain('Приказ о назначении наставников № 46-о');
    expect(department).toContain('3 документа ждут ответа');
    expect(textOf((await (await as('department')).get('/')).body)).not.toContain('Школы отправили на согласование');
    expect(textOf((await (await as('coordinator.b')).get('/centre-agreements')).body)).toContain('Ничего не ждёт согласования.');
  });

  it('the department’s order includes an agreed document, audited on the document', async () => {
    const curator = await as('curator');
    const coordinator = await as('coordinator');
    const id = await addDocument(curator, { type: 'roadmap_order', number: '96-о' });
    await redirected(curator.post(`/documents/${id}/agreement/send`));
    await redirected(coordinator.post(`/documents/${id}/agreement/agree`));
    const department = await as('department');
    const form = textOf((await department.get('/centre-agreements/order')).body);
    expect(form).toContain('Школа А1: Документ «Приказ об утверждении дорожной карты № 96-о», согласован');
    const [row] = await t.database.db.selectFrom('centre_agreements').select('id').execute();
    await redirected(
      department.post('/centre-agreements/order', {
        order_number: '112-ОД',
        order_date: '2026-09-01',
        agreement: String(row?.id),
      }),
    );
    expect(textOf((await curator.get(`/documents/${id}`)).body)).toContain(
      'Приказ управления образования об утверждении: № 112-ОД от 01.09.2026',
    );
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'school_document')
      .where('entity_id', '=', String(id))
      .where('action', '=', 'update')
      .execute();
    expect(audit.map((a) => a.changed_fields)).toContainEqual(['centre_agreement_order_number', 'centre_agreement_order_date']);
  });
});
