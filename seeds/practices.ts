import type { Kysely, Transaction } from 'kysely';
import type { Database, PracticeStatus } from '../src/db/types.js';

type Db = Kysely<Database> | Transaction<Database>;

interface DemoPractice {
  school: number;
  status: PracticeStatus;
  title: string;
  form: string;
  role_model: string;
  authors: string;
  problem: string;
  actions: string;
  results: string;
  evidence: string | null;
  presented_at: string | null;
  tags: string[];
  review_comment?: string;
}

/**
 * The bank of best practices (issue 19): published practices of three schools («Педагогический
 * десант», «Клуб молодого педагога», «Ученик – ученик: подготовка к ОГЭ по математике»), one accepted
 * into the register and not yet published; at the demo school (whose `curator` account drafts) one
 * waiting for the centre's review, one returned with a comment, one draft.
 */
export async function seedDemoPractices(
  db: Db,
  municipalityId: number,
  schoolIds: readonly number[],
  accounts: { curator: number; mentor: number },
  today: string,
): Promise<void> {
  const curator = accounts.curator;
  const [demo, second, third] = schoolIds;
  if (demo === undefined || second === undefined || third === undefined) throw new Error('demo seed: three schools expected');
  const year = Number(today.slice(0, 4));
  const practices: DemoPractice[] = [
    {
      school: demo,
      status: 'published',
      title: 'Ученик – ученик: подготовка к ОГЭ по математике',
      form: 'student_student',
      role_model: 'успевающий – неуспевающий',
      authors: 'Павлова Наталья Ивановна, учитель математики; совет наставников 10-х классов',
      problem:
        'По итогам пробного экзамена в феврале 14 девятиклассников из 52 не набрали минимального балла по математике; занятия с учителем после уроков они посещали нерегулярно.',
      actions:
        'Десять учеников 10-х классов, успешно сдавших ОГЭ, стали наставниками девятиклассников: две встречи в неделю по 40 минут, разбор заданий первой части, взаимная проверка пробных вариантов. Куратор и учитель математики еженедельно проверяли планы встреч.',
      results:
        'Все 14 наставляемых сдали ОГЭ по математике; средний балл группы вырос с 9 на пробном экзамене до 15 на основном; 6 учеников получили отметку «4».',
      evidence: 'Протоколы пробного и основного экзаменов, журнал встреч наставнических пар',
      presented_at: 'Муниципальный семинар «Наставничество в школе: от идеи к результату»',
      tags: ['огэ', 'математика', 'ученик – ученик'],
    },
    {
      school: second,
      status: 'published',
      title: 'Клуб молодого педагога',
      form: 'teacher_teacher',
      role_model: 'опытный педагог – молодой специалист',
      authors: 'Сергеева Ольга Викторовна, заместитель директора по учебно-воспитательной работе',
      problem: 'За три года из школы ушли 4 из 7 молодых педагогов: им не хватало поддержки в первые месяцы работы.',
      actions:
        'Ежемесячные заседания клуба с наставниками, взаимные посещения уроков, разбор трудных педагогических ситуаций, «методическая копилка» на сайте школы.',
      results:
        'За два года из школы не ушёл ни один молодой педагог (6 из 6); трое прошли аттестацию на первую квалификационную категорию.',
      evidence: 'Приказы о закреплении наставников, протоколы заседаний клуба',
      presented_at: 'Августовская конференция педагогических работников',
      tags: ['молодой педагог', 'адаптация'],
    },
    {
      school: third,
      status: 'published',
      title: 'Педагогический десант',
      form: 'teacher_teacher',
      role_model: 'школа-наставник – школа с низкими результатами',
      authors: 'Методическое объединение учителей начальных классов',
      problem: 'Молодой наставник сельской школы не знал, как построить работу с наставляемыми педагогами начальных классов.',
      actions:
        'Выездные занятия опытных педагогов в школах муниципалитета: открытые уроки, мастер-классы, совместное планирование уроков с наставляемыми.',
      results:
        'Проведено 12 выездов, в них участвовали 27 педагогов из 5 школ; доля уроков с оценкой «хорошо» выросла с 40 до 70 %.',
      evidence: 'Листы посещения уроков, анкеты участников',
      presented_at: 'Региональный конкурс «Лучшие практики наставничества», диплом II степени',
      tags: ['выездные занятия', 'начальная школа'],
    },
    {
      school: second,
      status: 'accepted',
      title: 'Наставник на производстве',
      form: 'employer_student',
      role_model: 'специалист предприятия – старшеклассник',
      authors: 'Кузнецов Андрей Павлович, инженер-технолог предприятия-партнёра',
      problem: 'Старшеклассники плохо представляли работу инженерных специальностей.',
      actions: 'Экскурсии на предприятие, проектные задачи от инженеров, защита проектов на заводе.',
      results: '8 из 12 участников выбрали профильные экзамены; 3 поступили в технический колледж.',
      evidence: null,
      presented_at: null,
      tags: ['профориентация'],
    },
    {
      school: demo,
      status: 'submitted',
      title: 'Наставничество в проектной деятельности',
      form: 'teacher_student',
      role_model: 'педагог – ученик-проектировщик',
      authors: 'Андреева Светлана Юрьевна, учитель информатики',
      problem: 'Ученики 8-х классов не доводили индивидуальные проекты до защиты.',
      actions: 'Педагог-наставник вёл каждую проектную группу от выбора темы до защиты, с еженедельными консультациями.',
      results: 'Проекты защитили 46 из 50 учеников (в прошлом году — 31 из 48).',
      evidence: 'Протокол школьной конференции проектов',
      presented_at: null,
      tags: ['проекты'],
    },
    {
      school: demo,
      status: 'returned',
      title: 'Школа вожатых',
      form: 'student_student',
      role_model: 'старшеклассник – младший школьник',
      authors: 'Совет старшеклассников',
      problem: 'Младшим школьникам не хватало внеурочных занятий.',
      actions: 'Старшеклассники вели игровые занятия с учениками 2–4-х классов.',
      results: 'Занятия понравились детям.',
      evidence: null,
      presented_at: null,
      tags: [],
      review_comment: 'Добавьте результаты в цифрах: сколько детей занималось, что изменилось по итогам года.',
    },
    {
      school: demo,
      status: 'draft',
      title: 'Наставник для классного руководителя',
      form: 'teacher_teacher',
      role_model: 'опытный классный руководитель – начинающий',
      authors: 'Павлова Наталья Ивановна',
      problem: 'Начинающие классные руководители не справлялись с работой с родителями.',
      actions: 'Совместная подготовка родительских собраний.',
      results: 'Описание результатов готовится.',
      evidence: null,
      presented_at: null,
      tags: ['классное руководство'],
    },
  ];
  const at = (daysBack: number) => new Date(Date.parse(`${today}T09:00:00Z`) - daysBack * 86_400_000);
  // The demo mentor (Павлова Н. И.) is an author of the demo school's published practice, presented at last year's seminar.
  const pavlova = await db.selectFrom('mentors').select('id').where('user_id', '=', accounts.mentor).executeTakeFirst();
  // A teacher-mentee of the demo school (an adult, never a student) is a linked author too.
  const teacherMentee = await db
    .selectFrom('mentees')
    .select('id')
    .where('organization_id', '=', demo)
    .where('category', '!=', 'student')
    .where('erased_at', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  const seminar = await db
    .selectFrom('events')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('status', 'in', ['held', 'results_published'])
    .where('kind', '=', 'seminar')
    .orderBy('starts_at')
    .executeTakeFirst();
  for (const p of practices) {
    const reached = (s: PracticeStatus[]) => s.includes(p.status);
    const row = await db
      .insertInto('practices')
      .values({
        organization_id: p.school,
        municipality_id: municipalityId,
        title: p.title,
        form: p.form,
        role_model: p.role_model,
        year,
        authors: p.authors,
        problem: p.problem,
        actions: p.actions,
        results: p.results,
        evidence: p.evidence,
        presented_at: p.presented_at,
        tags: p.tags,
        status: p.status,
        review_comment: p.review_comment ?? null,
        submitted_at: reached(['submitted', 'returned', 'accepted', 'published']) ? at(30) : null,
        accepted_at: reached(['accepted', 'published']) ? at(20) : null,
        published_at: reached(['published']) ? at(10) : null,
        created_by: p.school === demo ? curator : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (p.school === demo && p.status === 'published') {
      if (pavlova) await db.insertInto('practice_mentors').values({ practice_id: row.id, mentor_id: pavlova.id }).execute();
      if (teacherMentee)
        await db.insertInto('practice_mentees').values({ practice_id: row.id, mentee_id: teacherMentee.id }).execute();
      if (seminar) await db.insertInto('practice_events').values({ practice_id: row.id, event_id: seminar.id }).execute();
    }
  }
}
