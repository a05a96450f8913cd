import type { Kysely } from 'kysely';
import { z } from 'zod';
import { canManagePair } from '../../access/policy.js';
import { generateToken, hashToken } from '../../auth/tokens.js';
import type { Database, MeetingType } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors, requiredText } from '../../http/forms.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { lastFinal, scoreField } from './meetings.js';
import type { PairRow } from './queries.js';
import { loadPair } from './service.js';

/**
 * The mentees' side of a pair: feedback on each meeting and, after the final meeting, their
 * reflection and satisfaction. A mentee with an account gives them in the portal; a mentee
 * without one (a student) through a personal link the curator hands over: a random token, only
 * its SHA-256 stored (as for the one-time password links), good for that mentee's pair while
 * the pair is active, and for nothing else: it never signs anyone in.
 */

export const FEEDBACK_FIELD_LABELS: Record<string, string> = {
  text: 'Отзыв о встрече',
  rating: 'Оценка встречи',
  reflection: 'Что дала работа в паре',
  satisfaction: 'Удовлетворённость работой в паре',
};

const feedbackForm = z.object({
  text: requiredText(4000, 'Напишите отзыв о встрече', 'Отзыв о встрече'),
  rating: scoreField('Оценка встречи', false),
});
export type FeedbackInput = z.output<typeof feedbackForm>;

const reflectionForm = z.object({
  reflection: requiredText(4000, 'Напишите, что дала вам работа в паре', 'Что дала работа в паре'),
  satisfaction: scoreField('Удовлетворённость работой в паре', true),
});
export type ReflectionInput = z.output<typeof reflectionForm>;

/** The pair and the mentee whose feedback is being given, however it arrives. */
export interface FeedbackTarget {
  pairId: number;
  menteeId: number;
  organizationId: number;
  municipalityId: number | null;
}

type Parsed<T> = { ok: true; input: T } | { ok: false; errors: FieldErrors };

function parse<T>(schema: z.ZodType<T>, raw: Record<string, string>): Parsed<T> {
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, errors: fieldErrors(parsed.error) };
}

/**
 * Stores the mentee's feedback on one meeting of its pair: one per meeting, replaced when given
 * again. A meeting of another pair is 404.
 */
export async function saveFeedback(
  db: Kysely<Database>,
  who: { userId: number | null; ip: string | null },
  target: FeedbackTarget,
  meetingId: number,
  raw: Record<string, string>,
  via: 'account' | 'link',
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const meeting = await db
    .selectFrom('meetings')
    .select('id')
    .where('id', '=', meetingId)
    .where('pair_id', '=', target.pairId)
    .executeTakeFirst();
  if (!meeting) throw new NotFoundError();
  const parsed = parse(feedbackForm, raw);
  if (!parsed.ok) return parsed;
  const { text, rating } = parsed.input;
  await db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('meeting_feedback')
      .select(['text', 'rating'])
      .where('meeting_id', '=', meetingId)
      .where('mentee_id', '=', target.menteeId)
      .executeTakeFirst();
    await trx
      .insertInto('meeting_feedback')
      .values({ meeting_id: meetingId, mentee_id: target.menteeId, text, rating, via })
      .onConflict((oc) => oc.columns(['meeting_id', 'mentee_id']).doUpdateSet({ text, rating, via, submitted_at: new Date() }))
      .execute();
    await recordAudit(trx, who, {
      action: existing ? 'update' : 'create',
      entityType: 'meeting_feedback',
      entityId: `${meetingId}:${target.menteeId}`,
      organizationId: target.organizationId,
      municipalityId: target.municipalityId,
      changedFields: existing
        ? (['text', 'rating'] as const).filter((f) => existing[f] !== parsed.input[f])
        : ['text', 'rating', 'via'],
    });
  });
  return { ok: true };
}

