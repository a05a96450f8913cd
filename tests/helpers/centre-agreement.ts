import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/types.js';

/**
 * A school roadmap (or programme) agreed by the methodological centre, written as the agreement's
 * row (issue 17): for tests whose subject is the approval after it, not the agreement itself
 * (tests/integration/centre-agreement.test.ts goes through the acts).
 */
export async function agreedByCentre(
  db: Kysely<Database>,
  objectId: number,
  objectType: 'roadmap' | 'programme' = 'roadmap',
): Promise<void> {
  const table = objectType === 'roadmap' ? 'roadmaps' : 'programmes';
  const row = await db.selectFrom(table).select('organization_id').where('id', '=', objectId).executeTakeFirstOrThrow();
  const at = new Date();
  await db
    .insertInto('centre_agreements')
    .values({
      object_type: objectType,
      object_id: objectId,
      organization_id: row.organization_id,
      sent_at: at,
      answered_at: at,
      outcome: 'agreed',
    })
    .execute();
}
