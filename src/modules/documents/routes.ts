import type { FastifyInstance, FastifyReply } from 'fastify';
import { canCreateDocument, canEditDocument, MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { pageUrl } from '../../lib/pagination.js';
import { DOCUMENT_ACCEPT } from '../../lib/uploads.js';
import { documentProblem, formWithDocument, multipartFields } from '../files/multipart.js';
import { sendStoredFile } from '../files/service.js';
import { DOCUMENT_AGREEMENT_EVENT_LABELS, DOCUMENT_AGREEMENT_STATE_LABELS } from '../centre-agreements/labels.js';
import { agreementObjectRoutes } from '../centre-agreements/object-routes.js';
import { AGREEMENT_FIELD_LABELS } from '../centre-agreements/schemas.js';
import {
  DOCUMENT_FIELD_LABELS,
  DOCUMENT_STATUS_LABELS,
  DOCUMENT_TYPE_LABELS,
  DOCUMENT_TYPE_SHORT,
  documentHeading,
} from './labels.js';
import type { DocumentRow } from './queries.js';
import type { Concerns } from './schemas.js';
import { documentForm, documentListQuery, requirementsForm } from './schemas.js';
import {
  answerDocumentAgreement,
  concernChoices,
  documentAgreement,
  createDocument,
  documentFile,
  documentFileInfo,
  documentList,
  getDocument,
  getDocumentForEdit,
  orderPairs,
  refOf,
  requirementsMatrix,
  sendDocumentForAgreement,
  setRequirements,
  updateDocument,
} from './service.js';

const read = { access: { roles: MODULE_ROLES.documents } };
const manage = { access: { roles: MODULE_ROLES.documentsManage } };
const matrix = { access: { roles: MODULE_ROLES.registers } };
const declare = { access: { roles: MODULE_ROLES.documentsRequire } };

const LIST_CRUMB = { label: 'Реестр документов', href: '/documents' };

const labels = {
  fields: DOCUMENT_FIELD_LABELS,
  types: DOCUMENT_TYPE_LABELS,
  short: DOCUMENT_TYPE_SHORT,
  statuses: DOCUMENT_STATUS_LABELS,
};
const typeOptions = Object.entries(DOCUMENT_TYPE_LABELS).map(([value, label]) => ({ value, label }));
const statusOptions = Object.entries(DOCUMENT_STATUS_LABELS).map(([value, label]) => ({ value, label }));

const headingOf = documentHeading;

function valuesOf(doc: DocumentRow): Record<string, string> {
  const concerns =
    doc.mentor_id !== null
      ? `mentor:${doc.mentor_id}`
      : doc.mentee_id !== null
        ? `mentee:${doc.mentee_id}`
        : doc.pair_id !== null
          ? `pair:${doc.pair_id}`
          : '';
  return {
    type: doc.type,
    number: doc.number ?? '',
    document_date: doc.document_date ?? '',
    title: doc.title ?? '',
    notes: doc.notes ?? '',
    status: doc.status,
    concerns,
    is_public: doc.is_public ? 'on' : '',
  };
}

export async function documentRoutes(app: FastifyInstance): Promise<void> {
  app.get('/documents', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const query = documentListQuery.parse(request.query ?? {});
    const { municipal, page, schools } = await documentList(app.db, actor, query);
    const filters = { org: municipal && query.org ? String(query.org) : undefined, type: query.type, status: query.status };
    return reply.render('documents/list', {
      title: municipal ? 'Документы школ округа' : 'Документы школы',
      page,
      filters,
      labels,
      municipal,
      schools,
      typeOptions,
      statusOptions,
      canCreate: canCreateDocument(actor.user),
      urlFor: (n: number) => pageUrl('/documents', filters, n),
    });
  });

  app.get('/documents/matrix', { config: matrix }, async (request, reply) => {
    const data = await requirementsMatrix(app.db, actorOf(request));
    return reply.render('documents/matrix', {
      title: 'Обязательные документы школ',
      breadcrumbs: [LIST_CRUMB, { label: 'Обязательные документы' }],
      ...data,
      labels,
      typeOptions,
    });
  });

  app.post('/documents/requirements', { config: declare }, async (request, reply) => {
    const parsed = requirementsForm.safeParse(multipartFields(request.body));
    if (!parsed.success) {
      reply.flash('error', fieldErrors(parsed.error).types ?? 'Обязательные документы: выберите виды из списка');
      return reply.redirect('/documents/matrix', 303);
    }
    await setRequirements(app.db, actorOf(request), parsed.data.types);
    reply.flash('success', 'Перечень обязательных документов сохранён.');
    return reply.redirect('/documents/matrix', 303);
  });

  app.get('/documents/new', { config: manage }, async (request, reply) => {
    const type = (request.query as { type?: unknown } | undefined)?.type;
    return renderForm(reply, { values: { status: 'draft', type: typeof type === 'string' ? type : '' }, errors: {} });
  });

  app.post('/documents', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const { fields, file } = await formWithDocument(request.body);
    // «Найти» of «Кого касается» (a big school): the form again with the people found, nothing saved.
    if (fields.find !== undefined) return renderForm(reply, { values: fields, errors: {}, fileSent: file !== null });
    const parsed = documentForm.safeParse(fields);
    const refused = await documentProblem(file);
    if (!parsed.success || refused) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(refused ? { file: refused } : {}) };
      return renderForm(reply, { values: fields, errors, fileSent: file !== null }, 400);
    }
    const result = await createDocument(app.db, app.files, actor, parsed.data, file);
    if (!result.ok) return renderForm(reply, { values: fields, errors: result.errors, fileSent: file !== null }, 400);
    reply.flash(
      'success',
      file ? 'Документ добавлен в реестр вместе с файлом.' : 'Документ добавлен в реестр. Файл можно приложить позже.',
    );
    return reply.redirect(`/documents/${result.id}`, 303);
  });

  app.get('/documents/:id', { config: read }, async (request, reply) => {
    const doc = await getDocument(app.db, actorOf(request), idOf(request.params));
    return renderShow(reply, doc, { values: {}, errors: {} });
  });

  agreementObjectRoutes(app, {
    base: '/documents',
    send: sendDocumentForAgreement,
    answer: answerDocumentAgreement,
    done: {
      send: 'Документ отправлен на согласование: методический центр получил уведомление.',
      agree: 'Документ согласован: куратор школы получил уведомление.',
      return: 'Документ возвращён на доработку: куратор школы получил уведомление с вашим комментарием.',
    },
    renderFailed: async (request, reply, failure, status) => {
      const doc = await getDocument(app.db, actorOf(request), idOf(request.params));
      return renderShow(reply, doc, failure, status);
    },
  });

  async function renderShow(
    reply: FastifyReply,
    doc: DocumentRow,
    state: { values: Record<string, string>; errors: FieldErrors },
    status = 200,
  ) {
    const actor = actorOf(reply.request);
    return reply.render(
      'documents/show',
      {
        title: headingOf(doc),
        breadcrumbs: [LIST_CRUMB, { label: headingOf(doc) }],
        doc,
        labels,
        file: await documentFileInfo(app.db, doc),
        pairs: await orderPairs(app.db, doc),
        canEdit: canEditDocument(actor.user, refOf(doc)),
        agreement: await documentAgreement(app.db, actor, doc),
        agreementStateLabels: DOCUMENT_AGREEMENT_STATE_LABELS,
        agreementEventLabels: DOCUMENT_AGREEMENT_EVENT_LABELS,
        agreementFieldLabels: AGREEMENT_FIELD_LABELS,
        ...state,
      },
      status,
    );
  }

  app.get('/documents/:id/edit', { config: manage }, async (request, reply) => {
    const doc = await getDocumentForEdit(app.db, actorOf(request), idOf(request.params));
    return renderForm(reply, { doc, values: valuesOf(doc), errors: {} });
  });

  app.post('/documents/:id/edit', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const doc = await getDocumentForEdit(app.db, actor, id);
    const { fields, file, remove } = await formWithDocument(request.body);
    if (fields.find !== undefined) return renderForm(reply, { doc, values: fields, errors: {}, fileSent: file !== null });
    // An order fixing pairs keeps the pairs module's type, number and date (the form shows them read-only).
    const kept =
      doc.pair_order_id === null ? {} : { type: doc.type, number: doc.number ?? '', document_date: doc.document_date ?? '' };
    const parsed = documentForm.safeParse({ ...fields, ...kept });
    const refused = await documentProblem(file);
    if (!parsed.success || refused) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(refused ? { file: refused } : {}) };
      return renderForm(reply, { doc, values: fields, errors, fileSent: file !== null }, 400);
    }
    const result = await updateDocument(app.db, app.files, actor, id, parsed.data, { file, remove });
    if (!result.ok) return renderForm(reply, { doc, values: fields, errors: result.errors, fileSent: file !== null }, 400);
    reply.flash(
      'success',
      result.agreementWithdrawn
        ? 'Изменения сохранены. Согласование с методическим центром снято: после него изменился документ. Отправьте его на согласование снова.'
        : 'Изменения сохранены.',
    );
    return reply.redirect(`/documents/${id}`, 303);
  });

  app.get('/documents/:id/file', { config: read }, async (request, reply) => {
    const file = await documentFile(app.db, actorOf(request), idOf(request.params));
    return sendStoredFile(reply, app.files, file, { inline: true });
  });
}

