import type { Kysely } from 'kysely';
import { tagsInScope } from '../../access/scope.js';
import type { CurrentUser } from '../../auth/sessions.js';
import type { Database, Tag } from '../../db/types.js';

/** The lists the user keeps (its municipality's), by list, the active values first. */
export function listTags(db: Kysely<Database>, user: CurrentUser): Promise<Tag[]> {
  return db
    .selectFrom('tags')
    .selectAll()
    .where(tagsInScope(user))
    .orderBy('kind')
    .orderBy('is_active', 'desc')
    .orderBy('name')
    .execute();
}

/** One value of the lists the user keeps, or undefined (404). */
export function findTag(db: Kysely<Database>, user: CurrentUser, id: number): Promise<Tag | undefined> {
  return db.selectFrom('tags').selectAll().where('id', '=', id).where(tagsInScope(user)).executeTakeFirst();
}

/** Whether the municipality's list already has this name (case ignored), other than `exceptId`. */
export async function nameTaken(
  db: Kysely<Database>,
  municipalityId: number,
  kind: Tag['kind'],
  name: string,
  exceptId: number | null,
): Promise<boolean> {
  let q = db
    .selectFrom('tags')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('kind', '=', kind)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId !== null) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Who keeps the municipality's lists (its coordinators' active accounts), with their contacts: whom a curator asks to add a value. */
export function listKeepersOf(db: Kysely<Database>, municipalityId: number) {
  return db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.full_name', 'users.email', 'users.phone'])
    .where('users.role', '=', 'coordinator')
    .where('users.is_active', '=', true)
    .where('organizations.municipality_id', '=', municipalityId)
    .orderBy('users.full_name')
    .execute();
}
