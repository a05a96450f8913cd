/**
 * Matching mentors to mentees, and the rules of the forms of mentoring (pure: no database).
 *
 * `rankMentors` proposes mentors for one mentee or a set of mentees (a group), each proposal with
 * the reasons of its score and the reasons it cannot be chosen. `checkFormRules`,
 * `checkMentorAvailability` and `checkMentees` are the same rules for a pair formed by hand.
 *
 * ## Who is left out, who is blocked
 * Left out of the proposals (never shown):
 * - a mentor in the archive, erased, or with the status «выбыл»: they cannot be added at all;
 * - a mentor whose category does not fit the form (or, with no form chosen, fits no form the
 *   mentees' categories allow): a teacher is no candidate for «ученик – ученик».
 * Blocked (shown after every unblocked mentor, with `blockers` in Russian):
 * - no recorded consent to the processing of personal data;
 * - not enough free places for all the mentees: capacity minus `activeLoad`;
 * - a rule of the form the curator can fix in the base: a student mentor outside 15–19 years or
 *   without a birth date, a «работодатель – ученик» mentor who is not from a partner organisation.
 * The mentees' own problems (archive, a category the form does not allow, no common form for
 * the set) are the same for every mentor: `checkMentees` reports them once, above the list.
 *
 * ## Score (0–100, every part rounded to whole points and listed in `reasons`)
 * | part                                                     | points                                        |
 * | -------------------------------------------------------- | --------------------------------------------- |
 * | requests of the mentees covered by the mentor's competencies | up to 40: 40 × covered requests / all requests |
 * | a competency named in the mentees' requests note         | 5 per competency, up to 10                    |
 * | the form among the forms the mentor declared             | 15; no forms declared 5; other forms only 0   |
 * | the mentor's category for the form                       | 10 the form's main category, 5 another allowed |
 * | free places                                              | up to 10: 10 × free places / capacity         |
 * | where the mentor comes from                              | own school 15, the school's partner 8, another partner 4, another school 0 |
 *
 * «The school's partner» is an organisation the school has a running agreement with (`partnerIds`,
 * agreements/queries.ts runningPartiesOf); any other partner of the municipality is «another partner».
 *
 * Competencies and requests are two lists with their own ids, so a request is covered by a
 * competency of the same name or of a related one: both names are cut into word stems (first
 * five letters, service words such as «подготовка», «работа», «педагог» dropped, ЕГЭ and ОГЭ read
 * as ГИА) and they match when they share a stem: «Проектная деятельность» — «Проектные».
 *
 * Order: unblocked before blocked, then the score (higher first), then fewer active mentees,
 * then the name (Russian alphabet), then the id.
 */
import { ageOn } from '../../lib/dates.js';
import { countOf } from '../../lib/ru.js';
import {
  MENTEE_CATEGORY_LABELS,
  MENTOR_CATEGORY_LABELS,
  type MenteeCategory,
  type MentorCategory,
  MENTORING_FORM_LABELS,
  MENTORING_FORMS,
  type MentoringForm,
  type PersonStatus,
} from '../people/labels.js';

export type FormCode = MentoringForm;
export { MENTORING_FORM_LABELS as FORM_LABELS, MENTORING_FORMS as FORM_CODES };

/** The points of each part of the score (see the module comment). */
export const SCORE_WEIGHTS = {
  requests: 40,
  noteMention: 5,
  noteMentionMax: 10,
  formDeclared: 15,
  formsUnknown: 5,
  categoryMain: 10,
  categoryAllowed: 5,
  capacity: 10,
  ownSchool: 15,
  schoolPartner: 8,
  otherPartner: 4,
  otherSchool: 0,
} as const;

/** Student mentors of «ученик – ученик» are 15–19 years old (methodology of the target model). */
export const STUDENT_MENTOR_AGE = { min: 15, max: 19 } as const;
/** Student mentees are 10 or older. */
export const STUDENT_MENTEE_MIN_AGE = 10;

const TEACHER_MENTEES: MenteeCategory[] = ['young_specialist', 'struggling_teacher', 'new_teacher'];

