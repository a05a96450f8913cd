import { z } from 'zod';
import { optionalText, requiredText } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import { CONTINGENT_KIND_CODES, METHOD_CODES, METHODS } from './catalogue.js';
import { academicCodes, calendarCodes, PERIOD_FLOOR, parsePeriodParam, period, periodOfCode } from './periods.js';

const yearQuery = z.object({ year: z.coerce.number().int().optional() });
const rankQuery = z.object({ rank: z.coerce.number().int().positive().optional() });
const orgQuery = z.object({ org: z.coerce.number().int().positive().optional() });
const positiveId = z.coerce.number().int().positive();

/**
 * The calendar year asked for (contingent figures and values entered by hand are per calendar
 * year), or the current one; a year before PERIOD_FLOOR or after the current one is the current one too.
 */
export function yearOf(query: unknown, today: string = todayIso()): number {
  const years = calendarCodes(PERIOD_FLOOR, today);
  const parsed = yearQuery.safeParse(query ?? {});
  const year = parsed.success ? parsed.data.year : undefined;
  const last = years[years.length - 1] as number;
  return year !== undefined && years.includes(year) ? year : last;
}

/**
 * The period a dashboard, an explanation or a report asks for (`?year=2025`: the calendar year,
 * `?year=2024-25`: the academic year; periods.ts), as its code; anything else, or a period the
 * engine does not count (before PERIOD_FLOOR, after today), is the current calendar year.
 */
export function periodCodeOf(query: unknown, today: string = todayIso()): number {
  const raw = (query as Record<string, unknown> | null | undefined)?.year;
  const code = parsePeriodParam(raw);
  const known = [...calendarCodes(PERIOD_FLOOR, today), ...academicCodes(PERIOD_FLOOR, today)];
  return code !== null && known.includes(code) ? code : Number(today.slice(0, 4));
}

/** The period of a code made by periodCodeOf, for the pages' words and links. */
export function periodInfo(code: number) {
  return periodOfCode(code) ?? period(Number(todayIso().slice(0, 4)));
}

/** The indicator a municipal dashboard ranks the schools by, or null for its first. */
export function rankOf(query: unknown): number | null {
  const parsed = rankQuery.safeParse(query ?? {});
  return parsed.success ? (parsed.data.rank ?? null) : null;
}

/** `/…/:id/…/:orgId`: an indicator and an organisation, or null for a malformed address. */
export const indicatorOrgParams = z.object({ id: positiveId, orgId: positiveId });

/** The organisation a page asks for (`?org=`), or undefined when it names none. */
export function askedOrgOf(query: unknown): number | undefined {
  const parsed = orgQuery.safeParse(query ?? {});
  return parsed.success ? parsed.data.org : undefined;
}

/** The organisation a sent form names, undefined when none, null when malformed. */
export function sentOrgOf(fields: Record<string, string>): number | undefined | null {
  if (fields.org === undefined || fields.org === '') return undefined;
  const parsed = positiveId.safeParse(fields.org);
  return parsed.success ? parsed.data : null;
}

/**
 * Periods a target can be set for, as codes: the calendar years from the municipality's first
 * year to two years ahead, then the academic years that overlap them.
 */
export function targetYears(firstYear: number, today: string = todayIso()): number[] {
  const ahead = `${Number(today.slice(0, 4)) + 2}-12-31`;
  return [...calendarCodes(firstYear, ahead), ...academicCodes(firstYear, `${Number(today.slice(0, 4)) + 2}-08-31`)];
}

export const INDICATOR_FIELD_LABELS: Record<string, string> = {
  code: 'Код',
  name: 'Наименование показателя',
  unit: 'Единица',
  level: 'Уровень',
  method: 'Как считается',
  direction: 'Направление',
  source: 'Источник (документ)',
  description: 'Пояснение',
  value: 'Значение',
  numerator: 'Числитель',
  denominator: 'Знаменатель',
  evidence: 'Подтверждение',
  file: 'Документ',
  conclusions: 'Выводы и предложения',
};

