import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canCreateEvent, eventOrganizerOf, MODULE_ROLES, mayOpen, readsMunicipalEvents } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { ForbiddenError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { todayIso } from '../../lib/dates.js';
import { absoluteUrl } from '../../lib/mailer.js';
import { XLSX } from '../../lib/mime.js';
import { EVENT_MENTEE_CATEGORIES } from '../../db/types.js';
import { MENTEE_CATEGORY_LABELS, MENTOR_CATEGORY_LABELS } from '../people/labels.js';
import { DOCUMENT_ACCEPT } from '../../lib/uploads.js';
import { MONTHS_NOMINATIVE } from '../../lib/months.js';
import { pageUrl } from '../../lib/pagination.js';
import type { ActResult } from './service.js';
import {
  addWinnerToBestMentors,
  changeEventStatus,
  createEvent,
  eventFormOptions,
  eventFormValues,
  eventList,
  eventPage,
  getEvent,
  getEventForChange,
  markAttendance,
  planOf,
  publishResult,
  registerSchoolPerson,
  registerSelf,
  removeRegistration,
  sheetOf,
  unregisterSelf,
  updateEvent,
} from './service.js';
import {
  EVENT_AUDIENCE_LABELS,
  EVENT_FIELD_LABELS,
  EVENT_KIND_LABELS,
  EVENT_LEVEL_LABELS,
  EVENT_RESULT_LABELS,
  EVENT_STATUS_LABELS,
} from './labels.js';
import { sendStoredFile } from '../files/service.js';
import { formWithDocument } from '../files/multipart.js';
import { addEventFile, eventFile, removeEventFile } from './files.js';
import { planWorkbook } from './plan-xlsx.js';
import {
  attendanceForm,
  contestResults,
  eventForm,
  eventListQuery,
  planQuery,
  registerPersonForm,
  resultForm,
  statusForm,
} from './schemas.js';

const read = { access: { roles: MODULE_ROLES.events } };
const manage = { access: { roles: MODULE_ROLES.eventsManage } };
const plan = { access: { roles: MODULE_ROLES.eventsPlan } };
const registerPeople = { access: { roles: MODULE_ROLES.eventsRegisterPeople } };
const bestMentors = { access: { roles: MODULE_ROLES.recognitionCompile } };

const LIST_CRUMB = { label: 'Мероприятия', href: '/events' };

const labels = {
  kinds: EVENT_KIND_LABELS,
  levels: EVENT_LEVEL_LABELS,
  statuses: EVENT_STATUS_LABELS,
  audience: EVENT_AUDIENCE_LABELS,
  mentorCategories: MENTOR_CATEGORY_LABELS,
  menteeCategories: MENTEE_CATEGORY_LABELS,
  results: EVENT_RESULT_LABELS,
  fields: EVENT_FIELD_LABELS,
  months: MONTHS_NOMINATIVE,
};

function thisYear(): number {
  return Number(todayIso().slice(0, 4));
}

/** A form body with its checkbox lists kept as lists. */
function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const values: Record<string, unknown> = { ...formValues(body) };
  for (const list of ['audience_roles', 'audience_mentor_categories', 'audience_mentee_categories', 'school_ids', 'present'])
    if (body[list] !== undefined) values[list] = body[list];
  return values;
}

function afterAct(reply: FastifyReply, id: number, result: ActResult, to = `/events/${id}`) {
  reply.flash(result.ok ? 'success' : 'error', result.message);
  return reply.redirect(to, 303);
}

