import { z } from 'zod';
import { optionalEmail, optionalPhone, optionalText, pageQuery } from '../../http/forms.js';
import { dateMessage, missingDateReason, parseDate } from '../../lib/dates.js';
import {
  MENTEE_CATEGORIES,
  MENTOR_CATEGORIES,
  MENTORING_FORMS,
  type MenteeCategory,
  type MentorCategory,
  PERSON_STATUSES,
} from './labels.js';
import { ageOn, normalizeClass, teachingYears } from './rules.js';

const name = (message: string, label: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, { error: message, abort: true })
    .max(100, `${label}: не более 100 символов`)
    .regex(/^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё\s'’.-]*$/, `${label}: только буквы, пробел, дефис и апостроф`)
    .transform((v) => v.replace(/\s+/g, ' '));

const optionalName = (label: string) =>
  z
    .string()
    .trim()
    .max(100, `${label}: не более 100 символов`)
    .optional()
    .transform((v) => (v ? v.replace(/\s+/g, ' ') : null))
    .refine(
      (v) => v === null || /^[A-Za-zА-Яа-яЁё][A-Za-zА-Яа-яЁё\s'’.-]*$/.test(v),
      `${label}: только буквы, пробел, дефис и апостроф`,
    );

const optionalDate = (label: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return null;
      const date = parseDate(v);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: dateMessage(label, v) });
        return z.NEVER;
      }
      return date;
    });

/** Several values of one field (checkboxes, multi-select), as a list. */
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== ''));

const tagIds = list.transform((values, ctx) => {
  const ids = values.map(Number);
  if (ids.some((id) => !Number.isInteger(id) || id <= 0)) {
    ctx.addIssue({ code: 'custom', message: 'Выберите значения из списка' });
    return z.NEVER;
  }
  return [...new Set(ids)];
});

const status = z.enum(PERSON_STATUSES, { error: 'Выберите статус' }).default('potential');

function notInFuture(date: string | null, today: string): boolean {
  return date === null || date <= today;
}

