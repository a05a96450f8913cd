import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { NotFoundError } from '../../http/errors.js';
import type { Actor } from '../audit/service.js';
import { MENTORING_FORM_LABELS } from '../people/labels.js';
import type { PairsOrderInput } from './order-docx.js';
import { pairMembers } from './queries.js';

/**
 * What the order assigning pairs names: the school, its head, the curator, and each pair's people
 * and term. The pairs are the actor's school's (a curator's): any other id is 404.
 */
export async function orderInput(
  db: Kysely<Database>,
  actor: Actor,
  pairIds: number[],
  order: { number: string | null; date: string | null },
): Promise<PairsOrderInput> {
  const schoolId = actor.user.organizationId;
  const pairs = await db
    .selectFrom('pairs')
    .innerJoin('programmes', 'programmes.id', 'pairs.programme_id')
    .select(['pairs.id', 'pairs.form', 'pairs.planned_start', 'pairs.planned_end', 'programmes.title as programme_title'])
    .where('pairs.organization_id', '=', schoolId)
    .where('pairs.id', 'in', pairIds)
    .orderBy('pairs.id')
    .execute();
  if (pairs.length !== pairIds.length || pairs.length === 0) throw new NotFoundError();
  const school = await db
    .selectFrom('organizations as school')
    .leftJoin('organizations as municipality', 'municipality.id', 'school.municipality_id')
    .select([
      'school.full_name',
      'school.short_name',
      'school.head_name',
      'school.head_position',
      'school.address',
      'municipality.full_name as municipality_name',
    ])
    .where('school.id', '=', schoolId)
    .executeTakeFirstOrThrow();
  const curator = await db
    .selectFrom('users')
    .select(['full_name', 'position'])
    .where('id', '=', actor.user.id)
    .executeTakeFirstOrThrow();
  const { mentors, mentees } = await pairMembers(db, pairIds);
  const programmes = [...new Set(pairs.map((p) => p.programme_title))];
  return {
    schoolFullName: school.full_name,
    schoolShortName: school.short_name,
    municipalityName: school.municipality_name ?? '',
    city: null,
    orderNumber: order.number,
    orderDate: order.date,
    headName: school.head_name,
    headPosition: school.head_position,
    curatorName: curator.full_name,
    curatorPosition: curator.position,
    programmeTitle: programmes.length === 1 ? (programmes[0] ?? null) : null,
    pairs: pairs.map((p, i) => {
      const ms = mentors.get(p.id) ?? [];
      const ts = mentees.get(p.id) ?? [];
      return {
        number: i + 1,
        mentorName: ms.map((m) => m.name).join(', '),
        mentorPosition:
          ms
            .map((m) => m.position)
            .filter(Boolean)
            .join(', ') || null,
        menteeNames: ts.map((t) => t.name),
        menteeDetails: ts.map((t) =>
          t.class_or_position ? (/^\d/.test(t.class_or_position) ? `${t.class_or_position} класс` : t.class_or_position) : '',
        ),
        formLabel: MENTORING_FORM_LABELS[p.form],
        startDate: p.planned_start,
        endDate: p.planned_end,
      };
    }),
  };
}

/** Whether every one of the pairs (already checked to be the school's by orderInput) still waits for its order. */
export async function allForming(db: Kysely<Database>, pairIds: number[]): Promise<boolean> {
  const forming = await db.selectFrom('pairs').select('id').where('id', 'in', pairIds).where('status', '=', 'forming').execute();
  return forming.length === pairIds.length;
}
