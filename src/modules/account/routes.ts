import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { setSessionCookie } from '../../auth/cookie.js';
import { actorOf } from '../../http/actor.js';
import { fieldErrors } from '../../http/forms.js';
import { changeOwnPassword } from '../users/service.js';
import { emailRoutes } from './email-routes.js';
import { renderAccount } from './page.js';

const passwordForm = z
  .object({
    current_password: z.string({ error: 'Введите текущий пароль' }).min(1, 'Введите текущий пароль'),
    password: z.string({ error: 'Введите новый пароль' }).min(1, 'Введите новый пароль'),
    password_confirm: z.string({ error: 'Повторите новый пароль' }).min(1, 'Повторите новый пароль'),
  })
  .refine((v) => v.password === v.password_confirm, { path: ['password_confirm'], message: 'Пароли не совпадают' });

export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const config = { access: 'authenticated' as const };

  app.get('/account', { config }, async (request, reply) => renderAccount(app, request, reply));

  app.post('/account/password', { config }, async (request, reply) => {
    const actor = actorOf(request);
    const parsed = passwordForm.safeParse(request.body);
    if (!parsed.success) {
      return renderAccount(app, request, reply, { errors: fieldErrors(parsed.error), errorsOf: 'password' }, 400);
    }
    const ua = request.headers['user-agent'];
    const result = await changeOwnPassword(
      app.db,
      actor,
      parsed.data.current_password,
      parsed.data.password,
      typeof ua === 'string' ? ua : null,
    );
    if (!result.ok) return renderAccount(app, request, reply, { errors: result.errors, errorsOf: 'password' }, 400);
    setSessionCookie(reply, result.token, result.expiresAt);
    reply.flash('success', 'Пароль изменён. Сеансы на других устройствах завершены.');
    return reply.redirect('/account', 303);
  });

  await app.register(emailRoutes);
}
