import type { FastifyRequest } from 'fastify';

/**
 * What a CSRF token is bound to besides its secret: the session (its stored id), or the signed-out
 * state. A token issued to one session does not pass for another (src/app.ts registers the check).
 */
export function csrfUserInfo(request: FastifyRequest): string {
  return request.sessionId ?? 'signed-out';
}
