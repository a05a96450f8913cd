import type { FastifyReply, FastifyRequest } from 'fastify';

export interface Flash {
  type: 'success' | 'info' | 'error';
  text: string;
}

export function setFlash(reply: FastifyReply, flash: Flash): void {
  reply.setCookie(reply.server.cookieNames.flash, JSON.stringify(flash), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    maxAge: 60,
    secure: reply.server.config.cookieSecure,
  });
}

/** Reads the message left by the previous request and clears it. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | null {
  const name = request.server.cookieNames.flash;
  const raw = request.cookies[name];
  if (!raw) return null;
  reply.clearCookie(name, { path: '/', secure: request.server.config.cookieSecure });
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return null;
  try {
    const value = JSON.parse(unsigned.value) as Partial<Flash>;
    if ((value.type === 'success' || value.type === 'info' || value.type === 'error') && typeof value.text === 'string') {
      return { type: value.type, text: value.text };
    }
  } catch {
    // a tampered or outdated cookie is simply ignored
  }
  return null;
}
