import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import { CURRENT_USER_COLUMNS, type CurrentUser, currentUserOf } from '../../src/auth/sessions.js';
import type { Database } from '../../src/db/types.js';

/** Every account of the database as the portal sees it signed in. */
export async function everyUser(db: Kysely<Database>): Promise<CurrentUser[]> {
  const rows = await db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(CURRENT_USER_COLUMNS)
    .orderBy('users.id')
    .execute();
  return rows.map(currentUserOf);
}

/**
 * For every user and row, `can` says yes exactly when `filtered` returns the row's id; returns how
 * many (user, row) were allowed, so that a test can tell it did not agree on «no» alone.
 */
export async function expectAgreement<Row extends { id: number }>(
  db: Kysely<Database>,
  rows: Row[],
  can: (user: CurrentUser, row: Row) => boolean,
  filtered: (user: CurrentUser) => Promise<Array<{ id: number }>>,
): Promise<number> {
  const mismatches: string[] = [];
  let allowed = 0;
  for (const user of await everyUser(db)) {
    const returned = new Set((await filtered(user)).map((r) => r.id));
    for (const row of rows) {
      const yes = can(user, row);
      if (yes) allowed++;
      if (yes !== returned.has(row.id)) mismatches.push(`${user.login} × ${row.id}: can… ${yes}, SQL ${returned.has(row.id)}`);
    }
  }
  expect(mismatches).toEqual([]);
  return allowed;
}