interface FormRule {
  /** Allowed mentor categories, the form's main one first. */
  mentorCategories: MentorCategory[];
  menteeCategories: MenteeCategory[];
  /** The mentor must come from a partner organisation. */
  partnerMentor?: boolean;
  /** The mentor must be a student of 15–19 years. */
  studentMentorAge?: boolean;
  /** «форма «…» требует …» */
  mentorText: string;
  menteeText: string;
}

export const FORM_RULES: Record<FormCode, FormRule> = {
  student_student: {
    mentorCategories: ['student'],
    menteeCategories: ['student'],
    studentMentorAge: true,
    mentorText: `наставника-ученика ${STUDENT_MENTOR_AGE.min}–${STUDENT_MENTOR_AGE.max} лет`,
    menteeText: 'наставляемого-ученика',
  },
  college_student: {
    mentorCategories: ['university_student', 'graduate'],
    menteeCategories: ['student'],
    mentorText: 'наставника — студента колледжа или вуза (или выпускника)',
    menteeText: 'наставляемого-ученика',
  },
  employer_student: {
    mentorCategories: ['partner_employee'],
    menteeCategories: ['student'],
    partnerMentor: true,
    mentorText: 'наставника из организации-партнёра',
    menteeText: 'наставляемого-ученика',
  },
  teacher_student: {
    mentorCategories: ['teacher', 'school_head'],
    menteeCategories: ['student'],
    mentorText: 'наставника-педагога',
    menteeText: 'наставляемого-ученика',
  },
  teacher_teacher: {
    mentorCategories: ['teacher', 'school_head'],
    menteeCategories: TEACHER_MENTEES,
    mentorText: 'наставника-педагога',
    menteeText: 'наставляемого-педагога',
  },
  head_teacher: {
    mentorCategories: ['school_head'],
    menteeCategories: TEACHER_MENTEES,
    mentorText: 'наставника — руководителя ОО',
    menteeText: 'наставляемого-педагога',
  },
  employer_trainee: {
    // For a trainee the employer is the school: its teachers and head mentor.
    mentorCategories: ['teacher', 'school_head'],
    menteeCategories: ['trainee'],
    mentorText: 'наставника — педагога или руководителя ОО',
    menteeText: 'наставляемого — студента-практиканта',
  },
};

export const BLOCKER_TEXTS = {
  noConsent: 'нет согласия на обработку персональных данных',
  archived: 'в архиве',
  erased: 'данные удалены',
  left: 'выбыл',
} as const;

// ---------------------------------------------------------------------------------------------
// Inputs and outputs

/** What the form rules read of a mentor. */
export interface FormRuleMentor {
  category: MentorCategory;
  birthDate?: string | null;
  /** Full years, when known without a birth date; wins over `birthDate`. */
  age?: number | null;
  originIsPartner: boolean;
}

/** What the form rules read of a mentee. */
export interface FormRuleMentee {
  /** Named in the messages when there are several mentees. */
  name?: string;
  category: MenteeCategory;
  birthDate?: string | null;
  age?: number | null;
}

export interface MatchMentee extends FormRuleMentee {
  id: number;
  organizationId: number;
  requestTagIds: number[];
  requestsNote: string | null;
  archived?: boolean;
  erased?: boolean;
  status?: PersonStatus;
}

export interface MatchMentor extends FormRuleMentor {
  id: number;
  /** Full name, for the order of equal scores. */
  name: string;
  /** The school whose base holds the record. */
  organizationId: number;
  /** The partner organisation (or the school) the mentor comes from; null means the school. */
  originOrganizationId: number | null;
  forms: FormCode[];
  capacity: number;
  /** Mentees in the mentor's active and forming pairs (leave out the pair being edited). */
  activeLoad: number;
  competencyTagIds: number[];
  hasConsent: boolean;
  archived: boolean;
  erased: boolean;
  status: PersonStatus;
}

export interface MatchOptions {
  /** The chosen form; without it every form the mentees' categories allow is tried. */
  form?: FormCode;
  /** 'YYYY-MM-DD', for ages. */
  today: string;
  /** The school forming the pair. */
  schoolId: number;
  /** The school's partner organisations. */
  partnerIds: number[];
  /** Names of the tags of both lists (competencies and requests) by id. */
  tagNames: Map<number, string>;
  /** Names of organisations by id, to name the partner in the reasons. */
  organizationNames?: Map<number, string>;
}