/** Stores the mentee's reflection and satisfaction; only once the final meeting is logged (else 409). */
export async function saveReflection(
  db: Kysely<Database>,
  who: { userId: number | null; ip: string | null },
  target: FeedbackTarget,
  raw: Record<string, string>,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const finals = await db
    .selectFrom('meetings')
    .select(['id', 'type', 'held_on'])
    .where('pair_id', '=', target.pairId)
    .where('type', '=', 'final')
    .execute();
  if (!lastFinal(finals)) throw new ConflictError('Рефлексию и оценку работы в паре заполняют после итоговой встречи.');
  const parsed = parse(reflectionForm, raw);
  if (!parsed.ok) return parsed;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('pair_mentees')
      .set({ ...parsed.input, reflection_at: new Date() })
      .where('pair_id', '=', target.pairId)
      .where('mentee_id', '=', target.menteeId)
      .execute();
    await recordAudit(trx, who, {
      action: 'update',
      entityType: 'pair',
      entityId: target.pairId,
      organizationId: target.organizationId,
      municipalityId: target.municipalityId,
      changedFields: ['reflection', 'satisfaction'],
    });
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// A mentee with an account

/** The record of the bases through which the user is a mentee of the pair, if it is. */
export async function menteeIdOf(db: Kysely<Database>, userId: number, pairId: number): Promise<number | null> {
  const row = await db
    .selectFrom('pair_mentees')
    .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
    .select('mentees.id')
    .where('pair_mentees.pair_id', '=', pairId)
    .where('mentees.user_id', '=', userId)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The pair on which a signed-in mentee gives feedback: outside its scope 404; a pair it is not a
 * mentee of 403; given while the pair works (edits too), else 409.
 */
export async function accountFeedbackTarget(
  db: Kysely<Database>,
  actor: Actor,
  pairId: number,
): Promise<{ pair: PairRow; target: FeedbackTarget }> {
  const pair = await loadPair(db, actor, pairId);
  const menteeId = await menteeIdOf(db, actor.user.id, pair.id);
  if (menteeId === null) throw new ForbiddenError('Отзыв о встречах оставляют наставляемые пары.');
  if (pair.status !== 'active') throw new ConflictError('Работа пары закончена: отзывы больше не принимаются.');
  return {
    pair,
    target: { pairId: pair.id, menteeId, organizationId: pair.organization_id, municipalityId: pair.municipality_id },
  };
}

// ---------------------------------------------------------------------------------------------
// The personal link of a mentee without an account

export const FEEDBACK_TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export function feedbackLinkPath(token: string): string {
  return `/feedback/${token}`;
}

/**
 * The school's curator issues (or reissues) a mentee's personal link; the earlier one stops
 * working. Only for an active pair and a mentee without an account. Returns the token, which is
 * shown once and never stored.
 */
export async function issueFeedbackLink(db: Kysely<Database>, actor: Actor, pairId: number, menteeId: number): Promise<string> {
  const pair = await loadPair(db, actor, pairId);
  if (!canManagePair(actor.user, pair)) throw new ForbiddenError('Ссылку для отзыва выдаёт куратор школы.');
  const mentee = await db
    .selectFrom('pair_mentees')
    .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
    .select(['mentees.id', 'mentees.user_id', 'mentees.erased_at'])
    .where('pair_mentees.pair_id', '=', pair.id)
    .where('pair_mentees.mentee_id', '=', menteeId)
    .executeTakeFirst();
  if (!mentee) throw new NotFoundError();
  if (pair.status !== 'active') throw new ConflictError('Ссылку для отзыва выдают, пока пара активна.');
  if (mentee.erased_at !== null) throw new ConflictError('Персональные данные наставляемого удалены: ссылка ему не нужна.');
  if (mentee.user_id !== null)
    throw new ConflictError('У наставляемого есть учётная запись: отзывы он оставляет в портале, ссылка не нужна.');
  const token = generateToken();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('pair_mentees')
      .set({ feedback_token_hash: hashToken(token), feedback_token_created_at: new Date() })
      .where('pair_id', '=', pair.id)
      .where('mentee_id', '=', menteeId)
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'pair',
      entityId: pair.id,
      organizationId: pair.organization_id,
      municipalityId: pair.municipality_id,
      changedFields: ['feedback_token_hash'],
    });
  });
  return token;
}

