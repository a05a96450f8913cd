import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { canApproveRoadmap, canEditRoadmap, canUseTemplate, MODULE_ROLES, roadmapOwnerFor } from '../../access/policy.js';
import type { RoadmapItem, RoadmapItemStatus } from '../../db/types.js';
import { actorOf } from '../../http/actor.js';
import { ConflictError, } from '../../http/errors.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { formatDate } from '../../lib/ru.js';
import { DOCUMENT_ACCEPT } from '../../lib/uploads.js';
import { type Deadline, deadlineLabel } from './deadline.js';
import { registerImport } from './import-routes.js';
import { registerTemplates } from './template-routes.js';
import { registerTracking } from './tracking-routes.js';
import { registerRoadmapViews } from './view-routes.js';
import { FIELD_LABELS, FILTER_LABELS, STATUS_LABELS } from './labels.js';
import { concernsSchools, RESPONSIBLE_LABELS } from './responsible.js';
import { isOccurrenceOverdue, isOverdue, occurrencesOf, todayIso } from './overdue.js';
import { findRoadmap, listRoadmaps, type RoadmapRow, roadmapItems, trackedOccurrences, userName } from './queries.js';
import { itemFilter, itemForm, roadmapForm, roadmapKindField, statusForm } from './schemas.js';
import { idsFrom, manage, ROADMAPS_CRUMB, read, roadmapCrumbs, evidenceFileView, statusBody, withEvidence } from './route-helpers.js';
import { createItem, createRoadmap, editableRoadmap, formerMarks, loadItem, loadRoadmap, setItemStatus, updateItem, updateRoadmap } from './service.js';

/** A row of the roadmap table as the view shows it. */
export interface ItemView {
  item: RoadmapItem;
  deadlineLabel: string | null;
  overdue: boolean;
  /** For a recurring item, each yearly occurrence with its own status. */
  occurrences: Array<{ due: string; status: RoadmapItemStatus; overdue: boolean }>;
}

function roadmapValues(r: RoadmapRow | null): Record<string, string> {
  if (!r) return { period_from: String(new Date().getFullYear()), period_to: String(new Date().getFullYear() + 2) };
  return {
    title: r.title,
    period_from: String(r.period_from),
    period_to: String(r.period_to),
    order_number: r.order_number ?? '',
    order_date: r.order_date ?? '',
  };
}

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

