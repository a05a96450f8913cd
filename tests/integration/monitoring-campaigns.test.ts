import { describe, expect, it } from 'vitest';
import { signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const year = Number(daysAgo(0).slice(0, 4));

/** A complete campaign form: two hand fields (a number, a choice) and one required document. */
function form(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Мониторинг целевой модели наставничества',
    level: 'municipal',
    period_kind: 'academic_year',
    period_year: String(year - 1),
    as_of: daysAgo(1),
    opens_on: daysAgo(-3),
    deadline: daysAgo(-20),
    all_schools: 'all',
    field_1_label: 'Число педагогов-наставников',
    field_1_kind: 'number',
    field_1_required: 'on',
    field_2_label: 'Форма отчёта',
    field_2_kind: 'choice',
    field_2_options: 'очная; заочная',
    doc_1_title: 'Приказ о закреплении наставников',
    doc_1_required: 'on',
    ...overrides,
  };
}

function idOf(location: unknown): number {
  const id = Number(/^\/monitoring\/(\d+)$/.exec(String(location))?.[1]);
  expect(id, `redirect to a campaign: ${String(location)}`).toBeGreaterThan(0);
  return id;
}

describe('launching a campaign', () => {
  it('the coordinator launches one for every school: its period, form, documents, a «не начат» submission per school and the audit line', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/monitoring/new');
    const response = await coordinator.post('/monitoring', form());
    expect(response.statusCode, textOf(response.body).slice(0, 500)).toBe(303);
    const id = idOf(response.headers.location);
    const db = t.database.db;
    const campaign = await db.selectFrom('monitoring_campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(campaign).toMatchObject({
      municipality_id: t.world.a.id,
      period_kind: 'academic_year',
      period_start: `${year - 1}-09-01`,
      period_end: `${year}-08-31`,
      period_label: `${year - 1}/${String(year % 100).padStart(2, '0')} учебный год`,
      all_schools: true,
    });
    const fields = await db
      .selectFrom('monitoring_fields')
      .selectAll()
      .where('campaign_id', '=', id)
      .orderBy('position')
      .execute();
    expect(fields.map((f) => [f.kind, f.label, f.required, f.options])).toEqual([
      ['number', 'Число педагогов-наставников', true, []],
      ['choice', 'Форма отчёта', false, ['очная', 'заочная']],
    ]);
    const docs = await db
      .selectFrom('monitoring_documents')
      .select(['title', 'required'])
      .where('campaign_id', '=', id)
      .execute();
    expect(docs).toEqual([{ title: 'Приказ о закреплении наставников', required: true }]);
    const submissions = await db
      .selectFrom('monitoring_submissions')
      .select(['organization_id', 'status'])
      .where('campaign_id', '=', id)
      .orderBy('organization_id')
      .execute();
    expect(submissions).toEqual([
      { organization_id: t.world.a.school, status: 'not_started' },
      { organization_id: t.world.a.otherSchool, status: 'not_started' },
    ]);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'changed_fields'])
      .where('entity_type', '=', 'monitoring_campaign')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.action).toBe('create');
    expect(audit[0]?.changed_fields).toEqual(expect.arrayContaining(['title', 'deadline', 'fields', 'documents', 'schools']));

    const page = textOf((await coordinator.get(`/monitoring/${id}`)).body);
    expect(page).toContain('Число педагогов-наставников — Число, обязательное');
    expect(page).toContain('Приказ о закреплении наставников (обязательный)');
  });

  it('the department may launch one too, for the schools it ticks', async () => {
    const department = await signedIn(t.app, 'department', PASSWORD);
    await department.get('/monitoring/new');
    const response = await department.post(
      '/monitoring',
      form({ all_schools: 'chosen', schools: String(t.world.a.otherSchool) }),
    );
    expect(response.statusCode, textOf(response.body).slice(0, 500)).toBe(303);
    const id = idOf(response.headers.location);
    const submissions = await t.database.db
      .selectFrom('monitoring_submissions')
      .select('organization_id')
      .where('campaign_id', '=', id)
      .execute();
    expect(submissions).toEqual([{ organization_id: t.world.a.otherSchool }]);
  });

  it('names every mistake at its field, keeps the input, and stores nothing', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/monitoring/new');
    const response = await coordinator.post(
      '/monitoring',
      form({
        title: '',
        deadline: daysAgo(10),
        period_kind: 'half_year',
        field_2_options: 'только один',
        field_3_kind: 'table',
        all_schools: 'chosen',
      }),
    );
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('Проверьте форму');
    expect(text).toContain('Укажите название мониторинга');
    // Without a valid base the form's cross-checks wait; the rows are checked at once.
    expect(text).toContain('Поле 2 «Форма отчёта»: перечислите не меньше двух вариантов через точку с запятой');
    expect(text).toContain('Поле 3: укажите его название или очистите вид поля');
    expect(response.body).toContain('value="Число педагогов-наставников"');
    const fixed = await coordinator.post(
      '/monitoring',
      form({ deadline: daysAgo(10), period_kind: 'half_year', all_schools: 'chosen' }),
    );
    expect(fixed.statusCode).toBe(400);
    const fixedText = textOf(fixed.body);
    expect(fixedText).toContain('Выберите полугодие: первое или второе');
    expect(fixedText).toContain('Срок сдачи не может быть раньше даты открытия');
    expect(fixedText).toContain('Отметьте хотя бы одну школу');
    expect(await t.database.db.selectFrom('monitoring_campaigns').select('id').execute()).toEqual([]);
  });

  it('refuses a school of another municipality and an indicator not in the catalogue', async () => {
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/monitoring/new');
    const response = await coordinator.post(
      '/monitoring',
      form({ all_schools: 'chosen', schools: String(t.world.b.school), indicators: 'Ш99' }),
    );
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Отметьте школы из списка');
    expect(textOf(response.body)).toContain('Отметьте показатели из списка');
  });
});

