import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Writable } from 'node:stream';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import helmet from 'helmet';
import { Eta } from 'eta';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { clearSessionCookie, setSessionCookie } from './auth/cookie.js';
import { validateSessionToken } from './auth/sessions.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/index.js';
import type { Database } from './db/types.js';
import { describeError, isDatabaseUnavailable } from './db/errors.js';
import { type CookieNames, cookieNames } from './http/cookies.js';
import { HttpError } from './http/errors.js';
import { setFlash } from './http/flash.js';
import { csrfUserInfo } from './http/csrf.js';
import { healthRoutes } from './http/health.js';
import { safeNext } from './http/next.js';
import { OVERLOAD_CODE, overload } from './http/overload.js';
import type { CompressedPart } from './http/compression.js';
import { renderPage, renderPageAround } from './http/render.js';
import type { RouteAccess } from './http/types.js';
import { MAX_FILE_BYTES } from './lib/spreadsheet.js';
import { FileStore, MAX_DOCUMENT_BYTES } from './lib/uploads.js';
import { publicDir, viewsDir } from './paths.js';
import './http/types.js';
import { accountRoutes } from './modules/account/routes.js';
import { auditRoutes } from './modules/audit/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { homeRoutes } from './modules/home/routes.js';
import { indicatorRoutes } from './modules/indicators/routes.js';
import { organizationRoutes } from './modules/organizations/routes.js';
import { registerMeetingRoutes } from './modules/pairs/meeting-routes.js';
import { pairRoutes } from './modules/pairs/routes.js';
import { peopleRoutes } from './modules/people/routes.js';
import { programmeRoutes } from './modules/programmes/routes.js';
import { roadmapRoutes } from './modules/roadmaps/routes.js';
import { surveyRoutes } from './modules/surveys/routes.js';
import { tagRoutes } from './modules/tags/routes.js';
import { userRoutes } from './modules/users/routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Kysely<Database>;
    database: DatabaseHandle;
    /** Bytes of uploaded documents, under DATA_DIR/files (src/modules/files serves them). */
    files: FileStore;
    /** The cookies' names (with the `__Host-` prefix behind HTTPS). */
    cookieNames: CookieNames;
    /** Every route with its access declaration, for the access tests and for review. */
    registeredRoutes: RegisteredRoute[];
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  /** Where log lines go (stdout by default); tests pass a stream to read them. */
  logStream?: Writable;
  /** The process's logger, when it was made before the app (server.ts logs the wait for the database). */
  logger?: pino.Logger;
}

/** The portal's JSON logger: secrets redacted wherever a careless call would put them. */
export function createLogger(config: Config, stream: Writable = process.stdout): pino.Logger {
  return pino(
    {
      level: config.logLevel,
      redact: { paths: LOG_REDACT_PATHS, censor: '[скрыто]' },
      base: { service: 'nastavnichestvo' },
    },
    stream,
  );
}

/**
 * Fields never written to the log, should any code put them there; the request line
 * itself carries only the method, path, status, timing, request id and user id.
 */
export const LOG_REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'cookie',
  '*.cookie',
  '_csrf',
  '*._csrf',
];

/**
 * The path without its query string (a query may carry a searched name) and with a one-time
 * link's token hidden: the password links, the mentees' feedback links and the survey links, also on a path no
 * route matched (a mistyped link still carries its token).
 */
