import type { FastifyInstance, FastifyReply } from 'fastify';
import { canManageModelDocuments, MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { positionPhrase } from '../../lib/declension.js';
import { DOCX } from '../../lib/mime.js';
import { pageUrl } from '../../lib/pagination.js';
import { DOCUMENT_ACCEPT } from '../../lib/uploads.js';
import { DOCUMENT_TYPE_LABELS } from '../documents/labels.js';
import { documentProblem, formWithDocument, multipartFields } from '../files/multipart.js';
import { sendStoredFile } from '../files/service.js';
import { MENTORING_FORM_LABELS } from '../people/labels.js';
import { FILLED_KIND_SLUGS, FILLED_KINDS, type FilledKind, MODEL_FIELD_LABELS, MODEL_STATUS_LABELS } from './labels.js';
import type { ModelRow } from './queries.js';
import { fillForm, modelForm, modelListQuery, saveForm } from './schemas.js';
import {
  createModel,
  fillableSchools,
  fillPage,
  filledDocument,
  getModel,
  getModelForEdit,
  modelFile,
  modelFileInfo,
  modelLibrary,
  saveFilledDocument,
  setModelStatus,
  updateModel,
} from './service.js';

const read = { access: { roles: MODULE_ROLES.modelDocuments } };
const manage = { access: { roles: MODULE_ROLES.modelDocumentsManage } };
const fill = { access: { roles: MODULE_ROLES.modelDocumentsFill } };
const save = { access: { roles: MODULE_ROLES.modelDocumentsSave } };

const BASE = '/documents/models';
const CRUMBS = [
  { label: 'Реестр документов', href: '/documents' },
  { label: 'Типовые документы', href: BASE },
];

const labels = { fields: MODEL_FIELD_LABELS, types: DOCUMENT_TYPE_LABELS, statuses: MODEL_STATUS_LABELS, kinds: FILLED_KINDS };
const typeOptions = Object.entries(DOCUMENT_TYPE_LABELS).map(([value, label]) => ({ value, label }));
const formOptions = Object.entries(MENTORING_FORM_LABELS).map(([value, label]) => ({ value, label: `«${label}»` }));

/** The filling choices as a query string, for the download links and the save forms' hidden fields. */
function fillQuery(values: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) for (const v of [value].flat()) if (v !== '') params.append(name, v);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

/** The form's fields, a repeated `form` kept as a list. */
function fillValues(query: unknown): Record<string, string | string[]> {
  const fields = multipartFields(query ?? {});
  const form = fields.form;
  return {
    curator: String(fields.curator ?? ''),
    curator_name: String(fields.curator_name ?? ''),
    curator_position: String(fields.curator_position ?? ''),
    form: form === undefined ? [] : Array.isArray(form) ? form : [form],
  };
}

export async function modelDocumentRoutes(app: FastifyInstance): Promise<void> {
  app.get(BASE, { config: read }, async (request, reply) => {
    const query = modelListQuery.parse(request.query ?? {});
    const data = await modelLibrary(app.db, actorOf(request), query);
    const filters = { type: query.type };
    return reply.render('model-documents/list', {
      title: 'Типовые документы',
      breadcrumbs: [CRUMBS[0], { label: 'Типовые документы' }],
      ...data,
      filters,
      labels,
      typeOptions,
      urlFor: (n: number) => pageUrl(BASE, filters, n),
    });
  });

  app.get(`${BASE}/new`, { config: manage }, async (_request, reply) => renderForm(reply, { values: {}, errors: {} }));

  app.post(BASE, { config: manage }, async (request, reply) => {
    const { fields, file } = await formWithDocument(request.body);
    const parsed = modelForm.safeParse(fields);
    const refused = await documentProblem(file);
    if (!parsed.success || refused) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(refused ? { file: refused } : {}) };
      if (!file && !errors.file) errors.file = 'Файл образца: выберите файл DOCX, PDF или ODT';
      return renderForm(reply, { values: fields, errors, fileSent: file !== null }, 400);
    }
    const result = await createModel(app.db, app.files, actorOf(request), parsed.data, file);
    if (!result.ok) return renderForm(reply, { values: fields, errors: result.errors, fileSent: file !== null }, 400);
    reply.flash('success', 'Типовой документ опубликован: его видят кураторы и руководители школ округа.');
    return reply.redirect(`${BASE}/${result.id}`, 303);
  });

  // The documents filled with a school's data (fixed paths before /:id).
  app.get(`${BASE}/schools/:id`, { config: fill }, async (request, reply) => {
    const values = fillValues(request.query);
    const parsed = fillForm.safeParse(values);
    return renderFill(
      reply,
      idOf(request.params),
      values,
      parsed.success ? {} : fieldErrors(parsed.error),
      parsed.success ? 200 : 400,
    );
  });

  for (const kind of FILLED_KIND_SLUGS) {
    app.get(`${BASE}/schools/:id/${kind}.docx`, { config: fill }, async (request, reply) => {
      const schoolId = idOf(request.params);
      const values = fillValues(request.query);
      const parsed = fillForm.safeParse(values);
      if (!parsed.success) return renderFill(reply, schoolId, values, fieldErrors(parsed.error), 400);
      const result = await filledDocument(app.db, actorOf(request), schoolId, kind, parsed.data);
      if (!result.ok) return renderFill(reply, schoolId, values, result.errors, 400);
      return reply
        .header('content-type', DOCX.mediaType)
        .header('content-disposition', contentDisposition(result.fileName))
        .header('cache-control', 'private, no-store')
        .send(result.data);
    });
  }

  app.post(`${BASE}/schools/:id/save`, { config: save }, async (request, reply) => {
    const schoolId = idOf(request.params);
    const values = fillValues(request.body);
    const parsed = saveForm.safeParse({ ...values, kind: formValues(request.body ?? {}).kind });
    if (!parsed.success) return renderFill(reply, schoolId, values, fieldErrors(parsed.error), 400);
    const kind = parsed.data.kind as FilledKind;
    const result = await saveFilledDocument(app.db, app.files, actorOf(request), schoolId, kind, parsed.data);
    if (!result.ok) return renderFill(reply, schoolId, values, result.errors, 400);
    reply.flash('success', `«${FILLED_KINDS[kind].label}» внесён в реестр документов школы как черновик вместе с файлом.`);
    return reply.redirect(`/documents/${result.id}`, 303);
  });

  app.get(`${BASE}/:id`, { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const doc = await getModel(app.db, actor, idOf(request.params));
    return reply.render('model-documents/show', {
      title: doc.title,
      breadcrumbs: [...CRUMBS, { label: doc.title }],
      doc,
      labels,
      file: modelFileInfo(doc),
      canManage: canManageModelDocuments(actor.user),
      fillKind: FILLED_KIND_SLUGS.find((k) => FILLED_KINDS[k].type === doc.type) ?? null,
      schools: await fillableSchools(app.db, actor),
    });
  });

  app.get(`${BASE}/:id/file`, { config: read }, async (request, reply) => {
    const file = await modelFile(app.db, actorOf(request), idOf(request.params));
    return sendStoredFile(reply, app.files, file, { inline: true });
  });

  app.get(`${BASE}/:id/edit`, { config: manage }, async (request, reply) => {
    const doc = await getModelForEdit(app.db, actorOf(request), idOf(request.params));
    return renderForm(reply, {
      doc,
      values: { title: doc.title, type: doc.type, description: doc.description ?? '' },
      errors: {},
    });
  });

  app.post(`${BASE}/:id/edit`, { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const doc = await getModelForEdit(app.db, actor, id);
    const { fields, file } = await formWithDocument(request.body);
    const parsed = modelForm.safeParse(fields);
    const refused = await documentProblem(file);
    if (!parsed.success || refused) {
      const errors = { ...(parsed.success ? {} : fieldErrors(parsed.error)), ...(refused ? { file: refused } : {}) };
      return renderForm(reply, { doc, values: fields, errors, fileSent: file !== null }, 400);
    }
    const result = await updateModel(app.db, app.files, actor, id, parsed.data, file);
    if (!result.ok) return renderForm(reply, { doc, values: fields, errors: result.errors, fileSent: file !== null }, 400);
    reply.flash('success', 'Изменения сохранены.');
    return reply.redirect(`${BASE}/${id}`, 303);
  });

  app.post(`${BASE}/:id/withdraw`, { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    const changed = await setModelStatus(app.db, actorOf(request), id, 'withdrawn');
    reply.flash(
      'success',
      changed ? 'Типовой документ снят с публикации: школы его больше не видят.' : 'Документ уже снят с публикации.',
    );
    return reply.redirect(`${BASE}/${id}`, 303);
  });

  app.post(`${BASE}/:id/publish`, { config: manage }, async (request, reply) => {
    const id = idOf(request.params);
    const changed = await setModelStatus(app.db, actorOf(request), id, 'published');
    reply.flash('success', changed ? 'Типовой документ снова опубликован для школ.' : 'Документ уже опубликован.');
    return reply.redirect(`${BASE}/${id}`, 303);
  });
}

