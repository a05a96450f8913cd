import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canCreateAgreement, canEditAgreement, MODULE_ROLES, readsMunicipalAgreements } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { ForbiddenError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { todayIso } from '../../lib/dates.js';
import { pageUrl } from '../../lib/pagination.js';
import { DOCUMENT_ACCEPT } from '../../lib/uploads.js';
import { documentProblem, formWithDocument } from '../files/multipart.js';
import { sendStoredFile } from '../files/service.js';
import { PARTNER_KIND_LABELS } from '../organizations/labels.js';
import { AGREEMENT_FIELD_LABELS, AGREEMENT_KIND_LABELS, AGREEMENT_PARTY_LABELS, AGREEMENT_STATUS_LABELS } from './labels.js';
import { type AgreementRow, listAgreements } from './queries.js';
import { agreementForm, agreementListQuery } from './schemas.js';
import {
  agreementFile,
  agreementFileInfo,
  agreementFormOptions,
  createAgreement,
  getAgreement,
  getAgreementForChange,
  updateAgreement,
} from './service.js';
import { agreementStatus } from './status.js';

const read = { access: { roles: MODULE_ROLES.agreements } };
const manage = { access: { roles: MODULE_ROLES.agreementsManage } };

const LIST_CRUMB = { label: 'Соглашения', href: '/agreements' };

const labels = {
  kinds: AGREEMENT_KIND_LABELS,
  parties: AGREEMENT_PARTY_LABELS,
  statuses: AGREEMENT_STATUS_LABELS,
  partnerKinds: PARTNER_KIND_LABELS,
  fields: AGREEMENT_FIELD_LABELS,
};

export async function agreementRoutes(app: FastifyInstance): Promise<void> {
  app.get('/agreements', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const query = agreementListQuery.parse(request.query ?? {});
    const today = todayIso();
    const municipal = readsMunicipalAgreements(actor.user);
    const page = await listAgreements(app.db, actor.user, query, today);
    const options = municipal ? await agreementFormOptions(app.db, actor) : null;
    const filters = {
      school: municipal && query.school ? String(query.school) : undefined,
      kind: query.kind,
      status: query.status,
    };
    return reply.render('agreements/list', {
      title: municipal ? 'Соглашения школ округа' : 'Соглашения школы',
      page: { ...page, rows: page.rows.map((r) => ({ ...r, status: agreementStatus(r, today) })) },
      filters,
      labels,
      municipal,
      schools: options ? options.parties.filter((o) => o.type === 'school') : [],
      ownSchoolId: municipal ? null : actor.user.organizationId,
      canCreate: canCreateAgreement(actor.user),
      urlFor: (n: number) => pageUrl('/agreements', filters, n),
    });
  });

  app.get('/agreements/new', { config: manage }, async (request, reply) => {
    if (!canCreateAgreement(actorOf(request).user)) throw new ForbiddenError('Соглашения школы ведут её куратор и руководитель.');
    return renderForm(app, request, reply, { mode: 'create', values: { kind: 'partner' }, errors: {} });
  });

  app.post('/agreements', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const { fields: values, file } = await formWithDocument(request.body);
    const parsed = agreementForm.safeParse(values);
    const refused = await documentProblem(file);
    const fileSent = file !== null;
    if (!parsed.success || refused) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(refused ? { file: refused } : {}) };
      return renderForm(app, request, reply, { mode: 'create', values, errors, fileSent }, 400);
    }
    const result = await createAgreement(app.db, app.files, actor, parsed.data, file);
    if (!result.ok) return renderForm(app, request, reply, { mode: 'create', values, errors: result.errors, fileSent }, 400);
    reply.flash('success', file ? 'Соглашение добавлено вместе с файлом.' : 'Соглашение добавлено.');
    return reply.redirect(`/agreements/${result.id}`, 303);
  });

  app.get('/agreements/:id', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const agreement = await getAgreement(app.db, actor, idOf(request.params));
    return reply.render('agreements/show', {
      title: `Соглашение${agreement.number ? ` № ${agreement.number}` : ''}: ${agreement.school_name} и ${agreement.party_name}`,
      agreement,
      status: agreementStatus(agreement, todayIso()),
      labels,
      file: await agreementFileInfo(app.db, agreement),
      canEdit: canEditAgreement(actor.user, agreement),
      breadcrumbs: [LIST_CRUMB, { label: agreement.party_name }],
    });
  });

  app.get('/agreements/:id/edit', { config: manage }, async (request, reply) => {
    const agreement = await getAgreementForChange(app.db, actorOf(request), idOf(request.params));
    return renderForm(app, request, reply, { mode: 'edit', agreement, values: valuesOf(agreement), errors: {} });
  });

  app.post('/agreements/:id', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const agreement = await getAgreementForChange(app.db, actor, id);
    const form = await formWithDocument(request.body);
    const values = { ...form.fields, school_id: String(agreement.school_id) };
    const parsed = agreementForm.safeParse(values);
    const refused = await documentProblem(form.file);
    const fileSent = form.file !== null;
    if (!parsed.success || refused) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(refused ? { file: refused } : {}) };
      return renderForm(app, request, reply, { mode: 'edit', agreement, values, errors, fileSent }, 400);
    }
    const result = await updateAgreement(app.db, app.files, actor, id, parsed.data, { file: form.file, remove: form.remove });
    if (!result.ok)
      return renderForm(app, request, reply, { mode: 'edit', agreement, values, errors: result.errors, fileSent }, 400);
    reply.flash('success', 'Изменения сохранены.');
    return reply.redirect(`/agreements/${id}`, 303);
  });

  // The signed agreement's scan: for whoever may read the agreement (a PDF opens in the browser).
  app.get('/agreements/:id/file', { config: read }, async (request, reply) => {
    const file = await agreementFile(app.db, actorOf(request), idOf(request.params));
    return sendStoredFile(reply, app.files, file, { inline: true });
  });
}

