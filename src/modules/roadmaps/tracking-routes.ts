import type { FastifyInstance, FastifyReply } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import type { RoadmapItem } from '../../db/types.js';
import { actorOf } from '../../http/actor.js';
import { HttpError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { formatDate } from '../../lib/ru.js';
import { DOCUMENT_ACCEPT } from '../../lib/uploads.js';
import { sendStoredFile } from '../files/service.js';
import { withdrawnNote } from './approvals.js';
import { moveItem } from './items.js';
import { FIELD_LABELS, STATUS_LABELS } from './labels.js';
import { todayIso } from './overdue.js';
import type { RoadmapRow } from './queries.js';
import { manage, read, roadmapCrumbs, statusBody, withEvidence } from './route-helpers.js';
import { dueOf, moveForm, statusForm } from './schemas.js';
import { approveRoadmap, editableRoadmap, revokeApproval } from './service.js';
import { evidenceFile, type OccurrenceView, occurrencePage, setOccurrenceStatus } from './tracking.js';

const approve = { access: { roles: MODULE_ROLES.roadmapsApprove } };

function occurrenceValues(o: OccurrenceView): Record<string, string> {
  return {
    status: o.status,
    completed_on: o.completed_on ?? '',
    evidence_comment: o.evidence_comment ?? '',
    evidence_link: o.evidence_link ?? '',
  };
}

/** Tracking a roadmap: the yearly occurrences of recurring items, approval, moving items. */
export async function trackingRoutes(app: FastifyInstance): Promise<void> {
  const renderOccurrence = (
    reply: FastifyReply,
    page: {
      roadmap: RoadmapRow;
      item: RoadmapItem;
      occurrence: OccurrenceView;
      evidenceFile: { name: string; size: string; href: string } | null;
    },
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) =>
    reply.render(
      'roadmaps/occurrence',
      {
        title: `Пункт ${page.item.number ?? ''}: срок ${formatDate(page.occurrence.due)}`.replace('  ', ' '),
        breadcrumbs: roadmapCrumbs(page.roadmap, `Срок ${formatDate(page.occurrence.due)}`),
        ...page,
        values,
        errors,
        labels: FIELD_LABELS,
        statusLabels: STATUS_LABELS,
        formatDate,
        accept: DOCUMENT_ACCEPT,
      },
      status,
    );

  app.get('/roadmaps/:id/items/:itemId/occurrences/:due', { config: manage }, async (request, reply) => {
    const page = await occurrencePage(
      app.db,
      actorOf(request),
      idOf(request.params),
      idOf(request.params, 'itemId'),
      dueOf(request.params),
      todayIso(),
    );
    return renderOccurrence(reply, page, occurrenceValues(page.occurrence), {});
  });

  app.post('/roadmaps/:id/items/:itemId/occurrences/:due', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const itemId = idOf(request.params, 'itemId');
    const page = await occurrencePage(app.db, actor, id, itemId, dueOf(request.params), todayIso());
    const { item, occurrence } = page;
    const { fields, evidence } = await statusBody(request.body);
    const parsed = statusForm.safeParse(fields);
    if (!parsed.success) return renderOccurrence(reply, page, fields, fieldErrors(parsed.error), 400);
    const refused = await withEvidence(() =>
      setOccurrenceStatus(app.db, app.files, actor, id, itemId, occurrence.due, parsed.data, evidence),
    );
    if (refused) return renderOccurrence(reply, page, fields, refused, 400);
    reply.flash(
      'success',
      `Пункт ${item.number ?? ''}, срок ${formatDate(occurrence.due)}: ${STATUS_LABELS[parsed.data.status].toLowerCase()}.`,
    );
    return reply.redirect(`/roadmaps/${id}#item-${itemId}`, 303);
  });

  app.get('/roadmaps/:id/items/:itemId/evidence', { config: read }, async (request, reply) => {
    const file = await evidenceFile(app.db, actorOf(request), idOf(request.params), idOf(request.params, 'itemId'), null);
    return sendStoredFile(reply, app.files, file);
  });

  app.get('/roadmaps/:id/items/:itemId/occurrences/:due/evidence', { config: read }, async (request, reply) => {
    const file = await evidenceFile(
      app.db,
      actorOf(request),
      idOf(request.params),
      idOf(request.params, 'itemId'),
      dueOf(request.params),
    );
    return sendStoredFile(reply, app.files, file);
  });

  app.post('/roadmaps/:id/approve', { config: approve }, async (request, reply) => {
    const id = idOf(request.params);
    await approveRoadmap(app.db, actorOf(request), id);
    reply.flash('success', 'Дорожная карта утверждена.');
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  app.post('/roadmaps/:id/approve/revoke', { config: approve }, async (request, reply) => {
    const id = idOf(request.params);
    await revokeApproval(app.db, actorOf(request), id);
    reply.flash('success', 'Утверждение снято: дорожную карту можно дорабатывать и утвердить снова.');
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  app.post('/roadmaps/:id/items/:itemId/move', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const itemId = idOf(request.params, 'itemId');
    const roadmap = await editableRoadmap(app.db, actor, id);
    const parsed = moveForm.safeParse(request.body ?? {});
    if (!parsed.success) throw new HttpError(400, 'Укажите, куда переместить пункт: выше или ниже.');
    const moved = await moveItem(app.db, actor, id, itemId, parsed.data.direction);
    reply.flash(
      moved.ok ? 'success' : 'error',
      moved.ok
        ? [
            `Пункт перемещён и получил номер ${moved.number}; соседние пункты перенумерованы.`,
            withdrawnNote(roadmap, moved.withdrawn),
          ]
            .filter(Boolean)
            .join(' ')
        : moved.message,
    );
    return reply.redirect(`/roadmaps/${id}#item-${itemId}`, 303);
  });
}