export interface Reason {
  label: string;
  points: number;
}

export interface Proposal {
  mentorId: number;
  score: number;
  /** The form the reasons speak of: the chosen one, or the best fitting one. */
  form: FormCode;
  /** Every form the mentor can take these mentees in (the chosen one only, when given). */
  forms: FormCode[];
  freePlaces: number;
  reasons: Reason[];
  blockers: string[];
}

// ---------------------------------------------------------------------------------------------
// Rules

function ageOf(person: { birthDate?: string | null; age?: number | null }, today: string): number | null {
  if (typeof person.age === 'number') return person.age;
  return person.birthDate ? ageOn(person.birthDate, today) : null;
}

function years(age: number): string {
  return countOf(age, ['год', 'года', 'лет']);
}

function formLabel(form: FormCode): string {
  return `«${MENTORING_FORM_LABELS[form]}»`;
}

/** The form's rules on the mentor: category, age of a student mentor, partner origin. */
function mentorFormViolations(form: FormCode, mentor: FormRuleMentor, today: string): string[] {
  const rule = FORM_RULES[form];
  const prefix = `форма ${formLabel(form)} требует ${rule.mentorText}`;
  if (!rule.mentorCategories.includes(mentor.category)) {
    return [`${prefix}, а наставник — ${MENTOR_CATEGORY_LABELS[mentor.category]}`];
  }
  const violations: string[] = [];
  if (rule.partnerMentor && !mentor.originIsPartner) violations.push(prefix);
  if (rule.studentMentorAge) {
    const age = ageOf(mentor, today);
    if (age === null) violations.push(`${prefix}: у наставника не указана дата рождения`);
    else if (age < STUDENT_MENTOR_AGE.min || age > STUDENT_MENTOR_AGE.max)
      violations.push(`${prefix}, а наставнику ${years(age)}`);
  }
  return violations;
}

/** The form's rules on the mentees: category, age of a student mentee. */
function menteeFormViolations(form: FormCode, mentees: FormRuleMentee[], today: string): string[] {
  const rule = FORM_RULES[form];
  const violations: string[] = [];
  for (const mentee of mentees) {
    const who = mentee.name && mentees.length > 1 ? `наставляемый ${mentee.name}` : 'наставляемый';
    if (!rule.menteeCategories.includes(mentee.category)) {
      violations.push(
        `форма ${formLabel(form)} требует ${rule.menteeText}, а ${who} — ${MENTEE_CATEGORY_LABELS[mentee.category]}`,
      );
      continue;
    }
    const age = mentee.category === 'student' ? ageOf(mentee, today) : null;
    if (age !== null && age < STUDENT_MENTEE_MIN_AGE) {
      const whom = mentee.name && mentees.length > 1 ? `наставляемому ${mentee.name}` : 'наставляемому';
      violations.push(`наставляемому-ученику должно быть не меньше ${STUDENT_MENTEE_MIN_AGE} лет, а ${whom} ${years(age)}`);
    }
  }
  return violations;
}

/**
 * The rules of a form for one mentor and the mentees of a pair or group, as Russian messages
 * (empty when the pair may be formed). For a pair with several mentors call it for each one.
 */
export function checkFormRules(form: FormCode, mentor: FormRuleMentor, mentees: FormRuleMentee[], today: string): string[] {
  return [...mentorFormViolations(form, mentor, today), ...menteeFormViolations(form, mentees, today)];
}

/** Free places of a mentor: capacity minus the mentees already in its active and forming pairs. */
export function freePlaces(mentor: Pick<MatchMentor, 'capacity' | 'activeLoad'>): number {
  return Math.max(0, mentor.capacity - mentor.activeLoad);
}

function capacityViolation(mentor: Pick<MatchMentor, 'capacity' | 'activeLoad'>, menteeCount: number): string | null {
  const free = freePlaces(mentor);
  if (free >= menteeCount) return null;
  if (free === 0) return `свободных мест нет: ${mentor.activeLoad} из ${mentor.capacity}`;
  return `свободных мест меньше, чем наставляемых: свободно ${free} из ${mentor.capacity}, а наставляемых ${menteeCount}`;
}

