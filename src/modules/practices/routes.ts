import type { FastifyInstance, FastifyReply } from 'fastify';
import { draftsPractices, MODULE_ROLES, printsPracticeCollection, reviewsPractices } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import type { RouteAccess } from '../../http/types.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { todayIso } from '../../lib/dates.js';
import { pageUrl } from '../../lib/pagination.js';
import { formatDate } from '../../lib/ru.js';
import { DOCUMENT_OR_IMAGE_ACCEPT, formatFileSize } from '../../lib/uploads.js';
import { formWithDocument } from '../files/multipart.js';
import { sendStoredFile } from '../files/service.js';
import { addPracticeFile, practiceFile, practiceFilesOf, removePracticeFile } from './files.js';
import type { Actor } from '../audit/service.js';
import { MENTORING_FORM_LABELS } from '../people/labels.js';
import { PRACTICE_FIELD_LABELS, PRACTICE_STATUS_LABELS } from './labels.js';
import { listPractices, type PracticeRow, practiceSchoolsOf, practiceTagsOf } from './queries.js';
import { practiceForm, practiceListQuery, returnForm } from './schemas.js';
import {
  createPractice,
  getEditablePractice,
  getPractice,
  movePractice,
  type PracticeStep,
  practiceActions,
  practiceChoices,
  practiceCollection,
  practiceLinks,
  updatePractice,
} from './service.js';

/**
 * The bank of best practices (issue 19): `/practices` the municipal register as each role sees it
 * (filters, Russian full-text search, pages); `/practices/new` and `/practices/:id/edit` the
 * curator's form; `/practices/:id` a practice with the acts of its way; `/practices/collection` the
 * printable collection of the accepted and published practices.
 */

const read = { access: { roles: MODULE_ROLES.practices } };
const draft = { access: { roles: MODULE_ROLES.practicesDraft } };
const review = { access: { roles: MODULE_ROLES.practicesReview } };
const collection = { access: { roles: MODULE_ROLES.practicesCollection } };

const CRUMB = { label: 'Практики', href: '/practices' };

const labels = { statuses: PRACTICE_STATUS_LABELS, forms: MENTORING_FORM_LABELS, fields: PRACTICE_FIELD_LABELS };
const formOptions = Object.entries(MENTORING_FORM_LABELS).map(([value, label]) => ({ value, label }));
const statusOptions = Object.entries(PRACTICE_STATUS_LABELS).map(([value, label]) => ({ value, label }));

interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
  /** The checked ids of the lists: authors from the base, events. */
  selected?: { mentor_ids: string[]; mentee_ids: string[]; event_ids: string[] };
}

const listOf = (body: unknown, name: string): string[] => {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
};

/** The form's body: its plain fields, and its lists of checked boxes. */
function formOf(body: unknown) {
  const values = formValues(body);
  const selected = {
    mentor_ids: listOf(body, 'mentor_ids'),
    mentee_ids: listOf(body, 'mentee_ids'),
    event_ids: listOf(body, 'event_ids'),
  };
  return { values, selected, parsed: practiceForm.safeParse({ ...values, ...selected }) };
}

const fullName = (m: { last_name: string; first_name: string; middle_name: string | null }) =>
  [m.last_name, m.first_name, m.middle_name].filter(Boolean).join(' ');

/** A stored practice as the form's values. */
function valuesOf(p: PracticeRow): Record<string, string> {
  return {
    title: p.title,
    form: p.form,
    role_model: p.role_model ?? '',
    year: String(p.year),
    authors: p.authors,
    problem: p.problem,
    actions: p.actions,
    results: p.results,
    evidence: p.evidence ?? '',
    evidence_url: p.evidence_url ?? '',
    video_url: p.video_url ?? '',
    presented_at: p.presented_at ?? '',
    tags: p.tags.join(', '),
  };
}