interface FormState {
  doc?: ModelRow;
  values: Record<string, string>;
  errors: FieldErrors;
  fileSent?: boolean;
}

function renderForm(reply: FastifyReply, state: FormState, status = 200) {
  const { doc } = state;
  return reply.render(
    'model-documents/form',
    {
      title: doc ? `Изменение типового документа: ${doc.title}` : 'Новый типовой документ',
      breadcrumbs: [
        ...CRUMBS,
        ...(doc ? [{ label: doc.title, href: `${BASE}/${doc.id}` }] : []),
        { label: doc ? 'Изменение' : 'Публикация' },
      ],
      ...state,
      labels,
      typeOptions,
      file: doc ? modelFileInfo(doc) : null,
      accept: DOCUMENT_ACCEPT,
    },
    status,
  );
}

async function renderFill(
  reply: FastifyReply,
  schoolId: number,
  values: Record<string, string | string[]>,
  errors: FieldErrors,
  status = 200,
) {
  const actor = actorOf(reply.request);
  const data = await fillPage(reply.server.db, actor, schoolId);
  // The curator's own account is the natural choice on a first visit.
  const first = Object.values(values).every((v) => v.length === 0);
  const own = data.curators.find((c) => c.id === actor.user.id);
  const shown = first && own ? { ...values, curator: String(own.id) } : values;
  const chosen = (shown.form as string[]).length ? (shown.form as string[]) : data.schoolForms;
  const query = fillQuery(shown);
  return reply.render(
    'model-documents/fill',
    {
      title: `Документы по образцам: ${data.school.short_name}`,
      breadcrumbs: [...CRUMBS, { label: data.school.short_name }],
      ...data,
      head: data.school.head_name
        ? [data.school.head_position ? positionPhrase(data.school.head_position, 'nominative') : '', data.school.head_name]
            .filter(Boolean)
            .join(' ')
        : null,
      values: shown,
      chosenForms: chosen,
      errors,
      labels,
      formOptions,
      kinds: FILLED_KIND_SLUGS.map((slug) => ({
        slug,
        label: FILLED_KINDS[slug].label,
        href: `${BASE}/schools/${data.school.id}/${slug}.docx${query}`,
      })),
      curatorOptions: data.curators.map((c) => ({
        value: c.id,
        label: c.position ? `${c.full_name}, ${c.position}` : c.full_name,
      })),
    },
    status,
  );
}
