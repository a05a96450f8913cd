import type { Kysely } from 'kysely';
import { canRecordOutcomes, seesMenteeDetails } from '../../access/policy.js';
import type { Database } from '../../db/types.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../http/errors.js';
import { type FieldErrors, fieldErrors } from '../../http/forms.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import type { PairRow } from '../pairs/queries.js';
import { loadPair } from '../pairs/service.js';
import { titleOf } from './diagnostics.js';
import { pairParticipants } from './queries.js';
import { studentOutcomeForm, teacherOutcomeForm } from './schemas.js';

/**
 * The outcomes of a mentee the school's curator records at the end of the pair (the regulation's
 * 7.4-7.5): for a pupil, a subject's marks before and after, ВПР/ОГЭ/ЕГЭ passed, an olympiad, its
 * projects; for a teacher, whether it stayed in the profession, took part in a professional
 * contest, its qualification category. One record per mentee and pair, replaced when edited.
 */

const STUDENT_FIELDS = [
  'subject',
  'mark_before',
  'mark_after',
  'vpr_passed',
  'oge_passed',
  'ege_passed',
  'olympiad_level',
  'olympiad_result',
  'projects',
] as const;
const TEACHER_FIELDS = ['stayed_in_profession', 'professional_contest', 'qualification_category'] as const;

export function isPupil(category: string): boolean {
  return category === 'student';
}

/** The pair, the mentee and its current record, for the curator's form: 404 outside scope, 403 for others, 409 for a pair not working or forming. */
export async function outcomeSubject(db: Kysely<Database>, actor: Actor, pairId: number, menteeId: number) {
  const pair = await loadPair(db, actor, pairId);
  if (!canRecordOutcomes(actor.user, pair)) throw new ForbiddenError('Результаты наставляемого вносит куратор школы.');
  const mentee = await db
    .selectFrom('pair_mentees')
    .innerJoin('mentees', 'mentees.id', 'pair_mentees.mentee_id')
    .select([
      'mentees.id',
      'mentees.last_name',
      'mentees.first_name',
      'mentees.middle_name',
      'mentees.category',
      'mentees.erased_at',
    ])
    .where('pair_mentees.pair_id', '=', pair.id)
    .where('pair_mentees.mentee_id', '=', menteeId)
    .executeTakeFirst();
  if (!mentee) throw new NotFoundError();
  if (mentee.erased_at !== null) throw new ConflictError('Персональные данные наставляемого удалены.');
  if (pair.status !== 'active' && pair.status !== 'completed')
    throw new ConflictError('Результаты вносят в конце работы пары: пара ещё формируется или её работа прекращена.');
  const current = await db
    .selectFrom('mentee_outcomes')
    .selectAll()
    .where('pair_id', '=', pair.id)
    .where('mentee_id', '=', mentee.id)
    .executeTakeFirst();
  return {
    pair,
    title: titleOf(await pairParticipants(db, pair.id)),
    mentee: {
      id: mentee.id,
      category: mentee.category,
      name: [mentee.last_name, mentee.first_name, mentee.middle_name].filter(Boolean).join(' '),
    },
    pupil: isPupil(mentee.category),
    current: current ?? null,
  };
}

/** Records (or replaces) the mentee's outcomes, audited with the fields that changed. */
export async function saveOutcome(
  db: Kysely<Database>,
  actor: Actor,
  pairId: number,
  menteeId: number,
  raw: Record<string, string>,
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const { pair, mentee, pupil, current } = await outcomeSubject(db, actor, pairId, menteeId);
  const parsed = pupil ? studentOutcomeForm.safeParse(raw) : teacherOutcomeForm.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const values: Record<string, unknown> = parsed.data;
  const fields: readonly string[] = pupil ? STUDENT_FIELDS : TEACHER_FIELDS;
  const changed = current ? fields.filter((f) => (current as Record<string, unknown>)[f] !== values[f]) : [...fields];
  await db.transaction().execute(async (trx) => {
    const row = { ...parsed.data, recorded_by: actor.user.id, recorded_at: new Date() };
    await trx
      .insertInto('mentee_outcomes')
      .values({ pair_id: pair.id, mentee_id: mentee.id, ...row })
      .onConflict((oc) => oc.columns(['pair_id', 'mentee_id']).doUpdateSet(row))
      .execute();
    await recordAudit(trx, auditActor(actor), {
      action: current ? 'update' : 'create',
      entityType: 'mentee_outcome',
      entityId: `${pair.id}:${mentee.id}`,
      organizationId: pair.organization_id,
      municipalityId: pair.municipality_id,
      changedFields: changed,
    });
  });
  return { ok: true };
}

/** The outcomes recorded in the pair, for those who see its mentees' details (the curator, the coordinator). */
export async function pairOutcomes(db: Kysely<Database>, actor: Actor, pair: PairRow) {
  if (!seesMenteeDetails(actor.user, pair)) return null;
  const rows = await db.selectFrom('mentee_outcomes').selectAll().where('pair_id', '=', pair.id).execute();
  return {
    rows,
    canRecord: canRecordOutcomes(actor.user, pair) && (pair.status === 'active' || pair.status === 'completed'),
  };
}
