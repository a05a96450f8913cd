import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, MeetingType, MentoringFormCode, PairKind, PairStage, PairStatus } from '../src/db/types.js';
import {
  MENTORING_FORM_LABELS,
  MENTORING_FORMS,
  type MenteeCategory,
  type MentorCategory,
} from '../src/modules/people/labels.js';
import { checkFormRules, FORM_RULES } from '../src/modules/pairs/matching.js';
import { Rng } from './people.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Demo programmes, pairs and meetings of the demo municipality, so that a mentor's home page and a
 * curator's list look lived-in: in each school a programme per form its bases allow, pairs in every
 * status (forming without an order, active with one, completed with results and satisfaction,
 * stopped early with a reason), meetings in the methodology's order (introduction, planning, joint
 * work with the mentor's feedback and often the mentee's, a final meeting for the finished ones),
 * tasks of the individual route. Every pair obeys the forms' rules (matching.ts checkFormRules),
 * capacity and consent. Dates follow `today`: the current school year's pairs started on
 * 1 September, the finished ones belong to the year before.
 *
 * The demo accounts: `mentor` (Павлова Наталья Игоревна) mentors two active pairs in the demo
 * school — one with `mentee` (Белов Кирилл Андреевич) — and finished one last year.
 */

interface Person {
  id: number;
  category: string;
  birth_date: string | null;
  forms: string[];
  capacity: number;
  origin_type: string | null;
  name: string;
}

const PROGRAMMES: Partial<Record<MentoringFormCode, { title: string; target: string; goals: string; results: string }>> = {
  teacher_teacher: {
    title: 'Педагог – педагог: адаптация молодых специалистов',
    target: 'молодые специалисты со стажем до 3 лет и педагоги, новые в школе',
    goals: 'Успешное закрепление молодых специалистов в профессии, развитие их методической компетентности',
    results: 'Молодой педагог самостоятельно планирует и проводит уроки, участвует в профессиональных конкурсах',
  },
  teacher_student: {
    title: 'Педагог – ученик: индивидуальные образовательные траектории',
    target: 'обучающиеся 5–11 классов с трудностями в учёбе и высокомотивированные обучающиеся',
    goals: 'Раскрытие потенциала обучающегося, повышение мотивации к учёбе, профессиональная ориентация',
    results: 'Повышение успеваемости, участие в олимпиадах и проектах',
  },
  student_student: {
    title: 'Ученик – ученик: равный – равному',
    target: 'обучающиеся 5–9 классов',
    goals: 'Поддержка в учёбе и адаптации силами старшеклассников, развитие лидерских качеств наставников',
    results: 'Рост успеваемости и вовлечённости наставляемых в школьную жизнь',
  },
  college_student: {
    title: 'Студент – ученик: шаг в профессию',
    target: 'обучающиеся 8–11 классов',
    goals: 'Профориентация и поддержка в учёбе силами студентов колледжа и выпускников школы',
    results: 'Обучающиеся знают требования колледжей и вузов, участвуют в проектах',
  },
  head_teacher: {
    title: 'Руководитель ОО – педагог: управленческий резерв',
    target: 'педагоги, испытывающие затруднения, и педагоги, новые в школе',
    goals: 'Профессиональный рост педагогов и включение их в коллектив',
    results: 'Педагог преодолевает профессиональные затруднения, берёт на себя новые задачи',
  },
  employer_trainee: {
    title: 'Работодатель – студент-практикант: практика в школе',
    target: 'студенты педагогических колледжей и вузов на практике в школе',
    goals: 'Освоение практических навыков работы учителя во время практики',
    results: 'Практикант проводит уроки самостоятельно, готов к трудоустройству в школу',
  },
  employer_student: {
    title: 'Работодатель – ученик: профессиональные пробы',
    target: 'обучающиеся 8–11 классов',
    goals: 'Профессиональное самоопределение, знакомство с предприятиями округа',
    results: 'Осознанный выбор профиля обучения и профессии',
  },
};

const ROLE_MODELS: Partial<Record<MentoringFormCode, string>> = {
  college_student: 'равный – равному',
  head_teacher: 'опытный педагог – молодой специалист',
  employer_trainee: 'опытный предметник – неопытный предметник',
  teacher_teacher: 'опытный педагог – молодой специалист',
  teacher_student: 'успевающий – неуспевающий',
  student_student: 'равный – равному',
  employer_student: 'лидер – пассивный',
};

