/**
 * Templates: the coordinator's model school roadmap, published to the municipality's schools; a
 * curator creates its school's roadmap from one, each row linked to its template row.
 */

import type { Kysely, Transaction } from 'kysely';
import { canUseTemplate } from '../../access/policy.js';
import type { Database } from '../../db/types.js';
import { ConflictError, ForbiddenError } from '../../http/errors.js';
import type { Actor } from '../audit/service.js';
import { hasActivities } from './queries.js';
import { auditRoadmap, editableRoadmap, insertRoadmap, loadRoadmap } from './service.js';

/** The coordinator publishes a template to its municipality's schools, or takes it back. */
export async function setTemplatePublished(db: Kysely<Database>, actor: Actor, id: number, published: boolean): Promise<void> {
  const roadmap = await editableRoadmap(db, actor, id);
  if (roadmap.kind !== 'template') throw new ConflictError('Публикуется шаблон дорожной карты школы, а не план.');
  if ((roadmap.published_at !== null) === published) return;
  if (published) {
    if (!(await hasActivities(db, id))) throw new ConflictError('В шаблоне нет ни одного мероприятия: школам нечего брать.');
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('roadmaps')
      .set({ published_at: published ? new Date() : null })
      .where('id', '=', id)
      .execute();
    await auditRoadmap(trx, actor, roadmap, {
      action: published ? 'publish' : 'unpublish',
      entityType: 'roadmap',
      entityId: id,
      changedFields: ['published_at'],
    });
  });
}

/**
 * A curator creates its school's roadmap from a published template: every section and item is
 * copied with a link to its template row (the coordinator's matrix follows it), all in one
 * transaction. A school that already has a roadmap from this template gets that one back.
 */
export async function createFromTemplate(
  db: Kysely<Database>,
  actor: Actor,
  templateId: number,
): Promise<{ id: number; created: boolean }> {
  const template = await loadRoadmap(db, actor, templateId);
  if (!canUseTemplate(actor.user, template)) throw new ForbiddenError('Дорожную карту по шаблону создаёт куратор школы.');
  const schoolId = actor.user.organizationId;
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('roadmaps')
      .select('id')
      .where('organization_id', '=', schoolId)
      .where('template_id', '=', templateId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (existing) return { id: existing.id, created: false };
    const id = await insertRoadmap(trx, actor, schoolId, {
      title: template.title,
      period_from: template.period_from,
      period_to: template.period_to,
      order_number: null,
      order_date: null,
    });
    await trx.updateTable('roadmaps').set({ template_id: templateId }).where('id', '=', id).execute();
    await copyTemplateRows(trx, templateId, id);
    const school = await trx
      .selectFrom('organizations')
      .select(['id', 'municipality_id'])
      .where('id', '=', schoolId)
      .executeTakeFirstOrThrow();
    await auditRoadmap(
      trx,
      actor,
      { id, organization_id: school.id, municipality_id: school.municipality_id },
      {
        action: 'import',
        entityType: 'roadmap',
        entityId: id,
        changedFields: ['items', 'template_id'],
      },
    );
    return { id, created: true };
  });
}

/**
 * Copies every section and item of a template into a new school roadmap (the caller's
 * transaction), each linked to its template row; positions keep the template's order.
 */
export async function copyTemplateRows(trx: Transaction<Database>, templateId: number, roadmapId: number): Promise<void> {
  const rows = await trx
    .selectFrom('roadmap_items')
    .selectAll()
    .where('roadmap_id', '=', templateId)
    .orderBy('position')
    .orderBy('id')
    .execute();
  const newIds = new Map<number, number>();
  // Sections first, so that items find their new parents.
  for (const r of [...rows.filter((x) => x.kind === 'section'), ...rows.filter((x) => x.kind === 'item')]) {
    const copy = await trx
      .insertInto('roadmap_items')
      .values({
        roadmap_id: roadmapId,
        parent_id: r.parent_id === null ? null : (newIds.get(r.parent_id) ?? null),
        kind: r.kind,
        number: r.number,
        position: r.position,
        activity: r.activity,
        result: r.result,
        expected: r.expected,
        deadline_text: r.deadline_text,
        deadline: r.deadline === null ? null : JSON.stringify(r.deadline),
        responsible: r.responsible,
        responsible_links: r.responsible_links,
        template_item_id: r.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    newIds.set(r.id, copy.id);
  }
}
