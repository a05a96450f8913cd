import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/actor.js';
import { idOf } from '../../http/ids.js';
import { pageUrl } from '../../lib/pagination.js';
import { NOTIFICATION_KIND_LIST, NOTIFICATION_KINDS } from './labels.js';
import { notificationListQuery } from './schemas.js';
import { markAllRead, markRead, notificationList, openNotification } from './service.js';

const own = { access: 'authenticated' } as const;

/** Where a form on the list sends the reader back to: the list as it was (its filters, its page). */
function backTo(body: unknown): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).back : undefined;
  return typeof value === 'string' && /^\/notifications(\?[\w=&%.-]*)?$/.test(value) ? value : '/notifications';
}

export async function notificationRoutes(app: FastifyInstance): Promise<void> {
  app.get('/notifications', { config: own }, async (request, reply) => {
    const query = notificationListQuery.parse(request.query);
    const page = await notificationList(app.db, actorOf(request), query);
    const filters = { show: query.show === 'unread' ? 'unread' : undefined, kind: query.kind };
    const current = pageUrl('/notifications', filters, page.page);
    return reply.render('notifications/list', {
      title: 'Уведомления',
      page,
      filters: { show: query.show, kind: query.kind ?? '' },
      kinds: NOTIFICATION_KIND_LIST.map((kind) => ({ value: kind, label: NOTIFICATION_KINDS[kind].label })),
      kindLabels: Object.fromEntries(NOTIFICATION_KIND_LIST.map((kind) => [kind, NOTIFICATION_KINDS[kind].label])),
      back: current,
      urlFor: (n: number) => pageUrl('/notifications', filters, n),
    });
  });

  app.post('/notifications/read-all', { config: own }, async (request, reply) => {
    const count = await markAllRead(app.db, actorOf(request));
    reply.flash('success', count > 0 ? 'Все уведомления отмечены прочитанными.' : 'Непрочитанных уведомлений нет.');
    return reply.redirect(backTo(request.body), 303);
  });

  app.post('/notifications/:id/read', { config: own }, async (request, reply) => {
    await markRead(app.db, actorOf(request), idOf(request.params));
    return reply.redirect(backTo(request.body), 303);
  });

  // Opening changes state (the notification becomes read), so it is a POST: the list's title of
  // an unread notification is this form's button. A GET never marks anything read (a mail scanner or
  // a prefetch following links would read a person's notifications); a read one links to its page.
  app.post('/notifications/:id/open', { config: own }, async (request, reply) => {
    const link = await openNotification(app.db, actorOf(request), idOf(request.params));
    return reply.redirect(link, 303);
  });
}
