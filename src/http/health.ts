import type { FastifyInstance } from 'fastify';
import { RETRY_AFTER_SECONDS } from './overload.js';

/**
 * `/healthz` — liveness: the process answers (no database, no session); a supervisor restarts the
 * process only when this fails. `/readyz` — readiness: the database answers within a second; a load
 * balancer sends requests only to an instance that says 200. Under overload liveness still answers
 * 200 and readiness 503, so that the balancer sends the work elsewhere.
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { config: { access: 'public', pressureHandler: () => undefined } }, async (_request, reply) => {
    return reply.header('cache-control', 'no-store').send({ status: 'ok' });
  });

  app.get(
    '/readyz',
    {
      config: {
        access: 'public',
        pressureHandler: (_request, reply) => {
          reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS));
          return { status: 'overloaded', database: 'unknown' };
        },
      },
    },
    async (_request, reply) => {
      const ok = await app.database.ping(1_000);
      return reply
        .code(ok ? 200 : 503)
        .header('cache-control', 'no-store')
        .send({ status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unreachable' });
    },
  );
}
