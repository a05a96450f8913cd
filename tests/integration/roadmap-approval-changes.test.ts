import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { agreedByCentre } from '../helpers/centre-agreement.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * A change that takes the school head's approval away (issue 14): the flash says so; the head's
 * page lists what changed since the approval (added and changed rows, with numbers and titles)
 * before approving again; the order of the approval taken away goes with it, never beside a new
 * approval's date.
 */

const t = useWorld();

/** The message a redirect leaves for the next page (read from its cookie: the test client would split it at a «;»). */
async function flashAfter(client: Client, response: LightMyRequestResponse) {
  expect(response.statusCode).toBe(303);
  const cookie = response.cookies.find((c) => c.name === t.app.cookieNames.flash);
  const signed = cookie ? String(cookie.value) : '';
  const json = signed.slice(0, signed.lastIndexOf('.'));
  return json ? (JSON.parse(json) as { text: string }).text : '';
}

async function roadmapRow(id: number) {
  return t.database.db
    .selectFrom('roadmaps')
    .select(['approved_at', 'order_number', 'order_date'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function approvedWithOrder(id: number): Promise<Client> {
  await t.database.db
    .updateTable('roadmaps')
    .set({ order_number: '87-ОД', order_date: '2022-08-30' })
    .where('id', '=', id)
    .execute();
  const head = await signedIn(t.app, 'school_head', PASSWORD);
  await head.get(`/roadmaps/${id}`);
  await agreedByCentre(t.database.db, id);
  expect((await head.post(`/roadmaps/${id}/approve`)).statusCode).toBe(303);
  return head;
}

describe('a change after the approval', () => {
  it('the flash says the approval was taken back; the head sees the added and changed rows, the order stays with the old approval', async () => {
    const { id, item } = t.world.roadmaps.schoolA;
    const head = await approvedWithOrder(id);
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get(`/roadmaps/${id}/items/new`);

    const flash = await flashAfter(
      curator,
      await curator.post(`/roadmaps/${id}/items/new`, {
        kind: 'item',
        number: '1.2',
        activity: 'Формирование базы наставников',
        deadline_text: 'до 30.09.2022',
      }),
    );
    expect(flash).toContain('Пункт 1.2 добавлен.');
    expect(flash).toContain('Утверждение дорожной карты снято: после утверждения изменились пункты.');
    expect(flash).toContain('Руководитель школы увидит список изменений');

    // The next change: the approval is gone already, nothing more to say about it.
    const second = await flashAfter(
      curator,
      await curator.post(`/roadmaps/${id}/items/${item}/edit`, {
        number: '1.1',
        activity: 'Разработка положения о наставничестве (новая редакция)',
        deadline_text: 'до 30.08.2022',
        responsible: 'МКУ «ИМЦОУ», ОУ',
      }),
    );
    expect(second).toBe('Пункт сохранён.');

    // The order was the approval's: cleared on the roadmap, kept with the approval taken away.
    const row = await roadmapRow(id);
    expect(row).toEqual({ approved_at: null, order_number: null, order_date: null });
    const page = textOf((await head.get(`/roadmaps/${id}`)).body);
    expect(page).toContain('Приказ об утверждении не указан');
    expect(page).toMatch(
      /Прежнее утверждение утверждена \d\d\.\d\d\.\d{4} \(Тестов school_head Иванович\), приказ № 87-ОД от 30\.08\.2022; утверждение снято \d\d\.\d\d\.\d{4} — после изменения пунктов/,
    );
    expect(page).toMatch(/Изменения после утверждения \d\d\.\d\d\.\d{4}/);
    expect(page).toContain('Проверьте, что изменилось в пунктах с прежнего утверждения');
    expect(page).toContain(
      'Изменён пункт 1.1 «Разработка положения о наставничестве (новая редакция)»: наименование; прежнее наименование: «Разработка положения о наставничестве»',
    );
    expect(page).toContain('Добавлен пункт 1.2 «Формирование базы наставников»');
    expect(page.indexOf('Изменения после утверждения')).toBeLessThan(page.indexOf('Утвердить дорожную карту'));

    // The audit names the fields the withdrawal cleared, in the change's transaction.
    const revokes = await t.database.db
      .selectFrom('audit_log')
      .select(['changed_fields'])
      .where('action', '=', 'revoke_approval')
      .where('entity_id', '=', String(id))
      .execute();
    expect(revokes.map((r) => r.changed_fields)).toEqual([['approved_at', 'order_number', 'order_date']]);

    // Approved again (agreed by the centre again first: the change took that back too): the list
    // and the former approval leave the page; the new one has no order yet.
    await agreedByCentre(t.database.db, id);
    await head.post(`/roadmaps/${id}/approve`);
    const again = textOf((await head.get(`/roadmaps/${id}`)).body);
    expect(again).not.toContain('Изменения после утверждения');
    expect(again).not.toContain('Прежнее утверждение');
    expect(again).toContain('Приказ об утверждении не указан');
    expect(again).toMatch(/Утверждение утверждена \d\d\.\d\d\.\d{4}/);
  });

  it('an approval made before its rows were kept (seeded, imported) still gets its list: the rows are kept before the change', async () => {
    const { id, item } = t.world.roadmaps.schoolA;
    // Approved the way the demo seed and the region generator write it: no approval row.
    await t.database.db
      .updateTable('roadmaps')
      .set({ approved_at: new Date('2022-09-01T09:00:00Z'), approved_by: t.world.users.school_head ?? null })
      .where('id', '=', id)
      .execute();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get(`/roadmaps/${id}/items/${item}/edit`);
    const flash = await flashAfter(
      curator,
      await curator.post(`/roadmaps/${id}/items/${item}/edit`, {
        number: '1.1',
        activity: 'Разработка положения о наставничестве',
        deadline_text: 'до 15.09.2022',
        responsible: 'куратор ОО',
      }),
    );
    expect(flash).toContain('Утверждение дорожной карты снято');
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const page = textOf((await head.get(`/roadmaps/${id}`)).body);
    expect(page).toContain('Прежнее утверждение утверждена 01.09.2022');
    expect(page).toContain('Изменён пункт 1.1 «Разработка положения о наставничестве»: срок, ответственные');
  });

  it('a move renumbers: the list gives the number before', async () => {
    const { id, item } = t.world.roadmaps.schoolA;
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get(`/roadmaps/${id}/items/new`);
    await curator.post(`/roadmaps/${id}/items/new`, { kind: 'item', number: '1.2', activity: 'Второе мероприятие' });
    await approvedWithOrder(id);
    const flash = await flashAfter(curator, await curator.post(`/roadmaps/${id}/items/${item}/move`, { direction: 'down' }));
    expect(flash).toContain('Пункт перемещён и получил номер 1.2');
    expect(flash).toContain('Утверждение дорожной карты снято');
    const page = textOf((await curator.get(`/roadmaps/${id}`)).body);
    expect(page).toContain('Изменён пункт 1.1 «Второе мероприятие»: номер (был № 1.2)');
    expect(page).toContain('Изменён пункт 1.2 «Разработка положения о наставничестве»: номер (был № 1.1)');
    // The curator reads the list too, without the approver's request.
    expect(page).toContain('Что изменилось в пунктах с прежнего утверждения');
  });

  it('the head takes the approval back: the order goes with it, no list of changes', async () => {
    const { id } = t.world.roadmaps.schoolA;
    const head = await approvedWithOrder(id);
    const flash = await flashAfter(head, await head.post(`/roadmaps/${id}/approve/revoke`));
    expect(flash).toContain('Утверждение снято');
    expect(await roadmapRow(id)).toEqual({ approved_at: null, order_number: null, order_date: null });
    const page = textOf((await head.get(`/roadmaps/${id}`)).body);
    expect(page).toMatch(
      /Прежнее утверждение утверждена \d\d\.\d\d\.\d{4} \(Тестов school_head Иванович\), приказ № 87-ОД от 30\.08\.2022; утверждение снято \d\d\.\d\d\.\d{4} — отозвано/,
    );
    expect(page).not.toContain('Изменения после утверждения');
  });
});
