import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Closing: answers to requests still in flight tell the client to drop its keep-alive connection,
 * so that close() is not held up by idle connections until their timeout; the database is closed
 * last, after the requests in flight.
 */
export const shutdown = fp(
  async (app: FastifyInstance) => {
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onSend', async (_request, reply) => {
      if (closing) reply.header('connection', 'close');
    });
    app.addHook('onClose', async () => {
      await app.database.close();
    });
  },
  { name: 'shutdown' },
);
