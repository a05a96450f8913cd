import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import {
  canLogMeetings,
  canManagePair,
  canViewPerson,
  readsAsMentee,
  readsAsMentor,
  readsOwnPairs,
  seesMenteeDetails,
} from '../../access/policy.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, Meeting } from '../../db/types.js';
import { actorOf } from '../../http/actor.js';
import type { FieldErrors } from '../../http/forms.js';
import { todayIso } from '../../lib/dates.js';
import type { Actor } from '../audit/service.js';
import { MENTEE_CATEGORY_LABELS, MENTOR_CATEGORY_LABELS, MENTORING_FORM_LABELS } from '../people/labels.js';
import { FEEDBACK_FIELD_LABELS, menteeIdOf } from './feedback.js';
import { MEETING_FORMAT_LABELS, MEETING_TYPE_LABELS, PAIR_KIND_LABELS, PAIR_STAGE_LABELS, PAIR_STATUS_LABELS } from './labels.js';
import { completionBlockedReason, daysBetween, meetingsClosedReason } from './meetings.js';
import { pairPanels, tasksAndOrder } from './panels.js';
import { pairDiagnosticState } from '../impact/diagnostics.js';
import { OLYMPIAD_LEVEL_LABELS, OLYMPIAD_RESULT_LABELS, QUALIFICATION_LABELS } from '../impact/labels.js';
import { pairOutcomes } from '../impact/outcomes.js';
import { minorBornAfter } from '../people/rules.js';
import { meetingsWithFeedback, mentorsFromElsewhere, type PairMentee, type PairRow, pairMembersAndSides } from './queries.js';

/** Russian names a pair's pages need, passed to the views as `it.labels`. */
export const PAIR_VIEW_LABELS = {
  status: PAIR_STATUS_LABELS,
  stage: PAIR_STAGE_LABELS,
  kind: PAIR_KIND_LABELS,
  form: MENTORING_FORM_LABELS,
  meetingType: MEETING_TYPE_LABELS,
  meetingFormat: MEETING_FORMAT_LABELS,
  mentorCategory: MENTOR_CATEGORY_LABELS,
  menteeCategory: MENTEE_CATEGORY_LABELS,
  feedbackFields: FEEDBACK_FIELD_LABELS,
  olympiadLevel: OLYMPIAD_LEVEL_LABELS,
  olympiadResult: OLYMPIAD_RESULT_LABELS,
  qualification: QUALIFICATION_LABELS,
};

/** «7Б класс» for a student, the position for a teacher: how a mentee is described next to its name. */
export function menteeDetail(m: Pick<PairMentee, 'category' | 'class_or_position'>): string | null {
  if (!m.class_or_position) return null;
  return m.category === 'student' && /^\d/.test(m.class_or_position) ? `${m.class_or_position} класс` : m.class_or_position;
}

/** «Павлова Н. И.» for «Павлова Наталья Игоревна»; a short name for titles and cards. */
export function shortName(fullName: string): string {
  const [last, ...rest] = fullName.trim().split(/\s+/);
  if (!last || rest.length === 0) return fullName.trim();
  return `${last} ${rest.map((p) => `${p.charAt(0)}.`).join(' ')}`;
}

/** «Павлова Н. И. — Белов К. А., Смирнов И. П.»: how a pair is named in titles. */
export function pairTitle(mentors: { name: string }[], mentees: { name: string }[]): string {
  const side = (people: { name: string }[]) => (people.length ? people.map((p) => shortName(p.name)).join(', ') : '—');
  return `${side(mentors)} — ${side(mentees)}`;
}

export function pairCrumbs(user: CurrentUser, pair: { id: number }, title: string, last?: string) {
  const root = readsOwnPairs(user) ? { label: 'Мои пары', href: '/' } : { label: 'Пары и группы', href: '/pairs' };
  const own = last ? { label: title, href: `/pairs/${pair.id}` } : { label: title };
  return last ? [root, own, { label: last }] : [root, own];
}

interface MeetingView extends Meeting {
  feedback: Array<{ menteeId: number; menteeName: string; text: string | null; rating: number | null }>;
  own: { text: string; rating: number | null } | null;
}

/** A form on the pair page that came back with errors: which one, with the input kept. */
export interface InlineFormState {
  form: 'feedback' | 'reflection';
  meetingId?: number;
  values: Record<string, string>;
  errors: FieldErrors;
}

