import type { FastifyReply, FastifyRequest } from 'fastify';
import { ROLE_LABELS } from '../access/roles.js';
import { countOf, formatDate, formatDateTime, greetingName, plural, shorten } from '../lib/ru.js';
import { type Flash, takeFlash } from './flash.js';
import { csrfUserInfo } from './csrf.js';
import { navFor } from './nav.js';
import { ageOn, todayIso } from '../lib/dates.js';
import { acceptsGzip, type CompressedPart, gzipAround } from './compression.js';
import { lowVisionClasses, readLowVision } from './low-vision.js';
import { safeNext } from './next.js';

/** Helpers every template may use as `it.h`. */
export const viewHelpers = {
  date: formatDate,
  dateTime: formatDateTime,
  plural,
  countOf,
  greetingName,
  shorten,
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
  const html = await pageHtml(request, reply, template, data);
  return reply.code(statusCode).type('text/html; charset=utf-8').send(html);
}

/** Where a cached part goes in the rendered page; it cannot come out of the escaped data. */
const PART_MARKER = '\u0000cached-part\u0000';

/**
 * A page whose content (`it.content`) is a part rendered and deflated earlier (indicators' dashboards):
 * only the layout around it is rendered now. A client that accepts gzip gets one gzip member built
 * around the part's cached deflate (http/compression.ts); any other gets the plain bytes.
 */
export async function renderPageAround(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown>,
  part: CompressedPart,
): Promise<FastifyReply> {
  const html = await pageHtml(request, reply, template, { ...data, content: PART_MARKER });
  const at = html.indexOf(PART_MARKER);
  if (at < 0 || html.indexOf(PART_MARKER, at + 1) >= 0)
    throw new Error(`${template}: it.content must appear exactly once, unescaped`);
  const head = Buffer.from(html.slice(0, at), 'utf8');
  const tail = Buffer.from(html.slice(at + PART_MARKER.length), 'utf8');
  reply.code(200).type('text/html; charset=utf-8').header('vary', 'accept-encoding');
  if (acceptsGzip(request.headers['accept-encoding']))
    return reply.header('content-encoding', 'gzip').send(gzipAround(head, part, tail));
  return reply.send(Buffer.concat([head, part.text, tail]));
}

async function pageHtml(
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  data: Record<string, unknown>,
): Promise<string> {
  const user = request.user;
  const path = request.url.split('?')[0] ?? '/';
  const flash: Flash | null = takeFlash(request, reply);
  const lowVision = readLowVision(request);
  return reply.viewAsync(template, {
    portalName: PORTAL_NAME,
    user,
    unreadNotifications: user ? request.unreadNotifications : 0,
    roleLabel: user ? ROLE_LABELS[user.role] : null,
    nav: user ? navFor(user, path) : [],
    csrfToken: reply.generateCsrf({ userInfo: csrfUserInfo(request) }),
    flash,
    currentPath: path,
    // The version for the visually impaired: its settings (null: off), <html>'s classes, and the page
    // its forms come back to.
    lowVision,
    lowVisionClasses: lowVisionClasses(lowVision),
    backPath: safeNext(request.url),
    requestId: request.id,
    h: viewHelpers,
    errors: {},
    values: {},
    ...data,
  });
}
