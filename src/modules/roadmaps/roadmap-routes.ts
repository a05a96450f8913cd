import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  canApproveRoadmap,
  canAskRoadmapApproval,
  canCreateTemplate,
  canEditRoadmap,
  canUseTemplate,
  canViewTemplateMatrix,
  MODULE_ROLES,
  roadmapOwnerFor,
} from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { formatDate } from '../../lib/ru.js';
import { CHANGED_FIELD_LABELS } from './approvals.js';
import { APPROVAL_EVENT_LABELS, FIELD_LABELS, STATUS_LABELS } from './labels.js';
import { todayIso } from './overdue.js';
import { listRoadmaps, type RoadmapRow } from './queries.js';
import { RESPONSIBLE_LABELS } from './responsible.js';
import { manage, ROADMAPS_CRUMB, read, roadmapCrumbs } from './route-helpers.js';
import { askApprovalForm, itemFilter, refuseApprovalForm, roadmapForm, roadmapKindField } from './schemas.js';
import { AGREEMENT_EVENT_LABELS, AGREEMENT_STATE_LABELS } from '../centre-agreements/labels.js';
import { agreementObjectRoutes } from '../centre-agreements/object-routes.js';
import { AGREEMENT_FIELD_LABELS } from '../centre-agreements/schemas.js';
import {
  answerRoadmapAgreement,
  approvableRoadmap,
  askableRoadmap,
  askApproval,
  sendRoadmapForAgreement,
  createRoadmap,
  editableRoadmap,
  refuseApproval,
  roadmapPage,
  updateRoadmap,
} from './service.js';
import { schoolPartLinks, schoolTasks } from './school-parts.js';
import { roadmapTable } from './table.js';

/**
 * Roadmaps (`/roadmaps`, `/roadmaps/new`, `/roadmaps/:id`, `/roadmaps/:id/edit`): the list, a roadmap's page, creating and
 * editing one; sending it for approval and the approver's refusal (`/roadmaps/:id/approval/ask`, `…/refuse`), whose
 * errors are shown on the roadmap's page.
 */

const approve = { access: { roles: MODULE_ROLES.roadmapsApprove } };

function roadmapValues(r: RoadmapRow | null): Record<string, string> {
  if (!r) {
    const year = Number(todayIso().slice(0, 4));
    return { period_from: String(year), period_to: String(year + 2) };
  }
  return {
    title: r.title,
    period_from: String(r.period_from),
    period_to: String(r.period_to),
    order_number: r.order_number ?? '',
    order_date: r.order_date ?? '',
  };
}