describe('who sees a campaign', () => {
  it('a school sees the campaigns addressed to it from their opening day; the other school and municipality get 404', async () => {
    const db = t.database.db;
    const forOther = await addCampaign(db, 'coordinator', {
      all_schools: false,
      schools: [t.world.a.otherSchool],
      title: 'Только второй школе',
    });
    const forAll = await addCampaign(db, 'coordinator', { title: 'Всем школам' });
    const future = await addCampaign(db, 'coordinator', { title: 'Ещё не открыт', opens_on: daysAgo(-2) });
    for (const login of ['curator', 'school_head']) {
      const client = await signedIn(t.app, login, PASSWORD);
      const list = textOf((await client.get('/monitoring')).body);
      expect(list).toContain('Всем школам');
      expect(list).not.toContain('Только второй школе');
      expect(list).not.toContain('Ещё не открыт');
      expect((await client.get(`/monitoring/${forAll}`)).statusCode).toBe(200);
      expect((await client.get(`/monitoring/${forOther}`)).statusCode).toBe(404);
      expect((await client.get(`/monitoring/${future}`)).statusCode).toBe(404);
    }
    const department = await signedIn(t.app, 'department', PASSWORD);
    const list = textOf((await department.get('/monitoring')).body);
    for (const title of ['Всем школам', 'Только второй школе', 'Ещё не открыт']) expect(list).toContain(title);
    const foreign = await signedIn(t.app, 'coordinator.b', PASSWORD);
    expect((await foreign.get(`/monitoring/${forAll}`)).statusCode).toBe(404);
    expect(textOf((await foreign.get('/monitoring')).body)).toContain('Мониторингов пока нет');
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect((await mentor.get('/monitoring')).statusCode).toBe(403);
  });
});

describe('editing a campaign', () => {
  it('the coordinator edits it until it opens: fields and schools rewritten, the changed fields in the audit', async () => {
    const db = t.database.db;
    const id = await addCampaign(db, 'coordinator', { opens_on: daysAgo(-2), deadline: daysAgo(-12) });
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const page = await coordinator.get(`/monitoring/${id}/edit`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="Число педагогов-наставников"');
    const response = await coordinator.post(
      `/monitoring/${id}/edit`,
      form({ opens_on: daysAgo(-2), deadline: daysAgo(-30), all_schools: 'chosen', schools: String(t.world.a.school) }),
    );
    expect(response.statusCode, textOf(response.body).slice(0, 400)).toBe(303);
    const campaign = await db.selectFrom('monitoring_campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(campaign.deadline).toBe(daysAgo(-30));
    const schools = await db
      .selectFrom('monitoring_submissions')
      .select('organization_id')
      .where('campaign_id', '=', id)
      .execute();
    expect(schools).toEqual([{ organization_id: t.world.a.school }]);
    const fields = await db
      .selectFrom('monitoring_fields')
      .select('label')
      .where('campaign_id', '=', id)
      .orderBy('position')
      .execute();
    expect(fields.map((f) => f.label)).toEqual(['Число педагогов-наставников', 'Форма отчёта']);
    const audit = await db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'monitoring_campaign')
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(audit.changed_fields).toEqual(expect.arrayContaining(['title', 'deadline', 'period_kind', 'schools']));
    expect(audit.changed_fields).not.toContain('opens_on');
  });

  it('an open campaign is not edited (409 with the reason); the department does not edit (403)', async () => {
    const id = await addCampaign(t.database.db);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const response = await coordinator.get(`/monitoring/${id}/edit`);
    expect(response.statusCode).toBe(409);
    expect(textOf(response.body)).toContain('Мониторинг уже открыт для школ');
    expect(textOf((await coordinator.get(`/monitoring/${id}`)).body)).not.toContain('Изменить');
    const department = await signedIn(t.app, 'department', PASSWORD);
    expect((await department.get(`/monitoring/${id}/edit`)).statusCode).toBe(403);
  });
});
