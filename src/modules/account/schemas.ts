import { z } from 'zod';
import type { MailMode } from '../../db/types.js';
import { EMAIL_MAX_LENGTH, normalizeEmail } from '../../lib/email.js';
import { isNotificationKind, type NotificationKind } from '../notifications/labels.js';
import { MAIL_MODES } from './labels.js';

const EMAIL_FORMAT = 'Адрес электронной почты: укажите адрес вида name@example.ru';

export const emailForm = z.object({
  email: z
    .string({ error: 'Укажите адрес электронной почты' })
    .trim()
    .min(1, 'Укажите адрес электронной почты')
    .max(EMAIL_MAX_LENGTH, `Адрес электронной почты: не более ${EMAIL_MAX_LENGTH} символов`)
    .transform((value, ctx) => {
      const email = normalizeEmail(value);
      if (email === null) {
        ctx.addIssue({ code: 'custom', message: EMAIL_FORMAT });
        return z.NEVER;
      }
      return email;
    }),
});

/** A repeated checkbox: absent, one value, or several. */
const checkboxList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const mailSettingsForm = z.object({
  mode: z.enum(MAIL_MODES as [MailMode, ...MailMode[]], { error: 'Выберите, как присылать письма' }),
  /** The kinds that come by e-mail (the unchecked ones stay in the portal only). */
  email_kinds: checkboxList.transform((values, ctx): NotificationKind[] => {
    const unknown = values.filter((v) => !isNotificationKind(v));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `Какие уведомления присылать письмом: вида «${unknown[0]?.slice(0, 60)}» нет, выберите виды из списка`,
      });
      return z.NEVER;
    }
    return [...new Set(values)].filter(isNotificationKind);
  }),
});

export type MailSettingsInput = z.output<typeof mailSettingsForm>;
