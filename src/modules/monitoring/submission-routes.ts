import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MODULE_ROLES, readsSnapshotOnly } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { contentDisposition } from '../../http/content-disposition.js';
import { idOf } from '../../http/ids.js';
import { PORTAL_NAME } from '../../http/render.js';
import { todayIso } from '../../lib/dates.js';
import { DOCX } from '../../lib/mime.js';
import { formatDate } from '../../lib/ru.js';
import { DOCUMENT_ACCEPT, formatFileSize } from '../../lib/uploads.js';
import type { Actor } from '../audit/service.js';
import { multipartFields, type UploadedFile, uploadedFile } from '../files/multipart.js';
import { sendStoredFile } from '../files/service.js';
import { type Answer, formValuesOf, tableRowCount } from './answers.js';
import { FIELD_KIND_LABELS, OVERDUE_LABEL, STATUS_LABELS } from './labels.js';
import { extendForm, fieldCommentsOf, reopenForm, returnForm } from './schemas.js';
import { snapshotPage } from './snapshot.js';
import { buildSpravkaDocx, SPRAVKA_HEADINGS, spravkaModel, spravkaSource } from './spravka.js';
import {
  acceptSubmission,
  approveSubmission,
  attachedFile,
  detachFile,
  extendDeadline,
  reopenSubmission,
  returnSubmission,
  saveDraft,
  sendSubmission,
  submissionPage,
} from './submission.js';

const read = { access: { roles: MODULE_ROLES.monitoring } };
const fill = { access: { roles: MODULE_ROLES.monitoringFill } };
const approve = { access: { roles: MODULE_ROLES.monitoringApprove } };
const manage = { access: { roles: MODULE_ROLES.monitoringManage } };

const EVENT_LABELS: Record<string, string> = {
  start: 'начато заполнение',
  resume: 'доработка начата',
  send: 'отправлен',
  approve: 'утверждён руководителем ОО',
  accept: 'принят, данные зафиксированы',
  return: 'возвращён на доработку',
  reopen: 'открыт заново',
  extend: 'продлён срок',
};

const paramsOf = (request: FastifyRequest) => ({ id: idOf(request.params), orgId: idOf(request.params, 'orgId') });
const urlOf = (p: { id: number; orgId: number }) => `/monitoring/${p.id}/schools/${p.orgId}`;

/** The submission form's body (multipart, with a file per document `doc_<id>`). */
async function submissionBody(body: unknown): Promise<{ values: Record<string, string>; uploads: Map<number, UploadedFile> }> {
  const values = formValues(multipartFields(body));
  const uploads = new Map<number, UploadedFile>();
  for (const key of Object.keys((body as Record<string, unknown> | null) ?? {})) {
    const id = /^doc_(\d+)$/.exec(key)?.[1];
    if (!id) continue;
    const file = await uploadedFile(body, key);
    if (file) uploads.set(Number(id), file);
  }
  return { values, uploads };
}

interface PageState {
  /** What the form shows: the stored answers, or what was just sent. */
  answers?: Map<number, Answer>;
  errors?: FieldErrors;
  values?: Record<string, string>;
}

