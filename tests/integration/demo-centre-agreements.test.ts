import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { createTestApp, signedIn, textOf } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * The demo's agreements by the methodological centre (issue 17, seeds/roadmaps.ts): the demo
 * school's roadmap was agreed before its head approved it; the lyceum's, changed after its
 * approval, lost the agreement and waits for the coordinator's answer.
 */

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

async function schoolRoadmap(school: string): Promise<number> {
  const row = await database.db
    .selectFrom('roadmaps')
    .innerJoin('organizations as o', 'o.id', 'roadmaps.organization_id')
    .select('roadmaps.id')
    .where('o.short_name', '=', school)
    .where('roadmaps.kind', '=', 'plan')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('demo agreements by the centre', () => {
  it('the demo school’s roadmap: agreed, then approved by its head', async () => {
    const id = await schoolRoadmap('МБОУ «СОШ № 1»');
    const head = await signedIn(app, 'head', DEMO_PASSWORD);
    const page = textOf((await head.get(`/roadmaps/${id}`)).body);
    expect(page).toMatch(/Состояние: согласована методическим центром \(19\.08\.2022, /);
    expect(page).toContain('История согласования (1)');
    expect(page).toContain('Снять утверждение');
  });

  it('the lyceum’s roadmap waits for the coordinator’s agreement, with its curator’s note; the former agreement taken back', async () => {
    const id = await schoolRoadmap('МБОУ «Лицей № 2»');
    const coordinator = await signedIn(app, 'coordinator', DEMO_PASSWORD);
    const page = textOf((await coordinator.get(`/roadmaps/${id}`)).body);
    expect(page).toContain('Состояние: отправлена на согласование, ждёт ответа методического центра');
    expect(page).toContain('Примечание школы: Добавлен пункт 5.6');
    expect(page).toContain('Согласовать');
    expect(page).toContain('Согласование снято после изменения');
    const rows = await database.db
      .selectFrom('centre_agreements')
      .select(['outcome', 'revoked_at', 'answered_at'])
      .where('object_type', '=', 'roadmap')
      .where('object_id', '=', id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.outcome, r.revoked_at !== null, r.answered_at !== null])).toEqual([
      ['agreed', true, true],
      [null, false, false],
    ]);
  });
});
