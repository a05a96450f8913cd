import type { Kysely, Transaction } from 'kysely';
import type { Database, RoadmapItemStatus } from '../src/db/types.js';
import { recordAudit } from '../src/modules/audit/service.js';
import { type Deadline, parseDeadline } from '../src/modules/roadmaps/deadline.js';
import { currentOccurrence, occurrencesOf } from '../src/modules/roadmaps/overdue.js';
import { concernsSchools } from '../src/modules/roadmaps/responsible.js';

type Trx = Transaction<Database>;

/** Item 6.3 of the demo's municipal plan, made half-yearly (the district table says «в течение всего периода»). */
export const HALF_YEARLY_ITEM = { number: '6.3', deadline_text: 'Декабрь, июнь в период с 2022 по 2024 г.г.' } as const;

/**
 * Issue 17: the coordinator sets the deadline of item 6.3 (the schools' internal monitoring) to
 * «Декабрь, июнь в период с 2022 по 2024 г.г.» before the plan is tracked and approved, as the
 * service would (the parsed deadline, an audit line), so that the demo has a recurring item
 * addressed to every school: each school marks each half-year on its own.
 */
export async function schoolMonitoringHalfYearly(
  trx: Trx,
  coordinatorId: number,
  roadmap: { id: number; organization_id: number; municipality_id: number | null; period_from: number; period_to: number },
): Promise<void> {
  const item = await trx
    .selectFrom('roadmap_items')
    .select('id')
    .where('roadmap_id', '=', roadmap.id)
    .where('number', '=', HALF_YEARLY_ITEM.number)
    .executeTakeFirst();
  if (!item) return;
  const deadline = parseDeadline(HALF_YEARLY_ITEM.deadline_text, {
    periodFrom: roadmap.period_from,
    periodTo: roadmap.period_to,
  });
  await trx
    .updateTable('roadmap_items')
    .set({ deadline_text: HALF_YEARLY_ITEM.deadline_text, deadline: JSON.stringify(deadline) })
    .where('id', '=', item.id)
    .execute();
  await recordAudit(
    trx as Kysely<Database>,
    { userId: coordinatorId, ip: null },
    {
      action: 'update',
      entityType: 'roadmap_item',
      entityId: item.id,
      changedFields: ['deadline_text'],
      organizationId: roadmap.organization_id,
      municipalityId: roadmap.municipality_id,
    },
  );
}

/**
 * Issue 17, the schools' part of the municipal roadmap: an item of the municipal plan addressed to
 * every school (its «Ответственные» name «ОУ») with most schools' parts done, the demo school's with
 * a link, the lyceum's begun, one not started; and item 3.7 (strong schools with weaker ones), whose
 * «Ответственные» name no one, addressed by the coordinator to three chosen schools, one done.
 * The half-yearly item 6.3 (schoolMonitoringHalfYearly) has each school's part of each half-year:
 * most done in the past ones; of the current one (`today`'s, currentOccurrence) about half done,
 * one begun, the others not yet.
 * Each part is marked by its school's curator when it has an account.
 */
export async function seedDemoSchoolParts(trx: Trx, municipalityId: number, demoSchoolId: number, today: string): Promise<void> {
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
    due: string | null = null,
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
        due_on: due,
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
        changedFields: [
          'status',
          'completed_on',
          'evidence_comment',
          'evidence_link',
          ...(due === null ? [] : ['due_on']),
        ].filter((f) =>
          f === 'due_on' || f === 'status'
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

  // The half-yearly item 6.3: every school did its part of each past half-year but a few; of the
  // current (last) one, about half the schools did, one has begun, the others not yet.
  const halfYearly = await trx
    .selectFrom('roadmap_items')
    .select(['id', 'deadline'])
    .where('roadmap_id', '=', plan.id)
    .where('number', '=', HALF_YEARLY_ITEM.number)
    .executeTakeFirst();
  const deadline = halfYearly?.deadline as Deadline | null | undefined;
  if (halfYearly && deadline?.kind === 'recurring') {
    const occurrences = occurrencesOf(deadline);
    const current = currentOccurrence(occurrences, today);
    for (const [index, school] of schools.entries()) {
      for (const [k, o] of occurrences.entries()) {
        const isCurrent = o.due === current?.due;
        const done = isCurrent ? index % 2 === 0 && index < schools.length - 1 : (index + k) % 5 !== 4;
        const begun = isCurrent && index === 1;
        if (!done && !begun) continue;
        const on = done ? shiftDays(o.due, -5) : null;
        await mark(
          halfYearly.id,
          school.id,
          done ? 'done' : 'in_progress',
          on,
          done
            ? `Справка о внутреннем мониторинге направлена координатору ${on?.split('-').reverse().join('.')}`
            : 'Анкетирование участников идёт',
          null,
          o.due,
        );
      }
    }
  }
}

function shiftDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
