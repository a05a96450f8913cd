import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Writable } from 'node:stream';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Kysely } from 'kysely';
import type { pino } from 'pino';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/index.js';
import type { Database } from './db/types.js';
import { type CookieNames, cookieNames } from './http/cookies.js';
import { healthRoutes } from './http/health.js';
import { overload } from './http/overload.js';
import { access } from './http/plugins/access.js';
import { bodies } from './http/plugins/bodies.js';
import { errorPages } from './http/plugins/error-pages.js';
import { requestLog } from './http/plugins/request-log.js';
import { security } from './http/plugins/security.js';
import { session } from './http/plugins/session.js';
import { shutdown } from './http/plugins/shutdown.js';
import { views } from './http/plugins/views.js';
import './http/types.js';
import { createMailer, type Mailer } from './lib/mailer.js';
import { FileStore } from './lib/uploads.js';
import { createLogger } from './logger.js';
import { modules } from './modules/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Kysely<Database>;
    database: DatabaseHandle;
    /** Bytes of uploaded documents, under DATA_DIR/files (src/modules/files serves them). */
    files: FileStore;
    /** The cookies' names (with the `__Host-` prefix behind HTTPS). */
    cookieNames: CookieNames;
    /** Sends e-mail through SMTP_URL; null when it is not set (the portal then sends none). */
    mailer: Mailer | null;
  }
}

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  /** Where log lines go (stdout by default); tests pass a stream to read them. */
  logStream?: Writable;
  /** The process's logger, when it was made before the app (server.ts logs the wait for the database). */
  logger?: pino.Logger;
}

/**
 * The portal as a list of plugins, in the order their hooks run (src/http/plugins/): cookies, load
 * shedding, request bodies, security headers and CSRF, views, the session, access, the request log,
 * error pages, health checks, the modules, and closing.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const logger: FastifyBaseLogger = deps.logger ?? createLogger(config, deps.logStream);
  const app = Fastify({
    loggerInstance: logger,
    // One line per request is written by the request-log plugin instead of Fastify's two.
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
  const mailer = createMailer(config.mail);
  app.decorate('mailer', mailer);
  app.addHook('onClose', async () => mailer?.close());

  await app.register(fastifyCookie, { secret: config.cookieSecret });
  // Before everything else but the cookies (the error page's form token reads them): a request shed
  // under overload costs nothing more.
  await app.register(overload);
  await app.register(bodies);
  await app.register(security);
  await app.register(views);
  await app.register(session);
  await app.register(access);
  await app.register(requestLog);
  await app.register(errorPages);
  await app.register(healthRoutes);
  await app.register(modules);
  await app.register(shutdown);
  return app;
}