const TOPICS: Record<MeetingType, string[]> = {
  introduction: ['Знакомство, ожидания от совместной работы'],
  trial: ['Пробное занятие: разбор урока'],
  planning: ['Составление индивидуального плана развития'],
  joint_work: [
    'Разбор открытого урока',
    'Подготовка к родительскому собранию',
    'Работа с рабочей программой по предмету',
    'Проектная работа: выбор темы',
    'Подготовка к олимпиаде',
    'Анализ контрольной работы',
    'Цифровые инструменты на уроке',
    'Классный час: сценарий и проведение',
  ],
  final: ['Итоги совместной работы, рефлексия'],
};

const TASKS = [
  'Посетить 3 урока наставника',
  'Провести открытый урок',
  'Подготовить выступление на методическом объединении',
  'Составить план самообразования',
];

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 1 September of the school year `today` belongs to. */
function schoolYearStart(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return `${month >= 9 ? year : year - 1}-09-01`;
}

async function people(db: Db, schoolId: number) {
  const mentors = await db
    .selectFrom('mentors')
    .leftJoin('organizations as origin', 'origin.id', 'mentors.origin_organization_id')
    .select([
      'mentors.id',
      'mentors.category',
      'mentors.birth_date',
      'mentors.forms',
      'mentors.capacity',
      'origin.type as origin_type',
      'mentors.last_name',
      'mentors.first_name',
      'mentors.middle_name',
    ])
    .where('mentors.organization_id', '=', schoolId)
    .where('mentors.archived_at', 'is', null)
    .where('mentors.consent_date', 'is not', null)
    .where('mentors.status', '<>', 'left')
    .orderBy('mentors.id')
    .execute();
  const mentees = await db
    .selectFrom('mentees')
    .select(['id', 'category', 'birth_date', 'last_name', 'first_name', 'middle_name'])
    .where('organization_id', '=', schoolId)
    .where('archived_at', 'is', null)
    .where('consent_date', 'is not', null)
    .where('status', '<>', 'left')
    .orderBy('id')
    .execute();
  const name = (r: { last_name: string; first_name: string; middle_name: string | null }) =>
    [r.last_name, r.first_name, r.middle_name].filter(Boolean).join(' ');
  return {
    mentors: mentors.map((m) => ({
      id: m.id,
      category: m.category,
      birth_date: m.birth_date,
      forms: m.forms,
      capacity: m.capacity,
      origin_type: m.origin_type,
      name: name(m),
    })),
    mentees: mentees.map((m) => ({
      id: m.id,
      category: m.category,
      birth_date: m.birth_date,
      forms: [],
      capacity: 0,
      origin_type: null,
      name: name(m),
    })),
  };
}

function fits(form: MentoringFormCode, mentor: Person, mentees: Person[], today: string): boolean {
  return (
    checkFormRules(
      form,
      {
        category: mentor.category as MentorCategory,
        birthDate: mentor.birth_date,
        originIsPartner: mentor.origin_type === 'partner',
      },
      mentees.map((m) => ({ category: m.category as MenteeCategory, birthDate: m.birth_date })),
      today,
    ).length === 0
  );
}

interface PlannedPair {
  form: MentoringFormCode;
  mentor: Person;
  mentees: Person[];
  status: PairStatus;
}

