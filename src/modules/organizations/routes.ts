import { DEFAULT_TIME_ZONE } from '../../lib/dates.js';
import { RUSSIAN_TIME_ZONES, timeZoneLabel } from '../../lib/time-zones.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  browsesOrganizations,
  canManageOrganization,
  canViewOrganization,
  creatableOrganizationTypes,
  fixedParentOf,
  MODULE_ROLES,
} from '../../access/policy.js';
import type { Organization, OrganizationType } from '../../db/types.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { guessNameForms, nameFormsOf } from '../../lib/declension.js';
import { pageUrl } from '../../lib/pagination.js';
import {
  ORGANIZATION_FIELD_LABELS,
  ORGANIZATION_TYPE_LABELS,
  PARENT_TYPE,
  PARTNER_KIND_LABELS,
  SCHOOL_KIND_LABELS,
  SUPPORT_DIRECTION_LABELS,
  SUPPORT_ROLE_LABELS,
} from './labels.js';
import { listOrganizations, organizationOptions, servedSchoolsByOrganization } from './queries.js';
import { nameFormsQuery, newOrganizationQuery, organizationForm, organizationListQuery, servedSchoolsForm } from './schemas.js';
import {
  createOrganization,
  getOrganizationForChange,
  organizationPage,
  servedSchoolsChoice,
  setOrganizationActive,
  updateOrganization,
} from './service.js';

const read = { access: { roles: MODULE_ROLES.organizations } };
const manage = { access: { roles: MODULE_ROLES.organizationsManage } };

const labels = {
  types: ORGANIZATION_TYPE_LABELS,
  schoolKinds: SCHOOL_KIND_LABELS,
  partnerKinds: PARTNER_KIND_LABELS,
  directions: SUPPORT_DIRECTION_LABELS,
  supportRoles: SUPPORT_ROLE_LABELS,
};

export async function organizationRoutes(app: FastifyInstance): Promise<void> {
  app.get('/organizations', { config: read }, async (request, reply) => {
    const query = organizationListQuery.parse(request.query);
    const actor = actorOf(request);
    const page = await listOrganizations(app.db, actor.user, query);
    const filters = { q: query.q, type: query.type, support: query.support, status: query.status, sort: query.sort };
    // The list of resource centres and mentor schools shows whom each serves.
    const served = query.support
      ? await servedSchoolsByOrganization(
          app.db,
          page.rows.map((r) => r.id),
        )
      : null;
    return reply.render('organizations/list', {
      title: query.support ? 'Ресурсные центры и школы-наставники' : 'Организации',
      page,
      served: served ? Object.fromEntries([...served].map(([id, schools]) => [id, linked(actor.user, schools)])) : null,
      browses: browsesOrganizations(actor.user),
      filters,
      urlFor: (n: number) => pageUrl('/organizations', filters, n),
      labels,
      canCreate: creatableOrganizationTypes(actor.user).length > 0,
    });
  });

  // The rule's guess of a name's forms, for the form's script to pre-fill them as the name is typed
  // (without JavaScript the same rule fills empty fields on saving).
  app.get('/organizations/name-forms', { config: manage }, async (request, reply) => {
    const { full_name } = nameFormsQuery.parse(request.query ?? {});
    reply.header('cache-control', 'no-store');
    return full_name ? guessNameForms(full_name) : { genitive: '', prepositional: '' };
  });

  app.get('/organizations/new', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const type = newOrganizationQuery.parse(request.query ?? {}).type ?? '';
    const values: Record<string, string> = { type, time_zone: DEFAULT_TIME_ZONE };
    const parent = fixedParentOf(actor.user);
    if (parent) values.parent_id = String(parent);
    return renderForm(app, request, reply, { mode: 'create', values, errors: {} });
  });

  app.post('/organizations', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const parsed = organizationForm.safeParse(request.body);
    const values = formValues(request.body);
    if (!parsed.success)
      return renderForm(app, request, reply, { mode: 'create', values, errors: fieldErrors(parsed.error) }, 400);
    const result = await createOrganization(app.db, actor, parsed.data);
    if (!result.ok) return renderForm(app, request, reply, { mode: 'create', values, errors: result.errors }, 400);
    reply.flash('success', `Организация «${parsed.data.short_name}» создана.`);
    return reply.redirect(`/organizations/${result.id}`, 303);
  });

  app.get('/organizations/:id', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const { org, parent, children, activeUsers, served, servedBy } = await organizationPage(app.db, actor, idOf(request.params));
    return reply.render('organizations/show', {
      title: org.short_name,
      org,
      served: linked(actor.user, served),
      servedBy: linked(
        actor.user,
        servedBy.map((o) => ({ ...o, municipality_id: org.municipality_id })),
      ),
      nameForms: nameFormsOf(org),
      parent,
      children,
      activeUsers,
      labels,
      timeZoneLabel: timeZoneLabel(org.time_zone ?? DEFAULT_TIME_ZONE),
      canManage: canManageOrganization(actor.user, org),
      canCreateChild: creatableOrganizationTypes(actor.user).some((t) => PARENT_TYPE[t] === org.type),
      breadcrumbs: [{ label: 'Организации', href: '/organizations' }, { label: org.short_name }],
    });
  });

  app.get('/organizations/:id/edit', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    const org = await getOrganizationForChange(app.db, actorOf(request), id);
    return renderForm(app, request, reply, { mode: 'edit', org, values: valuesOf(org), errors: {} });
  });

  app.post('/organizations/:id', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    const actor = actorOf(request);
    const org = await getOrganizationForChange(app.db, actor, id);
    const values = { ...formValues(request.body), type: org.type };
    const parsed = organizationForm.safeParse(values);
    const servedForm = servedSchoolsForm.safeParse(request.body ?? {});
    const ticked = servedForm.success ? servedForm.data.served_school_ids : [];
    if (!parsed.success || !servedForm.success) {
      const errors = {
        ...(parsed.success ? {} : fieldErrors(parsed.error)),
        ...(servedForm.success ? {} : fieldErrors(servedForm.error)),
      };
      return renderForm(app, request, reply, { mode: 'edit', org, values, errors, ticked }, 400);
    }
    const served = servedForm.data.served_schools_shown ? ticked : undefined;
    const result = await updateOrganization(app.db, actor, id, parsed.data, served);
    if (!result.ok) return renderForm(app, request, reply, { mode: 'edit', org, values, errors: result.errors, ticked }, 400);
    reply.flash('success', 'Изменения сохранены.');
    return reply.redirect(`/organizations/${id}`, 303);
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post(`/organizations/:id/${action}`, { config: manage }, async (request, reply) => {
      const id = idOf(request.params);
      const result = await setOrganizationActive(app.db, actorOf(request), id, active);
      if (!result.ok) reply.flash('error', result.message);
      else if (active) reply.flash('success', 'Организация снова активна. Учётные записи её пользователей включите отдельно.');
      else reply.flash('success', `Организация отключена. Отключено учётных записей: ${result.usersDeactivated}.`);
      return reply.redirect(`/organizations/${id}`, 303);
    });
  }
}