export async function roadmapPageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/roadmaps', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const roadmaps = await listRoadmaps(app.db, actor.user, todayIso());
    return reply.render('roadmaps/list', {
      title: 'Дорожные карты',
      roadmaps,
      schoolTasks: await schoolTasks(app.db, actor, todayIso()),
      statusLabels: STATUS_LABELS,
      canCreate: roadmapOwnerFor(actor.user) !== null,
      formatDate,
    });
  });

  const renderRoadmapForm = (
    reply: FastifyReply,
    roadmap: RoadmapRow | null,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) =>
    reply.render(
      'roadmaps/form',
      {
        title: roadmap ? `Изменение: ${roadmap.title}` : 'Новая дорожная карта',
        breadcrumbs: roadmap ? roadmapCrumbs(roadmap, 'Изменение') : [ROADMAPS_CRUMB, { label: 'Новая' }],
        roadmap,
        values,
        errors,
        labels: FIELD_LABELS,
        canChooseKind: roadmap === null && canCreateTemplate(actorOf(reply.request).user),
      },
      status,
    );

  app.get('/roadmaps/new', { config: manage }, async (_request, reply) =>
    renderRoadmapForm(reply, null, roadmapValues(null), {}),
  );

  app.post('/roadmaps', { config: manage }, async (request, reply) => {
    const parsed = roadmapForm.safeParse(request.body ?? {});
    if (!parsed.success) return renderRoadmapForm(reply, null, formValues(request.body), fieldErrors(parsed.error), 400);
    const kind = roadmapKindField.parse(formValues(request.body).kind);
    const id = await createRoadmap(app.db, actorOf(request), parsed.data, kind);
    reply.flash(
      'success',
      `${kind === 'template' ? 'Шаблон создан' : 'Дорожная карта создана'}. Добавьте пункты вручную или вставьте таблицу из документа.`,
    );
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  /** A roadmap's page; after a refused ask or refusal, with the form's errors and input (no JavaScript needed). */
  const renderRoadmapPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { errors: FieldErrors; values: Record<string, string> } = { errors: {}, values: {} },
    status = 200,
  ) => {
    const actor = actorOf(request);
    const query = itemFilter.parse(request.query ?? {});
    const { roadmap, items, tracked, approvedBy, template, formerApproval, requests, approvalHistory, agreement } =
      await roadmapPage(app.db, actor, idOf(request.params));
    const schoolsOnly = query.schools === 'on' && roadmap.organization_type === 'municipality';
    const latest = requests[0];
    return reply.render(
      'roadmaps/show',
      {
        title: roadmap.title,
        breadcrumbs: roadmapCrumbs(roadmap),
        roadmap,
        ...roadmapTable(items, tracked, todayIso(), query.status, schoolsOnly),
        filter: query.status ?? '',
        schoolsOnly,
        responsibleLabels: RESPONSIBLE_LABELS,
        canEdit: canEditRoadmap(actor.user, roadmap),
        canApprove: canApproveRoadmap(actor.user, roadmap),
        canAskApproval: canAskRoadmapApproval(actor.user, roadmap),
        canUseTemplate: canUseTemplate(actor.user, roadmap),
        canSeeMatrix: canViewTemplateMatrix(actor.user, roadmap),
        approvedBy,
        formerApproval,
        changedFieldLabels: CHANGED_FIELD_LABELS,
        /** The request waiting for an answer, or the refusal of the last one while the roadmap is not approved. */
        openRequest: latest && latest.answeredAt === null ? latest : null,
        refusedRequest: latest && latest.outcome === 'refused' && roadmap.approved_at === null ? latest : null,
        approvalHistory,
        approvalEventLabels: APPROVAL_EVENT_LABELS,
        errors: form.errors,
        errorLabels: { note: 'Примечание для утверждающего', comment: 'Комментарий', ...AGREEMENT_FIELD_LABELS },
        /** Issue 17: the centre's agreement of a school's plan; approval waits for it. */
        agreement,
        awaitsAgreement: agreement !== null && agreement.state !== 'agreed',
        agreementStateLabels: AGREEMENT_STATE_LABELS,
        agreementEventLabels: AGREEMENT_EVENT_LABELS,
        values: form.values,
        template,
        statusLabels: STATUS_LABELS,
        schoolPartLinks: await schoolPartLinks(app.db, actor, roadmap, todayIso()),
        formatDate,
      },
      status,
    );
  };

  app.get('/roadmaps/:id', { config: read }, async (request, reply) => renderRoadmapPage(request, reply));

  app.post('/roadmaps/:id/approval/ask', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const roadmap = await askableRoadmap(app.db, actor, idOf(request.params));
    const values = formValues(request.body);
    const parsed = askApprovalForm.safeParse(values);
    if (!parsed.success) return renderRoadmapPage(request, reply, { errors: fieldErrors(parsed.error), values }, 400);
    const id = roadmap.id;
    const result = await askApproval(app.db, actor, roadmap, parsed.data.note);
    if (!result.ok) return renderRoadmapPage(request, reply, { errors: { _form: result.message }, values }, 409);
    reply.flash('success', 'Дорожная карта отправлена на утверждение: утверждающий получил уведомление.');
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  app.post('/roadmaps/:id/approval/refuse', { config: approve }, async (request, reply) => {
    const actor = actorOf(request);
    const roadmap = await approvableRoadmap(app.db, actor, idOf(request.params));
    const values = formValues(request.body);
    const parsed = refuseApprovalForm.safeParse(values);
    if (!parsed.success) return renderRoadmapPage(request, reply, { errors: fieldErrors(parsed.error), values }, 400);
    const id = roadmap.id;
    const result = await refuseApproval(app.db, actor, roadmap, parsed.data.comment);
    if (!result.ok) return renderRoadmapPage(request, reply, { errors: { _form: result.message }, values }, 409);
    reply.flash('success', 'Дорожная карта возвращена на доработку: автор получил уведомление с вашим комментарием.');
    return reply.redirect(`/roadmaps/${id}`, 303);
  });

  agreementObjectRoutes(app, {
    base: '/roadmaps',
    send: sendRoadmapForAgreement,
    answer: answerRoadmapAgreement,
    done: {
      send: 'Дорожная карта отправлена на согласование: методический центр получил уведомление.',
      agree: 'Дорожная карта согласована: куратор школы получил уведомление, руководитель может её утвердить.',
      return: 'Дорожная карта возвращена на доработку: куратор школы получил уведомление с вашим комментарием.',
    },
    renderFailed: (request, reply, failure, status) => renderRoadmapPage(request, reply, failure, status),
  });

  app.get('/roadmaps/:id/edit', { config: manage }, async (request, reply) => {
    const roadmap = await editableRoadmap(app.db, actorOf(request), idOf(request.params));
    return renderRoadmapForm(reply, roadmap, roadmapValues(roadmap), {});
  });

  app.post('/roadmaps/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const roadmap = await editableRoadmap(app.db, actor, idOf(request.params));
    const parsed = roadmapForm.safeParse(request.body ?? {});
    if (!parsed.success) return renderRoadmapForm(reply, roadmap, formValues(request.body), fieldErrors(parsed.error), 400);
    await updateRoadmap(app.db, actor, roadmap.id, parsed.data);
    reply.flash('success', 'Изменения сохранены.');
    return reply.redirect(`/roadmaps/${roadmap.id}`, 303);
  });
}
