import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  browsesPairs,
  canEditPerson,
  canSeeMinorDetails,
  canShareMentor,
  canViewPortfolio,
  keepsBases,
  MODULE_ROLES,
  readsMunicipalBases,
  seesPairsElsewhere,
} from '../../access/policy.js';
import { PAIR_STATUS_LABELS } from '../pairs/labels.js';
import { pairsOfPerson } from '../pairs/queries.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues, idFrom } from '../../http/forms.js';
import { pageUrl } from '../../lib/pagination.js';
import { organizationOptions, partnersOf } from '../organizations/queries.js';
import {
  KIND_LABELS,
  MENTEE_CATEGORY_LABELS,
  MENTOR_CATEGORY_LABELS,
  MENTORING_FORM_LABELS,
  PERSON_STATUS_LABELS,
  type PersonKind,
} from './labels.js';
import { AWARD_KIND_LABELS, AWARD_LEVEL_LABELS } from '../recognition/labels.js';
import { awardsForCard } from '../recognition/service.js';
import { handTypedTrainingsOf, linkedAccount, listPeople, personExtras, tagsOf } from './queries.js';
import { importExportRoutes } from './import-routes.js';
import { municipalRegisterRoutes } from './register-routes.js';
import { minorBornAfter, todayIso } from './rules.js';
import { menteeForm, mentorForm, personListQuery } from './schemas.js';
import {
  createMentee,
  createMentor,
  erasePerson,
  getPerson,
  getPersonForChange,
  linkableAccounts,
  linkAccount,
  setArchived,
  setMentorShared,
  updateMentee,
  updateMentor,
} from './service.js';

const read = { access: { roles: MODULE_ROLES.people } };
const manage = { access: { roles: MODULE_ROLES.peopleManage } };
const share = { access: { roles: MODULE_ROLES.mentorsShare } };

export const PERSON_FIELD_LABELS: Record<string, string> = {
  last_name: 'Фамилия',
  first_name: 'Имя',
  middle_name: 'Отчество',
  category: 'Категория',
  origin_organization_id: 'Организация, которую представляет наставник',
  position: 'Должность или класс',
  class_name: 'Класс',
  birth_date: 'Дата рождения',
  teaching_since: 'Начало педагогической деятельности',
  phone: 'Телефон',
  email: 'Электронная почта',
  tag_ids: 'Из справочника',
  competencies_note: 'Компетенции (другое)',
  requests_note: 'Запросы (другое)',
  forms: 'Формы наставничества',
  capacity: 'Сколько наставляемых одновременно',
  qualification: 'Квалификационная категория',
  training_course: 'Обучение: курс',
  training_date: 'Обучение: дата',
  training_hours: 'Обучение: часы',
  consent_date: 'Дата согласия',
  consent_by: 'Согласие дал(а)',
  consent_number: 'Номер документа о согласии',
  status: 'Статус',
};

const labels = {
  mentorCategories: MENTOR_CATEGORY_LABELS,
  menteeCategories: MENTEE_CATEGORY_LABELS,
  statuses: PERSON_STATUS_LABELS,
  forms: MENTORING_FORM_LABELS,
  fields: PERSON_FIELD_LABELS,
};

