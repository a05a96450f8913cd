import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../db/types.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The statuses a person may take when its last active pair ends (chosen by whoever ends it). */
export const STATUSES_AFTER_PAIR = ['potential', 'left'] as const;
export type StatusAfterPair = (typeof STATUSES_AFTER_PAIR)[number];

/** The choice as the completion and termination forms offer it. */
export const STATUS_AFTER_PAIR_OPTIONS = [
  { value: 'potential', label: 'потенциальный' },
  { value: 'left', label: 'выбыл' },
];
export const STATUS_AFTER_PAIR_HINT =
  'Его получат в базах наставник и наставляемые, у которых нет другой активной пары: «потенциальный» — может войти в другую пару, «выбыл» — больше не участвует в наставничестве';

interface PairPlace {
  id: number;
  organization_id: number;
  municipality_id: number | null;
}

const SIDES = [
  { table: 'mentors', link: 'pair_mentors', column: 'mentor_id', entity: 'mentor' },
  { table: 'mentees', link: 'pair_mentees', column: 'mentee_id', entity: 'mentee' },
] as const;

/**
 * A person's status follows its pairs. When a pair becomes active its people become «активный»;
 * erased records stay as they are. Each change audited, in the caller's transaction.
 */
export async function activatePairPeople(trx: Db, actor: Actor, pair: PairPlace): Promise<void> {
  await setPeopleStatus(trx, actor, pair, 'active', false);
}

/**
 * When a pair ends (completed or stopped), its people in no other active pair take the status
 * chosen at its end: «потенциальный» (may join another pair) or «выбыл».
 */
export async function releasePairPeople(trx: Db, actor: Actor, pair: PairPlace, status: StatusAfterPair): Promise<void> {
  await setPeopleStatus(trx, actor, pair, status, true);
}

async function setPeopleStatus(
  trx: Db,
  actor: Actor,
  pair: PairPlace,
  status: 'active' | StatusAfterPair,
  onlyWithoutOtherActivePair: boolean,
): Promise<void> {
  const db = trx as Kysely<Database>;
  for (const side of SIDES) {
    const table = side.table as 'mentees';
    const link = side.link as 'pair_mentees';
    const column = side.column as 'mentee_id';
    let q = db
      .updateTable(table)
      .set({ status, updated_at: new Date() })
      .where('erased_at', 'is', null)
      .where('status', '<>', status)
      .where('id', 'in', db.selectFrom(link).select(column).where('pair_id', '=', pair.id));
    if (onlyWithoutOtherActivePair) {
      q = q.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom(`${link} as other` as 'pair_mentees as other')
              .innerJoin('pairs', 'pairs.id', 'other.pair_id')
              .select('other.pair_id')
              .whereRef(`other.${column}` as 'other.mentee_id', '=', `${table}.id` as 'mentees.id')
              .where('pairs.status', '=', 'active')
              .where('pairs.id', '<>', pair.id),
          ),
        ),
      );
    }
    const changed = await q.returning('id').execute();
    for (const person of changed) {
      await recordAudit(db, auditActor(actor), {
        action: 'update',
        entityType: side.entity,
        entityId: person.id,
        organizationId: pair.organization_id,
        municipalityId: pair.municipality_id,
        changedFields: ['status'],
      });
    }
  }
}