export async function seedDemoPairs(
  db: Db,
  schoolIds: number[],
  curatorBySchool: Map<number, number>,
  accounts: { mentor: number; mentee: number },
  today: string,
): Promise<void> {
  const yearStart = schoolYearStart(today);
  const lastYearStart = addDays(yearStart, -365);
  for (const [index, schoolId] of schoolIds.entries()) {
    const rng = new Rng(0x9a1e_2026 + index * 104_729);
    const curator = curatorBySchool.get(schoolId) ?? null;
    const { mentors, mentees } = await people(db, schoolId);
    const load = new Map<number, number>();
    const taken = new Set<number>();
    const planned: PlannedPair[] = [];

    const take = (form: MentoringFormCode, mentor: Person, group: Person[], status: PairStatus) => {
      planned.push({ form, mentor, mentees: group, status });
      if (status === 'forming' || status === 'active') load.set(mentor.id, (load.get(mentor.id) ?? 0) + group.length);
      for (const m of group) taken.add(m.id);
    };

    if (index === 0) {
      // The demo accounts' pairs first: Павлова with Белов, a group of two students, and last year's.
      const pavlova = mentors.find((m) => m.name === 'Павлова Наталья Игоревна');
      const belov = mentees.find((m) => m.name === 'Белов Кирилл Андреевич');
      if (pavlova && belov) {
        await db.updateTable('mentors').set({ user_id: accounts.mentor }).where('id', '=', pavlova.id).execute();
        await db.updateTable('mentees').set({ user_id: accounts.mentee }).where('id', '=', belov.id).execute();
        take('teacher_teacher', pavlova, [belov], 'active');
        const students = mentees
          .filter((m) => m.category === 'student' && !taken.has(m.id) && fits('teacher_student', pavlova, [m], today))
          .slice(0, 3);
        if (students.length >= 2) take('teacher_student', pavlova, students.slice(0, 2), 'active');
        const former = students[2];
        if (former) take('teacher_student', pavlova, [former], 'completed');
      }
    }

    // Then each form the bases allow, a handful of pairs in every status.
    const statuses: PairStatus[] = ['active', 'active', 'forming', 'completed', 'active', 'terminated', 'active', 'completed'];
    for (const form of MENTORING_FORMS) {
      const rule = FORM_RULES[form];
      let n = 0;
      // Mentors who declared the form first; then others of the form's categories (a teacher guides
      // a trainee even when its record names only the pupils' forms).
      const fitting = rng
        .sample(mentors, mentors.length)
        .filter((m) => (rule.mentorCategories as readonly string[]).includes(m.category));
      const candidates = [...fitting.filter((m) => m.forms.includes(form)), ...fitting.filter((m) => !m.forms.includes(form))];
      for (const mentor of candidates) {
        if (n >= 6) break;
        const status = statuses[n % statuses.length] as PairStatus;
        const size = form === 'teacher_student' && rng.chance(0.3) ? 2 : 1;
        const free = mentor.capacity - (load.get(mentor.id) ?? 0);
        if ((status === 'active' || status === 'forming') && free < size) continue;
        const group = mentees.filter((m) => !taken.has(m.id) && fits(form, mentor, [m], today)).slice(0, size);
        if (group.length < size || group.length === 0 || !fits(form, mentor, group, today)) continue;
        take(form, mentor, group, status);
        n++;
      }
    }
    if (planned.length === 0) continue;

    // Programmes for the forms in use; the first school offers its teacher programme to the bank.
    const programmeOf = new Map<MentoringFormCode, number>();
    for (const form of new Set(planned.map((p) => p.form))) {
      const p = PROGRAMMES[form];
      if (!p) continue;
      const row = await db
        .insertInto('programmes')
        .values({
          organization_id: schoolId,
          title: p.title,
          form,
          target_group: p.target,
          goals: p.goals,
          duration: `сентябрь ${yearStart.slice(0, 4)} – май ${Number(yearStart.slice(0, 4)) + 1}`,
          expected_results: p.results,
          bank_status: index === 0 && form === 'teacher_teacher' ? 'submitted' : 'none',
          bank_submitted_at: index === 0 && form === 'teacher_teacher' ? new Date(`${addDays(yearStart, 20)}T09:00:00Z`) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      programmeOf.set(form, row.id);
    }

    // This year's order and last year's.
    const order = async (date: string, number: string) =>
      (
        await db
          .insertInto('pair_orders')
          .values({ organization_id: schoolId, number, order_date: date, created_by: curator })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const thisOrder = yearStart <= today ? await order(addDays(yearStart, -3), `${rng.int(40, 90)}-о`) : null;
    const lastOrder = await order(addDays(lastYearStart, -3), `${rng.int(40, 90)}-о`);

    for (const p of planned) {
      const programmeId = programmeOf.get(p.form);
      if (programmeId === undefined) continue;
      const finished = p.status === 'completed';
      const start = finished ? lastYearStart : yearStart;
      const end = addDays(start, 272);
      const kind: PairKind = p.mentees.length > 1 ? 'group' : 'traditional';
      const demoAccount = index === 0 && p.mentor.name === 'Павлова Наталья Игоревна';
      const stage: PairStage = finished
        ? 'results'
        : p.status === 'forming'
          ? 'preparatory'
          : demoAccount
            ? 'implementation'
            : rng.pick(['design', 'implementation', 'implementation'] as const);
      const terminatedOn = p.status === 'terminated' ? addDays(start, rng.int(30, 60)) : null;
      const pair = await db
        .insertInto('pairs')
        .values({
          organization_id: schoolId,
          programme_id: programmeId,
          form: p.form,
          role_model: ROLE_MODELS[p.form] ?? null,
          kind,
          planned_start: start,
          planned_end: end,
          status: p.status,
          stage,
          goals: `Цели пары по программе «${MENTORING_FORM_LABELS[p.form]}»: адаптация, развитие компетенций, достижение результатов программы.`,
          order_id: p.status === 'forming' ? null : finished ? lastOrder : (thisOrder ?? lastOrder),
          activated_at: p.status === 'forming' ? null : new Date(`${start}T09:00:00Z`),
          completed_on: finished ? addDays(start, 265) : null,
          results: finished
            ? 'Цели индивидуального плана достигнуты: наставляемый уверенно решает задачи, поставленные программой.'
            : null,
          mentor_reflection: finished ? 'Совместная работа была продуктивной; наставляемый вырос в самостоятельности.' : null,
          mentor_satisfaction: finished ? rng.int(7, 10) : null,
          terminated_on: terminatedOn,
          termination_reason: terminatedOn ? 'Наставляемый перешёл в другую образовательную организацию' : null,
          created_by: curator,
          created_at: new Date(`${addDays(start, -10)}T09:00:00Z`),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db.insertInto('pair_mentors').values({ pair_id: pair.id, mentor_id: p.mentor.id }).execute();
      await db
        .insertInto('pair_mentees')
        .values(
          p.mentees.map((m) => ({
            pair_id: pair.id,
            mentee_id: m.id,
            reflection: finished ? 'Мне было полезно и интересно, многому научился.' : null,
            satisfaction: finished ? rng.int(6, 10) : null,
            reflection_at: finished ? new Date(`${addDays(start, 266)}T12:00:00Z`) : null,
          })),
        )
        .execute();

      // Tasks of the individual route.
      if (p.status !== 'forming') {
        const tasks = rng.sample(TASKS, rng.int(2, 4));
        await db
          .insertInto('pair_tasks')
          .values(
            tasks.map((title, i) => {
              const due = addDays(start, 30 + i * 45);
              return {
                pair_id: pair.id,
                title,
                due_on: due,
                done_on: due < today && (finished || rng.chance(0.7)) ? addDays(due, -rng.int(0, 5)) : null,
                position: i + 1,
              };
            }),
          )
          .execute();
      }

      // Meetings, in the methodology's order, up to today (or the end).
      if (p.status === 'forming') continue;
      const until = finished ? addDays(start, 260) : (terminatedOn ?? today);
      // One pair in five of the active ones has gone quiet for over a month.
      const quiet = p.status === 'active' && !demoAccount && rng.chance(0.2);
      const lastDay = quiet ? addDays(until, -rng.int(35, 60)) : until;
      const plan: Array<{ type: MeetingType; on: string }> = [
        { type: 'introduction', on: addDays(start, rng.int(3, 8)) },
        { type: 'planning', on: addDays(start, rng.int(12, 18)) },
      ];
      let day = addDays(start, 25);
      while (day < lastDay && plan.length < 14) {
        plan.push({ type: 'joint_work', on: day });
        day = addDays(day, rng.int(10, 20));
      }
      if (finished) plan.push({ type: 'final', on: addDays(start, 258) });
      for (const m of plan.filter((x) => x.on <= lastDay || x.type === 'final')) {
        const meeting = await db
          .insertInto('meetings')
          .values({
            pair_id: pair.id,
            type: m.type,
            held_on: m.on,
            duration_minutes: m.type === 'joint_work' ? rng.pick([40, 45, 60, 90]) : 45,
            format: rng.chance(0.85) ? 'in_person' : 'remote',
            topic: rng.pick(TOPICS[m.type]),
            summary:
              m.type === 'joint_work' ? 'Обсудили задачу, наметили шаги, разобрали трудности.' : 'Встреча прошла по плану.',
            mentor_feedback:
              m.type === 'joint_work'
                ? rng.pick([
                    'Наставляемый активен, задание выполнено.',
                    'Нужна дополнительная помощь с планированием.',
                    'Заметен прогресс по сравнению с прошлой встречей.',
                  ])
                : null,
            created_by: null,
            created_at: new Date(`${m.on}T15:00:00Z`),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (m.type === 'joint_work' || m.type === 'final') {
          const answering = p.mentees.filter(() => rng.chance(finished ? 0.9 : 0.6));
          if (answering.length) {
            await db
              .insertInto('meeting_feedback')
              .values(
                answering.map((mentee) => ({
                  meeting_id: meeting.id,
                  mentee_id: mentee.id,
                  text: rng.pick(['Было полезно, спасибо!', 'Разобрались с трудным вопросом.', 'Хотелось бы больше практики.']),
                  rating: rng.int(6, 10),
                  via: (mentee.category === 'student' ? 'link' : 'account') as 'link' | 'account',
                  submitted_at: new Date(`${addDays(m.on, 1)}T18:00:00Z`),
                })),
              )
              .execute();
          }
        }
      }
    }
  }
  // A person's status follows its pairs, as the order sets it in the portal: in an active pair «активный».
  for (const [table, link, column] of [
    ['mentors', 'pair_mentors', 'mentor_id'],
    ['mentees', 'pair_mentees', 'mentee_id'],
  ] as const) {
    await sql`update ${sql.table(table)} p set status = 'active'
      where p.organization_id = any(${schoolIds}::int[]) and p.erased_at is null and p.status <> 'active'
        and exists (select 1 from ${sql.table(link)} l join pairs on pairs.id = l.pair_id
          where l.${sql.ref(column)} = p.id and pairs.status = 'active')`.execute(db);
  }
}