function loggablePath(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? '';
  const params = request.params as Record<string, unknown> | undefined;
  const token = params?.token;
  const hidden = typeof token === 'string' && token !== '' ? path.replace(token, '[скрыто]') : path;
  return hidden.replace(/^\/(set-password|feedback|survey-link)\/[^/]+/, '/$1/[скрыто]');
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const pinoLogger = deps.logger ?? createLogger(config, deps.logStream);
  const logger: FastifyBaseLogger = pinoLogger;

  const app = Fastify({
    loggerInstance: logger,
    // One line per request is written by our onResponse hook instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  });

  app.decorate('config', config);
  app.decorate('db', database.db);
  app.decorate('database', database);
  app.decorate('cookieNames', cookieNames(config.cookieSecure));
  app.decorate('files', new FileStore(path.join(config.dataDir, 'files')));
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('municipality', null);

  await app.register(fastifyCookie, { secret: config.cookieSecret });
  // Next of the hooks (after the cookies, which the error page's form token reads): a request shed
  // under overload costs nothing else.
  await app.register(overload);
  await app.register(fastifyFormbody);
  // Uploads (spreadsheets, documents): fields and the file land on request.body, so the CSRF check
  // reads them like any form. A file over the limit is cut and marked truncated; the route says so in
  // Russian. The limit is the largest of the upload kinds (documents 20 MB); each route checks its own
  // (people import: 10 MB), so a cut file is always over the route's limit too.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: Math.max(MAX_FILE_BYTES, MAX_DOCUMENT_BYTES) + 1, files: 1, fields: 20, fieldSize: 10_000 },
  });
  // The security headers (helmet), built once: @fastify/helmet builds the middleware again for
  // every request, which a profile of the dashboards showed as a few per cent of the server's time.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        ...(config.cookieSecure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.cookieSecure,
    referrerPolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  // The CSRF secret lives in a signed cookie; each token is bound to the session too (`userInfo`:
  // the session's id), so a secret and token planted in a browser by someone
  // else (a sibling subdomain, a shared computer) do not pass for the signed-in user's forms.
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: app.cookieNames.csrf,
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: true, secure: config.cookieSecure },
    csrfOpts: { hmacKey: createHash('sha256').update(`csrf-token:${config.cookieSecret}`).digest() },
    getUserInfo: csrfUserInfo,
    getToken: (request: FastifyRequest) => {
      const body = request.body as Record<string, unknown> | undefined;
      const token = body?._csrf;
      if (typeof token === 'string') return token;
      // a multipart field arrives as { value }
      const value = (token as { value?: unknown } | undefined)?.value;
      return typeof value === 'string' ? value : undefined;
    },
  });
  await app.register(fastifyView, {
    engine: { eta: new Eta({ views: viewsDir, cache: config.env === 'production', autoTrim: [false, 'nl'] }) },
    root: viewsDir,
    production: config.env === 'production',
  });

  // Static files are public; every other route must declare its access (see http/types.ts).
  const registeredRoutes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', registeredRoutes);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/public/')) {
      route.config = { ...(route.config ?? {}), access: 'public' } as typeof route.config;
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      registeredRoutes.push({ method, url: route.url, access: (route.config as { access?: RouteAccess } | undefined)?.access });
    }
  });
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/public/',
    maxAge: config.env === 'production' ? '1d' : 0,
  });

  app.decorateReply('render', function render(this: FastifyReply, template: string, data = {}, statusCode = 200) {
    return renderPage(this.request, this, template, data, statusCode);
  });
  app.decorateReply('renderAround', function renderAround(this: FastifyReply, template: string, data: Record<string, unknown>, part: CompressedPart) {
    return renderPageAround(this.request, this, template, data, part);
  });
  app.decorateReply('flash', function flash(this: FastifyReply, type, text) {
    setFlash(this, { type, text });
    return this;
  });

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[app.cookieNames.session];
    if (!token) return;
    const result = await validateSessionToken(request.server.db, token);
    if (!result) {
      clearSessionCookie(reply);
      return;
    }
    request.user = result.user;
    request.sessionId = result.session.id;
    request.municipality = result.municipality;
    if (result.session.renewed) setSessionCookie(reply, token, result.session.expiresAt);
  });

  app.addHook('preValidation', async (request, reply) => {
    await checkAccess(request, reply);
    if (reply.sent) return;
    if (UNSAFE_METHODS.has(request.method)) {
      checkSameOrigin(request);
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve()));
      });
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    if (!pinoLogger.isLevelEnabled('info')) return; // the request line is built only when written
    request.log.info(
      {
        method: request.method,
        path: loggablePath(request),
        route: request.routeOptions.url,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
        userId: request.user?.id ?? null,
      },
      'request',
    );
  });

  app.setErrorHandler(async (error: FastifyError | HttpError, request, reply) => {
    const unavailable = isDatabaseUnavailable(error);
    const statusCode = unavailable ? 503 : error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (unavailable) {
      // The database is away or too slow: the client may retry; nothing here is the code's fault.
      request.log.warn({ err: { message: describeError(error) } }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    } else if (statusCode >= 500 && (error as FastifyError).code !== OVERLOAD_CODE) {
      request.log.error({ err: error }, 'request failed');
    }
    const { title, message } = errorText(error, statusCode);
    try {
      return await reply.render('errors/error', { title, message, statusCode }, statusCode);
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed');
      return reply.code(statusCode).type('text/plain; charset=utf-8').send(`${title}. Код запроса: ${request.id}`);
    }
  });

  app.setNotFoundHandler({ preValidation: async () => {} }, async (_request, reply) => {
    return reply.render('errors/error', { title: 'Страница не найдена', message: NOT_FOUND_TEXT, statusCode: 404 }, 404);
  });

  await app.register(healthRoutes);

  await app.register(authRoutes);
  await app.register(homeRoutes);
  await app.register(accountRoutes);
  await app.register(organizationRoutes);
  await app.register(userRoutes);
  await app.register(auditRoutes);
  await app.register(peopleRoutes);
  await app.register(tagRoutes);
  await app.register(roadmapRoutes);
  await app.register(pairRoutes);
  await app.register(registerMeetingRoutes);
  await app.register(programmeRoutes);
  await app.register(indicatorRoutes);
  await app.register(surveyRoutes);

  // While closing, answers to requests still in flight tell the client to drop its keep-alive
  // connection, so that close() is not held up by idle connections until their timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onClose', async () => {
    await database.close();
  });

  return app;
}