function valuesOf(a: AgreementRow): Record<string, string> {
  return {
    school_id: String(a.school_id),
    kind: a.kind,
    party_id: String(a.party_id),
    number: a.number ?? '',
    signed_on: a.signed_on ?? '',
    valid_from: a.valid_from,
    valid_to: a.valid_to ?? '',
    subject: a.subject,
  };
}

interface FormState {
  mode: 'create' | 'edit';
  agreement?: AgreementRow;
  values: Record<string, string>;
  errors: FieldErrors;
  /** A file was sent with a form that is shown again: the browser does not keep it. */
  fileSent?: boolean;
}

async function renderForm(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) {
  const actor = actorOf(request);
  const options = await agreementFormOptions(app.db, actor);
  const schoolId = state.agreement?.school_id ?? (options.choosesSchool ? null : actor.user.organizationId);
  const partyOptions: Array<{ value: number | string; label: string }> = options.parties
    .filter((o) => o.id !== schoolId)
    .map((o) => ({
      value: o.id,
      label: `${o.short_name} (${o.type === 'school' ? 'школа' : (PARTNER_KIND_LABELS[o.partner_kind ?? 'other'] ?? 'партнёр')})`,
    }));
  if (options.addsPartner) partyOptions.push({ value: 'new', label: 'Новая организация-партнёр (заполните поля ниже)' });
  const title = state.mode === 'create' ? 'Новое соглашение' : 'Изменение соглашения';
  return reply.render(
    'agreements/form',
    {
      title,
      ...state,
      labels,
      choosesSchool: options.choosesSchool && state.mode === 'create',
      addsPartner: options.addsPartner,
      schoolOptions: options.schools.map((s) => ({ value: s.id, label: s.short_name })),
      partyOptions,
      kindOptions: Object.entries(AGREEMENT_KIND_LABELS).map(([value, label]) => ({ value, label })),
      partnerKindOptions: Object.entries(PARTNER_KIND_LABELS).map(([value, label]) => ({ value, label })),
      file: state.agreement ? await agreementFileInfo(app.db, state.agreement) : null,
      accept: DOCUMENT_ACCEPT,
      breadcrumbs: [
        LIST_CRUMB,
        ...(state.agreement ? [{ label: state.agreement.party_name, href: `/agreements/${state.agreement.id}` }] : []),
        { label: state.mode === 'create' ? 'Новое соглашение' : 'Изменение' },
      ],
    },
    status,
  );
}
