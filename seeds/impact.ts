import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../src/db/types.js';
import { Rng } from './people.js';

type Db = Kysely<Database> | Transaction<Database>;

export const DEMO_DIAGNOSTIC_TITLE = 'Диагностика затруднений участников наставничества';

const QUESTIONS = [
  'Насколько уверенно вы ставите цели и планируете свою работу?',
  'Насколько легко вам работать в команде и просить о помощи?',
  'Насколько вы довольны своими результатами в учёбе или работе?',
  'Насколько вы готовы браться за новые задачи (проекты, конкурсы, олимпиады)?',
];

/**
 * Issue 18, «Impact, before and after», in the demo: the coordinator's diagnostic questionnaire
 * attached to every programme of the demo school; the participants of the school's pairs answered
 * it at the start, and those of the completed pairs (and the active ones past their final meeting)
 * at the end too, mostly higher, so the programme page and the school's dashboard show a change;
 * the curator recorded the outcomes of a few mentees of the completed pairs. The demo accounts'
 * active pairs (Павлова with Белов, and with the two students) have not answered yet: the
 * walk-through (and the browser test) answers there.
 */
export async function seedDemoImpact(
  db: Db,
  municipalityId: number,
  schoolId: number,
  accounts: { curator: number; mentor: number },
): Promise<void> {
  const rng = new Rng(0x1a_2026);
  const template = await db
    .insertInto('survey_templates')
    .values({
      municipality_id: municipalityId,
      title: DEMO_DIAGNOSTIC_TITLE,
      audience: 'mentee',
      description: 'Заполняется каждым участником пары дважды: в начале работы и в конце.',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const questions = await db
    .insertInto('survey_questions')
    .values(QUESTIONS.map((text, i) => ({ template_id: template.id, position: i + 1, text, kind: 'scale' as const })))
    .returning('id')
    .execute();
  await db
    .updateTable('programmes')
    .set({ diagnostic_template_id: template.id })
    .where('organization_id', '=', schoolId)
    .execute();

  const pairs = await db
    .selectFrom('pairs')
    .select(['id', 'status', 'programme_id'])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('meetings')
            .select('meetings.id')
            .whereRef('meetings.pair_id', '=', 'pairs.id')
            .where('meetings.type', '=', 'final'),
        )
        .as('has_final'),
    )
    .where('organization_id', '=', schoolId)
    .where('status', 'in', ['active', 'completed'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('pair_mentors')
            .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
            .select('pair_mentors.pair_id')
            .whereRef('pair_mentors.pair_id', '=', 'pairs.id')
            .where('mentors.user_id', '=', accounts.mentor)
            .where('pairs.status', '=', 'active'),
        ),
      ),
    )
    .orderBy('id')
    .execute();

  let outcomes = 0;
  const recorded = { pupils: 0, teachers: 0 };
  for (const pair of pairs) {
    const mentors = await db.selectFrom('pair_mentors').select('mentor_id').where('pair_id', '=', pair.id).execute();
    const mentees = await db
      .selectFrom('pair_mentees')
      .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
      .select(['mentees.id', 'mentees.category'])
      .where('pair_mentees.pair_id', '=', pair.id)
      .where('mentees.erased_at', 'is', null)
      .execute();
    const people = [
      ...mentors.map((m) => ({ mentor_id: m.mentor_id, mentee_id: null })),
      ...mentees.map((m) => ({ mentor_id: null, mentee_id: m.id })),
    ];
    const ended = pair.status === 'completed' || Boolean(pair.has_final);
    for (const person of people) {
      const before = questions.map(() => rng.int(3, 6));
      const after = before.map((score) => Math.min(10, score + rng.int(0, 3)));
      for (const [stage, scores] of ended
        ? ([
            ['before', before],
            ['after', after],
          ] as const)
        : ([['before', before]] as const)) {
        const response = await db
          .insertInto('diagnostic_responses')
          .values({ pair_id: pair.id, template_id: template.id, ...person, stage, via: 'account' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('diagnostic_answers')
          .values(questions.map((q, i) => ({ response_id: response.id, question_id: q.id, score: scores[i]!, text: null })))
          .execute();
      }
    }
    if (pair.status !== 'completed') continue;
    for (const mentee of mentees) {
      const pupil = mentee.category === 'student';
      // Three of each kind at most: the pupils' marks, and the teachers' records that count Ш2 and Ш4.
      if ((pupil ? recorded.pupils : recorded.teachers) >= 3) continue;
      if (pupil) recorded.pupils += 1;
      else recorded.teachers += 1;
      outcomes += 1;
      await db
        .insertInto('mentee_outcomes')
        .values(
          pupil
            ? {
                pair_id: pair.id,
                mentee_id: mentee.id,
                subject: rng.pick(['Математика', 'Русский язык', 'Физика', 'Биология']),
                mark_before: 3,
                mark_after: rng.pick([3, 4, 4, 5]),
                vpr_passed: rng.chance(0.7),
                olympiad_level: outcomes % 2 === 0 ? 'municipal' : null,
                olympiad_result: outcomes % 2 === 0 ? 'prize_winner' : null,
                projects: rng.chance(0.5) ? 'Исследовательский проект «Экология родного края»' : null,
                recorded_by: accounts.curator,
              }
            : {
                pair_id: pair.id,
                mentee_id: mentee.id,
                stayed_in_profession: rng.chance(0.85),
                professional_contest: rng.chance(0.4),
                qualification_category: rng.pick(['none', 'first'] as const),
                recorded_by: accounts.curator,
              },
        )
        .execute();
    }
  }
}
