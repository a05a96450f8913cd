import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { type Client, signedIn, textOf } from '../helpers/app.js';
import { addCampaign } from '../helpers/monitoring.js';
import { daysAgo } from '../helpers/pair-fixtures.js';
import { addSurvey, answer, invite, type SurveyFixture } from '../helpers/questionnaire.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();

const year = Number(daysAgo(0).slice(0, 4));

/** A campaign of municipality A for both its schools, with one optional field and no document, and `surveys` attached. */
function campaignWith(surveys: number[], title = 'Мониторинг наставничества') {
  return addCampaign(t.database.db, 'coordinator', {
    title,
    fields: [{ kind: 'number', label: 'Число педагогов-наставников', hint: null, required: false, options: [] }],
    documents: [],
    surveys,
  });
}

/**
 * The survey of A's two schools: the first school 5 invited, 3 answers (scores 8, 9, 10; one free
 * text); the other school 4 invited, 4 answers of 1 or 2.
 */
async function answeredSurvey(): Promise<SurveyFixture> {
  const db = t.database.db;
  const { school, otherSchool } = t.world.a;
  const survey = await addSurvey(db, t.world.a.id, [school, otherSchool]);
  await invite(db, survey.id, school, 5);
  await invite(db, survey.id, otherSchool, 4);
  await answer(db, survey, school, 8, 'Разговоры с Анной Петровной из 5А');
  await answer(db, survey, school, 9);
  await answer(db, survey, school, 10);
  for (const score of [1, 1, 2, 2]) await answer(db, survey, otherSchool, score, 'Ничего');
  return survey;
}

async function post(client: Client, url: string, form: Record<string, string> = {}) {
  await client.get(url.replace(/\/(approve|accept|send)$/, ''));
  return client.post(url, form);
}

/** The curator sends, the head approves, the coordinator accepts. */
async function accept(url: string): Promise<void> {
  const curator = await signedIn(t.app, 'curator', PASSWORD);
  expect((await post(curator, `${url}/send`)).statusCode).toBe(303);
  const head = await signedIn(t.app, 'school_head', PASSWORD);
  expect((await post(head, `${url}/approve`)).statusCode).toBe(303);
  const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
  expect((await post(coordinator, `${url}/accept`)).statusCode).toBe(303);
}

/** The text of the questionnaire block of a submission page. */
function block(html: string): string {
  const section = /<section aria-labelledby="questionnaire-title">[\s\S]*?<\/section>/.exec(html)?.[0];
  expect(section, 'the questionnaire block').toBeDefined();
  return textOf(section ?? '');
}

