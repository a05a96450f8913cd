import type { FastifyInstance, FastifyReply } from 'fastify';
import { entryOrganizationOf, MODULE_ROLES } from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { actorOf } from '../../http/actor.js';
import { HttpError, NotFoundError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors, formValues, idFrom } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import { checkDocument, DOCUMENT_ACCEPT, UploadError } from '../../lib/uploads.js';
import { multipartFields, uploadedFile } from '../files/multipart.js';
import { findStoredFile, sendStoredFile } from '../files/service.js';
import {
  CONTINGENT_HINTS,
  CONTINGENT_KINDS,
  type ContingentKind,
  contingentKindsOf,
  DIRECTION_LABELS,
  LEVEL_LABELS,
  METHOD_CODES,
  METHODS,
  UNIT_NAMES,
} from './catalogue.js';
import { calendarCodes, PERIOD_FLOOR, period } from './periods.js';
import { enterableOrganization, entryTarget, indicatorOf } from './lookup.js';
import type { IndicatorRecord, OrgRef } from './queries.js';
import {
  askedOrgOf,
  contingentForm,
  INDICATOR_FIELD_LABELS,
  indicatorForm,
  indicatorOrgParams,
  manualValueForm,
  publicForm,
  sentOrgOf,
  targetsForm,
  yearOf,
} from './schemas.js';
import {
  cataloguePage,
  type ContingentValue,
  contingentPage,
  manualValueFile,
  manualValuePage,
  saveContingent,
  saveIndicator,
  saveManualValue,
  saveTargets,
  setIndicatorArchived,
  setIndicatorPublic,
  type TargetValue,
  targetsPage,
  targetPeriods,
} from './service.js';

const read = { access: { roles: MODULE_ROLES.indicators } };
const manage = { access: { roles: MODULE_ROLES.indicatorsManage } };
const enter = { access: { roles: MODULE_ROLES.indicatorsEnter } };
const publish = { access: { roles: MODULE_ROLES.indicatorsPublish } };

const CATALOGUE_CRUMB = { label: 'Перечень показателей', href: '/indicators' };

const labels = {
  fields: INDICATOR_FIELD_LABELS,
  units: UNIT_NAMES,
  levels: LEVEL_LABELS,
  directions: DIRECTION_LABELS,
  methods: METHODS,
  contingent: CONTINGENT_KINDS,
  contingentHints: CONTINGENT_HINTS,
};

/** The organisation a page or form names, or the one the user enters figures for by default; 404 for neither. */
function entryOrgOf(asked: number | undefined | null, user: CurrentUser): number {
  const id = asked === undefined ? entryOrganizationOf(user) : asked;
  if (id === null) throw new NotFoundError();
  return id;
}

