/**
 * Answering a survey, once per invitation: a mentor or mentee with an account in the portal, or a
 * participant without one (a student, as a rule) through a personal link the school's curator
 * hands out — a random token of which only the SHA-256 is stored, good for that one
 * questionnaire and for nothing else: it never signs anyone in.
 *
 * Anonymity: the response is stored apart from the invitation and never linked back to it. The
 * invitation only learns the day it was answered (so that each answers once); the response knows
 * the school, the audience, whether the respondent is a minor, the mean satisfaction and the day.
 * Its audit line names the response and nobody: no user, no address, no invitation.
 */

import type { Kysely } from 'kysely';
import { canIssueSurveyLinks, surveyAudienceOf } from '../../access/policy.js';
import { generateToken, hashToken } from '../../auth/tokens.js';
import type { Database, SurveyAudience } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { ageOn, DEFAULT_TIME_ZONE, todayIso } from '../../lib/dates.js';
import { formatDate } from '../../lib/ru.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { type QuestionRow, type SurveyRow, templateQuestions } from './queries.js';
import { parseAnswers } from './schemas.js';

/** An invitation with what answering needs: its survey, and whether its person is a minor. */
export interface AnswerTarget {
  invitationId: number;
  organizationId: number;
  schoolName: string;
  answeredOn: string | null;
  /** The municipality's time zone: whose «today» opens and closes the survey, also for a link without a session. */
  timeZone: string;
  survey: {
    id: number;
    title: string;
    opens_on: string;
    closes_on: string;
    municipality_id: number;
    template_id: number;
    audience: SurveyAudience;
    description: string | null;
  };
  person: { firstName: string; category: string; birthDate: string | null };
}

/** Today on the calendar of the survey's municipality. */
export function todayOf(target: AnswerTarget, now = new Date()): string {
  return todayIso(now, target.timeZone);
}

/** Whether the answers are those of a minor: a student (mentee or mentor), or under 18 on the day. */
export function isMinor(target: AnswerTarget, day: string): boolean {
  if (target.person.category === 'student') return true;
  return target.person.birthDate !== null && ageOn(target.person.birthDate, day) < 18;
}

export type AnswerState = 'open' | 'answered' | 'planned' | 'finished';

export function answerState(target: AnswerTarget, today: string): AnswerState {
  if (target.answeredOn !== null) return 'answered';
  if (today < target.survey.opens_on) return 'planned';
  if (today > target.survey.closes_on) return 'finished';
  return 'open';
}

/** Why the answers are not taken now (the page's message and the 409's), or null when they are. */
export function closedReason(state: AnswerState, target: AnswerTarget): string | null {
  switch (state) {
    case 'answered':
      return 'Вы уже ответили на эту анкету. Спасибо! Ответить можно только один раз.';
    case 'planned':
      return `Опрос ещё не начался: ответы принимаются с ${formatDate(target.survey.opens_on)} по ${formatDate(target.survey.closes_on)}.`;
    case 'finished':
      return `Опрос завершён ${formatDate(target.survey.closes_on)}: ответы больше не принимаются.`;
    case 'open':
      return null;
  }
}

function invitationQuery(db: Kysely<Database>) {
  return db
    .selectFrom('survey_invitations')
    .innerJoin('surveys', 'surveys.id', 'survey_invitations.survey_id')
    .innerJoin('survey_templates', 'survey_templates.id', 'surveys.template_id')
    .innerJoin('organizations', 'organizations.id', 'survey_invitations.organization_id')
    .innerJoin('organizations as municipality', 'municipality.id', 'surveys.municipality_id')
    .leftJoin('mentors', 'mentors.id', 'survey_invitations.mentor_id')
    .leftJoin('mentees', 'mentees.id', 'survey_invitations.mentee_id')
    .select([
      'survey_invitations.id as invitation_id',
      'survey_invitations.organization_id',
      'survey_invitations.answered_on',
      'organizations.short_name as school_name',
      'municipality.time_zone',
      'surveys.id as survey_id',
      'surveys.title',
      'surveys.opens_on',
      'surveys.closes_on',
      'surveys.municipality_id',
      'surveys.template_id',
      'survey_templates.audience',
      'survey_templates.description',
      'mentors.first_name as mentor_first_name',
      'mentors.category as mentor_category',
      'mentors.birth_date as mentor_birth_date',
      'mentors.erased_at as mentor_erased_at',
      'mentees.first_name as mentee_first_name',
      'mentees.category as mentee_category',
      'mentees.birth_date as mentee_birth_date',
      'mentees.erased_at as mentee_erased_at',
    ]);
}

