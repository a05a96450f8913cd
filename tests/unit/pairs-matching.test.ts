import { describe, expect, it } from 'vitest';
import {
  checkFormRules,
  checkMentees,
  checkMentorAvailability,
  formsForMentees,
  type MatchMentee,
  type MatchMentor,
  type MatchOptions,
  rankMentors,
  SCORE_WEIGHTS,
  subjectStems,
} from '../../src/modules/pairs/matching.js';

const TODAY = '2026-09-01';
const SCHOOL = 10;
const PARTNER = 50;
const OTHER_PARTNER = 51;
const OTHER_SCHOOL = 11;

// Competencies and requests are two lists with their own ids, as in the database.
const TAGS = new Map<number, string>([
  [1, 'Проектные'],
  [2, 'Подготовка к ГИА'],
  [3, 'Предметные'],
  [4, 'Цифровые'],
  [5, 'Подготовка к олимпиадам'],
  [6, 'Профориентационные'],
  [7, 'ЕГЭ по математике'],
  [101, 'Проектная деятельность'],
  [102, 'Подготовка к ЕГЭ'],
  [103, 'Адаптация в коллективе'],
  [104, 'Профориентация'],
  [105, 'Методика урока'],
  [107, 'ЕГЭ по математике'],
]);

function options(extra: Partial<MatchOptions> = {}): MatchOptions {
  return { today: TODAY, schoolId: SCHOOL, partnerIds: [PARTNER], tagNames: TAGS, ...extra };
}

let nextId = 1;
function mentor(extra: Partial<MatchMentor> = {}): MatchMentor {
  const id = extra.id ?? nextId++;
  return {
    id,
    name: `Наставник ${id}`,
    organizationId: SCHOOL,
    originOrganizationId: SCHOOL,
    originIsPartner: false,
    category: 'teacher',
    birthDate: '1980-05-05',
    forms: [],
    capacity: 3,
    activeLoad: 0,
    competencyTagIds: [],
    hasConsent: true,
    archived: false,
    erased: false,
    status: 'active',
    ...extra,
  };
}

function student(extra: Partial<MatchMentee> = {}): MatchMentee {
  return {
    id: 900 + nextId++,
    name: 'Ученик',
    organizationId: SCHOOL,
    category: 'student',
    birthDate: '2012-03-03',
    requestTagIds: [],
    requestsNote: null,
    ...extra,
  };
}

function teacher(extra: Partial<MatchMentee> = {}): MatchMentee {
  return student({ name: 'Молодой педагог', category: 'young_specialist', birthDate: '2001-01-01', ...extra });
}

const labels = (p: { reasons: Array<{ label: string; points: number }> }) => p.reasons.map((r) => r.label);
const points = (p: { reasons: Array<{ label: string; points: number }> }, prefix: string) =>
  p.reasons.find((r) => r.label.startsWith(prefix))?.points;

