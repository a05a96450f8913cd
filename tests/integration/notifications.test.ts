import type { Kysely } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/db/types.js';
import { notifyRoadmapApproval } from '../../src/modules/notifications/producers.js';
import { notify } from '../../src/modules/notifications/service.js';
import { agreedByCentre } from '../helpers/centre-agreement.js';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * Notifications in the portal (issue 16): who is told of each act (a matrix over the people of
 * the school, its neighbour school, its municipality and the other municipality), no duplicates,
 * nothing from a rolled back act, the list and its routes, the bell in the header.
 */

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * Beside the world's accounts (every role in school A1 and municipality A, and in B): a second
 * curator of A1, a deactivated curator of A1, the curator and head of A's other school, the region.
 */
async function morePeople(db: Kysely<Database>): Promise<void> {
  const hash = await db.selectFrom('users').select('password_hash').where('login', '=', 'curator').executeTakeFirstOrThrow();
  const add = (login: string, organizationId: number, role: 'curator' | 'school_head' | 'region', active = true) =>
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
  await add('curator.inactive', t.world.a.school, 'curator', false);
  await add('curator.other', t.world.a.otherSchool, 'curator');
  await add('school_head.other', t.world.a.otherSchool, 'school_head');
  // The regional operator reads accepted submissions, but acts on none: told of nothing.
  await add('region', t.world.region, 'region');
}

/** Who got which kind since the notification `after`, as 'login:kind', sorted. */
async function toldSince(after: number): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select(['users.login', 'notifications.kind'])
    .where('notifications.id', '>', after)
    .execute();
  return rows.map((r) => `${r.login}:${r.kind}`).sort();
}

async function lastId(): Promise<number> {
  const row = await t.database.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Runs an act and returns who was told of it. */
async function told(act: () => Promise<unknown>): Promise<string[]> {
  const before = await lastId();
  await act();
  return toldSince(before);
}

async function expectRedirect(response: Promise<{ statusCode: number; body: string }>): Promise<void> {
  const r = await response;
  expect(r.statusCode, textOf(r.body).slice(0, 400)).toBe(303);
}

async function campaignForm() {
  const db = t.database.db;
  const campaignId = await addCampaign(db, 'coordinator');
  const fields = await db.selectFrom('monitoring_fields').select(['id', 'kind']).where('campaign_id', '=', campaignId).execute();
  const document = await db
    .selectFrom('monitoring_documents')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  return {
    campaignId,
    url: `/monitoring/${campaignId}/schools/${t.world.a.school}`,
    number: fields.find((f) => f.kind === 'number')?.id ?? 0,
    document: document.id,
  };
}

async function send(curator: Client, form: Awaited<ReturnType<typeof campaignForm>>) {
  await curator.get(form.url);
  await expectRedirect(
    curator.upload(
      `${form.url}/send`,
      { name: 'Приказ.pdf', data: PDF, type: 'application/pdf', field: `doc_${form.document}` },
      { [`f_${form.number}`]: '14' },
    ),
  );
}

describe('who is told of a monitoring submission', () => {
  it('sent: the head; approved: the coordinator; returned: the curators; accepted: the curators and the head — nobody else', async () => {
    await morePeople(t.database.db);
    const form = await campaignForm();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);

    expect(await told(() => send(curator, form))).toEqual(['school_head:monitoring_sent']);
    await head.get(form.url);
    expect(await told(() => expectRedirect(head.post(`${form.url}/approve`)))).toEqual(['coordinator:monitoring_approved']);
    await coordinator.get(form.url);
    expect(
      await told(() => expectRedirect(coordinator.post(`${form.url}/return`, { comment: 'Уточните число наставников.' }))),
    ).toEqual(['curator2:monitoring_returned', 'curator:monitoring_returned']);
    // The comment is in the text; the link leads to the submission.
    const returned = await t.database.db
      .selectFrom('notifications')
      .select(['title', 'body', 'link'])
      .where('kind', '=', 'monitoring_returned')
      .executeTakeFirstOrThrow();
    expect(returned.body).toBe('Комментарий методического центра: Уточните число наставников.');
    expect(returned.link).toBe(form.url);

    // Sent again: a new event, the head is told again.
    expect(await told(() => send(curator, form))).toEqual(['school_head:monitoring_sent']);
    await head.get(form.url);
    await expectRedirect(head.post(`${form.url}/approve`));
    await coordinator.get(form.url);
    expect(await told(() => expectRedirect(coordinator.post(`${form.url}/accept`)))).toEqual([
      'curator2:monitoring_accepted',
      'curator:monitoring_accepted',
      'school_head:monitoring_accepted',
    ]);
  });
});

