import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  awardLevelsFor,
  canNominate,
  compilesNominations,
  decidesNominations,
  keepsBestMentors,
  MODULE_ROLES,
  printsNominationList,
  readsScopeAwards,
  recordsAwards,
} from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import type { RouteAccess } from '../../http/types.js';
import { type FieldErrors, fieldErrors, formValues } from '../../http/forms.js';
import { idOf } from '../../http/ids.js';
import { todayIso } from '../../lib/dates.js';
import { pageUrl } from '../../lib/pagination.js';
import { formatDate } from '../../lib/ru.js';
import type { Actor } from '../audit/service.js';
import {
  AWARD_KIND_LABELS,
  AWARD_LEVEL_LABELS,
  fullNameOf,
  NOMINATION_STATUS_LABELS,
  nominationStatusText,
  RECOGNITION_FIELD_LABELS,
} from './labels.js';
import { awardeesOf, listNominations, listScopeAwards, type NominationRow } from './queries.js';
import {
  awardForm,
  awardOrderForm,
  bestMentorForm,
  consentForm,
  newAwardQuery,
  nominationForm,
  optionalCommentForm,
  recognitionQuery,
  requiredCommentForm,
} from './schemas.js';
import {
  addBestMentor,
  setBestMentorConsent,
  bestMentors,
  compileNomination,
  createAward,
  decideNomination,
  getAwardee,
  getNomination,
  nominate,
  nominationActions,
  orderCandidates,
  ownAwards,
  recordAwardOrder,
  sendList,
} from './service.js';

/**
 * Recognition (issue 18): `/recognition` is each role's page — the head's nominations, the
 * coordinator's compiling of the municipal list and its list of best mentors, the department's
 * decisions and awarding order, the awards of the scope, a mentor's own awards;
 * `/recognition/nominations/:id` one nomination with its acts; `/recognition/awards/new` an award
 * recorded by hand (linked from the mentor's card); `/recognition/order/print` the order's appendix.
 */

const read = { access: { roles: MODULE_ROLES.recognition } };
const nominateAccess = { access: { roles: MODULE_ROLES.recognitionNominate } };
const compile = { access: { roles: MODULE_ROLES.recognitionCompile } };
const decide = { access: { roles: MODULE_ROLES.recognitionDecide } };
const print = { access: { roles: MODULE_ROLES.recognitionPrint } };
const record = { access: { roles: MODULE_ROLES.awardsRecord } };

const CRUMB = { label: 'Поощрения', href: '/recognition' };

const labels = {
  kinds: AWARD_KIND_LABELS,
  levels: AWARD_LEVEL_LABELS,
  statuses: NOMINATION_STATUS_LABELS,
  fields: RECOGNITION_FIELD_LABELS,
};

const kindOptions = Object.entries(AWARD_KIND_LABELS).map(([value, label]) => ({ value, label }));

interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
}

type PageForms = Partial<Record<'nominate' | 'best' | 'order', FormState>>;

const empty = (): FormState => ({ values: {}, errors: {} });

/** The nominations of the scope, split by what each role does with them. */
function nominationGroups(rows: NominationRow[]) {
  const by = (pred: (n: NominationRow) => boolean) => rows.filter(pred);
  return {
    all: rows,
    toCompile: by((n) => n.sent_at === null && (n.status === 'nominated' || n.status === 'listed' || n.status === 'rejected')),
    listedUnsent: by((n) => n.sent_at === null && n.status === 'listed'),
    toDecide: by((n) => n.sent_at !== null && (n.status === 'listed' || n.status === 'supported' || n.status === 'refused')),
  };
}

