import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findUsablePasswordToken } from '../../auth/password-tokens.js';
import { clearSessionCookie, setSessionCookie } from '../../auth/cookie.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { safeNext } from '../../http/next.js';
import { minutesLeft } from '../../lib/ru.js';
import { recordAudit } from '../audit/service.js';
import { login, logout, setPasswordWithToken } from './service.js';

const loginForm = z.object({
  login: z.string({ error: 'Введите логин' }).trim().min(1, 'Введите логин').max(100, 'Логин: не более 100 символов'),
  // never trimmed: spaces may be part of a password
  password: z.string({ error: 'Введите пароль' }).min(1, 'Введите пароль').max(1000, 'Пароль слишком длинный'),
  // checked by safeNext, whatever it is (an array when the field is repeated)
  next: z.unknown().optional(),
});

const setPasswordForm = z
  .object({
    password: z.string({ error: 'Введите новый пароль' }).min(1, 'Введите новый пароль'),
    password_confirm: z.string({ error: 'Повторите пароль' }).min(1, 'Повторите пароль'),
  })
  .refine((v) => v.password === v.password_confirm, { path: ['password_confirm'], message: 'Пароли не совпадают' });

const tokenParams = z.object({ token: z.string().max(100) });

/** The token of a one-time link URL, or '' (which matches no link). */
function tokenFrom(params: unknown): string {
  const parsed = tokenParams.safeParse(params);
  return parsed.success ? parsed.data.token : '';
}

export function clientOf(request: FastifyRequest) {
  const ua = request.headers['user-agent'];
  return { ip: request.ip, userAgent: typeof ua === 'string' ? ua : null };
}

export async function authRoutes(app: FastifyInstance): Promise<void> {
  app.get('/login', { config: { access: 'public' } }, async (request, reply) => {
    if (request.user) return reply.redirect('/', 303);
    const query = request.query as { next?: unknown };
    return reply.render('auth/login', { title: 'Вход', values: { next: safeNext(query.next) } });
  });

  app.post('/login', { config: { access: 'public' } }, async (request, reply) => {
    const values = formValues(request.body);
    delete values.password; // never echoed back into the page
    const parsed = loginForm.safeParse(request.body);
    if (!parsed.success) {
      return reply.render('auth/login', { title: 'Вход', values, errors: fieldErrors(parsed.error) }, 400);
    }
    const result = await login(app.db, parsed.data.login, parsed.data.password, clientOf(request));
    if (result.kind === 'locked') {
      const errors: FieldErrors = {
        _form: `Слишком много неудачных попыток входа. Вход временно заблокирован, повторите попытку через ${minutesLeft(result.until)}.`,
      };
      return reply.render('auth/login', { title: 'Вход', values, errors }, 429);
    }
    if (result.kind === 'invalid') {
      const errors: FieldErrors = { _form: 'Неверный логин или пароль', password: 'Проверьте логин и пароль' };
      return reply.render('auth/login', { title: 'Вход', values, errors }, 401);
    }
    setSessionCookie(reply, result.token, result.expiresAt);
    return reply.redirect(safeNext(parsed.data.next), 303);
  });

  app.post('/logout', { config: { access: 'public' } }, async (request, reply) => {
    if (request.sessionId && request.user) {
      await logout(app.db, request.sessionId);
      await recordAudit(
        app.db,
        { userId: request.user.id, ip: request.ip },
        {
          action: 'logout',
          entityType: 'user',
          entityId: request.user.id,
          organizationId: request.user.organizationId,
          municipalityId: request.user.municipalityId,
        },
      );
    }
    clearSessionCookie(reply);
    reply.flash('info', 'Вы вышли из портала.');
    return reply.redirect('/login', 303);
  });

  app.get('/set-password/:token', { config: { access: 'public' } }, async (request, reply) => {
    const token = tokenFrom(request.params);
    const info = await findUsablePasswordToken(app.db, token);
    if (!info) return reply.render('auth/link-invalid', { title: 'Ссылка недействительна' }, 404);
    return reply.render('auth/set-password', { title: 'Установка пароля', account: info, token });
  });

  app.post('/set-password/:token', { config: { access: 'public' } }, async (request, reply) => {
    const token = tokenFrom(request.params);
    const info = await findUsablePasswordToken(app.db, token);
    if (!info) return reply.render('auth/link-invalid', { title: 'Ссылка недействительна' }, 404);
    const parsed = setPasswordForm.safeParse(request.body);
    const view = { title: 'Установка пароля', account: info, token };
    if (!parsed.success) return reply.render('auth/set-password', { ...view, errors: fieldErrors(parsed.error) }, 400);
    const result = await setPasswordWithToken(app.db, token, parsed.data.password, request.ip);
    if (result.kind === 'invalid-link') return reply.render('auth/link-invalid', { title: 'Ссылка недействительна' }, 404);
    if (result.kind === 'weak') return reply.render('auth/set-password', { ...view, errors: { password: result.message } }, 400);
    // Whoever was signed in on this browser is signed out: the link belongs to another person perhaps.
    clearSessionCookie(reply);
    reply.flash('success', `Пароль установлен. Войдите с логином «${result.login}» и новым паролем.`);
    return reply.redirect('/login', 303);
  });
}
