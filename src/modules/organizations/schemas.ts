import { z } from 'zod';
import { ORGANIZATION_TYPES, PARTNER_KINDS, SCHOOL_KINDS, SUPPORT_DIRECTIONS } from '../../db/types.js';
import { checkbox, optionalEmail, optionalPhone, optionalText, pageQuery, requiredText } from '../../http/forms.js';
import { isValidInn } from '../../lib/inn.js';
import { TIME_ZONE_VALUES } from '../../lib/time-zones.js';

const supports = (v: { type: string; is_resource_center: boolean; is_mentor_school: boolean }) =>
  v.type === 'school' && (v.is_resource_center || v.is_mentor_school);

export const organizationForm = z
  .object({
    type: z.enum(ORGANIZATION_TYPES, { error: 'Выберите тип организации' }),
    parent_id: z
      .string()
      .optional()
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (Number.isInteger(v) && v > 0), 'Выберите вышестоящую организацию из списка'),
    full_name: requiredText(500, 'Укажите полное наименование', 'Полное наименование'),
    short_name: requiredText(200, 'Укажите краткое наименование', 'Краткое наименование'),
    full_name_genitive: optionalText(500, 'Полное наименование в родительном падеже'),
    full_name_prepositional: optionalText(500, 'Полное наименование в предложном падеже'),
    school_kind: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || (SCHOOL_KINDS as readonly string[]).includes(v), 'Выберите вид образовательной организации'),
    is_resource_center: checkbox,
    is_mentor_school: checkbox,
    support_direction: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .refine(
        (v) => v === null || (SUPPORT_DIRECTIONS as readonly string[]).includes(v),
        'Направление: выберите значение из списка',
      ),
    support_subject: optionalText(200, 'Предмет или тема'),
    partner_kind: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || (PARTNER_KINDS as readonly string[]).includes(v), 'Выберите вид организации-партнёра'),
    inn: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v.replace(/\s/g, '') : null))
      .refine((v) => v === null || /^\d{10}$|^\d{12}$/.test(v), 'ИНН организации состоит из 10 цифр (12 — для ИП)')
      .refine(
        (v) => v === null || !/^\d{10}$|^\d{12}$/.test(v) || isValidInn(v),
        'ИНН не проходит проверку контрольной суммы — проверьте цифры',
      ),
    address: optionalText(500, 'Адрес'),
    head_name: optionalText(200, 'ФИО руководителя'),
    head_position: optionalText(200, 'Должность руководителя'),
    phone: optionalPhone,
    email: optionalEmail,
    website: z
      .string()
      .trim()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(v), 'Сайт: укажите адрес, начинающийся с https://'),
    /** Issue 19: the readable part of the public page's address; empty keeps the one it has. */
    slug: z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .transform((v) => (v ? v : null))
      .refine(
        (v) => v === null || (v.length <= 60 && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v)),
        'Адрес публичной страницы: только латинские буквы, цифры и дефисы между ними, не более 60 знаков, например shkola-5',
      ),
    time_zone: z
      .string()
      .optional()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || (TIME_ZONE_VALUES as readonly string[]).includes(v), 'Выберите часовой пояс из списка'),
  })
  .superRefine((v, ctx) => {
    if (v.type === 'school' && !v.school_kind) {
      ctx.addIssue({ code: 'custom', path: ['school_kind'], message: 'Выберите вид образовательной организации' });
    }
    if (v.type === 'partner' && !v.partner_kind) {
      ctx.addIssue({ code: 'custom', path: ['partner_kind'], message: 'Выберите вид организации-партнёра' });
    }
  })
  .transform((v) => ({
    ...v,
    school_kind: v.type === 'school' ? (v.school_kind as (typeof SCHOOL_KINDS)[number]) : null,
    is_resource_center: v.type === 'school' ? v.is_resource_center : false,
    is_mentor_school: v.type === 'school' ? v.is_mentor_school : false,
    // Only a school that supports others keeps a direction and a subject.
    support_direction: supports(v) ? (v.support_direction as (typeof SUPPORT_DIRECTIONS)[number]) : null,
    support_subject: supports(v) ? v.support_subject : null,
    partner_kind: v.type === 'partner' ? (v.partner_kind as (typeof PARTNER_KINDS)[number]) : null,
    // Only a municipality has a time zone (its «today»); none given keeps the one it has.
    time_zone: v.type === 'municipality' ? v.time_zone : null,
  }));

/** `time_zone`: a municipality's; left out or null, a new municipality gets Moscow's and an edited one keeps its own. */
type SupportFields = 'is_mentor_school' | 'support_direction' | 'support_subject';
/** The support fields (issue 17) left out keep what the organisation has (a new one: none). */
export type OrganizationInput = Omit<z.output<typeof organizationForm>, 'time_zone' | 'slug' | SupportFields> & {
  time_zone?: string | null;
  /** Left out or null: a new organisation gets its name's transliteration, an edited one keeps its own. */
  slug?: string | null;
} & Partial<Pick<z.output<typeof organizationForm>, SupportFields>>;

/**
 * The schools a resource centre or mentor school serves: checkboxes of the edit form, read only when
 * the form showed them (`served_schools_shown`), since an unticked list sends nothing at all.
 */
export const servedSchoolsForm = z.object({
  served_schools_shown: z.string().optional(),
  served_school_ids: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== ''))
    .transform((values) => values.map(Number))
    .refine(
      (ids) => ids.every((n) => Number.isInteger(n) && n > 0 && n <= 2_147_483_647),
      'Обслуживаемые школы: выберите школы из списка',
    )
    .transform((ids) => [...new Set(ids)]),
});

export const organizationListQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  /** Issue 17: only the resource centres and mentor schools, with their direction and served schools. */
  support: z.enum(['any', 'resource_center', 'mentor_school']).optional().catch(undefined),
  type: z.enum(ORGANIZATION_TYPES).optional().catch(undefined),
  status: z.enum(['active', 'inactive', 'all']).optional().catch(undefined),
  sort: z.enum(['name', 'type', 'created']).optional().catch(undefined),
  page: pageQuery,
});

export type OrganizationListQuery = z.output<typeof organizationListQuery>;

/** The new-organisation form opened for a type (`?type=school`): the value fills the form, the form checks it. */
export const newOrganizationQuery = z.object({ type: z.string().optional().catch(undefined) });

/** The full name whose forms the form's script asks for as it is typed. */
export const nameFormsQuery = z.object({ full_name: z.string().trim().max(500).optional().catch(undefined) });
