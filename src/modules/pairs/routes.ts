import type { FastifyInstance, FastifyReply } from 'fastify';
import { canFormPairs, MODULE_ROLES, readsMunicipalPairs, readsOwnPairs } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { ConflictError, NotFoundError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors, formValues, idFrom } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import { DEFAULT_PER_PAGE, pageUrl } from '../../lib/pagination.js';
import { formatDate } from '../../lib/ru.js';
import type { Actor } from '../audit/service.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { DOCX } from '../../lib/mime.js';
import { findOrganizationInScope } from '../organizations/queries.js';
import { meetingRoutes } from './meeting-routes.js';
import { renderPairPage } from './pair-page.js';
import { MENTEE_CATEGORIES, MENTEE_CATEGORY_LABELS, MENTORING_FORM_LABELS, MENTORING_FORMS } from '../people/labels.js';
import type { FormCode } from './matching.js';
import { PAIR_KIND_LABELS, PAIR_KINDS, PAIR_STATUS_LABELS, ROLE_MODEL_SUGGESTIONS } from './labels.js';
import { buildPairsOrderDocx, buildPairsOrderModel } from './order-docx.js';
import { allForming, orderInput } from './order.js';
import { listPairs, menteeChoiceOptions, menteeChoices, pairMembers, pairsBySchool, schoolProgrammes } from './queries.js';
import {
  listQuery,
  orderForm,
  orderQuery,
  pairForm,
  pairTermsForm,
  proposalQuery,
  routeForm,
  taskDoneForm,
  taskForm,
  terminateForm,
} from './schemas.js';
import {
  activatePair,
  addTask,
  createPair,
  deleteTask,
  managedPair,
  loadPair,
  matchMentees,
  pairProposals,
  recordOrder,
  routePair,
  setStageAndGoals,
  setTaskDone,
  terminatePair,
  updatePairTerms,
} from './service.js';

const read = { access: { roles: MODULE_ROLES.pairs } };
const manage = { access: { roles: MODULE_ROLES.pairsManage } };
const route = { access: { roles: MODULE_ROLES.pairRoute } };

const PAIRS_CRUMB = { label: 'Пары и группы', href: '/pairs' };

const taskParams = (params: unknown) => {
  const p = params as { taskId?: string };
  const taskId = Number(p.taskId);
  if (!Number.isInteger(taskId) || taskId <= 0 || taskId > 2_147_483_647) throw new NotFoundError();
  return { id: idFrom(params), taskId };
};