describe('the questionnaire block of a submission', () => {
  it("shows the school's own results only: invited, answered, the rate, means and distributions; no free texts", async () => {
    const survey = await answeredSurvey();
    const id = await campaignWith([survey.id]);
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const page = await curator.get(`/monitoring/${id}/schools/${t.world.a.school}`);
    expect(page.statusCode).toBe(200);
    const text = block(page.body);
    expect(text).toContain('Мониторинг удовлетворённости наставников');
    expect(text).toContain('Приглашено 5');
    expect(text).toContain('Ответили 3 (60 %)');
    // the mean of 8, 9, 10 — not of the other school's answers too (5,4 over seven answers)
    expect(text).toMatch(/1\. Насколько вы удовлетворены участием\? 9 3 0 0 0 0 0 0 0 1 1 1/);
    expect(text).toMatch(/3\. Что было самым полезным\? — 1 свободный ответ: тексты не показываются/);
    expect(page.body).not.toContain('Анной Петровной');
    expect(page.body).not.toContain('Ничего');

    // The other school's submission, read by the coordinator, has its own figures.
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const other = block((await coordinator.get(`/monitoring/${id}/schools/${t.world.a.otherSchool}`)).body);
    expect(other).toContain('Приглашено 4');
    expect(other).toContain('Ответили 4 (100 %)');
    expect(other).toMatch(/1\. Насколько вы удовлетворены участием\? 1,5 4 2 2 0/);
    expect(other).not.toContain('Ответили 3');
  });

  it('hides the results below three answers: the counts only, «недостаточно ответов для показа»', async () => {
    const db = t.database.db;
    const survey = await addSurvey(db, t.world.a.id, [t.world.a.school]);
    await invite(db, survey.id, t.world.a.school, 6);
    await answer(db, survey, t.world.a.school, 3);
    await answer(db, survey, t.world.a.school, 4);
    const id = await campaignWith([survey.id]);
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const url = `/monitoring/${id}/schools/${t.world.a.school}`;
    let text = block((await curator.get(url)).body);
    expect(text).toContain('Ответили 2 (33,3 %)');
    expect(text).toContain('Недостаточно ответов для показа');
    expect(text).toContain('не меньше 3 человек');
    expect(text).not.toContain('Насколько вы удовлетворены');
    expect(text).not.toContain('3,5');

    // The third answer shows them.
    await answer(db, survey, t.world.a.school, 5);
    text = block((await curator.get(url)).body);
    expect(text).not.toContain('Недостаточно ответов для показа');
    expect(text).toMatch(/1\. Насколько вы удовлетворены участием\? 4 3 0 0 1 1 1/);
    // A question only two of them answered (say, an optional one) shows its count only.
    const skipped = await db
      .selectFrom('survey_answers')
      .select('response_id')
      .where('question_id', '=', survey.scale2)
      .orderBy('response_id')
      .limit(1)
      .executeTakeFirstOrThrow();
    await db
      .deleteFrom('survey_answers')
      .where('question_id', '=', survey.scale2)
      .where('response_id', '=', skipped.response_id)
      .execute();
    text = block((await curator.get(url)).body);
    expect(text).toMatch(/2\. Насколько полезными были встречи\? — 2 недостаточно ответов для показа/);
    expect(text).toMatch(/1\. Насколько вы удовлетворены участием\? 4 3 /);

    // A school the survey did not include says so.
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const other = block((await coordinator.get(`/monitoring/${id}/schools/${t.world.a.otherSchool}`)).body);
    expect(other).toContain('Школа не участвовала в этом анкетировании');
  });

  it('is frozen at acceptance: a later answer changes a live submission, not the accepted one; the справка summarises it', async () => {
    const db = t.database.db;
    const survey = await answeredSurvey();
    const id = await campaignWith([survey.id]);
    const url = `/monitoring/${id}/schools/${t.world.a.school}`;
    await accept(url);
    const snapshot = await db
      .selectFrom('monitoring_snapshots')
      .innerJoin('monitoring_submissions', 'monitoring_submissions.id', 'monitoring_snapshots.submission_id')
      .select('figures')
      .where('monitoring_submissions.campaign_id', '=', id)
      .executeTakeFirstOrThrow();
    const frozen = (snapshot.figures as { questionnaire: Array<{ answered: number; questions: unknown[] }> }).questionnaire;
    expect(frozen).toHaveLength(1);
    expect(frozen[0]?.answered).toBe(3);
    expect(JSON.stringify(snapshot.figures)).not.toContain('Анной Петровной');

    // Later answers in both schools.
    await answer(db, survey, t.world.a.school, 1);
    await invite(db, survey.id, t.world.a.otherSchool, 1);
    await answer(db, survey, t.world.a.otherSchool, 10);

    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const accepted = block((await coordinator.get(url)).body);
    expect(accepted).toContain('Зафиксированы при приёме отчёта');
    expect(accepted).toContain('Ответили 3 (60 %)');
    expect(accepted).toMatch(/1\. Насколько вы удовлетворены участием\? 9 3 /);
    const live = block((await coordinator.get(`/monitoring/${id}/schools/${t.world.a.otherSchool}`)).body);
    expect(live).toContain('Текущие результаты');
    expect(live).toContain('Ответили 5 (100 %)');

    const report = textOf((await coordinator.get(`${url}/report`)).body);
    expect(report).toContain('3. Результаты анкетирования');
    expect(report).toContain('Приглашено: 5, ответили: 3 (60 %).');
    expect(report).toContain('1. Насколько вы удовлетворены участием? — средняя оценка 9 из 10 (ответов: 3).');
    expect(report).toContain('3. Что было самым полезным? — свободных ответов: 1 (тексты в справку не включаются).');
    expect(report).not.toContain('Анной Петровной');
    const docx = await coordinator.get(`${url}/report.docx`);
    expect(docx.statusCode).toBe(200);
    const docxText = (await mammoth.extractRawText({ buffer: docx.rawPayload })).value.replace(/\s+/g, ' ');
    expect(docxText).toContain('3. Результаты анкетирования');
    expect(docxText).toContain('Приглашено: 5, ответили: 3 (60 %).');
    expect(docxText).toContain('1. Насколько вы удовлетворены участием? — средняя оценка 9 из 10 (ответов: 3).');
    expect(docxText).not.toContain('Анной Петровной');

    // Re-opened: the block is live again (the later answer counts), the old snapshot in the history.
    await coordinator.get(url);
    expect((await coordinator.post(`${url}/reopen`, { reason: 'Уточнить данные' })).statusCode).toBe(303);
    const reopened = await coordinator.get(url);
    expect(block(reopened.body)).toContain('Ответили 4 (80 %)');
    expect(textOf(reopened.body)).toContain('анкетирование «Мониторинг удовлетворённости наставников»: ответили 3 из 5');
  });

  it('an accepted submission of a campaign without surveys (or an older snapshot) shows no block', async () => {
    const id = await campaignWith([]);
    const url = `/monitoring/${id}/schools/${t.world.a.school}`;
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await coordinator.get(url)).body).not.toContain('questionnaire-title');
    await accept(url);
    // A snapshot made before the block existed has no questionnaire part.
    await t.database.db
      .updateTable('monitoring_snapshots')
      .set({ figures: JSON.stringify({ computed: [], entered: [], documents: [] }) })
      .execute();
    const page = await coordinator.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('questionnaire-title');
    const report = textOf((await coordinator.get(`${url}/report`)).body);
    expect(report).toContain('Анкетирование в форму мониторинга не включалось.');
  });
});

