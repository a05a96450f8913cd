import type { FastifyInstance } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import type { RoadmapItemStatus } from '../../db/types.js';
import { actorOf } from '../../http/actor.js';
import { NotFoundError } from '../../http/errors.js';
import { formatDate } from '../../lib/ru.js';
import type { Deadline } from './deadline.js';
import { STATUS_LABELS } from './labels.js';
import { isOverdue, todayIso } from './overdue.js';
import { roadmapItems, trackedOccurrences } from './queries.js';
import { idsFrom, manage, roadmapCrumbs } from './route-helpers.js';
import { createFromTemplate, loadRoadmap, setTemplatePublished } from './service.js';

const matrixAccess = { access: { roles: MODULE_ROLES.roadmapsMatrix } };
const useAccess = { access: { roles: ['curator'] as const } };

/** One cell of the matrix: the school's copy of a template item. */
export interface MatrixCell {
  status: RoadmapItemStatus | null;
  overdue: boolean;
  completedOn: string | null;
  /** The school's item, for a link; null when the school removed it or has no roadmap yet. */
  href: string | null;
}

export function registerTemplates(app: FastifyInstance): void {
  app.post('/roadmaps/:id/publish', { config: manage }, async (request, reply) => {
    const { id } = idsFrom(request.params);
    await setTemplatePublished(app.db, actorOf(request), id, true);
    reply.flash('success', 'Шаблон опубликован: кураторы школ могут создать по нему свои дорожные карты.');
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  app.post('/roadmaps/:id/unpublish', { config: manage }, async (request, reply) => {
    const { id } = idsFrom(request.params);
    await setTemplatePublished(app.db, actorOf(request), id, false);
    reply.flash('success', 'Шаблон снят с публикации. Дорожные карты, уже созданные по нему школами, остаются.');
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  app.post('/roadmaps/:id/use', { config: useAccess }, async (request, reply) => {
    const { id } = idsFrom(request.params);
    const result = await createFromTemplate(app.db, actorOf(request), id);
    reply.flash(
      result.created ? 'success' : 'info',
      result.created
        ? 'Дорожная карта школы создана по шаблону. Адаптируйте пункты, укажите ответственных и передайте её на утверждение руководителю.'
        : 'У школы уже есть дорожная карта по этому шаблону — открыта она.',
    );
    return reply.redirect(`/roadmaps/${result.id}`, 303);
  });

  app.get('/roadmaps/:id/matrix', { config: matrixAccess }, async (request, reply) => {
    const actor = actorOf(request);
    const template = await loadRoadmap(app.db, actor, idsFrom(request.params).id);
    if (template.kind !== 'template') throw new NotFoundError();
    const municipalityId = template.organization_id;
    const today = todayIso();

    const schools = await app.db
      .selectFrom('organizations')
      .select(['id', 'short_name'])
      .where('type', '=', 'school')
      .where('municipality_id', '=', municipalityId)
      .where('is_active', '=', true)
      .orderBy('short_name')
      .execute();
    // Each school's latest roadmap created from this template.
    const roadmaps = await app.db
      .selectFrom('roadmaps')
      .select(['id', 'organization_id', 'approved_at', 'order_number', 'order_date'])
      .where('template_id', '=', template.id)
      .where('kind', '=', 'plan')
      .orderBy('id')
      .execute();
    const roadmapOf = new Map(roadmaps.map((r) => [r.organization_id, r]));
    const copies = roadmaps.length
      ? await app.db
          .selectFrom('roadmap_items')
          .select(['id', 'roadmap_id', 'template_item_id', 'status', 'deadline', 'completed_on'])
          .where(
            'roadmap_id',
            'in',
            [...roadmapOf.values()].map((r) => r.id),
          )
          .where('template_item_id', 'is not', null)
          .execute()
      : [];
    const tracked = await trackedOccurrences(app.db, copies);
    const cells = new Map<string, MatrixCell>();
    for (const c of copies) {
      cells.set(`${c.roadmap_id}:${c.template_item_id}`, {
        status: c.status,
        overdue: isOverdue(c.deadline as Deadline | null, c.status, today, tracked.get(c.id)),
        completedOn: c.completed_on,
        href: `/roadmaps/${c.roadmap_id}#item-${c.id}`,
      });
    }
    const rows = (await roadmapItems(app.db, template.id)).map((item) => ({
      item,
      cells: schools.map((s) => {
        const r = roadmapOf.get(s.id);
        return r ? (cells.get(`${r.id}:${item.id}`) ?? { status: null, overdue: false, completedOn: null, href: null }) : null;
      }),
    }));
    // Whether each school has approved a roadmap of its own for this period, from the template or not.
    const plans = await app.db
      .selectFrom('roadmaps')
      .innerJoin('organizations', 'organizations.id', 'roadmaps.organization_id')
      .select(['roadmaps.organization_id', 'roadmaps.approved_at'])
      .where('organizations.type', '=', 'school')
      .where('organizations.municipality_id', '=', municipalityId)
      .where('roadmaps.kind', '=', 'plan')
      .where('roadmaps.period_from', '<=', template.period_to)
      .where('roadmaps.period_to', '>=', template.period_from)
      .execute();
    const approvedOn = new Map<number, Date>();
    const hasPlan = new Set<number>();
    for (const p of plans) {
      hasPlan.add(p.organization_id);
      if (p.approved_at !== null) approvedOn.set(p.organization_id, p.approved_at);
    }
    const columns = schools.map((s) => {
      const r = roadmapOf.get(s.id);
      const done = r ? copies.filter((c) => c.roadmap_id === r.id && c.status === 'done').length : 0;
      return { school: s, roadmap: r ?? null, done, hasPlan: hasPlan.has(s.id), approvedOn: approvedOn.get(s.id) ?? null };
    });
    return reply.render('roadmaps/matrix', {
      title: `Исполнение по школам: ${template.title}`,
      breadcrumbs: roadmapCrumbs(template, 'Исполнение по школам'),
      template,
      columns,
      rows,
      itemCount: rows.filter((r) => r.item.kind === 'item').length,
      notApproved: columns.filter((c) => c.approvedOn === null),
      statusLabels: STATUS_LABELS,
      formatDate,
    });
  });
}
