import type { NoEmailReason } from '../../access/policy.js';
import type { MailMode } from '../../db/types.js';

/** The choices of «Как присылать письма» on /account/notifications. */
export const MAIL_MODE_LABELS: Record<MailMode, { label: string; hint: string }> = {
  immediate: { label: 'Сразу', hint: 'Письмо о каждом уведомлении приходит вскоре после события.' },
  digest: {
    label: 'Раз в день сводкой',
    hint: 'Одно письмо в день со всеми новыми уведомлениями вместо отдельных писем.',
  },
  off: { label: 'Не присылать письма', hint: 'Уведомления остаются только в портале.' },
};

export const MAIL_MODES = Object.keys(MAIL_MODE_LABELS) as MailMode[];

/** Why the person is offered no e-mail address, as the account page and the settings page say it. */
export const NO_EMAIL_TEXTS: Record<NoEmailReason, string> = {
  minor:
    'Несовершеннолетним участникам наставничества портал не отправляет электронные письма, поэтому адрес почты в профиле не указывается. Все уведомления видны в портале, в разделе «Уведомления».',
  age_unknown:
    'Учётная запись ещё не связана с записью в базе наставников или наставляемых, поэтому портал не знает, исполнилось ли вам 18 лет, и не отправляет писем. Обратитесь к куратору наставничества своей организации; до тех пор все уведомления видны в портале, в разделе «Уведомления».',
};

/** The labels of the e-mail form's fields, for the error summary. */
export const EMAIL_LABELS = { email: 'Адрес электронной почты' };

/** The labels of the settings form's fields, for the error summary. */
export const SETTINGS_LABELS = { mode: 'Как присылать письма', email_kinds: 'Какие уведомления присылать письмом' };

/** How long a confirmation link lives, in words. */
export const CONFIRMATION_LIFETIME_TEXT = '48 часов';
