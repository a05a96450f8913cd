/**
 * The writes that follow an event's attendance and result (rules in held.ts), each inside the
 * caller's transaction so the act, its follow-ups and their audit lines land together.
 */

import type { Kysely } from 'kysely';
import type { Database, EventKind } from '../../db/types.js';
import { localDateTime } from '../../lib/dates.js';
import { recordAudit } from '../audit/service.js';
import type { Deadline } from '../roadmaps/deadline.js';
import { currentOccurrence, occurrencesOf } from '../roadmaps/overdue.js';
import { countsAsTraining, evidenceLine, mergedEvidence } from './held.js';

/** The caller's transaction (the demo seed's too). */
type Trx = Kysely<Database>;

interface HeldEvent {
  id: number;
  kind: EventKind;
  title: string;
  ends_at: Date;
  municipality_id: number;
  roadmap_item_id: number | null;
}

/** The day an event ended in the municipality's calendar: the training's and the evidence's date. */
function heldOn(event: HeldEvent): string {
  return localDateTime(event.ends_at).slice(0, 10);
}

/**
 * Makes the event's rows of the training history match its attendance: a row for each mentor who
 * came (registered as a mentor of the bases, or through an account linked to one), none for the
 * others. Returns whether a row was added or removed.
 */
export async function syncEventTrainings(trx: Trx, event: HeldEvent): Promise<boolean> {
  const attendedMentors = countsAsTraining(event.kind)
    ? await trx
        .selectFrom('event_registrations as r')
        .innerJoin('mentors as m', (join) =>
          join.on((eb) =>
            eb.or([
              eb('m.id', '=', eb.ref('r.mentor_id')),
              eb.and([eb('r.mentor_id', 'is', null), eb('m.user_id', '=', eb.ref('r.user_id'))]),
            ]),
          ),
        )
        .select('m.id')
        .distinct()
        .where('r.event_id', '=', event.id)
        .where('r.attended', '=', true)
        .where('m.erased_at', 'is', null)
        .execute()
    : [];
  const wanted = new Set(attendedMentors.map((m) => m.id));
  const existing = await trx
    .selectFrom('mentor_trainings')
    .select(['id', 'mentor_id'])
    .where('event_id', '=', event.id)
    .execute();
  const have = new Set(existing.map((t) => t.mentor_id));
  const stale = existing.filter((t) => !wanted.has(t.mentor_id)).map((t) => t.id);
  const fresh = [...wanted].filter((id) => !have.has(id));
  if (stale.length > 0) await trx.deleteFrom('mentor_trainings').where('id', 'in', stale).execute();
  if (fresh.length > 0)
    await trx
      .insertInto('mentor_trainings')
      .values(
        fresh.map((mentor_id) => ({
          mentor_id,
          event_id: event.id,
          course: event.title,
          completed_on: heldOn(event),
          hours: null,
        })),
      )
      .execute();
  return stale.length > 0 || fresh.length > 0;
}

/**
 * The event as evidence on the roadmap item it carries out (for a recurring item, on the occurrence
 * the event's day falls in): the line with its date and attendance and the link to its page (an
 * absolute address, as the status form's links are: `eventUrl`). The
 * status is left to the roadmap's keeper: one event may be one of the several an item needs.
 */
export async function recordEventEvidence(
  trx: Trx,
  who: { userId: number | null; ip: string | null },
  event: HeldEvent,
  link: string,
): Promise<void> {
  if (event.roadmap_item_id === null) return;
  const item = await trx
    .selectFrom('roadmap_items as i')
    .innerJoin('roadmaps as r', 'r.id', 'i.roadmap_id')
    .select(['i.id', 'i.kind', 'i.deadline', 'i.evidence_comment', 'i.evidence_link', 'r.id as roadmap_id', 'r.organization_id'])
    .where('i.id', '=', event.roadmap_item_id)
    .executeTakeFirst();
  if (item?.kind !== 'item') return;
  const { count } = await trx
    .selectFrom('event_registrations')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('event_id', '=', event.id)
    .where('attended', '=', true)
    .executeTakeFirstOrThrow();
  const day = heldOn(event);
  const line = evidenceLine(event.title, day, Number(count));
  const audit = (entityType: 'roadmap_item' | 'roadmap_occurrence', entityId: number, action: 'create' | 'update') =>
    recordAudit(trx, who, {
      action,
      entityType,
      entityId,
      organizationId: item.organization_id,
      municipalityId: event.municipality_id,
      changedFields: ['evidence_comment', 'evidence_link'],
    });
  const deadline = item.deadline as Deadline | null;
  if (deadline?.kind === 'recurring') {
    const occurrence = currentOccurrence(occurrencesOf(deadline), day);
    if (occurrence === null) return;
    const row = await trx
      .selectFrom('roadmap_occurrences')
      .select(['id', 'evidence_comment', 'evidence_link'])
      .where('item_id', '=', item.id)
      .where('due_on', '=', occurrence.due)
      .executeTakeFirst();
    const merged = mergedEvidence(row ?? { evidence_comment: null, evidence_link: null }, line, link);
    if (merged === null) return;
    const written = await trx
      .insertInto('roadmap_occurrences')
      .values({ item_id: item.id, due_on: occurrence.due, ...merged })
      .onConflict((oc) => oc.columns(['item_id', 'due_on']).doUpdateSet({ ...merged, updated_at: new Date() }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit('roadmap_occurrence', written.id, row ? 'update' : 'create');
  } else {
    const merged = mergedEvidence(item, line, link);
    if (merged === null) return;
    await trx
      .updateTable('roadmap_items')
      .set({ ...merged, updated_at: new Date() })
      .where('id', '=', item.id)
      .execute();
    await audit('roadmap_item', item.id, 'update');
  }
  await trx.updateTable('roadmaps').set({ updated_at: new Date() }).where('id', '=', item.roadmap_id).execute();
}