export async function pairRoutes(app: FastifyInstance): Promise<void> {
  // A pair's meetings, the mentees' feedback and the personal feedback links: /pairs/:id/meetings…, /feedback/…
  await app.register(meetingRoutes);

  app.get('/pairs', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const query = listQuery.parse(request.query ?? {});
    const today = todayIso();
    const municipalityWide = readsMunicipalPairs(actor.user);
    const summary =
      municipalityWide && actor.user.municipalityId !== null && query.school === undefined
        ? await pairsBySchool(app.db, actor.user.municipalityId, today)
        : null;
    const page = await listPairs(
      app.db,
      actor.user,
      { status: query.status, form: query.form, schoolId: query.school, stale: query.stale },
      today,
      { page: query.page, perPage: DEFAULT_PER_PAGE },
    );
    const { mentors, mentees } = await pairMembers(
      app.db,
      page.rows.map((r) => r.id),
    );
    const filters: Record<string, string | undefined> = {
      status: query.status,
      form: query.form,
      school: query.school === undefined ? undefined : String(query.school),
      stale: query.stale ? 'on' : undefined,
    };
    // The coordinator's drill-down to one school: named in the title, with the way back.
    const drilled =
      municipalityWide && query.school !== undefined
        ? await findOrganizationInScope(app.db, actor.user, query.school)
        : undefined;
    const school = drilled?.type === 'school' ? drilled : undefined;
    return reply.render('pairs/list', {
      title: readsOwnPairs(actor.user) ? 'Мои пары' : school ? `Пары и группы: ${school.short_name}` : 'Пары и группы',
      breadcrumbs: school ? [PAIRS_CRUMB, { label: school.short_name }] : undefined,
      page,
      rows: page.rows.map((r) => ({ pair: r, mentors: mentors.get(r.id) ?? [], mentees: mentees.get(r.id) ?? [] })),
      summary,
      filters,
      urlFor: (n: number) => pageUrl('/pairs', filters, n),
      canCreate: canFormPairs(actor.user),
      municipalityWide,
      statusLabels: PAIR_STATUS_LABELS,
      formLabels: MENTORING_FORM_LABELS,
      forms: MENTORING_FORMS,
      formatDate,
    });
  });

  /** Mentees on one page of the search while forming a pair. */
  const MENTEES_PER_PAGE = 20;

  const renderNew = async (
    reply: FastifyReply,
    actor: Actor,
    values: Record<string, string | string[]>,
    errors: FieldErrors,
    status = 200,
  ) => {
    const schoolId = actor.user.organizationId;
    const today = todayIso();
    const query = proposalQuery.parse(values);
    const found = await menteeChoices(
      app.db,
      schoolId,
      {
        q: query.q,
        category: query.category,
        className: query.class_name,
        requestId: query.request,
        unpaired: query.unpaired,
        exclude: query.mentee_ids,
      },
      { page: query.page, perPage: MENTEES_PER_PAGE },
    );
    const results = {
      found,
      categoryLabels: MENTEE_CATEGORY_LABELS,
      searched: Boolean(query.q || query.category || query.class_name || query.request || query.unpaired),
    };
    // While one types, the page's script asks for the list alone.
    if (query.fragment === 'mentees') return reply.render('pairs/_mentee-results', results, status);
    const programmes = await schoolProgrammes(app.db, schoolId);
    const chosen = await matchMentees(app.db, schoolId, query.mentee_ids);
    // The form of step 1: chosen there, or the chosen programme's.
    const programmeForm = programmes.find((p) => p.id === query.programme_id)?.form;
    const form = query.form ?? (programmeForm as FormCode | undefined);
    const proposals = await pairProposals(app.db, actor, chosen, form, today);
    const selectedMentors = [values.mentor_ids ?? []].flat().map(String);
    return reply.render(
      'pairs/new',
      {
        title: 'Новая пара или группа',
        breadcrumbs: [PAIRS_CRUMB, { label: 'Новая пара или группа' }],
        programmes,
        ...results,
        options: await menteeChoiceOptions(app.db, schoolId, actor.user.municipalityId),
        categories: MENTEE_CATEGORIES.map((c) => ({ value: c, label: MENTEE_CATEGORY_LABELS[c] })),
        chosen,
        proposals,
        query,
        stepForm: form,
        values: { ...formValues(values), planned_start: formValues(values).planned_start ?? today },
        selectedMentors,
        errors,
        forms: MENTORING_FORMS.map((f) => ({ value: f, label: MENTORING_FORM_LABELS[f] })),
        kinds: PAIR_KINDS.map((k) => ({ value: k, label: PAIR_KIND_LABELS[k] })),
        roleModels: ROLE_MODEL_SUGGESTIONS,
        formLabels: MENTORING_FORM_LABELS,
        labels: {
          programme_id: 'Программа',
          form: 'Форма',
          kind: 'Вид',
          role_model: 'Ролевая модель',
          planned_start: 'Начало',
          planned_end: 'Окончание',
          goals: 'Цели',
          mentor_ids: 'Наставник',
          mentee_ids: 'Наставляемые',
        },
      },
      status,
    );
  };

  app.get('/pairs/new', { config: manage }, async (request, reply) =>
    renderNew(reply, actorOf(request), (request.query ?? {}) as Record<string, string | string[]>, {}),
  );

  app.post('/pairs', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const body = (request.body ?? {}) as Record<string, string | string[]>;
    const parsed = pairForm.safeParse(body);
    if (!parsed.success) return renderNew(reply, actor, body, fieldErrors(parsed.error), 400);
    const result = await createPair(app.db, actor, parsed.data, todayIso());
    if (!result.ok) return renderNew(reply, actor, body, result.errors, 400);
    reply.flash(
      'success',
      'Пара сформирована. Сформируйте приказ о закреплении и внесите его номер и дату — пара станет активной.',
    );
    return reply.redirect(`/pairs/${result.id}`, 303);
  });

  // The order: a printable page for the chosen pairs, the .docx, and recording the signed one.
  const renderOrder = async (
    reply: FastifyReply,
    actor: Actor,
    pairIds: number[],
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) => {
    const input = await orderInput(app.db, actor, pairIds, { number: null, date: null });
    return reply.render(
      'pairs/order',
      {
        title: 'Приказ о закреплении наставнических пар (групп)',
        breadcrumbs: [PAIRS_CRUMB, { label: 'Приказ о закреплении' }],
        model: buildPairsOrderModel(input),
        pairIds,
        docxUrl: `/pairs/order.docx?${pairIds.map((id) => `pair=${id}`).join('&')}`,
        canRecord: await allForming(app.db, pairIds),
        values,
        errors,
        labels: { number: 'Номер приказа', order_date: 'Дата приказа', pair: 'Пары' },
      },
      status,
    );
  };

  app.get('/pairs/order', { config: manage }, async (request, reply) => {
    const { pair } = orderQuery.parse(request.query ?? {});
    if (pair.length === 0) {
      reply.flash('error', 'Отметьте в списке пары, которые закрепляет приказ.');
      return reply.redirect('/pairs?status=forming', 303);
    }
    return renderOrder(reply, actorOf(request), pair, { order_date: todayIso() }, {});
  });

  app.get('/pairs/order.docx', { config: manage }, async (request, reply) => {
    const { pair } = orderQuery.parse(request.query ?? {});
    if (pair.length === 0) throw new NotFoundError();
    const data = await buildPairsOrderDocx(await orderInput(app.db, actorOf(request), pair, { number: null, date: null }));
    return reply
      .header('content-type', DOCX.mediaType)
      .header('content-disposition', contentDisposition('Приказ о закреплении наставнических пар.docx'))
      .header('cache-control', 'private, no-store')
      .send(data);
  });

  app.post('/pairs/order', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const parsed = orderForm.safeParse(request.body ?? {});
    const pairIds = orderQuery.parse({ pair: (request.body as { pair?: unknown } | undefined)?.pair }).pair;
    if (pairIds.length === 0) throw new ConflictError('Отметьте пары, которые закрепляет приказ.');
    if (!parsed.success) return renderOrder(reply, actor, pairIds, formValues(request.body), fieldErrors(parsed.error), 400);
    if (parsed.data.order_date > todayIso())
      return renderOrder(
        reply,
        actor,
        pairIds,
        formValues(request.body),
        { order_date: 'Дата приказа не может быть позже сегодняшнего дня' },
        400,
      );
    const result = await recordOrder(app.db, actor, {
      number: parsed.data.number,
      order_date: parsed.data.order_date,
      pair_ids: pairIds,
    });
    const parts = [`Приказ № ${parsed.data.number} от ${formatDate(parsed.data.order_date)} внесён.`];
    if (result.activated.length) parts.push(`Активны пары: ${result.activated.length}.`);
    if (result.waiting.length)
      parts.push(`Ждут согласий: ${result.waiting.map((w) => `пара № ${w.id} (${w.gaps.join('; ')})`).join(', ')}.`);
    reply.flash(result.waiting.length ? 'info' : 'success', parts.join(' '));
    return reply.redirect(pairIds.length === 1 ? `/pairs/${pairIds[0]}` : '/pairs', 303);
  });

  const renderTerms = async (
    reply: FastifyReply,
    actor: Actor,
    id: number,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) => {
    const pair = await managedPair(app.db, actor, id);
    return reply.render(
      'pairs/edit',
      {
        title: `Условия пары № ${pair.id}`,
        breadcrumbs: [PAIRS_CRUMB, { label: `Пара № ${pair.id}`, href: `/pairs/${pair.id}` }, { label: 'Условия' }],
        pair,
        programmes: await schoolProgrammes(app.db, pair.organization_id),
        kinds: PAIR_KINDS.map((k) => ({ value: k, label: PAIR_KIND_LABELS[k] })),
        roleModels: ROLE_MODEL_SUGGESTIONS,
        formLabels: MENTORING_FORM_LABELS,
        values,
        errors,
        labels: {
          programme_id: 'Программа',
          kind: 'Вид',
          role_model: 'Ролевая модель',
          planned_start: 'Начало',
          planned_end: 'Окончание',
        },
      },
      status,
    );
  };

  app.get('/pairs/:id', { config: read }, async (request, reply) => {
    const pair = await loadPair(app.db, actorOf(request), idFrom(request.params));
    return renderPairPage(app, request, reply, pair);
  });

  app.get('/pairs/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idFrom(request.params);
    const pair = await managedPair(app.db, actor, id);
    const values = {
      programme_id: String(pair.programme_id),
      kind: pair.kind,
      role_model: pair.role_model ?? '',
      planned_start: pair.planned_start,
      planned_end: pair.planned_end,
    };
    return renderTerms(reply, actor, id, values, {});
  });

  app.post('/pairs/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idFrom(request.params);
    await managedPair(app.db, actor, id);
    const parsed = pairTermsForm.safeParse(request.body ?? {});
    if (!parsed.success) return renderTerms(reply, actor, id, formValues(request.body), fieldErrors(parsed.error), 400);
    const result = await updatePairTerms(app.db, actor, id, parsed.data);
    if (!result.ok) return renderTerms(reply, actor, id, formValues(request.body), result.errors, 400);
    reply.flash('success', 'Условия пары сохранены.');
    return reply.redirect(`/pairs/${id}`, 303);
  });

  app.post('/pairs/:id/activate', { config: manage }, async (request, reply) => {
    const id = idFrom(request.params);
    await activatePair(app.db, actorOf(request), id);
    reply.flash('success', 'Пара активна: наставник может записывать встречи.');
    return reply.redirect(`/pairs/${id}`, 303);
  });

  app.post('/pairs/:id/terminate', { config: manage }, async (request, reply) => {
    const id = idFrom(request.params);
    const actor = actorOf(request);
    await managedPair(app.db, actor, id);
    const parsed = terminateForm.safeParse(request.body ?? {});
    if (!parsed.success) {
      reply.flash('error', Object.values(fieldErrors(parsed.error)).join('. '));
      return reply.redirect(`/pairs/${id}`, 303);
    }
    await terminatePair(app.db, actor, id, parsed.data);
    reply.flash('success', 'Работа пары прекращена досрочно; причина записана.');
    return reply.redirect(`/pairs/${id}`, 303);
  });

  app.post('/pairs/:id/route', { config: route }, async (request, reply) => {
    const id = idFrom(request.params);
    await routePair(app.db, actorOf(request), id);
    const parsed = routeForm.safeParse(request.body ?? {});
    if (!parsed.success) {
      reply.flash('error', Object.values(fieldErrors(parsed.error)).join('. '));
      return reply.redirect(`/pairs/${id}`, 303);
    }
    await setStageAndGoals(app.db, actorOf(request), id, parsed.data);
    reply.flash('success', 'Этап и цели сохранены.');
    return reply.redirect(`/pairs/${id}#pair-route`, 303);
  });

  app.post('/pairs/:id/tasks', { config: route }, async (request, reply) => {
    const id = idFrom(request.params);
    await routePair(app.db, actorOf(request), id);
    const parsed = taskForm.safeParse(request.body ?? {});
    if (!parsed.success) {
      reply.flash('error', Object.values(fieldErrors(parsed.error)).join('. '));
      return reply.redirect(`/pairs/${id}#pair-route`, 303);
    }
    await addTask(app.db, actorOf(request), id, parsed.data);
    reply.flash('success', 'Задача добавлена в маршрут.');
    return reply.redirect(`/pairs/${id}#pair-route`, 303);
  });

  app.post('/pairs/:id/tasks/:taskId', { config: route }, async (request, reply) => {
    const { id, taskId } = taskParams(request.params);
    const { done } = taskDoneForm.parse(request.body ?? {});
    await setTaskDone(app.db, actorOf(request), id, taskId, done ? todayIso() : null);
    reply.flash('success', done ? 'Задача отмечена выполненной.' : 'Задача возвращена в работу.');
    return reply.redirect(`/pairs/${id}#pair-route`, 303);
  });

  app.post('/pairs/:id/tasks/:taskId/delete', { config: route }, async (request, reply) => {
    const { id, taskId } = taskParams(request.params);
    await deleteTask(app.db, actorOf(request), id, taskId);
    reply.flash('success', 'Задача удалена.');
    return reply.redirect(`/pairs/${id}#pair-route`, 303);
  });
}
