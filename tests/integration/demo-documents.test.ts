import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/** The demo's register of the schools' documents (seeds/documents.ts) as seedDemo creates it. */

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  app = await createTestApp(database);
}, 240_000);
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('demo documents', () => {
  it('documents of several kinds and states; each recorded order fixing pairs is in the register', async () => {
    const rows = await database.db.selectFrom('school_documents').select(['type', 'status', 'pair_order_id']).execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['draft', 'active', 'void']));
    expect(new Set(rows.map((r) => r.type)).size).toBeGreaterThanOrEqual(8);
    const orders = await database.db.selectFrom('pair_orders').select('id').execute();
    expect(orders.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.pair_order_id !== null)).toHaveLength(orders.length);
  });

  it('the curator reads its register; the coordinator the matrix with complete and incomplete schools', async () => {
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const list = textOf((await curator.get('/documents')).body);
    expect(list).toContain('Приказ о внедрении целевой модели наставничества');
    expect(list).toContain('утратил силу');
    expect(list).toContain('черновик');
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const matrix = await coordinator.get('/documents/matrix');
    expect(matrix.statusCode).toBe(200);
    const text = textOf(matrix.body);
    expect(text).toMatch(/Полный комплект действующих документов — у [1-7] из 8 школ/);
    expect(text).toContain('✗ нет');
    expect(text).toContain('◐ черновик');
  });

  it('the minor’s consent is the curator’s and the coordinator’s to read, not the head’s', async () => {
    const consent = await database.db
      .selectFrom('school_documents')
      .select('id')
      .where('type', '=', 'consent')
      .where('mentee_id', 'is not', null)
      .executeTakeFirstOrThrow();
    for (const [login, status] of [
      ['curator', 200],
      ['coordinator', 200],
      ['head', 404],
      ['department', 404],
    ] as const) {
      const client = await signedIn(app, login, DEMO_PASSWORD);
      expect((await client.get(`/documents/${consent.id}`)).statusCode, login).toBe(status);
    }
  });
});