export function mentorForm(today: string) {
  return z
    .object({
      last_name: name('Укажите фамилию', 'Фамилия'),
      first_name: name('Укажите имя', 'Имя'),
      middle_name: optionalName('Отчество'),
      category: z.enum(MENTOR_CATEGORIES, { error: 'Выберите категорию наставника' }),
      origin_organization_id: z
        .string()
        .optional()
        .transform((v) => (v ? Number(v) : null))
        .refine((v) => v === null || (Number.isInteger(v) && v > 0), 'Выберите организацию из списка'),
      position: optionalText(200, 'Должность или класс'),
      birth_date: optionalDate('Дата рождения'),
      phone: optionalPhone,
      email: optionalEmail,
      tag_ids: tagIds,
      competencies_note: optionalText(1000, 'Компетенции (другое)'),
      forms: list.pipe(z.array(z.enum(MENTORING_FORMS, { error: 'Выберите форму наставничества из списка' }))),
      capacity: z.preprocess(
        // an emptied field asks for a number instead of reading as 0
        (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
        z.coerce
          .number({ error: 'Сколько наставляемых одновременно: укажите число от 1 до 30' })
          .int('Сколько наставляемых одновременно: укажите целое число')
          .min(1, 'Сколько наставляемых одновременно: не меньше 1')
          .max(30, 'Сколько наставляемых одновременно: не больше 30'),
      ),
      qualification: optionalText(200, 'Квалификационная категория'),
      training_course: list,
      training_date: list,
      training_hours: list,
      consent_date: optionalDate('Дата согласия'),
      consent_number: optionalText(50, 'Номер документа о согласии'),
      consent_by: optionalText(200, 'Кто дал согласие'),
      status,
    })
    .superRefine(
      (parsed, ctx) => {
        // Runs even when a field failed (see `when`): fields that failed are left out.
        const p = parsed as unknown as Record<string, unknown>;
        const v = {
          category: p.category as MentorCategory | undefined,
          birth_date: textOrNull(p.birth_date),
          consent_date: textOrNull(p.consent_date),
          origin_organization_id:
            typeof p.origin_organization_id === 'number'
              ? p.origin_organization_id
              : p.origin_organization_id === null
                ? null
                : -1,
        };
        if (v.category === 'student') {
          if (!v.birth_date) {
            if (p.birth_date === null)
              ctx.addIssue({
                code: 'custom',
                path: ['birth_date'],
                message: 'Для наставника-обучающегося укажите дату рождения',
              });
          } else {
            const age = ageOn(v.birth_date, today);
            if (age < 15 || age > 19) {
              ctx.addIssue({
                code: 'custom',
                path: ['birth_date'],
                message: `Наставнику-обучающемуся должно быть от 15 до 19 лет, а сейчас ему ${age}`,
              });
            } else if (age < 18 && v.consent_date && typeof p.consent_by !== 'string') {
              ctx.addIssue({
                code: 'custom',
                path: ['consent_by'],
                message: 'Согласие за несовершеннолетнего даёт родитель или законный представитель: укажите его ФИО',
              });
            }
          }
        }
        if (v.birth_date && !notInFuture(v.birth_date, today))
          ctx.addIssue({ code: 'custom', path: ['birth_date'], message: 'Дата рождения не может быть в будущем' });
        if (v.consent_date && !notInFuture(v.consent_date, today))
          ctx.addIssue({ code: 'custom', path: ['consent_date'], message: 'Дата согласия не может быть в будущем' });
        if (v.category === 'partner_employee' && v.origin_organization_id === null) {
          ctx.addIssue({
            code: 'custom',
            path: ['origin_organization_id'],
            message: 'Выберите организацию-партнёра, которую представляет наставник',
          });
        }
      },
      { when: () => true },
    )
    .transform((v, ctx) => {
      const trainings: Array<{ course: string; completed_on: string | null; hours: number | null }> = [];
      v.training_course.forEach((course, i) => {
        const trimmed = course.trim();
        const dateText = v.training_date[i]?.trim() ?? '';
        const hoursText = v.training_hours[i]?.trim() ?? '';
        if (!trimmed) {
          if (dateText || hoursText)
            ctx.addIssue({
              code: 'custom',
              path: ['training_course'],
              message: `Обучение, строка ${i + 1}: укажите название курса`,
            });
          return;
        }
        const completedOn = dateText ? parseDate(dateText) : null;
        if (dateText && !completedOn)
          ctx.addIssue({
            code: 'custom',
            path: ['training_date'],
            message: `Обучение, строка ${i + 1}: ${missingDateReason(dateText) ?? 'дату укажите в виде ДД.ММ.ГГГГ'}`,
          });
        const hours = hoursText ? Number(hoursText) : null;
        if (hours !== null && (!Number.isInteger(hours) || hours < 1 || hours > 2000)) {
          ctx.addIssue({
            code: 'custom',
            path: ['training_hours'],
            message: `Обучение, строка ${i + 1}: часы — целое число от 1 до 2000`,
          });
        }
        trainings.push({ course: trimmed.slice(0, 300), completed_on: completedOn, hours });
      });
      const { training_course: _c, training_date: _d, training_hours: _h, ...rest } = v;
      return { ...rest, trainings };
    });
}

export type MentorInput = z.output<ReturnType<typeof mentorForm>>;

export function menteeForm(today: string) {
  return z
    .object({
      last_name: name('Укажите фамилию', 'Фамилия'),
      first_name: name('Укажите имя', 'Имя'),
      middle_name: optionalName('Отчество'),
      category: z.enum(MENTEE_CATEGORIES, { error: 'Выберите категорию наставляемого' }),
      class_name: z
        .string()
        .trim()
        .optional()
        .transform((v, ctx) => {
          if (!v) return null;
          const normalized = normalizeClass(v);
          if (!normalized) {
            ctx.addIssue({ code: 'custom', message: `Класс: «${v}» — укажите номер и букву, например 5Б или 11А` });
            return z.NEVER;
          }
          return normalized;
        }),
      position: optionalText(200, 'Должность'),
      birth_date: optionalDate('Дата рождения'),
      teaching_since: optionalDate('Дата начала педагогической деятельности'),
      phone: optionalPhone,
      email: optionalEmail,
      tag_ids: tagIds,
      requests_note: optionalText(1000, 'Запросы (другое)'),
      consent_date: optionalDate('Дата согласия'),
      consent_by: optionalText(200, 'Кто дал согласие'),
      consent_number: optionalText(50, 'Номер документа о согласии'),
      status,
    })
    .superRefine(
      (v, ctx) => {
        // Runs even when a field failed (see `when`), so that every problem is named at once;
        // a field that failed is left out of the cross-field rules.
        const p = v as unknown as Record<string, unknown>;
        if (typeof p.category !== 'string') return;
        checkMentee(
          {
            category: p.category as MenteeCategory,
            class_name: typeof p.class_name === 'string' || p.class_name === null ? (p.class_name as string | null) : 'invalid',
            birth_date: textOrNull(p.birth_date),
            birthDateFailed: p.birth_date !== null && typeof p.birth_date !== 'string',
            teaching_since: textOrNull(p.teaching_since),
            consent_date: textOrNull(p.consent_date),
            consent_by: textOrNull(p.consent_by),
          },
          today,
          (path, message) => ctx.addIssue({ code: 'custom', path: [path], message }),
        );
      },
      { when: () => true },
    );
}

/** A field's parsed text, or null when it is empty or failed to parse. */
function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export type MenteeInput = z.output<ReturnType<typeof menteeForm>>;

/** The cross-field rules of a mentee, shared by the form and the import. */
export function checkMentee(
  v: {
    category: MenteeCategory;
    class_name: string | null;
    birth_date: string | null;
    birthDateFailed?: boolean;
    teaching_since: string | null;
    consent_date: string | null;
    consent_by: string | null;
  },
  today: string,
  report: (field: string, message: string) => void,
): void {
  if (v.birth_date && v.birth_date > today) report('birth_date', 'Дата рождения не может быть в будущем');
  if (v.consent_date && v.consent_date > today) report('consent_date', 'Дата согласия не может быть в будущем');
  if (v.category === 'student') {
    if (v.class_name === null) report('class_name', 'Для обучающегося укажите класс');
    if (!v.birth_date) {
      if (!v.birthDateFailed) report('birth_date', 'Для обучающегося укажите дату рождения');
    } else if (v.birth_date <= today) {
      const age = ageOn(v.birth_date, today);
      if (age < 10) report('birth_date', `Наставляемому-обучающемуся должно быть не меньше 10 лет, а сейчас ему ${age}`);
      else if (age < 18 && v.consent_date && !v.consent_by) {
        report('consent_by', 'Согласие за несовершеннолетнего даёт родитель или законный представитель: укажите его ФИО');
      }
    }
  }
  if (v.category === 'young_specialist') {
    if (!v.teaching_since) report('teaching_since', 'Для молодого специалиста укажите дату начала педагогической деятельности');
    else if (v.teaching_since > today)
      report('teaching_since', 'Дата начала педагогической деятельности не может быть в будущем');
    else if (teachingYears(v.teaching_since, today) > 3) {
      report('teaching_since', 'Молодой специалист — стаж до 3 лет; выберите другую категорию, если стаж больше');
    }
  }
}

/** Checks a mentor's category against the origin organisation (partner or own school). */
export function mentorOriginRule(category: MentorCategory, originType: 'school' | 'partner' | null): string | null {
  if (category === 'partner_employee' && originType !== 'partner')
    return 'Представитель организации-партнёра должен быть из организации-партнёра';
  if ((category === 'teacher' || category === 'student' || category === 'school_head') && originType === 'partner') {
    return 'Педагог, обучающийся и руководитель ОО — сотрудники или ученики школы, а не партнёра';
  }
  return null;
}

export const personListQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  category: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional()
    .catch(undefined),
  status: z.enum(['potential', 'active', 'left', 'archived', 'all']).optional().catch(undefined),
  consent: z.enum(['missing', 'present']).optional().catch(undefined),
  org: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  tag: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  /** Mentors only: «нет обучения за последние 3 года». */
  training: z.enum(['none_3y']).optional().catch(undefined),
  sort: z.enum(['name', 'category', 'created', 'school']).optional().catch(undefined),
  page: pageQuery,
});

export type PersonListQuery = z.output<typeof personListQuery>;