/** An indicator and an organisation named by `/…/:id/…/:orgId`; 404 for a malformed address. */
function indicatorOrgOf(params: unknown): { id: number; orgId: number } {
  const parsed = indicatorOrgParams.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

export async function manageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/indicators', { config: read }, async (request, reply) => {
    const showArchived = (request.query as Record<string, unknown> | undefined)?.archived === 'on';
    const page = await cataloguePage(app.db, request.user as CurrentUser, showArchived);
    return reply.render('indicators/catalogue', {
      title: 'Перечень показателей реализации целевой модели наставничества',
      ...page,
      labels,
      showArchived,
    });
  });

  const renderForm = (
    reply: FastifyReply,
    data: { indicator?: IndicatorRecord; values: Record<string, string>; errors: FieldErrors },
    status = 200,
  ) =>
    reply.render(
      'indicators/form',
      {
        title: data.indicator ? `Показатель ${data.indicator.code}: изменение` : 'Новый показатель',
        breadcrumbs: [CATALOGUE_CRUMB, { label: data.indicator ? data.indicator.code : 'Новый показатель' }],
        ...data,
        labels,
        methodOptions: METHOD_CODES.map((m) => ({ value: m, label: METHODS[m].label })),
      },
      status,
    );

  app.get('/indicators/new', { config: manage }, async (_request, reply) =>
    renderForm(reply, { values: { unit: 'percent', level: 'both', direction: 'higher', method: 'manual' }, errors: {} }),
  );

  app.post('/indicators', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    if (actor.user.municipalityId === null) throw new NotFoundError();
    const fields = formValues(request.body);
    const parsed = indicatorForm.safeParse(fields);
    if (!parsed.success) return renderForm(reply, { values: fields, errors: fieldErrors(parsed.error) }, 400);
    const result = await saveIndicator(app.db, actor, null, parsed.data);
    if (!result.ok) return renderForm(reply, { values: fields, errors: result.errors }, 400);
    reply.flash('success', `Показатель «${parsed.data.code}» добавлен. Задайте цели по годам.`);
    return reply.redirect(`/indicators/${result.id}/targets`, 303);
  });

  app.get('/indicators/:id/edit', { config: manage }, async (request, reply) => {
    const indicator = await indicatorOf(app.db, request.user as CurrentUser, idFrom(request.params));
    const values = Object.fromEntries(Object.entries(indicator).map(([k, v]) => [k, v === null ? '' : String(v)]));
    return renderForm(reply, { indicator, values, errors: {} });
  });

  app.post('/indicators/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const indicator = await indicatorOf(app.db, actor.user, idFrom(request.params));
    const fields = formValues(request.body);
    const parsed = indicatorForm.safeParse(fields);
    if (!parsed.success) return renderForm(reply, { indicator, values: fields, errors: fieldErrors(parsed.error) }, 400);
    const result = await saveIndicator(app.db, actor, indicator, parsed.data);
    if (!result.ok) return renderForm(reply, { indicator, values: fields, errors: result.errors }, 400);
    reply.flash('success', 'Изменения сохранены.');
    return reply.redirect('/indicators', 303);
  });

  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    app.post(`/indicators/:id/${action}`, { config: manage }, async (request, reply) => {
      const actor = actorOf(request);
      const indicator = await indicatorOf(app.db, actor.user, idFrom(request.params));
      await setIndicatorArchived(app.db, actor, indicator, archived);
      reply.flash(
        'success',
        archived
          ? `Показатель ${indicator.code} перенесён в архив: на панелях его больше нет.`
          : `Показатель ${indicator.code} возвращён в перечень.`,
      );
      return reply.redirect(archived ? '/indicators?archived=on' : '/indicators', 303);
    });
  }

  // Issue 19: the department ticks which indicators the public pages show (`public=on`; absent: not shown).
  app.post('/indicators/:id/public', { config: publish }, async (request, reply) => {
    const actor = actorOf(request);
    const indicator = await indicatorOf(app.db, actor.user, idFrom(request.params));
    const parsed = publicForm.safeParse(formValues(request.body));
    if (!parsed.success) throw new HttpError(400, parsed.error.issues[0]?.message ?? 'Неверное значение.');
    const shown = parsed.data.public === 'on';
    const changed = await setIndicatorPublic(app.db, actor, indicator, shown);
    if (changed)
      reply.flash(
        'success',
        shown
          ? `Значения показателя ${indicator.code} показываются на публичной странице муниципалитета.`
          : `Значения показателя ${indicator.code} больше не показываются на публичной странице.`,
      );
    return reply.redirect('/indicators', 303);
  });

  // Targets of one organisation for every year.
  const renderTargets = async (
    reply: FastifyReply,
    user: CurrentUser,
    indicator: IndicatorRecord,
    org: OrgRef,
    data: { values?: Record<string, string>; errors?: FieldErrors },
    status = 200,
  ) => {
    const page = await targetsPage(app.db, user, indicator, org);
    return reply.render(
      'indicators/targets',
      {
        title: `Цели показателя ${indicator.code}: ${org.name}`,
        breadcrumbs: [CATALOGUE_CRUMB, { label: `Цели показателя ${indicator.code}` }],
        indicator,
        org,
        organizations: page.organizations,
        years: page.years,
        periods: page.years.map(period),
        values: data.values ?? page.stored,
        errors: data.errors ?? {},
        inherited: page.inherited,
        labels,
      },
      status,
    );
  };

  app.get('/indicators/:id/targets', { config: enter }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const { indicator, org } = await entryTarget(
      app.db,
      user,
      idFrom(request.params),
      entryOrgOf(askedOrgOf(request.query), user),
      'targets',
    );
    return renderTargets(reply, user, indicator, org, {});
  });

  app.post('/indicators/:id/targets', { config: enter }, async (request, reply) => {
    const actor = actorOf(request);
    const fields = formValues(request.body);
    const { indicator, org } = await entryTarget(
      app.db,
      actor.user,
      idFrom(request.params),
      entryOrgOf(sentOrgOf(fields), actor.user),
      'targets',
    );
    const years = await targetPeriods(app.db, org.municipality_id);
    const parsed = targetsForm(years).safeParse(fields);
    if (!parsed.success)
      return renderTargets(reply, actor.user, indicator, org, { values: fields, errors: fieldErrors(parsed.error) }, 400);
    const data = parsed.data as Record<string, number | string | null>;
    const targets = new Map<number, TargetValue>();
    for (const y of years)
      targets.set(y, {
        value: (data[`value_${y}`] as number | null) ?? null,
        wording: (data[`wording_${y}`] as string | null) ?? null,
      });
    const changes = await saveTargets(app.db, actor, indicator, org, targets);
    reply.flash('success', changes === 0 ? 'Цели не изменились.' : `Цели сохранены (изменено лет: ${changes}).`);
    return reply.redirect(`/indicators/${indicator.id}/targets?org=${org.id}`, 303);
  });

  // Contingent of one organisation for one year.
  const renderContingent = async (
    reply: FastifyReply,
    user: CurrentUser,
    org: OrgRef,
    year: number,
    data: { values?: Record<string, string>; errors?: FieldErrors },
    status = 200,
  ) => {
    const page = await contingentPage(app.db, user, org, year);
    return reply.render(
      'indicators/contingent',
      {
        title: `Контингент: ${org.name}, ${year} год`,
        org,
        year,
        years: calendarCodes(PERIOD_FLOOR, todayIso()),
        kinds: contingentKindsOf(org),
        organizations: page.organizations,
        values: data.values ?? page.stored,
        errors: data.errors ?? {},
        labels,
      },
      status,
    );
  };

  app.get('/contingent', { config: enter }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const org = await enterableOrganization(app.db, user, entryOrgOf(askedOrgOf(request.query), user), 'contingent');
    return renderContingent(reply, user, org, yearOf(request.query), {});
  });

  app.post('/contingent', { config: enter }, async (request, reply) => {
    const actor = actorOf(request);
    const fields = formValues(request.body);
    const org = await enterableOrganization(app.db, actor.user, entryOrgOf(sentOrgOf(fields), actor.user), 'contingent');
    const year = yearOf(fields);
    const parsed = contingentForm.safeParse(fields);
    if (!parsed.success)
      return renderContingent(reply, actor.user, org, year, { values: fields, errors: fieldErrors(parsed.error) }, 400);
    const data = parsed.data as Record<string, number | string | null>;
    const values = new Map<ContingentKind, ContingentValue>();
    for (const kind of contingentKindsOf(org)) {
      values.set(kind, {
        value: (data[`value_${kind}`] as number | null) ?? null,
        note: (data[`note_${kind}`] as string | null) ?? null,
      });
    }
    const changes = await saveContingent(app.db, actor, org, year, values);
    reply.flash(
      'success',
      changes === 0 ? 'Данные не изменились.' : 'Контингент сохранён; показатели пересчитаются при следующем открытии панели.',
    );
    return reply.redirect(`/contingent?org=${org.id}&year=${year}`, 303);
  });

  // A value entered by hand.
  const renderValue = async (
    reply: FastifyReply,
    user: CurrentUser,
    target: { indicator: IndicatorRecord; org: OrgRef },
    year: number,
    data: { values?: Record<string, string>; errors?: FieldErrors; fileSent?: boolean },
    status = 200,
  ) => {
    const { indicator, org } = target;
    const page = await manualValuePage(app.db, user, indicator, org, year);
    return reply.render(
      'indicators/value-form',
      {
        title: `${indicator.code}: значение за ${year} год — ${org.name}`,
        breadcrumbs: [
          org.type === 'school'
            ? { label: 'Показатели школы', href: `/dashboard/schools/${org.id}?year=${year}` }
            : { label: 'Показатели муниципалитета', href: `/dashboard?year=${year}` },
          { label: `${indicator.code}: значение` },
        ],
        indicator,
        org,
        year,
        years: calendarCodes(PERIOD_FLOOR, todayIso()),
        values: data.values ?? page.stored,
        errors: data.errors ?? {},
        fileSent: data.fileSent ?? false,
        file: page.file,
        accept: DOCUMENT_ACCEPT,
        labels,
      },
      status,
    );
  };

  const valueTarget = (user: CurrentUser, params: unknown) => {
    const { id, orgId } = indicatorOrgOf(params);
    return entryTarget(app.db, user, id, orgId, 'manual');
  };

  app.get('/indicators/:id/values/:orgId', { config: enter }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const target = await valueTarget(user, request.params);
    return renderValue(reply, user, target, yearOf(request.query), {});
  });

  app.post('/indicators/:id/values/:orgId', { config: enter }, async (request, reply) => {
    const actor = actorOf(request);
    const target = await valueTarget(actor.user, request.params);
    const { indicator, org } = target;
    const fields = formValues(multipartFields(request.body));
    const year = yearOf(fields);
    const file = await uploadedFile(request.body, 'file');
    const parsed = manualValueForm.safeParse(fields);
    let refused: string | null = null;
    if (file) {
      try {
        await checkDocument(file.fileName, file.data, { truncated: file.truncated });
      } catch (error) {
        if (!(error instanceof UploadError)) throw error;
        refused = error.message;
      }
    }
    if (!parsed.success || refused) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(refused ? { file: refused } : {}) };
      return renderValue(reply, actor.user, target, year, { values: fields, errors, fileSent: file !== null }, 400);
    }
    if (indicator.unit === 'percent' && (parsed.data.value ?? 0) > 100) {
      return renderValue(
        reply,
        actor.user,
        target,
        year,
        { values: fields, errors: { value: 'Значение: доля не может быть больше 100 %' }, fileSent: file !== null },
        400,
      );
    }
    await saveManualValue(app.db, app.files, actor, indicator, org, year, parsed.data, file);
    reply.flash('success', `Значение ${indicator.code} за ${year} год сохранено.`);
    return reply.redirect(org.type === 'school' ? `/dashboard/schools/${org.id}?year=${year}` : `/dashboard?year=${year}`, 303);
  });

  app.get('/indicators/:id/values/:orgId/file', { config: read }, async (request, reply) => {
    const { id, orgId } = indicatorOrgOf(request.params);
    const fileId = await manualValueFile(app.db, request.user as CurrentUser, id, orgId, yearOf(request.query));
    const file = await findStoredFile(app.db, fileId);
    if (!file) throw new NotFoundError();
    return sendStoredFile(reply, app.files, file);
  });
}
