import type { FastifyInstance } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { idOf } from '../../http/ids.js';
import { formatDate } from '../../lib/ru.js';
import { STATUS_LABELS } from './labels.js';
import { templateMatrix } from './matrix.js';
import { todayIso } from './overdue.js';
import { manage, roadmapCrumbs } from './route-helpers.js';
import { createFromTemplate, setTemplatePublished } from './templates.js';

/** Templates (`/roadmaps/:id/publish`, `…/unpublish`, `…/use`, `…/matrix`): publishing one, a school's roadmap from one, the matrix by school. */

const matrixAccess = { access: { roles: MODULE_ROLES.roadmapsMatrix } };
const useAccess = { access: { roles: MODULE_ROLES.roadmapsFromTemplate } };

export async function templateRoutes(app: FastifyInstance): Promise<void> {
  app.post('/roadmaps/:id/publish', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    await setTemplatePublished(app.db, actorOf(request), id, true);
    reply.flash('success', 'Шаблон опубликован: кураторы школ могут создать по нему свои дорожные карты.');
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  app.post('/roadmaps/:id/unpublish', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    await setTemplatePublished(app.db, actorOf(request), id, false);
    reply.flash('success', 'Шаблон снят с публикации. Дорожные карты, уже созданные по нему школами, остаются.');
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  app.post('/roadmaps/:id/use', { config: useAccess }, async (request, reply) => {
    const result = await createFromTemplate(app.db, actorOf(request), idOf(request.params));
    reply.flash(
      result.created ? 'success' : 'info',
      result.created
        ? 'Дорожная карта школы создана по шаблону. Адаптируйте пункты, укажите ответственных и передайте её на утверждение руководителю.'
        : 'У школы уже есть дорожная карта по этому шаблону — открыта она.',
    );
    return reply.redirect(`/roadmaps/${result.id}`, 303);
  });

  app.get('/roadmaps/:id/matrix', { config: matrixAccess }, async (request, reply) => {
    const matrix = await templateMatrix(app.db, actorOf(request), idOf(request.params), todayIso());
    return reply.render('roadmaps/matrix', {
      title: `Исполнение по школам: ${matrix.template.title}`,
      breadcrumbs: roadmapCrumbs(matrix.template, 'Исполнение по школам'),
      // A column per school: the table takes the width of the screen.
      wide: true,
      ...matrix,
      statusLabels: STATUS_LABELS,
      formatDate,
    });
  });
}
