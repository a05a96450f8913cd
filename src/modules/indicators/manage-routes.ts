import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MODULE_ROLES } from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import { NotFoundError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors, formValues, idFrom } from '../../http/forms.js';
import { actorOf } from '../../http/actor.js';
import { checkDocument, DOCUMENT_ACCEPT, UploadError } from '../../lib/uploads.js';
import { multipartFields, uploadedFile } from '../files/multipart.js';
import { findStoredFile, sendStoredFile } from '../files/service.js';
import {
  CONTINGENT_HINTS,
  CONTINGENT_KIND_CODES,
  CONTINGENT_KINDS,
  type ContingentKind,
  DIRECTION_LABELS,
  FIRST_YEAR,
  LEVEL_LABELS,
  METHOD_CODES,
  METHODS,
  UNIT_NAMES,
} from './catalogue.js';
import { yearsToCompute } from './compute.js';
import { yearOf } from './dashboard-routes.js';
import { contingentForm, INDICATOR_FIELD_LABELS, indicatorForm, manualValueForm, targetsForm } from './schemas.js';
import {
  appliesTo,
  type ContingentValue,
  enterableOrganization,
  enterableOrganizations,
  type IndicatorRecord,
  indicatorOf,
  manualValueFile,
  type OrgRef,
  saveContingent,
  saveIndicator,
  saveManualValue,
  saveTargets,
  setIndicatorArchived,
  type TargetValue,
} from './service.js';

const read = { access: { roles: MODULE_ROLES.indicators } };
const manage = { access: { roles: MODULE_ROLES.indicatorsManage } };
const enter = { access: { roles: MODULE_ROLES.indicatorsEnter } };

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

/** Years a target can be set for: from the model's first year to two years ahead. */
function targetYears(): number[] {
  const years = yearsToCompute();
  const last = (years[years.length - 1] as number) + 2;
  const out: number[] = [];
  for (let y = FIRST_YEAR; y <= last; y++) out.push(y);
  return out;
}

const orgQuery = z.object({ org: z.coerce.number().int().positive().optional() });

/** The organisation asked for, or the user's own (the municipality for the coordinator). */
function orgIdOf(query: unknown, user: CurrentUser): number {
  const parsed = orgQuery.safeParse(query ?? {});
  const asked = parsed.success ? parsed.data.org : undefined;
  if (asked !== undefined) return asked;
  if (user.role === 'coordinator') {
    if (user.municipalityId === null) throw new NotFoundError();
    return user.municipalityId;
  }
  return user.organizationId;
}

