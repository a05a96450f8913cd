import type { FastifyInstance, FastifyReply } from 'fastify';
import type { RoadmapItem } from '../../db/types.js';
import { actorOf } from '../../http/actor.js';
import { ConflictError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { DOCUMENT_ACCEPT } from '../../lib/uploads.js';
import { withdrawnNote } from './approvals.js';
import { createItem, editableItem, itemFormData, updateItem } from './items.js';
import { FIELD_LABELS, STATUS_LABELS } from './labels.js';
import type { RoadmapRow } from './queries.js';
import { manage, roadmapCrumbs, statusBody, withEvidence } from './route-helpers.js';
import { itemForm, newItemQuery, statusForm } from './schemas.js';
import { editableRoadmap } from './service.js';
import { setItemStatus } from './tracking.js';

/** A roadmap's rows (`/roadmaps/:id/items/…`): adding and editing a section or an item, an item's status. */

function itemValues(item: RoadmapItem): Record<string, string> {
  return {
    kind: item.kind,
    number: item.number ?? '',
    parent_id: item.parent_id === null ? '' : String(item.parent_id),
    activity: item.activity,
    result: item.result ?? '',
    expected: item.expected ?? '',
    deadline_text: item.deadline_text ?? '',
    responsible: item.responsible ?? '',
  };
}

function statusValues(item: RoadmapItem): Record<string, string> {
  return {
    status: item.status,
    completed_on: item.completed_on ?? '',
    evidence_comment: item.evidence_comment ?? '',
    evidence_link: item.evidence_link ?? '',
  };
}

function pickStatus(values: Record<string, string>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const f of ['status', 'completed_on', 'evidence_comment', 'evidence_link']) {
    const v = values[f];
    if (v !== undefined) picked[f] = v;
  }
  return picked;
}

export async function itemRoutes(app: FastifyInstance): Promise<void> {
  const renderItemForm = async (
    reply: FastifyReply,
    roadmap: RoadmapRow,
    item: RoadmapItem | null,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) => {
    const { sections, evidenceFile, formerMarks } = await itemFormData(app.db, actorOf(reply.request), roadmap, item);
    return reply.render(
      'roadmaps/item-form',
      {
        title: item ? `Пункт ${item.number ?? ''}`.trim() : 'Новый пункт',
        breadcrumbs: roadmapCrumbs(roadmap, item ? 'Изменение пункта' : 'Новый пункт'),
        roadmap,
        item,
        values,
        errors,
        labels: FIELD_LABELS,
        statusLabels: STATUS_LABELS,
        statusValues: item ? { ...statusValues(item), ...pickStatus(values) } : {},
        evidenceFile,
        formerMarks,
        accept: DOCUMENT_ACCEPT,
        sectionOptions: sections.map((s) => ({ value: s.id, label: `${s.number ?? ''} ${s.activity}`.trim().slice(0, 120) })),
      },
      status,
    );
  };

  app.get('/roadmaps/:id/items/new', { config: manage }, async (request, reply) => {
    const roadmap = await editableRoadmap(app.db, actorOf(request), idOf(request.params));
    const query = newItemQuery.parse(request.query ?? {});
    return renderItemForm(reply, roadmap, null, { kind: 'item', parent_id: query.section ?? '' }, {});
  });

  app.post('/roadmaps/:id/items/new', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const roadmap = await editableRoadmap(app.db, actor, idOf(request.params));
    const parsed = itemForm.safeParse(request.body ?? {});
    if (!parsed.success) return renderItemForm(reply, roadmap, null, formValues(request.body), fieldErrors(parsed.error), 400);
    const result = await createItem(app.db, actor, roadmap.id, parsed.data);
    if (!result.ok) return renderItemForm(reply, roadmap, null, formValues(request.body), result.errors, 400);
    reply.flash(
      'success',
      [
        `${parsed.data.kind === 'section' ? 'Раздел' : 'Пункт'} ${parsed.data.number} добавлен.`,
        withdrawnNote(roadmap, result.withdrawn),
      ]
        .filter(Boolean)
        .join(' '),
    );
    return reply.redirect(`/roadmaps/${roadmap.id}#item-${result.id}`, 303);
  });

  app.get('/roadmaps/:id/items/:itemId/edit', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    const itemId = idOf(request.params, 'itemId');
    const { roadmap, item } = await editableItem(app.db, actorOf(request), id, itemId);
    return renderItemForm(reply, roadmap, item, itemValues(item), {});
  });

  app.post('/roadmaps/:id/items/:itemId/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const itemId = idOf(request.params, 'itemId');
    const { roadmap, item } = await editableItem(app.db, actor, id, itemId);
    const body = { ...formValues(request.body), kind: item.kind };
    const parsed = itemForm.safeParse(body);
    if (!parsed.success) return renderItemForm(reply, roadmap, item, body, fieldErrors(parsed.error), 400);
    const result = await updateItem(app.db, actor, id, itemId, parsed.data);
    if (!result.ok) return renderItemForm(reply, roadmap, item, body, result.errors, 400);
    const marks = result.marks;
    const notes = [
      withdrawnNote(roadmap, result.withdrawn),
      marks?.moved ? `Отметки о выполнении перенесены на новые сроки: ${marks.moved}.` : '',
      marks?.former
        ? `Отметки по срокам, которых в пункте больше нет: ${marks.former} — они сохранены и показаны на странице изменения пункта.`
        : '',
    ].filter(Boolean);
    reply.flash('success', ['Пункт сохранён.', ...notes].join(' '));
    return reply.redirect(`/roadmaps/${id}#item-${itemId}`, 303);
  });

  app.post('/roadmaps/:id/items/:itemId/status', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const itemId = idOf(request.params, 'itemId');
    const { roadmap, item } = await editableItem(app.db, actor, id, itemId);
    if (item.kind !== 'item') throw new ConflictError('Статус ставится мероприятию, а не разделу.');
    const { fields, evidence } = await statusBody(request.body);
    const parsed = statusForm.safeParse(fields);
    if (!parsed.success)
      return renderItemForm(reply, roadmap, item, { ...itemValues(item), ...fields }, fieldErrors(parsed.error), 400);
    const refused = await withEvidence(() => setItemStatus(app.db, app.files, actor, id, itemId, parsed.data, evidence));
    if (refused) return renderItemForm(reply, roadmap, item, { ...itemValues(item), ...fields }, refused, 400);
    reply.flash('success', `Статус пункта ${item.number ?? ''} сохранён: ${STATUS_LABELS[parsed.data.status].toLowerCase()}.`);
    return reply.redirect(`/roadmaps/${id}#item-${itemId}`, 303);
  });
}
