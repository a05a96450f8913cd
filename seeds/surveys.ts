import type { Transaction } from 'kysely';
import type { Database, SurveyAudience } from '../src/db/types.js';
import { ageOn } from '../src/lib/dates.js';
import { participantsOf } from '../src/modules/surveys/queries.js';
import { Rng } from './people.js';

/**
 * The demo surveys: a questionnaire for mentors and one for mentees, modelled on the satisfaction
 * questionnaires of the methodology; last year's municipal monitoring (1 November – 25 December)
 * in every demo school, answered by 60-85 % of those invited (most of them satisfied), and this
 * year's survey by each questionnaire, running now, with some answers. People with an account
 * (the demo `mentor` and `mentee`) are invited to this year's and have not answered yet, so that
 * their home pages show «Анкеты». Deterministic for the same `today`.
 */

interface QuestionSeed {
  text: string;
  kind: 'scale' | 'text';
  required: boolean;
  satisfaction: boolean;
}

interface TemplateSeed {
  audience: SurveyAudience;
  title: string;
  description: string;
  questions: QuestionSeed[];
  /** How the surveys by it are named, before the year. */
  survey: string;
  interim: string;
}

const scale = (text: string, satisfaction: boolean, required = true): QuestionSeed => ({
  text,
  kind: 'scale',
  required,
  satisfaction,
});
const free = (text: string): QuestionSeed => ({ text, kind: 'text', required: false, satisfaction: false });

const TEMPLATES: TemplateSeed[] = [
  {
    audience: 'mentor',
    title: 'Анкета удовлетворённости наставника',
    description:
      'Анкета для мониторинга эффективности программ наставничества. Оцените утверждения по шкале от 1 (совсем нет) до 10 (полностью). Ответы анонимны и используются только в обобщённом виде.',
    questions: [
      scale('Насколько вы удовлетворены участием в программе наставничества?', true),
      scale('Насколько комфортным было общение с наставляемым?', true),
      scale('Насколько полезными, на ваш взгляд, были встречи для наставляемого?', true),
      scale('Насколько вам хватало поддержки куратора и методического центра?', false),
      free('Что было самым полезным?'),
      free('Что бы вы предложили изменить?'),
    ],
    survey: 'Мониторинг удовлетворённости наставников',
    interim: 'Промежуточное анкетирование наставников',
  },
  {
    audience: 'mentee',
    title: 'Анкета удовлетворённости наставляемого',
    description:
      'Анкета для мониторинга эффективности программ наставничества. Оцените утверждения по шкале от 1 (совсем нет) до 10 (полностью). Ответы анонимны: никто не увидит, как ответили именно вы.',
    questions: [
      scale('Насколько вы удовлетворены участием в программе наставничества?', true),
      scale('Насколько комфортным было общение с наставником?', true),
      scale('Насколько полезными были встречи?', true),
      scale('Насколько вам хватало времени на встречи с наставником?', false, false),
      free('Что было самым полезным?'),
      free('Что бы вы предложили изменить?'),
    ],
    survey: 'Мониторинг удовлетворённости наставляемых',
    interim: 'Промежуточное анкетирование наставляемых',
  },
];

const USEFUL: Record<SurveyAudience, string[]> = {
  mentor: [
    'Совместная подготовка открытых уроков',
    'Взаимопосещение уроков и их разбор',
    'Увидеть, как растёт наставляемый',
    'Обмен опытом с другими наставниками на семинаре',
    'Индивидуальный план развития, составленный вместе',
    'Новые приёмы работы, которые я подсмотрел у молодого коллеги',
  ],
  mentee: [
    'Разбор моих уроков после посещения',
    'Помощь с документами и рабочей программой',
    'Подготовка к олимпиаде',
    'Поддержка в первые месяцы работы',
    'Советы, как говорить с родителями',
    'Работа над проектом вместе с наставником',
    'Наставник всегда был на связи',
  ],
};

const CHANGES: Record<SurveyAudience, string[]> = {
  mentor: [
    'Выделять время для встреч в расписании',
    'Меньше отчётных документов',
    'Больше обучения для наставников',
    'Учитывать наставничество в нагрузке',
  ],
  mentee: [
    'Встречаться чаще',
    'Больше практических занятий',
    'Встречи в удобное время, не после седьмого урока',
    'Ничего не менять, всё понравилось',
    'Добавить онлайн-встречи',
  ],
};

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