/** The organisation of a sent form: as for the page, the user's own when the form names none. */
function bodyOrgId(fields: Record<string, string>, user: CurrentUser): number {
  if (fields.org === undefined || fields.org === '') return orgIdOf({}, user);
  const parsed = z.coerce.number().int().positive().safeParse(fields.org);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

export async function manageRoutes(app: FastifyInstance): Promise<void> {
  app.get('/indicators', { config: read }, async (request, reply) => {
    const user = request.user as CurrentUser;
    if (user.municipalityId === null) throw new NotFoundError();
    const showArchived = (request.query as Record<string, unknown> | undefined)?.archived === 'on';
    const indicators = await app.db
      .selectFrom('indicators')
      .selectAll()
      .where('municipality_id', '=', user.municipalityId)
      .$if(!showArchived, (q) => q.where('archived_at', 'is', null))
      .orderBy('position')
      .orderBy('id')
      .execute();
    const years = yearsToCompute();
    const targets = indicators.length
      ? await app.db
          .selectFrom('indicator_targets')
          .select(['indicator_id', 'year', 'value', 'wording'])
          .where('organization_id', '=', user.municipalityId)
          .where(
            'indicator_id',
            'in',
            indicators.map((i) => i.id),
          )
          .execute()
      : [];
    return reply.render('indicators/catalogue', {
      title: 'Перечень показателей реализации целевой модели наставничества',
      indicators,
      targets,
      years,
      labels,
      showArchived,
      canManage: user.role === 'coordinator',
      canEnter: user.role === 'coordinator' || user.role === 'curator',
      ownOrg: user.role === 'curator' ? user.organizationId : null,
    });
  });

  const renderForm = (reply: FastifyReply, data: { indicator?: IndicatorRecord; values: Record<string, string>; errors: FieldErrors }, status = 200) =>
    reply.render('indicators/form', {
      title: data.indicator ? `Показатель ${data.indicator.code}: изменение` : 'Новый показатель',
      breadcrumbs: [CATALOGUE_CRUMB, { label: data.indicator ? data.indicator.code : 'Новый показатель' }],
      ...data,
      labels,
      methodOptions: METHOD_CODES.map((m) => ({ value: m, label: METHODS[m].label })),
    }, status);

  app.get('/indicators/new', { config: manage }, async (_request, reply) =>
    renderForm(reply, { values: { unit: 'percent', level: 'both', direction: 'higher', method: 'manual' }, errors: {} }),
  );

  app.post('/indicators', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    if (actor.user.municipalityId === null) throw new NotFoundError();
    const fields = formValues(request.body);
    const parsed = indicatorForm.safeParse(fields);
    if (!parsed.success) return renderForm(reply, { values: fields, errors: fieldErrors(parsed.error) }, 400);
    const result = await saveIndicator(app.db, actor, actor.user.municipalityId, null, parsed.data);
    if (!result.ok) return renderForm(reply, { values: fields, errors: result.errors }, 400);
    reply.flash('success', `Показатель «${parsed.data.code}» добавлен. Задайте цели по годам.`);
    return reply.redirect(`/indicators/${result.id}/targets`, 303);
  });

  app.get('/indicators/:id/edit', { config: manage }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const indicator = await indicatorOf(app.db, user.municipalityId, idFrom(request.params));
    const values = Object.fromEntries(Object.entries(indicator).map(([k, v]) => [k, v === null ? '' : String(v)]));
    return renderForm(reply, { indicator, values, errors: {} });
  });

  app.post('/indicators/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const indicator = await indicatorOf(app.db, actor.user.municipalityId, idFrom(request.params));
    const fields = formValues(request.body);
    const parsed = indicatorForm.safeParse(fields);
    if (!parsed.success) return renderForm(reply, { indicator, values: fields, errors: fieldErrors(parsed.error) }, 400);
    const result = await saveIndicator(app.db, actor, indicator.municipality_id, indicator.id, parsed.data);
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
      const indicator = await indicatorOf(app.db, actor.user.municipalityId, idFrom(request.params));
      await setIndicatorArchived(app.db, actor, indicator, archived);
      reply.flash('success', archived ? `Показатель ${indicator.code} перенесён в архив: на панелях его больше нет.` : `Показатель ${indicator.code} возвращён в перечень.`);
      return reply.redirect(archived ? '/indicators?archived=on' : '/indicators', 303);
    });
  }

  // Targets of one organisation for every year.
  const renderTargets = async (
    reply: FastifyReply,
    user: CurrentUser,
    indicator: IndicatorRecord,
    org: OrgRef,
    data: { values?: Record<string, string>; errors?: FieldErrors },
    status = 200,
  ) => {
    const years = targetYears();
    let values = data.values;
    if (!values) {
      const rows = await app.db
        .selectFrom('indicator_targets')
        .select(['year', 'value', 'wording'])
        .where('indicator_id', '=', indicator.id)
        .where('organization_id', '=', org.id)
        .execute();
      values = { org: String(org.id) };
      for (const r of rows) {
        values[`value_${r.year}`] = r.value === null ? '' : String(Number(r.value)).replace('.', ',');
        values[`wording_${r.year}`] = r.wording ?? '';
      }
    }
    const inherited =
      org.type === 'school'
        ? await app.db
            .selectFrom('indicator_targets')
            .select(['year', 'value', 'wording'])
            .where('indicator_id', '=', indicator.id)
            .where('organization_id', '=', org.municipality_id)
            .execute()
        : [];
    const organizations = (await enterableOrganizations(app.db, user)).filter((o) => appliesTo(indicator, o));
    return reply.render('indicators/targets', {
      title: `Цели показателя ${indicator.code}: ${org.name}`,
      breadcrumbs: [CATALOGUE_CRUMB, { label: `Цели показателя ${indicator.code}` }],
      indicator,
      org,
      organizations,
      years,
      values,
      errors: data.errors ?? {},
      inherited,
      labels,
    }, status);
  };

  app.get('/indicators/:id/targets', { config: enter }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const indicator = await indicatorOf(app.db, user.municipalityId, idFrom(request.params));
    const org = await enterableOrganization(app.db, user, orgIdOf(request.query, user), 'targets');
    if (!appliesTo(indicator, org)) throw new NotFoundError();
    return renderTargets(reply, user, indicator, org, {});
  });

  app.post('/indicators/:id/targets', { config: enter }, async (request, reply) => {
    const actor = actorOf(request);
    const indicator = await indicatorOf(app.db, actor.user.municipalityId, idFrom(request.params));
    const fields = formValues(request.body);
    const org = await enterableOrganization(app.db, actor.user, bodyOrgId(fields, actor.user), 'targets');
    if (!appliesTo(indicator, org)) throw new NotFoundError();
    const years = targetYears();
    const parsed = targetsForm(years).safeParse(fields);
    if (!parsed.success) return renderTargets(reply, actor.user, indicator, org, { values: fields, errors: fieldErrors(parsed.error) }, 400);
    const data = parsed.data as Record<string, number | string | null>;
    const targets = new Map<number, TargetValue>();
    for (const y of years) targets.set(y, { value: (data[`value_${y}`] as number | null) ?? null, wording: (data[`wording_${y}`] as string | null) ?? null });
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
    let values = data.values;
    if (!values) {
      const rows = await app.db.selectFrom('contingents').select(['kind', 'value', 'note']).where('organization_id', '=', org.id).where('year', '=', year).execute();
      values = {};
      for (const r of rows) {
        values[`value_${r.kind}`] = String(r.value);
        values[`note_${r.kind}`] = r.note ?? '';
      }
    }
    const kinds = CONTINGENT_KIND_CODES.filter((k) => org.type === 'municipality' || CONTINGENT_HINTS[k].school !== null);
    return reply.render('indicators/contingent', {
      title: `Контингент: ${org.name}, ${year} год`,
      org,
      year,
      years: yearsToCompute(),
      kinds,
      organizations: await enterableOrganizations(app.db, user),
      values,
      errors: data.errors ?? {},
      labels,
    }, status);
  };

  app.get('/contingent', { config: enter }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const org = await enterableOrganization(app.db, user, orgIdOf(request.query, user), 'contingent');
    return renderContingent(reply, user, org, yearOf(request.query), {});
  });

  app.post('/contingent', { config: enter }, async (request, reply) => {
    const actor = actorOf(request);
    const fields = formValues(request.body);
    const org = await enterableOrganization(app.db, actor.user, bodyOrgId(fields, actor.user), 'contingent');
    const year = yearOf(fields);
    const parsed = contingentForm.safeParse(fields);
    if (!parsed.success) return renderContingent(reply, actor.user, org, year, { values: fields, errors: fieldErrors(parsed.error) }, 400);
    const data = parsed.data as Record<string, number | string | null>;
    const values = new Map<ContingentKind, ContingentValue>();
    for (const kind of CONTINGENT_KIND_CODES) {
      if (org.type === 'school' && CONTINGENT_HINTS[kind].school === null) continue;
      values.set(kind, { value: (data[`value_${kind}`] as number | null) ?? null, note: (data[`note_${kind}`] as string | null) ?? null });
    }
    const changes = await saveContingent(app.db, actor, org, year, values);
    reply.flash('success', changes === 0 ? 'Данные не изменились.' : 'Контингент сохранён; показатели пересчитаются при следующем открытии панели.');
    return reply.redirect(`/contingent?org=${org.id}&year=${year}`, 303);
  });

  // A value entered by hand.
  const renderValue = async (
    reply: FastifyReply,
    indicator: IndicatorRecord,
    org: OrgRef,
    year: number,
    data: { values?: Record<string, string>; errors?: FieldErrors; fileSent?: boolean },
    status = 200,
  ) => {
    const existing = await app.db
      .selectFrom('indicator_manual_values')
      .selectAll()
      .where('indicator_id', '=', indicator.id)
      .where('organization_id', '=', org.id)
      .where('year', '=', year)
      .executeTakeFirst();
    const values = data.values ?? {
      value: existing ? String(Number(existing.value)).replace('.', ',') : '',
      numerator: existing?.numerator === null || existing === undefined ? '' : String(existing.numerator),
      denominator: existing?.denominator === null || existing === undefined ? '' : String(existing.denominator),
      evidence: existing?.evidence ?? '',
    };
    const file = existing?.evidence_file_id ? await findStoredFile(app.db, existing.evidence_file_id) : undefined;
    return reply.render('indicators/value-form', {
      title: `${indicator.code}: значение за ${year} год — ${org.name}`,
      breadcrumbs: [
        org.type === 'school' ? { label: 'Показатели школы', href: `/dashboard/schools/${org.id}?year=${year}` } : { label: 'Показатели муниципалитета', href: `/dashboard?year=${year}` },
        { label: `${indicator.code}: значение` },
      ],
      indicator,
      org,
      year,
      years: yearsToCompute(),
      values,
      errors: data.errors ?? {},
      fileSent: data.fileSent ?? false,
      file: file ? { name: file.original_name, href: `/indicators/${indicator.id}/values/${org.id}/file?year=${year}` } : null,
      accept: DOCUMENT_ACCEPT,
      labels,
    }, status);
  };

  const valueTarget = async (request: FastifyRequest) => {
    const user = request.user as CurrentUser;
    const params = z.object({ id: z.coerce.number().int().positive(), orgId: z.coerce.number().int().positive() }).safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const indicator = await indicatorOf(app.db, user.municipalityId, params.data.id);
    const org = await enterableOrganization(app.db, user, params.data.orgId, 'manual');
    if (!appliesTo(indicator, org) || indicator.method !== 'manual') throw new NotFoundError();
    return { indicator, org };
  };

  app.get('/indicators/:id/values/:orgId', { config: enter }, async (request, reply) => {
    const { indicator, org } = await valueTarget(request);
    return renderValue(reply, indicator, org, yearOf(request.query), {});
  });

  app.post('/indicators/:id/values/:orgId', { config: enter }, async (request, reply) => {
    const actor = actorOf(request);
    const { indicator, org } = await valueTarget(request);
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
      return renderValue(reply, indicator, org, year, { values: fields, errors, fileSent: file !== null }, 400);
    }
    if (indicator.unit === 'percent' && (parsed.data.value ?? 0) > 100) {
      return renderValue(reply, indicator, org, year, { values: fields, errors: { value: 'Значение: доля не может быть больше 100 %' }, fileSent: file !== null }, 400);
    }
    await saveManualValue(app.db, app.files, actor, indicator, org, year, parsed.data, file);
    reply.flash('success', `Значение ${indicator.code} за ${year} год сохранено.`);
    return reply.redirect(org.type === 'school' ? `/dashboard/schools/${org.id}?year=${year}` : `/dashboard?year=${year}`, 303);
  });

  app.get('/indicators/:id/values/:orgId/file', { config: read }, async (request, reply) => {
    const user = request.user as CurrentUser;
    const params = z.object({ id: z.coerce.number().int().positive(), orgId: z.coerce.number().int().positive() }).safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const fileId = await manualValueFile(app.db, user, params.data.id, params.data.orgId, yearOf(request.query));
    const file = await findStoredFile(app.db, fileId);
    if (!file) throw new NotFoundError();
    return sendStoredFile(reply, app.files, file);
  });

}