/**
 * Whether a mentor can take `menteeCount` more mentees: archive, erasure, «выбыл», consent and
 * capacity, as Russian messages. The form's rules are `checkFormRules`.
 */
export function checkMentorAvailability(
  mentor: Pick<MatchMentor, 'archived' | 'erased' | 'status' | 'hasConsent' | 'capacity' | 'activeLoad'>,
  menteeCount: number,
): string[] {
  const problems: string[] = [];
  if (mentor.erased) problems.push(BLOCKER_TEXTS.erased);
  else if (mentor.archived) problems.push(BLOCKER_TEXTS.archived);
  if (mentor.status === 'left') problems.push(BLOCKER_TEXTS.left);
  if (!mentor.hasConsent) problems.push(BLOCKER_TEXTS.noConsent);
  const capacity = capacityViolation(mentor, menteeCount);
  if (capacity) problems.push(capacity);
  return problems;
}

/** Forms whose mentee side every one of the mentees fits. */
export function formsForMentees(mentees: FormRuleMentee[]): FormCode[] {
  return MENTORING_FORMS.filter((form) => mentees.every((m) => FORM_RULES[form].menteeCategories.includes(m.category)));
}

/**
 * The mentees' own problems, the same for every mentor: archive, erasure, «выбыл», and the form
 * (the chosen one, or, with none chosen, a form common to all of them).
 */
export function checkMentees(mentees: MatchMentee[], form: FormCode | undefined, today: string): string[] {
  const problems: string[] = [];
  for (const mentee of mentees) {
    const who = mentee.name ? `наставляемый ${mentee.name}` : 'наставляемый';
    if (mentee.erased) problems.push(`${who}: ${BLOCKER_TEXTS.erased}`);
    else if (mentee.archived) problems.push(`${who}: ${BLOCKER_TEXTS.archived}`);
    if (mentee.status === 'left') problems.push(`${who}: ${BLOCKER_TEXTS.left}`);
  }
  if (form) {
    problems.push(...menteeFormViolations(form, mentees, today));
  } else if (mentees.length > 0 && formsForMentees(mentees).length === 0) {
    const categories = [...new Set(mentees.map((m) => MENTEE_CATEGORY_LABELS[m.category]))].map((c) => `«${c}»`);
    problems.push(`для наставляемых категорий ${categories.join(', ')} нет общей формы наставничества`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Requests and competencies

const collator = new Intl.Collator('ru', { sensitivity: 'base', numeric: true });

/** Words that say nothing about the subject of a request or a competency (as stems). */
const STOP_STEMS = new Set([
  'подго', // подготовка
  'работ', // работа
  'разви', // развитие
  'участ', // участие
  'повыш', // повышение
  'деяте', // деятельность
  'навык',
  'качес', // качества
  'педаг', // педагог, педагогические
  'обуча', // обучающиеся
  'учени', // ученик
  'помощ', // помощь
  'сопро', // сопровождение
]);

/** Abbreviations and words read as another stem. */
const STEM_SYNONYMS: Record<string, string> = {
  егэ: 'гиа',
  огэ: 'гиа',
  успев: 'предм', // успеваемость — предметные
  конку: 'олимп', // конкурсы — олимпиады
};

/** The subject stems of a name or a note: «Подготовка к ЕГЭ» -> {гиа}. */
export function subjectStems(text: string): Set<string> {
  const stems = new Set<string>();
  for (const word of text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^a-zа-я0-9]+/)) {
    if (word.length < 3) continue;
    const stem = word.slice(0, 5);
    if (STOP_STEMS.has(stem)) continue;
    stems.add(STEM_SYNONYMS[stem] ?? stem);
  }
  return stems;
}

function shareStem(a: Set<string>, b: Set<string>): boolean {
  for (const stem of a) if (b.has(stem)) return true;
  return false;
}

interface TagMatch {
  request: string;
  competency: string;
}

function describeMatch(match: TagMatch): string {
  return match.request.toLowerCase() === match.competency.toLowerCase()
    ? match.request
    : `${match.request} (${match.competency})`;
}

interface RequestsPart {
  reasons: Reason[];
}

function requestReasons(
  requestTagIds: number[],
  notes: string[],
  mentor: MatchMentor,
  tagNames: Map<number, string>,
): RequestsPart {
  const competencies = [...new Set(mentor.competencyTagIds)]
    .map((id) => ({ id, name: tagNames.get(id) ?? '' }))
    .filter((c) => c.name !== '')
    .sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id)
    .map((c) => ({ ...c, stems: subjectStems(c.name) }));
  const requests = [...new Set(requestTagIds)]
    .map((id) => ({ id, name: tagNames.get(id) ?? '' }))
    .filter((r) => r.name !== '')
    .sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);

  const reasons: Reason[] = [];
  const used = new Set<number>();
  if (requests.length === 0) {
    reasons.push({ label: 'У наставляемых не отмечены запросы: совпадение с компетенциями не оценивается', points: 0 });
  } else {
    const matches: TagMatch[] = [];
    for (const request of requests) {
      const stems = subjectStems(request.name);
      const exact = competencies.find((c) => c.id === request.id || collator.compare(c.name, request.name) === 0);
      const found = exact ?? competencies.find((c) => shareStem(stems, c.stems));
      if (!found) continue;
      used.add(found.id);
      matches.push({ request: request.name, competency: found.name });
    }
    const points = Math.round((SCORE_WEIGHTS.requests * matches.length) / requests.length);
    reasons.push(
      matches.length > 0
        ? {
            label: `Совпадают запросы и компетенции (${matches.length} из ${requests.length}): ${matches.map(describeMatch).join(', ')}`,
            points,
          }
        : { label: `Компетенции наставника не отвечают запросам (0 из ${requests.length})`, points: 0 },
    );
  }

  const noteStems = subjectStems(notes.join(' '));
  const mentioned = competencies.filter((c) => !used.has(c.id) && shareStem(c.stems, noteStems));
  if (mentioned.length > 0) {
    const points = Math.min(SCORE_WEIGHTS.noteMentionMax, SCORE_WEIGHTS.noteMention * mentioned.length);
    reasons.push({
      label: `В описании запросов упомянуты компетенции наставника: ${mentioned.map((c) => c.name).join(', ')}`,
      points,
    });
  }
  return { reasons };
}