/** A number as people type it: «12,5», «12.5», « 12 »; '' is no number. */
function decimal(label: string, { min = 0, max = 1_000_000 }: { min?: number; max?: number } = {}) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return null;
      const n = Number(v.replace(',', '.').replace(/\s/g, ''));
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: 'custom', message: `${label}: введите число, например 12,5` });
        return z.NEVER;
      }
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${label}: число от ${min} до ${max.toLocaleString('ru-RU')}` });
        return z.NEVER;
      }
      return Math.round(n * 100) / 100;
    });
}

function wholeNumber(label: string, { min = 0, max = 10_000_000 }: { min?: number; max?: number } = {}) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return null;
      const cleaned = v.replace(/\s/g, '');
      if (!/^\d+$/.test(cleaned)) {
        ctx.addIssue({ code: 'custom', message: `${label}: введите целое число без знаков, например 1250` });
        return z.NEVER;
      }
      const n = Number(cleaned);
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `${label}: целое число от ${min} до ${max.toLocaleString('ru-RU')}` });
        return z.NEVER;
      }
      return n;
    });
}

export const indicatorForm = z
  .object({
    code: requiredText(12, 'Укажите код показателя, например «М7»', 'Код'),
    name: requiredText(600, 'Укажите наименование показателя', 'Наименование'),
    unit: z.enum(['percent', 'count'], { error: 'Выберите единицу: доля в процентах или количество' }),
    level: z.enum(['municipality', 'school', 'both'], { error: 'Выберите, для кого считается показатель' }),
    method: z.enum(METHOD_CODES as [string, ...string[]], { error: 'Выберите, как считается показатель' }),
    direction: z.enum(['higher', 'lower'], { error: 'Выберите направление: чем больше, тем лучше, или наоборот' }),
    source: optionalText(300, 'Источник'),
    description: optionalText(2000, 'Пояснение'),
  })
  .superRefine((v, ctx) => {
    const method = METHODS[v.method as keyof typeof METHODS];
    if (!method.levels.includes(v.level as 'municipality')) {
      ctx.addIssue({
        code: 'custom',
        path: ['level'],
        message: `«${method.label}» считается только для муниципалитета: выберите уровень «муниципалитет»`,
      });
    }
    if (v.method !== 'manual' && method.unit !== v.unit) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: `«${method.label}» — это доля в процентах: выберите единицу «доля, %»`,
      });
    }
  });
export type IndicatorInput = z.output<typeof indicatorForm>;

/** Targets of one organisation for several periods: fields value_<code> and wording_<code> (periods.ts). */
export function targetsForm(years: number[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const y of years) {
    const label = period(y).label;
    shape[`value_${y}`] = decimal(`Цель на ${label}`);
    shape[`wording_${y}`] = optionalText(100, `Формулировка цели на ${label}`);
  }
  return z.object(shape);
}

/** Contingent of one organisation for one year: fields value_<kind> and note_<kind>. */
export const contingentForm = z.object(
  Object.fromEntries(
    CONTINGENT_KIND_CODES.flatMap((kind) => [
      [`value_${kind}`, wholeNumber('Значение')],
      [`note_${kind}`, optionalText(300, 'Источник')],
    ]),
  ),
);

export const manualValueForm = z
  .object({
    value: decimal('Значение', { max: 100_000 }),
    numerator: wholeNumber('Числитель'),
    denominator: wholeNumber('Знаменатель', { min: 1 }),
    evidence: requiredText(4000, 'Опишите, чем подтверждается значение: документ, протокол, мониторинг', 'Подтверждение'),
  })
  .superRefine((v, ctx) => {
    if (v.value === null && (v.numerator === null || v.denominator === null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: 'Укажите значение или числитель и знаменатель, из которых оно считается',
      });
    }
    if ((v.numerator === null) !== (v.denominator === null)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.numerator === null ? 'numerator' : 'denominator'],
        message: 'Укажите и числитель, и знаменатель — или ни того, ни другого',
      });
    }
    if (v.numerator !== null && v.denominator !== null && v.numerator > v.denominator) {
      ctx.addIssue({ code: 'custom', path: ['numerator'], message: 'Числитель не может быть больше знаменателя' });
    }
  });
export type ManualValueInput = z.output<typeof manualValueForm>;

export const conclusionsForm = z.object({
  conclusions: requiredText(20_000, 'Напишите выводы и предложения справки', 'Выводы и предложения'),
});

const campaignQuery = z.object({ campaign: positiveId.optional() });

/** The monitoring campaign a report is asked to be made from (`?campaign=`), or null. */
export function campaignOf(query: unknown): number | null {
  const parsed = campaignQuery.safeParse(query ?? {});
  return parsed.success ? (parsed.data.campaign ?? null) : null;
}

/** Issue 19: the department's tick «Показывать на публичной странице» (a checkbox: `on` or absent). */
export const publicForm = z.object({
  public: z.enum(['on'], { message: 'Поле «Показывать на публичной странице»: отметьте флажок или снимите его.' }).optional(),
});
