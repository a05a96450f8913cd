import { STATUS_AFTER_PAIR_HINT, STATUS_AFTER_PAIR_OPTIONS } from './people-status.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MODULE_ROLES } from '../../access/policy.js';
import { actorOf } from '../../http/actor.js';
import { NotFoundError } from '../../http/errors.js';
import { type FieldErrors, formValues } from '../../http/forms.js';
import { parseDate, todayIso } from '../../lib/dates.js';
import { qrSvg } from '../../lib/qr.js';
import { auditActor } from '../audit/service.js';
import {
  accountFeedbackTarget,
  type FeedbackLink,
  FEEDBACK_FIELD_LABELS,
  feedbackLinkPath,
  issueFeedbackLink,
  linkMentee,
  lookupFeedbackLink,
  menteeFeedbackView,
  saveFeedback,
  saveReflection,
} from './feedback.js';
import {
  COMPLETION_FIELD_LABELS,
  completablePair,
  completePair,
  findMeeting,
  logNotes,
  MEETING_FIELD_LABELS,
  type MeetingInput,
  openLoggingPair,
  pairMeetings,
  saveMeeting,
  sequenceWarnings,
} from './meetings.js';
import { linkDiagnosticState } from '../impact/diagnostics.js';
import { type InlineFormState, PAIR_VIEW_LABELS, pairCrumbs, pairTitle, renderPairPage } from './pair-page.js';
import { pairMembers, pairMembersAndSides, type PairRow } from './queries.js';
import { MEETING_TYPES } from './labels.js';

const log = { access: { roles: MODULE_ROLES.meetingsLog } };
const manage = { access: { roles: MODULE_ROLES.pairsManage } };
const menteeOnly = { access: { roles: MODULE_ROLES.meetingFeedback } };
/** The personal feedback link: no account; the token is the only key, to this mentee's pair only. */
const link = { access: 'public' as const };

const ids = z.object({
  id: z.coerce.number().int().positive().max(2_147_483_647),
  meetingId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  menteeId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
});

function idsFrom(params: unknown) {
  const parsed = ids.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return { id: parsed.data.id, meetingId: parsed.data.meetingId ?? 0, menteeId: parsed.data.menteeId ?? 0 };
}

const meetingIdParam = z.object({ meetingId: z.coerce.number().int().positive().max(2_147_483_647) });

function tokenFrom(params: unknown): string {
  const token = (params as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : '';
}

/** A freshly issued feedback link goes to the page that shows it once in a short-lived signed cookie, as the password links do. */

function linkPagePath(pairId: number, menteeId: number): string {
  return `/pairs/${pairId}/mentees/${menteeId}/feedback-link`;
}

function meetingValues(m: MeetingInput | Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(m)) if (value !== null && value !== undefined) values[key] = String(value);
  return values;
}

