import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { canManagePair } from '../../access/policy.js';
import { pairsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, Meeting, MeetingType } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors, optionalText, requiredText } from '../../http/forms.js';
import { parseDate } from '../../lib/dates.js';
import { formatDate } from '../../lib/ru.js';
import { type Actor, auditActor, changedFields, recordAudit } from '../audit/service.js';
import { MEETING_TYPE_LABELS, MEETING_TYPES } from './labels.js';
import type { PairRow } from './queries.js';
import { isPairMentor, loadPair } from './service.js';
import { releasePairPeople } from './people-status.js';
import { peopleStatusField } from './schemas.js';

/**
 * The meetings of a pair (встреча-знакомство, пробная, планирование, совместная работа, итоговая)
 * as its mentor or the school's curator logs them, and the completion of the pair after its final
 * meeting. Meetings are logged for active pairs only: a forming pair has no order yet, and a
 * finished one has its log closed.
 */

export const MEETING_FORMATS = ['in_person', 'remote'] as const;

export const MEETING_FIELD_LABELS: Record<string, string> = {
  type: 'Тип встречи',
  held_on: 'Дата',
  duration_minutes: 'Длительность, минут',
  format: 'Формат',
  topic: 'Тема',
  summary: 'Что сделано',
  mentor_feedback: 'Обратная связь наставника',
};

export const COMPLETION_FIELD_LABELS: Record<string, string> = {
  results: 'Результаты работы пары',
  mentor_reflection: 'Рефлексия наставника',
  mentor_satisfaction: 'Удовлетворённость наставника',
  completed_on: 'Дата завершения',
  people_status: 'Статус участников',
};

/** Blank text as missing, so that an emptied number field asks for a value instead of reading 0. */
const blankAsMissing = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export function requiredDate(emptyMessage: string, label: string) {
  return z
    .string({ error: emptyMessage })
    .trim()
    .min(1, emptyMessage)
    .transform((v, ctx) => {
      const date = parseDate(v);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: `${label}: укажите дату в виде ДД.ММ.ГГГГ` });
        return z.NEVER;
      }
      return date;
    });
}

/** A mark from 1 to 10 (satisfaction, a meeting's rating). */
export function scoreField(label: string, required: boolean) {
  const message = `${label}: выберите оценку от 1 до 10`;
  const score = z.coerce.number({ error: message }).int(message).min(1, message).max(10, message);
  return required
    ? z.preprocess(blankAsMissing, score)
    : z.preprocess(blankAsMissing, score.optional()).transform((v) => v ?? null);
}

const meetingForm = z.object({
  type: z.enum(MEETING_TYPES, { error: 'Выберите тип встречи' }),
  held_on: requiredDate('Укажите дату встречи', 'Дата встречи'),
  duration_minutes: z.preprocess(
    blankAsMissing,
    z.coerce
      .number({ error: 'Длительность: укажите число минут' })
      .int('Длительность: укажите целое число минут')
      .min(5, 'Длительность: не меньше 5 минут')
      .max(600, 'Длительность: не больше 600 минут (10 часов)'),
  ),
  format: z.enum(MEETING_FORMATS, { error: 'Выберите формат встречи: очно или дистанционно' }),
  topic: requiredText(300, 'Укажите тему встречи', 'Тема'),
  summary: optionalText(4000, 'Что сделано'),
  mentor_feedback: optionalText(4000, 'Обратная связь наставника'),
});
export type MeetingInput = z.output<typeof meetingForm>;

export const JOINT_WORK_FEEDBACK_REQUIRED = 'Для встречи совместной работы заполните обратную связь наставника';

/**
 * The submitted form checked against the rules that need the pair and the day: a date not after
 * today (Moscow) and not before the pair's planned start; the mentor's feedback on joint work.
 * Every problem is reported at once, field by field.
 */
