import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { ForbiddenError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { formatDate, formatDateTime } from '../../lib/ru.js';
import { DOCUMENT_ACCEPT } from '../../lib/uploads.js';
import { sendStoredFile } from '../files/service.js';
import { FIELD_LABELS, STATUS_LABELS } from './labels.js';
import { manage, read, roadmapCrumbs, statusBody, withEvidence } from './route-helpers.js';
import { todayIso } from './overdue.js';
import { addressForm, optionalDueOf, statusForm } from './schemas.js';
import {
  addressItem,
  markSchoolPart,
  NOT_ADDRESSER,
  type SchoolPartsPage,
  type SchoolPartView,
  schoolEvidenceHref,
  schoolPartEvidence,
  schoolPartsPage,
} from './school-parts.js';

const markPart = { access: { roles: MODULE_ROLES.roadmapsSchoolPart } };

function partValues(p: SchoolPartView | null): Record<string, string> {
  return {
    status: p?.status ?? 'not_started',
    completed_on: p?.completed_on ?? '',
    evidence_comment: p?.evidence_comment ?? '',
    evidence_link: p?.evidence_link ?? '',
  };
}

interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
  schools?: string[];
}

/** The schools' part of a municipal item (issue 17): the page, the addressing, a school's mark, its evidence. */
export async function schoolPartRoutes(app: FastifyInstance): Promise<void> {
  const render = (reply: FastifyReply, page: SchoolPartsPage, form: FormState, status = 200) => {
    const number = page.item.number ?? '';
    return reply.render(
      'roadmaps/school-parts',
      {
        title: `Пункт ${number}: ${page.ownPart ? 'часть нашей школы' : 'выполнение школами'}`.replace('  ', ' '),
        breadcrumbs: roadmapCrumbs(page.roadmap, page.ownPart ? 'Часть школы' : 'Выполнение школами'),
        ...page,
        values: form.values,
        errors: form.errors,
        selectedSchools: form.schools ?? page.choices.filter((c) => c.checked).map((c) => String(c.id)),
        labels: { ...FIELD_LABELS, mode: 'Каким школам адресован пункт', schools: 'Школы' },
        statusLabels: STATUS_LABELS,
        evidenceHref: (schoolId: number) =>
          schoolEvidenceHref(page.roadmap.id, page.item.id, schoolId, page.occurrence?.due ?? null),
        formatDate,
        formatDateTime,
        accept: DOCUMENT_ACCEPT,
      },
      status,
    );
  };

  const pageOf = (request: FastifyRequest, due: string | null) =>
    schoolPartsPage(app.db, actorOf(request), idOf(request.params), idOf(request.params, 'itemId'), due, todayIso());
  const partsHref = (id: number, itemId: number, due: string | null) =>
    `/roadmaps/${id}/items/${itemId}/schools${due === null ? '' : `?due=${due}`}`;

  app.get('/roadmaps/:id/items/:itemId/schools', { config: read }, async (request, reply) => {
    const page = await pageOf(request, optionalDueOf(request.query));
    return render(reply, page, {
      values: { mode: page.byResponsible ? 'responsible' : 'chosen', ...partValues(page.ownPart) },
      errors: {},
    });
  });

  app.post('/roadmaps/:id/items/:itemId/schools', { config: manage }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const itemId = idOf(request.params, 'itemId');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = addressForm.safeParse({ mode: body.mode, schools: body.schools });
    if (!parsed.success) {
      const page = await pageOf(request, null);
      if (!page.canAddress) throw new ForbiddenError(NOT_ADDRESSER);
      const schools = addressForm.shape.schools.safeParse(body.schools);
      return render(
        reply,
        page,
        { values: formValues(body), errors: fieldErrors(parsed.error), schools: (schools.data ?? []).map(String) },
        400,
      );
    }
    const { count, byResponsible } = await addressItem(app.db, actor, id, itemId, parsed.data);
    reply.flash(
      'success',
      byResponsible
        ? `Пункт адресован школам, которые названы в графе «Ответственные»: ${count}.`
        : `Пункт адресован отмеченным школам: ${count}. Их кураторы отметят свою часть.`,
    );
    return reply.redirect(`/roadmaps/${id}/items/${itemId}/schools`, 303);
  });

  app.post('/roadmaps/:id/items/:itemId/schools/part', { config: markPart }, async (request, reply) => {
    const actor = actorOf(request);
    const id = idOf(request.params);
    const itemId = idOf(request.params, 'itemId');
    const { fields, evidence } = await statusBody(request.body);
    const page = await pageOf(request, optionalDueOf(fields));
    const due = page.occurrence?.due ?? null;
    const parsed = statusForm.safeParse(fields);
    if (!parsed.success) return render(reply, page, { values: fields, errors: fieldErrors(parsed.error) }, 400);
    const refused = await withEvidence(() =>
      markSchoolPart(app.db, app.files, actor, id, itemId, due, parsed.data, evidence, todayIso()),
    );
    if (refused) return render(reply, page, { values: fields, errors: refused }, 400);
    const when = page.occurrence ? ` (${page.occurrence.label})` : '';
    reply.flash(
      'success',
      `Пункт ${page.item.number ?? ''}, часть школы${when}: ${STATUS_LABELS[parsed.data.status].toLowerCase()}.`.replace(
        '  ',
        ' ',
      ),
    );
    return reply.redirect(partsHref(id, itemId, due), 303);
  });

  app.get('/roadmaps/:id/items/:itemId/schools/:schoolId/evidence', { config: read }, async (request, reply) => {
    const file = await schoolPartEvidence(
      app.db,
      actorOf(request),
      idOf(request.params),
      idOf(request.params, 'itemId'),
      idOf(request.params, 'schoolId'),
      optionalDueOf(request.query),
      todayIso(),
    );
    return sendStoredFile(reply, app.files, file);
  });
}