describe('who is told of a roadmap approval', () => {
  it('a school roadmap: approved and taken back tell its curators; a change tells its head that it waits for approval', async () => {
    await morePeople(t.database.db);
    const { id, item } = t.world.roadmaps.schoolA;
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await head.get(`/roadmaps/${id}`);
    // Issue 17: a school roadmap is approved once the methodological centre agreed it.
    await agreedByCentre(t.database.db, id);
    expect(await told(() => expectRedirect(head.post(`/roadmaps/${id}/approve`)))).toEqual([
      'curator2:roadmap_approved',
      'curator:roadmap_approved',
    ]);
    await curator.get(`/roadmaps/${id}/items/${item}/edit`);
    const change = {
      number: '1.1',
      activity: 'Разработка положения о наставничестве (новая редакция)',
      deadline_text: 'до 30.08.2022',
      responsible: 'ОУ',
    };
    // The change takes the centre's agreement back too: the coordinator is told (issue 17).
    expect(await told(() => expectRedirect(curator.post(`/roadmaps/${id}/items/${item}/edit`, change)))).toEqual([
      'coordinator:centre_agreement_revoked',
      'school_head:roadmap_approval_needed',
    ]);
    // A second change: no approval to take away, nobody told.
    expect(
      await told(() => expectRedirect(curator.post(`/roadmaps/${id}/items/${item}/edit`, { ...change, responsible: 'ИМЦ' }))),
    ).toEqual([]);
    await head.get(`/roadmaps/${id}`);
    // The change took the agreement back too: agreed again before the approval.
    await agreedByCentre(t.database.db, id);
    await expectRedirect(head.post(`/roadmaps/${id}/approve`));
    expect(await told(() => expectRedirect(head.post(`/roadmaps/${id}/approve/revoke`)))).toEqual([
      'curator2:roadmap_approval_revoked',
      'curator:roadmap_approval_revoked',
    ]);
  });

  it('the municipal roadmap: the department approves, the coordinator is told; the coordinator changes it, the department is told', async () => {
    await morePeople(t.database.db);
    const { id, item } = t.world.roadmaps.municipalA;
    const department = await signedIn(t.app, 'department', PASSWORD);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await department.get(`/roadmaps/${id}`);
    expect(await told(() => expectRedirect(department.post(`/roadmaps/${id}/approve`)))).toEqual([
      'coordinator:roadmap_approved',
    ]);
    await coordinator.get(`/roadmaps/${id}/items/${item}/edit`);
    expect(
      await told(() =>
        expectRedirect(
          coordinator.post(`/roadmaps/${id}/items/${item}/edit`, {
            number: '1.1',
            activity: 'Разработка муниципального положения',
            deadline_text: 'до 30.08.2022',
            responsible: 'ИМЦ',
          }),
        ),
      ),
    ).toEqual(['department:roadmap_approval_needed']);
  });
});

