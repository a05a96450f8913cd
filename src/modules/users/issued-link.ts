import type { FastifyReply, FastifyRequest } from 'fastify';
import { type IssuedPasswordToken, passwordLinkPath } from '../../auth/password-tokens.js';

/**
 * A freshly issued one-time link travels to the next page in a short-lived signed cookie,
 * so that the page can show it once after the redirect (it is never stored in clear).
 */
export function rememberLink(reply: FastifyReply, userId: number, link: IssuedPasswordToken): void {
  reply.setCookie(
    reply.server.cookieNames.issuedLink,
    JSON.stringify({ userId, token: link.token, expiresAt: link.expiresAt.toISOString() }),
    {
      path: '/users',
      httpOnly: true,
      sameSite: 'strict',
      signed: true,
      maxAge: 300,
      secure: reply.server.config.cookieSecure,
    },
  );
}

/** The link issued for this account, once: the cookie is cleared as it is read. */
export function takeLink(request: FastifyRequest, reply: FastifyReply, userId: number): { url: string; expiresAt: Date } | null {
  const name = request.server.cookieNames.issuedLink;
  const raw = request.cookies[name];
  if (!raw) return null;
  reply.clearCookie(name, { path: '/users', secure: request.server.config.cookieSecure });
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const value = JSON.parse(unsigned.value) as { userId: number; token: string; expiresAt: string };
    if (value.userId !== userId) return null;
    const base = request.server.config.publicUrl ?? `${request.protocol}://${request.host}`;
    return { url: new URL(passwordLinkPath(value.token), base).toString(), expiresAt: new Date(value.expiresAt) };
  } catch {
    return null;
  }
}