export async function practiceRoutes(app: FastifyInstance): Promise<void> {
  app.get('/practices', { config: read }, async (request, reply) => {
    const actor = actorOf(request);
    const query = practiceListQuery.parse(request.query ?? {});
    const page = await listPractices(app.db, actor.user, query);
    const kept = {
      q: query.q,
      form: query.form,
      school: query.school?.toString(),
      year: query.year?.toString(),
      tag: query.tag,
      status: query.status,
    };
    return reply.render('practices/list', {
      title: 'Лучшие практики наставничества',
      page,
      query: kept,
      labels,
      formOptions,
      statusOptions,
      schoolOptions: (await practiceSchoolsOf(app.db, actor.user)).map((s) => ({ value: s.id, label: s.short_name })),
      tagOptions: (await practiceTagsOf(app.db, actor.user)).map((t) => ({ value: t, label: t })),
      urlFor: (n: number) => pageUrl('/practices', kept, n),
      can: {
        draft: draftsPractices(actor.user),
        filterStatus: reviewsPractices(actor.user) || draftsPractices(actor.user),
        collection: printsPracticeCollection(actor.user),
      },
    });
  });

  const renderForm = async (reply: FastifyReply, state: FormState, practice: PracticeRow | null, status = 200) => {
    const choices = await practiceChoices(app.db, actorOf(reply.request));
    return reply.render(
      'practices/form',
      {
        title: practice ? `Изменение практики «${practice.title}»` : 'Новая практика',
        ...state,
        selected: state.selected ?? { mentor_ids: [], mentee_ids: [], event_ids: [] },
        mentorOptions: choices.mentors.map((m) => ({ value: m.id, label: fullName(m) })),
        menteeOptions: choices.mentees.map((m) => ({ value: m.id, label: fullName(m) })),
        eventOptions: choices.events.map((e) => ({ value: e.id, label: `${e.title} (${formatDate(e.starts_at)})` })),
        labels,
        formOptions,
        action: practice ? `/practices/${practice.id}` : '/practices',
        backHref: practice ? `/practices/${practice.id}` : '/practices',
        breadcrumbs: [
          CRUMB,
          ...(practice ? [{ label: practice.title, href: `/practices/${practice.id}` }] : []),
          { label: practice ? 'Изменение' : 'Новая практика' },
        ],
      },
      status,
    );
  };

  app.get('/practices/new', { config: draft }, async (_request, reply) =>
    renderForm(reply, { values: { year: todayIso().slice(0, 4) }, errors: {} }, null),
  );

  app.post('/practices', { config: draft }, async (request, reply) => {
    const actor = actorOf(request);
    const { values, selected, parsed } = formOf(request.body);
    if (!parsed.success) return renderForm(reply, { values, selected, errors: fieldErrors(parsed.error) }, null, 400);
    const result = await createPractice(app.db, actor, parsed.data);
    if (!result.ok) return renderForm(reply, { values, selected, errors: result.errors }, null, 400);
    const id = result.id;
    reply.flash('success', 'Черновик практики сохранён. Когда описание будет готово, направьте его на рассмотрение.');
    return reply.redirect(`/practices/${id}`, 303);
  });

  app.get('/practices/collection', { config: collection }, async (request, reply) => {
    const rows = await practiceCollection(app.db, actorOf(request));
    return reply.render('practices/collection', {
      title: 'Сборник лучших практик наставничества',
      rows,
      labels,
      municipality: request.user?.organizationName ?? '',
      year: todayIso().slice(0, 4),
    });
  });

  const renderPractice = async (
    reply: FastifyReply,
    actor: Actor,
    id: number,
    form?: FormState,
    status = 200,
    fileError: string | null = null,
  ) => {
    const p = await getPractice(app.db, actor, id);
    const files = (await practiceFilesOf(app.db, p.id)).map((f) => ({
      ...f,
      size: formatFileSize(f.size_bytes),
      image: f.media_type === 'image/jpeg' || f.media_type === 'image/png',
    }));
    return reply.render(
      'practices/show',
      {
        title: p.title,
        p,
        labels,
        links: await practiceLinks(app.db, p.id),
        files,
        fileError,
        accept: DOCUMENT_OR_IMAGE_ACCEPT,
        fullName,
        formatDate,
        ...practiceActions(actor, p),
        form: form ?? { values: {}, errors: {} },
        breadcrumbs: [CRUMB, { label: p.title }],
      },
      status,
    );
  };

  app.get('/practices/:id', { config: read }, async (request, reply) =>
    renderPractice(reply, actorOf(request), idOf(request.params)),
  );

  app.get('/practices/:id/edit', { config: draft }, async (request, reply) => {
    const p = await getEditablePractice(app.db, actorOf(request), idOf(request.params));
    const links = await practiceLinks(app.db, p.id);
    const selected = {
      mentor_ids: links.mentors.map((m) => String(m.id)),
      mentee_ids: links.mentees.map((m) => String(m.id)),
      event_ids: links.events.map((e) => String(e.id)),
    };
    return renderForm(reply, { values: valuesOf(p), selected, errors: {} }, p);
  });

  app.post('/practices/:id', { config: draft }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const p = await getEditablePractice(app.db, actor, id);
    const { values, selected, parsed } = formOf(request.body);
    if (!parsed.success) return renderForm(reply, { values, selected, errors: fieldErrors(parsed.error) }, p, 400);
    const result = await updatePractice(app.db, actor, id, parsed.data);
    if (!result.ok) return renderForm(reply, { values, selected, errors: result.errors }, p, 400);
    reply.flash('success', 'Изменения практики сохранены.');
    return reply.redirect(`/practices/${id}`, 303);
  });

  const steps: ReadonlyArray<{ step: PracticeStep; config: { access: RouteAccess }; flash: string }> = [
    { step: 'send', config: draft, flash: 'Практика направлена на рассмотрение в методический центр.' },
    { step: 'accept', config: review, flash: 'Практика принята в муниципальный реестр.' },
    { step: 'publish', config: review, flash: 'Практика опубликована.' },
    {
      step: 'withdraw',
      config: review,
      flash: 'Практика снята с публикации: она остаётся в муниципальном реестре, но наставники её больше не видят.',
    },
  ];
  for (const s of steps) {
    app.post(`/practices/:id/${s.step}`, { config: s.config }, async (request, reply) => {
      const id = idOf(request.params);
      await movePractice(app.db, actorOf(request), id, s.step);
      reply.flash('success', s.flash);
      return reply.redirect(`/practices/${id}`, 303);
    });
  }

  app.post('/practices/:id/files', { config: draft }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const { fields, file } = await formWithDocument(request.body);
    const result = await addPracticeFile(app.db, app.files, actor, id, fields.title ?? '', file);
    if (!result.ok) return renderPractice(reply, actor, id, undefined, 400, result.message);
    reply.flash('success', 'Материал добавлен.');
    return reply.redirect(`/practices/${id}#materials-title`, 303);
  });

  app.get('/practices/:id/files/:fileId', { config: read }, async (request, reply) => {
    const file = await practiceFile(app.db, actorOf(request), idOf(request.params), idOf(request.params, 'fileId'));
    return sendStoredFile(reply, app.files, file, { inline: true });
  });

  app.post('/practices/:id/files/:fileId/remove', { config: draft }, async (request, reply) => {
    const id = idOf(request.params);
    await removePracticeFile(app.db, app.files, actorOf(request), id, idOf(request.params, 'fileId'));
    reply.flash('success', 'Материал удалён.');
    return reply.redirect(`/practices/${id}#materials-title`, 303);
  });

  app.post('/practices/:id/return', { config: review }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const values = formValues(request.body);
    const parsed = returnForm.safeParse(values);
    // Someone outside the scope learns nothing from a form error: the page itself is 404 for it.
    if (!parsed.success) return renderPractice(reply, actor, id, { values, errors: fieldErrors(parsed.error) }, 400);
    await movePractice(app.db, actor, id, 'return', parsed.data.comment);
    reply.flash('success', 'Практика возвращена на доработку: школа увидит комментарий.');
    return reply.redirect(`/practices/${id}`, 303);
  });
}
