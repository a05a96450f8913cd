import type { Kysely } from 'kysely';
import { canManageTag, tagKeeperMunicipalityOf } from '../../access/policy.js';
import type { Database, Tag } from '../../db/types.js';
import { ForbiddenError, NotFoundError } from '../../http/errors.js';
import type { FieldErrors } from '../../http/forms.js';
import { type Actor, auditActor, recordAudit } from '../audit/service.js';
import { findTag, listTags, nameTaken } from './queries.js';

/** The municipality whose district-wide lists (competencies of mentors, requests of mentees) the actor keeps; others: 403. */
function municipalityOf(actor: Actor): number {
  const municipalityId = tagKeeperMunicipalityOf(actor.user);
  if (municipalityId === null) throw new ForbiddenError('Справочники муниципалитета ведёт методический центр.');
  return municipalityId;
}

/** The lists of the actor's municipality. */
export function tagList(db: Kysely<Database>, actor: Actor): Promise<Tag[]> {
  municipalityOf(actor);
  return listTags(db, actor.user);
}

export type TagResult = { ok: true } | { ok: false; errors: FieldErrors };

export async function createTag(db: Kysely<Database>, actor: Actor, kind: Tag['kind'], name: string): Promise<TagResult> {
  const municipalityId = municipalityOf(actor);
  if (await nameTaken(db, municipalityId, kind, name, null))
    return { ok: false, errors: { name: `«${name}» уже есть в списке` } };
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('tags')
      .values({ municipality_id: municipalityId, kind, name })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, auditActor(actor), {
      action: 'create',
      entityType: 'tag',
      entityId: row.id,
      organizationId: municipalityId,
      municipalityId,
      changedFields: ['name'],
    });
  });
  return { ok: true };
}

/** A tag of the actor's municipality: 404 for another municipality's. */
export async function ownTag(db: Kysely<Database>, actor: Actor, id: number): Promise<Tag> {
  municipalityOf(actor);
  const tag = await findTag(db, actor.user, id);
  if (!tag || !canManageTag(actor.user, tag)) throw new NotFoundError();
  return tag;
}

export async function renameTag(db: Kysely<Database>, actor: Actor, id: number, name: string): Promise<TagResult> {
  const tag = await ownTag(db, actor, id);
  if (tag.name === name) return { ok: true };
  if (await nameTaken(db, tag.municipality_id, tag.kind, name, id))
    return { ok: false, errors: { name: `«${name}» уже есть в списке` } };
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('tags').set({ name }).where('id', '=', id).execute();
    await recordAudit(trx, auditActor(actor), {
      action: 'update',
      entityType: 'tag',
      entityId: id,
      organizationId: tag.municipality_id,
      municipalityId: tag.municipality_id,
      changedFields: ['name'],
    });
  });
  return { ok: true };
}

/** A retired value stays on the people who have it, but is no longer offered. */
export async function setTagActive(db: Kysely<Database>, actor: Actor, id: number, active: boolean): Promise<void> {
  const tag = await ownTag(db, actor, id);
  if (tag.is_active === active) return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('tags').set({ is_active: active }).where('id', '=', id).execute();
    await recordAudit(trx, auditActor(actor), {
      action: active ? 'activate' : 'deactivate',
      entityType: 'tag',
      entityId: id,
      organizationId: tag.municipality_id,
      municipalityId: tag.municipality_id,
      changedFields: ['is_active'],
    });
  });
}
