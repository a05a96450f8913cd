import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { recordAudit } from '../audit/service.js';

/** The portal's own act: no user, no address. */
const PORTAL = { userId: null, ip: null };

/**
 * Sessions past their expiry. Until now one was removed only when its cookie was presented again
 * (auth/sessions.ts); a session nobody presents stayed forever.
 */
export async function removeExpiredSessions(db: Kysely<Database>, now: Date): Promise<{ removed: number }> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    const removed = Number(result.numDeletedRows);
    if (removed > 0) {
      await recordAudit(trx, PORTAL, {
        action: 'delete',
        entityType: 'session',
        entityId: null,
        organizationId: null,
        municipalityId: null,
      });
    }
    return { removed };
  });
}

/**
 * Checked import files (people/import.ts) nobody confirmed within their life: they hold personal
 * data of a file that never entered the base. Applied batches are kept (they hold no rows then).
 */
export async function removeStaleImportBatches(db: Kysely<Database>, now: Date, lifeHours: number): Promise<{ removed: number }> {
  const before = new Date(now.getTime() - lifeHours * 3_600_000);
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .deleteFrom('import_batches')
      .where('applied_at', 'is', null)
      .where('created_at', '<', before)
      .returning(['id', 'organization_id'])
      .execute();
    // One line per school in the log, so that each municipality's coordinator sees its own.
    const schools = [...new Set(rows.map((r) => r.organization_id))];
    if (schools.length) {
      const parents = await trx
        .selectFrom('organizations')
        .select(['id', 'municipality_id'])
        .where('id', 'in', schools)
        .execute();
      for (const school of parents) {
        await recordAudit(trx, PORTAL, {
          action: 'delete',
          entityType: 'import_batch',
          entityId: null,
          organizationId: school.id,
          municipalityId: school.municipality_id,
        });
      }
    }
    return { removed: rows.length };
  });
}

/** Set-password links (invitations and resets) past their expiry, used or not: they open nothing any more. */
export async function removeExpiredPasswordLinks(
  db: Kysely<Database>,
  now: Date,
): Promise<{ removed: number; emailLinks: number }> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('password_tokens').where('expires_at', '<=', now).executeTakeFirst();
    const removed = Number(result.numDeletedRows);
    if (removed > 0) {
      await recordAudit(trx, PORTAL, {
        action: 'delete',
        entityType: 'password_token',
        entityId: null,
        organizationId: null,
        municipalityId: null,
      });
    }
    // The links that confirm an e-mail address (migration 0020), used or not, once expired.
    const links = await trx.deleteFrom('email_confirmations').where('expires_at', '<=', now).executeTakeFirst();
    const emailLinks = Number(links.numDeletedRows);
    if (emailLinks > 0) {
      await recordAudit(trx, PORTAL, {
        action: 'delete',
        entityType: 'email_confirmation',
        entityId: null,
        organizationId: null,
        municipalityId: null,
      });
    }
    return { removed, emailLinks };
  });
}
