import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Seconds a client is asked to wait (Retry-After) when a request is shed. */
export const RETRY_AFTER_SECONDS = 10;

/** The code of an error that sheds a request; the error page answers it 503 with Retry-After. */
export const OVERLOAD_CODE = 'FST_UNDER_PRESSURE';

class OverloadError extends Error {
  readonly statusCode = 503;
  readonly code = OVERLOAD_CODE;
  constructor() {
    super('Service Unavailable');
  }
}

/**
 * Sheds load instead of queueing it without bound: when the event loop lags (or the heap is over its
 * limit) @fastify/under-pressure answers 503; when more requests wait for a database connection
 * than DB_QUEUE_LIMIT, so does the hook below. Either way the client gets Retry-After and the
 * Russian «временно недоступен» page; `/healthz` (liveness) is never shed.
 */
export const overload = fp(
  async (app: FastifyInstance) => {
    const { eventLoopDelayMs, heapUsedBytes, databaseQueue } = app.config.overload;
    await app.register(underPressure, {
      maxEventLoopDelay: eventLoopDelayMs,
      maxHeapUsedBytes: heapUsedBytes,
      retryAfter: RETRY_AFTER_SECONDS,
    });
    if (databaseQueue <= 0) return;
    app.addHook('onRequest', async (request, reply) => {
      if (app.database.waiting() < databaseQueue) return;
      const own = request.routeOptions.config.pressureHandler;
      if (own) {
        const answer = own(request, reply);
        if (answer !== undefined && answer !== null) return reply.send(answer);
        return;
      }
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      throw new OverloadError();
    });
  },
  { name: 'overload' },
);