export function checkMeeting(
  raw: Record<string, string>,
  pair: Pick<PairRow, 'planned_start'>,
  today: string,
): { ok: true; input: MeetingInput } | { ok: false; errors: FieldErrors } {
  const parsed = meetingForm.safeParse(raw);
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
  const heldOn = parsed.success ? parsed.data.held_on : parseDate(raw.held_on ?? '');
  if (!errors.held_on && heldOn) {
    if (heldOn > today) errors.held_on = 'Дата встречи не может быть позже сегодняшнего дня';
    else if (heldOn < pair.planned_start)
      errors.held_on = `Дата встречи не может быть раньше начала работы пары (${formatDate(pair.planned_start)})`;
  }
  if (raw.type === 'joint_work' && (raw.mentor_feedback ?? '').trim() === '' && !errors.mentor_feedback) {
    errors.mentor_feedback = JOINT_WORK_FEEDBACK_REQUIRED;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

export interface SequenceMeeting {
  id?: number;
  type: MeetingType;
  held_on: string;
}

/**
 * What is unusual about a meeting among the pair's others (the methodology's order: знакомство,
 * пробная, планирование, совместная работа, итоговая). Warnings, never refusals: real work
 * does not always follow the book, and a late entry may fill a gap.
 */
export function sequenceWarnings(others: SequenceMeeting[], meeting: SequenceMeeting): string[] {
  const warnings: string[] = [];
  const has = (type: MeetingType, when: (m: SequenceMeeting) => boolean = () => true) =>
    others.some((m) => m.type === type && when(m));
  if (meeting.type === 'final' && !has('introduction'))
    warnings.push('Итоговая встреча записана, а встречи-знакомства в журнале нет.');
  if (meeting.type === 'joint_work' && !has('planning', (m) => m.held_on <= meeting.held_on)) {
    warnings.push('Встреча совместной работы раньше встречи-планирования: обычно сначала составляют план работы.');
  }
  if (meeting.type === 'introduction' && has('introduction')) warnings.push('Встреча-знакомство в журнале уже есть: эта вторая.');
  const final = others.find((m) => m.type === 'final' && m.held_on < meeting.held_on);
  if (final)
    warnings.push(`Встреча позже итоговой (${formatDate(final.held_on)}): после итоговой встречи пару обычно завершают.`);
  if (meeting.type === 'final' && others.some((m) => m.held_on > meeting.held_on)) {
    warnings.push('После этой итоговой встречи в журнале есть более поздние встречи.');
  }
  return warnings;
}

/** Notes for an empty meeting form: what the log lacks so far. */
export function logNotes(meetings: SequenceMeeting[]): string[] {
  const notes: string[] = [];
  const has = (type: MeetingType) => meetings.some((m) => m.type === type);
  if (!has('introduction')) notes.push('В журнале ещё нет встречи-знакомства.');
  if (!has('planning')) notes.push('В журнале ещё нет встречи-планирования: встречи совместной работы обычно идут после неё.');
  const final = meetings.find((m) => m.type === 'final');
  if (final) notes.push(`Итоговая встреча уже записана (${formatDate(final.held_on)}): новые встречи после неё необычны.`);
  return notes;
}

/** Why meetings cannot be logged for the pair now, or null when they can. */
export function meetingsClosedReason(pair: Pick<PairRow, 'status'>): string | null {
  switch (pair.status) {
    case 'active':
      return null;
    case 'forming':
      return 'Пара ещё формируется: встречи записываются, когда пара станет активной (после приказа о закреплении и согласий участников).';
    case 'completed':
      return 'Пара завершена: журнал встреч закрыт.';
    case 'terminated':
      return 'Работа пары прекращена досрочно: журнал встреч закрыт.';
  }
}

/** Whether the actor logs the pair's meetings: one of its mentors, or the curator of its school. */
export async function logsMeetings(db: Kysely<Database>, actor: Actor, pair: PairRow): Promise<boolean> {
  return canManagePair(actor.user, pair) || (await isPairMentor(db, actor, pair.id));
}

/** A pair whose meetings the actor logs: outside the scope 404, not theirs 403. */
export async function loggingPair(db: Kysely<Database>, actor: Actor, pairId: number): Promise<PairRow> {
  const pair = await loadPair(db, actor, pairId);
  if (!(await logsMeetings(db, actor, pair))) throw new ForbiddenError('Встречи записывает наставник пары или куратор школы.');
  return pair;
}

/** As loggingPair, and the pair is active (else 409 with the reason). */
export async function openLoggingPair(db: Kysely<Database>, actor: Actor, pairId: number): Promise<PairRow> {
  const pair = await loggingPair(db, actor, pairId);
  const closed = meetingsClosedReason(pair);
  if (closed) throw new ConflictError(closed);
  return pair;
}

/** The pair's meetings in the order they were held. */
export function pairMeetings(db: Kysely<Database>, pairId: number): Promise<Meeting[]> {
  return db.selectFrom('meetings').selectAll().where('pair_id', '=', pairId).orderBy('held_on').orderBy('id').execute();
}

export async function findMeeting(db: Kysely<Database>, pairId: number, meetingId: number): Promise<Meeting> {
  const meeting = await db
    .selectFrom('meetings')
    .selectAll()
    .where('id', '=', meetingId)
    .where('pair_id', '=', pairId)
    .executeTakeFirst();
  if (!meeting) throw new NotFoundError();
  return meeting;
}

export type MeetingSaveResult = { ok: true; id: number; warnings: string[] } | { ok: false; errors: FieldErrors };

/** Logs a new meeting (`meetingId` null) or corrects a logged one; audited in the same transaction. */
export async function saveMeeting(
  db: Kysely<Database>,
  actor: Actor,
  pair: PairRow,
  meetingId: number | null,
  raw: Record<string, string>,
  today: string,
): Promise<MeetingSaveResult> {
  const before = meetingId === null ? null : await findMeeting(db, pair.id, meetingId);
  const checked = checkMeeting(raw, pair, today);
  if (!checked.ok) return checked;
  const input = checked.input;
  const audit = { organizationId: pair.organization_id, municipalityId: pair.municipality_id };
  const id = await db.transaction().execute(async (trx) => {
    if (before === null) {
      const row = await trx
        .insertInto('meetings')
        .values({ ...input, pair_id: pair.id, created_by: actor.user.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(trx, auditActor(actor), {
        action: 'create',
        entityType: 'meeting',
        entityId: row.id,
        ...audit,
        changedFields: Object.keys(input),
      });
      return row.id;
    }
    const changed = changedFields(before as unknown as Record<string, unknown>, input as unknown as Record<string, unknown>);
    if (changed.length > 0) {
      await trx
        .updateTable('meetings')
        .set({ ...input, updated_at: new Date() })
        .where('id', '=', before.id)
        .execute();
      await recordAudit(trx, auditActor(actor), {
        action: 'update',
        entityType: 'meeting',
        entityId: before.id,
        ...audit,
        changedFields: changed,
      });
    }
    return before.id;
  });
  const others = (await pairMeetings(db, pair.id)).filter((m) => m.id !== id);
  return { ok: true, id, warnings: sequenceWarnings(others, { id, type: input.type, held_on: input.held_on }) };
}

// ---------------------------------------------------------------------------------------------
// Completing a pair

const completionForm = z.object({
  results: requiredText(4000, 'Опишите результаты работы пары', 'Результаты работы пары'),
  mentor_reflection: requiredText(
    4000,
    'Напишите рефлексию наставника: что получилось, что нет и почему',
    'Рефлексия наставника',
  ),
  mentor_satisfaction: scoreField('Удовлетворённость наставника', true),
  completed_on: requiredDate('Укажите дату завершения', 'Дата завершения'),
  people_status: peopleStatusField,
});

/** The latest final meeting of the log, if there is one. */
export function lastFinal(meetings: SequenceMeeting[]): SequenceMeeting | undefined {
  return meetings.filter((m) => m.type === 'final').sort((a, b) => (a.held_on < b.held_on ? 1 : -1))[0];
}

/** Why the pair cannot be completed now, or null when it can. */
export function completionBlockedReason(pair: Pick<PairRow, 'status'>, meetings: SequenceMeeting[]): string | null {
  if (pair.status === 'completed') return 'Пара уже завершена.';
  if (pair.status === 'terminated') return 'Работа пары прекращена досрочно: завершить её нельзя.';
  if (pair.status === 'forming') return 'Пара ещё формируется: завершить можно только активную пару после итоговой встречи.';
  if (!lastFinal(meetings))
    return `Пару завершают после итоговой встречи: сначала запишите в журнал встречу «${MEETING_TYPE_LABELS.final}».`;
  return null;
}

/** A pair the actor may complete now (its mentor or the curator; active, final meeting logged): else 404 / 403 / 409. */
export async function completablePair(
  db: Kysely<Database>,
  actor: Actor,
  pairId: number,
): Promise<{ pair: PairRow; meetings: Meeting[] }> {
  const pair = await loadPair(db, actor, pairId);
  if (!(await logsMeetings(db, actor, pair))) throw new ForbiddenError('Пару завершает её наставник или куратор школы.');
  const meetings = await pairMeetings(db, pair.id);
  const blocked = completionBlockedReason(pair, meetings);
  if (blocked) throw new ConflictError(blocked);
  return { pair, meetings };
}

/**
 * Completes an active pair after its final meeting: results, the mentor's reflection and
 * satisfaction; status «завершена», stage «результативный», in one transaction with its audit.
 * The mentees' reflections are collected apart (their account or personal link).
 */
export async function completePair(
  db: Kysely<Database>,
  actor: Actor,
  pair: PairRow,
  meetings: Meeting[],
  raw: Record<string, string>,
  today: string,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const parsed = completionForm.safeParse(raw);
  const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
  const completedOn = parsed.success ? parsed.data.completed_on : parseDate(raw.completed_on ?? '');
  const final = lastFinal(meetings);
  if (!errors.completed_on && completedOn) {
    if (completedOn > today) errors.completed_on = 'Дата завершения не может быть позже сегодняшнего дня';
    else if (final && completedOn < final.held_on)
      errors.completed_on = `Дата завершения не может быть раньше итоговой встречи (${formatDate(final.held_on)})`;
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const { people_status: peopleStatus, ...input } = parsed.data;
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('pairs')
      .set({ ...input, status: 'completed', stage: 'results', updated_at: new Date() })
      .where('id', '=', pair.id)
      // Another tab may have completed or stopped it meanwhile.
      .where('status', '=', 'active')
      .returning('id')
      .executeTakeFirst();
    if (!done) throw new ConflictError('Пару уже завершили или прекратили: обновите страницу.');
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'pair',
      entityId: pair.id,
      organizationId: pair.organization_id,
      municipalityId: pair.municipality_id,
      changedFields: ['status', 'stage', ...Object.keys(input)],
    });
    await releasePairPeople(trx, actor, pair, peopleStatus);
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// Cards of pairs for the home pages of mentors and mentees

export interface PairCardRow {
  id: number;
  status: PairRow['status'];
  stage: PairRow['stage'];
  form: PairRow['form'];
  programme_title: string;
  planned_start: string;
  planned_end: string;
  last_meeting_on: string | null;
  meeting_count: number;
  overdue_tasks: number;
}

/** Whole days from one 'YYYY-MM-DD' to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The pairs the user may see (a mentor's or a mentee's own) with their log's figures: last meeting, count, overdue tasks on `today`. */
export function pairCardRows(db: Kysely<Database>, user: CurrentUser, today: string): Promise<PairCardRow[]> {
  return db
    .selectFrom('pairs')
    .innerJoin('organizations', 'organizations.id', 'pairs.organization_id')
    .innerJoin('programmes', 'programmes.id', 'pairs.programme_id')
    .select([
      'pairs.id',
      'pairs.status',
      'pairs.stage',
      'pairs.form',
      'pairs.planned_start',
      'pairs.planned_end',
      'programmes.title as programme_title',
      'pairs.last_meeting_on',
      'pairs.meeting_count',
      sql<number>`(select count(*)::int from pair_tasks t where t.pair_id = pairs.id and t.done_on is null and t.due_on < ${today}::date)`.as(
        'overdue_tasks',
      ),
    ])
    .where(pairsInScope(user))
    .orderBy(sql`case pairs.status when 'active' then 0 when 'forming' then 1 else 2 end`)
    .orderBy('pairs.planned_start', 'desc')
    .orderBy('pairs.id')
    .execute();
}
