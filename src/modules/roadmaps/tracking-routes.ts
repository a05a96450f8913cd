import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { MODULE_ROLES } from '../../access/policy.js';
import type { RoadmapItem } from '../../db/types.js';
import { actorOf } from '../../http/actor.js';
import { HttpError, NotFoundError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors } from '../../http/forms.js';
import { formatDate } from '../../lib/ru.js';
import { DOCUMENT_ACCEPT } from '../../lib/uploads.js';
import { sendStoredFile } from '../files/service.js';
import { FIELD_LABELS, STATUS_LABELS } from './labels.js';
import { todayIso } from './overdue.js';
import type { RoadmapRow } from './queries.js';
import { evidenceFileView, idsFrom, manage, read, roadmapCrumbs, statusBody, withEvidence } from './route-helpers.js';
import { moveForm, statusForm } from './schemas.js';
import { approveRoadmap, editableRoadmap, evidenceFile, itemOccurrences, loadItem, moveItem, type OccurrenceView, revokeApproval, setOccurrenceStatus } from './service.js';

const approve = { access: { roles: MODULE_ROLES.roadmapsApprove } };

const dueParam = z.object({ due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

function dueFrom(params: unknown): string {
  const parsed = dueParam.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data.due;
}

function occurrenceValues(o: OccurrenceView): Record<string, string> {
  return {
    status: o.status,
    completed_on: o.completed_on ?? '',
    evidence_comment: o.evidence_comment ?? '',
    evidence_link: o.evidence_link ?? '',
  };
}

/** Tracking a roadmap: the yearly occurrences of recurring items, approval, moving items. */
export function registerTracking(app: FastifyInstance): void {
  const renderOccurrence = async (
    reply: FastifyReply,
    roadmap: RoadmapRow,
    item: RoadmapItem,
    occurrence: OccurrenceView,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) =>
    reply.render(
      'roadmaps/occurrence',
      {
        title: `Пункт ${item.number ?? ''}: срок ${formatDate(occurrence.due)}`.replace('  ', ' '),
        breadcrumbs: roadmapCrumbs(roadmap, `Срок ${formatDate(occurrence.due)}`),
        roadmap,
        item,
        occurrence,
        values,
        errors,
        labels: FIELD_LABELS,
        statusLabels: STATUS_LABELS,
        formatDate,
        evidenceFile: await evidenceFileView(
          app.db,
          occurrence.evidence_file_id,
          `/roadmaps/${roadmap.id}/items/${item.id}/occurrences/${occurrence.due}/evidence`,
        ),
        accept: DOCUMENT_ACCEPT,
      },
      status,
    );

  const findOccurrence = async (item: RoadmapItem, due: string) => {
    const occurrence = (await itemOccurrences(app.db, item, todayIso())).find((o) => o.due === due);
    if (!occurrence) throw new NotFoundError();
    return occurrence;
  };

  app.get('/roadmaps/:id/items/:itemId/occurrences/:due', { config: manage }, async (request, reply) => {
    const { id, itemId } = idsFrom(request.params);
    const roadmap = await editableRoadmap(app.db, actorOf(request), id);
    const item = await loadItem(app.db, id, itemId);
    const occurrence = await findOccurrence(item, dueFrom(request.params));
    return renderOccurrence(reply, roadmap, item, occurrence, occurrenceValues(occurrence), {});
  });

  app.post('/roadmaps/:id/items/:itemId/occurrences/:due', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const { id, itemId } = idsFrom(request.params);
    const roadmap = await editableRoadmap(app.db, actor, id);
    const item = await loadItem(app.db, id, itemId);
    const occurrence = await findOccurrence(item, dueFrom(request.params));
    const { fields, evidence } = await statusBody(request.body);
    const parsed = statusForm.safeParse(fields);
    if (!parsed.success) return renderOccurrence(reply, roadmap, item, occurrence, fields, fieldErrors(parsed.error), 400);
    const refused = await withEvidence(() => setOccurrenceStatus(app.db, app.files, actor, id, itemId, occurrence.due, parsed.data, evidence));
    if (refused) return renderOccurrence(reply, roadmap, item, occurrence, fields, refused, 400);
    reply.flash('success', `Пункт ${item.number ?? ''}, срок ${formatDate(occurrence.due)}: ${STATUS_LABELS[parsed.data.status].toLowerCase()}.`);
    return reply.redirect(`/roadmaps/${id}#item-${itemId}`, 303);
  });

  app.get('/roadmaps/:id/items/:itemId/evidence', { config: read }, async (request, reply) => {
    const { id, itemId } = idsFrom(request.params);
    const file = await evidenceFile(app.db, actorOf(request), id, itemId, null);
    return sendStoredFile(reply, app.files, file);
  });

  app.get('/roadmaps/:id/items/:itemId/occurrences/:due/evidence', { config: read }, async (request, reply) => {
    const { id, itemId } = idsFrom(request.params);
    const file = await evidenceFile(app.db, actorOf(request), id, itemId, dueFrom(request.params));
    return sendStoredFile(reply, app.files, file);
  });

  app.post('/roadmaps/:id/approve', { config: approve }, async (request, reply) => {
    const { id } = idsFrom(request.params);
    await approveRoadmap(app.db, actorOf(request), id);
    reply.flash('success', 'Дорожная карта утверждена.');
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  app.post('/roadmaps/:id/approve/revoke', { config: approve }, async (request, reply) => {
    const { id } = idsFrom(request.params);
    await revokeApproval(app.db, actorOf(request), id);
    reply.flash('success', 'Утверждение снято: дорожную карту можно дорабатывать и утвердить снова.');
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  app.post('/roadmaps/:id/items/:itemId/move', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const { id, itemId } = idsFrom(request.params);
    await editableRoadmap(app.db, actor, id);
    const parsed = moveForm.safeParse(request.body ?? {});
    if (!parsed.success) throw new HttpError(400, 'Укажите, куда переместить пункт: выше или ниже.');
    const moved = await moveItem(app.db, actor, id, itemId, parsed.data.direction);
    reply.flash(
      moved.ok ? 'success' : 'error',
      moved.ok ? `Пункт перемещён и получил номер ${moved.number}; соседние пункты перенумерованы.` : moved.message,
    );
    return reply.redirect(`/roadmaps/${id}#item-${itemId}`, 303);
  });
}
