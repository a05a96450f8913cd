import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../http/actor.js';
import { fieldErrors } from '../../http/forms.js';
import { formatDateTime } from '../../lib/ru.js';
import { NO_EMAIL_TEXTS, MAIL_MODE_LABELS, MAIL_MODES, SETTINGS_LABELS } from './labels.js';
import { emailValues, linkMessage, renderAccount } from './page.js';
import { emailForm, mailSettingsForm } from './schemas.js';
import {
  confirmEmail,
  confirmationLink,
  type LinkState,
  type MailContext,
  mailSettingsPage,
  removeOwnEmail,
  resendConfirmation,
  saveMailSettings,
  saveOwnEmail,
} from './service.js';

const own = { access: 'authenticated' } as const;
const open = { access: 'public' } as const;

const tokenParams = z.object({ token: z.string().max(100) });

function tokenFrom(params: unknown): string {
  const parsed = tokenParams.safeParse(params);
  return parsed.success ? parsed.data.token : '';
}

/** The page of a link that confirms nothing, with its status: 404 unknown, 410 used up or dead. */
const DEAD_LINKS: Record<Exclude<LinkState['kind'], 'ok'>, { status: number; title: string; text: string }> = {
  unknown: {
    status: 404,
    title: 'Ссылка недействительна',
    text: 'Такой ссылки нет: она скопирована не полностью, или адрес, на который она отправлена, удалён из профиля. Запросите новую ссылку в профиле.',
  },
  used: {
    status: 410,
    title: 'Ссылка уже использована',
    text: 'По этой ссылке адрес уже подтверждён. Каждая ссылка действует один раз.',
  },
  expired: {
    status: 410,
    title: 'Срок действия ссылки истёк',
    text: 'Ссылка для подтверждения адреса действует 48 часов. Запросите новую ссылку в профиле: кнопка «Отправить ссылку ещё раз».',
  },
  replaced: {
    status: 410,
    title: 'Ссылка заменена новой',
    text: 'После этого письма была отправлена новая ссылка, а действует только последняя. Откройте самое новое письмо или запросите ссылку ещё раз в профиле.',
  },
  changed: {
    status: 410,
    title: 'Адрес в профиле изменён',
    text: 'После отправки письма адрес электронной почты в профиле изменили или удалили, поэтому эта ссылка больше не действует. Письмо со ссылкой отправляется на новый адрес.',
  },
};

/** The person's address (set, confirmed, removed) and its mail settings (issue 16). */
export async function emailRoutes(app: FastifyInstance): Promise<void> {
  const mail = (): MailContext => ({ mailer: app.mailer, config: app.config });

  app.post('/account/email', { config: own }, async (request, reply) => {
    const parsed = emailForm.safeParse(request.body);
    if (!parsed.success) {
      return renderAccount(
        app,
        request,
        reply,
        { errors: fieldErrors(parsed.error), values: emailValues(request.body), errorsOf: 'email' },
        400,
      );
    }
    const email = parsed.data.email;
    const result = await saveOwnEmail(app.db, mail(), actorOf(request), email);
    if (result.kind === 'unchanged') reply.flash('info', `Адрес ${email} уже указан в профиле и подтверждён.`);
    else {
      const message = linkMessage(result.link, email);
      reply.flash(message.type, message.text);
    }
    return reply.redirect('/account#email', 303);
  });

  app.post('/account/email/resend', { config: own }, async (request, reply) => {
    const sent = await resendConfirmation(app.db, mail(), actorOf(request));
    if (!sent) reply.flash('info', 'Адрес не указан или уже подтверждён: отправлять ссылку не нужно.');
    else {
      const message = linkMessage(sent.link, sent.email);
      reply.flash(message.type, message.text);
    }
    return reply.redirect('/account#email', 303);
  });

  app.post('/account/email/remove', { config: own }, async (request, reply) => {
    const removed = await removeOwnEmail(app.db, actorOf(request));
    reply.flash(
      'success',
      removed ? 'Адрес электронной почты удалён из профиля. Письма больше не приходят.' : 'Адрес не был указан.',
    );
    return reply.redirect('/account#email', 303);
  });

  app.get('/account/email/confirm/:token', { config: open }, async (request, reply) => {
    const token = tokenFrom(request.params);
    const state = await confirmationLink(app.db, token);
    if (state.kind !== 'ok') {
      const dead = DEAD_LINKS[state.kind];
      return reply.render('account/email-link-dead', { title: dead.title, dead }, dead.status);
    }
    return reply.render('account/email-confirm', {
      title: 'Подтверждение адреса электронной почты',
      email: state.email,
      fullName: state.fullName,
      token,
    });
  });

  app.post('/account/email/confirm/:token', { config: open }, async (request, reply) => {
    const state = await confirmEmail(app.db, tokenFrom(request.params), request.ip);
    if (state.kind !== 'ok') {
      const dead = DEAD_LINKS[state.kind];
      return reply.render('account/email-link-dead', { title: dead.title, dead }, dead.status);
    }
    reply.flash('success', `Адрес ${state.email} подтверждён. Уведомления портала будут приходить на него.`);
    const own = request.user?.id === state.userId;
    return reply.redirect(own ? '/account#email' : request.user ? '/' : '/login', 303);
  });

  app.get('/account/notifications', { config: own }, async (request, reply) => {
    const page = await mailSettingsPage(app.db, actorOf(request), app.mailer !== null);
    return reply.render('account/notifications', settingsView(page));
  });

  app.post('/account/notifications', { config: own }, async (request, reply) => {
    const actor = actorOf(request);
    const parsed = mailSettingsForm.safeParse(request.body);
    if (!parsed.success) {
      const page = await mailSettingsPage(app.db, actor, app.mailer !== null);
      return reply.render('account/notifications', { ...settingsView(page), errors: fieldErrors(parsed.error) }, 400);
    }
    const changed = await saveMailSettings(app.db, actor, parsed.data);
    reply.flash('success', changed ? 'Настройки писем сохранены.' : 'Настройки не изменились.');
    return reply.redirect('/account/notifications', 303);
  });
}

function settingsView(page: Awaited<ReturnType<typeof mailSettingsPage>>) {
  return {
    title: 'Уведомления по электронной почте',
    breadcrumbs: [{ label: 'Профиль', href: '/account' }, { label: 'Уведомления по электронной почте' }],
    page,
    modes: MAIL_MODES.map((mode) => ({ value: mode, ...MAIL_MODE_LABELS[mode] })),
    noEmailText: page.noEmail ? NO_EMAIL_TEXTS[page.noEmail] : null,
    labels: SETTINGS_LABELS,
    updatedAt: page.updatedAt ? formatDateTime(page.updatedAt) : null,
  };
}