describe('notify', () => {
  const event = (recipients: number[], key = 'test:1') => ({
    kind: 'roadmap_approved' as const,
    key,
    params: { subject: 'План' },
    link: `/roadmaps/${t.world.roadmaps.schoolA.id}`,
    subject: {
      type: 'roadmap' as const,
      ref: {
        organization_id: t.world.a.school,
        organization_type: 'school' as const,
        municipality_id: t.world.a.id,
        kind: 'plan' as const,
        published_at: null,
      },
    },
    entity: { type: 'roadmap', id: t.world.roadmaps.schoolA.id },
    organizationId: t.world.a.school,
    municipalityId: t.world.a.id,
    recipients,
    actorId: null,
  });

  it('stores an event once per person; leaves out the inactive and those who may not see the object', async () => {
    await morePeople(t.database.db);
    const db = t.database.db;
    const ids = await db
      .selectFrom('users')
      .select(['id', 'login'])
      .where('login', 'in', ['curator', 'curator.inactive', 'curator.other', 'curator.b', 'school_head', 'mentor', 'region'])
      .execute();
    const all = ids.map((r) => r.id);
    const first = await db.transaction().execute((trx) => notify(trx, event(all)));
    const second = await db.transaction().execute((trx) => notify(trx, event(all)));
    expect(first).toHaveLength(2);
    expect(second).toEqual([]);
    expect(await toldSince(0)).toEqual(['curator:roadmap_approved', 'school_head:roadmap_approved']);
  });

  it('a rolled back act tells no one', async () => {
    const db = t.database.db;
    const { id } = t.world.roadmaps.schoolA;
    const roadmap = await db
      .selectFrom('roadmaps')
      .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
      .select([
        'roadmaps.id',
        'roadmaps.title',
        'roadmaps.kind',
        'roadmaps.published_at',
        'roadmaps.organization_id',
        'organizations.type as organization_type',
        'organizations.municipality_id',
      ])
      .where('roadmaps.id', '=', id)
      .executeTakeFirstOrThrow();
    await expect(
      db.transaction().execute(async (trx) => {
        const notified = await notifyRoadmapApproval(trx, {
          actorId: t.world.users.school_head ?? 0,
          notice: 'approved',
          approvedAt: new Date(),
          roadmap,
        });
        expect(notified).toEqual([t.world.users.curator]);
        throw new Error('the act fails after notifying');
      }),
    ).rejects.toThrow('the act fails');
    expect(await toldSince(0)).toEqual([]);
  });

  it('refuses a link outside the portal', async () => {
    await expect(
      t.database.db.transaction().execute((trx) => notify(trx, { ...event([1]), link: '//evil.example/x' })),
    ).rejects.toThrow('not a portal path');
  });
});

/** Three notifications for the curator (the head approves, takes back, approves again), one for the head. */
async function curatorWithThree(): Promise<{ curator: Client; head: Client }> {
  const { id, item } = t.world.roadmaps.schoolA;
  const head = await signedIn(t.app, 'school_head', PASSWORD);
  await head.get(`/roadmaps/${id}`);
  await agreedByCentre(t.database.db, id);
  await expectRedirect(head.post(`/roadmaps/${id}/approve`));
  await expectRedirect(head.post(`/roadmaps/${id}/approve/revoke`));
  await expectRedirect(head.post(`/roadmaps/${id}/approve`));
  const curator = await signedIn(t.app, 'curator', PASSWORD);
  await curator.get(`/roadmaps/${id}/items/${item}/edit`);
  await expectRedirect(
    curator.post(`/roadmaps/${id}/items/${item}/edit`, {
      number: '1.1',
      activity: 'Новая редакция',
      deadline_text: 'до 30.08.2022',
      responsible: 'ОУ',
    }),
  );
  return { curator, head };
}

async function notificationIds(login: string): Promise<number[]> {
  const rows = await t.database.db
    .selectFrom('notifications')
    .innerJoin('users', 'users.id', 'notifications.user_id')
    .select('notifications.id')
    .where('users.login', '=', login)
    .orderBy('notifications.id')
    .execute();
  return rows.map((r) => r.id);
}

