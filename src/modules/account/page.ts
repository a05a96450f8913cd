import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, formValues } from '../../http/forms.js';
import { formatDateTime, minutesLeft } from '../../lib/ru.js';
import { getUser } from '../users/service.js';
import { EMAIL_LABELS, NO_EMAIL_TEXTS } from './labels.js';
import { emailPanel, type LinkOutcome } from './service.js';

const PASSWORD_LABELS = {
  current_password: 'Текущий пароль',
  password: 'Новый пароль',
  password_confirm: 'Новый пароль ещё раз',
};

/** The profile page, with the e-mail block; `values` and `errors` of the form that was sent. */
export async function renderAccount(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  form: { errors?: FieldErrors; values?: Record<string, string>; errorsOf?: 'password' | 'email' } = {},
  status = 200,
): Promise<FastifyReply> {
  const actor = actorOf(request);
  const person = await getUser(app.db, actor, actor.user.id);
  const email = await emailPanel(app.db, actor, app.mailer !== null);
  return reply.render(
    'account/show',
    {
      title: 'Профиль',
      person,
      email,
      noEmailText: email.noEmail ? NO_EMAIL_TEXTS[email.noEmail] : null,
      labels: form.errorsOf === 'email' ? EMAIL_LABELS : PASSWORD_LABELS,
      errors: form.errors ?? {},
      values: form.values ?? {},
      errorsOf: form.errorsOf ?? null,
    },
    status,
  );
}

/** The flash that tells what became of a confirmation mail. */
export function linkMessage(link: LinkOutcome, email: string): { type: 'success' | 'info' | 'error'; text: string } {
  switch (link.kind) {
    case 'sent':
      return {
        type: 'success',
        text: `На адрес ${email} отправлено письмо со ссылкой. Откройте его и подтвердите адрес: ссылка действует 48 часов.`,
      };
    case 'no-mailer':
      return {
        type: 'info',
        text: 'Адрес сохранён. Портал сейчас не отправляет электронную почту, поэтому подтвердить адрес пока нельзя.',
      };
    case 'failed':
      return {
        type: 'error',
        text: 'Не удалось отправить письмо: почтовый сервер портала не ответил или отказал. Попробуйте отправить ссылку ещё раз позже.',
      };
    case 'throttled':
      return {
        type: 'error',
        text: `Писем со ссылкой было слишком много за последний час. Отправить ссылку снова можно через ${minutesLeft(link.until)} (с ${formatDateTime(link.until)}).`,
      };
  }
}

/** The submitted values of the e-mail form, echoed back into the page on an error. */
export function emailValues(body: unknown): Record<string, string> {
  const values = formValues(body);
  return { email: values.email ?? '' };
}
