import type { FastifyInstance, FastifyReply } from 'fastify';
import { canCreateProgramme, canEditProgramme, canReviewProgramme, MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { pageUrl } from '../../lib/pagination.js';
import { DOCUMENT_ACCEPT } from '../../lib/uploads.js';
import type { Actor } from '../audit/service.js';
import { documentProblem, formWithDocument } from '../files/multipart.js';
import { sendStoredFile } from '../files/service.js';
import { BANK_STATUS_LABELS } from '../pairs/labels.js';
import { MENTORING_FORM_LABELS } from '../people/labels.js';
import { BANK_FILTER_LABELS, PROGRAMME_FIELD_LABELS } from './labels.js';
import { listBank, type ProgrammeRow } from './queries.js';
import { AGREEMENT_EVENT_LABELS, AGREEMENT_STATE_LABELS } from '../centre-agreements/labels.js';
import { agreementObjectRoutes } from '../centre-agreements/object-routes.js';
import { attachDiagnostic, programmeImpact } from '../impact/diagnostics.js';
import { AGREEMENT_FIELD_LABELS } from '../centre-agreements/schemas.js';
import { acceptForm, bankQuery, programmeForm, programmeListQuery, returnForm } from './schemas.js';
import {
  answerProgrammeAgreement,
  createProgramme,
  getProgramme,
  getProgrammeForEdit,
  getProgrammeForReview,
  programmeDocument,
  programmeFile,
  programmeList,
  programmeAgreement,
  programmeSurroundings,
  reviewProgramme,
  sendProgrammeForAgreement,
  setProgrammeArchived,
  submitBlocker,
  submitProgramme,
  updateProgramme,
} from './service.js';

const read = { access: { roles: MODULE_ROLES.programmes } };
const manage = { access: { roles: MODULE_ROLES.programmesManage } };
const review = { access: { roles: MODULE_ROLES.programmesReview } };
const diagnostic = { access: { roles: MODULE_ROLES.programmesDiagnostic } };

const LIST_CRUMB = { label: 'Программы наставничества', href: '/programmes' };
const BANK_CRUMB = { label: 'Банк эффективных программ', href: '/programmes/bank' };

const labels = {
  fields: PROGRAMME_FIELD_LABELS,
  forms: MENTORING_FORM_LABELS,
  bank: BANK_STATUS_LABELS,
  bankFilter: BANK_FILTER_LABELS,
};

const formOptions = Object.entries(MENTORING_FORM_LABELS).map(([value, label]) => ({ value, label }));

export async function programmeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/programmes', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const query = programmeListQuery.parse(request.query ?? {});
    const { municipal, page, schools, queue } = await programmeList(app.db, actor, query);
    const filters = {
      org: municipal && query.org ? String(query.org) : undefined,
      bank: query.bank,
      archived: query.archived,
    };
    return reply.render('programmes/list', {
      title: municipal ? 'Программы наставничества школ округа' : 'Программы наставничества',
      page,
      filters,
      labels,
      municipal,
      schools,
      queue,
      canCreate: canCreateProgramme(actor.user),
      urlFor: (n: number) => pageUrl('/programmes', filters, n),
    });
  });

  app.get('/programmes/bank', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const query = bankQuery.parse(request.query ?? {});
    const page = await listBank(app.db, actor.user, query);
    const filters = { q: query.q, form: query.form };
    return reply.render('programmes/bank', {
      title: 'Банк эффективных программ наставничества',
      breadcrumbs: [LIST_CRUMB, { label: 'Банк эффективных программ' }],
      page,
      filters,
      labels,
      formOptions,
      urlFor: (n: number) => pageUrl('/programmes/bank', filters, n),
    });
  });

  app.get('/programmes/new', { config: manage }, async (_request, reply) => {
    return renderForm(reply, { mode: 'create', values: {}, errors: {} });
  });

  app.post('/programmes', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const { fields, file } = await formWithDocument(request.body);
    const parsed = programmeForm.safeParse(fields);
    const refused = await documentProblem(file);
    if (!parsed.success || refused) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(refused ? { file: refused } : {}) };
      return renderForm(reply, { mode: 'create', values: fields, errors, fileSent: file !== null }, 400);
    }
    const result = await createProgramme(app.db, app.files, actor, parsed.data, file);
    if (!result.ok)
      return renderForm(reply, { mode: 'create', values: fields, errors: result.errors, fileSent: file !== null }, 400);
    reply.flash(
      'success',
      file
        ? 'Программа добавлена вместе с файлом.'
        : 'Программа добавлена. Чтобы предложить её в банк, приложите файл программы.',
    );
    return reply.redirect(`/programmes/${result.id}`, 303);
  });

  app.get('/programmes/:id', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const programme = await getProgramme(app.db, actor, idOf(request.params));
    return renderShow(reply, actor, programme, { values: {}, errors: {} });
  });

  // Issue 18: the programme's diagnostic questionnaire, answered before and after by its pairs
  app.post('/programmes/:id/diagnostic', { config: diagnostic }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const values = formValues(request.body);
    const result = await attachDiagnostic(app.db, actor, id, values);
    if (!result.ok) {
      const programme = await getProgramme(app.db, actor, id);
      return renderShow(reply, actor, programme, { values, errors: result.errors }, 400);
    }
    reply.flash(
      'success',
      result.attached ? 'Диагностическая анкета программы сохранена.' : 'Диагностическая анкета откреплена от программы.',
    );
    return reply.redirect(`/programmes/${id}`, 303);
  });

  app.get('/programmes/:id/edit', { config: manage }, async (request, reply) => {
    const programme = await getProgrammeForEdit(app.db, actorOf(request), idOf(request.params));
    return renderForm(reply, { mode: 'edit', programme, values: valuesOf(programme), errors: {} });
  });

  app.post('/programmes/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const programme = await getProgrammeForEdit(app.db, actor, id);
    const { fields, file, remove } = await formWithDocument(request.body);
    const parsed = programmeForm.safeParse(fields);
    const refused = await documentProblem(file);
    if (!parsed.success || refused) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(refused ? { file: refused } : {}) };
      return renderForm(reply, { mode: 'edit', programme, values: fields, errors, fileSent: file !== null }, 400);
    }
    const result = await updateProgramme(app.db, app.files, actor, id, parsed.data, { file, remove });
    if (!result.ok)
      return renderForm(reply, { mode: 'edit', programme, values: fields, errors: result.errors, fileSent: file !== null }, 400);
    reply.flash(
      'success',
      result.agreementWithdrawn
        ? 'Изменения сохранены. Согласование с методическим центром снято: после него изменилась программа. Отправьте её на согласование снова.'
        : 'Изменения сохранены.',
    );
    return reply.redirect(`/programmes/${id}`, 303);
  });

  for (const [action, archived] of [
    ['archive', true],
    ['restore', false],
  ] as const) {
    app.post(`/programmes/:id/${action}`, { config: manage }, async (request, reply) => {
      const id = idOf(request.params);
      const { withdrawn } = await setProgrammeArchived(app.db, actorOf(request), id, archived);
      const text = archived
        ? `Программа перенесена в архив.${withdrawn ? ' Предложение в банк программ отозвано.' : ''}`
        : 'Программа возвращена из архива.';
      reply.flash('success', text);
      return reply.redirect(`/programmes/${id}`, 303);
    });
  }

  app.get('/programmes/:id/file', { config: read }, async (request, reply) => {
    const file = await programmeFile(app.db, actorOf(request), idOf(request.params));
    return sendStoredFile(reply, app.files, file);
  });

  app.post('/programmes/:id/submit', { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    await submitProgramme(app.db, actorOf(request), id);
    reply.flash('success', 'Программа предложена в банк эффективных программ: методический центр рассмотрит её.');
    return reply.redirect(`/programmes/${id}`, 303);
  });

  app.post('/programmes/:id/accept', { config: review }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const programme = await getProgrammeForReview(app.db, actor, id);
    const fields = formValues(request.body);
    const parsed = acceptForm.safeParse(fields);
    if (!parsed.success) return renderShow(reply, actor, programme, { values: fields, errors: fieldErrors(parsed.error) }, 400);
    await reviewProgramme(app.db, actor, id, 'accept', parsed.data.comment);
    reply.flash('success', 'Программа включена в банк эффективных программ: её видят все школы округа.');
    return reply.redirect(`/programmes/${id}`, 303);
  });

  app.post('/programmes/:id/return', { config: review }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const programme = await getProgrammeForReview(app.db, actor, id);
    const fields = formValues(request.body);
    const parsed = returnForm.safeParse(fields);
    if (!parsed.success) return renderShow(reply, actor, programme, { values: fields, errors: fieldErrors(parsed.error) }, 400);
    await reviewProgramme(app.db, actor, id, 'return', parsed.data.comment);
    reply.flash('success', 'Программа возвращена школе на доработку с вашим комментарием.');
    return reply.redirect(`/programmes/${id}`, 303);
  });

  agreementObjectRoutes(app, {
    base: '/programmes',
    send: sendProgrammeForAgreement,
    answer: answerProgrammeAgreement,
    done: {
      send: 'Программа отправлена на согласование: методический центр получил уведомление.',
      agree: 'Программа согласована: куратор школы получил уведомление.',
      return: 'Программа возвращена на доработку: куратор школы получил уведомление с вашим комментарием.',
    },
    renderFailed: async (request, reply, failure, status) => {
      const actor = actorOf(request);
      const programme = await getProgramme(app.db, actor, idOf(request.params));
      return renderShow(reply, actor, programme, { values: failure.values, errors: {}, agreementErrors: failure.errors }, status);
    },
  });

  async function renderShow(
    reply: FastifyReply,
    actor: Actor,
    programme: ProgrammeRow,
    state: { values: Record<string, string>; errors: FieldErrors; agreementErrors?: FieldErrors },
    status = 200,
  ) {
    const { seesReview: own, reviewer, pairs } = await programmeSurroundings(app.db, actor, programme);
    const agreement = await programmeAgreement(app.db, actor, programme);
    const canEdit = canEditProgramme(actor.user, programme);
    return reply.render(
      'programmes/show',
      {
        title: programme.title,
        breadcrumbs: [own ? LIST_CRUMB : BANK_CRUMB, { label: programme.title }],
        programme,
        labels,
        file: await programmeDocument(app.db, actor, programme),
        seesReview: own,
        canEdit,
        canReview: canReviewProgramme(actor.user, programme) && programme.bank_status === 'submitted',
        submitBlocker: canEdit ? submitBlocker(programme) : null,
        reviewer,
        pairs,
        agreement,
        agreementStateLabels: AGREEMENT_STATE_LABELS,
        agreementEventLabels: AGREEMENT_EVENT_LABELS,
        agreementFieldLabels: AGREEMENT_FIELD_LABELS,
        agreementErrors: {},
        impact: await programmeImpact(app.db, actor, programme, own),
        ...state,
      },
      status,
    );
  }
}