/** A complete campaign form of municipality A. */
function form(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'Мониторинг целевой модели наставничества',
    level: 'municipal',
    period_kind: 'calendar_year',
    period_year: String(year),
    as_of: daysAgo(1),
    opens_on: daysAgo(-3),
    deadline: daysAgo(-20),
    all_schools: 'all',
    field_1_label: 'Число педагогов-наставников',
    field_1_kind: 'number',
    ...overrides,
  };
}

describe('the questionnaire block of the campaign form', () => {
  it("offers the municipality's surveys, attaches the one ticked, and shows it on the campaign page", async () => {
    const db = t.database.db;
    const own = await addSurvey(db, t.world.a.id, [t.world.a.school], { title: 'Анкетирование округа А' });
    await addSurvey(db, t.world.b.id, [t.world.b.school], { title: 'Анкетирование округа Б' });
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const page = await coordinator.get('/monitoring/new');
    expect(page.body).toContain('Анкетирование округа А');
    expect(page.body).not.toContain('Анкетирование округа Б');
    const response = await coordinator.post('/monitoring', form({ surveys: String(own.id) }));
    expect(response.statusCode, textOf(response.body).slice(0, 500)).toBe(303);
    const id = Number(/^\/monitoring\/(\d+)$/.exec(String(response.headers.location))?.[1]);
    const rows = await db.selectFrom('monitoring_campaign_surveys').selectAll().where('campaign_id', '=', id).execute();
    expect(rows).toEqual([{ campaign_id: id, survey_id: own.id, position: 1 }]);
    expect(textOf((await coordinator.get(`/monitoring/${id}`)).body)).toContain('Анкетирование «Анкетирование округа А»');
    const audit = await db
      .selectFrom('audit_log')
      .select('changed_fields')
      .where('entity_type', '=', 'monitoring_campaign')
      .where('entity_id', '=', String(id))
      .executeTakeFirstOrThrow();
    expect(audit.changed_fields).toContain('surveys');
    // The edit form keeps it ticked.
    const edit = await coordinator.get(`/monitoring/${id}/edit`);
    expect(edit.body).toMatch(new RegExp(`name="surveys" value="${own.id}" checked`));
    // Saving the edit without it takes the block away.
    const saved = await coordinator.post(`/monitoring/${id}/edit`, form());
    expect(saved.statusCode, textOf(saved.body).slice(0, 500)).toBe(303);
    expect(await db.selectFrom('monitoring_campaign_surveys').selectAll().where('campaign_id', '=', id).execute()).toEqual([]);
  });

  it("refuses another municipality's survey, and a survey of none of the campaign's schools, with a message on the field", async () => {
    const db = t.database.db;
    const foreign = await addSurvey(db, t.world.b.id, [t.world.b.school], { title: 'Анкетирование округа Б' });
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    await coordinator.get('/monitoring/new');
    let response = await coordinator.post('/monitoring', form({ surveys: String(foreign.id) }));
    expect(response.statusCode).toBe(400);
    let text = textOf(response.body);
    expect(text).toContain('Отметьте анкетирование из списка: приложить можно только анкетирование своего округа');
    expect(response.body).toContain('href="#field-surveys"');
    expect(text).not.toContain('Анкетирование округа Б');

    // A survey of A's other school only, for a campaign of A's first school.
    const apart = await addSurvey(db, t.world.a.id, [t.world.a.otherSchool], { title: 'Анкетирование второй школы' });
    response = await coordinator.post(
      '/monitoring',
      form({ all_schools: 'chosen', schools: String(t.world.a.school), surveys: String(apart.id) }),
    );
    expect(response.statusCode).toBe(400);
    text = textOf(response.body);
    expect(text).toContain('Анкетирование «Анкетирование второй школы» не проводилось ни в одной из школ этого мониторинга');

    // Garbage in the list.
    response = await coordinator.post('/monitoring', form({ surveys: 'абв' }));
    expect(response.statusCode).toBe(400);
    expect(textOf(response.body)).toContain('Отметьте анкетирование из списка');
    expect(await db.selectFrom('monitoring_campaigns').select('id').execute()).toEqual([]);
  });

  it("a copy of the form ticks the same questionnaire's most recent later survey, or none with a note", async () => {
    const db = t.database.db;
    const schools = [t.world.a.school, t.world.a.otherSchool];
    const last = await addSurvey(db, t.world.a.id, schools, {
      title: `Мониторинг удовлетворённости наставников, ${year - 1}`,
      opensOn: `${year - 1}-11-01`,
      closesOn: `${year - 1}-12-25`,
    });
    const interim = await addSurvey(db, t.world.a.id, schools, {
      title: `Промежуточное анкетирование наставников, ${year}`,
      templateId: last.templateId,
      opensOn: `${year}-03-01`,
      closesOn: `${year}-03-31`,
    });
    const current = await addSurvey(db, t.world.a.id, schools, {
      title: `Мониторинг удовлетворённости наставников, ${year}`,
      templateId: last.templateId,
      opensOn: `${year}-11-01`,
      closesOn: `${year}-12-25`,
    });
    // another questionnaire's survey, with no later one
    const lone = await addSurvey(db, t.world.a.id, schools, {
      title: 'Разовое анкетирование',
      opensOn: `${year - 1}-12-01`,
      closesOn: `${year - 1}-12-20`,
    });
    await db.updateTable('survey_templates').set({ title: 'Анкета выпускника' }).where('id', '=', lone.templateId).execute();
    const id = await campaignWith([last.id, lone.id], `Мониторинг за ${year - 1} год`);

    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    const html = (await coordinator.get(`/monitoring/new?from=${id}`)).body;
    const checked = [...html.matchAll(/name="surveys" value="(\d+)" checked/g)].map((m) => Number(m[1]));
    expect(checked).toEqual([current.id]);
    expect(checked).not.toContain(interim.id);
    expect(textOf(html)).toContain(
      'В прошлой форме было анкетирование по анкете «Анкета выпускника»; более позднего анкетирования по ней пока нет, поэтому ничего не отмечено.',
    );

    // Saving the copy attaches the new survey.
    const response = await coordinator.post(
      '/monitoring',
      form({ title: `Мониторинг за ${year} год`, surveys: String(current.id) }),
    );
    expect(response.statusCode).toBe(303);
    const copy = Number(/^\/monitoring\/(\d+)$/.exec(String(response.headers.location))?.[1]);
    const attached = await db
      .selectFrom('monitoring_campaign_surveys')
      .select('survey_id')
      .where('campaign_id', '=', copy)
      .execute();
    expect(attached).toEqual([{ survey_id: current.id }]);
  });
});
