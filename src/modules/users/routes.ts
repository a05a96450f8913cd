import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assignableRoles, canViewOrganization, MODULE_ROLES, readsOrganizationStaff } from '../../access/policy.js';
import { ROLE_LABELS, ROLE_ORGANIZATION_TYPES } from '../../access/roles.js';
import type { OrganizationType } from '../../db/types.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { pageUrl } from '../../lib/pagination.js';
import { scopeCounts } from '../home/queries.js';
import { ORGANIZATION_TYPE_LABELS } from '../organizations/labels.js';
import { organizationOptions } from '../organizations/queries.js';
import { mailPasswordLink } from '../mail/service.js';
import { rememberLink, takeLink } from './issued-link.js';
import { USER_FIELD_LABELS } from './labels.js';
import { listUsers, type UserDetails } from './queries.js';
import { newUserQuery, userForm, userListQuery } from './schemas.js';
import { createUser, getUserForChange, issuePasswordReset, setUserActive, updateUser, userPage } from './service.js';

const read = { access: { roles: MODULE_ROLES.users } };
const manage = { access: { roles: MODULE_ROLES.usersManage } };

export async function userRoutes(app: FastifyInstance): Promise<void> {
  app.get('/users', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const query = userListQuery.parse(request.query);
    const page = await listUsers(app.db, actor.user, query);
    const filters = {
      q: query.q,
      role: query.role,
      org: query.org ? String(query.org) : undefined,
      status: query.status,
      sort: query.sort,
    };
    const orgs = await organizationOptions(app.db, actor.user, [
      'region',
      'municipality',
      'department',
      'method_center',
      'school',
      'partner',
    ]);
    // The accounts of the scope by role (once on the municipal home page).
    const { users: byRole, usersWithoutPassword } = await scopeCounts(app.db, actor.user);
    return reply.render('users/list', {
      title: readsOrganizationStaff(actor.user) ? 'Сотрудники ОО' : 'Пользователи',
      accountCounts: Object.entries(ROLE_LABELS)
        .filter(([role]) => (byRole[role as keyof typeof byRole] ?? 0) > 0)
        .map(([role, label]) => ({ role, label, count: byRole[role as keyof typeof byRole] ?? 0 })),
      usersWithoutPassword,
      page,
      filters,
      urlFor: (n: number) => pageUrl('/users', filters, n),
      roleOptions: Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label })),
      orgOptions: orgs.map((o) => ({ value: o.id, label: o.short_name })),
      canCreate: assignableRoles(actor.user).length > 0,
    });
  });

  app.get('/users/new', { config: manage }, async (request, reply) => {
    const query = newUserQuery.parse(request.query ?? {});
    return renderForm(app, request, reply, {
      mode: 'create',
      values: { organization_id: query.org ?? '', role: query.role ?? '' },
      errors: {},
    });
  });

  app.post('/users', { config: manage }, async (request, reply) => {
    const values = formValues(request.body);
    const parsed = userForm.safeParse(request.body);
    if (!parsed.success)
      return renderForm(app, request, reply, { mode: 'create', values, errors: fieldErrors(parsed.error) }, 400);
    const actor = actorOf(request);
    const result = await createUser(app.db, actor, parsed.data);
    if (!result.ok) return renderForm(app, request, reply, { mode: 'create', values, errors: result.errors }, 400);
    const mailed = await mailPasswordLink(
      app.db,
      { mailer: app.mailer, site: app.config },
      actor,
      result.id,
      result.link,
      'invite',
    );
    rememberLink(reply, result.id, result.link, mailed);
    reply.flash(
      'success',
      mailed.status === 'sent'
        ? 'Учётная запись создана. Ссылка для установки пароля отправлена пользователю по электронной почте.'
        : 'Учётная запись создана. Передайте пользователю ссылку для установки пароля.',
    );
    return reply.redirect(`/users/${result.id}`, 303);
  });

  app.get('/users/:id', { config: read }, async (request, reply) => {
    const id = idOf(request.params);
    const actor = actorOf(request);
    const { user, canManage, sessions } = await userPage(app.db, actor, id);
    return reply.render('users/show', {
      title: user.full_name,
      person: user,
      issuedLink: canManage ? takeLink(request, reply, id) : null,
      sessions,
      canManage,
      canViewOrganization: canViewOrganization(actor.user, user.organization),
      isSelf: id === actor.user.id,
      orgTypeLabel: ORGANIZATION_TYPE_LABELS[user.organization.type],
      breadcrumbs: [{ label: 'Пользователи', href: '/users' }, { label: user.full_name }],
    });
  });

  app.get('/users/:id/edit', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    const user = await getUserForChange(app.db, actorOf(request), id);
    return renderForm(app, request, reply, { mode: 'edit', person: user, values: valuesOf(user), errors: {} });
  });

  app.post('/users/:id', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    const actor = actorOf(request);
    const user = await getUserForChange(app.db, actor, id);
    const values = formValues(request.body);
    const parsed = userForm.safeParse(request.body);
    if (!parsed.success)
      return renderForm(app, request, reply, { mode: 'edit', person: user, values, errors: fieldErrors(parsed.error) }, 400);
    const result = await updateUser(app.db, actor, id, parsed.data);
    if (!result.ok) return renderForm(app, request, reply, { mode: 'edit', person: user, values, errors: result.errors }, 400);
    reply.flash('success', 'Изменения сохранены.');
    return reply.redirect(`/users/${id}`, 303);
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post(`/users/:id/${action}`, { config: manage }, async (request, reply) => {
      const id = idOf(request.params);
      const result = await setUserActive(app.db, actorOf(request), id, active);
      if (!result.ok) reply.flash('error', result.message);
      else reply.flash('success', active ? 'Учётная запись включена.' : 'Учётная запись отключена, все её сеансы завершены.');
      return reply.redirect(`/users/${id}`, 303);
    });
  }

  app.post('/users/:id/reset-password', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    const actor = actorOf(request);
    const result = await issuePasswordReset(app.db, actor, id);
    if (!result.ok) {
      reply.flash('error', result.message);
    } else {
      const mailed = await mailPasswordLink(
        app.db,
        { mailer: app.mailer, site: app.config },
        actor,
        id,
        result.link,
        result.purpose,
      );
      rememberLink(reply, id, result.link, mailed);
      reply.flash('success', 'Выдана новая ссылка для установки пароля; прежние ссылки больше не действуют.');
    }
    return reply.redirect(`/users/${id}`, 303);
  });
}