describe('form rules', () => {
  it('«ученик – ученик» needs a student mentor of 15–19 and student mentees', () => {
    const mentee = student();
    expect(
      checkFormRules(
        'student_student',
        { category: 'student', birthDate: '2009-06-01', originIsPartner: false },
        [mentee],
        TODAY,
      ),
    ).toEqual([]);
    expect(
      checkFormRules(
        'student_student',
        { category: 'student', birthDate: '2012-06-01', originIsPartner: false },
        [mentee],
        TODAY,
      ),
    ).toEqual(['форма «ученик – ученик» требует наставника-ученика 15–19 лет, а наставнику 14 лет']);
    expect(
      checkFormRules(
        'student_student',
        { category: 'student', birthDate: '2006-08-31', originIsPartner: false },
        [mentee],
        TODAY,
      ),
    ).toEqual(['форма «ученик – ученик» требует наставника-ученика 15–19 лет, а наставнику 20 лет']);
    // 19 years and a day before the 20th birthday is still fine
    expect(
      checkFormRules(
        'student_student',
        { category: 'student', birthDate: '2006-09-02', originIsPartner: false },
        [mentee],
        TODAY,
      ),
    ).toEqual([]);
    expect(
      checkFormRules('student_student', { category: 'student', birthDate: null, originIsPartner: false }, [mentee], TODAY),
    ).toEqual(['форма «ученик – ученик» требует наставника-ученика 15–19 лет: у наставника не указана дата рождения']);
    expect(checkFormRules('student_student', { category: 'student', age: 16, originIsPartner: false }, [mentee], TODAY)).toEqual(
      [],
    );
    expect(
      checkFormRules(
        'student_student',
        { category: 'teacher', birthDate: '1980-01-01', originIsPartner: false },
        [mentee],
        TODAY,
      ),
    ).toEqual(['форма «ученик – ученик» требует наставника-ученика 15–19 лет, а наставник — педагог']);
    expect(
      checkFormRules(
        'student_student',
        { category: 'student', birthDate: '2009-06-01', originIsPartner: false },
        [teacher()],
        TODAY,
      ),
    ).toEqual(['форма «ученик – ученик» требует наставляемого-ученика, а наставляемый — молодой специалист (стаж 0–3 года)']);
  });

  it('«педагог – педагог» needs teachers on both sides; the head may mentor', () => {
    const t = { category: 'teacher' as const, originIsPartner: false };
    expect(
      checkFormRules(
        'teacher_teacher',
        t,
        [teacher(), teacher({ category: 'new_teacher' }), teacher({ category: 'struggling_teacher' })],
        TODAY,
      ),
    ).toEqual([]);
    expect(checkFormRules('teacher_teacher', { category: 'school_head', originIsPartner: false }, [teacher()], TODAY)).toEqual(
      [],
    );
    expect(
      checkFormRules('teacher_teacher', { category: 'university_student', originIsPartner: false }, [teacher()], TODAY),
    ).toEqual(['форма «педагог – педагог» требует наставника-педагога, а наставник — студент колледжа / вуза']);
    expect(
      checkFormRules('teacher_teacher', t, [teacher({ name: 'Иванова А. А.' }), student({ name: 'Петров П. П.' })], TODAY),
    ).toEqual(['форма «педагог – педагог» требует наставляемого-педагога, а наставляемый Петров П. П. — обучающийся']);
  });

  it('«работодатель – ученик» needs a mentor from a partner organisation', () => {
    expect(
      checkFormRules('employer_student', { category: 'partner_employee', originIsPartner: true }, [student()], TODAY),
    ).toEqual([]);
    expect(
      checkFormRules('employer_student', { category: 'partner_employee', originIsPartner: false }, [student()], TODAY),
    ).toEqual(['форма «работодатель – ученик» требует наставника из организации-партнёра']);
    expect(checkFormRules('employer_student', { category: 'teacher', originIsPartner: false }, [student()], TODAY)).toEqual([
      'форма «работодатель – ученик» требует наставника из организации-партнёра, а наставник — педагог',
    ]);
  });

  it('the other forms: categories on both sides, student mentees 10+', () => {
    expect(
      checkFormRules('college_student', { category: 'university_student', originIsPartner: true }, [student()], TODAY),
    ).toEqual([]);
    expect(checkFormRules('head_teacher', { category: 'teacher', originIsPartner: false }, [teacher()], TODAY)).toEqual([
      'форма «руководитель ОО – педагог» требует наставника — руководителя ОО, а наставник — педагог',
    ]);
    expect(
      checkFormRules(
        'employer_trainee',
        { category: 'teacher', originIsPartner: false },
        [teacher({ category: 'trainee' })],
        TODAY,
      ),
    ).toEqual([]);
    expect(
      checkFormRules(
        'teacher_student',
        { category: 'teacher', originIsPartner: false },
        [student({ birthDate: '2017-01-01' })],
        TODAY,
      ),
    ).toEqual(['наставляемому-ученику должно быть не меньше 10 лет, а наставляемому 9 лет']);
  });

  it('availability: archive, erasure, «выбыл», consent and capacity', () => {
    expect(checkMentorAvailability(mentor(), 3)).toEqual([]);
    expect(checkMentorAvailability(mentor({ archived: true }), 1)).toEqual(['в архиве']);
    expect(checkMentorAvailability(mentor({ erased: true, archived: true }), 1)).toEqual(['данные удалены']);
    expect(checkMentorAvailability(mentor({ status: 'left' }), 1)).toEqual(['выбыл']);
    expect(checkMentorAvailability(mentor({ hasConsent: false }), 1)).toEqual(['нет согласия на обработку персональных данных']);
    expect(checkMentorAvailability(mentor({ activeLoad: 3 }), 1)).toEqual(['свободных мест нет: 3 из 3']);
    expect(checkMentorAvailability(mentor({ activeLoad: 2 }), 2)).toEqual([
      'свободных мест меньше, чем наставляемых: свободно 1 из 3, а наставляемых 2',
    ]);
  });

  it('the mentees’ own problems are reported once', () => {
    expect(checkMentees([student()], 'teacher_student', TODAY)).toEqual([]);
    expect(
      checkMentees(
        [student({ name: 'Петров П. П.', archived: true }), student({ name: 'Сидоров С. С.', status: 'left' })],
        undefined,
        TODAY,
      ),
    ).toEqual(['наставляемый Петров П. П.: в архиве', 'наставляемый Сидоров С. С.: выбыл']);
    expect(checkMentees([student(), teacher()], undefined, TODAY)).toEqual([
      'для наставляемых категорий «обучающийся», «молодой специалист (стаж 0–3 года)» нет общей формы наставничества',
    ]);
    expect(formsForMentees([teacher()])).toEqual(['teacher_teacher', 'head_teacher']);
  });
});