/** A mentee of the pair, for the page that shows a freshly issued link (its name only). */
export async function linkMentee(db: Kysely<Database>, actor: Actor, pairId: number, menteeId: number) {
  const pair = await loadPair(db, actor, pairId);
  if (!canManagePair(actor.user, pair)) throw new ForbiddenError('Ссылку для отзыва выдаёт куратор школы.');
  const mentee = await db
    .selectFrom('pair_mentees')
    .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
    .select([
      'mentees.id',
      'mentees.last_name',
      'mentees.first_name',
      'mentees.middle_name',
      'mentees.class_name',
      'pair_mentees.feedback_token_created_at',
    ])
    .where('pair_mentees.pair_id', '=', pair.id)
    .where('pair_mentees.mentee_id', '=', menteeId)
    .executeTakeFirst();
  if (!mentee) throw new NotFoundError();
  return {
    pair,
    mentee: { ...mentee, name: [mentee.last_name, mentee.first_name, mentee.middle_name].filter(Boolean).join(' ') },
  };
}

export interface FeedbackLink extends FeedbackTarget {
  firstName: string;
  schoolName: string;
}

export type LinkLookup = { state: 'valid'; link: FeedbackLink } | { state: 'ended' } | { state: 'unknown' };

/**
 * The link's mentee and pair. Looked up by the token's hash (an indexed equality, no comparison
 * of secrets in code); a malformed or unknown token is 'unknown', a pair no longer active 'ended'.
 */
export async function lookupFeedbackLink(db: Kysely<Database>, token: string): Promise<LinkLookup> {
  if (!FEEDBACK_TOKEN_PATTERN.test(token)) return { state: 'unknown' };
  const row = await db
    .selectFrom('pair_mentees')
    .innerJoin('pairs', 'pairs.id', 'pair_mentees.pair_id')
    .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
    .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
    .select([
      'pair_mentees.pair_id',
      'pair_mentees.mentee_id',
      'pairs.status',
      'pairs.organization_id',
      'organizations.municipality_id',
      'organizations.short_name',
      'mentees.first_name',
      'mentees.erased_at',
    ])
    .where('pair_mentees.feedback_token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.erased_at !== null) return { state: 'unknown' };
  if (row.status !== 'active') return { state: 'ended' };
  return {
    state: 'valid',
    link: {
      pairId: row.pair_id,
      menteeId: row.mentee_id,
      organizationId: row.organization_id,
      municipalityId: row.municipality_id,
      firstName: row.first_name,
      schoolName: row.short_name,
    },
  };
}

export interface MenteeMeetingView {
  id: number;
  type: MeetingType;
  held_on: string;
  topic: string;
  feedback: { text: string; rating: number | null } | null;
}

/** What the mentee's feedback page shows: the meetings (topic, date, type), its own feedback, the mentors' names. */
export async function menteeFeedbackView(db: Kysely<Database>, target: FeedbackTarget) {
  const meetings = await db
    .selectFrom('meetings')
    .leftJoin('meeting_feedback', (join) =>
      join.onRef('meeting_feedback.meeting_id', '=', 'meetings.id').on('meeting_feedback.mentee_id', '=', target.menteeId),
    )
    .select([
      'meetings.id',
      'meetings.type',
      'meetings.held_on',
      'meetings.topic',
      'meeting_feedback.text',
      'meeting_feedback.rating',
    ])
    .where('meetings.pair_id', '=', target.pairId)
    .orderBy('meetings.held_on')
    .orderBy('meetings.id')
    .execute();
  const mentors = await db
    .selectFrom('pair_mentors')
    .innerJoin('mentors', 'mentors.id', 'pair_mentors.mentor_id')
    .select(['mentors.last_name', 'mentors.first_name', 'mentors.middle_name', 'mentors.erased_at'])
    .where('pair_mentors.pair_id', '=', target.pairId)
    .orderBy('mentors.last_name')
    .execute();
  const own = await db
    .selectFrom('pair_mentees')
    .select(['reflection', 'satisfaction', 'reflection_at'])
    .where('pair_id', '=', target.pairId)
    .where('mentee_id', '=', target.menteeId)
    .executeTakeFirstOrThrow();
  const views: MenteeMeetingView[] = meetings.map((m) => ({
    id: m.id,
    type: m.type,
    held_on: m.held_on,
    topic: m.topic,
    feedback: m.text === null ? null : { text: m.text, rating: m.rating },
  }));
  return {
    waiting: views.filter((m) => m.feedback === null),
    answered: views.filter((m) => m.feedback !== null),
    mentorNames: mentors
      .filter((m) => m.erased_at === null)
      .map((m) => [m.last_name, m.first_name, m.middle_name].filter(Boolean).join(' ')),
    hasFinal: meetings.some((m) => m.type === 'final'),
    reflection: own,
  };
}
