import { describe, expect, it } from 'vitest';
import { Client, signedIn, textOf } from '../helpers/app.js';
import { addPair, daysAgo } from '../helpers/pair-fixtures.js';
import { useWorld } from '../helpers/suite.js';
import { PASSWORD } from '../helpers/world.js';

const t = useWorld();
const db = () => t.database.db;

/** A questionnaire of the municipality with two scale questions and a text one; its question ids. */
async function template(municipalityId: number, title = 'Диагностика профессиональных затруднений') {
  const row = await db()
    .insertInto('survey_templates')
    .values({ municipality_id: municipalityId, title, audience: 'mentee' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const questions = await db()
    .insertInto('survey_questions')
    .values([
      { template_id: row.id, position: 1, text: 'Уверенность в планировании уроков', kind: 'scale' },
      { template_id: row.id, position: 2, text: 'Умение работать с родителями', kind: 'scale' },
      { template_id: row.id, position: 3, text: 'Что даётся труднее всего', kind: 'text', required: false },
    ])
    .returning('id')
    .execute();
  return { id: row.id, q: questions.map((q) => q.id) as [number, number, number] };
}

async function finalMeeting(pairId: number) {
  await db()
    .insertInto('meetings')
    .values({ pair_id: pairId, type: 'final', held_on: daysAgo(1), duration_minutes: 45, format: 'in_person', topic: 'Итоги' })
    .execute();
}

async function issueLink(pairId: number, studentId: number): Promise<string> {
  const curator = await signedIn(t.app, 'curator', PASSWORD);
  await curator.get(`/pairs/${pairId}`);
  const response = await curator.post(`/pairs/${pairId}/mentees/${studentId}/feedback-link`);
  const page = await curator.get(response.headers.location as string);
  const match = /\/feedback\/([a-z2-7]{32})/.exec(page.body);
  if (!match) throw new Error('no link on the page');
  return match[1]!;
}

describe('a programme’s diagnostic questionnaire', () => {
  it('is attached by the programme’s curator or the coordinator, from the municipality’s questionnaires, and audited', async () => {
    const pair = await addPair(db(), t.world, 'a');
    const own = await template(t.world.a.id);
    const foreign = await template(t.world.b.id, 'Чужая анкета');
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const page = textOf((await curator.get(`/programmes/${pair.programmeId}`)).body);
    expect(page).toContain('Диагностическая анкета не прикреплена.');
    expect(page).toContain('Диагностика профессиональных затруднений');
    expect(page).not.toContain('Чужая анкета');

    const refused = await curator.post(`/programmes/${pair.programmeId}/diagnostic`, { template_id: String(foreign.id) });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('Диагностическая анкета: выберите анкету из списка');

    const attached = await curator.post(`/programmes/${pair.programmeId}/diagnostic`, { template_id: String(own.id) });
    expect(attached.statusCode).toBe(303);
    const programme = await db()
      .selectFrom('programmes')
      .selectAll()
      .where('id', '=', pair.programmeId)
      .executeTakeFirstOrThrow();
    expect(programme.diagnostic_template_id).toBe(own.id);
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'programme')
      .where('entity_id', '=', String(pair.programmeId))
      .executeTakeFirstOrThrow();
    expect(audit.changed_fields).toEqual(['diagnostic_template_id']);
    expect(textOf((await curator.get(`/programmes/${pair.programmeId}`)).body)).toContain(
      'Диагностическая анкета: Диагностика профессиональных затруднений',
    );

    // the coordinator detaches it; the head of the school may not touch it; another municipality's coordinator does not see it
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect((await coordinator.post(`/programmes/${pair.programmeId}/diagnostic`, { template_id: '' })).statusCode).toBe(303);
    expect(
      (
        await db()
          .selectFrom('programmes')
          .select('diagnostic_template_id')
          .where('id', '=', pair.programmeId)
          .executeTakeFirstOrThrow()
      ).diagnostic_template_id,
    ).toBeNull();
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    await head.get('/');
    expect((await head.post(`/programmes/${pair.programmeId}/diagnostic`, { template_id: String(own.id) })).statusCode).toBe(403);
    const otherCoordinator = await signedIn(t.app, 'coordinator.b', PASSWORD);
    await otherCoordinator.get('/');
    expect((await otherCoordinator.post(`/programmes/${pair.programmeId}/diagnostic`, { template_id: '' })).statusCode).toBe(404);
  });
});

describe('answering the diagnostic before and after', () => {
  it('keeps each participant’s answers per stage: «до» while the pair works, «после» after the final meeting, each once; the programme shows the change', async () => {
    const pair = await addPair(db(), t.world, 'a');
    const tpl = await template(t.world.a.id);
    await db().updateTable('programmes').set({ diagnostic_template_id: tpl.id }).where('id', '=', pair.programmeId).execute();

    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    const pairPage = textOf((await mentor.get(`/pairs/${pair.id}`)).body);
    expect(pairPage).toContain('Диагностика «до / после»');
    expect(pairPage).toContain('Пройти диагностику «до»');
    // the «после» stage waits for the final meeting
    const early = await mentor.get(`/pairs/${pair.id}/diagnostic/after`);
    expect(textOf(early.body)).toContain('Диагностику «после» проходят в конце работы пары, после итоговой встречи.');
    expect(
      (await mentor.post(`/pairs/${pair.id}/diagnostic/after`, { [`q${tpl.q[0]}`]: '5', [`q${tpl.q[1]}`]: '5' })).statusCode,
    ).toBe(409);

    // a required question left out is named
    const missing = await mentor.post(`/pairs/${pair.id}/diagnostic/before`, { [`q${tpl.q[0]}`]: '4' });
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('Вопрос 2: выберите оценку от 1 до 10');

    expect(
      (await mentor.post(`/pairs/${pair.id}/diagnostic/before`, { [`q${tpl.q[0]}`]: '4', [`q${tpl.q[1]}`]: '6' })).statusCode,
    ).toBe(303);
    expect(
      (await mentor.post(`/pairs/${pair.id}/diagnostic/before`, { [`q${tpl.q[0]}`]: '9', [`q${tpl.q[1]}`]: '9' })).statusCode,
    ).toBe(409);
    const mentee = await signedIn(t.app, 'mentee', PASSWORD);
    await mentee.get(`/pairs/${pair.id}`);
    expect(
      (
        await mentee.post(`/pairs/${pair.id}/diagnostic/before`, {
          [`q${tpl.q[0]}`]: '2',
          [`q${tpl.q[1]}`]: '3',
          [`q${tpl.q[2]}`]: 'Дисциплина',
        })
      ).statusCode,
    ).toBe(303);

    await finalMeeting(pair.id);
    expect(
      (await mentor.post(`/pairs/${pair.id}/diagnostic/after`, { [`q${tpl.q[0]}`]: '6', [`q${tpl.q[1]}`]: '7' })).statusCode,
    ).toBe(303);
    expect(
      (await mentee.post(`/pairs/${pair.id}/diagnostic/after`, { [`q${tpl.q[0]}`]: '8', [`q${tpl.q[1]}`]: '4' })).statusCode,
    ).toBe(303);

    const responses = await db().selectFrom('diagnostic_responses').selectAll().orderBy('id').execute();
    expect(responses.map((r) => [r.mentor_id, r.mentee_id, r.stage, r.via])).toEqual([
      [pair.mentorId, null, 'before', 'account'],
      [null, pair.teacherMenteeId, 'before', 'account'],
      [pair.mentorId, null, 'after', 'account'],
      [null, pair.teacherMenteeId, 'after', 'account'],
    ]);
    const audit = await db().selectFrom('audit_log').selectAll().where('entity_type', '=', 'diagnostic_response').execute();
    expect(audit).toHaveLength(4);

    // the pair page: the mentee sees only its own line; the curator everyone's
    const menteeView = textOf((await mentee.get(`/pairs/${pair.id}`)).body);
    expect(menteeView).not.toContain('Ученикова Алиса (наставляемый');
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const curatorView = textOf((await curator.get(`/pairs/${pair.id}`)).body);
    expect(curatorView).toContain('Ученикова Алиса (наставляемый, отвечает по личной ссылке) нет ответа нет ответа');

    // two participants only: the means would be their answers, the programme shows the count alone
    const few = textOf((await curator.get(`/programmes/${pair.programmeId}`)).body);
    expect(few).toContain('Уверенность в планировании уроков недостаточно ответов для показа 2');
    expect(few).not.toContain('3,00');

    // the pupil answers both stages through its link: three participants, the means are shown
    const token = await issueLink(pair.id, pair.studentId);
    const pupil = new Client(t.app);
    await pupil.get(`/feedback/${token}`);
    expect(
      (await pupil.post(`/feedback/${token}/diagnostic/before`, { [`q${tpl.q[0]}`]: '3', [`q${tpl.q[1]}`]: '3' })).statusCode,
    ).toBe(303);
    expect(
      (await pupil.post(`/feedback/${token}/diagnostic/after`, { [`q${tpl.q[0]}`]: '7', [`q${tpl.q[1]}`]: '7' })).statusCode,
    ).toBe(303);

    // the programme: means before, after, change, participants who answered both
    const programme = textOf((await curator.get(`/programmes/${pair.programmeId}`)).body);
    expect(programme).toContain('Уверенность в планировании уроков 3,00 7,00 +4,00 3');
    expect(programme).toContain('Умение работать с родителями 4,00 6,00 +2,00 3');
    expect(programme).not.toContain('Что даётся труднее всего');
    // the school's dashboard too
    const dashboard = textOf((await curator.get(`/dashboard/schools/${t.world.a.school}`)).body);
    expect(dashboard).toContain('Диагностика «до / после»');
    expect(dashboard).toContain('Уверенность в планировании уроков 3,00 7,00 +4,00 3');
  });

  it('counts in «до / после» only those who answered both stages', async () => {
    const pair = await addPair(db(), t.world, 'a');
    const tpl = await template(t.world.a.id);
    await db().updateTable('programmes').set({ diagnostic_template_id: tpl.id }).where('id', '=', pair.programmeId).execute();
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    await mentor.get(`/pairs/${pair.id}`);
    await mentor.post(`/pairs/${pair.id}/diagnostic/before`, { [`q${tpl.q[0]}`]: '4', [`q${tpl.q[1]}`]: '6' });
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect(textOf((await curator.get(`/programmes/${pair.programmeId}`)).body)).toContain(
      'Пока нет участников, ответивших на диагностическую анкету и в начале, и в конце работы пары.',
    );
  });

  it('lets a pupil answer through the pair’s personal link, without an account', async () => {
    const pair = await addPair(db(), t.world, 'a');
    const tpl = await template(t.world.a.id);
    await db().updateTable('programmes').set({ diagnostic_template_id: tpl.id }).where('id', '=', pair.programmeId).execute();
    const token = await issueLink(pair.id, pair.studentId);
    const pupil = new Client(t.app);
    const page = textOf((await pupil.get(`/feedback/${token}`)).body);
    expect(page).toContain('Анкета «до / после»');
    expect(page).toContain('Заполнить анкету «до»');
    const form = await pupil.get(`/feedback/${token}/diagnostic/before`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('Уверенность в планировании уроков');
    const posted = await pupil.post(`/feedback/${token}/diagnostic/before`, { [`q${tpl.q[0]}`]: '3', [`q${tpl.q[1]}`]: '5' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/feedback/${token}`);
    expect(posted.cookies.map((c) => c.name)).not.toContain('session');
    const row = await db().selectFrom('diagnostic_responses').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ mentee_id: pair.studentId, mentor_id: null, stage: 'before', via: 'link' });
    const after = textOf((await pupil.get(`/feedback/${token}`)).body);
    expect(after).toContain('В начале работы: вы ответили, спасибо');
    expect(after).toContain('Анкету «после» можно будет заполнить после итоговой встречи с наставником.');
    await finalMeeting(pair.id);
    expect(textOf((await pupil.get(`/feedback/${token}`)).body)).toContain('Заполнить анкету «после»');
    expect(
      (await pupil.post(`/feedback/${token}/diagnostic/after`, { [`q${tpl.q[0]}`]: '7', [`q${tpl.q[1]}`]: '8' })).statusCode,
    ).toBe(303);
    // an unknown token is a page that does not exist
    expect((await new Client(t.app).get(`/feedback/${'a'.repeat(32)}/diagnostic/before`)).statusCode).toBe(404);
  });

  it('is refused to those outside the pair and where no diagnostic is attached', async () => {
    const pair = await addPair(db(), t.world, 'a');
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    expect((await mentor.get(`/pairs/${pair.id}/diagnostic/before`)).statusCode).toBe(404);
    const tpl = await template(t.world.a.id);
    await db().updateTable('programmes').set({ diagnostic_template_id: tpl.id }).where('id', '=', pair.programmeId).execute();
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect((await curator.get(`/pairs/${pair.id}/diagnostic/before`)).statusCode).toBe(403);
    const otherMentor = await signedIn(t.app, 'mentor.b', PASSWORD);
    expect((await otherMentor.get(`/pairs/${pair.id}/diagnostic/before`)).statusCode).toBe(404);
  });
});

describe('the outcomes of a mentee at the end', () => {
  it('are recorded by the school’s curator for a pupil and for a teacher, checked and audited, and shown to the curator only', async () => {
    const pair = await addPair(db(), t.world, 'a');
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    const form = await curator.get(`/pairs/${pair.id}/mentees/${pair.studentId}/outcome`);
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('Отметки по предмету до и после');
    const bad = await curator.post(`/pairs/${pair.id}/mentees/${pair.studentId}/outcome`, { mark_before: '3', mark_after: '6' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Отметка после: отметка от 2 до 5');
    const noSubject = await curator.post(`/pairs/${pair.id}/mentees/${pair.studentId}/outcome`, {
      mark_before: '3',
      mark_after: '4',
    });
    expect(textOf(noSubject.body)).toContain('Предмет: укажите, по какому предмету отметки');
    const saved = await curator.post(`/pairs/${pair.id}/mentees/${pair.studentId}/outcome`, {
      subject: 'Математика',
      mark_before: '3',
      mark_after: '4',
      oge_passed: 'on',
      olympiad_level: 'municipal',
      olympiad_result: 'prize_winner',
      projects: 'Исследование «Числа вокруг нас»',
    });
    expect(saved.statusCode).toBe(303);
    const teacher = await curator.post(`/pairs/${pair.id}/mentees/${pair.teacherMenteeId}/outcome`, {
      stayed_in_profession: 'yes',
      professional_contest: 'on',
      qualification_category: 'first',
    });
    expect(teacher.statusCode).toBe(303);
    const rows = await db().selectFrom('mentee_outcomes').selectAll().orderBy('mentee_id').execute();
    expect(rows.find((r) => r.mentee_id === pair.studentId)).toMatchObject({
      subject: 'Математика',
      mark_before: 3,
      mark_after: 4,
      oge_passed: true,
      vpr_passed: false,
      olympiad_level: 'municipal',
      olympiad_result: 'prize_winner',
    });
    expect(rows.find((r) => r.mentee_id === pair.teacherMenteeId)).toMatchObject({
      stayed_in_profession: true,
      professional_contest: true,
      qualification_category: 'first',
    });
    // an edit is audited with the fields that changed
    await curator.post(`/pairs/${pair.id}/mentees/${pair.teacherMenteeId}/outcome`, {
      stayed_in_profession: 'yes',
      qualification_category: 'first',
    });
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_type', '=', 'mentee_outcome')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'update']);
    expect(audit[2]!.changed_fields).toEqual(['professional_contest']);

    const page = textOf((await curator.get(`/pairs/${pair.id}`)).body);
    expect(page).toContain('Математика: 3 → 4');
    expect(page).toContain('призёр, муниципальный уровень');
    expect(page).toContain('Квалификационная категория первая');
    const mentor = await signedIn(t.app, 'mentor', PASSWORD);
    const mentorView = textOf((await mentor.get(`/pairs/${pair.id}`)).body);
    expect(mentorView).not.toContain('Результаты наставляемых');
    expect((await mentor.get(`/pairs/${pair.id}/mentees/${pair.studentId}/outcome`)).statusCode).toBe(403);
    const coordinator = await signedIn(t.app, 'coordinator', PASSWORD);
    expect(textOf((await coordinator.get(`/pairs/${pair.id}`)).body)).toContain('Математика: 3 → 4');
    const head = await signedIn(t.app, 'school_head', PASSWORD);
    expect(textOf((await head.get(`/pairs/${pair.id}`)).body)).not.toContain('Математика');
    const otherCurator = await signedIn(t.app, 'curator.b', PASSWORD);
    expect((await otherCurator.get(`/pairs/${pair.id}/mentees/${pair.studentId}/outcome`)).statusCode).toBe(404);
  });

  it('are not recorded for a pair still forming', async () => {
    const pair = await addPair(db(), t.world, 'a', { status: 'forming' });
    const curator = await signedIn(t.app, 'curator', PASSWORD);
    expect((await curator.get(`/pairs/${pair.id}/mentees/${pair.studentId}/outcome`)).statusCode).toBe(409);
  });
});
