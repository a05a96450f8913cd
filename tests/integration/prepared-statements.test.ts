import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../src/db/index.js';
import { MAX_PREPARED } from '../../src/db/prepared.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * On a PostgreSQL server each statement is prepared once per connection (src/db/prepared.ts), so
 * the server keeps its plan. Needs a server (TEST_DATABASE_URL); PGlite runs in the process.
 */
const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('prepared statements (PostgreSQL server)', () => {
  let database: TestDatabase;
  const opened: DatabaseHandle[] = [];

  /** A pool of one connection, so that every statement is seen by the same session. */
  async function oneConnection(prepare: boolean): Promise<DatabaseHandle> {
    const handle = await openDatabase({ databaseUrl: database.url!, pool: { max: 1, prepare } });
    opened.push(handle);
    return handle;
  }

  const preparedTexts = async (handle: DatabaseHandle) =>
    (await sql<{ name: string; statement: string }>`select name, statement from pg_prepared_statements`.execute(handle.db)).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    for (const handle of opened) await handle.close();
    await database.drop();
  });

  it('prepares a statement once under a name of its text and gives the same rows as without', async () => {
    const handle = await oneConnection(true);
    const plain = await oneConnection(false);
    await handle.db
      .insertInto('organizations')
      .values({ type: 'region', full_name: 'Энская область', short_name: 'Энская область' })
      .execute();
    const query = (db: DatabaseHandle['db']) =>
      db.selectFrom('organizations').select(['id', 'short_name']).where('type', '=', 'region').execute();
    const first = await query(handle.db);
    const again = await query(handle.db);
    expect(again).toEqual(first);
    expect(await query(plain.db)).toEqual(first);
    const named = (await preparedTexts(handle)).filter((s) => s.statement.includes('from "organizations"'));
    expect(named).toHaveLength(1);
    expect(named[0]!.name).toMatch(/^k_[\w-]{32}$/);
    expect(await preparedTexts(plain)).toEqual([]);
  });

  it(`keeps at most ${MAX_PREPARED} statements prepared on a connection and sends the others unnamed`, async () => {
    const handle = await oneConnection(true);
    for (let i = 0; i < MAX_PREPARED + 5; i++) {
      const { rows } = await sql<{ n: number }>`select ${sql.raw(String(i))}::int as n`.execute(handle.db);
      expect(rows).toEqual([{ n: i }]);
    }
    expect((await preparedTexts(handle)).length).toBe(MAX_PREPARED);
  });

  it('a table that changed shape fails its prepared statement once, then the text runs unnamed', async () => {
    const handle = await oneConnection(true);
    await sql`create table shape_test (a int)`.execute(handle.db);
    await sql`insert into shape_test values (1)`.execute(handle.db);
    const select = () => sql<Record<string, number | null>>`select * from shape_test`.execute(handle.db);
    expect((await select()).rows).toEqual([{ a: 1 }]);
    await sql`alter table shape_test add column b int`.execute(handle.db);
    await expect(select()).rejects.toMatchObject({ code: '0A000' });
    expect((await select()).rows).toEqual([{ a: 1, b: null }]);
  });
});