const CHUNK = 500;

async function insertChunks<T>(items: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) await insert(items.slice(i, i + CHUNK));
}

interface Invitee {
  id: number;
  organization_id: number;
  user_id: number | null;
  category: string;
  birth_date: string | null;
}

async function invitees(trx: Transaction<Database>, audience: SurveyAudience, schoolIds: number[]): Promise<Invitee[]> {
  const ids = (await participantsOf(trx, audience, schoolIds)).map((p) => p.id);
  if (ids.length === 0) return [];
  const rows =
    audience === 'mentor'
      ? await trx
          .selectFrom('mentors')
          .select(['id', 'organization_id', 'user_id', 'category', 'birth_date'])
          .where('id', 'in', ids)
          .orderBy('id')
          .execute()
      : await trx
          .selectFrom('mentees')
          .select(['id', 'organization_id', 'user_id', 'category', 'birth_date'])
          .where('id', 'in', ids)
          .orderBy('id')
          .execute();
  return rows;
}

/**
 * One survey: its schools, an invitation for each participant, and answers from the chosen ones.
 * `rate(schoolId)` is the share of a school's invited who answer; people with an account are left
 * out when `spareAccounts` (this year's survey waits for the demo accounts).
 */
async function seedSurvey(
  trx: Transaction<Database>,
  rng: Rng,
  template: {
    id: number;
    seed: TemplateSeed;
    questions: Array<{ id: number; kind: 'scale' | 'text'; required: boolean; satisfaction: boolean; position: number }>;
  },
  survey: {
    municipalityId: number;
    title: string;
    opensOn: string;
    closesOn: string;
    createdBy: number | null;
    lastAnswerOn: string;
  },
  schoolIds: number[],
  rate: (schoolId: number) => number,
  spareAccounts: boolean,
): Promise<void> {
  const row = await trx
    .insertInto('surveys')
    .values({
      template_id: template.id,
      municipality_id: survey.municipalityId,
      title: survey.title,
      opens_on: survey.opensOn,
      closes_on: survey.closesOn,
      created_by: survey.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('survey_schools')
    .values(schoolIds.map((id) => ({ survey_id: row.id, organization_id: id })))
    .execute();
  const people = await invitees(trx, template.seed.audience, schoolIds);
  const span = Math.max(daysBetween(survey.opensOn, survey.lastAnswerOn), 0);
  const invitations: Array<{
    survey_id: number;
    organization_id: number;
    mentor_id: number | null;
    mentee_id: number | null;
    answered_on: string | null;
  }> = [];
  const responses: Array<{ day: string; person: Invitee; order: number }> = [];
  for (const person of people) {
    const answers = !(spareAccounts && person.user_id !== null) && rng.chance(rate(person.organization_id));
    const day = answers ? addDays(survey.opensOn, rng.int(0, span)) : null;
    invitations.push({
      survey_id: row.id,
      organization_id: person.organization_id,
      mentor_id: template.seed.audience === 'mentor' ? person.id : null,
      mentee_id: template.seed.audience === 'mentee' ? person.id : null,
      answered_on: day,
    });
    if (day) responses.push({ day, person, order: rng.float() });
  }
  await insertChunks(invitations, (chunk) => trx.insertInto('survey_invitations').values(chunk).execute());
  // The responses in the order of their days (ties shuffled), never in the invitations' order.
  responses.sort((a, b) => a.day.localeCompare(b.day) || a.order - b.order);
  const answers: Array<{ response_id: number; question_id: number; score: number | null; text: string | null }> = [];
  const rows = responses.map((r) => {
    // Most are satisfied; some are not.
    const base = rng.chance(0.82) ? rng.int(7, 10) : rng.int(3, 6);
    const scores = template.questions.map((q) => (q.kind === 'scale' ? Math.min(10, Math.max(1, base + rng.int(-1, 1))) : null));
    const counted = template.questions.flatMap((q, i) => (q.satisfaction && scores[i] !== null ? [scores[i] as number] : []));
    const minor = r.person.category === 'student' || (r.person.birth_date !== null && ageOn(r.person.birth_date, r.day) < 18);
    return {
      values: {
        survey_id: row.id,
        organization_id: r.person.organization_id,
        audience: template.seed.audience,
        is_minor: minor,
        satisfaction: counted.length ? Math.round((counted.reduce((a, b) => a + b, 0) / counted.length) * 100) / 100 : null,
        via: r.person.user_id === null ? ('link' as const) : ('account' as const),
        submitted_on: r.day,
      },
      scores,
      low: base < 7,
    };
  });
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const ids = await trx
      .insertInto('survey_responses')
      .values(chunk.map((c) => c.values))
      .returning('id')
      .execute();
    chunk.forEach((c, j) => {
      const responseId = ids[j]?.id;
      if (responseId === undefined) return;
      template.questions.forEach((q, k) => {
        if (q.kind === 'scale') {
          // An optional scale is sometimes skipped.
          if (!q.required && rng.chance(0.2)) return;
          answers.push({ response_id: responseId, question_id: q.id, score: c.scores[k] ?? null, text: null });
          return;
        }
        const useful = q.position === 5;
        if (!rng.chance(useful ? 0.45 : c.low ? 0.6 : 0.2)) return;
        const pool = useful ? USEFUL[template.seed.audience] : CHANGES[template.seed.audience];
        answers.push({ response_id: responseId, question_id: q.id, score: null, text: rng.pick(pool) });
      });
    });
  }
  await insertChunks(answers, (chunk) => trx.insertInto('survey_answers').values(chunk).execute());
}

export async function seedDemoSurveys(
  trx: Transaction<Database>,
  municipalityId: number,
  schoolIds: number[],
  today: string,
): Promise<void> {
  const rng = new Rng(0x5e_2026);
  const year = Number(today.slice(0, 4));
  const coordinator = await trx
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select('users.id')
    .where('users.role', '=', 'coordinator')
    .where('organizations.municipality_id', '=', municipalityId)
    .orderBy('users.id')
    .executeTakeFirst();
  // This year's: the monitoring itself when today falls in it, else an interim survey running now.
  const season = today >= `${year}-11-01` && today <= `${year}-12-25`;
  const current = season
    ? { opensOn: `${year}-11-01`, closesOn: `${year}-12-25` }
    : { opensOn: addDays(today, -10), closesOn: addDays(today, 30) };
  // Each school answers at its own rate, 60-85 %.
  const rates = new Map(schoolIds.map((id) => [id, 0.6 + rng.float() * 0.25]));

  for (const seed of TEMPLATES) {
    const template = await trx
      .insertInto('survey_templates')
      .values({
        municipality_id: municipalityId,
        title: seed.title,
        audience: seed.audience,
        description: seed.description,
        created_at: `${year - 1}-10-20T09:00:00Z`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const questions = await trx
      .insertInto('survey_questions')
      .values(
        seed.questions.map((q, i) => ({
          template_id: template.id,
          position: i + 1,
          text: q.text,
          kind: q.kind,
          required: q.required,
          counts_for_satisfaction: q.satisfaction,
        })),
      )
      .returning(['id', 'kind', 'required', 'counts_for_satisfaction as satisfaction', 'position'])
      .execute();
    const t = { id: template.id, seed, questions };
    const createdBy = coordinator?.id ?? null;
    await seedSurvey(
      trx,
      rng,
      t,
      {
        municipalityId,
        title: `${seed.survey}, ${year - 1}`,
        opensOn: `${year - 1}-11-01`,
        closesOn: `${year - 1}-12-25`,
        createdBy,
        lastAnswerOn: `${year - 1}-12-25`,
      },
      schoolIds,
      (school) => rates.get(school) ?? 0.7,
      false,
    );
    await seedSurvey(
      trx,
      rng,
      t,
      { municipalityId, title: `${season ? seed.survey : seed.interim}, ${year}`, ...current, createdBy, lastAnswerOn: today },
      schoolIds,
      // Some answers so far: more when the survey has run longer.
      () => Math.min(0.45, 0.1 + 0.01 * Math.max(daysBetween(current.opensOn, today), 0)),
      true,
    );
  }
}
