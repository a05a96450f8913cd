/**
 * What the rule «minors receive no e-mail» (access/rules/mail.ts, `mayGetEmail`) needs to know of
 * accounts: the role, and the category and birth date of the records of the bases each is linked to.
 * The mailer loads them for the recipients of a batch in one go.
 */

import type { Kysely, Transaction } from 'kysely';
import type { EmailSubject } from '../../access/policy.js';
import type { Database } from '../../db/types.js';

/** Each account's EmailSubject; ids that are no account are left out. */
export async function emailSubjectsOf(
  db: Kysely<Database> | Transaction<Database>,
  userIds: readonly number[],
): Promise<Map<number, EmailSubject>> {
  const result = new Map<number, { role: EmailSubject['role']; people: Array<EmailSubject['people'][number]> }>();
  if (userIds.length === 0) return result;
  const ids = [...new Set(userIds)];
  const users = await db.selectFrom('users').select(['id', 'role']).where('id', 'in', ids).execute();
  for (const u of users) result.set(u.id, { role: u.role, people: [] });
  const mentors = await db
    .selectFrom('mentors')
    .select(['user_id', 'category', 'birth_date'])
    .where('user_id', 'in', ids)
    .where('erased_at', 'is', null)
    .execute();
  const mentees = await db
    .selectFrom('mentees')
    .select(['user_id', 'category', 'birth_date'])
    .where('user_id', 'in', ids)
    .where('erased_at', 'is', null)
    .execute();
  const people: Array<{ user_id: number | null; category: string; birth_date: string | null }> = [...mentors, ...mentees];
  for (const p of people) {
    if (p.user_id === null) continue;
    result.get(p.user_id)?.people.push({ category: p.category, birthDate: p.birth_date });
  }
  return result;
}

/** One account's EmailSubject, or null when there is no such account. */
export async function emailSubjectOf(db: Kysely<Database> | Transaction<Database>, userId: number): Promise<EmailSubject | null> {
  return (await emailSubjectsOf(db, [userId])).get(userId) ?? null;
}