function fullName(p: { last_name: string; first_name: string; middle_name: string | null }): string {
  return [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
}

export async function peopleRoutes(app: FastifyInstance): Promise<void> {
  // /registers: the municipal registers over both bases
  await municipalRegisterRoutes(app);
  for (const kind of ['mentors', 'mentees'] as const) {
    // the fixed paths (import, export, template) before /:id
    importExportRoutes(app, kind);
    baseRoutes(app, kind);
  }
}

function baseRoutes(app: FastifyInstance, kind: PersonKind): void {
  const base = `/${kind}`;
  const names = KIND_LABELS[kind];
  const crumbs = [{ label: names.base, href: base }];

  app.get(base, { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const query = personListQuery.parse(request.query);
    const page = await listPeople(app.db, actor.user, kind, query);
    const filters = {
      q: query.q,
      category: query.category,
      status: query.status,
      consent: query.consent,
      org: query.org ? String(query.org) : undefined,
      tag: query.tag ? String(query.tag) : undefined,
      training: kind === 'mentors' ? query.training : undefined,
      sort: query.sort,
    };
    const municipal = readsMunicipalBases(actor.user);
    const schools = municipal ? await organizationOptions(app.db, actor.user, ['school']) : [];
    const tags = actor.user.municipalityId
      ? await tagsOf(app.db, actor.user.municipalityId, kind === 'mentors' ? 'competency' : 'request')
      : [];
    return reply.render('people/list', {
      title: municipal ? `${names.base}: муниципальный реестр` : names.base,
      kind,
      names,
      page,
      filters,
      labels,
      municipal,
      schools,
      tags,
      canEdit: keepsBases(actor.user),
      seesMinors: (row: { organization_id: number; municipality_id: number | null }) => canSeeMinorDetails(actor.user, row),
      urlFor: (n: number) => pageUrl(base, filters, n),
      exportUrl: (format: string) => pageUrl(`${base}/export.${format}`, filters, 1),
    });
  });

  app.get(`${base}/new`, { config: manage }, async (request, reply) => {
    return renderForm(app, request, reply, kind, { mode: 'create', values: { capacity: '1', status: 'potential' }, errors: {} });
  });

  app.post(base, { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const today = todayIso();
    const values = formValues(request.body);
    const result =
      kind === 'mentors'
        ? await parsedThen(mentorForm(today).safeParse(request.body), (input) => createMentor(app.db, actor, input))
        : await parsedThen(menteeForm(today).safeParse(request.body), (input) => createMentee(app.db, actor, input));
    if (!result.ok)
      return renderForm(
        app,
        request,
        reply,
        kind,
        { mode: 'create', values, lists: listsOf(request.body), errors: result.errors },
        400,
      );
    reply.flash('success', kind === 'mentors' ? 'Наставник добавлен в базу.' : 'Наставляемый добавлен в базу.');
    return reply.redirect(`${base}/${result.id}`, 303);
  });

  app.get(`${base}/:id`, { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idFrom(request.params);
    const found = await getPerson(app.db, actor, kind, id);
    const ref = { organization_id: found.person.organization_id, municipality_id: found.organization.municipality_id };
    const mentor =
      'origin_organization_id' in found.person
        ? { id: found.person.id, origin_organization_id: found.person.origin_organization_id }
        : null;
    const { tagNames, trainings, origin } = await personExtras(app.db, kind, found.tagIds, mentor);
    const isMinor = found.person.birth_date !== null && found.person.birth_date > minorBornAfter();
    const pairs = await pairsOfPerson(app.db, kind, found.person.id);
    // A mentor opened to the municipality may work at other schools too (issue 17): its own school
    // sees there the school, the form and the term, not the other school's mentees.
    const elsewhere = pairs
      .filter((p) => p.organization_id !== found.person.organization_id)
      .map((p) => (seesPairsElsewhere(actor.user) ? p : { ...p, partners: [] }));
    const shared = 'shared_at' in found.person && found.person.shared_at !== null ? found.person : null;
    return reply.render('people/show', {
      title: found.person.erased_at ? 'Запись без персональных данных' : fullName(found.person),
      kind,
      names,
      person: found.person,
      organization: found.organization,
      tagNames,
      trainings,
      origin,
      labels,
      showPrivate: !isMinor || canSeeMinorDetails(actor.user, ref),
      canEdit: canEditPerson(actor.user, ref) && !found.person.erased_at,
      account: await linkedAccount(app.db, found.person.user_id),
      // The pairs the person is in at its school, each a link to its page (every reader of the bases reads them).
      pairs: pairs.filter((p) => p.organization_id === found.person.organization_id),
      elsewhere,
      canOpenPairsElsewhere: seesPairsElsewhere(actor.user),
      pairLabels: { statuses: PAIR_STATUS_LABELS, forms: MENTORING_FORM_LABELS },
      canOpenPairs: browsesPairs(actor.user),
      sharing:
        kind === 'mentors'
          ? {
              sharedAt: shared?.shared_at ?? null,
              sharedBy: shared ? ((await linkedAccount(app.db, shared.shared_by))?.full_name ?? null) : null,
              canShare: canShareMentor(actor.user, ref) && !found.person.erased_at,
            }
          : null,
      // Issue 18: a mentor's awards, and whether the reader records them (recognition module).
      recognition: kind === 'mentors' && !found.person.erased_at ? await awardsForCard(app.db, actor, found.person.id) : null,
      awardLabels: { kinds: AWARD_KIND_LABELS, levels: AWARD_LEVEL_LABELS },
      // Issue 18: the link to the mentor's portfolio (portfolio module).
      canOpenPortfolio:
        kind === 'mentors' && !found.person.erased_at && canViewPortfolio(actor.user, { ...ref, user_id: found.person.user_id }),
      accounts:
        canEditPerson(actor.user, ref) && !found.person.erased_at
          ? await linkableAccounts(app.db, kind, found.person.organization_id)
          : [],
      breadcrumbs: [...crumbs, { label: found.person.erased_at ? `Запись № ${id}` : fullName(found.person) }],
    });
  });

  app.get(`${base}/:id/edit`, { config: manage }, async (request, reply) => {
    const found = await getPersonForChange(app.db, actorOf(request), kind, idFrom(request.params));
    return renderForm(app, request, reply, kind, {
      mode: 'edit',
      id: found.person.id,
      name: fullName(found.person),
      ...valuesOf(found),
    });
  });

  app.post(`${base}/:id`, { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idFrom(request.params);
    const found = await getPersonForChange(app.db, actor, kind, id);
    const today = todayIso();
    const result =
      kind === 'mentors'
        ? await parsedThen(mentorForm(today).safeParse(request.body), (input) => updateMentor(app.db, actor, id, input))
        : await parsedThen(menteeForm(today).safeParse(request.body), (input) => updateMentee(app.db, actor, id, input));
    if (!result.ok) {
      return renderForm(
        app,
        request,
        reply,
        kind,
        {
          mode: 'edit',
          id,
          name: fullName(found.person),
          values: formValues(request.body),
          lists: listsOf(request.body),
          errors: result.errors,
        },
        400,
      );
    }
    reply.flash('success', 'Изменения сохранены.');
    return reply.redirect(`${base}/${id}`, 303);
  });

  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    app.post(`${base}/:id/${action}`, { config: manage }, async (request, reply) => {
      const id = idFrom(request.params);
      await setArchived(app.db, actorOf(request), kind, id, archived);
      reply.flash('success', archived ? 'Запись перенесена в архив.' : 'Запись возвращена из архива.');
      return reply.redirect(`${base}/${id}`, 303);
    });
  }

  if (kind === 'mentors') {
    // Issue 17: open the mentor to the municipality's other schools, or close it again.
    for (const [action, open] of [
      ['share', true],
      ['unshare', false],
    ] as const) {
      app.post(`${base}/:id/${action}`, { config: share }, async (request, reply) => {
        const id = idFrom(request.params);
        const result = await setMentorShared(app.db, actorOf(request), id, open);
        if (!result.ok) reply.flash('error', result.error);
        else
          reply.flash(
            'success',
            open
              ? 'Наставник открыт муниципалитету: другие школы видят его среди предложенных наставников.'
              : 'Наставник закрыт для других школ: новые пары с ним формирует только своя школа. Действующие пары продолжают работу.',
          );
        return reply.redirect(`${base}/${id}#sharing`, 303);
      });
    }
  }

  app.post(`${base}/:id/account`, { config: manage }, async (request, reply) => {
    const id = idFrom(request.params);
    const raw = (request.body as { user_id?: unknown } | undefined)?.user_id;
    const userId = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : null;
    await linkAccount(app.db, actorOf(request), kind, id, userId);
    reply.flash(
      'success',
      userId === null ? 'Учётная запись отвязана от записи базы.' : 'Учётная запись связана: человек видит свои пары в портале.',
    );
    return reply.redirect(`${base}/${id}#account`, 303);
  });

  app.post(`${base}/:id/erase`, { config: manage }, async (request, reply) => {
    const id = idFrom(request.params);
    await erasePerson(app.db, actorOf(request), kind, id, app.files);
    reply.flash('success', 'Персональные данные удалены. Обезличенная запись осталась для статистики.');
    return reply.redirect(`${base}/${id}`, 303);
  });
}

