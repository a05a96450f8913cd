import type { FastifyReply, FastifyRequest } from 'fastify';
import { type IssuedPasswordToken, passwordLinkPath } from '../../auth/password-tokens.js';
import type { PasswordMailOutcome } from '../mail/service.js';

/** The issued link as the account's page shows it once: the link itself, or where it was mailed. */
export interface ShownLink {
  /** null when the link was mailed: the page then names the address only. */
  url: string | null;
  expiresAt: Date;
  mailedTo: string | null;
  /** Why the mail was not sent (the link is then shown as well). */
  mailError: string | null;
}

/**
 * A freshly issued one-time link travels to the next page in a short-lived signed cookie,
 * so that the page can show it once after the redirect (it is never stored in clear).
 */
export function rememberLink(
  reply: FastifyReply,
  userId: number,
  link: IssuedPasswordToken,
  mail: PasswordMailOutcome = { status: 'not_mailed' },
): void {
  const mailed =
    mail.status === 'sent'
      ? { mailedTo: mail.address }
      : mail.status === 'failed'
        ? { mailError: `${mail.address}: ${mail.error}`.slice(0, 300) }
        : mail.status === 'withheld'
          ? { mailError: mail.reason }
          : {};
  reply.setCookie(
    reply.server.cookieNames.issuedLink,
    // A mailed link is not kept for the page at all: only the address it went to.
    JSON.stringify({
      userId,
      ...(mail.status === 'sent' ? {} : { token: link.token }),
      expiresAt: link.expiresAt.toISOString(),
      ...mailed,
    }),
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
export function takeLink(request: FastifyRequest, reply: FastifyReply, userId: number): ShownLink | null {
  const name = request.server.cookieNames.issuedLink;
  const raw = request.cookies[name];
  if (!raw) return null;
  reply.clearCookie(name, { path: '/users', secure: request.server.config.cookieSecure });
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const value = JSON.parse(unsigned.value) as {
      userId: number;
      token?: string;
      expiresAt: string;
      mailedTo?: string;
      mailError?: string;
    };
    if (value.userId !== userId) return null;
    const base = request.server.config.publicUrl ?? `${request.protocol}://${request.host}`;
    return {
      url: value.token ? new URL(passwordLinkPath(value.token), base).toString() : null,
      expiresAt: new Date(value.expiresAt),
      mailedTo: value.mailedTo ?? null,
      mailError: value.mailError ?? null,
    };
  } catch {
    return null;
  }
}