function valuesOf(user: UserDetails): Record<string, string> {
  return {
    login: user.login,
    full_name: user.full_name,
    position: user.position ?? '',
    organization_id: String(user.organization.id),
    role: user.role,
    email: user.email ?? '',
    phone: user.phone ?? '',
  };
}

interface FormState {
  mode: 'create' | 'edit';
  person?: UserDetails;
  values: Record<string, string>;
  errors: FieldErrors;
}

async function renderForm(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) {
  const actor = actorOf(request);
  const roles = assignableRoles(actor.user);
  const orgTypes = [...new Set(roles.flatMap((r) => ROLE_ORGANIZATION_TYPES[r]))] as OrganizationType[];
  const orgs = await organizationOptions(app.db, actor.user, orgTypes);
  const title = state.mode === 'create' ? 'Новый пользователь' : `Изменение: ${state.person?.full_name ?? ''}`;
  return reply.render(
    'users/form',
    {
      title,
      ...state,
      fieldLabels: USER_FIELD_LABELS,
      roleOptions: roles.map((r) => ({ value: r, label: ROLE_LABELS[r] })),
      orgOptions: orgs.map((o) => ({
        value: o.id,
        label: `${o.short_name} (${ORGANIZATION_TYPE_LABELS[o.type].toLowerCase()})`,
      })),
      breadcrumbs: [
        { label: 'Пользователи', href: '/users' },
        ...(state.person ? [{ label: state.person.full_name, href: `/users/${state.person.id}` }] : []),
        { label: state.mode === 'create' ? 'Новый пользователь' : 'Изменение' },
      ],
    },
    status,
  );
}