describe('requests and competencies', () => {
  it('reads related names as one subject', () => {
    expect([...subjectStems('Подготовка к ЕГЭ')]).toEqual(['гиа']);
    expect([...subjectStems('Проектная деятельность')]).toEqual(['проек']);
    expect([...subjectStems('Повышение успеваемости')]).toEqual(['предм']);
  });
});

describe('ranking', () => {
  it('ranks by the score and explains every part of it', () => {
    const mentee = student({ requestTagIds: [101, 102, 103] });
    const best = mentor({ name: 'Андреева Анна', forms: ['teacher_student'], competencyTagIds: [1, 2] });
    const partner = mentor({
      name: 'Борисов Борис',
      category: 'partner_employee',
      originOrganizationId: PARTNER,
      originIsPartner: true,
      forms: ['employer_student'],
      competencyTagIds: [1],
      capacity: 2,
      activeLoad: 1,
    });
    const noMatch = mentor({
      name: 'Волкова Вера',
      forms: ['teacher_teacher'],
      competencyTagIds: [5],
      capacity: 4,
      activeLoad: 1,
    });
    const [first, second, third, ...rest] = rankMentors(
      [mentee],
      [noMatch, partner, best],
      options({ organizationNames: new Map([[PARTNER, 'ООО «Энергия»']]) }),
    );
    expect(rest).toEqual([]);

    expect(first?.mentorId).toBe(best.id);
    expect(first?.form).toBe('teacher_student');
    expect(first?.blockers).toEqual([]);
    expect(first?.reasons).toEqual([
      {
        label:
          'Совпадают запросы и компетенции (2 из 3): Подготовка к ЕГЭ (Подготовка к ГИА), Проектная деятельность (Проектные)',
        points: 27,
      },
      { label: 'Форма «педагог – ученик» — среди форм наставника', points: 15 },
      { label: 'Категория «педагог» — основная для формы «педагог – ученик»', points: 10 },
      { label: 'Свободных мест: 3 из 3', points: 10 },
      { label: 'Из своей школы', points: 15 },
    ]);
    expect(first?.score).toBe(77);

    expect(second?.mentorId).toBe(partner.id);
    expect(second?.form).toBe('employer_student');
    expect(second?.reasons).toEqual([
      { label: 'Совпадают запросы и компетенции (1 из 3): Проектная деятельность (Проектные)', points: 13 },
      { label: 'Форма «работодатель – ученик» — среди форм наставника', points: 15 },
      { label: 'Категория «представитель организации-партнёра» — основная для формы «работодатель – ученик»', points: 10 },
      { label: 'Свободных мест: 1 из 2', points: 5 },
      { label: 'Из организации-партнёра школы: ООО «Энергия»', points: 8 },
    ]);
    expect(second?.score).toBe(51);

    expect(third?.mentorId).toBe(noMatch.id);
    expect(third?.form).toBe('teacher_student');
    expect(third?.forms).toEqual(['teacher_student']);
    expect(labels(third!)).toEqual([
      'Компетенции наставника не отвечают запросам (0 из 3)',
      'Форма «педагог – ученик» не указана среди форм наставника (указаны: «педагог – педагог»)',
      'Категория «педагог» — основная для формы «педагог – ученик»',
      'Свободных мест: 3 из 4',
      'Из своей школы',
    ]);
    expect(third?.score).toBe(0 + 0 + 10 + 8 + 15);
  });

  it('gives the most to a mentor with every request covered, from its own school', () => {
    const mentee = student({ requestTagIds: [107] });
    const perfect = mentor({ forms: ['teacher_student'], competencyTagIds: [7] });
    const [p] = rankMentors([mentee], [perfect], options());
    expect(p?.reasons[0]).toEqual({
      label: 'Совпадают запросы и компетенции (1 из 1): ЕГЭ по математике',
      points: SCORE_WEIGHTS.requests,
    });
    expect(p?.score).toBe(40 + 15 + 10 + 10 + 15);
  });

  it('reads competencies named in the requests note, and says when there are no requests', () => {
    const mentee = student({ requestsNote: 'Хочет готовиться к олимпиадам по физике, интересуется профориентацией' });
    const [p] = rankMentors([mentee], [mentor({ competencyTagIds: [5, 6, 3] })], options({ form: 'teacher_student' }));
    expect(p?.reasons.slice(0, 2)).toEqual([
      { label: 'У наставляемых не отмечены запросы: совпадение с компетенциями не оценивается', points: 0 },
      { label: 'В описании запросов упомянуты компетенции наставника: Подготовка к олимпиадам, Профориентационные', points: 10 },
    ]);
    expect(points(p!, 'Формы наставничества у наставника не указаны')).toBe(SCORE_WEIGHTS.formsUnknown);
  });

  it('places same school first, then the school’s partners, other partners, other schools', () => {
    const mentee = student();
    const other = mentor({
      name: 'А',
      organizationId: OTHER_SCHOOL,
      originOrganizationId: OTHER_SCHOOL,
      category: 'university_student',
    });
    const farPartner = mentor({
      name: 'Б',
      originOrganizationId: OTHER_PARTNER,
      originIsPartner: true,
      category: 'university_student',
    });
    const partner = mentor({ name: 'В', originOrganizationId: PARTNER, originIsPartner: true, category: 'university_student' });
    const own = mentor({ name: 'Г', originOrganizationId: null, category: 'university_student' });
    const ranked = rankMentors([mentee], [other, farPartner, partner, own], options({ form: 'college_student' }));
    expect(ranked.map((p) => p.mentorId)).toEqual([own.id, partner.id, farPartner.id, other.id]);
    expect(ranked.map((p) => p.reasons.at(-1))).toEqual([
      { label: 'Из своей школы', points: 15 },
      { label: 'Из организации-партнёра школы', points: 8 },
      { label: 'Из организации-партнёра муниципалитета', points: 4 },
      { label: 'Из другой школы муниципалитета', points: 0 },
    ]);
  });

  it('breaks ties by fewer active mentees, then name, then id', () => {
    const mentee = student();
    const common = { capacity: 30 } as const;
    const busy = mentor({ ...common, id: 201, name: 'Абрамова', activeLoad: 1 });
    const yaName = mentor({ ...common, id: 202, name: 'Яковлева' });
    const bName = mentor({ ...common, id: 203, name: 'Белова' });
    const sameName2 = mentor({ ...common, id: 205, name: 'Ёлкина' });
    const sameName1 = mentor({ ...common, id: 204, name: 'Ёлкина' });
    const ranked = rankMentors([mentee], [yaName, busy, sameName2, bName, sameName1], options({ form: 'teacher_student' }));
    expect(ranked.map((p) => p.score)).toEqual([40, 40, 40, 40, 40]); // 29 of 30 free rounds to the same points
    expect(ranked.map((p) => p.mentorId)).toEqual([203, 204, 205, 202, 201]);
  });

  it('never ranks a blocked mentor above an unblocked one, and says why', () => {
    const mentee = student({ requestTagIds: [101] });
    const strong = { forms: ['teacher_student' as const], competencyTagIds: [1] };
    const noConsent = mentor({ ...strong, hasConsent: false });
    const full = mentor({ ...strong, activeLoad: 3 });
    const weak = mentor({ organizationId: OTHER_SCHOOL, originOrganizationId: OTHER_SCHOOL });
    const ranked = rankMentors([mentee], [noConsent, full, weak], options());
    expect(ranked.map((p) => p.mentorId)).toEqual([weak.id, noConsent.id, full.id]);
    expect(ranked[0]!.score).toBeLessThan(ranked[1]!.score);
    expect(ranked[1]?.blockers).toEqual(['нет согласия на обработку персональных данных']);
    expect(ranked[2]?.blockers).toEqual(['свободных мест нет: 3 из 3']);
    // no capacity, no points for it
    expect(labels(ranked[2]!).some((l) => l.startsWith('Свободных мест'))).toBe(false);
  });

  it('blocks a student mentor outside 15–19 years, leaves out the archive and unfit categories', () => {
    const mentee = student({ birthDate: '2014-01-01' });
    const ok = mentor({ category: 'student', birthDate: '2009-01-01' });
    const old = mentor({ category: 'student', birthDate: '2005-01-01' });
    const archived = mentor({ category: 'student', birthDate: '2009-01-01', archived: true });
    const erased = mentor({ category: 'student', birthDate: '2009-01-01', erased: true });
    const left = mentor({ category: 'student', birthDate: '2009-01-01', status: 'left' });
    const teacherMentor = mentor({ category: 'teacher' });
    const ranked = rankMentors([mentee], [old, archived, erased, left, teacherMentor, ok], options({ form: 'student_student' }));
    expect(ranked.map((p) => p.mentorId)).toEqual([ok.id, old.id]);
    expect(ranked[1]?.blockers).toEqual(['форма «ученик – ученик» требует наставника-ученика 15–19 лет, а наставнику 21 год']);
    expect(ranked[1]?.forms).toEqual([]);
  });

  it('blocks a «работодатель – ученик» mentor who is not from a partner', () => {
    const ranked = rankMentors(
      [student()],
      [mentor({ category: 'partner_employee', originOrganizationId: SCHOOL })],
      options({ form: 'employer_student' }),
    );
    expect(ranked[0]?.blockers).toEqual(['форма «работодатель – ученик» требует наставника из организации-партнёра']);
  });

  it('without a form, offers each mentor the forms it can take the mentees in', () => {
    const head = mentor({ category: 'school_head', forms: ['head_teacher'] });
    const plain = mentor({ category: 'teacher', forms: [] });
    const studentMentor = mentor({ category: 'student', birthDate: '2009-01-01' });
    const ranked = rankMentors([teacher()], [studentMentor, plain, head], options());
    expect(ranked.map((p) => p.mentorId)).toEqual([head.id, plain.id]);
    expect(ranked[0]?.form).toBe('head_teacher');
    expect(ranked[0]?.forms).toEqual(['head_teacher', 'teacher_teacher']);
    expect(points(ranked[0]!, 'Категория')).toBe(SCORE_WEIGHTS.categoryMain);
    expect(ranked[1]?.form).toBe('teacher_teacher');
  });

  it('for a group, needs free places for all the mentees and reads all their requests', () => {
    const group = [student({ requestTagIds: [101] }), student({ requestTagIds: [104, 101] }), student({ requestTagIds: [102] })];
    const roomy = mentor({ name: 'Б', capacity: 5, activeLoad: 1, competencyTagIds: [6] });
    const tight = mentor({ name: 'А', capacity: 3, activeLoad: 1, competencyTagIds: [1, 6, 2] });
    const exact = mentor({ name: 'В', capacity: 3, activeLoad: 0, competencyTagIds: [1] });
    const ranked = rankMentors(group, [tight, roomy, exact], options({ form: 'teacher_student' }));
    expect(ranked.map((p) => p.mentorId)).toEqual([exact.id, roomy.id, tight.id]);
    expect(ranked[0]?.reasons[0]).toEqual({
      label: 'Совпадают запросы и компетенции (1 из 3): Проектная деятельность (Проектные)',
      points: 13,
    });
    expect(points(ranked[1]!, 'Свободных мест: 4 из 5')).toBe(8);
    expect(ranked[2]?.blockers).toEqual(['свободных мест меньше, чем наставляемых: свободно 2 из 3, а наставляемых 3']);
    expect(ranked[2]?.reasons[0]?.points).toBe(40);
  });

  it('proposes nobody when there is nobody to propose', () => {
    expect(rankMentors([student()], [], options())).toEqual([]);
    expect(rankMentors([], [mentor()], options())).toEqual([]);
    expect(
      rankMentors(
        [student()],
        [mentor({ archived: true }), mentor({ category: 'student', birthDate: '2009-01-01' })],
        options({ form: 'teacher_student' }),
      ),
    ).toEqual([]);
    // a form the mentees do not fit
    expect(rankMentors([student()], [mentor()], options({ form: 'teacher_teacher' }))).toEqual([]);
    // mentees with no common form
    expect(rankMentors([student(), teacher()], [mentor()], options())).toEqual([]);
  });

  it('is deterministic whatever the order of the input', () => {
    const mentees = [student({ requestTagIds: [101, 104] })];
    const mentors = [
      mentor({ id: 301, name: 'Ф', competencyTagIds: [1] }),
      mentor({ id: 302, name: 'Х', competencyTagIds: [6], forms: ['teacher_student'] }),
      mentor({ id: 303, name: 'Ц', competencyTagIds: [1, 6], hasConsent: false }),
      mentor({ id: 304, name: 'Ч', competencyTagIds: [1] }),
    ];
    const once = rankMentors(mentees, mentors, options()).map((p) => p.mentorId);
    expect(rankMentors(mentees, [...mentors].reverse(), options()).map((p) => p.mentorId)).toEqual(once);
    expect(once).toEqual([302, 301, 304, 303]);
  });
});
