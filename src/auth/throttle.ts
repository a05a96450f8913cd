import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.js';

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_LOGIN = 5;
export const MAX_FAILURES_PER_IP = 20;

export function loginKey(login: string): string {
  return login.trim().toLowerCase();
}

/**
 * Whether a login attempt may be tried now. Kept in the database so that the limit holds
 * across restarts and several app instances. A successful login clears its login's count.
 * Returns the time when attempts are allowed again, or null.
 */
export async function lockedUntil(db: Kysely<Database>, login: string, ip: string, now = new Date()): Promise<Date | null> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const key = loginKey(login);
  const lastSuccess = db
    .selectFrom('login_attempts as s')
    .select(sql<Date>`max(s.attempted_at)`.as('at'))
    .where('s.login_key', '=', key)
    .where('s.succeeded', '=', true);
  const byLogin = await db
    .selectFrom('login_attempts')
    .select(['attempted_at'])
    .where('login_key', '=', key)
    .where('succeeded', '=', false)
    .where('attempted_at', '>', since)
    .where((eb) =>
      eb.or([eb(lastSuccess, 'is', null), eb('attempted_at', '>', lastSuccess)]),
    )
    .orderBy('attempted_at', 'desc')
    .limit(MAX_FAILURES_PER_LOGIN)
    .execute();
  const byIp = await db
    .selectFrom('login_attempts')
    .select(['attempted_at'])
    .where('ip', '=', ip)
    .where('succeeded', '=', false)
    .where('attempted_at', '>', since)
    .orderBy('attempted_at', 'desc')
    .limit(MAX_FAILURES_PER_IP)
    .execute();
  // Locked until the oldest of the counted failures leaves the window.
  const until: Date[] = [];
  if (byLogin.length >= MAX_FAILURES_PER_LOGIN) until.push(byLogin[byLogin.length - 1]!.attempted_at);
  if (byIp.length >= MAX_FAILURES_PER_IP) until.push(byIp[byIp.length - 1]!.attempted_at);
  if (until.length === 0) return null;
  const latest = Math.max(...until.map((d) => d.getTime()));
  return new Date(latest + THROTTLE_WINDOW_MS);
}

export async function recordAttempt(db: Kysely<Database>, login: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insertInto('login_attempts').values({ login_key: loginKey(login).slice(0, 200), ip, succeeded }).execute();
  // Old rows are useless for throttling; clearing them here keeps the table small without a cron.
  await db
    .deleteFrom('login_attempts')
    .where('attempted_at', '<', new Date(Date.now() - 24 * 60 * 60 * 1000))
    .execute();
}
