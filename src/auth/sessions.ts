import { type Kysely, sql } from 'kysely';
import type { Database, OrganizationType, Role } from '../db/types.js';
import { DEFAULT_TIME_ZONE } from '../lib/dates.js';
import { generateToken, hashToken } from './tokens.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
/** A session is pushed forward by another 30 days once fewer than 15 remain. */
const SESSION_RENEW_WHEN_LEFT_MS = 15 * DAY_MS;

/** The signed-in user as every request sees it. */
export interface CurrentUser {
  id: number;
  login: string;
  fullName: string;
  position: string | null;
  role: Role;
  organizationId: number;
  organizationName: string;
  organizationType: OrganizationType;
  /** The municipality the user's organisation belongs to; null for a region-level admin. */
  municipalityId: number | null;
}

/**
 * The user's municipality as it stood when the session was checked, read by the same query: its
 * name, and the state of its data (`indicator_freshness`: a version every change of the
 * municipality's data bumps, see modules/indicators/compute.ts). A page built from the
 * municipality's figures knows from it, without a query of its own, whether what it cached is current.
 */
export interface MunicipalityState {
  id: number;
  name: string;
  /** null: the municipality's figures were never counted. */
  dataVersion: string | null;
  stale: boolean;
  refreshedAt: Date | null;
  /** Its time zone, which decides its «today» (lib/dates.ts todayIso). */
  timeZone: string;
}

/** What a CurrentUser is made of: a user joined with its organisation. */
interface CurrentUserRow {
  id: number;
  login: string;
  full_name: string;
  position: string | null;
  role: Role;
  organization_id: number;
  organization_name: string;
  organization_type: OrganizationType;
  municipality_id: number | null;
}

/** A row of session_context(): the session, its user and organisation, the municipality. */
interface SessionContextRow extends CurrentUserRow {
  session_id: string;
  expires_at: Date;
  is_active: boolean;
  municipality_name: string | null;
  /** bigint: a string from pg, a number from PGlite (db/index.ts). */
  data_version: string | number | null;
  data_stale: boolean | null;
  data_refreshed_at: Date | null;
  municipality_time_zone: string | null;
  /** The user's unread notifications (migrations/0018_notifications.ts), for the header's bell. */
  unread_notifications: number;
}

export interface SessionInfo {
  id: string;
  expiresAt: Date;
  /** true when this validation renewed the expiry: the cookie must be sent again. */
  renewed: boolean;
}

export async function createSession(
  db: Kysely<Database>,
  userId: number,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const token = generateToken();
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  await db
    .insertInto('sessions')
    .values({
      id: hashToken(token),
      user_id: userId,
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, expiresAt };
}

export async function validateSessionToken(
  db: Kysely<Database>,
  token: string,
): Promise<{
  session: SessionInfo;
  user: CurrentUser;
  municipality: MunicipalityState | null;
  unreadNotifications: number;
} | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const sessionId = hashToken(token);
  // One statement with a plan kept per connection (migrations/0007_session_context.ts).
  const { rows } = await sql<SessionContextRow>`select * from session_context(${sessionId})`.execute(db);
  const row = rows[0];
  if (!row) return null;
  const now = Date.now();
  if (row.expires_at.getTime() <= now || !row.is_active) {
    await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
    return null;
  }
  let expiresAt = row.expires_at;
  let renewed = false;
  if (expiresAt.getTime() - now < SESSION_RENEW_WHEN_LEFT_MS) {
    expiresAt = new Date(now + SESSION_LIFETIME_MS);
    renewed = true;
    await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute();
  }
  return {
    session: { id: sessionId, expiresAt, renewed },
    user: currentUserOf(row),
    unreadNotifications: Number(row.unread_notifications ?? 0),
    municipality:
      row.municipality_id !== null && row.municipality_name !== null
        ? {
            id: row.municipality_id,
            name: row.municipality_name,
            dataVersion: row.data_version === null ? null : String(row.data_version),
            stale: row.data_stale ?? true,
            refreshedAt: row.data_refreshed_at,
            timeZone: row.municipality_time_zone ?? DEFAULT_TIME_ZONE,
          }
        : null,
  };
}

/** What a query over `users` joined with their `organizations` selects to make a CurrentUser. */
export const CURRENT_USER_COLUMNS = [
  'users.id',
  'users.login',
  'users.full_name',
  'users.position',
  'users.role',
  'users.organization_id',
  'organizations.short_name as organization_name',
  'organizations.type as organization_type',
  'organizations.municipality_id',
] as const;

/** The CurrentUser of a row selected with CURRENT_USER_COLUMNS, or of session_context(). */
export function currentUserOf(row: CurrentUserRow): CurrentUser {
  return {
    id: row.id,
    login: row.login,
    fullName: row.full_name,
    position: row.position,
    role: row.role,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    organizationType: row.organization_type,
    municipalityId: row.municipality_id,
  };
}

export async function invalidateSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user (password change, deactivation), except one if given. */
export async function invalidateUserSessions(db: Kysely<Database>, userId: number, exceptSessionId?: string): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '<>', exceptSessionId);
  await query.execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
}