export async function submissionRoutes(app: FastifyInstance): Promise<void> {
  async function render(request: FastifyRequest, reply: FastifyReply, actor: Actor, state: PageState = {}, status = 200) {
    const p = paramsOf(request);
    const page = await submissionPage(app.db, actor, p.id, p.orgId);
    const answers = state.answers ?? page.answers;
    const formValues = formValuesOf(page.fields, answers);
    const statusLabel = page.overdue ? OVERDUE_LABEL : STATUS_LABELS[page.submission.status];
    return reply.render(
      'monitoring/submission',
      {
        title: `${page.submission.school_name}: ${page.campaign.title}`,
        breadcrumbs: [
          { label: 'Мониторинг', href: '/monitoring' },
          { label: page.campaign.title, href: `/monitoring/${p.id}` },
          { label: page.submission.school_name },
        ],
        ...page,
        url: urlOf(p),
        statusLabel,
        formValues,
        rowsOf: (field: Parameters<typeof tableRowCount>[0]) => tableRowCount(field, formValues),
        filesOf: (documentId: number) =>
          page.files
            .filter((f) => f.document_id === documentId)
            .map((f) => ({ ...f, size: formatFileSize(f.size_bytes), href: `${urlOf(p)}/files/${f.id}` })),
        labels: { kinds: FIELD_KIND_LABELS, statuses: STATUS_LABELS, events: EVENT_LABELS },
        accept: DOCUMENT_ACCEPT,
        errors: state.errors ?? {},
        // The messages name their field or document already.
        errorLabels: {},
        values: state.values ?? {},
      },
      status,
    );
  }

  app.get('/monitoring/:id/schools/:orgId', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    if (!readsSnapshotOnly(actor.user)) return render(request, reply, actor);
    // The region: the accepted snapshot's figures only (snapshot.ts).
    const p = paramsOf(request);
    const page = await snapshotPage(app.db, actor, p.id, p.orgId);
    return reply.render('monitoring/snapshot', {
      title: `${page.school.name}: ${page.campaign.title}`,
      breadcrumbs: [
        { label: 'Мониторинг', href: '/monitoring' },
        { label: page.campaign.title, href: `/monitoring/${p.id}` },
        { label: page.school.name },
      ],
      ...page,
    });
  });

  app.post('/monitoring/:id/schools/:orgId', { config: fill }, async (request, reply) => {
    const actor = actorOf(request);
    const p = paramsOf(request);
    const { values, uploads } = await submissionBody(request.body);
    const result = await saveDraft(app.db, app.files, actor, p.id, p.orgId, values, uploads);
    if (!result.ok) return render(request, reply, actor, { errors: result.errors }, 400);
    reply.flash('success', 'Черновик сохранён.');
    return reply.redirect(urlOf(p), 303);
  });

  app.post('/monitoring/:id/schools/:orgId/send', { config: fill }, async (request, reply) => {
    const actor = actorOf(request);
    const p = paramsOf(request);
    const { values, uploads } = await submissionBody(request.body);
    const saved = await saveDraft(app.db, app.files, actor, p.id, p.orgId, values, uploads);
    if (!saved.ok) return render(request, reply, actor, { errors: saved.errors }, 400);
    const sent = await sendSubmission(app.db, actor, p.id, p.orgId);
    if (!sent.ok) return render(request, reply, actor, { errors: sent.errors }, 400);
    reply.flash('success', 'Отчёт отправлен: его утвердит руководитель образовательной организации.');
    return reply.redirect(urlOf(p), 303);
  });

  app.post('/monitoring/:id/schools/:orgId/approve', { config: approve }, async (request, reply) => {
    const p = paramsOf(request);
    await approveSubmission(app.db, actorOf(request), p.id, p.orgId);
    reply.flash('success', 'Отчёт утверждён и передан в методический центр.');
    return reply.redirect(urlOf(p), 303);
  });

  app.post('/monitoring/:id/schools/:orgId/accept', { config: manage }, async (request, reply) => {
    const p = paramsOf(request);
    await acceptSubmission(app.db, actorOf(request), p.id, p.orgId);
    reply.flash('success', 'Отчёт принят: его данные зафиксированы и больше не меняются.');
    return reply.redirect(urlOf(p), 303);
  });

  app.post('/monitoring/:id/schools/:orgId/return', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const p = paramsOf(request);
    const values = formValues(request.body);
    const parsed = returnForm.safeParse(values);
    if (!parsed.success) return render(request, reply, actor, { errors: fieldErrors(parsed.error), values }, 400);
    await returnSubmission(app.db, actor, p.id, p.orgId, parsed.data.comment, fieldCommentsOf(values));
    reply.flash('success', 'Отчёт возвращён на доработку: школа увидит комментарии.');
    return reply.redirect(urlOf(p), 303);
  });

  app.post('/monitoring/:id/schools/:orgId/reopen', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const p = paramsOf(request);
    const values = formValues(request.body);
    const parsed = reopenForm.safeParse(values);
    if (!parsed.success) return render(request, reply, actor, { errors: fieldErrors(parsed.error), values }, 400);
    await reopenSubmission(app.db, actor, p.id, p.orgId, parsed.data.reason);
    reply.flash('success', 'Отчёт открыт заново и возвращён школе; прежние зафиксированные данные остались в истории.');
    return reply.redirect(urlOf(p), 303);
  });

  app.post('/monitoring/:id/schools/:orgId/extend', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const p = paramsOf(request);
    const values = formValues(request.body);
    const parsed = extendForm.safeParse(values);
    if (!parsed.success) return render(request, reply, actor, { errors: fieldErrors(parsed.error), values }, 400);
    const result = await extendDeadline(app.db, actor, p.id, p.orgId, parsed.data.deadline);
    if (!result.ok) return render(request, reply, actor, { errors: result.errors, values }, 400);
    reply.flash('success', 'Срок сдачи для школы продлён.');
    return reply.redirect(urlOf(p), 303);
  });

  app.get('/monitoring/:id/schools/:orgId/files/:fileId', { config: read }, async (request, reply) => {
    const p = paramsOf(request);
    const file = await attachedFile(app.db, actorOf(request), p.id, p.orgId, idOf(request.params, 'fileId'));
    return sendStoredFile(reply, app.files, file);
  });

  app.post('/monitoring/:id/schools/:orgId/files/:fileId/remove', { config: fill }, async (request, reply) => {
    const p = paramsOf(request);
    await detachFile(app.db, actorOf(request), p.id, p.orgId, idOf(request.params, 'fileId'));
    reply.flash('success', 'Документ откреплён.');
    return reply.redirect(urlOf(p), 303);
  });

  app.get('/monitoring/:id/schools/:orgId/report', { config: read }, async (request, reply) => {
    const p = paramsOf(request);
    const model = spravkaModel(await spravkaSource(app.db, actorOf(request), p.id, p.orgId), PORTAL_NAME, formatDate(todayIso()));
    return reply.render('monitoring/report', {
      title: `${model.title.join(' ')}`,
      model,
      headings: SPRAVKA_HEADINGS,
      back: urlOf(p),
      docx: `${urlOf(p)}/report.docx`,
    });
  });

  app.get('/monitoring/:id/schools/:orgId/report.docx', { config: read }, async (request, reply) => {
    const p = paramsOf(request);
    const source = await spravkaSource(app.db, actorOf(request), p.id, p.orgId);
    const data = await buildSpravkaDocx(spravkaModel(source, PORTAL_NAME, formatDate(todayIso())));
    return reply
      .header('content-type', DOCX.mediaType)
      .header('content-disposition', contentDisposition(`Справка ${source.school.short_name} ${source.campaign.title}.docx`))
      .header('cache-control', 'no-store')
      .send(data);
  });
}