// ---------------------------------------------------------------------------------------------
// Form, category, capacity, origin

function formReason(form: FormCode, mentor: MatchMentor): Reason {
  if (mentor.forms.includes(form))
    return { label: `Форма ${formLabel(form)} — среди форм наставника`, points: SCORE_WEIGHTS.formDeclared };
  if (mentor.forms.length === 0)
    return { label: 'Формы наставничества у наставника не указаны', points: SCORE_WEIGHTS.formsUnknown };
  const declared = mentor.forms.map(formLabel).join(', ');
  return { label: `Форма ${formLabel(form)} не указана среди форм наставника (указаны: ${declared})`, points: 0 };
}

function categoryReason(form: FormCode, mentor: MatchMentor): Reason {
  const category = MENTOR_CATEGORY_LABELS[mentor.category];
  return FORM_RULES[form].mentorCategories[0] === mentor.category
    ? { label: `Категория «${category}» — основная для формы ${formLabel(form)}`, points: SCORE_WEIGHTS.categoryMain }
    : { label: `Категория «${category}» допустима для формы ${formLabel(form)}`, points: SCORE_WEIGHTS.categoryAllowed };
}

function capacityReason(mentor: MatchMentor, menteeCount: number): Reason | null {
  const free = freePlaces(mentor);
  if (free < menteeCount) return null; // a blocker says it
  const points =
    mentor.capacity > 0 ? Math.round((SCORE_WEIGHTS.capacity * Math.min(free, mentor.capacity)) / mentor.capacity) : 0;
  return { label: `Свободных мест: ${free} из ${mentor.capacity}`, points };
}

function originReason(mentor: MatchMentor, options: MatchOptions): Reason {
  const origin = mentor.originOrganizationId ?? mentor.organizationId;
  if (mentor.originIsPartner) {
    const name = options.organizationNames?.get(origin);
    const named = name ? `: ${name}` : '';
    return options.partnerIds.includes(origin)
      ? { label: `Из организации-партнёра школы${named}`, points: SCORE_WEIGHTS.schoolPartner }
      : { label: `Из организации-партнёра муниципалитета${named}`, points: SCORE_WEIGHTS.otherPartner };
  }
  if (origin === options.schoolId) return { label: 'Из своей школы', points: SCORE_WEIGHTS.ownSchool };
  const name = options.organizationNames?.get(origin);
  return { label: `Из другой школы муниципалитета${name ? `: ${name}` : ''}`, points: SCORE_WEIGHTS.otherSchool };
}