type ParseResult<T> = { success: true; data: T } | { success: false; error: import('zod').ZodError };

async function parsedThen<T, R extends { ok: true; id: number } | { ok: false; errors: FieldErrors }>(
  parsed: ParseResult<T>,
  then: (input: T) => Promise<R>,
): Promise<R | { ok: false; errors: FieldErrors }> {
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  return then(parsed.data);
}

/** Multi-valued fields of a submitted form (checkboxes, training rows), kept on error. */
function listsOf(body: unknown): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  if (body && typeof body === 'object') {
    for (const key of ['tag_ids', 'forms', 'training_course', 'training_date', 'training_hours']) {
      const value = (body as Record<string, unknown>)[key];
      lists[key] = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
    }
  }
  return lists;
}

function valuesOf(found: Awaited<ReturnType<typeof getPersonForChange>>): {
  values: Record<string, string>;
  lists: Record<string, string[]>;
  errors: FieldErrors;
} {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(found.person)) {
    if (value === null || value === undefined || value instanceof Date || Array.isArray(value)) continue;
    values[key] = String(value);
  }
  const forms = 'forms' in found.person ? found.person.forms : [];
  return { values, lists: { tag_ids: found.tagIds.map(String), forms }, errors: {} };
}

interface FormState {
  mode: 'create' | 'edit';
  id?: number;
  name?: string;
  values: Record<string, string>;
  lists?: Record<string, string[]>;
  errors: FieldErrors;
}