/** The form's values of a saved organisation; name forms it has not stored yet are pre-filled with the rule's guess. */
function valuesOf(org: Organization): Record<string, string> {
  const forms = nameFormsOf(org);
  const values: Record<string, string> = { full_name_genitive: forms.genitive, full_name_prepositional: forms.prepositional };
  // A municipality without a time zone of its own (made before migration 0010 or by a script) lives by Moscow's.
  if (org.type === 'municipality') values.time_zone = DEFAULT_TIME_ZONE;
  for (const [key, value] of Object.entries(org)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'boolean') {
      if (value) values[key] = 'on';
    } else values[key] = String(value);
  }
  return values;
}

interface FormState {
  mode: 'create' | 'edit';
  org?: Organization;
  values: Record<string, string>;
  errors: FieldErrors;
  /** The served schools as the sent form ticked them (a form shown again). */
  ticked?: number[];
}

/** Schools (or organisations) with a link where the user may open their page. */
function linked<T extends { id: number; municipality_id: number | null }>(
  user: Parameters<typeof canViewOrganization>[0],
  rows: T[],
): Array<T & { href: string | null }> {
  return rows.map((r) => ({
    ...r,
    href: canViewOrganization(user, { id: r.id, type: 'school', municipality_id: r.municipality_id })
      ? `/organizations/${r.id}`
      : null,
  }));
}

async function renderForm(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) {
  const actor = actorOf(request);
  const types = state.mode === 'edit' && state.org ? [state.org.type] : creatableOrganizationTypes(actor.user);
  const parentTypes = [...new Set(types.map((t) => PARENT_TYPE[t]).filter((t): t is OrganizationType => t !== null))];
  const parents = await organizationOptions(app.db, actor.user, parentTypes);
  const title = state.mode === 'create' ? 'Новая организация' : `Изменение: ${state.org?.short_name ?? ''}`;
  const servedChoice = state.org ? await servedSchoolsChoice(app.db, state.org) : null;
  return reply.render(
    'organizations/form',
    {
      title,
      ...state,
      servedChoices: servedChoice?.choices ?? null,
      tickedServed: state.ticked ?? servedChoice?.ticked ?? [],
      directionOptions: Object.entries(SUPPORT_DIRECTION_LABELS).map(([value, label]) => ({
        value,
        label: label[0]!.toUpperCase() + label.slice(1),
      })),
      labels,
      fieldLabels: ORGANIZATION_FIELD_LABELS,
      timeZones: RUSSIAN_TIME_ZONES,
      typeOptions: types.map((t) => ({ value: t, label: ORGANIZATION_TYPE_LABELS[t] })),
      parentOptions: parents
        .filter((p) => !(state.org && p.id === state.org.id))
        .map((p) => ({ value: p.id, label: `${p.short_name} (${ORGANIZATION_TYPE_LABELS[p.type].toLowerCase()})` })),
      parentFixed: fixedParentOf(actor.user) !== null,
      breadcrumbs: [
        { label: 'Организации', href: '/organizations' },
        ...(state.org ? [{ label: state.org.short_name, href: `/organizations/${state.org.id}` }] : []),
        { label: state.mode === 'create' ? 'Новая организация' : 'Изменение' },
      ],
    },
    status,
  );
}
