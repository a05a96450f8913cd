/** Russian names of the bases' categories, statuses and forms of mentoring. */

export const MENTOR_CATEGORIES = [
  'teacher',
  'student',
  'university_student',
  'partner_employee',
  'graduate',
  'school_head',
] as const;
export type MentorCategory = (typeof MENTOR_CATEGORIES)[number];

export const MENTOR_CATEGORY_LABELS: Record<MentorCategory, string> = {
  teacher: 'педагог',
  student: 'обучающийся',
  university_student: 'студент колледжа / вуза',
  partner_employee: 'представитель организации-партнёра',
  graduate: 'выпускник',
  school_head: 'руководитель ОО',
};

export const MENTEE_CATEGORIES = ['student', 'young_specialist', 'struggling_teacher', 'new_teacher', 'trainee'] as const;
export type MenteeCategory = (typeof MENTEE_CATEGORIES)[number];

export const MENTEE_CATEGORY_LABELS: Record<MenteeCategory, string> = {
  student: 'обучающийся',
  young_specialist: 'молодой специалист (стаж 0–3 года)',
  struggling_teacher: 'педагог, испытывающий затруднения',
  new_teacher: 'педагог, новый в ОО',
  trainee: 'студент-практикант',
};

export const PERSON_STATUSES = ['potential', 'active', 'left'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const PERSON_STATUS_LABELS: Record<PersonStatus, string> = {
  potential: 'потенциальный',
  active: 'активный',
  left: 'выбыл',
};

/** Forms of mentoring (методология ЦМН). */
export const MENTORING_FORMS = [
  'student_student',
  'college_student',
  'employer_student',
  'teacher_student',
  'teacher_teacher',
  'head_teacher',
  'employer_trainee',
] as const;
export type MentoringForm = (typeof MENTORING_FORMS)[number];

export const MENTORING_FORM_LABELS: Record<MentoringForm, string> = {
  student_student: 'ученик – ученик',
  college_student: 'студент – ученик',
  employer_student: 'работодатель – ученик',
  teacher_student: 'педагог – ученик',
  teacher_teacher: 'педагог – педагог',
  head_teacher: 'руководитель ОО – педагог',
  employer_trainee: 'работодатель – студент-практикант',
};

export type PersonKind = 'mentors' | 'mentees';

export const KIND_LABELS: Record<PersonKind, { base: string; one: string; many: string; genitive: string }> = {
  mentors: { base: 'База наставников', one: 'наставник', many: 'наставники', genitive: 'наставника' },
  mentees: { base: 'База наставляемых', one: 'наставляемый', many: 'наставляемые', genitive: 'наставляемого' },
};
