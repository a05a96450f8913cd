import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';
import { practiceCounts, publishedPracticesOf } from '../../src/modules/practices/queries.js';

const t = useWorld();

async function as(login: string): Promise<Client> {
  const client = await signedIn(t.app, login, PASSWORD);
  await client.get('/practices');
  return client;
}

function redirected(response: { statusCode: number; body: string; headers: Record<string, unknown> }): string {
  expect(response.statusCode, textOf(response.body).slice(0, 600)).toBe(303);
  return String(response.headers.location);
}

const FIELDS = {
  title: 'Клуб молодого педагога',
  form: 'teacher_teacher',
  role_model: 'опытный педагог – молодой специалист',
  year: '2026',
  authors: 'Иванова Анна Петровна, заместитель директора',
  problem: 'Молодые педагоги уходили из школы в первые три года работы.',
  actions: 'Ежемесячные встречи клуба с наставниками, открытые уроки, разбор трудных случаев.',
  results: 'Все 6 молодых педагогов остались в школе; доля уроков с оценкой «хорошо» выросла с 40 до 75 %.',
  evidence: 'Протоколы заседаний клуба',
  evidence_url: 'https://school.example.ru/club',
  video_url: '',
  presented_at: 'Августовская конференция педагогов',
  tags: 'Молодой педагог, адаптация',
};

async function draftA(curator?: Client, over: Record<string, string> = {}): Promise<number> {
  const client = curator ?? (await as('curator'));
  const location = redirected(await client.post('/practices', { ...FIELDS, ...over }));
  const id = Number(/^\/practices\/(\d+)$/.exec(location)?.[1]);
  expect(id).toBeGreaterThan(0);
  return id;
}

