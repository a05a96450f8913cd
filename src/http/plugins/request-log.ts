import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The path without its query string (a query may carry a searched name) and with a one-time
 * link's token hidden: the password links, the mentees' feedback links, the survey links and the
 * links that confirm an e-mail address and the unsubscribe links, also
 * on a path no route matched (a mistyped link still carries its token).
 */
export function loggablePath(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? '';
  const params = request.params as Record<string, unknown> | undefined;
  const token = params?.token;
  const hidden = typeof token === 'string' && token !== '' ? path.replace(token, '[скрыто]') : path;
  return hidden.replace(
    /^\/(set-password|feedback|survey-link|account\/email\/confirm|mail\/unsubscribe)\/[^/]+/,
    '/$1/[скрыто]',
  );
}

/** One log line per request (Fastify's own two are switched off in buildApp). */
export const requestLog = fp(
  async (app: FastifyInstance) => {
    const log = app.log as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
    const infoEnabled = () => log.isLevelEnabled?.('info') ?? true;
    app.addHook('onResponse', async (request, reply) => {
      if (!infoEnabled()) return; // the request line is built only when written
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
  },
  { name: 'request-log' },
);
