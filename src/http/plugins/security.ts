import { createHash } from 'node:crypto';
import fastifyCsrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import helmet from 'helmet';
import { csrfUserInfo } from '../csrf.js';

/**
 * Security headers and the CSRF token.
 *
 * The headers (helmet) are built once: @fastify/helmet builds the middleware again for every
 * request, which a profile of the dashboards showed as a few per cent of the server's time.
 *
 * The CSRF secret lives in a signed cookie; each token is bound to the session too (`userInfo`: the
 * session's id), so a secret and token planted in a browser by someone else (a sibling subdomain, a
 * shared computer) do not pass for the signed-in user's forms. The check itself runs in the access
 * plugin, after the route's access is known.
 */
export const security = fp(
  async (app: FastifyInstance) => {
    const { config } = app;
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
  },
  { name: 'security', dependencies: ['@fastify/cookie'] },
);
