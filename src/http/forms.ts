import { z } from 'zod';
import { idOf } from './ids.js';

/** Field name -> the Russian message shown at the field and in the summary. */
export type FieldErrors = Record<string, string>;

/** The first message for each field of a failed parse. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || '_form';
    errors[field] ??= issue.message;
  }
  return errors;
}

/** A urlencoded body as plain strings: repeated fields keep their last value unless listed in `lists`. */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (key === '_csrf') continue;
      if (typeof value === 'string') values[key] = value;
      else if (Array.isArray(value)) values[key] = String(value[value.length - 1] ?? '');
    }
  }
  return values;
}

/** Optional free text: trimmed, '' becomes null, with a length limit named in Russian. */
export function optionalText(max: number, label: string) {
  return z
    .string()
    .trim()
    .max(max, `${label}: не более ${max} символов`)
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : v));
}

export function requiredText(max: number, emptyMessage: string, label: string) {
  return z.string({ error: emptyMessage }).trim().min(1, emptyMessage).max(max, `${label}: не более ${max} символов`);
}

/** A checkbox: present means on. */
export const checkbox = z
  .string()
  .optional()
  .transform((v) => v !== undefined && v !== '' && v !== 'false' && v !== '0');

/** A positive integer id from a select or a URL. */
export function idField(message: string) {
  return z.coerce.number({ error: message }).int(message).positive(message);
}

/** The numeric :id of a URL; anything else is a page that does not exist. Same as `idOf(params)` of ids.ts, which new code uses. */
export function idFrom(params: unknown): number {
  return idOf(params);
}

export const optionalEmail = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? null : v.toLowerCase()))
  .refine((v) => v === null || z.email().safeParse(v).success, 'Электронная почта: укажите адрес вида name@example.ru');

export const optionalPhone = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === undefined || v === '' ? null : v))
  .refine(
    (v) => v === null || (/^[+\d\s()\-–,доб.]{5,40}$/.test(v) && (v.match(/\d/g)?.length ?? 0) >= 5),
    'Телефон: укажите номер цифрами, например +7 (83461) 2-15-40',
  );

/** Query-string paging: ?page=2; anything odd falls back to the first page. */
export const pageQuery = z.coerce.number().int().min(1).max(100_000).catch(1);