export async function eventRoutes(app: FastifyInstance): Promise<void> {
  app.get('/events', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const query = eventListQuery.parse(request.query ?? {});
    const year = query.year ?? thisYear();
    const page = await eventList(app.db, actor, query, year);
    const filters = {
      year: String(year),
      month: query.month ? String(query.month) : undefined,
      kind: query.kind,
      level: query.level,
    };
    const municipal = readsMunicipalEvents(actor.user);
    return reply.render('events/list', {
      title: 'Мероприятия',
      page,
      filters,
      labels,
      year,
      years: [year - 1, year, year + 1],
      municipal,
      showsPlan: mayOpen(actor.user, 'eventsPlan'),
      canCreate: canCreateEvent(actor.user),
      urlFor: (n: number) => pageUrl('/events', filters, n),
    });
  });

  app.get('/events/new', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    if (!canCreateEvent(actor.user)) throw new ForbiddenError('Мероприятия планируют методический центр и школы.');
    return renderForm(app, request, reply, { mode: 'create', values: { schools: 'all' }, errors: {} });
  });

  app.post('/events', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    if (!canCreateEvent(actor.user)) throw new ForbiddenError('Мероприятия планируют методический центр и школы.');
    const values = bodyOf(request);
    const parsed = eventForm.safeParse(values);
    if (!parsed.success)
      return renderForm(app, request, reply, { mode: 'create', values, errors: fieldErrors(parsed.error) }, 400);
    const result = await createEvent(app.db, actor, parsed.data);
    if (!result.ok) return renderForm(app, request, reply, { mode: 'create', values, errors: result.errors }, 400);
    reply.flash('success', 'Мероприятие добавлено в план.');
    return reply.redirect(`/events/${result.id}`, 303);
  });

  app.get('/events/plan', { config: plan }, async (request, reply) => {
    const actor = actorOf(request);
    const year = planQuery.parse(request.query ?? {}).year ?? thisYear();
    const { events } = await planOf(app.db, actor, year);
    return reply.render('events/plan', {
      title: `План мероприятий на ${year} год`,
      subtitle: readsMunicipalEvents(actor.user) ? 'Муниципальный план методического центра' : actor.user.organizationName,
      events,
      year,
      labels,
    });
  });

  app.get('/events/plan.xlsx', { config: plan }, async (request, reply) => {
    const actor = actorOf(request);
    const year = planQuery.parse(request.query ?? {}).year ?? thisYear();
    const { events } = await planOf(app.db, actor, year);
    const data = await planWorkbook(events, year);
    return reply
      .header('content-type', XLSX.mediaType)
      .header('content-disposition', contentDisposition(`План мероприятий ${year}.xlsx`, { fallback: `events-${year}.xlsx` }))
      .header('cache-control', 'no-store')
      .send(data);
  });

  app.get('/events/:id', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const event = await getEvent(app.db, actor, idOf(request.params));
    const page = await eventPage(app.db, actor, event);
    return reply.render('events/show', {
      title: event.title,
      event,
      ...page,
      canRemove: undefined,
      removable: new Set(page.registrations.filter(page.canRemove).map((r) => r.id)),
      accept: DOCUMENT_ACCEPT,
      labels,
      breadcrumbs: [LIST_CRUMB, { label: event.title }],
    });
  });

  app.get('/events/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const event = await getEventForChange(app.db, actor, idOf(request.params));
    return renderForm(app, request, reply, { mode: 'edit', event, values: await eventFormValues(app.db, event), errors: {} });
  });

  app.post('/events/:id', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const event = await getEventForChange(app.db, actor, idOf(request.params));
    const values = bodyOf(request);
    const parsed = eventForm.safeParse(values);
    if (!parsed.success)
      return renderForm(app, request, reply, { mode: 'edit', event, values, errors: fieldErrors(parsed.error) }, 400);
    const result = await updateEvent(app.db, actor, event.id, parsed.data);
    if (!result.ok) return renderForm(app, request, reply, { mode: 'edit', event, values, errors: result.errors }, 400);
    reply.flash('success', 'Изменения сохранены.');
    return reply.redirect(`/events/${event.id}`, 303);
  });

  app.post('/events/:id/status', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const event = await getEventForChange(app.db, actor, idOf(request.params));
    const parsed = statusForm.safeParse(formValues(request.body));
    if (!parsed.success) {
      return afterActPage(app, request, reply, event.id, 'Выберите действие с мероприятием');
    }
    return afterAct(reply, event.id, await changeEventStatus(app.db, actor, event.id, parsed.data.to));
  });

  app.post('/events/:id/register', { config: read }, async (request, reply) => {
    const id = idOf(request.params);
    return afterAct(reply, id, await registerSelf(app.db, actorOf(request), id));
  });

  app.post('/events/:id/unregister', { config: read }, async (request, reply) => {
    const id = idOf(request.params);
    return afterAct(reply, id, await unregisterSelf(app.db, actorOf(request), id));
  });

  app.post('/events/:id/registrations', { config: registerPeople }, async (request, reply) => {
    const actor = actorOf(request);
    const event = await getEvent(app.db, actor, idOf(request.params));
    const parsed = registerPersonForm.safeParse(formValues(request.body));
    if (!parsed.success) {
      return afterActPage(
        app,
        request,
        reply,
        event.id,
        fieldErrors(parsed.error).person ?? 'Участник: выберите человека из списка',
      );
    }
    return afterAct(reply, event.id, await registerSchoolPerson(app.db, actor, event.id, parsed.data.person));
  });

  app.post('/events/:id/registrations/:registrationId/remove', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    return afterAct(reply, id, await removeRegistration(app.db, actorOf(request), id, idOf(request.params, 'registrationId')));
  });

  app.post('/events/:id/registrations/:registrationId/best-mentor', { config: bestMentors }, async (request, reply) => {
    const id = idOf(request.params);
    return afterAct(
      reply,
      id,
      await addWinnerToBestMentors(app.db, actorOf(request), id, idOf(request.params, 'registrationId')),
    );
  });

  app.post('/events/:id/files', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    const { fields, file } = await formWithDocument(request.body);
    const result = await addEventFile(app.db, app.files, actorOf(request), id, fields.title ?? '', file);
    return result.ok ? afterAct(reply, id, result) : afterActPage(app, request, reply, id, result.message);
  });

  app.get('/events/:id/files/:fileId', { config: read }, async (request, reply) => {
    const file = await eventFile(app.db, actorOf(request), idOf(request.params), idOf(request.params, 'fileId'));
    return sendStoredFile(reply, app.files, file, { inline: true });
  });

  app.post('/events/:id/files/:fileId/remove', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    return afterAct(reply, id, await removeEventFile(app.db, app.files, actorOf(request), id, idOf(request.params, 'fileId')));
  });

  app.get('/events/:id/sheet', { config: plan }, async (request, reply) => {
    const { event, registrations } = await sheetOf(app.db, actorOf(request), idOf(request.params));
    return reply.render('events/sheet', { title: `Лист регистрации: ${event.title}`, event, registrations, labels });
  });

  app.get('/events/:id/attendance', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const event = await getEventForChange(app.db, actor, idOf(request.params));
    const page = await eventPage(app.db, actor, event);
    return reply.render('events/attendance', {
      title: `Отметка присутствия: ${event.title}`,
      event,
      registrations: page.registrations,
      canMark: page.canMarkAttendance,
      labels,
      breadcrumbs: [LIST_CRUMB, { label: event.title, href: `/events/${event.id}` }, { label: 'Отметка присутствия' }],
    });
  });

  app.post('/events/:id/attendance', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const event = await getEventForChange(app.db, actor, idOf(request.params));
    const { present } = attendanceForm.parse(bodyOf(request));
    return afterAct(reply, event.id, await markAttendance(app.db, actor, event.id, present));
  });

  app.post('/events/:id/result', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const event = await getEventForChange(app.db, actor, idOf(request.params));
    const body = formValues(request.body);
    const parsed = resultForm.safeParse(body);
    const results = contestResults(body);
    if (!parsed.success || typeof results === 'string') {
      const message = !parsed.success ? (fieldErrors(parsed.error).summary ?? 'Итоги: заполните поле') : (results as string);
      return afterActPage(app, request, reply, event.id, message);
    }
    return afterAct(
      reply,
      event.id,
      await publishResult(app.db, actor, event.id, parsed.data.summary, results, absoluteUrl(app.config, `/events/${event.id}`)),
    );
  });
}