type InvitationRow = NonNullable<Awaited<ReturnType<ReturnType<typeof invitationQuery>['executeTakeFirst']>>>;

function targetOf(row: InvitationRow): AnswerTarget | null {
  const mentor = row.mentor_category !== null;
  if ((mentor ? row.mentor_erased_at : row.mentee_erased_at) !== null) return null;
  return {
    invitationId: row.invitation_id,
    organizationId: row.organization_id,
    schoolName: row.school_name,
    answeredOn: row.answered_on,
    timeZone: row.time_zone ?? DEFAULT_TIME_ZONE,
    survey: {
      id: row.survey_id,
      title: row.title,
      opens_on: row.opens_on,
      closes_on: row.closes_on,
      municipality_id: row.municipality_id,
      template_id: row.template_id,
      audience: row.audience,
      description: row.description,
    },
    person: {
      firstName: (mentor ? row.mentor_first_name : row.mentee_first_name) ?? '',
      category: (mentor ? row.mentor_category : row.mentee_category) ?? '',
      birthDate: mentor ? row.mentor_birth_date : row.mentee_birth_date,
    },
  };
}

/** The invitation of a signed-in mentor or mentee (through its record of the bases); 404 when it is not invited. */
export async function accountTarget(db: Kysely<Database>, actor: Actor, surveyId: number): Promise<AnswerTarget> {
  const audience = surveyAudienceOf(actor.user);
  if (audience === null) throw new NotFoundError();
  const row = await invitationQuery(db)
    .where('survey_invitations.survey_id', '=', surveyId)
    .where(audience === 'mentor' ? 'mentors.user_id' : 'mentees.user_id', '=', actor.user.id)
    .orderBy('survey_invitations.id')
    .executeTakeFirst();
  const target = row ? targetOf(row) : null;
  if (!target) throw new NotFoundError();
  return target;
}

export const SURVEY_TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export function surveyLinkPath(token: string): string {
  return `/survey-link/${token}`;
}

/** The invitation of a personal link, by the token's hash; null for a malformed or unknown one. */
export async function linkTarget(db: Kysely<Database>, token: string): Promise<AnswerTarget | null> {
  if (!SURVEY_TOKEN_PATTERN.test(token)) return null;
  const row = await invitationQuery(db).where('survey_invitations.token_hash', '=', hashToken(token)).executeTakeFirst();
  return row ? targetOf(row) : null;
}

export function questionsOf(db: Kysely<Database>, target: AnswerTarget): Promise<QuestionRow[]> {
  return templateQuestions(db, target.survey.template_id);
}

/**
 * Stores the answers: the invitation is marked answered (only if it was not: a second answer is a
 * 409), the response and its answers are written, and an audit line that names no one — all in
 * one transaction. Form errors come back without anything written.
 */