export async function meetingRoutes(app: FastifyInstance): Promise<void> {
  // -------------------------------------------------------------------------------------------
  // Logging meetings: the pair's mentor or the school's curator, while the pair is active

  const renderMeetingForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    pair: PairRow,
    state: { meetingId: number | null; values: Record<string, string>; errors: FieldErrors },
    status = 200,
  ) => {
    const { mentors, mentees } = await pairMembers(app.db, [pair.id]);
    const title = pairTitle(mentors.get(pair.id) ?? [], mentees.get(pair.id) ?? []);
    const meetings = (await pairMeetings(app.db, pair.id)).filter((m) => m.id !== state.meetingId);
    const type = MEETING_TYPES.find((t) => t === state.values.type);
    const heldOn = parseDate(state.values.held_on ?? '');
    // On a form that came back: what would be unusual about this very meeting; on a fresh one, what the log lacks.
    const notes = type && heldOn ? sequenceWarnings(meetings, { type, held_on: heldOn }) : logNotes(meetings);
    const heading = state.meetingId === null ? 'Записать встречу' : 'Изменить запись о встрече';
    return reply.render(
      'pairs/meeting-form',
      {
        title: `${heading}: ${title}`,
        heading,
        pairTitle: title,
        pair,
        meetingId: state.meetingId,
        values: state.values,
        errors: state.errors,
        notes,
        today: todayIso(),
        // The messages about the mentor's feedback name it already: no label in front of them.
        fieldLabels: { ...MEETING_FIELD_LABELS, mentor_feedback: undefined },
        labels: PAIR_VIEW_LABELS,
        action:
          state.meetingId === null ? `/pairs/${pair.id}/meetings/new` : `/pairs/${pair.id}/meetings/${state.meetingId}/edit`,
        breadcrumbs: pairCrumbs(actorOf(request).user, pair, title, heading),
      },
      status,
    );
  };

  const afterSave = (reply: FastifyReply, pairId: number, meetingId: number, created: boolean, warnings: string[]) => {
    const done = created ? 'Встреча записана.' : 'Изменения сохранены.';
    if (warnings.length) reply.flash('info', `${done} Обратите внимание: ${warnings.join(' ')}`);
    else reply.flash('success', done);
    return reply.redirect(`/pairs/${pairId}#meeting-${meetingId}`, 303);
  };

  app.get('/pairs/:id/meetings/new', { config: log }, async (request, reply) => {
    const pair = await openLoggingPair(app.db, actorOf(request), idsFrom(request.params).id);
    return renderMeetingForm(request, reply, pair, {
      meetingId: null,
      values: { held_on: todayIso(), format: 'in_person', duration_minutes: '45' },
      errors: {},
    });
  });

  app.post('/pairs/:id/meetings/new', { config: log }, async (request, reply) => {
    const actor = actorOf(request);
    const pair = await openLoggingPair(app.db, actor, idsFrom(request.params).id);
    const values = formValues(request.body);
    const result = await saveMeeting(app.db, actor, pair, null, values, todayIso());
    if (!result.ok) return renderMeetingForm(request, reply, pair, { meetingId: null, values, errors: result.errors }, 400);
    return afterSave(reply, pair.id, result.id, true, result.warnings);
  });

  app.get('/pairs/:id/meetings/:meetingId/edit', { config: log }, async (request, reply) => {
    const { id, meetingId } = idsFrom(request.params);
    const pair = await openLoggingPair(app.db, actorOf(request), id);
    const meeting = await findMeeting(app.db, pair.id, meetingId);
    const { type, held_on, duration_minutes, format, topic, summary, mentor_feedback } = meeting;
    return renderMeetingForm(request, reply, pair, {
      meetingId,
      values: meetingValues({ type, held_on, duration_minutes, format, topic, summary, mentor_feedback }),
      errors: {},
    });
  });

  app.post('/pairs/:id/meetings/:meetingId/edit', { config: log }, async (request, reply) => {
    const actor = actorOf(request);
    const { id, meetingId } = idsFrom(request.params);
    const pair = await openLoggingPair(app.db, actor, id);
    await findMeeting(app.db, pair.id, meetingId);
    const values = formValues(request.body);
    const result = await saveMeeting(app.db, actor, pair, meetingId, values, todayIso());
    if (!result.ok) return renderMeetingForm(request, reply, pair, { meetingId, values, errors: result.errors }, 400);
    return afterSave(reply, pair.id, result.id, false, result.warnings);
  });

  // -------------------------------------------------------------------------------------------
  // Completing the pair after its final meeting

  const renderCompletion = async (
    request: FastifyRequest,
    reply: FastifyReply,
    pair: PairRow,
    values: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ) => {
    const { mentors, mentees, sides } = await pairMembersAndSides(app.db, pair.id);
    const title = pairTitle(mentors.get(pair.id) ?? [], mentees.get(pair.id) ?? []);
    return reply.render(
      'pairs/complete',
      {
        title: `Завершение: ${title}`,
        pairTitle: title,
        pair,
        values,
        errors,
        today: todayIso(),
        fieldLabels: COMPLETION_FIELD_LABELS,
        statusAfter: { options: STATUS_AFTER_PAIR_OPTIONS, hint: STATUS_AFTER_PAIR_HINT },
        labels: PAIR_VIEW_LABELS,
        mentees: (mentees.get(pair.id) ?? []).map((m) => {
          const side = sides.find((s) => s.mentee_id === m.id);
          return { name: m.name, satisfaction: side?.satisfaction ?? null, reflectionAt: side?.reflection_at ?? null };
        }),
        breadcrumbs: pairCrumbs(actorOf(request).user, pair, title, 'Завершение'),
      },
      status,
    );
  };

  app.get('/pairs/:id/complete', { config: log }, async (request, reply) => {
    const { pair } = await completablePair(app.db, actorOf(request), idsFrom(request.params).id);
    return renderCompletion(request, reply, pair, { completed_on: todayIso(), people_status: 'potential' }, {});
  });

  app.post('/pairs/:id/complete', { config: log }, async (request, reply) => {
    const actor = actorOf(request);
    const { pair, meetings } = await completablePair(app.db, actor, idsFrom(request.params).id);
    const values = formValues(request.body);
    const result = await completePair(app.db, actor, pair, meetings, values, todayIso());
    if (!result.ok) return renderCompletion(request, reply, pair, values, result.errors, 400);
    reply.flash('success', 'Пара завершена. Спасибо за работу!');
    return reply.redirect(`/pairs/${pair.id}`, 303);
  });

  // -------------------------------------------------------------------------------------------
  // A mentee with an account: feedback on each meeting, reflection after the final one

  app.post('/pairs/:id/meetings/:meetingId/feedback', { config: menteeOnly }, async (request, reply) => {
    const actor = actorOf(request);
    const { id, meetingId } = idsFrom(request.params);
    const { pair, target } = await accountFeedbackTarget(app.db, actor, id);
    const values = formValues(request.body);
    const result = await saveFeedback(app.db, auditActor(actor), target, meetingId, values, 'account');
    if (!result.ok)
      return renderPairPage(app, request, reply, pair, { form: 'feedback', meetingId, values, errors: result.errors }, 400);
    reply.flash('success', 'Спасибо! Отзыв о встрече сохранён.');
    return reply.redirect(`/pairs/${pair.id}#meeting-${meetingId}`, 303);
  });

  app.post('/pairs/:id/reflection', { config: menteeOnly }, async (request, reply) => {
    const actor = actorOf(request);
    const { pair, target } = await accountFeedbackTarget(app.db, actor, idsFrom(request.params).id);
    const values = formValues(request.body);
    const result = await saveReflection(app.db, auditActor(actor), target, values);
    if (!result.ok) return renderPairPage(app, request, reply, pair, { form: 'reflection', values, errors: result.errors }, 400);
    reply.flash('success', 'Спасибо! Ваша оценка работы в паре сохранена.');
    return reply.redirect(`/pairs/${pair.id}#reflection`, 303);
  });

  // -------------------------------------------------------------------------------------------
  // The personal link of a mentee without an account: issued by the curator, shown once

  app.post('/pairs/:id/mentees/:menteeId/feedback-link', { config: manage }, async (request, reply) => {
    const { id, menteeId } = idsFrom(request.params);
    const token = await issueFeedbackLink(app.db, actorOf(request), id, menteeId);
    reply.setCookie(app.cookieNames.feedbackLink, JSON.stringify({ pairId: id, menteeId, token }), {
      path: linkPagePath(id, menteeId),
      httpOnly: true,
      sameSite: 'strict',
      signed: true,
      maxAge: 300,
      secure: app.config.cookieSecure,
    });
    return reply.redirect(linkPagePath(id, menteeId), 303);
  });

  app.get('/pairs/:id/mentees/:menteeId/feedback-link', { config: manage }, async (request, reply) => {
    const { id, menteeId } = idsFrom(request.params);
    const { pair, mentee } = await linkMentee(app.db, actorOf(request), id, menteeId);
    const url = takeIssuedLink(request, reply, id, menteeId);
    const { mentors, mentees } = await pairMembers(app.db, [pair.id]);
    const title = pairTitle(mentors.get(pair.id) ?? [], mentees.get(pair.id) ?? []);
    reply.header('cache-control', 'no-store');
    return reply.render('pairs/feedback-link', {
      title: `Ссылка для отзыва: ${mentee.name}`,
      pair,
      mentee,
      url,
      qr: url ? qrSvg(url, `QR-код личной ссылки: ${mentee.name}`) : null,
      mentorNames: (mentors.get(pair.id) ?? []).map((m) => m.name),
      breadcrumbs: pairCrumbs(actorOf(request).user, pair, title, 'Ссылка для отзыва'),
    });
  });

  // -------------------------------------------------------------------------------------------
  // The link's own page, without an account

  /** The link's mentee and pair, or the «no longer valid» page: 404 for an unknown token, 410 for an ended pair. */
  const linkOr = async (request: FastifyRequest, reply: FastifyReply): Promise<FeedbackLink | null> => {
    reply.header('cache-control', 'no-store');
    const found = await lookupFeedbackLink(app.db, tokenFrom(request.params));
    if (found.state === 'valid') return found.link;
    await reply.render(
      'pairs/feedback-invalid',
      { title: 'Ссылка больше не действует', ended: found.state === 'ended' },
      found.state === 'ended' ? 410 : 404,
    );
    return null;
  };

  const renderLinkPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    target: FeedbackLink,
    inline: InlineFormState | null,
    status = 200,
  ) => {
    const view = await menteeFeedbackView(app.db, target);
    return reply.render(
      'pairs/feedback-page',
      {
        title: 'Отзыв о встречах с наставником',
        ...view,
        firstName: target.firstName,
        schoolName: target.schoolName,
        basePath: feedbackLinkPath(tokenFrom(request.params)),
        diagnostic: await linkDiagnosticState(app.db, target),
        inline,
        labels: PAIR_VIEW_LABELS,
        fieldLabels: FEEDBACK_FIELD_LABELS,
      },
      status,
    );
  };

  app.get('/feedback/:token', { config: link }, async (request, reply) => {
    const target = await linkOr(request, reply);
    if (!target) return reply;
    return renderLinkPage(request, reply, target, null);
  });

  app.post('/feedback/:token/meetings/:meetingId', { config: link }, async (request, reply) => {
    const parsed = meetingIdParam.safeParse(request.params);
    if (!parsed.success) throw new NotFoundError();
    const target = await linkOr(request, reply);
    if (!target) return reply;
    const values = formValues(request.body);
    const { meetingId } = parsed.data;
    const result = await saveFeedback(app.db, { userId: null, ip: request.ip }, target, meetingId, values, 'link');
    if (!result.ok)
      return renderLinkPage(request, reply, target, { form: 'feedback', meetingId, values, errors: result.errors }, 400);
    reply.flash('success', 'Спасибо! Отзыв о встрече сохранён.');
    return reply.redirect(feedbackLinkPath(tokenFrom(request.params)), 303);
  });

  app.post('/feedback/:token/reflection', { config: link }, async (request, reply) => {
    const target = await linkOr(request, reply);
    if (!target) return reply;
    const values = formValues(request.body);
    const result = await saveReflection(app.db, { userId: null, ip: request.ip }, target, values);
    if (!result.ok) return renderLinkPage(request, reply, target, { form: 'reflection', values, errors: result.errors }, 400);
    reply.flash('success', 'Спасибо! Ваша оценка работы в паре сохранена.');
    return reply.redirect(feedbackLinkPath(tokenFrom(request.params)), 303);
  });
}

/** The link issued just before the redirect, once; null when it was already shown (or is for another mentee). */
function takeIssuedLink(request: FastifyRequest, reply: FastifyReply, pairId: number, menteeId: number): string | null {
  const name = request.server.cookieNames.feedbackLink;
  const raw = request.cookies[name];
  if (!raw) return null;
  reply.clearCookie(name, { path: linkPagePath(pairId, menteeId), secure: request.server.config.cookieSecure });
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const value = JSON.parse(unsigned.value) as { pairId: number; menteeId: number; token: string };
    if (value.pairId !== pairId || value.menteeId !== menteeId || typeof value.token !== 'string') return null;
    const base = request.server.config.publicUrl ?? `${request.protocol}://${request.host}`;
    return new URL(feedbackLinkPath(value.token), base).toString();
  } catch {
    return null;
  }
}