export async function roadmapRoutes(app: FastifyInstance): Promise<void> {
  app.get('/roadmaps', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const roadmaps = await listRoadmaps(app.db, actor.user, todayIso());
    return reply.render('roadmaps/list', {
      title: 'Дорожные карты',
      roadmaps,
      canCreate: roadmapOwnerFor(actor.user) !== null,
      formatDate,
    });
  });

  const renderRoadmapForm = (reply: FastifyReply, roadmap: RoadmapRow | null, values: Record<string, string>, errors: FieldErrors, status = 200) =>
    reply.render(
      'roadmaps/form',
      {
        title: roadmap ? `Изменение: ${roadmap.title}` : 'Новая дорожная карта',
        breadcrumbs: roadmap ? roadmapCrumbs(roadmap, 'Изменение') : [ROADMAPS_CRUMB, { label: 'Новая' }],
        roadmap,
        values,
        errors,
        labels: FIELD_LABELS,
        canChooseKind: roadmap === null && reply.request.user?.role === 'coordinator',
      },
      status,
    );

  app.get('/roadmaps/new', { config: manage }, async (_request, reply) => renderRoadmapForm(reply, null, roadmapValues(null), {}));

  app.post('/roadmaps', { config: manage }, async (request, reply) => {
    const parsed = roadmapForm.safeParse(request.body ?? {});
    if (!parsed.success) return renderRoadmapForm(reply, null, formValues(request.body), fieldErrors(parsed.error), 400);
    const kind = roadmapKindField.parse((request.body as { kind?: unknown } | undefined)?.kind);
    const id = await createRoadmap(app.db, actorOf(request), parsed.data, kind);
    reply.flash('success', `${kind === 'template' ? 'Шаблон создан' : 'Дорожная карта создана'}. Добавьте пункты вручную или вставьте таблицу из документа.`);
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  app.get('/roadmaps/:id', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const { id } = idsFrom(request.params);
    const roadmap = await loadRoadmap(app.db, actor, id);
    const query = itemFilter.parse(request.query ?? {});
    const filter = query.status;
    const schoolsOnly = query.schools === 'on' && roadmap.organization_type === 'municipality';
    const today = todayIso();
    const all = await roadmapItems(app.db, id);
    const tracked = await trackedOccurrences(app.db, all);
    const rows: ItemView[] = all.map((item) => {
      const deadline = item.deadline as Deadline | null;
      const itemClosed = item.status === 'done' || item.status === 'cancelled';
      return {
        item,
        deadlineLabel: deadline === null ? null : deadlineLabel(deadline),
        overdue: item.kind === 'item' && isOverdue(deadline, item.status, today, tracked.get(item.id)),
        occurrences:
          item.kind === 'item' && deadline?.kind === 'recurring'
            ? occurrencesOf(deadline).map((o) => {
                const status = tracked.get(item.id)?.get(o.due) ?? 'not_started';
                return { due: o.due, status, overdue: !itemClosed && isOccurrenceOverdue(o, status, today) };
              })
            : [],
      };
    });
    const matches = (r: ItemView) =>
      (!schoolsOnly || concernsSchools(r.item.responsible_links)) && (filter === undefined || (filter === 'overdue' ? r.overdue : r.item.status === filter));
    const items = rows.filter((r) => r.item.kind === 'item');
    const shown = rows.filter((r) => r.item.kind === 'item' && matches(r));
    const sectionsShown = new Set(shown.map((r) => r.item.parent_id));
    // Sections stay as headings of the items they hold; with a filter, only those with items shown.
    const filtered = filter !== undefined || schoolsOnly;
    const table = rows.filter((r) => (r.item.kind === 'section' ? !filtered || sectionsShown.has(r.item.id) : matches(r)));
    return reply.render('roadmaps/show', {
      title: roadmap.title,
      breadcrumbs: roadmapCrumbs(roadmap),
      roadmap,
      table,
      filter: filter ?? '',
      schoolsOnly,
      responsibleLabels: RESPONSIBLE_LABELS,
      filters: Object.entries(FILTER_LABELS).map(([value, label]) => ({
        value,
        label,
        count: items.filter((r) => (value === 'overdue' ? r.overdue : r.item.status === value)).length,
      })),
      total: items.length,
      shownCount: shown.length,
      canEdit: canEditRoadmap(actor.user, roadmap),
      canApprove: canApproveRoadmap(actor.user, roadmap),
      canUseTemplate: canUseTemplate(actor.user, roadmap),
      canSeeMatrix: roadmap.kind === 'template' && (MODULE_ROLES.roadmapsMatrix as readonly string[]).includes(actor.user.role),
      approvedBy: roadmap.approved_by === null ? null : await userName(app.db, roadmap.approved_by),
      template: roadmap.template_id === null ? null : await findRoadmap(app.db, actor.user, roadmap.template_id),
      statusLabels: STATUS_LABELS,
      formatDate,
    });
  });

  app.get('/roadmaps/:id/edit', { config: manage }, async (request, reply) => {
    const roadmap = await editableRoadmap(app.db, actorOf(request), idsFrom(request.params).id);
    return renderRoadmapForm(reply, roadmap, roadmapValues(roadmap), {});
  });

  app.post('/roadmaps/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const roadmap = await editableRoadmap(app.db, actor, idsFrom(request.params).id);
    const parsed = roadmapForm.safeParse(request.body ?? {});
    if (!parsed.success) return renderRoadmapForm(reply, roadmap, formValues(request.body), fieldErrors(parsed.error), 400);
    await updateRoadmap(app.db, actor, roadmap.id, parsed.data);
    reply.flash('success', 'Изменения сохранены.');
    return reply.redirect(`/roadmaps/${roadmap.id}`, 303);
  });

  const renderItemForm = async (
    reply: FastifyReply,
    roadmap: RoadmapRow,
    item: RoadmapItem | null,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) => {
    const sections = (await roadmapItems(app.db, roadmap.id)).filter((r) => r.kind === 'section');
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
        evidenceFile: item ? await evidenceFileView(app.db, item.evidence_file_id, `/roadmaps/${roadmap.id}/items/${item.id}/evidence`) : null,
        formerMarks: item ? await formerMarks(app.db, item) : [],
        accept: DOCUMENT_ACCEPT,
        sectionOptions: sections.map((s) => ({ value: s.id, label: `${s.number ?? ''} ${s.activity}`.trim().slice(0, 120) })),
      },
      status,
    );
  };

  app.get('/roadmaps/:id/items/new', { config: manage }, async (request, reply) => {
    const roadmap = await editableRoadmap(app.db, actorOf(request), idsFrom(request.params).id);
    const query = z.object({ section: z.string().regex(/^\d{1,10}$/).optional().catch(undefined) }).parse(request.query ?? {});
    return renderItemForm(reply, roadmap, null, { kind: 'item', parent_id: query.section ?? '' }, {});
  });

  app.post('/roadmaps/:id/items/new', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const roadmap = await editableRoadmap(app.db, actor, idsFrom(request.params).id);
    const parsed = itemForm.safeParse(request.body ?? {});
    if (!parsed.success) return renderItemForm(reply, roadmap, null, formValues(request.body), fieldErrors(parsed.error), 400);
    const result = await createItem(app.db, actor, roadmap.id, parsed.data);
    if (!result.ok) return renderItemForm(reply, roadmap, null, formValues(request.body), result.errors, 400);
    reply.flash('success', `${parsed.data.kind === 'section' ? 'Раздел' : 'Пункт'} ${parsed.data.number} добавлен.`);
    return reply.redirect(`/roadmaps/${roadmap.id}#item-${result.id}`, 303);
  });

  app.get('/roadmaps/:id/items/:itemId/edit', { config: manage }, async (request, reply) => {
    const { id, itemId } = idsFrom(request.params);
    const roadmap = await editableRoadmap(app.db, actorOf(request), id);
    const item = await loadItem(app.db, id, itemId);
    return renderItemForm(reply, roadmap, item, itemValues(item), {});
  });

  app.post('/roadmaps/:id/items/:itemId/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const { id, itemId } = idsFrom(request.params);
    const roadmap = await editableRoadmap(app.db, actor, id);
    const item = await loadItem(app.db, id, itemId);
    const body = { ...formValues(request.body), kind: item.kind };
    const parsed = itemForm.safeParse(body);
    if (!parsed.success) return renderItemForm(reply, roadmap, item, body, fieldErrors(parsed.error), 400);
    const result = await updateItem(app.db, actor, id, itemId, parsed.data);
    if (!result.ok) return renderItemForm(reply, roadmap, item, body, result.errors, 400);
    const marks = result.marks;
    const notes = [
      marks?.moved ? `Отметки о выполнении перенесены на новые сроки: ${marks.moved}.` : '',
      marks?.former ? `Отметки по срокам, которых в пункте больше нет: ${marks.former} — они сохранены и показаны на странице изменения пункта.` : '',
    ].filter(Boolean);
    reply.flash('success', ['Пункт сохранён.', ...notes].join(' '));
    return reply.redirect(`/roadmaps/${id}#item-${itemId}`, 303);
  });

  app.post('/roadmaps/:id/items/:itemId/status', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const { id, itemId } = idsFrom(request.params);
    const roadmap = await editableRoadmap(app.db, actor, id);
    const item = await loadItem(app.db, id, itemId);
    if (item.kind !== 'item') throw new ConflictError('Статус ставится мероприятию, а не разделу.');
    const { fields, evidence } = await statusBody(request.body);
    const parsed = statusForm.safeParse(fields);
    if (!parsed.success) return renderItemForm(reply, roadmap, item, { ...itemValues(item), ...fields }, fieldErrors(parsed.error), 400);
    const refused = await withEvidence(() => setItemStatus(app.db, app.files, actor, id, itemId, parsed.data, evidence));
    if (refused) return renderItemForm(reply, roadmap, item, { ...itemValues(item), ...fields }, refused, 400);
    reply.flash('success', `Статус пункта ${item.number ?? ''} сохранён: ${STATUS_LABELS[parsed.data.status].toLowerCase()}.`);
    return reply.redirect(`/roadmaps/${id}#item-${itemId}`, 303);
  });

  registerTracking(app);
  registerTemplates(app);
  registerImport(app);
  registerRoadmapViews(app);
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