/** Retry-After of a page that met an unavailable database («попробуйте через минуту»). */
const DATABASE_RETRY_AFTER_SECONDS = 60;

const NOT_FOUND_TEXT = 'Такой страницы нет, или у вас нет к ней доступа. Проверьте адрес или вернитесь на главную.';

function errorText(error: FastifyError | HttpError, statusCode: number): { title: string; message: string } {
  const code = (error as FastifyError).code ?? '';
  if (code.startsWith('FST_CSRF') || code === 'CROSS_SITE') {
    return {
      title: 'Форма устарела',
      message: 'Форма была открыта слишком давно или отправлена с другого сайта. Обновите страницу и отправьте её снова.',
    };
  }
  if (error instanceof HttpError) {
    const titles: Record<number, string> = { 403: 'Доступ запрещён', 404: 'Страница не найдена', 409: 'Действие невозможно' };
    return { title: titles[statusCode] ?? 'Ошибка', message: statusCode === 404 ? NOT_FOUND_TEXT : error.message };
  }
  switch (statusCode) {
    case 400:
      return { title: 'Некорректный запрос', message: 'Запрос не удалось разобрать. Вернитесь назад и проверьте введённые данные.' };
    case 401:
      return { title: 'Требуется вход', message: 'Сеанс завершён. Войдите снова.' };
    case 403:
      return { title: 'Доступ запрещён', message: 'У вас нет прав на это действие.' };
    case 404:
      return { title: 'Страница не найдена', message: NOT_FOUND_TEXT };
    case 413:
      return { title: 'Слишком большой запрос', message: 'Отправленные данные превышают допустимый размер.' };
    case 415:
      return { title: 'Неподдерживаемый формат', message: 'Сервер не принимает данные в таком формате.' };
    case 503:
      return {
        title: 'Сервис временно недоступен',
        message: 'Сервис временно недоступен, попробуйте через минуту. Если вы отправляли форму, откройте её снова и проверьте, сохранились ли данные.',
      };
    default:
      return statusCode >= 500
        ? {
            title: 'Внутренняя ошибка',
            message: 'На сервере произошла ошибка. Мы уже записали её; сообщите администратору код запроса, если она повторится.',
          }
        : { title: 'Ошибка', message: 'Запрос не выполнен.' };
  }
}

async function checkAccess(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.is404) return;
  const access: RouteAccess | undefined = request.routeOptions.config.access;
  if (access === undefined) {
    // Deny by default: a route that forgot its declaration is closed, and a test names it.
    throw new HttpError(403, 'Доступ к этой странице не настроен.');
  }
  if (access === 'public') return;
  if (!request.user) {
    if (request.method === 'GET' || request.method === 'HEAD') {
      await reply.redirect(`/login?next=${encodeURIComponent(safeNext(request.url))}`, 303);
      return;
    }
    throw new HttpError(401, 'Сеанс завершён. Войдите снова.');
  }
  if (access === 'authenticated') return;
  if (!access.roles.includes(request.user.role)) {
    throw new HttpError(403, 'Этот раздел недоступен для вашей роли.');
  }
}

/** Refuses a state-changing request that a browser says comes from another site. */
function checkSameOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  let crossSite = site !== undefined && site !== 'same-origin' && site !== 'none';
  if (!crossSite && origin && origin !== 'null') {
    try {
      // Both through URL, so that a default port written or not compares equal.
      crossSite = new URL(origin).host !== new URL(`http://${request.headers.host ?? ''}`).host;
    } catch {
      crossSite = true;
    }
  }
  if (crossSite) {
    const error = new HttpError(403, 'cross-site request') as HttpError & { code: string };
    error.code = 'CROSS_SITE';
    throw error;
  }
}