/** Everything the pair's page shows to this reader. */
export async function pairPageData(db: Kysely<Database>, actor: Actor, pair: PairRow, today: string) {
  const { mentors, mentees, sides } = await pairMembersAndSides(db, pair.id);
  const pairMentors = mentors.get(pair.id) ?? [];
  const pairMentees = mentees.get(pair.id) ?? [];
  const meetings = await meetingsWithFeedback(db, pair.id);
  const { tasks, order } = await tasksAndOrder(db, pair);
  const overdueTasks = tasks
    .filter((t) => t.done_on === null && t.due_on !== null && t.due_on < today)
    .map((t) => ({ id: t.id, title: t.title, due_on: t.due_on }))
    .sort((a, b) => (a.due_on! < b.due_on! ? -1 : a.due_on! > b.due_on! ? 1 : 0));
  const isMentor = readsAsMentor(actor.user);
  const canLog = canLogMeetings(actor.user, pair);
  const viewerMenteeId = readsAsMentee(actor.user) ? await menteeIdOf(db, actor.user.id, pair.id) : null;
  // A mentee reads its own feedback and reflection; the others' stay with the mentor and the school.
  const visibleMentees = viewerMenteeId === null ? pairMentees : pairMentees.filter((m) => m.id === viewerMenteeId);
  const meetingViews: MeetingView[] = meetings
    .map(({ feedback: rows, ...m }) => {
      const ownRow = viewerMenteeId === null ? undefined : rows.find((f) => f.mentee_id === viewerMenteeId);
      return {
        ...m,
        feedback: visibleMentees.map((mentee) => {
          const row = rows.find((f) => f.mentee_id === mentee.id);
          return { menteeId: mentee.id, menteeName: mentee.name, text: row?.text ?? null, rating: row?.rating ?? null };
        }),
        own: ownRow ? { text: ownRow.text, rating: ownRow.rating } : null,
      };
    })
    .reverse();
  const last = meetings.at(-1);
  const side = (menteeId: number) => sides.find((s) => s.mentee_id === menteeId);
  const isManager = canManagePair(actor.user, pair);
  const seesDetails = seesMenteeDetails(actor.user, pair);
  // A mentor of another school's base (issue 17): its organisation for everyone, its contacts for
  // those who keep the pair (as its own card shows them: not a minor's), its card only to its base's readers.
  const elsewhere = new Map((await mentorsFromElsewhere(db, pair)).map((m) => [m.id, m]));
  const bornAfter = minorBornAfter();
  return {
    pair,
    title: pairTitle(pairMentors, pairMentees),
    mentors: pairMentors.map((m) => {
      const other = elsewhere.get(m.id);
      const minor = other?.birth_date != null && other.birth_date > bornAfter;
      return {
        ...m,
        otherOrganization: other && !m.erased ? other.organization_name : null,
        contacts: other && seesDetails && !m.erased && !minor ? { phone: other.phone, email: other.email } : null,
        canOpenCard:
          seesDetails &&
          !m.erased &&
          canViewPerson(actor.user, {
            organization_id: other?.organization_id ?? pair.organization_id,
            municipality_id: pair.municipality_id,
          }),
      };
    }),
    mentees: pairMentees.map((m) => ({
      ...m,
      detail: menteeDetail(m),
      linkIssuedAt: side(m.id)?.feedback_token_created_at ?? null,
      // The link is for a mentee without an account, while the pair works; the curator issues it.
      canIssueLink: isManager && pair.status === 'active' && m.user_id === null && !m.erased,
    })),
    reflections: visibleMentees.map((m) => ({ name: m.name, ...pickReflection(side(m.id)) })),
    meetings: meetingViews,
    meetingCount: meetings.length,
    lastMeetingOn: last?.held_on ?? null,
    daysSinceLast: last ? daysBetween(last.held_on, today) : null,
    overdueTasks,
    canLog,
    closedReason: meetingsClosedReason(pair),
    canComplete: canLog && completionBlockedReason(pair, meetings) === null,
    hasFinal: meetings.some((m) => m.type === 'final'),
    seesDetails,
    viewerMenteeId,
    panels: await pairPanels(db, actor, pair, { tasks, order, isMentor }),
    // Issue 18: the programme's diagnostic before and after, the mentees' outcomes at the end
    diagnostic: await pairDiagnosticState(db, actor, pair, viewerMenteeId),
    outcomes: await pairOutcomes(db, actor, pair),
  };
}

function pickReflection(row: { reflection: string | null; satisfaction: number | null; reflection_at: Date | null } | undefined) {
  return {
    reflection: row?.reflection ?? null,
    satisfaction: row?.satisfaction ?? null,
    reflectionAt: row?.reflection_at ?? null,
  };
}

/** Renders the pair's page; `inline` carries a feedback or reflection form that came back with errors. */
export async function renderPairPage(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  pair: PairRow,
  inline: InlineFormState | null = null,
  status = 200,
) {
  const actor = actorOf(request);
  const data = await pairPageData(app.db, actor, pair, todayIso());
  return reply.render(
    'pairs/show',
    {
      ...data,
      title: data.title,
      inline,
      labels: PAIR_VIEW_LABELS,
      breadcrumbs: pairCrumbs(actor.user, pair, data.title),
    },
    status,
  );
}
