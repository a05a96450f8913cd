import type { FastifyInstance } from 'fastify';
import { SETTINGS_PATH, unsubscribePath } from './letters.js';
import { UNSUBSCRIBE_LABELS } from './labels.js';
import { unsubscribeTokenOf } from './schemas.js';
import { maskedAddress, unsubscribe, unsubscribeTarget } from './service.js';

/**
 * The unsubscribe link of every mail (issue 16), without logging in: the page asks, the button
 * turns mail off. The POST is also what a mail client sends for one-click unsubscription (RFC 8058:
 * `List-Unsubscribe=One-Click`, from another origin and without the portal's form token), so it is
 * exempt from the CSRF and same-origin checks (`csrf: false`): the token in the address is the
 * secret, and the only thing the request can do is turn the person's mail off.
 */
export async function mailRoutes(app: FastifyInstance): Promise<void> {
  app.get('/mail/unsubscribe/:token', { config: { access: 'public' } }, async (request, reply) => {
    const token = unsubscribeTokenOf(request.params);
    const target = await unsubscribeTarget(app.db, token);
    if (!target)
      return reply.render('mail/unsubscribe-invalid', { title: 'Ссылка недействительна', labels: UNSUBSCRIBE_LABELS }, 404);
    return reply.render('mail/unsubscribe', {
      title: UNSUBSCRIBE_LABELS.title,
      labels: UNSUBSCRIBE_LABELS,
      address: maskedAddress(target.email) ?? UNSUBSCRIBE_LABELS.noAddress,
      alreadyOff: target.mode === 'off',
      action: unsubscribePath(token),
      settingsPath: SETTINGS_PATH,
    });
  });

  app.post('/mail/unsubscribe/:token', { config: { access: 'public', csrf: false } }, async (request, reply) => {
    const token = unsubscribeTokenOf(request.params);
    const done = await unsubscribe(app.db, token, request.ip);
    if (!done)
      return reply.render('mail/unsubscribe-invalid', { title: 'Ссылка недействительна', labels: UNSUBSCRIBE_LABELS }, 404);
    return reply.render('mail/unsubscribed', {
      title: UNSUBSCRIBE_LABELS.doneTitle,
      labels: UNSUBSCRIBE_LABELS,
      text: done.result === 'done' ? UNSUBSCRIBE_LABELS.done : UNSUBSCRIBE_LABELS.alreadyOff,
      settingsPath: SETTINGS_PATH,
    });
  });
}