function practice(id: number) {
  return t.database.db.selectFrom('practices').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
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

async function audited(id: number): Promise<string[]> {
  const rows = await t.database.db
    .selectFrom('audit_log')
    .select('action')
    .where('entity_type', '=', 'practice')
    .where('entity_id', '=', String(id))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

/** Drafted by A1's curator, sent, accepted and published by A's coordinator. */
async function publishedA(over: Record<string, string> = {}): Promise<number> {
  const curator = await as('curator');
  const id = await draftA(curator, over);
  redirected(await curator.post(`/practices/${id}/send`));
  const coordinator = await as('coordinator');
  redirected(await coordinator.post(`/practices/${id}/accept`));
  redirected(await coordinator.post(`/practices/${id}/publish`));
  return id;
}

describe("a practice's way: drafted, sent, returned, sent again, accepted, published, withdrawn", () => {
  it('every step audited, the coordinator told of a practice sent, the curator of its return, acceptance, publication', async () => {
    const curator = await as('curator');
    const id = await draftA(curator);
    expect(await practice(id)).toMatchObject({
      status: 'draft',
      tags: ['молодой педагог', 'адаптация'],
      municipality_id: t.world.a.id,
    });
    redirected(await curator.post(`/practices/${id}/send`));
    expect((await practice(id)).status).toBe('submitted');
    expect(await toldOf('practice_submitted')).toEqual(['coordinator']);
    // sent: the curator may no longer edit it
    expect((await curator.get(`/practices/${id}/edit`)).statusCode).toBe(409);
    expect((await curator.post(`/practices/${id}`, FIELDS)).statusCode).toBe(409);

    const coordinator = await as('coordinator');
    const empty = await coordinator.post(`/practices/${id}/return`, { comment: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Комментарий: напишите, что нужно исправить');
    redirected(await coordinator.post(`/practices/${id}/return`, { comment: 'Добавьте цифры о результатах' }));
    expect(await practice(id)).toMatchObject({ status: 'returned', review_comment: 'Добавьте цифры о результатах' });
    expect(await toldOf('practice_returned')).toEqual(['curator']);
    expect(textOf((await curator.get(`/practices/${id}`)).body)).toContain('Добавьте цифры о результатах');

    redirected(await curator.post(`/practices/${id}`, { ...FIELDS, results: 'Остались все 6 молодых педагогов из 6.' }));
    redirected(await curator.post(`/practices/${id}/send`));
    redirected(await coordinator.post(`/practices/${id}/accept`));
    expect(await practice(id)).toMatchObject({ status: 'accepted', review_comment: null });
    expect(await toldOf('practice_accepted')).toEqual(['curator']);
    redirected(await coordinator.post(`/practices/${id}/publish`));
    expect((await practice(id)).status).toBe('published');
    expect(await toldOf('practice_published')).toEqual(['curator']);
    redirected(await coordinator.post(`/practices/${id}/withdraw`));
    expect(await practice(id)).toMatchObject({ status: 'accepted', published_at: null });
    expect(await audited(id)).toEqual([
      'create',
      'send_practice',
      'return_practice',
      'update',
      'send_practice',
      'accept_practice',
      'publish_practice',
      'withdraw_practice',
    ]);
  });

  it('refuses wrong steps with a Russian message and changes nothing', async () => {
    const curator = await as('curator');
    const coordinator = await as('coordinator');
    const id = await draftA(curator);
    for (const step of ['accept', 'publish', 'withdraw']) {
      const response = await coordinator.post(`/practices/${id}/${step}`);
      expect(response.statusCode, step).toBe(409);
    }
    const early = await coordinator.post(`/practices/${id}/return`, { comment: 'Рано' });
    expect(early.statusCode).toBe(409);
    expect(textOf(early.body)).toContain('Вернуть на доработку можно только практику, направленную на рассмотрение');
    redirected(await curator.post(`/practices/${id}/send`));
    expect((await curator.post(`/practices/${id}/send`)).statusCode).toBe(409);
    const publish = await coordinator.post(`/practices/${id}/publish`);
    expect(textOf(publish.body)).toContain('Опубликовать можно только практику, принятую в муниципальный реестр');
    expect((await practice(id)).status).toBe('submitted');
    // the curator does not review, the coordinator does not send
    expect((await curator.post(`/practices/${id}/accept`)).statusCode).toBe(403);
    expect((await coordinator.post(`/practices/${id}/send`)).statusCode).toBe(403);
  });

  it('bad input gets a Russian message naming the field, the input kept', async () => {
    const curator = await as('curator');
    const response = await curator.post('/practices', {
      ...FIELDS,
      title: '',
      form: 'nonsense',
      year: '26',
      evidence_url: 'ссылка',
    });
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('Название: укажите название практики');
    expect(text).toContain('Форма наставничества: выберите форму из списка');
    expect(text).toContain('Год: укажите год от 2000 до 2100');
    expect(text).toContain('Ссылка на подтверждение: укажите адрес вида');
    expect(response.body).toContain(FIELDS.problem);
    expect(await t.database.db.selectFrom('practices').select('id').execute()).toEqual([]);
  });
});

async function addEvent(municipality: 'a' | 'b', title: string, status: 'held' | 'planned') {
  const m = t.world[municipality];
  const starts = new Date('2026-03-12T07:00:00Z');
  const row = await t.database.db
    .insertInto('events')
    .values({
      municipality_id: m.id,
      organizer_id: m.id,
      title,
      kind: 'seminar',
      level: 'municipal',
      starts_at: starts,
      ends_at: new Date(starts.getTime() + 3 * 3_600_000),
      audience_roles: ['mentor'],
      status,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('authors from the base and the events where it was presented', () => {
  it('links the school’s mentors and the municipality’s held events; refuses others, naming the field', async () => {
    const held = await addEvent('a', 'Семинар «Наставничество в школе»', 'held');
    const planned = await addEvent('a', 'Будущий форум', 'planned');
    const foreign = await addEvent('b', 'Семинар другого муниципалитета', 'held');
    // a student mentor (a minor) is never offered as a named author
    const student = await t.database.db
      .insertInto('mentors')
      .values({ organization_id: t.world.a.school, last_name: 'Школьникова', first_name: 'Анна', category: 'student' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const curator = await as('curator');
    const form = textOf((await curator.get('/practices/new')).body);
    expect(form).toContain('Наставникова Мария');
    expect(form).not.toContain('Школьникова');
    expect(form).toContain('Семинар «Наставничество в школе» (12.03.2026)');
    expect(form).not.toContain('Будущий форум');
    expect(form).not.toContain('Семинар другого муниципалитета');

    for (const [field, bad] of [
      ['event_ids', planned],
      ['event_ids', foreign],
      ['mentor_ids', t.world.people.mentorB],
      ['mentor_ids', student.id],
    ] as const) {
      const response = await curator.post('/practices', { ...FIELDS, [field]: String(bad) });
      expect(response.statusCode, `${field} ${bad}`).toBe(400);
      expect(textOf(response.body)).toContain(
        field === 'event_ids' ? 'Мероприятия: выберите проведённые' : 'Авторы из базы: выберите',
      );
    }
    const id = await draftA(curator, { mentor_ids: String(t.world.people.mentorA), event_ids: String(held) });
    expect(
      await t.database.db.selectFrom('practice_mentors').select('mentor_id').where('practice_id', '=', id).execute(),
    ).toEqual([{ mentor_id: t.world.people.mentorA }]);
    const page = textOf((await curator.get(`/practices/${id}`)).body);
    expect(page).toContain('Авторы из базы наставников');
    expect(page).toContain('Наставникова Мария');
    expect(page).toContain('Семинар «Наставничество в школе», 12.03.2026');
    // the edit form keeps them checked; saving without them unlinks them, audited
    const edit = await curator.get(`/practices/${id}/edit`);
    expect(edit.body).toMatch(new RegExp(`name="event_ids" value="${held}" checked`));
    redirected(await curator.post(`/practices/${id}`, FIELDS));
    expect(await t.database.db.selectFrom('practice_events').select('event_id').where('practice_id', '=', id).execute()).toEqual(
      [],
    );
    const update = await t.database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('action', '=', 'update')
      .where('entity_type', '=', 'practice')
      .executeTakeFirstOrThrow();
    expect(update.changed_fields).toEqual(['mentor_ids', 'event_ids']);
  });
});

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('materials as files', () => {
  it('the curator adds PDF, DOCX or ODT while editable; whoever reads the practice downloads it; a wrong file refused', async () => {
    const curator = await as('curator');
    const id = await draftA(curator);
    const bad = await curator.upload(`/practices/${id}/files`, { name: 'вирус.exe', data: Buffer.from('MZ...') });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toMatch(/PDF|формат/);
    redirected(
      await curator.upload(
        `/practices/${id}/files`,
        { name: 'Презентация.pdf', data: PDF, type: 'application/pdf' },
        { title: 'Презентация практики' },
      ),
    );
    const link = await t.database.db
      .selectFrom('practice_files')
      .select('file_id')
      .where('practice_id', '=', id)
      .executeTakeFirstOrThrow();
    const file = await t.database.db
      .selectFrom('files')
      .select(['purpose', 'organization_id'])
      .where('id', '=', link.file_id)
      .executeTakeFirstOrThrow();
    expect(file).toEqual({ purpose: 'practice_material', organization_id: t.world.a.school });
    expect(textOf((await curator.get(`/practices/${id}`)).body)).toContain('Презентация практики');

    redirected(await curator.post(`/practices/${id}/send`));
    // sent: no more files added or removed
    expect((await curator.upload(`/practices/${id}/files`, { name: 'x.pdf', data: PDF })).statusCode).toBe(409);
    expect((await curator.post(`/practices/${id}/files/${link.file_id}/remove`)).statusCode).toBe(409);
    const mentor = await as('mentor');
    expect((await mentor.get(`/practices/${id}/files/${link.file_id}`)).statusCode).toBe(404);
    const coordinator = await as('coordinator');
    redirected(await coordinator.post(`/practices/${id}/accept`));
    redirected(await coordinator.post(`/practices/${id}/publish`));
    const download = await mentor.get(`/practices/${id}/files/${link.file_id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await (await as('curator.b')).get(`/practices/${id}/files/${link.file_id}`)).statusCode).toBe(404);
  });

  it('the curator removes a file of a draft; the stored file goes with it', async () => {
    const curator = await as('curator');
    const id = await draftA(curator);
    redirected(await curator.upload(`/practices/${id}/files`, { name: 'План.pdf', data: PDF }));
    const link = await t.database.db
      .selectFrom('practice_files')
      .select('file_id')
      .where('practice_id', '=', id)
      .executeTakeFirstOrThrow();
    redirected(await curator.post(`/practices/${id}/files/${link.file_id}/remove`));
    expect(await t.database.db.selectFrom('files').select('id').where('id', '=', link.file_id).execute()).toEqual([]);
  });
});

describe('who reads what', () => {
  it('the school reads all its own; the department the register; a mentor the published; a mentee and the other municipality nothing', async () => {
    const draft = await draftA(undefined, { title: 'Черновик школы' });
    const published = await publishedA({ title: 'Опубликованная практика' });
    const listOf = async (login: string) => textOf((await (await as(login)).get('/practices')).body);

    // the school's staff read their school's in every status, the coordinator all of its municipality
    for (const login of ['curator', 'school_head', 'coordinator']) {
      const list = await listOf(login);
      expect(list, login).toContain('Опубликованная практика');
      expect(list, login).toContain('Черновик школы');
    }
    const department = await as('department');
    expect(textOf((await department.get('/practices')).body)).toContain('Опубликованная практика');
    expect(textOf((await department.get('/practices')).body)).not.toContain('Черновик школы');
    expect((await department.get(`/practices/${draft}`)).statusCode).toBe(404);
    expect((await department.get(`/practices/${published}`)).statusCode).toBe(200);

    const mentor = await as('mentor');
    expect((await mentor.get(`/practices/${published}`)).statusCode).toBe(200);
    expect((await mentor.get(`/practices/${draft}`)).statusCode).toBe(404);
    redirected(await (await as('coordinator')).post(`/practices/${published}/withdraw`));
    expect((await mentor.get(`/practices/${published}`)).statusCode).toBe(404);
    expect((await department.get(`/practices/${published}`)).statusCode).toBe(200);

    expect((await (await signedIn(t.app, 'mentee', PASSWORD)).get('/practices')).statusCode).toBe(403);
    for (const login of ['curator.b', 'coordinator.b', 'department.b', 'school_head.b']) {
      const other = await as(login);
      expect((await other.get(`/practices/${published}`)).statusCode, login).toBe(404);
      expect(textOf((await other.get('/practices')).body), login).not.toContain('Опубликованная практика');
    }
    // another municipality's coordinator cannot act on it either
    expect((await (await as('coordinator.b')).post(`/practices/${published}/publish`)).statusCode).toBe(404);
  });
});

describe('the register: filters and Russian full-text search', () => {
  it('finds a practice by another form of a word, filters by form, year and tag', async () => {
    await draftA(undefined, {
      title: 'Педагогический десант',
      problem: 'Молодой наставник не знал, как построить работу с классом.',
      actions: 'Выездные занятия опытных педагогов',
      form: 'teacher_teacher',
      year: '2025',
      tags: 'выездные занятия',
    });
    await draftA(undefined, {
      title: 'Ученик – ученик: подготовка к ОГЭ по математике',
      problem: 'Низкие результаты пробного экзамена.',
      actions: 'Старшеклассники занимаются с девятиклассниками.',
      results: 'Средний балл вырос с 11 до 15.',
      form: 'student_student',
      tags: 'ОГЭ',
    });
    const coordinator = await as('coordinator');
    const found = async (query: string) => {
      const text = textOf((await coordinator.get(`/practices?${query}`)).body);
      return ['Педагогический десант', 'подготовка к ОГЭ', 'Клуб молодого педагога'].filter((title) => text.includes(title));
    };
    // «наставника» finds «наставник»; «математика» finds «математике»; «балла» finds «балл»
    expect(await found(`q=${encodeURIComponent('наставника')}`)).toEqual(['Педагогический десант']);
    expect(await found(`q=${encodeURIComponent('математика')}`)).toEqual(['подготовка к ОГЭ']);
    expect(await found(`q=${encodeURIComponent('балла')}`)).toEqual(['подготовка к ОГЭ']);
    expect(await found(`q=${encodeURIComponent('космос')}`)).toEqual([]);
    expect(await found('form=student_student')).toEqual(['подготовка к ОГЭ']);
    expect(await found('year=2025')).toEqual(['Педагогический десант']);
    expect(await found(`tag=${encodeURIComponent('огэ')}`)).toEqual(['подготовка к ОГЭ']);
    expect(await found('status=submitted')).toEqual([]);
    expect(await found('form=bad&year=x')).toEqual(['Педагогический десант', 'подготовка к ОГЭ']);
  });
});

describe('the printable collection and the public seam', () => {
  it('holds the accepted and published practices of the municipality, each a section; nothing else', async () => {
    const published = await publishedA({ title: 'Опубликованная практика' });
    await draftA(undefined, { title: 'Черновик школы' });
    const curator = await as('curator');
    const sent = await draftA(curator, { title: 'Практика на рассмотрении' });
    redirected(await curator.post(`/practices/${sent}/send`));
    const accepted = await draftA(curator, { title: 'Принятая практика' });
    redirected(await curator.post(`/practices/${accepted}/send`));
    redirected(await (await as('coordinator')).post(`/practices/${accepted}/accept`));

    for (const login of ['coordinator', 'department']) {
      const response = await (await as(login)).get('/practices/collection');
      expect(response.statusCode).toBe(200);
      const text = textOf(response.body);
      expect(text).toContain('Сборник лучших практик наставничества');
      expect(text).toContain('Опубликованная практика');
      expect(text).toContain('Принятая практика');
      expect(text).not.toContain('Черновик школы');
      expect(text).not.toContain('Практика на рассмотрении');
      expect(response.body.match(/class="practice-section"/g)?.length).toBe(2);
    }
    expect(textOf((await (await as('coordinator.b')).get('/practices/collection')).body)).not.toContain('Опубликованная');

    const publicRows = await publishedPracticesOf(t.database.db, { municipalityId: t.world.a.id });
    expect(publicRows.map((r) => r.id)).toEqual([published]);
    expect(await publishedPracticesOf(t.database.db, { municipalityId: t.world.a.id, schoolId: t.world.a.otherSchool })).toEqual(
      [],
    );
    expect(await practiceCounts(t.database.db, t.world.a.id, 2026)).toEqual({
      draft: 1,
      submitted: 1,
      accepted: 1,
      published: 1,
    });
  });
});