async function renderForm(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  kind: PersonKind,
  state: FormState,
  status = 200,
) {
  const actor = actorOf(request);
  const names = KIND_LABELS[kind];
  let lists = state.lists ?? {};
  if (kind === 'mentors' && state.mode === 'edit' && state.id && !state.lists?.training_course) {
    const trainings = await handTypedTrainingsOf(app.db, state.id);
    lists = {
      ...lists,
      training_course: trainings.map((t) => t.course),
      training_date: trainings.map((t) => t.completed_on ?? ''),
      training_hours: trainings.map((t) => (t.hours === null ? '' : String(t.hours))),
    };
  }
  const partners = kind === 'mentors' && actor.user.municipalityId ? await partnersOf(app.db, actor.user.municipalityId) : [];
  const tags = actor.user.municipalityId
    ? await tagsOf(app.db, actor.user.municipalityId, kind === 'mentors' ? 'competency' : 'request')
    : [];
  const title =
    state.mode === 'create' ? (kind === 'mentors' ? 'Новый наставник' : 'Новый наставляемый') : `Изменение: ${state.name ?? ''}`;
  return reply.render(
    'people/form',
    {
      title,
      kind,
      names,
      ...state,
      lists,
      labels,
      originOptions: [
        { value: String(actor.user.organizationId), label: `${actor.user.organizationName} (своя школа)` },
        ...partners.map((p) => ({ value: String(p.id), label: p.short_name })),
      ],
      tags,
      breadcrumbs: [
        { label: names.base, href: `/${kind}` },
        ...(state.id ? [{ label: state.name ?? '', href: `/${kind}/${state.id}` }] : []),
        { label: state.mode === 'create' ? 'Добавление' : 'Изменение' },
      ],
    },
    status,
  );
}
