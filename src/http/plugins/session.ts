import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { clearSessionCookie, setSessionCookie } from '../../auth/cookie.js';
import { validateSessionToken } from '../../auth/sessions.js';
import { runInTimeZoneOf } from '../../lib/dates.js';

/**
 * Who is asking: the session cookie read once per request (one query, auth/sessions.ts), giving
 * `request.user`, `request.sessionId`, the municipality's data state and time zone and the unread notifications' count; a dead cookie is dropped.
 */
export const session = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('user', null);
    app.decorateRequest('sessionId', null);
    app.decorateRequest('municipality', null);
    app.decorateRequest('unreadNotifications', 0);
    // The rest of the request runs with its municipality's «today» (lib/dates.ts): once the
    // session below is read, todayIso() anywhere in the request is the municipality's day.
    app.addHook('onRequest', (request, _reply, done) => runInTimeZoneOf(() => request.municipality?.timeZone, done));
    app.addHook('onRequest', async (request, reply) => {
      const token = request.cookies[app.cookieNames.session];
      if (!token) return;
      const result = await validateSessionToken(app.db, token);
      if (!result) {
        clearSessionCookie(reply);
        return;
      }
      request.user = result.user;
      request.sessionId = result.session.id;
      request.municipality = result.municipality;
      request.unreadNotifications = result.unreadNotifications;
      if (result.session.renewed) setSessionCookie(reply, token, result.session.expiresAt);
    });
  },
  { name: 'session', dependencies: ['@fastify/cookie'] },
);