/** The event page again with a form's error (a 400), as a page without JavaScript shows it. */
async function afterActPage(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, id: number, message: string) {
  const actor = actorOf(request);
  const event = await getEvent(app.db, actor, id);
  const page = await eventPage(app.db, actor, event);
  return reply.render(
    'events/show',
    {
      title: event.title,
      event,
      ...page,
      canRemove: undefined,
      removable: new Set(page.registrations.filter(page.canRemove).map((r) => r.id)),
      accept: DOCUMENT_ACCEPT,
      labels,
      formError: message,
      formValues: formValues(request.body),
      breadcrumbs: [LIST_CRUMB, { label: event.title }],
    },
    400,
  );
}

interface FormState {
  mode: 'create' | 'edit';
  event?: Awaited<ReturnType<typeof getEvent>>;
  values: Record<string, unknown>;
  errors: FieldErrors;
}

async function renderForm(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) {
  const actor = actorOf(request);
  const organizerId = state.event ? state.event.organizer_id : eventOrganizerOf(actor.user);
  if (organizerId === null) throw new ForbiddenError('Мероприятия планируют методический центр и школы.');
  const options = await eventFormOptions(app.db, actor, organizerId);
  const list = (v: unknown) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
  return reply.render(
    'events/form',
    {
      title: state.mode === 'edit' ? `Изменение мероприятия: ${state.event?.title}` : 'Новое мероприятие',
      mode: state.mode,
      event: state.event,
      values: {
        ...state.values,
        audience_roles: list(state.values.audience_roles),
        audience_mentor_categories: list(state.values.audience_mentor_categories),
        audience_mentee_categories: list(state.values.audience_mentee_categories),
        school_ids: list(state.values.school_ids),
      },
      errors: state.errors,
      labels,
      municipal: options.municipal,
      kindOptions: Object.entries(EVENT_KIND_LABELS).map(([value, label]) => ({ value, label })),
      levelOptions: Object.entries(EVENT_LEVEL_LABELS)
        .filter(([value]) => (options.municipal ? value !== 'school' : value === 'school'))
        .map(([value, label]) => ({ value, label })),
      audienceOptions: Object.entries(EVENT_AUDIENCE_LABELS).map(([value, label]) => ({ value, label })),
      mentorCategoryOptions: Object.entries(MENTOR_CATEGORY_LABELS).map(([value, label]) => ({ value, label })),
      menteeCategoryOptions: EVENT_MENTEE_CATEGORIES.map((value) => ({ value, label: MENTEE_CATEGORY_LABELS[value] })),
      schoolOptions: options.schools.map((s) => ({ value: String(s.id), label: s.short_name })),
      itemOptions: options.items.map((i) => ({
        value: String(i.id),
        label: `${i.number ? `${i.number} ` : ''}${i.activity.length > 120 ? `${i.activity.slice(0, 119)}…` : i.activity}`,
      })),
      breadcrumbs: state.event
        ? [LIST_CRUMB, { label: state.event.title, href: `/events/${state.event.id}` }, { label: 'Изменение' }]
        : [LIST_CRUMB, { label: 'Новое мероприятие' }],
    },
    status,
  );
}
