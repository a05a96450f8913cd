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

  it('the centre’s agreement: the Положение agreed, a draft order waiting in the coordinator’s list, a returned one in the matrix', async () => {
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const list = await coordinator.get('/centre-agreements');
    expect(list.statusCode).toBe(200);
    const text = textOf(list.body);
    expect(text).toContain('О назначении наставников на 2026/27 учебный год');
    expect(text).toContain('Примечание школы: Проект приказа на 2026/27 учебный год');
    expect(textOf((await coordinator.get('/')).body)).toContain('Школы отправили на согласование и ждут вашего ответа');
    const matrix = textOf((await coordinator.get('/documents/matrix')).body);
    expect(matrix).toContain('⧗ ждёт согласования');
    expect(matrix).toContain('↩ возвращено');

    const regulation = await database.db
      .selectFrom('centre_agreements')
      .select('object_id')
      .where('object_type', '=', 'document')
      .where('outcome', '=', 'agreed')
      .executeTakeFirstOrThrow();
    const curator = await signedIn(app, 'curator', DEMO_PASSWORD);
    const page = textOf((await curator.get(`/documents/${regulation.object_id}`)).body);
    expect(page).toContain('Состояние: согласован методическим центром (25.08.2023');
    // The demo school has more than 50 people: «Кого касается» is a search.
    const form = await curator.get('/documents/new');
    expect(form.body).toContain('name="concerns_q"');
    const department = await signedIn(app, 'department', DEMO_PASSWORD);
    expect(textOf((await department.get('/centre-agreements/order')).body)).toContain(
      'Документ «Положение о системе наставничества педагогических работников», согласован 25.08.2023',
    );
  });
});
