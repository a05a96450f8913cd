import { describe, expect, it } from 'vitest';
import { Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';
import { storeUpload } from '../../src/modules/files/service.js';
import { xmlEscape } from '../../src/modules/public-pages/xml.js';

const t = useWorld();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

function anonymous(): Client {
  return new Client(t.app);
}

async function addNews(organizationId: number, title: string, body: string, published: boolean): Promise<number> {
  const row = await t.database.db
    .insertInto('public_news')
    .values({
      organization_id: organizationId,
      title,
      body,
      status: published ? 'published' : 'draft',
      published_at: published ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addEvent(organizerId: number, title: string, over: Record<string, unknown> = {}): Promise<number> {
  const starts = new Date(Date.now() + 7 * 86_400_000);
  const row = await t.database.db
    .insertInto('events')
    .values({
      municipality_id: t.world.a.id,
      organizer_id: organizerId,
      title,
      kind: 'seminar',
      level: 'municipal',
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 3_600_000),
      place: 'Актовый зал',
      audience_roles: ['mentor'],
      is_public: true,
      ...over,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A practice of the world's first school, in the given status, its authors typed as free text. */
async function addPractice(
  title: string,
  status: 'draft' | 'accepted' | 'published',
  over: Record<string, unknown> = {},
): Promise<number> {
  const row = await t.database.db
    .insertInto('practices')
    .values({
      organization_id: t.world.a.school,
      municipality_id: t.world.a.id,
      title,
      form: 'teacher_teacher',
      year: 2026,
      authors: 'Ученикова Вера, 7Б класс',
      problem: 'Молодые педагоги уходят из школы в первые два года работы.',
      actions: 'Каждого молодого специалиста сопровождает опытный наставник; раз в месяц — встреча клуба.',
      results: 'Все шесть молодых специалистов остались в школе; двое стали призёрами муниципального конкурса.',
      status,
      published_at: status === 'published' ? new Date() : null,
      ...over,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addDocument(title: string, over: Record<string, unknown> = {}): Promise<number> {
  const stored = await storeUpload(t.database.db, t.app.files, null, {
    organizationId: t.world.a.school,
    purpose: 'school_document',
    fileName: `${title}.pdf`,
    data: PDF,
  });
  const row = await t.database.db
    .insertInto('school_documents')
    .values({
      organization_id: t.world.a.school,
      type: 'regulation',
      title,
      status: 'active',
      file_id: stored.id,
      is_public: true,
      ...over,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addMentor(lastName: string, over: Record<string, unknown> = {}): Promise<number> {
  const row = await t.database.db
    .insertInto('mentors')
    .values({
      organization_id: t.world.a.school,
      last_name: lastName,
      first_name: 'Анна',
      category: 'teacher',
      position: 'учитель',
      birth_date: '1980-01-01',
      ...over,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function bestMentor(mentorId: number, consent: boolean): Promise<void> {
  await t.database.db
    .insertInto('best_mentors')
    .values({
      municipality_id: t.world.a.id,
      mentor_id: mentorId,
      year: 2025,
      reason: 'Победитель конкурса',
      public_consent: consent,
    })
    .execute();
}

describe('addresses', () => {
  it('gives every organisation a readable slug, unique within its parent, that survives a rename', async () => {
    const rows = await t.database.db
      .selectFrom('organizations')
      .select(['id', 'slug'])
      .where('id', 'in', [t.world.a.id, t.world.a.school, t.world.b.school])
      .execute();
    const slug = (id: number) => rows.find((r) => r.id === id)?.slug;
    expect(slug(t.world.a.id)).toBe('okrug-a');
    expect(slug(t.world.a.school)).toBe('shkola-a1');
    expect(slug(t.world.b.school)).toBe('shkola-b1');
    const twin = await t.database.db
      .insertInto('organizations')
      .values({
        type: 'school',
        school_kind: 'general',
        parent_id: t.world.a.id,
        municipality_id: t.world.a.id,
        full_name: 'Школа А1',
        short_name: 'Школа А1',
      })
      .returning('slug')
      .executeTakeFirstOrThrow();
    expect(twin.slug).toBe('shkola-a1-2');
    await t.database.db
      .updateTable('organizations')
      .set({ short_name: 'Гимназия № 1' })
      .where('id', '=', t.world.a.school)
      .execute();
    const response = await anonymous().get('/p/okrug-a/shkola-a1');
    expect(response.statusCode).toBe(200);
    expect(textOf(response.body)).toContain('Гимназия № 1');
  });

  it('lets the coordinator change a school’s address on its form, unique among the municipality’s schools', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get(`/organizations/${t.world.a.school}/edit`);
    const form = { parent_id: String(t.world.a.id), full_name: 'Школа А1', short_name: 'Школа А1', school_kind: 'general' };
    expect((await coordinator.get(`/organizations/${t.world.a.school}/edit`)).body).toContain('value="shkola-a1"');
    const bad = await coordinator.post(`/organizations/${t.world.a.school}`, { ...form, slug: 'Школа 1' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Адрес публичной страницы: только латинские буквы');
    const taken = await coordinator.post(`/organizations/${t.world.a.school}`, { ...form, slug: 'shkola-a2' });
    expect(taken.statusCode).toBe(400);
    expect(textOf(taken.body)).toContain('такой адрес уже есть');
    expect((await coordinator.post(`/organizations/${t.world.a.school}`, { ...form, slug: 'Gimnaziya-1' })).statusCode).toBe(303);
    expect((await anonymous().get('/p/okrug-a/gimnaziya-1')).statusCode).toBe(200);
    expect((await anonymous().get('/p/okrug-a/shkola-a1')).statusCode).toBe(404);
    expect((await coordinator.post(`/organizations/${t.world.a.school}`, { ...form, slug: '' })).statusCode).toBe(303);
    expect((await anonymous().get('/p/okrug-a/gimnaziya-1')).statusCode).toBe(200);
  });

  it('answers 404 to an unknown place or a school of another municipality', async () => {
    expect((await anonymous().get('/p/nowhere')).statusCode).toBe(404);
    expect((await anonymous().get('/p/okrug-a/shkola-b1')).statusCode).toBe(404);
    expect((await anonymous().get('/p/OKRUG-A')).statusCode).toBe(404);
  });
});

describe('the pages, without logging in', () => {
  it('lists the municipalities with links to their pages', async () => {
    const response = await anonymous().get('/public');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('href="/p/okrug-a"');
    expect(response.body).toContain('href="/p/okrug-b"');
    expect(response.body).toContain('<link rel="canonical" href="http://');
  });

  it('shows published news only, of the page itself, with the meta tags of a search engine', async () => {
    await addNews(t.world.a.id, 'Стартовал конкурс', 'Первый абзац.\n\nВторой абзац.', true);
    await addNews(t.world.a.id, 'Черновик округа', 'Не готово', false);
    await addNews(t.world.a.school, 'Новость школы', 'Текст', true);
    const page = (await anonymous().get('/p/okrug-a')).body;
    expect(textOf(page)).toContain('Стартовал конкурс');
    expect(page).toContain('<p>Первый абзац.</p>');
    expect(page).toContain('<p>Второй абзац.</p>');
    expect(page).not.toContain('Черновик округа');
    expect(page).not.toContain('Новость школы');
    expect(page).toMatch(/<meta name="description" content="[^"]+">/);
    expect(page).toMatch(/<meta property="og:url" content="http:\/\/[^"]+\/p\/okrug-a">/);
    expect(page).toContain('<meta property="og:type" content="website">');
    expect(page).toContain('Вход для сотрудников');
    const school = (await anonymous().get('/p/okrug-a/shkola-a1')).body;
    expect(school).toContain('Новость школы');
    expect(school).not.toContain('Стартовал конкурс');
  });

  it('shows public events that are not cancelled, of the municipality and addressed to the school, never registrations', async () => {
    await addEvent(t.world.a.id, 'Муниципальный семинар', { all_schools: true });
    await addEvent(t.world.a.id, 'Закрытое совещание', { is_public: false });
    await addEvent(t.world.a.id, 'Отменённый семинар', { status: 'cancelled' });
    await addEvent(t.world.a.school, 'Школьный фестиваль');
    await addEvent(t.world.a.otherSchool, 'Чужой фестиваль');
    const municipal = textOf((await anonymous().get('/p/okrug-a')).body);
    expect(municipal).toContain('Муниципальный семинар');
    expect(municipal).not.toContain('Закрытое совещание');
    expect(municipal).not.toContain('Отменённый семинар');
    expect(municipal).not.toContain('Школьный фестиваль');
    const school = textOf((await anonymous().get('/p/okrug-a/shkola-a1')).body);
    expect(school).toContain('Муниципальный семинар');
    expect(school).toContain('Школьный фестиваль');
    expect(school).not.toContain('Чужой фестиваль');
    expect(school).not.toContain('Запис');
  });

  it('lets anyone download the public documents, and no other', async () => {
    const open = await addDocument('Положение о наставничестве');
    const hidden = await addDocument('Внутренний приказ', { is_public: false });
    const draft = await addDocument('Проект положения', { status: 'draft' });
    const page = (await anonymous().get('/p/okrug-a/shkola-a1')).body;
    expect(page).toContain(`/p/okrug-a/shkola-a1/documents/${open}`);
    expect(page).not.toContain('Внутренний приказ');
    expect(page).not.toContain('Проект положения');
    const file = await anonymous().get(`/p/okrug-a/shkola-a1/documents/${open}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    for (const id of [hidden, draft])
      expect((await anonymous().get(`/p/okrug-a/shkola-a1/documents/${id}`)).statusCode).toBe(404);
    expect((await anonymous().get(`/p/okrug-a/shkola-a2/documents/${open}`)).statusCode).toBe(404);
  });

  it('refuses to make public a document about a person', async () => {
    await expect(addDocument('Согласие', { type: 'consent' })).rejects.toThrow(/school_documents_public_check/);
    await expect(addDocument('Положение наставника', { mentor_id: t.world.people.mentorA })).rejects.toThrow(
      /school_documents_public_check/,
    );
  });

  it('shows only the best mentors who consented and are adults, never a student', async () => {
    await bestMentor(await addMentor('Согласнова'), true);
    await bestMentor(await addMentor('Несогласнова'), false);
    await bestMentor(await addMentor('Студентова', { category: 'student', birth_date: '1990-01-01' }), true);
    await bestMentor(
      await addMentor('Юнова', { category: 'graduate', birth_date: `${new Date().getFullYear() - 16}-01-01` }),
      true,
    );
    for (const url of ['/p/okrug-a', '/p/okrug-a/shkola-a1']) {
      const page = textOf((await anonymous().get(url)).body);
      expect(page).toContain('Согласнова Анна , учитель');
      expect(page).not.toContain('Несогласнова');
      expect(page).not.toContain('Студентова');
      expect(page).not.toContain('Юнова');
    }
  });

  it('names the coordinators and the school curators in the contacts, no mentee anywhere', async () => {
    await t.database.db
      .updateTable('organizations')
      .set({ phone: '+7 (800) 000-00-00' })
      .where('id', '=', t.world.a.id)
      .execute();
    const municipal = textOf((await anonymous().get('/p/okrug-a')).body);
    expect(municipal).toContain('+7 (800) 000-00-00');
    expect(municipal).toContain('Тестов coordinator Иванович');
    expect(municipal).not.toContain('Тестов curator Иванович');
    const school = textOf((await anonymous().get('/p/okrug-a/shkola-a1')).body);
    expect(school).toContain('Тестов curator Иванович');
    const mentee = await t.database.db
      .selectFrom('mentees')
      .select('last_name')
      .where('id', '=', t.world.people.menteeA)
      .executeTakeFirstOrThrow();
    expect(school).not.toContain(mentee.last_name);
  });
});

describe('feeds and the sitemap', () => {
  it('gives an Atom feed of published news with XML escaping', async () => {
    await addNews(t.world.a.id, 'Семинар «A & B» <итоги>', 'Текст & ещё "текст"', true);
    await addNews(t.world.a.id, 'Черновик', 'нет', false);
    const feed = await anonymous().get('/p/okrug-a/feed.xml');
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(feed.body).toContain('<title>Семинар «A &amp; B» &lt;итоги&gt;</title>');
    expect(feed.body).toContain('Текст &amp; ещё &quot;текст&quot;');
    expect(feed.body).not.toContain('Черновик');
    expect(feed.body).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
    const school = await anonymous().get('/p/okrug-a/shkola-a1/feed.xml');
    expect(school.statusCode).toBe(200);
    expect(school.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(school.body).not.toContain('Семинар');
  });

  it('lists every public page and published practice in the sitemap, not a practice unpublished', async () => {
    await addNews(t.world.a.school, 'Школьная & новость', 'x', true);
    const published = await addPractice('Клуб молодого педагога', 'published');
    const accepted = await addPractice('Педагогический десант', 'accepted');
    const sitemap = await anonymous().get('/sitemap.xml');
    expect(sitemap.statusCode).toBe(200);
    expect(sitemap.headers['content-type']).toBe('application/xml; charset=utf-8');
    for (const path of [
      '/public',
      '/p/okrug-a',
      '/p/okrug-a/shkola-a1',
      '/p/okrug-b/shkola-b2',
      '/p/okrug-a/practices',
      `/p/okrug-a/practices/${published}`,
    ])
      expect(sitemap.body).toContain(`${path}</loc>`);
    expect(sitemap.body).not.toContain(`/practices/${accepted}<`);
    expect(sitemap.body).not.toContain('#news-');
  });

  it('escapes the characters XML reserves and drops those it forbids', () => {
    expect(xmlEscape(`<a href="x">'&'</a>\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});

describe('nothing else without logging in', () => {
  it('answers 200 to an anonymous visitor only on the public routes', async () => {
    const urls = t.app.registeredRoutes
      .filter((r) => r.method === 'GET')
      .map((r) => ({
        route: r.url,
        url: r.url
          .replace(':municipality', 'okrug-a')
          .replace(':school', 'shkola-a1')
          .replace(/:[a-zA-Z]+/g, '1')
          .replace('*', 'css/app.css'),
        access: r.access,
      }));
    const answering: string[] = [];
    for (const u of urls) {
      const response = await anonymous().get(u.url);
      if (response.statusCode === 200) answering.push(u.route);
      if (u.access !== 'public') expect([302, 303, 401, 403, 404], u.url).toContain(response.statusCode);
    }
    expect(answering.sort()).toEqual(
      [
        '/',
        '/accessibility',
        '/healthz',
        '/login',
        '/p/:municipality',
        '/p/:municipality/practices',
        '/p/:municipality/:school',
        '/p/:municipality/:school/feed.xml',
        '/p/:municipality/feed.xml',
        '/public',
        '/public/*',
        '/readyz',
        '/sitemap.xml',
      ].sort(),
    );
  });
});

describe('what the owners flag public', () => {
  it('shows an event on the public page when its organiser ticks the box on the event form, audited', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/events/new');
    const starts = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const fields = {
      title: 'Открытый семинар наставников',
      kind: 'seminar',
      level: 'municipal',
      starts_at: `${starts}T10:00`,
      ends_at: `${starts}T12:00`,
      place: 'Методический центр',
      audience_roles: ['mentor'],
      schools: 'all',
    };
    const created = await coordinator.post('/events', fields);
    expect(created.statusCode).toBe(303);
    const path = String(created.headers.location);
    expect(textOf((await anonymous().get('/p/okrug-a')).body)).not.toContain('Открытый семинар наставников');
    expect((await coordinator.get(`${path}/edit`)).body).toContain('Показывать на публичной странице');
    expect((await coordinator.post(path, { ...fields, is_public: 'on' })).statusCode).toBe(303);
    expect(textOf((await anonymous().get('/p/okrug-a')).body)).toContain('Открытый семинар наставников');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'event')
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(audit.changed_fields).toEqual(['is_public']);
  });
});

describe('a best mentor’s consent', () => {
  it('the coordinator records it only with the confirmation; then the mentor is on the public page', async () => {
    await bestMentor(await addMentor('Скромнова'), false);
    const row = await t.database.db.selectFrom('best_mentors').select('id').executeTakeFirstOrThrow();
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const page = (await coordinator.get('/recognition')).body;
    expect(page).toContain(`/recognition/best/${row.id}/consent`);
    await coordinator.post(`/recognition/best/${row.id}/consent`, { consent: 'yes' });
    expect(textOf((await coordinator.get('/recognition')).body)).toContain(
      'Подтвердите, что письменное согласие наставника на публикацию получено',
    );
    expect(textOf((await anonymous().get('/p/okrug-a')).body)).not.toContain('Скромнова');
    expect((await coordinator.post(`/recognition/best/${row.id}/consent`, { consent: 'yes', confirm: 'on' })).statusCode).toBe(
      303,
    );
    expect(textOf((await anonymous().get('/p/okrug-a')).body)).toContain('Скромнова');
    const foreign = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await foreign.post(`/recognition/best/${row.id}/consent`, { consent: 'no' })).statusCode).toBe(404);
    await coordinator.post(`/recognition/best/${row.id}/consent`, { consent: 'no' });
    expect(textOf((await anonymous().get('/p/okrug-a')).body)).not.toContain('Скромнова');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'best_mentor')
      .where('action', '=', 'update')
      .execute();
    expect(audit.map((a) => a.changed_fields)).toEqual([['public_consent'], ['public_consent']]);
  });
});

describe('public documents on the register’s form', () => {
  it('lets the curator open a regulation with its file to anyone, never a consent', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    await curator.get('/documents/new');
    const consent = await curator.post('/documents', {
      type: 'consent',
      status: 'active',
      document_date: '2025-09-01',
      concerns: `mentor:${t.world.people.mentorA}`,
      is_public: 'on',
    });
    expect(consent.statusCode).toBe(400);
    expect(textOf(consent.body)).toContain('Публичная страница: показывать всем можно только');
    const created = await curator.upload(
      '/documents',
      { name: 'Положение.pdf', data: PDF, type: 'application/pdf' },
      { type: 'regulation', status: 'active', document_date: '2025-09-01', title: 'Положение о наставничестве', is_public: 'on' },
    );
    expect(created.statusCode, textOf(created.body).slice(0, 400)).toBe(303);
    const id = Number(/\/documents\/(\d+)/.exec(String(created.headers.location))?.[1]);
    const page = (await anonymous().get('/p/okrug-a/shkola-a1')).body;
    expect(page).toContain(`/p/okrug-a/shkola-a1/documents/${id}`);
    expect((await anonymous().get(`/p/okrug-a/shkola-a1/documents/${id}`)).statusCode).toBe(200);
  });
});

describe('the news, written inside the portal', () => {
  it('lets the coordinator write, publish and withdraw the municipality’s news, audited', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const empty = await coordinator.post('/public-news', { title: '', body: '' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Введите заголовок новости');
    const created = await coordinator.post('/public-news', { title: 'Итоги года', body: 'Подвели итоги.' });
    expect(created.statusCode).toBe(303);
    const path = String(created.headers.location);
    expect((await anonymous().get('/p/okrug-a')).body).not.toContain('Итоги года');
    expect((await coordinator.post(`${path}/publish`)).statusCode).toBe(303);
    expect((await anonymous().get('/p/okrug-a')).body).toContain('Итоги года');
    expect((await coordinator.post(path, { title: 'Итоги 2025 года', body: 'Подвели итоги.' })).statusCode).toBe(303);
    expect((await coordinator.post(`${path}/unpublish`)).statusCode).toBe(303);
    expect((await anonymous().get('/p/okrug-a')).body).not.toContain('Итоги');
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changed_fields'])
      .where('entity_type', '=', 'public_news')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'publish_public', 'update', 'unpublish_public']);
    expect(audit[2]?.changed_fields).toEqual(['title']);
  });

  it('lets a curator write its school’s news, and nobody touch another page’s', async () => {
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const created = await curator.post('/public-news', { title: 'День наставника', body: 'Текст' });
    const path = String(created.headers.location);
    await curator.post(`${path}/publish`);
    expect((await anonymous().get('/p/okrug-a/shkola-a1')).body).toContain('День наставника');
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await coordinator.get(path)).statusCode).toBe(404);
    expect((await coordinator.post(`${path}/unpublish`)).statusCode).toBe(404);
    const foreign = await signedIn(t.app, 'curator.b', PASSWORD);
    expect((await foreign.post(path, { title: 'Взлом', body: 'x' })).statusCode).toBe(404);
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect((await mentor.get('/public-news')).statusCode).toBe(403);
  });
});

describe('published practices on the public pages', () => {
  it('the school’s page lists its published practice; its page shows the text, never the typed authors; others are 404', async () => {
    const published = await addPractice('Клуб молодого педагога', 'published');
    const accepted = await addPractice('Педагогический десант', 'accepted');
    const draft = await addPractice('Черновик практики', 'draft');
    const page = textOf((await anonymous().get('/p/okrug-a/shkola-a1')).body);
    expect(page).toContain('Клуб молодого педагога');
    expect(page).not.toContain('Педагогический десант');
    expect(page).not.toContain('Черновик практики');
    const practice = await anonymous().get(`/p/okrug-a/practices/${published}`);
    expect(practice.statusCode).toBe(200);
    const text = textOf(practice.body);
    expect(text).toContain('Все шесть молодых специалистов остались в школе');
    // The authors typed as free text may name a pupil: they stay inside the portal.
    expect(text).not.toContain('Ученикова');
    for (const id of [accepted, draft]) expect((await anonymous().get(`/p/okrug-a/practices/${id}`)).statusCode).toBe(404);
    // Another municipality's address does not show it.
    expect((await anonymous().get(`/p/okrug-b/practices/${published}`)).statusCode).toBe(404);
  });

  it('a visitor finds a published practice by a word in another form (Russian full text); not an unpublished one', async () => {
    await addPractice('Клуб молодого педагога', 'published');
    await addPractice('Педагогический десант', 'accepted', { results: 'Молодые специалисты остались в профессии.' });
    const found = textOf((await anonymous().get(`/p/okrug-a/practices?q=${encodeURIComponent('специалистами')}`)).body);
    expect(found).toContain('Найдено практик: 1');
    expect(found).toContain('Клуб молодого педагога');
    expect(found).not.toContain('Педагогический десант');
    const none = textOf((await anonymous().get(`/p/okrug-a/practices?q=${encodeURIComponent('робототехника')}`)).body);
    expect(none).toContain('По запросу «робототехника» практики не найдены.');
  });
});
