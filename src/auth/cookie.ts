import type { FastifyReply } from 'fastify';

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(reply.server.cookieNames.session, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: reply.server.config.cookieSecure,
    expires: expiresAt,
  });
}

/** Signs the browser out: the session cookie is dropped. */
export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(reply.server.cookieNames.session, { path: '/', secure: reply.server.config.cookieSecure });
}
