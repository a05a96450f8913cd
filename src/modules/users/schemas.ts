import { z } from 'zod';
import { ROLES } from '../../db/types.js';
import { idField, optionalPhone, optionalText, pageQuery, requiredText } from '../../http/forms.js';
import { EMAIL_MAX_LENGTH, normalizeEmail } from '../../lib/email.js';
import { optionalId } from '../../http/ids.js';

/**
 * The account's address, normalised as on the person's own form (lib/email.ts: the domain in lower
 * case), so that saving an unchanged address keeps its confirmation.
 */
const accountEmail = z
  .string()
  .trim()
  .max(EMAIL_MAX_LENGTH, `Электронная почта: не более ${EMAIL_MAX_LENGTH} символов`)
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === '') return null;
    const email = normalizeEmail(value);
    if (email === null) {
      ctx.addIssue({ code: 'custom', message: 'Электронная почта: укажите адрес вида name@example.ru' });
      return z.NEVER;
    }
    return email;
  });

export const userForm = z.object({
  login: z
    .string({ error: 'Укажите логин' })
    .trim()
    .min(1, 'Укажите логин')
    .min(3, 'Логин: не менее 3 символов')
    .max(50, 'Логин: не более 50 символов')
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
      'Логин: латинские буквы, цифры, точка, дефис и подчёркивание; начинается с буквы или цифры',
    ),
  full_name: requiredText(200, 'Укажите фамилию, имя и отчество', 'ФИО')
    .transform((v) => v.replace(/\s+/g, ' '))
    .refine((v) => v.split(' ').length >= 2, 'ФИО: укажите как минимум фамилию и имя'),
  position: optionalText(200, 'Должность'),
  organization_id: idField('Выберите организацию'),
  role: z.enum(ROLES, { error: 'Выберите роль' }),
  email: accountEmail,
  phone: optionalPhone,
});

export type UserInput = z.output<typeof userForm>;

export const userListQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  org: optionalId,
  status: z.enum(['active', 'inactive', 'all']).optional().catch(undefined),
  sort: z.enum(['name', 'login', 'last_login']).optional().catch(undefined),
  page: pageQuery,
});

export type UserListQuery = z.output<typeof userListQuery>;

/** The new-account form opened from an organisation's page or a school's list: `?org=…&role=…` fill the form. */
export const newUserQuery = z.object({
  org: z.string().optional().catch(undefined),
  role: z.string().optional().catch(undefined),
});