// ---------------------------------------------------------------------------------------------
// Ranking

function excluded(mentor: MatchMentor): boolean {
  return mentor.archived || mentor.erased || mentor.status === 'left';
}

/** The forms a mentor may take these mentees in, best first, and the blockers when none is clean. */
function formsFor(
  mentor: MatchMentor,
  candidateForms: FormCode[],
  today: string,
): { clean: FormCode[]; fitting: FormCode[]; violations: string[] } {
  const fitting = candidateForms.filter((form) => FORM_RULES[form].mentorCategories.includes(mentor.category));
  const clean: FormCode[] = [];
  const violations: string[] = [];
  for (const form of fitting) {
    const problems = mentorFormViolations(form, mentor, today);
    if (problems.length === 0) clean.push(form);
    else violations.push(...problems);
  }
  const rank = (form: FormCode) =>
    (mentor.forms.includes(form) ? 0 : 2) + (FORM_RULES[form].mentorCategories[0] === mentor.category ? 0 : 1);
  const byPreference = (list: FormCode[]) =>
    [...list].sort((a, b) => rank(a) - rank(b) || MENTORING_FORMS.indexOf(a) - MENTORING_FORMS.indexOf(b));
  return { clean: byPreference(clean), fitting: byPreference(fitting), violations };
}

function propose(
  mentor: MatchMentor,
  mentees: MatchMentee[],
  candidateForms: FormCode[],
  options: MatchOptions,
): Proposal | null {
  if (excluded(mentor)) return null;
  const forms = formsFor(mentor, candidateForms, options.today);
  const form = forms.clean[0] ?? forms.fitting[0];
  if (!form) return null;

  const blockers = checkMentorAvailability(mentor, mentees.length);
  if (forms.clean.length === 0) blockers.push(...forms.violations);

  const requestTagIds = mentees.flatMap((m) => m.requestTagIds);
  const notes = mentees.map((m) => m.requestsNote ?? '').filter((n) => n.trim() !== '');
  const reasons: Reason[] = [
    ...requestReasons(requestTagIds, notes, mentor, options.tagNames).reasons,
    formReason(form, mentor),
    categoryReason(form, mentor),
  ];
  const capacity = capacityReason(mentor, mentees.length);
  if (capacity) reasons.push(capacity);
  reasons.push(originReason(mentor, options));

  return {
    mentorId: mentor.id,
    score: reasons.reduce((sum, r) => sum + r.points, 0),
    form,
    forms: forms.clean,
    freePlaces: freePlaces(mentor),
    reasons,
    blockers,
  };
}

/**
 * Mentors proposed for the mentees (one pair, or a group with one mentor), best first, each with
 * the reasons of its score and what blocks it. Empty when there are no mentees, when the mentees
 * fit no form (see `checkMentees`), or when no mentor fits.
 */
export function rankMentors(mentees: MatchMentee[], mentors: MatchMentor[], options: MatchOptions): Proposal[] {
  if (mentees.length === 0) return [];
  const candidateForms = options.form
    ? formsForMentees(mentees).includes(options.form)
      ? [options.form]
      : []
    : formsForMentees(mentees);
  if (candidateForms.length === 0) return [];

  const mentorById = new Map(mentors.map((m) => [m.id, m]));
  const proposals = mentors.map((m) => propose(m, mentees, candidateForms, options)).filter((p): p is Proposal => p !== null);
  return proposals.sort((a, b) => {
    const ma = mentorById.get(a.mentorId)!;
    const mb = mentorById.get(b.mentorId)!;
    return (
      Number(a.blockers.length > 0) - Number(b.blockers.length > 0) ||
      b.score - a.score ||
      ma.activeLoad - mb.activeLoad ||
      collator.compare(ma.name, mb.name) ||
      a.mentorId - b.mentorId
    );
  });
}