describe('the bell and the list', () => {
  it('the header counts the unread with the right plural; nothing unread: a plain link', async () => {
    const { curator, head } = await curatorWithThree();
    let page = await curator.get('/');
    expect(page.body).toContain('aria-label="Уведомления: 3 непрочитанных уведомления"');
    expect(textOf(page.body)).toContain('Уведомления (3)');
    page = await head.get('/');
    expect(page.body).toContain('aria-label="Уведомления: 1 непрочитанное уведомление"');
    // The change took the centre's agreement back: the coordinator was told (issue 17); the department was not.
    const department = await signedIn(t.app, 'department', PASSWORD);
    page = await department.get('/');
    expect(page.body).toContain('<a class="notifications-link" href="/notifications">Уведомления</a>');
  });

  it('the list: newest first, unread marked, filters by unread and by kind; read, open, read all', async () => {
    const { curator } = await curatorWithThree();
    let page = await curator.get('/notifications');
    expect(page.statusCode).toBe(200);
    const list = textOf(page.body.slice(page.body.indexOf('class="notification-list"')));
    const approved = list.indexOf('Дорожная карта «');
    const revoked = list.indexOf('Утверждение дорожной карты');
    expect(approved).toBeGreaterThan(-1);
    expect(revoked).toBeGreaterThan(approved);
    expect(page.body.match(/notification-unread/g)).toHaveLength(3);

    const ids = await notificationIds('curator');
    const [oldest, middle, newest] = ids as [number, number, number];
    // Read one: it stays in the list, no longer unread; the bell counts two.
    await expectRedirect(curator.post(`/notifications/${middle}/read`, { back: '/notifications?show=unread' }));
    page = await curator.get('/notifications?show=unread');
    expect(page.body.match(/notification-unread/g)).toHaveLength(2);
    expect(page.body).not.toContain(`/notifications/${middle}/open`);
    expect(page.body).toContain('aria-label="Уведомления: 2 непрочитанных уведомления"');
    page = await curator.get('/notifications?kind=roadmap_approval_revoked');
    const text = textOf(page.body);
    expect(text).toContain('Утверждение дорожной карты');
    expect(page.body).not.toContain(`/notifications/${newest}/open`);
    expect(text).toContain('Найдено: 1');

    // An unread one opens by a form (its title is the button): read, and off to the roadmap. A read
    // one links straight to its page.
    page = await curator.get('/notifications');
    expect(page.body).toContain(`<form method="post" action="/notifications/${newest}/open" class="notification-open">`);
    expect(page.body).not.toContain(`action="/notifications/${middle}/open"`);
    expect(page.body).toMatch(new RegExp(`<h2 class="notification-title"><a href="/roadmaps/${t.world.roadmaps.schoolA.id}">`));
    // A GET changes nothing (a prefetch or a mail scanner following links reads nobody's notifications).
    expect((await curator.get(`/notifications/${newest}/open`)).statusCode).toBe(404);
    page = await curator.get('/');
    expect(page.body).toContain('aria-label="Уведомления: 2 непрочитанных уведомления"');
    const opened = await curator.post(`/notifications/${newest}/open`);
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/roadmaps/${t.world.roadmaps.schoolA.id}`);
    page = await curator.get('/');
    expect(page.body).toContain('aria-label="Уведомления: 1 непрочитанное уведомление"');
    // Opened again (a second tab): still its page, nothing else changes.
    const again = await curator.post(`/notifications/${newest}/open`);
    expect(again.headers.location).toBe(`/roadmaps/${t.world.roadmaps.schoolA.id}`);

    await expectRedirect(curator.post('/notifications/read-all'));
    page = await curator.get('/notifications');
    expect(page.body).not.toContain('notification-unread');
    expect(page.body).not.toContain('Отметить все прочитанными');
    expect(page.body).toContain('<a class="notifications-link" href="/notifications" aria-current="page">Уведомления</a>');
    expect(oldest).toBeLessThan(middle);
  });

  it("another person's notification is 404 to read and to open, and stays unread; anonymous goes to the login", async () => {
    await curatorWithThree();
    const [id] = await notificationIds('curator');
    const other = await signedIn(t.app, 'curator.b', PASSWORD);
    await other.get('/notifications');
    expect((await other.post(`/notifications/${id}/read`)).statusCode).toBe(404);
    expect((await other.post(`/notifications/${id}/open`)).statusCode).toBe(404);
    const sameSchool = await signedIn(t.app, 'school_head', PASSWORD);
    await sameSchool.get('/notifications');
    expect((await sameSchool.post(`/notifications/${id}/read`)).statusCode).toBe(404);
    const row = await t.database.db
      .selectFrom('notifications')
      .select('read_at')
      .where('id', '=', id ?? 0)
      .executeTakeFirstOrThrow();
    expect(row.read_at).toBeNull();
    const anonymous = await t.app.inject({ method: 'GET', url: '/notifications' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);
  });

  it('a page reads the bell with the session: one session query, no query of the notifications', async () => {
    const { curator } = await curatorWithThree();
    const executor = t.app.db.getExecutor();
    const spy = vi.spyOn(executor, 'executeQuery');
    try {
      const page = await curator.get('/account');
      expect(textOf(page.body)).toContain('Уведомления (3)');
      const statements = spy.mock.calls.map(([query]) => query.sql);
      expect(statements.filter((s) => s.includes('session_context'))).toHaveLength(1);
      expect(statements.filter((s) => /notifications/.test(s))).toEqual([]);
      expect(statements.length).toBeGreaterThan(0);
    } finally {
      spy.mockRestore();
    }
  });
});