/** The person or pair the form has chosen, if its value reads as one (the service checks it belongs to the school). */
function chosenOf(value: string | undefined): Concerns {
  const parsed = documentForm.shape.concerns.safeParse(value);
  return parsed.success ? parsed.data : null;
}

interface FormState {
  doc?: DocumentRow;
  values: Record<string, string>;
  errors: FieldErrors;
  fileSent?: boolean;
}

async function renderForm(reply: FastifyReply, state: FormState, status = 200) {
  const { doc } = state;
  const actor = actorOf(reply.request);
  const schoolId = doc?.organization_id ?? actor.user.organizationId;
  return reply.render(
    'documents/form',
    {
      title: doc ? `Изменение документа: ${headingOf(doc)}` : 'Новый документ школы',
      breadcrumbs: [
        LIST_CRUMB,
        ...(doc ? [{ label: headingOf(doc), href: `/documents/${doc.id}` }] : []),
        { label: doc ? 'Изменение' : 'Добавление' },
      ],
      ...state,
      labels,
      typeOptions,
      statusOptions,
      concerns: await concernChoices(reply.server.db, schoolId, state.values.concerns_q ?? '', chosenOf(state.values.concerns)),
      searched: state.values.find !== undefined,
      file: doc ? await documentFileInfo(reply.server.db, doc) : null,
      fromPairs: doc?.pair_order_id != null,
      accept: DOCUMENT_ACCEPT,
    },
    status,
  );
}
