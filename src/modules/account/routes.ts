import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { setSessionCookie } from '../../auth/cookie.js';
import { actorOf } from '../../http/actor.js';
import { fieldErrors } from '../../http/forms.js';
import { changeOwnPassword, getUser } from '../users/service.js';

const passwordForm = z
  .object({
    current_password: z.string({ error: 'Введите текущий пароль' }).min(1, 'Введите текущий пароль'),
    password: z.string({ error: 'Введите новый пароль' }).min(1, 'Введите новый пароль'),
    password_confirm: z.string({ error: 'Повторите новый пароль' }).min(1, 'Повторите новый пароль'),
  })
  .refine((v) => v.password === v.password_confirm, { path: ['password_confirm'], message: 'Пароли не совпадают' });

const PASSWORD_LABELS = {
  current_password: 'Текущий пароль',
  password: 'Новый пароль',
  password_confirm: 'Новый пароль ещё раз',
};

export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const config = { access: 'authenticated' as const };

  app.get('/account', { config }, async (request, reply) => {
    const actor = actorOf(request);
    const person = await getUser(app.db, actor, actor.user.id);
    return reply.render('account/show', { title: 'Профиль', person, labels: PASSWORD_LABELS });
  });

  app.post('/account/password', { config }, async (request, reply) => {
    const actor = actorOf(request);
    const parsed = passwordForm.safeParse(request.body);
    const person = await getUser(app.db, actor, actor.user.id);
    if (!parsed.success) {
      return reply.render(
        'account/show',
        { title: 'Профиль', person, labels: PASSWORD_LABELS, errors: fieldErrors(parsed.error) },
        400,
      );
    }
    const ua = request.headers['user-agent'];
    const result = await changeOwnPassword(
      app.db,
      actor,
      parsed.data.current_password,
      parsed.data.password,
      typeof ua === 'string' ? ua : null,
    );
    if (!result.ok)
      return reply.render('account/show', { title: 'Профиль', person, labels: PASSWORD_LABELS, errors: result.errors }, 400);
    setSessionCookie(reply, result.token, result.expiresAt);
    reply.flash('success', 'Пароль изменён. Сеансы на других устройствах завершены.');
    return reply.redirect('/account', 303);
  });
}
