import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_LABELS } from '../access/roles.js';
import { countOf, formatDate, formatDateTime, greetingName, plural } from '../lib/ru.js';
import { type Flash, takeFlash } from './flash.js';
import { navFor } from './nav.js';
import { ageOn, todayIso } from '../lib/dates.js';

/** Helpers every template may use as `it.h`. */
export const viewHelpers = {
  date: formatDate,
  dateTime: formatDateTime,
  plural,
  countOf,
  greetingName,
  /** «12 лет» for a 'YYYY-MM-DD' birth date. */
  age: (birthDate: string) => {
    const years = ageOn(birthDate, todayIso());
    return `${years} ${plural(years, ['год', 'года', 'лет'])}`;
  },
  roleLabel: (role: keyof typeof ROLE_LABELS) => ROLE_LABELS[role],
  /** The `selected`/`checked` attribute when two values match. */
  selected: (a: unknown, b: unknown) => (String(a ?? '') === String(b ?? '') ? 'selected' : ''),
  checked: (on: unknown) => (on === true || on === 'on' || on === 'true' ? 'checked' : ''),
};

export const PORTAL_NAME = 'Наставничество';

export async function renderPage(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown>,
  statusCode: number,
): Promise<FastifyReply> {
  const user = request.user;
  const path = request.url.split('?')[0] ?? '/';
  const flash: Flash | null = takeFlash(request, reply);
  const html = await reply.viewAsync(template, {
    portalName: PORTAL_NAME,
    user,
    roleLabel: user ? ROLE_LABELS[user.role] : null,
    nav: user ? navFor(user, path) : [],
    csrfToken: reply.generateCsrf(),
    flash,
    currentPath: path,
    requestId: request.id,
    h: viewHelpers,
    errors: {},
    values: {},
    ...data,
  });
  return reply.code(statusCode).type('text/html; charset=utf-8').send(html);
}
