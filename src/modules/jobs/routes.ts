import type { FastifyInstance } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { countOf } from '../../lib/ru.js';
import { jobsOverview } from './service.js';

const STATUS_LABELS = {
  waiting: 'Ещё не запускалась',
  running: 'Выполняется',
  succeeded: 'Выполнена',
  retrying: 'Ошибка, будет повтор',
  failed: 'Ошибка',
} as const;

const MINUTES = ['минуту', 'минуты', 'минут'] as const;

export async function jobRoutes(app: FastifyInstance): Promise<void> {
  app.get('/admin/jobs', { config: { access: { roles: MODULE_ROLES.jobs } } }, async (request, reply) => {
    const overview = await jobsOverview(app.db, actorOf(request), app.config.jobs);
    return reply.render('jobs/list', {
      title: 'Фоновые задачи',
      overview,
      statusLabels: STATUS_LABELS,
      every: (minutes: number) => (minutes === 1 ? 'каждую минуту' : `каждые ${countOf(minutes, MINUTES)}`),
    });
  });
}
