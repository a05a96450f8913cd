import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.js';

/**
 * Counting guesses so that they cost the guesser, not the account's owner (OWASP, «Blocking brute
 * force attacks»):
 * - a login from one address: 5 attempts in 15 minutes — the guesser at that address waits, the
 *   owner elsewhere does not;
 * - a login from anywhere: 20 attempts in an hour — a guess spread over many addresses is stopped too;
 * - one address, any logins: 100 attempts in 15 minutes — a school behind one address has room;
 * - a signed-in user's current password (changing it): 5 attempts in 15 minutes.
 *
 * Each attempt takes its place in its counters before the password is checked, in one statement per
 * counter (`insert … on conflict do update … returning`): simultaneous attempts cannot all read a
 * count that none of them has raised yet. A successful attempt gives its places back. Counters live
 * in the database, so they hold across restarts and several portal instances.
 */
export interface Limit {
  key: string;
  attempts: number;
  windowMs: number;
}

const MINUTE = 60_000;

export const LIMITS = {
  loginFromAddress: { attempts: 5, windowMs: 15 * MINUTE },
  login: { attempts: 20, windowMs: 60 * MINUTE },
  address: { attempts: 100, windowMs: 15 * MINUTE },
  currentPassword: { attempts: 5, windowMs: 15 * MINUTE },
} as const;

/** A counter whose window started a day ago is of no use (the longest window is an hour). */
const KEEP_MS = 24 * 60 * MINUTE;

export function loginKey(login: string): string {
  return login.trim().toLowerCase().slice(0, 200);
}

/** The counters a login attempt passes through, in the order they are asked. */
export function loginLimits(login: string, ip: string): Limit[] {
  const who = loginKey(login);
  return [
    { key: `login+ip:${who}|${ip}`, ...LIMITS.loginFromAddress },
    { key: `login:${who}`, ...LIMITS.login },
    { key: `ip:${ip}`, ...LIMITS.address },
  ];
}

export function currentPasswordLimits(userId: number): Limit[] {
  return [{ key: `password:${userId}`, ...LIMITS.currentPassword }];
}

/**
 * Takes a place for one attempt in each counter, in order, and stops at the first that is full.
 * Returns null when the attempt may go on, or the moment the full counter's window ends.
 */
export async function takeAttempt(db: Kysely<Database>, limits: readonly Limit[]): Promise<Date | null> {
  for (const limit of limits) {
    const window = sql`${limit.windowMs} * interval '1 millisecond'`;
    const row = await sql<{ attempts: number; window_started_at: Date }>`
      insert into attempt_counters as c (key, attempts, window_started_at)
      values (${limit.key}, 1, now())
      on conflict (key) do update set
        attempts = case when c.window_started_at <= now() - ${window} then 1 else c.attempts + 1 end,
        window_started_at = case when c.window_started_at <= now() - ${window} then now() else c.window_started_at end
      returning attempts, window_started_at`.execute(db);
    const counter = row.rows[0];
    if (counter && counter.attempts > limit.attempts)
      return new Date(new Date(counter.window_started_at).getTime() + limit.windowMs);
  }
  return null;
}

/**
 * After a success: the per-login counters start again, and the address gets its place back (its
 * other users' failures still count).
 */
export async function giveBackAttempt(db: Kysely<Database>, limits: readonly Limit[]): Promise<void> {
  const personal = limits.filter((l) => !l.key.startsWith('ip:')).map((l) => l.key);
  const shared = limits.filter((l) => l.key.startsWith('ip:'));
  if (personal.length > 0) await db.deleteFrom('attempt_counters').where('key', 'in', personal).execute();
  for (const limit of shared) {
    await db
      .updateTable('attempt_counters')
      .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
      .where('key', '=', limit.key)
      .where('attempts', '>', 0)
      .execute();
  }
}

/** Clears counters whose window ended long ago (called after a failed attempt; cheap, indexed). */
export async function forgetOldAttempts(db: Kysely<Database>): Promise<void> {
  await db
    .deleteFrom('attempt_counters')
    .where('window_started_at', '<', new Date(Date.now() - KEEP_MS))
    .execute();
}
