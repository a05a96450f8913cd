import type { Kysely, Transaction } from 'kysely';
import type { Database, RoadmapItemStatus } from '../src/db/types.js';
import { recordAudit } from '../src/modules/audit/service.js';
import { concernsSchools } from '../src/modules/roadmaps/responsible.js';

type Trx = Transaction<Database>;

/**
 * Issue 17, the schools' part of the municipal roadmap: an item of the municipal plan addressed to
 * every school (its «Ответственные» name «ОУ») with most schools' parts done, the demo school's with
 * a link, the lyceum's begun, one not started; and item 3.7 (strong schools with weaker ones), whose
 * «Ответственные» name no one, addressed by the coordinator to three chosen schools, one done.
 * Each part is marked by its school's curator when it has an account.
 */
export async function seedDemoSchoolParts(trx: Trx, municipalityId: number, demoSchoolId: number): Promise<void> {
  const plan = await trx
    .selectFrom('roadmaps')
    .select(['id'])
    .where('organization_id', '=', municipalityId)
    .where('kind', '=', 'plan')
    .executeTakeFirst();
  if (!plan) return;
  const items = await trx
    .selectFrom('roadmap_items')
    .select(['id', 'number', 'status', 'responsible_links'])
    .where('roadmap_id', '=', plan.id)
    .where('kind', '=', 'item')
    .orderBy('position')
    .execute();
  const schools = await trx
    .selectFrom('organizations')
    .select(['id', 'short_name'])
    .where('municipality_id', '=', municipalityId)
    .where('type', '=', 'school')
    .where('is_active', '=', true)
    .orderBy('id')
    .execute();
  if (schools.length < 3) return;
  const curators = new Map(
    (
      await trx
        .selectFrom('users')
        .select(['id', 'organization_id'])
        .where('role', '=', 'curator')
        .where(
          'organization_id',
          'in',
          schools.map((s) => s.id),
        )
        .execute()
    ).map((u) => [u.organization_id, u.id]),
  );
  const coordinator = await trx
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'coordinator')
    .where('organization_id', 'in', (eb) =>
      eb
        .selectFrom('organizations')
        .select('id')
        .where('municipality_id', '=', municipalityId)
        .where('type', '=', 'method_center'),
    )
    .executeTakeFirst();

  const mark = async (
    itemId: number,
    schoolId: number,
    status: RoadmapItemStatus,
    completedOn: string | null,
    comment: string | null,
    link: string | null,
  ) => {
    const markedBy = curators.get(schoolId) ?? null;
    const row = await trx
      .insertInto('roadmap_school_parts')
      .values({
        item_id: itemId,
        organization_id: schoolId,
        status,
        completed_on: completedOn,
        evidence_comment: comment,
        evidence_link: link,
        marked_by: markedBy,
        marked_at: new Date(`${completedOn ?? '2024-10-01'}T10:00:00Z`),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx as Kysely<Database>,
      { userId: markedBy, ip: null },
      {
        action: 'create',
        entityType: 'roadmap_school_part',
        entityId: row.id,
        changedFields: ['status', 'completed_on', 'evidence_comment', 'evidence_link'].filter((f) =>
          f === 'status'
            ? true
            : f === 'completed_on'
              ? completedOn !== null
              : f === 'evidence_comment'
                ? comment !== null
                : link !== null,
        ),
        organizationId: schoolId,
        municipalityId,
      },
    );
  };

  // Addressed to all: an item for the schools still in progress (the coordinator has not closed it), else 1.3.
  const forSchools = items.filter((i) => concernsSchools(i.responsible_links));
  const open = forSchools.find((i) => i.status === 'in_progress') ?? forSchools.find((i) => i.number === '1.3');
  if (open) {
    for (const [index, school] of schools.entries()) {
      if (index === schools.length - 1) continue; // not started
      if (index === 1) {
        await mark(open.id, school.id, 'in_progress', null, 'Материалы готовятся, срок — до конца четверти', null);
        continue;
      }
      const day = `2024-0${3 + (index % 6)}-${String(10 + index).padStart(2, '0')}`;
      const link = school.id === demoSchoolId ? 'https://school1.zarechny.example.ru/nastavnichestvo' : null;
      await mark(open.id, school.id, 'done', day, `Приказ № ${20 + index} от ${day.split('-').reverse().join('.')}`, link);
    }
  }

  // Addressed to three chosen schools: the stronger school with two weaker ones.
  const partnership = items.find((i) => i.number === '3.7');
  if (partnership) {
    const chosen = [schools[0], schools[2], schools[schools.length - 1]].filter((s) => s !== undefined);
    await trx
      .insertInto('roadmap_item_addressees')
      .values(chosen.map((s) => ({ item_id: partnership.id, organization_id: s.id })))
      .execute();
    await recordAudit(
      trx as Kysely<Database>,
      { userId: coordinator?.id ?? null, ip: null },
      {
        action: 'update',
        entityType: 'roadmap_item_addressees',
        entityId: partnership.id,
        changedFields: ['organization_id'],
        organizationId: municipalityId,
        municipalityId,
      },
    );
    const first = chosen[0];
    if (first) await mark(partnership.id, first.id, 'done', '2023-09-15', 'Договор о сотрудничестве № 3 от 15.09.2023', null);
  }
}