export async function submitAnswers(
  db: Kysely<Database>,
  target: AnswerTarget,
  values: Record<string, string>,
  via: 'account' | 'link',
  today: string,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const reason = closedReason(answerState(target, today), target);
  if (reason) throw new ConflictError(reason);
  const questions = await questionsOf(db, target);
  const parsed = parseAnswers(questions, values);
  if (!parsed.ok) return parsed;
  await db.transaction().execute(async (trx) => {
    const marked = await trx
      .updateTable('survey_invitations')
      .set({ answered_on: today })
      .where('id', '=', target.invitationId)
      .where('answered_on', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!marked) throw new ConflictError(closedReason('answered', target) ?? '');
    const response = await trx
      .insertInto('survey_responses')
      .values({
        survey_id: target.survey.id,
        organization_id: target.organizationId,
        audience: target.survey.audience,
        is_minor: isMinor(target, today),
        satisfaction: parsed.input.satisfaction,
        via,
        submitted_on: today,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (parsed.input.answers.length) {
      await trx
        .insertInto('survey_answers')
        .values(parsed.input.answers.map((a) => ({ response_id: response.id, ...a })))
        .execute();
    }
    await recordAudit(
      trx,
      { userId: null, ip: null },
      {
        action: 'answer',
        entityType: 'survey_response',
        entityId: response.id,
        organizationId: target.organizationId,
        municipalityId: target.survey.municipality_id,
        changedFields: ['answers', 'satisfaction'],
      },
    );
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Personal links, handed out by the school's curator

const CURATOR_ONLY = 'Личные ссылки выдаёт куратор школы, участвующей в опросе.';

export interface LinkCandidate {
  invitationId: number;
  name: string;
  detail: string | null;
  issuedAt: Date | null;
}

function fullName(p: { last_name: string | null; first_name: string | null; middle_name: string | null }): string {
  return [p.last_name, p.first_name, p.middle_name].filter(Boolean).join(' ');
}

/**
 * The participants of the curator's school in the survey who have no account and have not
 * answered: whom a personal link is for. By name.
 */
export async function linkCandidates(db: Kysely<Database>, actor: Actor, survey: SurveyRow): Promise<LinkCandidate[]> {
  if (!canIssueSurveyLinks(actor.user, survey)) throw new ForbiddenError(CURATOR_ONLY);
  const rows = await db
    .selectFrom('survey_invitations')
    .leftJoin('mentors', 'mentors.id', 'survey_invitations.mentor_id')
    .leftJoin('mentees', 'mentees.id', 'survey_invitations.mentee_id')
    .select([
      'survey_invitations.id',
      'survey_invitations.token_created_at',
      'mentors.id as mentor_id',
      'mentors.last_name as mentor_last_name',
      'mentors.first_name as mentor_first_name',
      'mentors.middle_name as mentor_middle_name',
      'mentors.position as mentor_position',
      'mentees.last_name as mentee_last_name',
      'mentees.first_name as mentee_first_name',
      'mentees.middle_name as mentee_middle_name',
      'mentees.class_name',
      'mentees.position as mentee_position',
    ])
    .where('survey_invitations.survey_id', '=', survey.id)
    .where('survey_invitations.organization_id', '=', actor.user.organizationId)
    .where('survey_invitations.answered_on', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('mentors.id', 'is not', null), eb('mentors.user_id', 'is', null), eb('mentors.erased_at', 'is', null)]),
        eb.and([eb('mentees.id', 'is not', null), eb('mentees.user_id', 'is', null), eb('mentees.erased_at', 'is', null)]),
      ]),
    )
    .execute();
  const candidates = rows.map((r) => {
    const mentor = r.mentor_id !== null;
    const name = mentor
      ? fullName({ last_name: r.mentor_last_name, first_name: r.mentor_first_name, middle_name: r.mentor_middle_name })
      : fullName({ last_name: r.mentee_last_name, first_name: r.mentee_first_name, middle_name: r.mentee_middle_name });
    const detail = mentor
      ? r.mentor_position
      : r.class_name
        ? `${r.class_name}${/^\d/.test(r.class_name) ? ' класс' : ''}`
        : r.mentee_position;
    return { invitationId: r.id, name, detail, issuedAt: r.token_created_at };
  });
  return candidates.sort((a, b) => a.name.localeCompare(b.name, 'ru') || a.invitationId - b.invitationId);
}

export interface IssuedLink {
  name: string;
  detail: string | null;
  token: string;
}

/**
 * Issues fresh personal links to the chosen participants (earlier links of theirs stop working).
 * Only while the survey has not finished; the tokens are returned to be shown once and never stored.
 */
export async function issueSurveyLinks(
  db: Kysely<Database>,
  actor: Actor,
  survey: SurveyRow,
  chosen: number[],
  today: string,
): Promise<{ ok: true; links: IssuedLink[] } | { ok: false; errors: FieldErrors }> {
  if (!canIssueSurveyLinks(actor.user, survey)) throw new ForbiddenError(CURATOR_ONLY);
  if (today > survey.closes_on)
    throw new ConflictError(`Опрос завершён ${formatDate(survey.closes_on)}: ссылки больше не выдаются.`);
  const candidates = await linkCandidates(db, actor, survey);
  const wanted = new Set(chosen);
  const picked = candidates.filter((c) => wanted.has(c.invitationId));
  if (picked.length === 0) {
    return {
      ok: false,
      errors: {
        invitation: candidates.length
          ? 'Отметьте участников, которым нужна ссылка'
          : 'Ссылки выдавать некому: все участники без учётной записи уже ответили',
      },
    };
  }
  const links = picked.map((c) => ({ ...c, token: generateToken() }));
  await db.transaction().execute(async (trx) => {
    const now = new Date();
    for (const link of links) {
      await trx
        .updateTable('survey_invitations')
        .set({ token_hash: hashToken(link.token), token_created_at: now })
        .where('id', '=', link.invitationId)
        .where('answered_on', 'is', null)
        .execute();
    }
    await recordAudit(trx, auditActor(actor), {
      action: 'issue_links',
      entityType: 'survey',
      entityId: survey.id,
      organizationId: actor.user.organizationId,
      municipalityId: survey.municipality_id,
      changedFields: ['token_hash'],
    });
  });
  return { ok: true, links: links.map((l) => ({ name: l.name, detail: l.detail, token: l.token })) };
}