export async function recognitionRoutes(app: FastifyInstance): Promise<void> {
  const renderPage = async (reply: FastifyReply, actor: Actor, forms: PageForms = {}, status = 200) => {
    const query = recognitionQuery.parse(reply.request.query ?? {});
    const user = actor.user;
    const scope = readsScopeAwards(user);
    const nominations = scope ? nominationGroups(await listNominations(app.db, user)) : null;
    const mentors = canNominate(user) || keepsBestMentors(user) ? await awardeesOf(app.db, user) : [];
    return reply.render(
      'recognition/page',
      {
        title: 'Поощрения наставников',
        labels,
        kindOptions,
        statusText: nominationStatusText,
        fullName: fullNameOf,
        formatDate,
        // A mentor's own awards: `found` null when its account is linked to no record of the base.
        own: scope ? null : { found: await ownAwards(app.db, actor) },
        awards: scope ? await listScopeAwards(app.db, user, query.page) : null,
        urlFor: (n: number) => pageUrl('/recognition', {}, n),
        nominations,
        best: await bestMentors(app.db, actor),
        candidates: decidesNominations(user) ? await orderCandidates(app.db, actor) : [],
        mentorOptions: mentors.map((m) => ({
          value: m.id,
          label: `${fullNameOf(m)}${compilesNominations(user) ? ` (${m.school_name})` : ''}`,
        })),
        can: {
          nominate: canNominate(user),
          compile: compilesNominations(user),
          decide: decidesNominations(user),
          keepBest: keepsBestMentors(user),
          print: printsNominationList(user),
          record: recordsAwards(user),
        },
        forms: { nominate: forms.nominate ?? empty(), best: forms.best ?? empty(), order: forms.order ?? empty() },
        thisYear: todayIso().slice(0, 4),
      },
      status,
    );
  };

  app.get('/recognition', { config: read }, async (request, reply) => renderPage(reply, actorOf(request)));

  app.post('/recognition/nominations', { config: nominateAccess }, async (request, reply) => {
    const actor = actorOf(request);
    const values = formValues(request.body);
    const parsed = nominationForm.safeParse(values);
    if (!parsed.success) return renderPage(reply, actor, { nominate: { values, errors: fieldErrors(parsed.error) } }, 400);
    const result = await nominate(app.db, actor, parsed.data);
    if (!result.ok) return renderPage(reply, actor, { nominate: { values, errors: result.errors } }, 400);
    reply.flash('success', 'Наставник выдвинут к награждению: выдвижение передано в методический центр.');
    return reply.redirect(`/recognition/nominations/${result.id}`, 303);
  });

  app.post('/recognition/best', { config: compile }, async (request, reply) => {
    const actor = actorOf(request);
    const values = formValues(request.body);
    const parsed = bestMentorForm.safeParse(values);
    if (!parsed.success) return renderPage(reply, actor, { best: { values, errors: fieldErrors(parsed.error) } }, 400);
    const result = await addBestMentor(app.db, actor, parsed.data);
    if (!result.ok) return renderPage(reply, actor, { best: { values, errors: result.errors } }, 400);
    reply.flash('success', 'Наставник включён в список лучших наставников муниципалитета.');
    return reply.redirect('/recognition#best-mentors', 303);
  });

  // Issue 19: the best mentor's consent to be shown on the public page.
  app.post('/recognition/best/:id/consent', { config: compile }, async (request, reply) => {
    const body = consentForm.parse(request.body);
    const result = await setBestMentorConsent(
      app.db,
      actorOf(request),
      idOf(request.params),
      body.consent === 'yes',
      body.confirm,
    );
    if (!result.ok) reply.flash('error', result.errors.confirm ?? 'Не удалось сохранить согласие');
    else
      reply.flash(
        'success',
        body.consent === 'yes'
          ? 'Наставник будет показан на публичной странице.'
          : 'Наставник больше не показывается на публичной странице.',
      );
    return reply.redirect('/recognition#best-mentors', 303);
  });

  app.post('/recognition/list/send', { config: compile }, async (request, reply) => {
    const count = await sendList(app.db, actorOf(request));
    reply.flash('success', `Список к награждению передан в управление образования (выдвижений: ${count}).`);
    return reply.redirect('/recognition', 303);
  });

  app.post('/recognition/order', { config: decide }, async (request, reply) => {
    const actor = actorOf(request);
    const values = formValues(request.body);
    const parsed = awardOrderForm.safeParse(values);
    if (!parsed.success) return renderPage(reply, actor, { order: { values, errors: fieldErrors(parsed.error) } }, 400);
    const count = await recordAwardOrder(app.db, actor, parsed.data);
    reply.flash(
      'success',
      `Приказ № ${parsed.data.order_number} от ${formatDate(parsed.data.order_date)} записан: награды внесены в карточки наставников (${count}).`,
    );
    return reply.redirect('/recognition', 303);
  });

  app.get('/recognition/order/print', { config: print }, async (request, reply) => {
    const rows = await orderCandidates(app.db, actorOf(request));
    return reply.render('recognition/print', {
      title: 'Список наставников, представленных к награждению',
      rows,
      labels,
      fullName: fullNameOf,
      municipality: request.user?.organizationName ?? '',
    });
  });

  const renderNomination = async (reply: FastifyReply, actor: Actor, id: number, form?: FormState, status = 200) => {
    const n = await getNomination(app.db, actor, id);
    return reply.render(
      'recognition/nomination',
      {
        title: `Выдвижение к награждению: ${fullNameOf(n)}`,
        n,
        labels,
        statusText: nominationStatusText(n),
        formatDate,
        ...nominationActions(actor, n),
        form: form ?? empty(),
        breadcrumbs: [CRUMB, { label: fullNameOf(n) }],
      },
      status,
    );
  };

  app.get('/recognition/nominations/:id', { config: read }, async (request, reply) =>
    renderNomination(reply, actorOf(request), idOf(request.params)),
  );

  const acts = [
    { path: 'include', access: compile, required: false, flash: 'Выдвижение включено в муниципальный список.' },
    { path: 'exclude', access: compile, required: true, flash: 'Выдвижение отклонено: школа увидит комментарий.' },
    { path: 'support', access: decide, required: false, flash: 'Выдвижение поддержано.' },
    { path: 'refuse', access: decide, required: true, flash: 'В награждении отказано: школа увидит комментарий.' },
  ] as const;
  for (const act of acts) {
    const config: { access: RouteAccess } = act.access;
    app.post(`/recognition/nominations/:id/${act.path}`, { config }, async (request, reply) => {
      const actor = actorOf(request);
      const id = idOf(request.params);
      const values = formValues(request.body);
      const parsed = (act.required ? requiredCommentForm : optionalCommentForm).safeParse(values);
      if (!parsed.success) {
        // Someone outside the scope learns nothing from a form error: the page itself is 404 for it.
        return renderNomination(reply, actor, id, { values, errors: fieldErrors(parsed.error) }, 400);
      }
      const comment = parsed.data.comment;
      if (act.path === 'include' || act.path === 'exclude')
        await compileNomination(app.db, actor, id, act.path === 'include', comment);
      else await decideNomination(app.db, actor, id, act.path === 'support', comment);
      reply.flash('success', act.flash);
      return reply.redirect(`/recognition/nominations/${id}`, 303);
    });
  }

  const renderAwardForm = async (reply: FastifyReply, actor: Actor, state: FormState, status = 200) => {
    const mentors = await awardeesOf(app.db, actor.user);
    const chosen = state.values.mentor_id ? mentors.find((m) => String(m.id) === state.values.mentor_id) : undefined;
    return reply.render(
      'recognition/award-form',
      {
        title: 'Новая награда наставника',
        ...state,
        labels,
        kindOptions,
        levelOptions: awardLevelsFor(actor.user).map((value) => ({ value, label: AWARD_LEVEL_LABELS[value] })),
        mentorOptions: mentors.map((m) => ({ value: m.id, label: `${fullNameOf(m)} (${m.school_name})` })),
        backHref: chosen ? `/mentors/${chosen.id}` : '/recognition',
        breadcrumbs: [
          CRUMB,
          ...(chosen ? [{ label: fullNameOf(chosen), href: `/mentors/${chosen.id}` }] : []),
          { label: 'Новая награда' },
        ],
      },
      status,
    );
  };

  app.get('/recognition/awards/new', { config: record }, async (request, reply) => {
    const actor = actorOf(request);
    const { mentor } = newAwardQuery.parse(request.query ?? {});
    // A mentor named in the address must be one the actor sees (else 404).
    if (mentor !== undefined) await getAwardee(app.db, actor, mentor);
    return renderAwardForm(reply, actor, {
      values: { mentor_id: mentor === undefined ? '' : String(mentor), level: awardLevelsFor(actor.user)[0] ?? '' },
      errors: {},
    });
  });

  app.post('/recognition/awards', { config: record }, async (request, reply) => {
    const actor = actorOf(request);
    const values = formValues(request.body);
    const parsed = awardForm.safeParse(values);
    if (!parsed.success) return renderAwardForm(reply, actor, { values, errors: fieldErrors(parsed.error) }, 400);
    const result = await createAward(app.db, actor, parsed.data);
    if (!result.ok) return renderAwardForm(reply, actor, { values, errors: result.errors }, 400);
    reply.flash('success', 'Награда внесена в карточку наставника.');
    return reply.redirect(`/mentors/${parsed.data.mentor_id}`, 303);
  });
}
