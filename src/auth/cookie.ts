import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './sessions.js';

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: reply.server.config.cookieSecure,
    expires: expiresAt,
  });
}
