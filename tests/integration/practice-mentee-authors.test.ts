import { describe, expect, it } from 'vitest';
import { Client, type Client as ClientType, signedIn, textOf } from '../helpers/app.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

/**
 * Teacher-mentees of the school as a practice's linked authors (issue 19): offered and accepted
 * besides the mentors of the base; a student or another school's mentee refused; shown on the
 * practice's page and, as adults, on the public practice page, where a student never appears.
 */

const t = useWorld();

async function as(login: string): Promise<ClientType> {
  const client = await signedIn(t.app, login, PASSWORD);
  await client.get('/practices');
  return client;
}

const FIELDS = {
  title: 'Клуб молодого педагога',
  form: 'teacher_teacher',
  role_model: 'опытный педагог – молодой специалист',
  year: '2026',
  authors: 'Иванова Анна Петровна',
  problem: 'Молодые педагоги уходили из школы.',
  actions: 'Ежемесячные встречи клуба.',
  results: 'Все молодые педагоги остались в школе.',
  evidence: '',
  evidence_url: '',
  video_url: '',
  presented_at: '',
  tags: '',
};

async function student(schoolId: number): Promise<number> {
  const row = await t.database.db
    .insertInto('mentees')
    .values({ organization_id: schoolId, last_name: 'Школьникова', first_name: 'Алиса', category: 'student' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function linked(practiceId: number) {
  return t.database.db
    .selectFrom('practice_mentees')
    .select('mentee_id')
    .where('practice_id', '=', practiceId)
    .execute()
    .then((rows) => rows.map((r) => r.mentee_id));
}

describe('teacher-mentees as linked authors', () => {
  it('the curator links a teacher-mentee of its school; a student and another school’s mentee are refused, naming the field', async () => {
    const pupil = await student(t.world.a.school);
    const curator = await as('curator');
    const form = (await curator.get('/practices/new')).body;
    expect(form).toContain('Авторы из педагогов-наставляемых школы');
    expect(textOf(form)).toContain('Подопечный Павел');
    expect(textOf(form)).not.toContain('Школьникова');

    for (const id of [pupil, t.world.people.menteeB]) {
      const refused = await curator.post('/practices', { ...FIELDS, mentee_ids: String(id) });
      expect(refused.statusCode).toBe(400);
      expect(textOf(refused.body)).toContain('Авторы из наставляемых: выберите педагогов-наставляемых своей школы из списка');
    }
    expect(await t.database.db.selectFrom('practices').select('id').execute()).toEqual([]);

    const created = await curator.post('/practices', { ...FIELDS, mentee_ids: String(t.world.people.menteeA) });
    expect(created.statusCode, textOf(created.body).slice(0, 600)).toBe(303);
    const id = Number(/^\/practices\/(\d+)$/.exec(String(created.headers.location))?.[1]);
    expect(await linked(id)).toEqual([t.world.people.menteeA]);
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'practice')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(audit.changed_fields).toContain('mentee_ids');
    expect(textOf((await curator.get(`/practices/${id}`)).body)).toContain('Авторы из педагогов-наставляемых Подопечный Павел');

    // The edit form keeps the choice; editing can refuse a student too.
    expect((await curator.get(`/practices/${id}/edit`)).body).toMatch(/value="\d+" checked|checked[^>]*value="\d+"/);
    const edited = await curator.post(`/practices/${id}`, { ...FIELDS, mentee_ids: String(pupil) });
    expect(edited.statusCode).toBe(400);
    expect(await linked(id)).toEqual([t.world.people.menteeA]);
  });

  it('the public practice page shows the linked teacher-mentee, never a student even if linked', async () => {
    const pupil = await student(t.world.a.school);
    const curator = await as('curator');
    const created = await curator.post('/practices', { ...FIELDS, mentee_ids: String(t.world.people.menteeA) });
    expect(created.statusCode).toBe(303);
    const id = Number(/^\/practices\/(\d+)$/.exec(String(created.headers.location))?.[1]);
    // A student linked behind the form's back (an old row, a category changed later) never shows.
    await t.database.db.insertInto('practice_mentees').values({ practice_id: id, mentee_id: pupil }).execute();
    expect((await curator.post(`/practices/${id}/send`)).statusCode).toBe(303);
    const coordinator = await as('coordinator');
    expect((await coordinator.post(`/practices/${id}/accept`)).statusCode).toBe(303);
    expect((await coordinator.post(`/practices/${id}/publish`)).statusCode).toBe(303);

    const page = await new Client(t.app).get(`/p/okrug-a/practices/${id}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Подопечный Павел');
    expect(text).not.toContain('Школьникова');
    expect(textOf((await coordinator.get(`/practices/${id}`)).body)).not.toContain('Школьникова');
  });
});