function valuesOf(programme: ProgrammeRow): Record<string, string> {
  return {
    title: programme.title,
    form: programme.form,
    target_group: programme.target_group ?? '',
    goals: programme.goals ?? '',
    duration: programme.duration ?? '',
    expected_results: programme.expected_results ?? '',
  };
}

interface FormState {
  mode: 'create' | 'edit';
  programme?: ProgrammeRow;
  values: Record<string, string>;
  errors: FieldErrors;
  /** A file was chosen in the form that came back with errors: the browser does not keep it. */
  fileSent?: boolean;
}

async function renderForm(reply: FastifyReply, state: FormState, status = 200) {
  const { programme } = state;
  const file = programme ? await programmeDocument(reply.server.db, actorOf(reply.request), programme) : null;
  return reply.render(
    'programmes/form',
    {
      title: programme ? `Изменение программы: ${programme.title}` : 'Новая программа наставничества',
      breadcrumbs: [
        LIST_CRUMB,
        ...(programme ? [{ label: programme.title, href: `/programmes/${programme.id}` }] : []),
        { label: programme ? 'Изменение' : 'Добавление' },
      ],
      ...state,
      labels,
      formOptions,
      file,
      // the bank never holds a programme without its document: an accepted one's can only be replaced
      canRemoveFile: file !== null && programme?.bank_status !== 'accepted',
      inBank: programme?.bank_status === 'accepted',
      accept: DOCUMENT_ACCEPT,
    },
    status,
  );
}
